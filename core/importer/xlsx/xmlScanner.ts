/**
 * A small, strict, streaming XML tokenizer for the parts of an .xlsx. Text is pushed in chunks
 * as it is inflated; elements and text are reported as they complete, so no part is ever held
 * whole. It checks what a well-formed part must be (one root, tags that nest and close, valid
 * entities) and refuses what an .xlsx never holds (a DOCTYPE: entity expansion is how XML bombs
 * work). Namespace prefixes are dropped from element and attribute names: the .NET OpenXML SDK
 * writes `<x:row>`, Excel writes `<row>`, and both mean the same element.
 *
 * Any breach throws `XmlError`, which the reader thread reports as an unreadable file.
 */

export class XmlError extends Error {}

/** What a part's reader does with the elements and text of its part. */
export interface XmlHandler {
  /**
   * An element starts. `attrs` (prefixes dropped from names) is reused once the call returns.
   * A self-closing element is followed by `close`.
   */
  open(name: string, attrs: Attributes): void;
  close(name: string): void;
  /** Character data, entities decoded (CDATA as it is). May come in several pieces. */
  text(value: string): void;
}

/** The longest tag or text node accepted: far above Excel's 32,767-character cell. */
export const MAX_TOKEN = 1 << 20;
const MAX_DEPTH = 256;

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const QUOTE = 0x22;
const APOS = 0x27;
const EQUALS = 0x3d;
const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
/** Characters that end a name, or may not be in one. */
const endsName = (c: number) => isSpace(c) || c === GT || c === SLASH || c === EQUALS || c === LT;

const localName = (qualified: string) => {
  const colon = qualified.indexOf(':');
  return colon < 0 ? qualified : qualified.slice(colon + 1);
};

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(raw: string): string {
  if (raw.indexOf('&') < 0) return raw;
  return raw.replace(/&([^;&<]*);|&/g, (match, body: string | undefined) => {
    if (body === undefined) throw new XmlError('"&" without an entity');
    if (body[0] === '#') {
      const code = body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      const digits = body[1] === 'x' ? /^#x[0-9a-fA-F]+$/ : /^#[0-9]+$/;
      if (!digits.test(body) || !validCodePoint(code)) throw new XmlError(`bad character reference ${match}`);
      return String.fromCodePoint(code);
    }
    const value = PREDEFINED[body];
    if (value === undefined) throw new XmlError(`unknown entity ${match}`);
    return value;
  });
}

const validCodePoint = (c: number) =>
  c === 0x9 ||
  c === 0xa ||
  c === 0xd ||
  (c >= 0x20 && c <= 0xd7ff) ||
  (c >= 0xe000 && c <= 0xfffd) ||
  (c >= 0x10000 && c <= 0x10ffff);

/** XML's end-of-line handling: every CR LF and lone CR reads as LF. */
const normaliseLines = (raw: string) => (raw.indexOf('\r') < 0 ? raw : raw.replace(/\r\n?/g, '\n'));

/** Text content: line ends normalised, then entities decoded. */
export const decodeText = (raw: string) => decodeEntities(normaliseLines(raw));

/** An attribute value: line ends normalised, each whitespace character read as a space. */
function decodeAttribute(raw: string): string {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0x26 || c === 0x09 || c === 0x0a || c === 0x0d)
      return decodeEntities(normaliseLines(raw).replace(/[\t\n]/g, ' '));
  }
  return raw;
}

/** An element's attributes, decoded only when asked for (most are never read). */
export class Attributes {
  private names: string[] = [];
  private values: string[] = [];
  private count = 0;

  get(name: string): string | undefined {
    for (let i = 0; i < this.count; i++) if (this.names[i] === name) return decodeAttribute(this.values[i]!);
    return undefined;
  }

  /** Every value of `name`: two namespaces may use one local name (office: and calcext:value-type). */
  getAll(name: string): string[] {
    const values: string[] = [];
    for (let i = 0; i < this.count; i++)
      if (this.names[i] === name) values.push(decodeAttribute(this.values[i]!));
    return values;
  }

  clear(): void {
    this.count = 0;
  }

  add(name: string, raw: string): void {
    this.names[this.count] = name;
    this.values[this.count++] = raw;
  }
}

export class XmlScanner {
  private buffer = '';
  /** The open elements' names as written, and as the handler sees them (prefix dropped). */
  private stack: string[] = [];
  private localStack: string[] = [];
  private rootSeen = false;
  private readonly attrs = new Attributes();

  constructor(private readonly handler: XmlHandler) {}

  /** Feeds the next piece of the part's text. */
  push(chunk: string): void {
    this.buffer = this.buffer.length ? this.buffer + chunk : chunk;
    const consumed = this.scan();
    this.buffer = consumed === this.buffer.length ? '' : this.buffer.slice(consumed);
    if (this.buffer.length > MAX_TOKEN) throw new XmlError('a single tag or text is too long');
  }

  /** The part ended: everything opened must have been closed. */
  end(): void {
    const rest = this.buffer.slice(this.scan());
    if (rest.trim() !== '') throw new XmlError('the part ends inside a tag or with text');
    if (!this.rootSeen || this.stack.length) throw new XmlError('the part ends before its root closes');
  }

  /** Reads every complete token in the buffer; answers where the unread rest begins. */
  private scan(): number {
    const b = this.buffer;
    let at = 0;
    while (at < b.length) {
      const lt = b.indexOf('<', at);
      if (lt < 0) break; // text whose end has not arrived
      if (lt > at) this.onText(b.slice(at, lt));
      const next = b.charCodeAt(lt + 1);
      let end: number;
      if (Number.isNaN(next)) return lt;
      if (next === SLASH) end = this.closeTag(b, lt);
      else if (next === 0x3f /* ? */) end = this.skipPast(b, lt, '?>');
      else if (next === 0x21 /* ! */) end = this.declaration(b, lt);
      else end = this.openTag(b, lt);
      if (end < 0) return lt;
      at = end;
    }
    return at;
  }

  private onText(raw: string): void {
    if (!this.stack.length) {
      if (raw.trim() !== '') throw new XmlError('text outside the root element');
      return;
    }
    this.handler.text(decodeText(raw));
  }

  private skipPast(b: string, from: number, terminator: string): number {
    const at = b.indexOf(terminator, from);
    return at < 0 ? -1 : at + terminator.length;
  }

  private declaration(b: string, lt: number): number {
    if (b.startsWith('<!--', lt)) return this.skipPast(b, lt + 4, '-->');
    if (b.startsWith('<![CDATA[', lt)) {
      const end = b.indexOf(']]>', lt + 9);
      if (end < 0) return -1;
      if (!this.stack.length) throw new XmlError('CDATA outside the root element');
      this.handler.text(normaliseLines(b.slice(lt + 9, end)));
      return end + 3;
    }
    if (b.length < lt + 9) return -1; // not yet known which declaration this is
    // A DOCTYPE is how entity bombs and external entities get in; no spreadsheet part has one.
    throw new XmlError('a DOCTYPE or unknown declaration');
  }

  private closeTag(b: string, lt: number): number {
    const gt = b.indexOf('>', lt + 2);
    if (gt < 0) return -1;
    const open = this.stack.pop();
    // Compared in place: no copy of the name for every closing tag.
    if (open === undefined || !b.startsWith(open, lt + 2) || b.slice(lt + 2 + open.length, gt).trim() !== '')
      throw new XmlError(`</${b.slice(lt + 2, Math.min(gt, lt + 60))}> closes <${open ?? ''}>`);
    this.handler.close(this.localStack.pop()!);
    return gt + 1;
  }

  private openTag(b: string, lt: number): number {
    let i = lt + 1;
    let colon = -1;
    for (; i < b.length; i++) {
      const c = b.charCodeAt(i);
      if (endsName(c)) break;
      if (c === 0x3a && colon < 0) colon = i;
    }
    if (i >= b.length) return -1;
    const name = b.slice(lt + 1, i);
    if (!name) throw new XmlError('a tag without a name');
    const local = colon < 0 ? name : b.slice(colon + 1, i);
    const attrs = this.attrs;
    attrs.clear();
    for (;;) {
      while (i < b.length && isSpace(b.charCodeAt(i))) i++;
      if (i >= b.length) return -1;
      const c = b.charCodeAt(i);
      if (c === GT || c === SLASH) break;
      const start = i;
      while (i < b.length && !endsName(b.charCodeAt(i))) i++;
      const attribute = b.slice(start, i);
      while (i < b.length && isSpace(b.charCodeAt(i))) i++;
      if (i >= b.length) return -1;
      if (!attribute || b.charCodeAt(i) !== EQUALS) throw new XmlError(`a malformed attribute in <${name}>`);
      i++;
      while (i < b.length && isSpace(b.charCodeAt(i))) i++;
      if (i >= b.length) return -1;
      const quote = b.charCodeAt(i);
      if (quote !== QUOTE && quote !== APOS) throw new XmlError(`an unquoted attribute in <${name}>`);
      const close = b.indexOf(quote === QUOTE ? '"' : "'", i + 1);
      if (close < 0) return -1;
      const raw = b.slice(i + 1, close);
      if (raw.indexOf('<') >= 0) throw new XmlError(`"<" in an attribute of <${name}>`);
      if (!attribute.startsWith('xmlns')) attrs.add(localName(attribute), raw);
      i = close + 1;
      const after = b.charCodeAt(i);
      if (i < b.length && !isSpace(after) && after !== GT && after !== SLASH)
        throw new XmlError(`attributes run together in <${name}>`);
    }
    const selfClosing = b.charCodeAt(i) === SLASH;
    if (selfClosing) {
      if (i + 1 >= b.length) return -1;
      if (b.charCodeAt(i + 1) !== GT) throw new XmlError(`a malformed end of <${name}>`);
      i++;
    }
    if (!this.stack.length && this.rootSeen) throw new XmlError('a second root element');
    if (this.stack.length >= MAX_DEPTH) throw new XmlError('elements nested too deep');
    this.rootSeen = true;
    this.handler.open(local, attrs);
    if (selfClosing) this.handler.close(local);
    else {
      this.stack.push(name);
      this.localStack.push(local);
    }
    return i + 1;
  }
}

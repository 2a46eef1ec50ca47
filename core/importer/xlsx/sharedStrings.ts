import { XmlError, type XmlHandler } from './xmlScanner.ts';

/** The longest text kept while reading one string: the same order as the scanner's token cap. */
export const MAX_STRING = 1 << 20;

/** Strings joined into one block: a cell finds its string's block by a shift, not a search. */
const BLOCK_SHIFT = 12;
const BLOCK_SIZE = 1 << BLOCK_SHIFT;

/**
 * The shared strings table (xl/sharedStrings.xml), index -> text, kept compact: every distinct
 * text of the file is in it (230,000 strings for a 100,000-row DTKS file) and it lives as long
 * as the sheet is read. Each run of 4,096 strings is joined into one string, and an array of
 * small integers holds where each string ends in its block; a cell's text is cut from its block
 * when the cell is read. A string apiece would cost a header each, and a text sliced from the
 * XML keeps the whole 64 KB chunk it came from alive: 15 MB of the reader's heap for that file,
 * against 5 MB joined. A block holding one character beyond Latin-1 takes two bytes a
 * character, but only that block. The ends stay on the heap (not in a Uint32Array, half their
 * size): a crafted part of 80 million empty strings must meet the reader's heap limit, which
 * memory outside the heap escapes.
 */
export class SharedStrings {
  constructor(
    private readonly blocks: readonly string[],
    /** String i ends at ends[i] in its block, and starts where string i - 1 ended (or at 0). */
    private readonly ends: readonly number[],
  ) {}

  /** String `index`'s text; undefined for an empty string, or an index the table does not have. */
  at(index: number): string | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.ends.length) return undefined;
    const start = index % BLOCK_SIZE === 0 ? 0 : this.ends[index - 1]!;
    const end = this.ends[index]!;
    return start === end ? undefined : this.blocks[index >>> BLOCK_SHIFT]!.slice(start, end);
  }
}

/**
 * Reads the shared strings part into a `SharedStrings`. A string is the text of its <t>
 * elements, plain or in rich-text runs (<r><t>), in order; phonetic readings (<rPh><t>,
 * Japanese furigana) are not part of the text the user sees and are left out.
 */
export class SharedStringsReader implements XmlHandler {
  private readonly blocks: string[] = [];
  private readonly ends: number[] = [];
  /** The strings of the block being filled, and their length so far. */
  private pending: string[] = [];
  private pendingLength = 0;
  private current = '';
  private inT = false;
  private inPhonetic = false;

  open(name: string): void {
    if (name === 'si') this.current = '';
    else if (name === 'rPh') this.inPhonetic = true;
    else if (name === 't' && !this.inPhonetic) this.inT = true;
  }

  close(name: string): void {
    if (name === 'si') this.add(this.current);
    else if (name === 'rPh') this.inPhonetic = false;
    else if (name === 't') this.inT = false;
  }

  text(value: string): void {
    if (!this.inT) return;
    this.current += value;
    if (this.current.length > MAX_STRING) throw new XmlError('a shared string is too long');
  }

  /** The table of the strings read (the part read whole, or no part at all). */
  table(): SharedStrings {
    this.joinPending();
    return new SharedStrings(this.blocks, this.ends);
  }

  private add(text: string): void {
    this.pending.push(text);
    this.pendingLength += text.length;
    this.ends.push(this.pendingLength);
    if (this.ends.length % BLOCK_SIZE === 0) this.joinPending();
  }

  /** One flat string for the pending ones: their text copied out of the XML chunks it came in. */
  private joinPending(): void {
    if (!this.pending.length) return;
    this.blocks.push(this.pending.join(''));
    this.pending = [];
    this.pendingLength = 0;
  }
}

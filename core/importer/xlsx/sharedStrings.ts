import { XmlError, type XmlHandler } from './xmlScanner.ts';

/** The longest text kept while reading one string: the same order as the scanner's token cap. */
export const MAX_STRING = 1 << 20;

/**
 * The shared strings table (xl/sharedStrings.xml), kept as a plain array: index -> text, or null
 * for an empty string. A string is the text of its <t> elements, plain or in rich-text runs
 * (<r><t>), in order; phonetic readings (<rPh><t>, Japanese furigana) are not part of the text
 * the user sees and are left out.
 */
export class SharedStrings implements XmlHandler {
  readonly strings: (string | null)[] = [];
  private current = '';
  private inT = false;
  private inPhonetic = false;

  open(name: string): void {
    if (name === 'si') this.current = '';
    else if (name === 'rPh') this.inPhonetic = true;
    else if (name === 't' && !this.inPhonetic) this.inT = true;
  }

  close(name: string): void {
    if (name === 'si') this.strings.push(this.current === '' ? null : this.current);
    else if (name === 'rPh') this.inPhonetic = false;
    else if (name === 't') this.inT = false;
  }

  text(value: string): void {
    if (!this.inT) return;
    this.current += value;
    if (this.current.length > MAX_STRING) throw new XmlError('a shared string is too long');
  }
}

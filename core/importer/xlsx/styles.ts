import type { Attributes, XmlHandler } from './xmlScanner.ts';

/**
 * Which cell styles show a number as a date (xl/styles.xml): a cell's `s=` is an index into
 * <cellXfs>, whose numFmtId names a built-in format or one of the file's own <numFmts>.
 */

/**
 * Built-in formats that are dates or times. Excel's own 14-22 and 45-47; 27-36 and 50-58 are the
 * East Asian locales' date formats, which their files write without a format code.
 */
const BUILT_IN_DATES = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54,
  55, 56, 57, 58,
]);

/**
 * Whether a format code shows a date or time: a d, m, y, h, s (or b, the Buddhist year) outside
 * quoted text, [brackets] (colours, locales, elapsed-time units), \escaped characters and the
 * _x/*x padding pairs. So "d \"de\" mmmm" is a date and "#,##0 \"hari\"" is not. As exceljs,
 * an elapsed time such as [h]:mm counts as one too (its mm is outside the brackets).
 */
export function isDateFormat(code: string): boolean {
  const bare = code.replace(/"[^"]*"|\[[^\]]*\]|\\.|[_*]./g, '');
  return /[dmyhsb]/i.test(bare);
}

/** Whether a number format (a built-in id, or the file's own code for it) shows a date. */
export const formatIsDate = (id: number, code: string | undefined): boolean =>
  code === undefined ? BUILT_IN_DATES.has(id) : isDateFormat(code);

export class DateStyles implements XmlHandler {
  /** By cellXfs index: whether a number in that style is a date. */
  readonly dates: boolean[] = [];
  private readonly customFormats = new Map<number, string>();
  private readonly xfFormats: number[] = [];
  private inCellXfs = false;

  open(name: string, attrs: Attributes): void {
    if (name === 'numFmt') {
      const id = Number(attrs.get('numFmtId'));
      this.customFormats.set(id, attrs.get('formatCode') ?? '');
    } else if (name === 'cellXfs') this.inCellXfs = true;
    else if (name === 'xf' && this.inCellXfs) this.xfFormats.push(Number(attrs.get('numFmtId') ?? 0));
  }

  close(name: string): void {
    if (name === 'cellXfs') this.inCellXfs = false;
    else if (name === 'styleSheet') {
      for (const id of this.xfFormats) this.dates.push(formatIsDate(id, this.customFormats.get(id)));
    }
  }

  text(): void {}
}

import { posix } from 'node:path';
import type { Inflated, ZipPart } from '../zip.ts';
import { isSheet } from '../zip.ts';
import { scanPart } from './partText.ts';
import { SharedStringsReader, type SharedStrings } from './sharedStrings.ts';
import { DateStyles } from './styles.ts';
import type { Attributes, XmlHandler } from './xmlScanner.ts';

/**
 * What every sheet of a workbook needs before its first row: the sheets' names and parts (from
 * xl/workbook.xml and its relations), the shared strings, the date styles and the date system.
 */
export interface Workbook {
  /** In the order the workbook lists them, then any sheet part it does not list. */
  sheets: WorkbookSheet[];
  sharedStrings: SharedStrings;
  /** By cell style index: a number in that style is a date. */
  dateStyles: readonly boolean[];
  /** Serial numbers count from 1904 (old Mac Excel) rather than 1900. */
  date1904: boolean;
}

export interface WorkbookSheet {
  name: string;
  part: ZipPart;
  /** Its size once inflated, as measured when the zip was checked. */
  bytes: number;
  /** Hidden in Excel (state="hidden" or "veryHidden"): a clerk never sees it. */
  hidden: boolean;
}

class WorkbookPart implements XmlHandler {
  sheets: { name: string; relation: string; hidden: boolean }[] = [];
  date1904 = false;
  open(name: string, attrs: Attributes): void {
    if (name === 'sheet')
      this.sheets.push({
        name: attrs.get('name') ?? '',
        relation: attrs.get('id') ?? '',
        hidden: /hidden/i.test(attrs.get('state') ?? ''),
      });
    else if (name === 'workbookPr') {
      const value = attrs.get('date1904');
      this.date1904 = value === '1' || value === 'true';
    }
  }
  close(): void {}
  text(): void {}
}

class Relations implements XmlHandler {
  readonly byId = new Map<string, { target: string; type: string }>();
  open(name: string, attrs: Attributes): void {
    if (name !== 'Relationship' || attrs.get('TargetMode') === 'External') return;
    this.byId.set(attrs.get('Id') ?? '', {
      target: attrs.get('Target') ?? '',
      type: attrs.get('Type') ?? '',
    });
  }
  close(): void {}
  text(): void {}
}

/** A relation's target as a part name: relative to xl/, or absolute from the package root. */
const partNameOf = (target: string) =>
  target.startsWith('/') ? posix.normalize(target).slice(1) : posix.normalize(posix.join('xl', target));

/** An orphan sheet part (not in the workbook) is named as Excel numbers sheets. */
function orphanName(part: ZipPart, index: number): string {
  const number = /sheet(\d+)\.xml$/.exec(part.name)?.[1];
  return `Sheet${number ?? index + 1}`;
}

export async function readWorkbook(
  path: string,
  parts: ZipPart[],
  inflated: Map<string, Inflated>,
): Promise<Workbook> {
  const byName = new Map(parts.map((p) => [p.name.toLowerCase(), p]));
  const find = (name: string) => byName.get(name.toLowerCase());
  const sizeOf = (part: ZipPart) => inflated.get(part.name)?.bytes ?? 0;
  const scan = async (part: ZipPart | undefined, handler: XmlHandler) => {
    if (part) await scanPart(path, part, sizeOf(part), handler);
  };
  const book = new WorkbookPart();
  await scan(find('xl/workbook.xml'), book);
  const relations = new Relations();
  await scan(find('xl/_rels/workbook.xml.rels'), relations);
  const related = (type: string, fallback: string) => {
    const relation = [...relations.byId.values()].find((r) => r.type.endsWith(`/${type}`));
    return (relation && find(partNameOf(relation.target))) ?? find(fallback);
  };
  const strings = new SharedStringsReader();
  await scan(related('sharedStrings', 'xl/sharedStrings.xml'), strings);
  const styles = new DateStyles();
  await scan(related('styles', 'xl/styles.xml'), styles);

  const sheets: Workbook['sheets'] = [];
  const listed = new Set<ZipPart>();
  for (const sheet of book.sheets) {
    const relation = relations.byId.get(sheet.relation);
    const part = relation && find(partNameOf(relation.target));
    if (!part || !isSheet(part.name) || listed.has(part)) continue;
    listed.add(part);
    sheets.push({ name: sheet.name, part, bytes: sizeOf(part), hidden: sheet.hidden });
  }
  for (const part of parts)
    if (isSheet(part.name) && !listed.has(part))
      sheets.push({ name: orphanName(part, sheets.length), part, bytes: sizeOf(part), hidden: false });
  return { sheets, sharedStrings: strings.table(), dateStyles: styles.dates, date1904: book.date1904 };
}

import { statSync } from 'node:fs';
import { AppFailure } from '../../common/errors.ts';
import {
  cellTooLong,
  FORMULA_ERROR_TEXT,
  HiddenColumns,
  MAX_CELL_TEXT,
  type Cell,
  type SheetRow,
} from './cells.ts';
import type { ImportLimits } from './limits.ts';
import { partText } from './xlsx/partText.ts';
import { XmlScanner, type Attributes } from './xlsx/xmlScanner.ts';
import { measureInflated, readZipDirectoryOf, type ZipPart } from './zip.ts';

/**
 * LibreOffice's own spreadsheet (.ods, OpenDocument), what a desa office on LibreOffice saves
 * by default. A zip like an .xlsx, checked against bombs the same way (`measureInflated`);
 * every sheet is in one part, content.xml, streamed through the .xlsx reader's strict scanner.
 * Cells come back as the .xlsx reader gives them: text as text (a NIK keeps its digits), a
 * float as a number, a date as a date, a merged area's covered cells empty. ODF writes a run of
 * equal cells or rows once with a repeat count (an empty sheet tail is "1,048,000 rows"): an
 * empty run only moves the position, a run with a value is written out, up to the limits.
 */

export interface OdsRow {
  sheet: string;
  /** 0-based, in the order the sheets come. */
  index: number;
  /** Hidden in LibreOffice (its table style says display="false"): a clerk never sees it. */
  hidden: boolean;
  /** The sheet's columns hidden in LibreOffice (its table-column elements, before its rows). */
  hiddenColumns: HiddenColumns;
  row: SheetRow;
}

const SPREADSHEET = 'application/vnd.oasis.opendocument.spreadsheet';

const refuse = (message: string) => new AppFailure('VALIDATION', message);

/**
 * ODF writes a cell about three times longer than .xlsx (both office: and calcext: types, a
 * paragraph per text): 100,000 DTKS rows are 265 MB of content.xml against 88 MB of sheet and
 * strings. The limit on unpacked bytes counts an .ods at a third, so the same list fits the
 * same limit in either format. The ratio limit (bombs) is unchanged.
 */
const ODS_VERBOSITY = 3;

export const odsLimits = (limits: ImportLimits): ImportLimits => ({
  ...limits,
  maxUncompressedBytes: limits.maxUncompressedBytes * ODS_VERBOSITY,
});

/** Whether a zip's parts are an OpenDocument file (any kind: the parser thread says which). */
export const looksLikeOpenDocument = (parts: ZipPart[]) =>
  parts.some((p) => p.name === 'content.xml') && !parts.some((p) => p.name === 'xl/workbook.xml');

/** A repeat count from an attribute: 1 when absent or not a number, capped at `cap`. */
function repeat(attrs: Attributes, name: string, cap: number): number {
  const raw = attrs.get(name);
  if (raw === undefined || !/^\s*\d{1,9}\s*$/.test(raw)) return 1;
  return Math.max(1, Math.min(Number(raw), cap));
}

/**
 * A cell's value from its office:value-type and value attributes, 'text' when its paragraphs
 * hold it, 'error' for a formula error (LibreOffice says so in calcext:value-type, and writes the
 * error's text, #N/A or #NAME?, as the paragraph).
 */
function typedValue(attrs: Attributes): Cell | 'text' | 'error' {
  const types = attrs.getAll('value-type');
  if (types.includes('error')) return 'error';
  switch (types[0]) {
    case 'float':
    case 'percentage':
    case 'currency': {
      const n = Number(attrs.get('value'));
      return Number.isFinite(n) ? { t: 'n', v: n } : 'text';
    }
    case 'date': {
      const date = /^(\d{4}-\d{2}-\d{2})/.exec(attrs.get('date-value') ?? '');
      return date ? { t: 'd', v: date[1]! } : 'text';
    }
    case 'boolean':
      return { t: 'b', v: attrs.get('boolean-value') === 'true' };
    default:
      return 'text';
  }
}

/** What a closed cell holds: a covered cell nothing, a typed value that value, else its text. */
function cellValue(cell: { value: Cell | 'text' | 'error'; text: string[]; covered: boolean }): Cell {
  if (cell.covered) return null;
  if (cell.value !== 'text' && cell.value !== 'error') return cell.value;
  const text = cell.text.join('\n');
  if (cell.value === 'error') return { t: 'e', v: text.trim() || FORMULA_ERROR_TEXT };
  return text === '' ? null : { t: 's', v: text };
}

async function* contentRows(
  path: string,
  part: ZipPart,
  bytes: number,
  limits: { columns: number; rows: number },
) {
  const ready: OdsRow[] = [];
  let sheet = '';
  let index = -1;
  let hidden = false;
  let hiddenColumns = new HiddenColumns();
  /** The next <table:table-column>'s column: each one describes the next columns in turn. */
  let nextColumn = 0;
  let rowHidden = false;
  /** Table styles that hide their table, from the automatic styles before the body. */
  const hidingStyles = new Set<string>();
  let tableStyle: string | null = null;
  /** Depth of the open elements, to know a cell's own paragraphs from a note's inside it. */
  let depth = 0;
  let rowNumber = 0;
  let rowRepeat = 1;
  /** Rows given for the sheet: one past the limit is enough for the parser thread to refuse it. */
  let given = 0;
  let cells: Cell[] | null = null;
  let column = 0;
  /** The open cell: its value or the text being gathered, how many times it repeats. */
  let cell: {
    value: Cell | 'text' | 'error';
    text: string[];
    repeat: number;
    depth: number;
    covered: boolean;
  } | null = null;
  let paragraph: string | null = null;
  let paragraphDepth = 0;
  /**
   * Adds to the open paragraph. A cell past Excel's 32,767 characters is refused as the parser
   * thread refuses one from any file, but here before it grows: 22 bytes of <text:s c="1000"/>
   * would otherwise make 1,000 characters each.
   */
  const add = (more: string) => {
    paragraph += more;
    const length = paragraph!.length + (cell?.text.reduce((n, p) => n + p.length + 1, 0) ?? 0);
    if (length > MAX_CELL_TEXT) throw cellTooLong(rowNumber + 1);
  };
  const scanner = new XmlScanner({
    open(name, attrs) {
      depth++;
      if (name === 'style') tableStyle = attrs.get('family') === 'table' ? (attrs.get('name') ?? null) : null;
      else if (name === 'table-properties' && tableStyle && attrs.get('display') === 'false')
        hidingStyles.add(tableStyle);
      else if (name === 'table' && !cells) {
        index++;
        sheet = attrs.get('name')?.trim() || `Sheet${index + 1}`;
        hidden = hidingStyles.has(attrs.get('style-name') ?? '');
        hiddenColumns = new HiddenColumns();
        nextColumn = 0;
        rowNumber = 0;
        given = 0;
      } else if (name === 'table-column' && !cells) {
        // A run of equal columns is written once, with its count ("collapse": hidden by hand,
        // "filter" only ever for rows; either is a column the clerk does not see).
        const count = repeat(attrs, 'number-columns-repeated', 16_384);
        if ((attrs.get('visibility') ?? 'visible') !== 'visible')
          hiddenColumns.hide(nextColumn, nextColumn + count - 1);
        nextColumn += count;
      } else if (name === 'table-row' && !cells) {
        rowRepeat = repeat(attrs, 'number-rows-repeated', limits.rows + 1);
        // "collapse" (hidden by hand) or "filter" (hidden by a filter).
        rowHidden = (attrs.get('visibility') ?? 'visible') !== 'visible';
        cells = [];
        column = 0;
      } else if ((name === 'table-cell' || name === 'covered-table-cell') && cells && !cell) {
        const covered = name === 'covered-table-cell';
        cell = {
          value: covered ? null : typedValue(attrs),
          text: [],
          repeat: repeat(attrs, 'number-columns-repeated', limits.columns + 1),
          depth,
          covered,
        };
      } else if (name === 'p' && cell && depth === cell.depth + 1) {
        paragraph = '';
        paragraphDepth = depth;
      } else if (paragraph !== null) {
        // Inside a paragraph: spaces, tabs and line breaks are elements.
        if (name === 's') add(' '.repeat(repeat(attrs, 'c', 1000)));
        else if (name === 'tab') add('\t');
        else if (name === 'line-break') add('\n');
      }
    },
    text(value) {
      // ODF collapses white space in a paragraph; kept spaces are <text:s/>.
      if (paragraph !== null) add(value.replace(/[ \t\r\n]+/g, ' '));
    },
    close(name) {
      if (name === 'p' && paragraph !== null && depth === paragraphDepth) {
        cell?.text.push(paragraph);
        paragraph = null;
      } else if (cell && depth === cell.depth) {
        const value = cellValue(cell);
        if (value && cells)
          for (let i = 0; i < cell.repeat && column + i <= limits.columns; i++) {
            while (cells.length < column + i) cells.push(null);
            cells[column + i] = value;
          }
        column += cell.repeat;
        cell = null;
      } else if (name === 'table-row' && cells) {
        const kept = cells;
        // A row with no value is not a row of the list, however many times it repeats.
        if (kept.length)
          for (let i = 0; i < rowRepeat && given <= limits.rows; i++, given++)
            ready.push({
              sheet,
              index,
              hidden,
              hiddenColumns,
              row: {
                n: rowNumber + i + 1,
                cells: i ? [...kept] : kept,
                ...(rowHidden ? { hidden: true } : {}),
              },
            });
        rowNumber += rowRepeat;
        cells = null;
      }
      depth--;
    },
  });
  for await (const text of partText(path, part, bytes)) {
    scanner.push(text);
    yield* ready.splice(0);
  }
  scanner.end();
  yield* ready.splice(0);
}

/** Every sheet's rows, in order. A zip that is another OpenDocument (a text, a slide deck) is refused. */
export async function* readOds(path: string, limits: ImportLimits): AsyncGenerator<OdsRow> {
  const parts = readZipDirectoryOf(path);
  const inflated = await measureInflated(path, parts, odsLimits(limits), statSync(path).size);
  const mimetype = parts.find((p) => p.name === 'mimetype');
  let kind = '';
  if (mimetype)
    for await (const text of partText(path, mimetype, inflated.get(mimetype.name)!.bytes)) kind += text;
  const content = parts.find((p) => p.name === 'content.xml');
  if (!content || (mimetype && kind.trim() !== SPREADSHEET))
    throw refuse(
      'Berkas ini dokumen OpenDocument lain (misalnya teks dari Writer), bukan lembar kerja. Pilih berkas lembar kerja (.ods, .xlsx, .xls) atau CSV.',
    );
  yield* contentRows(path, content, inflated.get(content.name)!.bytes, {
    columns: limits.maxColumns,
    rows: limits.maxRows,
  });
}

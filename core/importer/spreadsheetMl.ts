import { createReadStream } from 'node:fs';
import { HiddenColumns, type Cell, type SheetRow } from './cells.ts';
import { XmlScanner, type Attributes } from './xlsx/xmlScanner.ts';

/**
 * Excel's "XML Spreadsheet 2003": one XML file, often named .xls, that older web applications
 * and PHP libraries write because it needs no zip. Read with the strict scanner our .xlsx reader
 * uses (no DOCTYPE, so no entity bombs), streamed, each <Worksheet> a sheet. Cells are placed as
 * Excel places them: `ss:Index` skips to a row or column, `ss:MergeAcross` covers the cells to
 * its right; a String stays text (a NIK keeps its digits), a Number is a number (the importer then
 * says when a NIK came as one), a DateTime is a date.
 */

export interface SheetMlRow {
  sheet: string;
  /** 0-based, in the order the worksheets come. */
  index: number;
  /** The worksheet's columns hidden in Excel (its <Column ss:Hidden="1">, before its rows). */
  hiddenColumns: HiddenColumns;
  row: SheetRow;
}

/** The namespace every such workbook declares. */
const NAMESPACE = 'urn:schemas-microsoft-com:office:spreadsheet';

export function looksLikeSpreadsheetMl(sample: string): boolean {
  return /<(\w+:)?Workbook[\s>]/.test(sample) && sample.includes(NAMESPACE);
}

/** The value of a <Data> element of type `type`, as the .xlsx reader would give that cell. */
function cellOf(type: string | undefined, text: string): Cell {
  if (text === '') return null;
  switch (type) {
    case 'Number': {
      const n = Number(text.trim());
      return Number.isFinite(n) ? { t: 'n', v: n } : { t: 's', v: text };
    }
    case 'DateTime': {
      const date = /^(\d{4}-\d{2}-\d{2})/.exec(text.trim());
      return date ? { t: 'd', v: date[1]! } : { t: 's', v: text };
    }
    case 'Boolean':
      return { t: 'b', v: text.trim() === '1' };
    case 'Error':
      return { t: 'e', v: text.trim() };
    default:
      return { t: 's', v: text };
  }
}

/** A positive whole number from an attribute, or null (absent or not a number). */
function whole(attrs: Attributes, name: string): number | null {
  const raw = attrs.get(name);
  if (raw === undefined || !/^\s*\d{1,9}\s*$/.test(raw)) return null;
  return Number(raw);
}

export async function* readSpreadsheetMl(
  path: string,
  options: { encoding: string; bom: number },
  limits: { columns: number; rows: number },
): AsyncGenerator<SheetMlRow> {
  const ready: SheetMlRow[] = [];
  let sheet = '';
  let index = -1;
  let rowNumber = 0;
  let hiddenColumns = new HiddenColumns();
  /** The column a <Column> without ss:Index describes: the one after the last described. */
  let nextColumn = 0;
  let cells: Cell[] | null = null;
  let rowHidden = false;
  let column = 0;
  /** The open cell: where it goes, how many cells it covers after, its data type and text. */
  let cell: { at: number; across: number; type: string | undefined; text: string | null } | null = null;
  /** Inside a <Comment> (whose <Data> is a note, not the cell's value). */
  let comment = 0;
  /** Inside the cell's <Data>, rich text (<B>, <Font>) included. */
  let inData = false;
  const scanner = new XmlScanner({
    open(name, attrs) {
      if (name === 'Comment') comment++;
      if (comment) return;
      if (name === 'Worksheet') {
        index++;
        sheet = attrs.get('Name')?.trim() || `Sheet${index + 1}`;
        rowNumber = 0;
        hiddenColumns = new HiddenColumns();
        nextColumn = 0;
      } else if (name === 'Column' && !cells) {
        // ss:Index (from 1) skips to a column; ss:Span is how many more columns it describes.
        const at = (whole(attrs, 'Index') ?? nextColumn + 1) - 1;
        const span = whole(attrs, 'Span') ?? 0;
        if (/^(1|true)$/.test(attrs.get('Hidden')?.trim() ?? '')) hiddenColumns.hide(at, at + span);
        nextColumn = at + span + 1;
      } else if (name === 'Row') {
        rowNumber = Math.min(whole(attrs, 'Index') ?? rowNumber + 1, limits.rows + 1);
        cells = [];
        rowHidden = attrs.get('Hidden') === '1';
        column = 0;
      } else if (name === 'Cell' && cells) {
        const at = Math.min((whole(attrs, 'Index') ?? column + 1) - 1, limits.columns);
        const across = Math.min(whole(attrs, 'MergeAcross') ?? 0, limits.columns);
        cell = { at: Math.max(at, 0), across, type: undefined, text: null };
      } else if (name === 'Data' && cell) {
        cell.type = attrs.get('Type');
        cell.text = '';
        inData = true;
      }
    },
    text(value) {
      if (inData && !comment && cell) cell.text += value;
    },
    close(name) {
      if (name === 'Comment') {
        comment--;
        return;
      }
      if (comment) return;
      if (name === 'Data') inData = false;
      else if (name === 'Cell' && cell && cells) {
        while (cells.length < cell.at) cells.push(null);
        cells[cell.at] = cellOf(cell.type, cell.text ?? '');
        column = cell.at + 1 + cell.across;
        cell = null;
      } else if (name === 'Row' && cells) {
        while (cells.length && cells.at(-1) === null) cells.pop();
        // A row with no value is not a row of the list: LibreOffice writes one for every
        // formatted row down to the sheet's last (528,384 of them for a 7-row list).
        if (cells.length)
          ready.push({
            sheet,
            index,
            hiddenColumns,
            row: { n: rowNumber, cells, ...(rowHidden ? { hidden: true } : {}) },
          });
        cells = null;
      }
    },
  });
  const decoder = new TextDecoder(options.encoding);
  for await (const chunk of createReadStream(path, { start: options.bom, highWaterMark: 1024 * 1024 })) {
    scanner.push(decoder.decode(chunk as Buffer, { stream: true }));
    yield* ready.splice(0);
  }
  scanner.push(decoder.decode());
  scanner.end();
  yield* ready.splice(0);
}

import ExcelJS from 'exceljs';
import { createWriteStream, fchmodSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';

/**
 * Writing a list to .xlsx or .csv. Identity numbers (NIK, KK) and RT/RW are text cells with
 * format "@": Excel would otherwise turn a NIK into 3,5799E+15 and drop its last digit.
 */
export type ColumnType = 'text' | 'id' | 'number' | 'date';

export interface ExportColumn {
  header: string;
  type: ColumnType;
  width: number;
}

export type ExportValue = string | number | null;

export interface ExportSink {
  add(values: ExportValue[]): void;
  close(): Promise<void>;
}

const FORMULA_START = /^[=+\-@\t\r\n]/;

/**
 * A text that begins like a formula (=, +, -, @, tab, CR) is prefixed with an apostrophe, the
 * spreadsheet convention for "this is text": no spreadsheet will run it (CSV injection).
 */
export function neutralize(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function csvField(value: ExportValue, type: ColumnType, delimiter: string): string {
  if (value === null) return '';
  // Dates day-first, as Indonesian Excel writes and reads them.
  const iso = type === 'date' && typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  const text = iso
    ? `${iso[3]}-${iso[2]}-${iso[1]}`
    : typeof value === 'number'
      ? String(value)
      : type === 'text'
        ? neutralize(value)
        : value;
  return /["\r\n]/.test(text) || text.includes(delimiter) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A file only its owner may read (0600), whatever the umask, also when it replaces an older
 * file of that name: an export holds names, NIKs and addresses.
 */
export function privateWriteStream(path: string): WriteStream {
  const out = createWriteStream(path, { mode: 0o600 });
  out.once('open', (fd: number) => {
    try {
      fchmodSync(fd, 0o600);
    } catch {
      // a file system without Unix modes (FAT on a flash disk)
    }
  });
  return out;
}

export async function openCsv(
  path: string,
  columns: ExportColumn[],
  delimiter: ',' | ';',
): Promise<ExportSink> {
  const out = privateWriteStream(path);
  // A BOM makes Excel read UTF-8 (names with é, ñ) instead of the local code page.
  out.write('\ufeff');
  out.write(`${columns.map((c) => csvField(c.header, 'text', delimiter)).join(delimiter)}\r\n`);
  let pending: Promise<void> | null = null;
  return {
    add(values) {
      const ok = out.write(
        `${values.map((v, i) => csvField(v, columns[i]!.type, delimiter)).join(delimiter)}\r\n`,
      );
      if (!ok && !pending) pending = once(out, 'drain').then(() => void (pending = null));
    },
    async close() {
      if (pending) await pending;
      out.end();
      await once(out, 'finish');
    },
  };
}

export interface XlsxOptions {
  sheetName: string;
  /** Lines above the table (report title, filter); the header row follows them. */
  title?: string[];
}

export async function openXlsx(
  path: string,
  columns: ExportColumn[],
  options: XlsxOptions,
): Promise<ExportSink> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    // A stream of ours: exceljs's own (filename) would be created 0644, readable by every account.
    stream: privateWriteStream(path),
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet(options.sheetName.slice(0, 31), {
    views: [{ state: 'frozen', ySplit: (options.title?.length ?? 0) + 1 }],
  });
  // One style object per column, given to every cell of it: exceljs recognises an object it has
  // seen and skips rendering the style again for each cell (a third of the export's time).
  const styles: Partial<ExcelJS.Style>[] = columns.map((c) =>
    c.type === 'id'
      ? { numFmt: '@' }
      : c.type === 'date'
        ? { numFmt: 'dd-mm-yyyy' }
        : c.type === 'number'
          ? { numFmt: '#,##0' }
          : {},
  );
  sheet.columns = columns.map((c, i) => ({ width: c.width, style: styles[i]! }));
  for (const line of options.title ?? []) {
    const row = sheet.addRow([line]);
    row.font = { bold: true };
    row.commit();
  }
  const header = sheet.addRow(columns.map((c) => c.header));
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE3F0F2' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  header.commit();
  const headerRow = (options.title?.length ?? 0) + 1;
  sheet.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: headerRow, column: columns.length } };
  return {
    add(values) {
      const row = sheet.addRow(
        values.map((v, i) => {
          if (v === null) return null;
          const type = columns[i]!.type;
          if (type === 'date' && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v))
            return new Date(`${v}T00:00:00Z`);
          return type === 'id' ? String(v) : v;
        }),
      );
      for (let i = 0; i < styles.length; i++) row.getCell(i + 1).style = styles[i]!;
      row.commit();
    },
    async close() {
      sheet.commit();
      await workbook.commit();
    },
  };
}

import ExcelJS from 'exceljs';
import { formatNip } from './format.ts';
import {
  isNumeric,
  kindAt,
  type CellKind,
  type Column,
  type ReportDocument,
  type Signer,
  type TableBlock,
} from './document.ts';

/**
 * The workbook version of a report: one sheet per part, the same titles, facts, tables and
 * signatories as the PDF. Numbers stay numbers (with Indonesian-looking formats), NIK and KK
 * stay text cells (DOMAIN.md: Excel keeps only 15 digits).
 */

export const NUMBER_FORMATS: Record<CellKind, string | undefined> = {
  text: '@',
  signature: '@',
  count: '#,##0',
  decimal: '0.0',
  rupiah: '"Rp"#,##0',
  percent: '0.0%',
  points: '+0.0" poin";-0.0" poin";0.0" poin"',
};

const WIDTH: Record<CellKind, number> = {
  text: 22,
  signature: 18,
  count: 11,
  decimal: 10,
  rupiah: 16,
  percent: 10,
  points: 12,
};

const THIN = { style: 'thin' as const, color: { argb: 'FF000000' } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const fill = (argb: string) => ({ type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb } });

function sheetName(name: string, used: Set<string>): string {
  const base =
    name
      .replace(/[[\]:*?/\\]/g, ' ')
      .slice(0, 31)
      .trim() || 'Laporan';
  let candidate = base;
  for (let n = 2; used.has(candidate.toLowerCase()); n++) candidate = `${base.slice(0, 27)} (${n})`;
  used.add(candidate.toLowerCase());
  return candidate;
}

function signerLines(signer: Signer): string[] {
  return [
    ...signer.caption,
    '',
    '',
    signer.name || '(..................................................)',
    ...(signer.rank ? [signer.rank] : []),
    ...(signer.nip !== null
      ? [`NIP. ${signer.nip ? formatNip(signer.nip) : '..............................'}`]
      : []),
  ];
}

export async function renderXlsx(doc: ReportDocument): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Bansos Desk';
  workbook.created = new Date(doc.generatedAt);
  workbook.title = doc.title;
  const used = new Set<string>();
  for (const part of doc.parts) {
    const sheet = workbook.addWorksheet(sheetName(part.sheet, used), {
      pageSetup: {
        paperSize: 9,
        orientation: part.orientation ?? doc.orientation,
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
      },
    });
    const tables = part.blocks.filter((b): b is TableBlock => b.type === 'table');
    const width = Math.max(6, ...tables.map((t) => t.columns.length));
    // Column widths follow the widest table's kinds.
    const widest = tables.reduce<Column[]>((w, t) => (t.columns.length > w.length ? t.columns : w), []);
    for (let i = 0; i < width; i++) sheet.getColumn(i + 1).width = widest[i] ? WIDTH[widest[i]!.kind] : 14;
    if (widest[0] && widest[0].label === 'No') sheet.getColumn(1).width = 6;

    const fullRow = (text: string, options: { bold?: boolean; size?: number; center?: boolean } = {}) => {
      const row = sheet.addRow([text]);
      sheet.mergeCells(row.number, 1, row.number, width);
      const cell = row.getCell(1);
      cell.font = { bold: options.bold ?? false, size: options.size ?? 10 };
      cell.alignment = { horizontal: options.center ? 'center' : 'left', vertical: 'middle', wrapText: true };
      return row;
    };

    if (part.letterhead) {
      doc.kop.lines
        .filter((l) => l.trim())
        .forEach((l) => fullRow(l, { bold: true, size: 12, center: true }));
      if (doc.kop.address) fullRow(doc.kop.address, { center: true, size: 9 });
      if (doc.kop.contact) fullRow(doc.kop.contact, { center: true, size: 9 });
      sheet.addRow([]);
    }
    part.title.forEach((t, i) => fullRow(t, { bold: true, size: i === 0 ? 12 : 11, center: true }));
    sheet.addRow([]);

    for (const block of part.blocks) {
      switch (block.type) {
        case 'heading':
          fullRow(block.text, { bold: true, size: 11 });
          break;
        case 'text':
          fullRow(block.text, { bold: block.style === 'strong' || block.style === 'warning' });
          break;
        case 'facts':
          for (const [k, v] of block.items) {
            const row = sheet.addRow([k, v]);
            row.getCell(1).font = { bold: true };
            row.getCell(2).numFmt = '@';
            if (width > 2) sheet.mergeCells(row.number, 2, row.number, width);
          }
          sheet.addRow([]);
          break;
        case 'table':
          writeTable(sheet, block);
          break;
        case 'signatures': {
          sheet.addRow([]);
          const columns = block.signers.map((_, i) =>
            block.signers.length === 1 ? Math.max(1, width - 2) : i === 0 ? 2 : Math.max(3, width - 2),
          );
          const lines = block.signers.map((s, i) => [
            ...(block.place !== null ? [i === block.signers.length - 1 ? block.place : ''] : []),
            ...signerLines(s),
          ]);
          const tall = Math.max(...lines.map((l) => l.length));
          for (let r = 0; r < tall; r++) {
            const values: string[] = [];
            lines.forEach((l, i) => (values[columns[i]! - 1] = l[r] ?? ''));
            const row = sheet.addRow(values);
            lines.forEach((l, i) => {
              if (l[r] && l[r] === (block.signers[i]!.name || null)) {
                row.getCell(columns[i]!).font = { bold: true, underline: true };
              }
            });
          }
          if (block.below) {
            sheet.addRow([]);
            for (const l of signerLines(block.below)) {
              const row = sheet.addRow([]);
              row.getCell(Math.ceil(width / 2)).value = l;
            }
          }
          break;
        }
        case 'spacer':
          sheet.addRow([]);
          break;
      }
    }
    sheet.addRow([]);
    fullRow(doc.footer.text, { size: 8 });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function writeTable(sheet: ExcelJS.Worksheet, table: TableBlock): void {
  const columns = table.columns;
  if (table.caption) {
    const row = sheet.addRow([table.caption]);
    row.getCell(1).font = { bold: true };
  }
  const headStyle = (row: ExcelJS.Row) => {
    for (let i = 1; i <= columns.length; i++) {
      const cell = row.getCell(i);
      cell.font = { bold: true, size: 9 };
      cell.fill = fill('FFE6E6E6');
      cell.border = BORDER;
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    }
  };
  if (columns.some((c) => c.group)) {
    const top = sheet.addRow(columns.map((c) => c.group ?? c.label));
    const bottom = sheet.addRow(columns.map((c) => (c.group ? c.label : '')));
    headStyle(top);
    headStyle(bottom);
    for (let i = 0; i < columns.length;) {
      const c = columns[i]!;
      if (!c.group) {
        sheet.mergeCells(top.number, i + 1, bottom.number, i + 1);
        i++;
        continue;
      }
      let span = 1;
      while (columns[i + span]?.group === c.group) span++;
      if (span > 1) sheet.mergeCells(top.number, i + 1, top.number, i + span);
      i += span;
    }
  } else {
    headStyle(sheet.addRow(columns.map((c) => c.label)));
  }
  for (const source of table.rows) {
    if (source.kind === 'group') {
      const row = sheet.addRow([source.cells[0] ?? '']);
      sheet.mergeCells(row.number, 1, row.number, columns.length);
      row.getCell(1).font = { bold: true };
      row.getCell(1).border = BORDER;
      continue;
    }
    const row = sheet.addRow(columns.map((_, i) => source.cells[i] ?? null));
    columns.forEach((column, i) => {
      const cell = row.getCell(i + 1);
      const value = source.cells[i] ?? null;
      const kind = kindAt(source, columns, i);
      if (typeof value === 'string' || !isNumeric(kind)) {
        cell.numFmt = '@';
        if (typeof value === 'number') cell.value = String(value);
      } else {
        cell.numFmt = NUMBER_FORMATS[kind]!;
      }
      cell.border = BORDER;
      cell.alignment = { vertical: 'top', wrapText: column.kind === 'text' };
      if (source.kind !== 'data') {
        cell.font = { bold: true };
        cell.fill = fill(source.kind === 'total' ? 'FFDCDCDC' : 'FFECECEC');
      }
    });
    if (table.signatureColumn !== undefined) row.height = 26;
  }
  if (table.rows.length === 0) sheet.addRow([table.empty ?? 'Tidak ada data.']);
  if (table.note) sheet.addRow([table.note]).getCell(1).font = { size: 8 };
  sheet.addRow([]);
}

import type { InspectView } from '../../common/api/methods/importExport.ts';
import {
  IMPORT_FIELDS,
  isIgnoredHeader,
  normalizeHeader,
  type FieldSpec,
  type ImportKind,
} from '../../common/domain/importFields.ts';
import { qb, type Sql } from '../../db/sql.ts';
import { cellText } from './cells.ts';
import {
  listFromEvidence,
  listFromHeader,
  memberFacts,
  relationshipCode,
  relationshipQuestion,
  type Member,
} from './codeLists.ts';
import {
  applyTemplate,
  autoMatches,
  columnLetters,
  detectLayout,
  mappingOf,
  missingRequired,
  suggestionsFor,
  type Layout,
} from './layout.ts';
import type { ImportLimits } from './limits.ts';
import { inspectSpreadsheet, type SheetPreview } from './reader.ts';
import { RegionMatcher } from './regionMatch.ts';
import { fieldColumns, ImportRow } from './rows.ts';
import { TableWalker } from './tableRows.ts';
import { placeOfTableRow, valuesFromTitle } from './titleBlock.ts';
import { isMembershipStatusWord } from './kinds/enrolments.ts';
import { looksLikePaymentStatus } from './kinds/payments.ts';
import { dateFromCell, idFromCell, isRelationshipWord, placeDateFromCell, sexFromCell } from './values.ts';

/**
 * What the mapping screen shows before anything is checked: the sheet and header found, each
 * column with its field and why, values the title block gives for the whole file, group rows,
 * the code list of numeric relationship codes, and the questions only the clerk can answer.
 */
export async function inspectImport(
  sql: Sql,
  file: { path: string; name: string },
  kind: ImportKind,
  wanted: { sheet?: string | undefined; headerRow?: number | undefined },
  limits: ImportLimits,
  today: Date,
): Promise<InspectView> {
  const sheets = await inspectSpreadsheet(file.path, file.name, limits);
  let layout = detectLayout(kind, sheets, wanted);
  const reasons: Record<string, string> = {};
  const hidden = new Set(layout.hiddenColumns);
  const program = sheets.find((s) => s.name === layout.sheet)?.format === 'ods' ? 'LibreOffice' : 'Excel';
  autoMatches(kind, layout.headers, layout.hiddenColumns).forEach((m, i) => {
    const header = layout.headers[i]!;
    if (m) reasons[header] = m.reason;
    else if (hidden.has(i))
      reasons[header] =
        `Kolom "${header}" (${columnLetters(i)}) disembunyikan di ${program}, tidak dibaca. Petakan sendiri bila memang perlu.`;
    else if (isIgnoredHeader(header))
      reasons[header] = 'Sengaja tidak dibaca: nomor urut, wilayah di atas kota, atau tanda tangan.';
  });
  const template = savedTemplate(sql, kind, layout);
  if (template) {
    layout = applyTemplate(layout, template.mapping);
    layout.headers.forEach((h, i) => {
      if (layout.fields[i] && normalizeHeader(h) in template.mapping)
        reasons[h] = `Dari templat pemetaan "${template.name}".`;
    });
  }
  const sheet = sheets.find((s) => s.name === layout.sheet)!;
  const columns = fieldColumns(layout);
  const regions = new RegionMatcher(sql);
  const fixed = Object.fromEntries(
    Object.entries(
      valuesFromTitle(
        kind,
        sheet.rows.filter((r) => r.n < layout.headerRow),
        regions,
      ),
    ).filter(([field]) => !columns.has(field)),
  );
  const table = tableRows(kind, layout, sheet, fixed, regions);
  const grouped = table.grouped.filter((g) => !columns.has(g.field));
  const codes = relationshipCodes(kind, layout, table.rows, today);
  const questions = [
    ...(codes.question ? [codes.question] : []),
    ...fieldLikeColumns(kind, layout, table.rows),
  ];
  return {
    fileName: file.name,
    format: sheet.format,
    encoding: sheet.encoding ?? null,
    delimiter: sheet.delimiter ?? null,
    sheets: sheets.map((s) => ({
      name: s.name,
      rowCount: s.rowCount,
      columnCount: s.columnCount,
      ...(s.hidden ? { hidden: true } : {}),
      ...(s.hiddenRows ? { hiddenRows: s.hiddenRows } : {}),
    })),
    sheet: layout.sheet,
    headerRow: layout.headerRow,
    headers: layout.headers,
    ...(hidden.size ? { hiddenColumns: layout.headers.filter((_, i) => hidden.has(i)) } : {}),
    mapping: mappingOf(layout),
    sample: table.rows.slice(0, 8).map((r) => layout.headers.map((_, i) => cellText(r.rawCells[i] ?? null))),
    template: template?.name ?? null,
    missing: missingRequired(kind, layout, [...Object.keys(fixed), ...grouped.map((g) => g.field)]),
    reasons,
    suggestions: suggestionsFor(kind, layout),
    fixed,
    grouped,
    codes: { relationship: codes.decision },
    questions,
  };
}

/** A saved template that knows these headers (last month's file from the same source) wins. */
function savedTemplate(sql: Sql, kind: ImportKind, layout: Layout) {
  const templates = sql.all(
    qb.selectFrom('import_mappings').selectAll().where('kind', '=', kind).orderBy('updated_at', 'desc'),
  );
  for (const t of templates) {
    const mapping = JSON.parse(t.mapping_json) as Record<string, string | null>;
    const known = layout.headers.filter((h) => normalizeHeader(h) in mapping).length;
    if (known >= Math.max(2, layout.headers.length * 0.6)) return { name: t.name, mapping };
  }
  return null;
}

/** The preview's data rows as the import will see them (group values and file values given). */
function tableRows(
  kind: ImportKind,
  layout: Layout,
  sheet: SheetPreview,
  fixed: Record<string, { value: string; found: string }>,
  regions: RegionMatcher,
) {
  const walker = new TableWalker(
    kind,
    layout,
    Object.fromEntries(Object.entries(fixed).map(([f, v]) => [f, v.value])),
    (cells) => placeOfTableRow(kind, cells, regions),
  );
  const columns = fieldColumns(layout);
  const rows: ImportRow[] = [];
  const grouped = new Map<string, string>();
  const firstData = layout.headerRow + layout.span;
  for (const raw of sheet.rows) {
    if (raw.n < firstData) continue;
    const seen = walker.accept(raw);
    if (seen.type === 'ignored' && seen.ignored.reason.startsWith('baris kelompok'))
      for (const field of walker.groupFields())
        if (!grouped.has(field)) grouped.set(field, `baris ${raw.n}: "${seen.ignored.text}"`);
    if (seen.type === 'data') rows.push(new ImportRow(raw.n, raw.cells, layout, columns, seen.given));
  }
  return { rows, grouped: [...grouped].map(([field, found]) => ({ field, found })) };
}

/**
 * The code list of a numeric relationship column: from its header when that names the source,
 * else from the evidence of the preview's families; a question when neither settles it.
 */
function relationshipCodes(kind: ImportKind, layout: Layout, rows: ImportRow[], today: Date) {
  const none = { decision: null, question: null };
  if (kind !== 'recipients') return none;
  const column = rows[0]?.columnName('relationship') ?? layout.headers[layout.fields.indexOf('relationship')];
  if (!column) return none;
  const members: Member[] = [];
  for (const row of rows) {
    const code = relationshipCode(row.get('relationship'));
    if (code === null) continue;
    const sex = sexFromCell(row.get('sex'));
    const birth = dateFromCell(row.get('birthDate'), today);
    const placeDate = placeDateFromCell(row.get('birthPlaceDate'), today);
    const nik = idFromCell(row.get('nik'), 'NIK');
    const facts = memberFacts(
      sex.ok ? sex.value : null,
      (birth.ok && birth.value) || (placeDate.ok && placeDate.value.date) || null,
      nik.ok ? nik.value : null,
      today,
    );
    members.push({ family: row.text('kk') || row.text('familyId'), code, ...facts });
  }
  if (!members.length) return none;
  const decision = listFromHeader(column) ?? listFromEvidence(members);
  return decision ? { decision, question: null } : { decision: null, question: relationshipQuestion(column) };
}

interface ColumnQuestion {
  /** The field such a column should be read as. */
  field: string;
  /** Columns read as these fields are asked about too (status words under KETERANGAN). */
  alsoRead?: string[];
  /** One value of the column looks like this field's. */
  looksLike: (value: string) => boolean;
  message: (column: string, readAs: string | null) => string;
  /** The first is the field, the second "ignore" (the CLI's hint and the mapping screen rely on it). */
  choices: { value: string; label: string }[];
}

/**
 * Per kind, the columns whose loss changes what the file says, not just one value: a
 * relationship column dropped makes every wife and child "Lainnya"; a status column dropped makes
 * a bank's results a planned list, its SUKSES and GAGAL lost.
 */
const COLUMN_QUESTIONS: Partial<Record<ImportKind, ColumnQuestion[]>> = {
  recipients: [
    {
      field: 'relationship',
      looksLike: isRelationshipWord,
      message: (column) =>
        `Kolom "${column}" tampaknya berisi hubungan keluarga (Istri, Anak …), tetapi belum dibaca. Tanpa kolom ini setiap istri dan anak tercatat "Lainnya". Baca kolom ini sebagai Hubungan keluarga?`,
      choices: [
        { value: 'relationship', label: 'Ya, baca sebagai Hubungan keluarga' },
        { value: 'ignore', label: 'Tidak, kolom ini bukan hubungan keluarga' },
      ],
    },
  ],
  enrolments: [
    {
      field: 'membershipStatus',
      // A yes/no column (a flag) is not a membership status to ask about.
      looksLike: (text) => isMembershipStatusWord(text) && !/^\s*(ya|y|yes|tidak|t|n|no)\s*$/i.test(text),
      message: (column) =>
        `Kolom "${column}" tampaknya berisi status kepesertaan (AKTIF, TIDAK AKTIF, GRADUASI …), tetapi belum dibaca. Tanpa kolom ini setiap baris didaftarkan sebagai peserta aktif, juga yang sudah keluar. Baca kolom ini sebagai Status kepesertaan?`,
      choices: [
        { value: 'membershipStatus', label: 'Ya, baca sebagai Status kepesertaan' },
        { value: 'ignore', label: 'Tidak, kolom ini bukan status kepesertaan' },
      ],
    },
  ],
  payments: [
    {
      field: 'status',
      alsoRead: ['reason'],
      looksLike: looksLikePaymentStatus,
      message: (column, readAs) =>
        `Kolom "${column}" tampaknya berisi status penyaluran (SUKSES, GAGAL, BELUM TRANSAKSI, RETUR …), tetapi ${readAs ? `dibaca sebagai ${readAs}` : 'belum dibaca'}, dan tidak ada kolom yang dibaca sebagai status. Tanpa kolom status, berkas ini dibaca sebagai daftar salur rencana: hasil SUKSES/GAGAL dari bank/Pos tidak tercatat. Baca kolom ini sebagai Status penyaluran?`,
      choices: [
        { value: 'status', label: 'Ya, baca sebagai Status penyaluran' },
        { value: 'ignore', label: 'Tidak, kolom ini bukan status penyaluran' },
      ],
    },
  ],
};

/**
 * A column not read (or read as a lesser field) whose values are mostly another field's while no
 * column is read as that field: the clerk says, rather than the import reading the file as
 * something else without a word.
 */
function fieldLikeColumns(kind: ImportKind, layout: Layout, rows: ImportRow[]) {
  const specs = IMPORT_FIELDS[kind] as Record<string, FieldSpec>;
  // A column hidden in Excel is not asked about: the clerk does not see it.
  const hidden = new Set(layout.hiddenColumns);
  return (COLUMN_QUESTIONS[kind] ?? [])
    .filter((q) => !layout.fields.includes(q.field))
    .flatMap((q) =>
      layout.headers.flatMap((column, i) => {
        const read = layout.fields[i] ?? null;
        if (hidden.has(i) || (read !== null && !q.alsoRead?.includes(read))) return [];
        const values = rows.map((r) => cellText(r.rawCells[i] ?? null)).filter(Boolean);
        if (values.length < 2 || values.filter(q.looksLike).length / values.length < 0.6) return [];
        return [
          {
            id: `map:${column}`,
            column,
            message: q.message(column, read ? (specs[read]?.label ?? read) : null),
            choices: q.choices,
          },
        ];
      }),
    );
}

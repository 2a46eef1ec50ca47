import { AppFailure } from '../../common/errors.ts';
import { formatDateId } from '../../common/format.ts';
import { qb } from '../../db/sql.ts';
import { areaLabel, desaInScope, kopOf, placeLine, signersOf, type ReportContext } from './common.ts';
import type { Column, Part, ReportDocument, Row } from './document.ts';
import { monthBounds, monthLabel } from './format.ts';
import { byProgramOrder, romanNumeral } from './monthly.ts';

/**
 * Rekap Penerima: who receives what, where, and how poor they are. A recipient counts in a
 * month if the enrolment was running at some point in it (aktif and started by the month's
 * end, or ended within or after it). Household programmes count families (KPM), person
 * programmes count people (jiwa). Desil is the household's current DTSEN desil.
 */

export interface RekapProgram {
  id: string;
  code: string;
  name: string;
  unit: 'KPM' | 'jiwa';
}

export interface RekapDesa {
  code: string;
  name: string;
  kecamatanCode: string;
  kecamatanName: string;
  /** Per programme id: recipients (KPM or jiwa). */
  byProgram: Record<string, number>;
  /** Families receiving at least one programme. */
  families: number;
  /** Index 0..9 desil 1..10, 10 = no desil: families (of the one programme, or of any). */
  desil: number[];
}

export interface RekapModel {
  month: string;
  asOf: string;
  area: string;
  programs: RekapProgram[];
  /** Set when the report is about one programme: its desa rows carry that programme's desil. */
  program: RekapProgram | null;
  desa: RekapDesa[];
  /** Per programme: families by desil (index as above). */
  desilByProgram: Record<string, number[]>;
  desilAll: number[];
}

const desilIndex = (desil: number | null) => (desil && desil >= 1 && desil <= 10 ? desil - 1 : 10);
const zeros = () => Array.from({ length: 11 }, () => 0);

export function computeRekap(ctx: ReportContext, input: { month: string; programCode?: string }): RekapModel {
  const { firstDay, lastDay } = monthBounds(input.month);
  const programs: RekapProgram[] = ctx.sql
    .all(qb.selectFrom('programs').select(['id', 'code', 'name', 'target']))
    .sort(byProgramOrder)
    .map((p) => ({ id: p.id, code: p.code, name: p.name, unit: p.target === 'person' ? 'jiwa' : 'KPM' }));
  const program = input.programCode ? (programs.find((p) => p.code === input.programCode) ?? null) : null;
  if (input.programCode && !program)
    throw new AppFailure('VALIDATION', `Program ${input.programCode} tidak dikenal.`, {
      fields: [{ path: 'params.programCode', message: 'Program tidak dikenal.' }],
    });

  // Two index-only reads joined here (report_enrolments, households_desa_filter) instead of one
  // family lookup per enrolment: the (programme, family) pairs running in the month, and each
  // family's desa and desil (tests/bench/reports.ts: ~1-2 s on 100,000 families, loaded machine).
  const pairs = ctx.sql.all(
    qb
      .selectFrom('enrolments as e')
      .select((eb) => [
        'e.program_id',
        'e.household_id',
        eb.fn.count<number>('e.person_id').distinct().as('people'),
      ])
      .where('e.deleted_at', 'is', null)
      .where((eb) =>
        eb.or([
          eb.and([
            eb('e.status', '=', 'aktif'),
            eb.or([eb('e.start_date', 'is', null), eb('e.start_date', '<=', lastDay)]),
          ]),
          eb.and([
            eb('e.status', 'in', ['graduasi', 'dikeluarkan']),
            eb('e.end_date', '>=', firstDay),
            eb.or([eb('e.start_date', 'is', null), eb('e.start_date', '<=', lastDay)]),
          ]),
        ]),
      )
      .$if(program !== null, (q) => q.where('e.program_id', '=', program!.id))
      .groupBy(['e.program_id', 'e.household_id']),
  );
  const families = new Map(
    ctx.sql
      .all(qb.selectFrom('households').select(['id', 'desa_code', 'desil']).where('deleted_at', 'is', null))
      .map((h) => [h.id, h]),
  );

  const desa = new Map<string, RekapDesa>(
    desaInScope(ctx).map((d) => [
      d.code,
      {
        code: d.code,
        name: d.name,
        kecamatanCode: d.kecamatanCode,
        kecamatanName: d.kecamatanName,
        byProgram: {},
        families: 0,
        desil: zeros(),
      },
    ]),
  );
  const unitOf = new Map(programs.map((p) => [p.id, p.unit]));
  const desilByProgram: Record<string, number[]> = {};
  const desilAll = zeros();
  const counted = new Set<string>();
  for (const pair of pairs) {
    const family = families.get(pair.household_id);
    if (!family || (ctx.scope.desaCodes && !ctx.scope.desaCodes.has(family.desa_code))) continue;
    const d = desa.get(family.desa_code);
    const index = desilIndex(family.desil);
    if (d)
      d.byProgram[pair.program_id] =
        (d.byProgram[pair.program_id] ?? 0) + (unitOf.get(pair.program_id) === 'jiwa' ? pair.people : 1);
    (desilByProgram[pair.program_id] ??= zeros())[index]! += 1;
    if (counted.has(family.id)) continue;
    counted.add(family.id);
    if (d) {
      d.families += 1;
      d.desil[index]! += 1;
    }
    desilAll[index]! += 1;
  }
  return {
    month: input.month,
    asOf: lastDay,
    area: areaLabel(ctx),
    programs: program ? [program] : programs,
    program,
    desa: [...desa.values()],
    desilByProgram,
    desilAll,
  };
}

const DESIL_COLUMNS: Column[] = [
  ...Array.from({ length: 10 }, (_, i): Column => ({ label: String(i + 1), kind: 'count', group: 'Desil' })),
  { label: 'Tanpa desil', kind: 'count', width: 6 },
];

function byKecamatan(model: RekapModel, cells: (d: RekapDesa) => number[]): Row[] {
  const rows: Row[] = [];
  const kecamatan = [...new Set(model.desa.map((d) => d.kecamatanCode))];
  const grand = Array<number>(cells(model.desa[0] ?? emptyDesa()).length).fill(0);
  kecamatan.forEach((code, ki) => {
    const list = model.desa.filter((d) => d.kecamatanCode === code);
    rows.push({ kind: 'group', cells: [`${romanNumeral(ki + 1)}. Kecamatan ${list[0]!.kecamatanName}`] });
    const sub = Array<number>(grand.length).fill(0);
    list.forEach((d, i) => {
      const values = cells(d);
      values.forEach((v, j) => ((sub[j]! += v), (grand[j]! += v)));
      rows.push({ kind: 'data', cells: [String(i + 1), d.name, ...values] });
    });
    rows.push({ kind: 'subtotal', cells: ['', `Jumlah Kecamatan ${list[0]!.kecamatanName}`, ...sub] });
  });
  rows.push({ kind: 'total', cells: ['', 'JUMLAH SELURUHNYA', ...grand] });
  return rows;
}

const emptyDesa = (): RekapDesa => ({
  code: '',
  name: '',
  kecamatanCode: '',
  kecamatanName: '',
  byProgram: {},
  families: 0,
  desil: zeros(),
});

export function rekapDocument(
  ctx: ReportContext,
  model: RekapModel,
): Omit<ReportDocument, 'frozen' | 'footer' | 'provisional'> {
  const blocks: Part['blocks'] = [
    {
      type: 'facts',
      items: [
        ['Keadaan per', formatDateId(model.asOf)],
        ['Program', model.program ? `${model.program.code} · ${model.program.name}` : 'Semua program'],
        ['Wilayah', model.area],
      ],
    },
  ];
  if (model.program) {
    const p = model.program;
    blocks.push({
      type: 'table',
      caption: `A. Penerima ${p.code} menurut desa/kelurahan dan desil (keluarga)`,
      columns: [
        { label: 'No', kind: 'text', width: 4 },
        { label: 'Kecamatan / Desa/Kelurahan', kind: 'text', width: 17 },
        { label: `Penerima (${p.unit})`, kind: 'count', width: 8 },
        ...DESIL_COLUMNS,
        { label: 'Jumlah keluarga', kind: 'count', width: 8 },
      ],
      rows: byKecamatan(model, (d) => [d.byProgram[p.id] ?? 0, ...d.desil, d.families]),
      note: 'Desil menurut DTSEN (1 = paling miskin). Program perorangan dihitung per jiwa; sebaran desil per keluarga.',
    });
  } else {
    blocks.push({
      type: 'table',
      caption: 'A. Penerima menurut program dan desa/kelurahan',
      columns: [
        { label: 'No', kind: 'text', width: 4 },
        { label: 'Kecamatan / Desa/Kelurahan', kind: 'text', width: 17 },
        ...model.programs.map((p): Column => ({ label: `${p.code} (${p.unit})`, kind: 'count' })),
        { label: 'Keluarga penerima (min. 1 program)', kind: 'count', width: 11 },
      ],
      rows: byKecamatan(model, (d) => [...model.programs.map((p) => d.byProgram[p.id] ?? 0), d.families]),
      note: 'KPM = keluarga penerima manfaat; jiwa = orang (program perorangan). Satu keluarga dapat menerima lebih dari satu program.',
    });
    const desilRow = (label: string, values: number[], kind: Row['kind'], no: string): Row => ({
      kind,
      cells: [no, label, ...values, values.reduce((a, b) => a + b, 0)],
    });
    blocks.push({
      type: 'table',
      caption: 'B. Sebaran desil keluarga penerima per program',
      columns: [
        { label: 'No', kind: 'text', width: 4 },
        { label: 'Program', kind: 'text', width: 22 },
        ...DESIL_COLUMNS,
        { label: 'Jumlah keluarga', kind: 'count', width: 8 },
      ],
      rows: [
        ...model.programs.map((p, i) =>
          desilRow(`${p.code} · ${p.name}`, model.desilByProgram[p.id] ?? zeros(), 'data', String(i + 1)),
        ),
        desilRow('Semua program (keluarga berbeda)', model.desilAll, 'total', ''),
      ],
      note: 'Bantuan sosial diutamakan bagi desil 1-4. Keluarga penerima di desil 5-10 atau tanpa desil perlu diperiksa.',
    });
  }
  blocks.push({
    type: 'signatures',
    place: placeLine(ctx.settings, ctx.now),
    signers: signersOf(ctx.settings, 'rekap'),
  });
  return {
    report: 'rekap',
    title: `Rekap Penerima${model.program ? ` ${model.program.code}` : ''} ${monthLabel(model.month)}`,
    orientation: 'landscape',
    kop: kopOf(ctx.settings),
    parts: [
      {
        sheet: 'Rekap',
        title: ['Rekapitulasi Penerima Bantuan Sosial', `Keadaan ${monthLabel(model.month)}`],
        letterhead: true,
        blocks,
      },
    ],
    generatedAt: ctx.now.toISOString(),
    generatedBy: ctx.username,
  };
}

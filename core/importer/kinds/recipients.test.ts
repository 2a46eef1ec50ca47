import ExcelJS from 'exceljs';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { userWithRole } from '../../../tests/support/core.ts';
import type { BansosCore } from '../../app.ts';
import { clerkCore, grant, importFile } from '../../../tests/support/importHarness.ts';

/**
 * Bank account, KKS card and phone columns in a recipients file (specific data, migration
 * 0011): read by the names offices give them, held to the registry's own rule (digits only),
 * stored, changed by a later file, and never shown to a role without registry.readSpecific.
 */
const HEADER = [
  'NOMOR_KK',
  'NOMOR_NIK',
  'NAMA',
  'TANGGAL_LAHIR',
  'JENIS_KELAMIN',
  'HUBUNGAN_KELUARGA',
  'DESA_KELURAHAN',
  'KECAMATAN',
  'No. Rekening',
  'NO_KKS',
  'No HP',
];
const KK = '3579012003150004';
const HEAD = [
  '3579011205800001',
  'Budi Santoso',
  '12-05-1980',
  'L',
  'KEPALA KELUARGA',
  'Oro-oro Ombo',
  'Batu',
];
const WIFE = ['3579015708830002', 'Siti Aminah', '17-08-1983', 'P', 'ISTRI', 'Oro-oro Ombo', 'Batu'];
const CHILD = ['3579010203100003', 'Ahmad Fauzi', '02-03-2010', 'L', 'ANAK', 'Oro-oro Ombo', 'Batu'];

async function workbook(path: string, rows: unknown[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Data');
  ws.addRow(HEADER);
  for (const r of rows) ws.addRow(r);
  for (const c of [1, 2, 9, 10]) ws.getColumn(c).numFmt = '@';
  await wb.xlsx.writeFile(path);
  return path;
}

describe('recipient import: bank account, KKS card and phone', () => {
  it('maps the columns, keeps digits only, stores and updates them, and masks them for the clerk', async () => {
    const { core, admin, clerk, files } = await clerkCore();
    const manager = await userWithRole(core, admin, 'manager');
    const path = await workbook(join(files, 'penerima-rekening.xlsx'), [
      [KK, ...HEAD, '0123-01-000456-50-7', '6013 0112 3456 7890', '+62 812-3456-7890'],
      // A phone typed into a number cell: Excel dropped its 0.
      [KK, ...WIFE, null, null, 81234567891],
      [KK, ...CHILD, 'BRI 0123', null, 'tidak ada'],
    ]);

    const { inspect, result } = await importFile(core, clerk, grant(core, clerk, path), { mode: 'commit' });
    expect(inspect.mapping).toMatchObject({
      'No. Rekening': 'bankAccount',
      NO_KKS: 'kksNumber',
      'No HP': 'phoneNumber',
    });
    const problems = result.problems.map((p) => [p.row, p.column, p.code, p.severity]);
    expect(problems).toContainEqual([3, 'No HP', 'PHONE_NUMBER_NUMERIC', 'warning']);
    expect(problems).toContainEqual([4, 'No. Rekening', 'BANK_ACCOUNT', 'error']);
    expect(problems).toContainEqual([4, 'No HP', 'PHONE_NUMBER', 'error']);
    expect(result.problems.find((p) => p.code === 'PHONE_NUMBER')?.message).toContain(
      'Nomor HP diawali 0 atau +62',
    );
    expect(result.counts).toMatchObject({ rows: 3, new: 2, errors: 1 });

    const stored = () =>
      core.db.sql.raw
        .prepare('SELECT nik, bank_account, kks_number, phone_number FROM people ORDER BY nik')
        .all();
    expect(stored()).toEqual([
      {
        nik: HEAD[0],
        bank_account: '012301000456507',
        kks_number: '6013011234567890',
        phone_number: '081234567890',
      },
      { nik: WIFE[0], bank_account: null, kks_number: null, phone_number: '081234567891' },
    ]);

    // A later file changes the head's phone; an empty cell erases nothing.
    const again = await workbook(join(files, 'penerima-hp-baru.xlsx'), [
      [KK, ...HEAD, null, null, '0813 1111 2222'],
    ]);
    const update = await importFile(core, clerk, grant(core, clerk, again), { mode: 'commit' });
    expect(update.result.counts).toMatchObject({ rows: 1, updated: 1, errors: 0 });
    expect(stored()[0]).toEqual({
      nik: HEAD[0],
      bank_account: '012301000456507',
      kks_number: '6013011234567890',
      phone_number: '081311112222',
    });
    // The batch record names the change, so the audit chain covers it (core/audit/batch.ts).
    const recorded = core.db.sql.raw
      .prepare("SELECT op, before_json FROM import_batch_rows WHERE batch_id = ? AND entity = 'people'")
      .all(update.result.batchId) as { op: string; before_json: string }[];
    expect(recorded).toHaveLength(1);
    expect(JSON.parse(recorded[0]!.before_json)).toMatchObject({ phone_number: '081234567890' });

    // The clerk imported the numbers but may not read them: the family page hides them everywhere
    // (members and history); the manager reads them.
    const householdId = (core.db.sql.raw.prepare('SELECT id FROM households').pluck().get() as string)!;
    const asClerk = await clerk.ok('households.get', { id: householdId });
    expect(asClerk.members.find((m) => m.nik === HEAD[0])).toMatchObject({
      bankAccount: null,
      kksNumber: null,
      phoneNumber: null,
      specificHidden: true,
    });
    const seenByClerk = JSON.stringify(asClerk);
    for (const digits of [
      '012301000456507',
      '6013011234567890',
      '081311112222',
      '081234567890',
      '081234567891',
    ])
      expect(seenByClerk).not.toContain(digits);
    const asManager = await manager.ok('households.get', { id: householdId });
    expect(asManager.members.find((m) => m.nik === HEAD[0])).toMatchObject({
      bankAccount: '012301000456507',
      kksNumber: '6013011234567890',
      phoneNumber: '081311112222',
      specificHidden: false,
    });
    await core.close();
  }, 120_000);
});

/**
 * The programme columns: a household-wide programme (BPNT; PKH for any member) is enrolled once
 * however many of the family's rows carry its flag, PBI-JK once per person, and a family already
 * in a programme gets no second enrolment from a later file.
 */
describe('recipient import: programme flags', () => {
  const FLAGS_HEADER = [
    'NOMOR_KK',
    'NOMOR_NIK',
    'NAMA',
    'TANGGAL_LAHIR',
    'JENIS_KELAMIN',
    'HUBUNGAN_KELUARGA',
    'DESA_KELURAHAN',
    'KECAMATAN',
    'BANSOS_BPNT',
    'BANSOS_PKH',
    'PBI_JKN',
  ];
  const OTHER_KK = '3579012003150005';
  async function flagsWorkbook(path: string, rows: unknown[][]): Promise<string> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Data');
    ws.addRow(FLAGS_HEADER);
    for (const r of rows) ws.addRow(r);
    for (const c of [1, 2]) ws.getColumn(c).numFmt = '@';
    await wb.xlsx.writeFile(path);
    return path;
  }
  const place = ['Oro-oro Ombo', 'Batu'];

  it('enrols a family once per household-wide programme and each flagged person once', async () => {
    const { core, clerk, files } = await clerkCore();
    const first = await flagsWorkbook(join(files, 'program-1.xlsx'), [
      [KK, '3579011205800001', 'Budi Santoso', '12-05-1980', 'L', 'KEPALA KELUARGA', ...place, 'YA', '', '1'],
      [KK, '3579015708830002', 'Siti Aminah', '17-08-1983', 'P', 'ISTRI', ...place, 'YA', '', '1'],
      [KK, '3579010203150003', 'Ahmad Fauzi', '02-03-2015', 'L', 'ANAK', ...place, 'YA', 'YA', '1'],
      [KK, '3579014104200004', 'Dewi Lestari', '01-04-2020', 'P', 'ANAK', ...place, '', 'YA', '1'],
      [
        OTHER_KK,
        '3579010101700005',
        'Slamet Rahayu',
        '01-01-1970',
        'L',
        'KEPALA KELUARGA',
        ...place,
        'YA',
        '',
        '',
      ],
    ]);
    const one = await importFile(core, clerk, grant(core, clerk, first), { mode: 'commit' });
    expect(one.result.counts).toMatchObject({ rows: 5, new: 5, errors: 0 });
    // The other family, already in BPNT: two more members flagged add no BPNT.
    const second = await flagsWorkbook(join(files, 'program-2.xlsx'), [
      [OTHER_KK, '3579014101750006', 'Sri Rahayu', '01-01-1975', 'P', 'ISTRI', ...place, 'YA', '', ''],
      [OTHER_KK, '3579010101000007', 'Agus Rahayu', '01-01-2000', 'L', 'ANAK', ...place, 'YA', '', ''],
    ]);
    const two = await importFile(core, clerk, grant(core, clerk, second), { mode: 'commit' });
    expect(two.result.counts).toMatchObject({ rows: 2, new: 2, errors: 0 });

    const enrolled = core.db.sql.raw
      .prepare(
        `SELECT h.kk_number AS kk, pr.code AS program, p.name AS person FROM enrolments e
         JOIN households h ON h.id = e.household_id JOIN programs pr ON pr.id = e.program_id
         LEFT JOIN people p ON p.id = e.person_id
         ORDER BY h.kk_number, pr.code, p.name`,
      )
      .all();
    expect(enrolled).toEqual([
      { kk: KK, program: 'BPNT', person: null },
      { kk: KK, program: 'PBI_JK', person: 'Ahmad Fauzi' },
      { kk: KK, program: 'PBI_JK', person: 'Budi Santoso' },
      { kk: KK, program: 'PBI_JK', person: 'Dewi Lestari' },
      { kk: KK, program: 'PBI_JK', person: 'Siti Aminah' },
      { kk: KK, program: 'PKH', person: 'Ahmad Fauzi' },
      { kk: OTHER_KK, program: 'BPNT', person: null },
    ]);
    await core.close();
  }, 120_000);
});

describe("a newer list changes a registered family's own values (UI probe: 'sudah sama')", () => {
  const FAMILY_HEADER = ['NO KK', 'NIK', 'NAMA', 'L/P', 'HUBUNGAN', 'DESA', 'ALAMAT', 'RT', 'RW', 'DESIL'];
  const csv = (dir: string, name: string, rows: string[][]) => {
    const path = join(dir, name);
    writeFileSync(path, [FAMILY_HEADER, ...rows].map((r) => r.join(';')).join('\r\n') + '\r\n');
    return path;
  };
  const head = ['3579012003150004', '3579011205800001', 'Budi Santoso', 'L', 'Kepala Keluarga', 'Sisir'];
  const wife = ['3579012003150004', '3579015708830002', 'Siti Aminah', 'P', 'Istri', 'Sisir'];
  const family = (core: BansosCore) =>
    core.db.sql.raw
      .prepare(
        "SELECT address, rt, rw, desil, desil_as_of IS NOT NULL AS dated FROM households WHERE kk_number = '3579012003150004'",
      )
      .get();

  it('updates address, RT and desil (with its history) from the first row, keeps what a cell leaves empty, and undo puts them back', async () => {
    const { core, clerk, files } = await clerkCore();
    await importFile(
      core,
      clerk,
      grant(
        core,
        clerk,
        csv(files, 'januari.csv', [
          [...head, 'Jl. Apel 10', '001', '003', ''],
          [...wife, 'Jl. Apel 10', '001', '003', ''],
        ]),
      ),
      { mode: 'commit' },
    );
    const newer = csv(files, 'februari.csv', [
      [...head, 'Jl. Apel 10 BARU', '002', '', '1'],
      // A member's row that disagrees does not undo the first row's values.
      [...wife, 'Jl. Lama', '001', '003', '4'],
    ]);
    const preview = await importFile(core, clerk, grant(core, clerk, newer), { mode: 'preview' });
    expect(preview.result.counts).toMatchObject({ updated: 1, unchanged: 1 });
    const run = await importFile(core, clerk, grant(core, clerk, newer), { mode: 'commit' });
    expect(run.result.counts).toMatchObject({ updated: 1, unchanged: 1, errors: 0 });
    expect(family(core)).toEqual({ address: 'Jl. Apel 10 BARU', rt: '002', rw: '003', desil: 1, dated: 1 });
    expect(core.db.sql.raw.prepare('SELECT desil, source FROM household_desil_history').all()).toEqual([
      { desil: 1, source: 'Impor' },
    ]);
    // Skipping registered people leaves their family alone too.
    const skipped = await importFile(
      core,
      clerk,
      grant(core, clerk, csv(files, 'maret.csv', [[...head, 'Jl. Jeruk 1', '005', '006', '2']])),
      { mode: 'commit', onExisting: 'skip' },
    );
    expect(skipped.result.counts).toMatchObject({ skipped: 1, updated: 0 });
    expect(family(core)).toMatchObject({ address: 'Jl. Apel 10 BARU', desil: 1 });
    expect(await clerk.ok('import.undo', { batchId: run.result.batchId! })).toMatchObject({ restored: 1 });
    expect(family(core)).toEqual({ address: 'Jl. Apel 10', rt: '001', rw: '003', desil: null, dated: 0 });
    expect(core.db.sql.raw.prepare('SELECT count(*) AS n FROM household_desil_history').get()).toEqual({
      n: 0,
    });
    await core.close();
  });
});

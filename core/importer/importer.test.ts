import ExcelJS from 'exceljs';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Output } from '../../common/api/contract.ts';
import type { Client } from '../../tests/support/core.ts';
import { setUpCore, userWithRole } from '../../tests/support/core.ts';
import { tempDir } from '../../tests/support/tempDir.ts';
import type { BansosCore } from '../app.ts';
import { parserThreadWarmed, warmParserThread } from './reader.ts';

const HEADER = [
  'NOMOR_KK',
  'NOMOR_NIK',
  'NAMA',
  'TANGGAL_LAHIR',
  'JENIS_KELAMIN',
  'HUBUNGAN_KELUARGA',
  'DESA_KELURAHAN',
  'KECAMATAN',
  'RT',
  'RW',
  'BANSOS_BPNT',
];

async function workbook(
  path: string,
  rows: unknown[][],
  options: { title?: string; textColumns?: number[] } = {},
) {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Catatan').addRow(['Daftar dari desa']);
  const ws = wb.addWorksheet('Data');
  if (options.title) {
    ws.addRow([options.title]);
    ws.mergeCells('A1:E1');
    ws.addRow([]);
  }
  ws.addRow(HEADER);
  for (const r of rows) ws.addRow(r);
  for (const c of options.textColumns ?? [1, 2]) ws.getColumn(c).numFmt = '@';
  await wb.xlsx.writeFile(path);
  return path;
}

const FAMILY = [
  [
    '3579012003150004',
    '3579011205800001',
    'Budi Santoso',
    '12-05-1980',
    'L',
    'KEPALA KELUARGA',
    'ORO ORO OMBO',
    'Batu',
    '2',
    '5',
    'YA',
  ],
  [
    '3579012003150004',
    '3579015708830002',
    'Siti Aminah',
    '17/08/1983',
    'P',
    'ISTRI',
    'Oro-oro Ombo',
    'Batu',
    '2',
    '5',
    'YA',
  ],
  [
    '3579012003150004',
    '3579010203100003',
    'Ahmad Fauzi',
    '2 Maret 2010',
    'L',
    'ANAK',
    'oro2 ombo',
    'Batu',
    '2',
    '5',
    '',
  ],
];

async function clerkCore() {
  const setup = await setUpCore();
  const clerk = await userWithRole(setup.core, setup.admin, 'clerk');
  return { ...setup, clerk };
}

/** Grants a file to the client's user, as a host dialog would. */
function grant(core: BansosCore, client: Client, path: string, mode: 'read' | 'write' = 'read'): string {
  const userId = core.sessions.get(client.token)!.userId;
  return core.files.grant(path, mode, userId);
}

async function runImport(
  core: BansosCore,
  client: Client,
  file: string,
  mode: 'preview' | 'commit',
  options: { onExisting?: 'update' | 'skip' | 'flag'; mapping?: Record<string, string | null> } = {},
) {
  const inspect = await client.ok('import.inspect', { file, kind: 'recipients' });
  const { jobId } = await client.ok('import.start', {
    file,
    kind: 'recipients',
    sheet: inspect.sheet,
    headerRow: inspect.headerRow,
    mapping: options.mapping ?? inspect.mapping,
    mode,
    options: { onExisting: options.onExisting ?? 'update' },
  });
  const job = await core.jobs.wait(jobId);
  if (job.state !== 'done') throw new Error(`${job.state}: ${job.error?.message}`);
  return {
    inspect,
    result: job.result as Output<'import.start'> & {
      counts: Record<string, number>;
      problems: { row: number; column: string | null; code: string; severity: string; message: string }[];
      batchId: string | null;
    },
  };
}

describe('recipient import', () => {
  it('finds the data sheet and header below a merged title, maps the columns, previews, commits and undoes', async () => {
    const { core, clerk, files } = await clerkCore();
    const path = await workbook(join(files, 'penerima.xlsx'), FAMILY, {
      title: 'DAFTAR PENERIMA BPNT DESA ORO-ORO OMBO 2026',
    });
    const file = grant(core, clerk, path);
    const preview = await runImport(core, clerk, file, 'preview');
    expect(preview.inspect).toMatchObject({ sheet: 'Data', headerRow: 3, missing: [] });
    expect(preview.inspect.mapping).toMatchObject({
      NOMOR_KK: 'kk',
      NOMOR_NIK: 'nik',
      NAMA: 'name',
      DESA_KELURAHAN: 'desa',
      BANSOS_BPNT: 'flagBpnt',
    });
    expect(preview.result.counts).toMatchObject({ rows: 3, valid: 3, new: 3, errors: 0 });
    expect((await clerk.ok('registry.listHouseholds', { limit: 5 })).total).toBe(0);

    const commit = await runImport(core, clerk, file, 'commit');
    expect(commit.result.counts).toEqual(preview.result.counts);
    // The trail holds the batch by the sum of its record (issue 14: one entry per import), not
    // a log of every row: a city-sized one would not fit in a sync request to the server.
    const stored = core.db.sql.raw.prepare('SELECT id, rows_sha256, row_count FROM import_batches').get() as {
      id: string;
      rows_sha256: string;
      row_count: number;
    };
    const entry = core.db.sql.raw
      .prepare("SELECT changes_json FROM audit_log WHERE action = 'import.commit'")
      .get() as { changes_json: string };
    expect(JSON.parse(entry.changes_json).rows_sha256).toEqual({ old: null, new: stored.rows_sha256 });
    const recorded = core.db.sql.raw
      .prepare('SELECT count(*) AS n FROM import_batch_rows WHERE batch_id = ?')
      .get(stored.id) as { n: number };
    expect(recorded.n).toBe(stored.row_count);
    expect(recorded.n).toBeGreaterThan(3);
    const list = await clerk.ok('registry.listHouseholds', { limit: 5 });
    expect(list.rows).toEqual([
      expect.objectContaining({
        kkNumber: '3579012003150004',
        headName: 'Budi Santoso',
        desaName: 'Oro-oro Ombo',
        rt: '002',
        rw: '005',
        members: 3,
        programs: ['BPNT'],
      }),
    ]);
    const page = await clerk.ok('households.get', { id: list.rows[0]!.id });
    expect(page.members.map((m) => [m.name, m.birthDate, m.relationship])).toEqual([
      ['Budi Santoso', '1980-05-12', 'kepala_keluarga'],
      ['Siti Aminah', '1983-08-17', 'istri'],
      ['Ahmad Fauzi', '2010-03-02', 'anak'],
    ]);
    // Names are indexed once the rows are in (core/registry/nameIndex.ts): found by a fragment.
    const found = await clerk.ok('registry.findPeople', { query: 'minah' });
    expect(found.map((p) => p.name)).toEqual(['Siti Aminah']);
    core.db.sql.raw.exec("INSERT INTO people_fts(people_fts, rank) VALUES ('integrity-check', 1)");

    // Importing the same file again changes nothing.
    expect((await runImport(core, clerk, file, 'preview')).result.counts).toMatchObject({
      new: 0,
      updated: 0,
      unchanged: 3,
    });

    const [batch] = await clerk.ok('import.batches', {});
    expect(batch).toMatchObject({ status: 'committed', fileName: 'penerima.xlsx' });
    expect(await clerk.ok('import.undo', { batchId: batch!.id })).toMatchObject({
      removed: expect.any(Number),
    });
    expect((await clerk.ok('registry.listHouseholds', { limit: 5 })).total).toBe(0);
    expect(await clerk.call('import.undo', { batchId: batch!.id })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    // After an undo the same NIKs can be imported again.
    expect((await runImport(core, clerk, file, 'commit')).result.counts.new).toBe(3);
    await core.close();
  });

  it('undoes a family whose head came after its members (the family changed within the batch), not one edited since', async () => {
    const { core, clerk, files } = await clerkCore();
    const path = await workbook(join(files, 'kepala-terakhir.xlsx'), [...FAMILY].reverse());
    const commit = await runImport(core, clerk, grant(core, clerk, path), 'commit');
    expect(commit.result.counts).toMatchObject({ new: 3, errors: 0 });
    const household = core.db.sql.raw.prepare('SELECT id, version, head_person_id FROM households').get() as {
      id: string;
      version: number;
      head_person_id: string | null;
    };
    // Created headless by Ahmad's row, then given Budi as head: version 2 when the batch commits.
    expect(household.version).toBe(2);
    const [batch] = await clerk.ok('import.batches', {});
    expect(await clerk.ok('import.undo', { batchId: batch!.id })).toEqual({ removed: 5, restored: 0 }); // 3 people, the family, its BPNT

    const again = await runImport(core, clerk, grant(core, clerk, path), 'commit');
    const id = (
      core.db.sql.raw.prepare('SELECT id FROM households WHERE deleted_at IS NULL').get() as { id: string }
    ).id;
    core.db.write({ userId: null, username: 'petugas' }, (changes) =>
      changes.update('households', id, { notes: 'Dikunjungi' }, 'household.update'),
    );
    expect(await clerk.call('import.undo', { batchId: again.result.batchId! })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    await core.close();
  });

  it('flags numeric NIKs: Excel-rounded ones are errors with the fix, exact ones warnings', async () => {
    const { core, clerk, files } = await clerkCore();
    const rows = [
      [
        '3579012003150004',
        3579011205800000,
        'Dibulatkan',
        '12-05-1980',
        'L',
        'KEPALA KELUARGA',
        'Sidomulyo',
        'Batu',
        '1',
        '1',
        '',
      ],
      [
        '3579012003150004',
        3579015708830002,
        'Angka Utuh',
        '17-08-1983',
        'P',
        'ISTRI',
        'Sidomulyo',
        'Batu',
        '1',
        '1',
        '',
      ],
      [
        '3579012003150004',
        '3,5799E+15',
        'Ilmiah',
        '01-01-1990',
        'L',
        'ANAK',
        'Sidomulyo',
        'Batu',
        '1',
        '1',
        '',
      ],
    ];
    const path = await workbook(join(files, 'angka.xlsx'), rows, { textColumns: [1] });
    const { result } = await runImport(core, clerk, grant(core, clerk, path), 'preview');
    const byRow = (n: number) => result.problems.filter((p) => p.row === n).map((p) => [p.code, p.severity]);
    expect(byRow(2)).toContainEqual(['NIK_NUMERIC_ROUNDED', 'error']);
    expect(result.problems.find((p) => p.code === 'NIK_NUMERIC_ROUNDED')?.message).toContain(
      'Format kolom sebagai Teks',
    );
    expect(byRow(3)).toContainEqual(['NIK_NUMERIC', 'warning']);
    expect(byRow(4)).toContainEqual(['NIK_SCIENTIFIC', 'error']);
    expect(result.counts).toMatchObject({ rows: 3, errors: 2, valid: 1 });
    await core.close();
  });

  it('reads a ;-separated Windows-1252 CSV and every date shape, refusing month-first dates', async () => {
    const { core, clerk, files } = await clerkCore();
    const lines = [
      'NO_KK;NIK;NAMA;TGL_LAHIR;JK;SHDK;DESA;RT;RW',
      '3579032003150004;3579031205800001;Sugeng Raharjo;12-05-1980;L;1;Junrejo;3;1',
      '3579032003150004;3579035708830002;Ratna Dewi;1983-08-17;P;2;Junrejo;3;1',
      '3579032003150004;3579030203100003;André Setiawan;02.03.2010;L;3;Junrejo;3;1',
      '3579032003150004;3579034411150004;Putri;4 Nopember 2015;P;3;Junrejo;3;1',
      '3579032003150004;3579030101900005;Salah Urut;12/25/1990;L;3;Junrejo;3;1',
    ];
    const path = join(files, 'desa.csv');
    writeFileSync(path, Buffer.from(lines.join('\r\n'), 'latin1'));
    const { inspect, result } = await runImport(core, clerk, grant(core, clerk, path), 'commit');
    expect(inspect).toMatchObject({ format: 'text', encoding: 'windows-1252', delimiter: ';' });
    expect(result.counts).toMatchObject({ rows: 5, new: 4, errors: 1 });
    expect(result.problems).toContainEqual(
      expect.objectContaining({ row: 6, column: 'TGL_LAHIR', code: 'DATE_MONTH_FIRST' }),
    );
    const people = await clerk.ok('registry.findPeople', { query: 'andre' });
    expect(people[0]).toMatchObject({ name: 'André Setiawan', birthDate: '2010-03-02' });
    await core.close();
  });

  it('reports duplicates inside the file and against the database, as the user chose', async () => {
    const { core, clerk, files } = await clerkCore();
    await runImport(
      core,
      clerk,
      grant(core, clerk, await workbook(join(files, 'awal.xlsx'), FAMILY.slice(0, 1))),
      'commit',
    );
    const rows = [
      [
        '3579012003150004',
        '3579011205800001',
        'Budi Santoso Baru',
        '12-05-1980',
        'L',
        'KEPALA KELUARGA',
        'Oro-oro Ombo',
        'Batu',
        '2',
        '5',
        '',
      ],
      [
        '3579012003150004',
        '3579015708830002',
        'Siti Aminah',
        '17-08-1983',
        'P',
        'ISTRI',
        'Oro-oro Ombo',
        'Batu',
        '2',
        '5',
        '',
      ],
      [
        '3579012003150004',
        '3579015708830002',
        'Siti Aminah Lagi',
        '17-08-1983',
        'P',
        'ISTRI',
        'Oro-oro Ombo',
        'Batu',
        '2',
        '5',
        '',
      ],
    ];
    const file = grant(core, clerk, await workbook(join(files, 'ulang.xlsx'), rows));
    const skip = (await runImport(core, clerk, file, 'preview', { onExisting: 'skip' })).result;
    expect(skip.counts).toMatchObject({ rows: 3, new: 1, skipped: 2, errors: 1 });
    expect(skip.problems).toContainEqual(
      expect.objectContaining({ row: 4, code: 'NIK_TWICE_IN_FILE', severity: 'error' }),
    );
    const flag = (await runImport(core, clerk, file, 'preview', { onExisting: 'flag' })).result;
    expect(flag.problems).toContainEqual(
      expect.objectContaining({ row: 2, code: 'EXISTS_FLAGGED', severity: 'warning' }),
    );
    const update = (await runImport(core, clerk, file, 'commit', { onExisting: 'update' })).result;
    expect(update.counts).toMatchObject({ new: 1, updated: 1 });
    expect((await clerk.ok('registry.findPeople', { query: '3579011205800001' }))[0]?.name).toBe(
      'Budi Santoso Baru',
    );
    await core.close();
  });

  it('writes an error workbook of the failed rows that imports once fixed', async () => {
    const { core, clerk, files } = await clerkCore();
    const rows = [
      ...FAMILY.slice(0, 2),
      [
        '3579012003150004',
        '3579014005800003',
        'NIK Salah',
        '01-01-2000',
        'L',
        'ANAK',
        'Oro-oro Ombo',
        'Batu',
        '2',
        '5',
        '',
      ],
    ];
    const file = grant(core, clerk, await workbook(join(files, 'salah.xlsx'), rows));
    const { inspect, result } = await runImport(core, clerk, file, 'commit');
    expect(result.counts).toMatchObject({ new: 2, errors: 1 });
    const target = join(files, 'perbaiki.xlsx');
    const { jobId } = await clerk.ok('import.errorWorkbook', {
      file,
      kind: 'recipients',
      sheet: inspect.sheet,
      headerRow: inspect.headerRow,
      mapping: inspect.mapping,
      options: { onExisting: 'update' },
      target: grant(core, clerk, target, 'write'),
    });
    expect(await core.jobs.wait(jobId)).toMatchObject({ state: 'done', result: { rows: 1 } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(target);
    const sheet = wb.worksheets[0]!;
    expect(sheet.getRow(2).values).toContain('MASALAH');
    const bad = sheet.getRow(3);
    expect(bad.getCell(2).value).toBe('3579014005800003');
    expect((bad.getCell(2).fill as { fgColor?: { argb?: string } }).fgColor?.argb).toBe('FFFFC7CE');
    expect(String(bad.getCell(HEADER.length + 1).value)).toContain('bukan tanggal lahir');
    // Fix the NIK in the error workbook and import it again.
    bad.getCell(2).value = '3579010101000003';
    await wb.xlsx.writeFile(target);
    const again = await runImport(core, clerk, grant(core, clerk, target), 'commit');
    expect(again.result.counts).toMatchObject({ rows: 1, new: 1, errors: 0 });
    await core.close();
  });
});

describe('export', () => {
  it('exports text NIKs, neutralises formulas in CSV, masks when asked, audits, and round-trips with no changes', async () => {
    const { core, admin, clerk, files } = await clerkCore();
    await runImport(core, clerk, grant(core, clerk, await workbook(join(files, 'a.xlsx'), FAMILY)), 'commit');
    const officer = await userWithRole(core, admin, 'officer');
    const household = (await officer.ok('registry.listHouseholds', { limit: 1 })).rows[0]!;
    const page = await officer.ok('households.get', { id: household.id });
    const m = page.members[2]!;
    await officer.ok('people.update', {
      id: m.id,
      expectedVersion: m.version,
      person: {
        nik: m.nik,
        name: '=HYPERLINK("http://x")',
        sex: 'L',
        birthDate: m.birthDate,
        relationship: 'anak',
      },
    });

    const xlsx = join(files, 'ekspor.xlsx');
    const { jobId } = await clerk.ok('export.start', {
      kind: 'recipients',
      format: 'xlsx',
      target: grant(core, clerk, xlsx, 'write'),
    });
    expect(await core.jobs.wait(jobId)).toMatchObject({ state: 'done', result: { rows: 3 } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const sheet = wb.worksheets[0]!;
    expect(sheet.getRow(1).getCell(2).value).toBe('NOMOR_NIK');
    expect(sheet.getRow(2).getCell(2).value).toBe('3579011205800001');
    expect(sheet.getRow(2).getCell(2).numFmt).toBe('@');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });

    const csv = join(files, 'ekspor.csv');
    const csvJob = await clerk.ok('export.start', {
      kind: 'recipients',
      format: 'csv',
      delimiter: ';',
      maskNik: true,
      target: grant(core, clerk, csv, 'write'),
    });
    await core.jobs.wait(csvJob.jobId);
    const text = (await import('node:fs')).readFileSync(csv, 'utf8');
    expect(text.startsWith('\ufeffNOMOR_KK;NOMOR_NIK;')).toBe(true);
    expect(text).toContain("'=HYPERLINK");
    expect(text).toContain('3579xxxxxxxx0001');
    expect(text).not.toContain('3579011205800001');
    const audit = (await admin.ok('audit.list', { limit: 20, action: 'export' })).entries;
    expect(audit.map((e) => e.changes)).toContainEqual(
      expect.objectContaining({ kind: 'recipients', maskNik: true, rows: 3 }),
    );

    // Round trip: the unmasked export imports back with nothing to change.
    await officer.ok('people.update', {
      id: m.id,
      expectedVersion: m.version + 1,
      person: { nik: m.nik, name: 'Ahmad Fauzi', sex: 'L', birthDate: m.birthDate, relationship: 'anak' },
    });
    const again = join(files, 'ekspor2.xlsx');
    await core.jobs.wait(
      (await clerk.ok('export.start', { kind: 'recipients', target: grant(core, clerk, again, 'write') }))
        .jobId,
    );
    const back = await runImport(core, clerk, grant(core, clerk, again), 'preview');
    expect(back.result.counts).toMatchObject({ rows: 3, new: 0, updated: 0, unchanged: 3, errors: 0 });
    void tempDir;
    await core.close();
  });

  it("refuses a file beyond the office's own limits, set by the admin in Pengaturan", async () => {
    const { core, admin, clerk, files } = await clerkCore();
    const rows = Array.from({ length: 120 }, (_, i) => {
      const row = [...FAMILY[0]!];
      row[1] = `35790112058${String(10000 + i).slice(1)}`;
      return row;
    });
    const file = grant(core, clerk, await workbook(join(files, 'besar.xlsx'), rows));
    // The defaults read it.
    expect((await clerk.ok('import.inspect', { file, kind: 'recipients' })).missing).toEqual([]);
    const settings = await admin.ok('settings.get', {});
    await admin.ok('settings.update', { importLimits: { ...settings.importLimits, maxRows: 100 } });
    expect(await clerk.call('import.inspect', { file, kind: 'recipients' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringMatching(/^Berkas memuat lebih dari 100 baris/) },
    });
    expect(
      await admin.call('settings.update', { importLimits: { ...settings.importLimits, maxRows: 5 } }),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        fields: [{ path: 'importLimits.maxRows', message: 'Minimal 100 baris.' }],
      },
    });
    await core.close();
  });
});

describe('the threads kept ready while an import runs', () => {
  /** A CSV of `rows` people, each with a note `noteChars` long (a column nobody maps). */
  function csv(path: string, rows: number, noteChars: number) {
    const lines = [[...HEADER, 'CATATAN'].join(',')];
    for (let i = 0; i < rows; i++) {
      const serial = String(1 + i).padStart(4, '0');
      lines.push(
        [
          `357901200315${serial}`,
          `357901120580${serial}`,
          `Warga ${i}`,
          '12-05-1980',
          'L',
          'KEPALA KELUARGA',
          'ORO ORO OMBO',
          'Batu',
          '2',
          '5',
          'YA',
          'c'.repeat(noteChars),
        ].join(','),
      );
    }
    writeFileSync(path, lines.join('\n'));
    return path;
  }

  async function start(core: BansosCore, client: Client, file: string) {
    const inspect = await client.ok('import.inspect', { file, kind: 'recipients' });
    return client.ok('import.start', {
      file,
      kind: 'recipients',
      sheet: inspect.sheet,
      headerRow: inspect.headerRow,
      mapping: inspect.mapping,
      mode: 'preview',
      options: { onExisting: 'update' },
    });
  }

  it('a small file leaves the reader ready for the next; a city-sized one rests it until it ends', async () => {
    const { core, clerk, files } = await clerkCore();
    warmParserThread();
    const small = grant(core, clerk, csv(join(files, 'kecil.csv'), 30, 0));
    const { jobId: smallJob } = await start(core, clerk, small);
    expect(parserThreadWarmed(), 'while a 30-row file is checked').toBe(true);
    expect((await core.jobs.wait(smallJob)).state).toBe('done');
    expect(parserThreadWarmed(), 'once it is checked').toBe(true);

    // Over 2 MB, as a city's list is: its size is what the handler weighs, not its rows.
    const large = grant(core, clerk, csv(join(files, 'kota.csv'), 1_100, 2_000));
    const { jobId: largeJob } = await start(core, clerk, large);
    expect(parserThreadWarmed(), 'while a 2 MB file is checked').toBe(false);
    expect((await core.jobs.wait(largeJob)).state).toBe('done');
    await expect.poll(() => parserThreadWarmed(), { timeout: 10_000 }).toBe(true);
    await core.close();
  });
});

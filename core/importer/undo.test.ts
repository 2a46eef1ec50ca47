import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BansosCore } from '../app.ts';
import { userInArea, userWithRole } from '../../tests/support/core.ts';
import { verifyChain } from '../audit/chain.ts';
import { householdHistory } from '../registry/householdPage.ts';
import { RegionNames } from '../regions/names.ts';
import { computeDataSaya } from '../reports/dataSaya.ts';
import { readReportSettings } from '../reports/settings.ts';
import { clerkCore, grant, importFile, looksLikeUserMessage } from '../../tests/support/importHarness.ts';

/**
 * Issue 11, "undo never orphans": an import's undo is refused while later work (another import,
 * a hand edit) hangs off the families and people it created, and says which work that is.
 */

const HEADER = 'NOMOR_KK;NOMOR_NIK;NAMA;TANGGAL_LAHIR;JENIS_KELAMIN;HUBUNGAN_KELUARGA;DESA_KELURAHAN';
const KK_1 = '3579012003150004';
const KK_2 = '3579012003150012';

/** Import A: two families. NIK = 3579 01 DDMMYY SSSS, women's day + 40. */
const A_ROWS = [
  [KK_1, '3579011205800001', 'Budi Santoso', '12-05-1980', 'L', 'KEPALA KELUARGA', 'Oro-oro Ombo'],
  [KK_1, '3579015708830002', 'Siti Aminah', '17-08-1983', 'P', 'ISTRI', 'Oro-oro Ombo'],
  [KK_2, '3579010101750003', 'Joko Susilo', '01-01-1975', 'L', 'KEPALA KELUARGA', 'Oro-oro Ombo'],
];
/** Import B: three children for A's families (the same KK numbers). */
const B_ROWS = [
  [KK_1, '3579010203100004', 'Ahmad Fauzi', '02-03-2010', 'L', 'ANAK', 'Oro-oro Ombo'],
  [KK_1, '3579014506120005', 'Dewi Lestari', '05-06-2012', 'P', 'ANAK', 'Oro-oro Ombo'],
  [KK_2, '3579015509000006', 'Rina Wati', '15-09-2000', 'P', 'ANAK', 'Oro-oro Ombo'],
];

function csv(folder: string, name: string, rows: string[][]): string {
  const path = join(folder, name);
  writeFileSync(path, [HEADER, ...rows.map((r) => r.join(';'))].join('\r\n') + '\r\n');
  return path;
}

async function importCsv(
  setup: Awaited<ReturnType<typeof clerkCore>>,
  name: string,
  rows: string[][],
): Promise<string> {
  const { core, clerk, files } = setup;
  const run = await importFile(core, clerk, grant(core, clerk, csv(files, name, rows)), { mode: 'commit' });
  expect(run.result.counts).toMatchObject({ new: rows.length, errors: 0 });
  return run.result.batchId!;
}

const count = (core: BansosCore, query: string, ...params: unknown[]) =>
  (core.db.sql.raw.prepare(query).get(...params) as { n: number }).n;

/** What every successful undo must leave: no live person or enrolment in a deleted family. */
function expectNoOrphans(core: BansosCore) {
  expect(
    count(
      core,
      `SELECT count(*) AS n FROM people p JOIN households h ON h.id = p.household_id
       WHERE p.deleted_at IS NULL AND h.deleted_at IS NOT NULL`,
    ),
    'live people in deleted families',
  ).toBe(0);
  expect(
    count(
      core,
      `SELECT count(*) AS n FROM enrolments e JOIN households h ON h.id = e.household_id
       WHERE e.deleted_at IS NULL AND h.deleted_at IS NOT NULL`,
    ),
    'live enrolments of deleted families',
  ).toBe(0);
}

const liveHouseholds = (core: BansosCore) =>
  count(core, 'SELECT count(*) AS n FROM households WHERE deleted_at IS NULL');
const livePeople = (core: BansosCore) =>
  count(core, 'SELECT count(*) AS n FROM people WHERE deleted_at IS NULL');
const householdOf = (core: BansosCore, kk: string) =>
  (
    core.db.sql.raw
      .prepare('SELECT id FROM households WHERE kk_number = ? AND deleted_at IS NULL')
      .get(kk) as { id: string }
  ).id;

function expectRefusal(
  result: { ok: true } | { ok: false; error: { code: string; message: string } },
): string {
  if (result.ok) expect.fail('the undo was not refused');
  expect(result.error.code).toBe('CONFLICT');
  expect(looksLikeUserMessage(result.error.message)).toEqual([]);
  return result.error.message;
}

/** An officer edits Siti (of import A) by hand, under `name`, giving her mother's name. */
async function officerEditsSiti(setup: Awaited<ReturnType<typeof clerkCore>>, name: string) {
  const officer = await userWithRole(setup.core, setup.admin, 'officer');
  const siti = setup.core.db.sql.raw
    .prepare("SELECT id, version FROM people WHERE nik = '3579015708830002'")
    .get() as { id: string; version: number };
  await officer.ok('people.update', {
    id: siti.id,
    expectedVersion: siti.version,
    person: {
      nik: '3579015708830002',
      name,
      sex: 'P',
      birthDate: '1983-08-17',
      relationship: 'istri',
      motherName: 'Sumarni',
    },
  });
}

describe('undoing an import never orphans later work', () => {
  it('refuses to undo A while B’s people live in A’s families, naming B; B then A undo cleanly', async () => {
    const setup = await clerkCore();
    const { core, clerk } = setup;
    const a = await importCsv(setup, 'A.csv', A_ROWS);
    const b = await importCsv(setup, 'B.csv', B_ROWS);
    expect(liveHouseholds(core)).toBe(2);
    expect(livePeople(core)).toBe(6);

    const message = expectRefusal(await clerk.call('import.undo', { batchId: a }));
    expect(message).toMatch(/^Impor ini tidak dapat dibatalkan: 3 orang dari impor "B\.csv" \(/);
    expect(message).toContain('oleh clerk1) sudah ditambahkan ke keluarga yang dibuat impor ini.');
    expect(message).toContain('Batalkan impor "B.csv" lebih dulu, lalu batalkan impor ini.');
    // Refused as a whole: nothing was touched, A is still committed.
    expect(liveHouseholds(core)).toBe(2);
    expect(livePeople(core)).toBe(6);
    expect((await clerk.ok('import.batches', {})).map((x) => x.status)).toEqual(['committed', 'committed']);

    // Undoing B alone removes only B's three people; A's families and members stay.
    expect(await clerk.ok('import.undo', { batchId: b })).toEqual({ removed: 3, restored: 0 });
    expectNoOrphans(core);
    expect(liveHouseholds(core)).toBe(2);
    expect(livePeople(core)).toBe(3);
    expect(
      (await clerk.ok('registry.listHouseholds', { limit: 5 })).rows
        .map((r) => [r.kkNumber, r.members])
        .sort(),
    ).toEqual([
      [KK_1, 2],
      [KK_2, 1],
    ]);

    expect(await clerk.ok('import.undo', { batchId: a })).toEqual({ removed: 5, restored: 0 });
    expectNoOrphans(core);
    expect(liveHouseholds(core)).toBe(0);
    expect(livePeople(core)).toBe(0);
    await core.close();
  });

  it('refuses while a member added by hand lives in A’s family, naming the edit; moved out, A undoes', async () => {
    const setup = await clerkCore();
    const { core, clerk, admin } = setup;
    const a = await importCsv(setup, 'A.csv', A_ROWS);
    const officer = await userWithRole(core, admin, 'officer');
    const added = await officer.ok('people.add', {
      householdId: householdOf(core, KK_1),
      person: {
        nik: '3579014506120005',
        name: 'Dewi Lestari',
        sex: 'P',
        birthDate: '2012-06-05',
        relationship: 'anak',
      },
    });

    const message = expectRefusal(await clerk.call('import.undo', { batchId: a }));
    expect(message).toMatch(/^Impor ini tidak dapat dibatalkan: ada perubahan yang dibuat langsung/);
    expect(message).toContain(`Anggota ditambahkan: Dewi Lestari, keluarga KK ${KK_1} (`);
    expect(message).toContain('oleh officer1)');
    expect(message).toContain('Pindahkan anggota tersebut ke keluarga lain lebih dulu');
    expect(message).not.toContain('impor "');
    expect(livePeople(core)).toBe(4);

    // The officer moves her into another family (registered by hand), then A undoes.
    const other = await officer.ok('households.create', {
      household: { kkNumber: '3579010110260007', desaCode: '35.79.01.2006', address: 'Dusun Krajan' },
      members: [
        {
          nik: '3579010302700008',
          name: 'Slamet Riyadi',
          sex: 'L',
          birthDate: '1970-02-03',
          relationship: 'kepala_keluarga',
        },
      ],
    });
    await officer.ok('people.move', {
      id: added.value.id,
      toHouseholdId: other.value.id,
      relationship: 'famili_lain',
      reason: 'Ikut keluarga paman',
    });
    expect(await clerk.ok('import.undo', { batchId: a })).toEqual({ removed: 5, restored: 0 });
    expectNoOrphans(core);
    // The hand-made family and both its members stay.
    expect(liveHouseholds(core)).toBe(1);
    expect(livePeople(core)).toBe(2);
    await core.close();
  });

  it('refuses while a family of A is enrolled in a programme by hand, naming the enrolment', async () => {
    const setup = await clerkCore();
    const { core, clerk, admin } = setup;
    const a = await importCsv(setup, 'A.csv', A_ROWS);
    const officer = await userWithRole(core, admin, 'officer');
    const bpnt = (await officer.ok('reference.programs', {})).find((p) => p.code === 'BPNT')!;
    await officer.ok('enrolments.create', {
      householdId: householdOf(core, KK_2),
      programId: bpnt.id,
      status: 'aktif',
    });

    const message = expectRefusal(await clerk.call('import.undo', { batchId: a }));
    expect(message).toContain(`Didaftarkan ke program: BPNT, keluarga KK ${KK_2} (`);
    expect(message).toContain('oleh officer1)');
    expect(message).toContain('tetap memakai keluarga ini');
    expect(liveHouseholds(core)).toBe(2);
    expect(count(core, 'SELECT count(*) AS n FROM enrolments WHERE deleted_at IS NULL')).toBe(1);
    await core.close();
  });

  it('a later import that named the head of A’s headless family: A waits for it, then undoes cleanly', async () => {
    const setup = await clerkCore();
    const { core, clerk } = setup;
    // The wife's row comes first and no row names a head: the family is registered headless.
    const a = await importCsv(setup, 'A.csv', [A_ROWS[1]!]);
    const b = await importCsv(setup, 'B.csv', [A_ROWS[0]!]);
    const head = () =>
      (
        core.db.sql.raw
          .prepare('SELECT head_person_id AS h FROM households WHERE kk_number = ?')
          .get(KK_1) as {
          h: string | null;
        }
      ).h;
    expect(head()).not.toBeNull();

    expect(expectRefusal(await clerk.call('import.undo', { batchId: a }))).toContain(
      '1 orang dari impor "B.csv"',
    );
    // B's undo takes its head away again: no family keeps a deleted person as its head.
    await clerk.ok('import.undo', { batchId: b });
    expect(head()).toBeNull();
    expectNoOrphans(core);
    // The family's version moved on only through B and B's undo: A may still undo.
    expect(await clerk.ok('import.undo', { batchId: a })).toEqual({ removed: 2, restored: 0 });
    expectNoOrphans(core);
    expect(liveHouseholds(core)).toBe(0);
    await core.close();
  });

  it('a row of A whose version moved with no entry of its own (as sync applies rows): refused', async () => {
    const setup = await clerkCore();
    const { core, clerk } = setup;
    const a = await importCsv(setup, 'A.csv', A_ROWS);
    core.db.sql.raw.prepare("UPDATE people SET version = version + 1 WHERE nik = '3579010101750003'").run();
    const message = expectRefusal(await clerk.call('import.undo', { batchId: a }));
    expect(message).toMatch(
      /^Sebagian data dari impor ini sudah diubah setelah diimpor\. Pembatalan tidak aman/,
    );
    expect(livePeople(core)).toBe(3);
    await core.close();
  });

  it('a person of A edited by hand: refused, naming the edit', async () => {
    const setup = await clerkCore();
    const { core, clerk } = setup;
    const a = await importCsv(setup, 'A.csv', A_ROWS);
    await officerEditsSiti(setup, 'Siti Aminah');
    const message = expectRefusal(await clerk.call('import.undo', { batchId: a }));
    expect(message).toContain('Sebagian data dari impor ini sudah diubah setelah diimpor');
    expect(message).toContain(`Data anggota diubah: Siti Aminah, keluarga KK ${KK_1},`);
    expect(message).toContain('oleh officer1)');
    await core.close();
  });

  it('a person B changed, edited by hand after: undoing B is refused, naming the edit', async () => {
    const setup = await clerkCore();
    const { core, clerk, files } = setup;
    await importCsv(setup, 'A.csv', A_ROWS);
    // B renames Siti (a row of a registered NIK is an update).
    const renamed = [
      [KK_1, '3579015708830002', 'Siti Aminah Rahayu', '17-08-1983', 'P', 'ISTRI', 'Oro-oro Ombo'],
    ];
    const b = await importFile(core, clerk, grant(core, clerk, csv(files, 'B.csv', renamed)), {
      mode: 'commit',
    });
    expect(b.result.counts).toMatchObject({ updated: 1, errors: 0 });
    await officerEditsSiti(setup, 'Siti Aminah Rahayu');
    const message = expectRefusal(await clerk.call('import.undo', { batchId: b.result.batchId! }));
    expect(message).toContain('Sebagian data yang diubah impor ini sudah diubah lagi sesudahnya');
    expect(message).toContain(`Data anggota diubah: Siti Aminah Rahayu, keluarga KK ${KK_1},`);
    expect(message).toContain('oleh officer1)');
    await core.close();
  });
});

/**
 * Issue 14: an import is audited and synced as one batch, and so is its undo. A row at a time,
 * undoing a 30,000-row import wrote 54,000 audit entries and outbox rows.
 */
describe('an undo is audited and synced as one batch', () => {
  const all = <T>(core: BansosCore, query: string, ...params: unknown[]) =>
    core.db.sql.raw.prepare(query).all(...params) as T[];

  it('writes one audit entry naming the batch, its rows in chunks, and verifies; an edit after it is found', async () => {
    const setup = await clerkCore();
    const { core, clerk } = setup;
    const a = await importCsv(setup, 'A.csv', A_ROWS);
    const seqBefore = count(core, 'SELECT max(seq) AS n FROM audit_log');
    const outboxBefore = count(core, 'SELECT max(device_seq) AS n FROM sync_outbox');

    expect(await clerk.ok('import.undo', { batchId: a })).toEqual({ removed: 5, restored: 0 });

    const entries = all<{ action: string; entity: string; entity_id: string; changes_json: string }>(
      core,
      'SELECT action, entity, entity_id, changes_json FROM audit_log WHERE seq > ? ORDER BY seq',
      seqBefore,
    );
    expect(entries.map((e) => e.action)).toEqual(['import.undo.batch']);
    const undoId = entries[0]!.entity_id;
    const changes = JSON.parse(entries[0]!.changes_json) as Record<string, { new: unknown }>;
    expect(changes.undoes!.new).toBe(a);
    // Five rows put back and the batch's own status: six lines, summed into the entry.
    expect(changes.row_count!.new).toBe(6);
    expect(
      all<{ entity: string; op: string; household_id: string | null }>(
        core,
        'SELECT entity, op, household_id FROM import_batch_rows WHERE batch_id = ? ORDER BY entity',
        undoId,
      ).map((r) => `${r.entity} ${r.op} ${r.household_id ? 'family' : '-'}`),
    ).toEqual([
      'households update family',
      'households update family',
      'import_batches update -',
      'people update family',
      'people update family',
      'people update family',
    ]);

    // The rows travel in the batch's chunks, not one outbox row each.
    const outbox = all<{ entity: string; entity_id: string; op: string }>(
      core,
      'SELECT entity, entity_id, op FROM sync_outbox WHERE device_seq > ?',
      outboxBefore,
    );
    expect(outbox).toEqual([{ entity: 'import_batch', entity_id: undoId, op: 'batch' }]);

    // The import list shows the import as undone, not the undo as an import of its own.
    const batches = await clerk.ok('import.batches', {});
    expect(batches.map((b) => [b.id, b.status])).toEqual([[a, 'undone']]);
    expect(verifyChain(core.db.sql)).toMatchObject({ ok: true, problems: [] });

    // A removed person put back by hand behind the app's back breaks the undo's sum.
    core.db.sql.raw.prepare("UPDATE people SET deleted_at = NULL WHERE nik = '3579015708830002'").run();
    const edited = verifyChain(core.db.sql);
    expect(edited.ok).toBe(false);
    expect(edited.problems.map((p) => p.message).join('\n')).toMatch(/1 baris people dari impor/);
    await core.close();
  });

  it('the family history and Data Saya name the undo once', async () => {
    const setup = await clerkCore();
    const { core, clerk } = setup;
    const a = await importCsv(setup, 'A.csv', A_ROWS);
    const family = householdOf(core, KK_1);
    await clerk.ok('import.undo', { batchId: a });
    const sql = core.db.sql;
    const history = householdHistory(sql, family);
    expect(history.filter((h) => h.action === 'import.undo.batch')).toHaveLength(1);
    const trail = computeDataSaya(
      {
        sql,
        regions: new RegionNames(sql),
        scope: { desaCodes: null, readSpecific: true, userId: 'test', username: 'test' },
        now: new Date(),
        username: 'test',
        settings: readReportSettings(sql),
      },
      { nik: '3579015708830002' },
    ).trail;
    expect(trail.filter((t) => t.activity === 'Impor data dibatalkan')).toHaveLength(1);
    await core.close();
  });

  it('answers other requests while the undo runs in its job thread', async () => {
    const setup = await clerkCore();
    const { core, clerk } = setup;
    // 1,000 families of three: an undo that takes a while, beside a request that does not.
    const FIRST = ['Agus', 'Budi', 'Dedi', 'Eko', 'Hadi', 'Joko', 'Slamet', 'Wahyu', 'Yudi', 'Rudi'];
    const LAST = [
      'Santoso',
      'Wibowo',
      'Hartono',
      'Susanto',
      'Prasetyo',
      'Setiawan',
      'Gunawan',
      'Kurniawan',
      'Saputra',
      'Hidayat',
    ];
    const rows: string[][] = [];
    for (let f = 1; f <= 1000; f++) {
      const kk = `3579012003${String(f).padStart(6, '0')}`;
      const name = (n: number) =>
        `${FIRST[n % 10]} ${LAST[Math.floor(n / 10) % 10]} ${LAST[Math.floor(n / 100) % 10]}`;
      rows.push(
        [
          kk,
          `357901120580${String(f).padStart(4, '0')}`,
          name(f),
          '12-05-1980',
          'L',
          'KEPALA KELUARGA',
          'Oro-oro Ombo',
        ],
        [
          kk,
          `357901570883${String(f).padStart(4, '0')}`,
          `Siti ${name(f)}`,
          '17-08-1983',
          'P',
          'ISTRI',
          'Oro-oro Ombo',
        ],
        [
          kk,
          `357901020310${String(f).padStart(4, '0')}`,
          `Anak ${name(f)}`,
          '02-03-2010',
          'L',
          'ANAK',
          'Oro-oro Ombo',
        ],
      );
    }
    const a = await importCsv(setup, 'A.csv', rows);
    const answered: string[] = [];
    const undo = clerk.ok('import.undo', { batchId: a }).then(() => answered.push('undo'));
    await clerk.ok('import.batches', {}).then(() => answered.push('list'));
    await undo;
    // On the main thread the undo held every request behind it until it was done.
    expect(answered).toEqual(['list', 'undo']);
    expect(livePeople(core)).toBe(0);
    await core.close();
  });
});

/**
 * Security review F1: undoing removes or rewinds families, so a clerk limited to an area may
 * list and undo only the batches whose every family is in it.
 */
describe('an area-limited clerk and the import batches', () => {
  /** A clerk working in the given kecamatan, logged in with their own password. */
  async function areaClerk(
    setup: Awaited<ReturnType<typeof clerkCore>>,
    username: string,
    kecamatan: string,
  ) {
    const { core, admin } = setup;
    const area = { kecamatan: [kecamatan], desa: [] };
    return (await userInArea(core, admin, 'clerk', { username, fullName: username, area })).client;
  }

  it('sees and undoes only batches wholly inside their area; the others are refused untouched', async () => {
    const setup = await clerkCore();
    const { core } = setup;
    // A whole-city clerk imports Oro-oro Ombo (Kec. Batu) families, then a file with a Punten (Kec. Bumiaji) one too.
    const batu = await importCsv(setup, 'batu.csv', A_ROWS);
    const mixed = await importCsv(setup, 'campur.csv', [
      [
        '3579012003150020',
        '3579011506700007',
        'Hari Purnomo',
        '15-06-1970',
        'L',
        'KEPALA KELUARGA',
        'Oro-oro Ombo',
      ],
      [
        '3579022003150021',
        '3579022107720008',
        'Tono Sugiarto',
        '21-07-1972',
        'L',
        'KEPALA KELUARGA',
        'Punten',
      ],
    ]);
    expect(liveHouseholds(core)).toBe(4);

    const bumiaji = await areaClerk(setup, 'operator.bumiaji', '35.79.02');
    expect(await bumiaji.ok('import.batches', {})).toEqual([]);
    for (const batchId of [batu, mixed]) {
      const refused = await bumiaji.call('import.undo', { batchId });
      expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      if (!refused.ok)
        expect(refused.error.message).toMatch(/^Impor ini mengubah data keluarga di luar wilayah/);
    }
    expect(liveHouseholds(core)).toBe(4);

    const kecBatu = await areaClerk(setup, 'operator.batu', '35.79.01');
    expect((await kecBatu.ok('import.batches', {})).map((b) => b.fileName)).toEqual(['batu.csv']);
    expect(await kecBatu.call('import.undo', { batchId: mixed })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(liveHouseholds(core)).toBe(4);
    expect(await kecBatu.ok('import.undo', { batchId: batu })).toEqual({ removed: 5, restored: 0 });
    expect(liveHouseholds(core)).toBe(2);
    await core.close();
  });
});

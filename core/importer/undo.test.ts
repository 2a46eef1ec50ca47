import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BansosCore } from '../app.ts';
import { userWithRole } from '../../tests/support/core.ts';
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
    const { core, clerk, admin } = setup;
    const a = await importCsv(setup, 'A.csv', A_ROWS);
    const officer = await userWithRole(core, admin, 'officer');
    const siti = core.db.sql.raw
      .prepare("SELECT id, version FROM people WHERE nik = '3579015708830002'")
      .get() as { id: string; version: number };
    await officer.ok('people.update', {
      id: siti.id,
      expectedVersion: siti.version,
      person: {
        nik: '3579015708830002',
        name: 'Siti Aminah',
        sex: 'P',
        birthDate: '1983-08-17',
        relationship: 'istri',
        motherName: 'Sumarni',
      },
    });
    const message = expectRefusal(await clerk.call('import.undo', { batchId: a }));
    expect(message).toContain('Sebagian data dari impor ini sudah diubah setelah diimpor');
    expect(message).toContain(`Data anggota diubah: Siti Aminah, keluarga KK ${KK_1},`);
    expect(message).toContain('oleh officer1)');
    await core.close();
  });
});

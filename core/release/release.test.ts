import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_PASSWORD, fillDemo } from '../demo/setupDemo.ts';
import { kk as kkNumber, nik as nikNumber } from '../../tests/fixtures/import/corpus.ts';
import { Client, setUpCore } from '../../tests/support/core.ts';
import { grant } from '../../tests/support/importHarness.ts';
import { convertWithLibreOffice, findSoffice } from '../../tests/support/libreoffice.ts';
import { tempDir } from '../../tests/support/tempDir.ts';
import type { ReleaseCategory } from '../../common/api/methods/release.ts';

/**
 * Issue 15, a DTKS/DTSEN release reconciled: over the demo data, a release with 5% of the DTKS
 * families gone, 3% new people, 10% desil changes and some name, KK, address and death
 * changes, written by exceljs and saved again by LibreOffice. Every category list is checked
 * against what the test built and an SQL query written here, then changes are accepted (in
 * bulk and one by one) and refused (a verification item with the reason).
 */

interface FileRow {
  dtksId: string;
  nik: string;
  kk: string;
  name: string;
  address: string;
  desa: string;
  kecamatan: string;
  desil: number;
  status: string;
}

async function writeRelease(path: string, rows: FileRow[]) {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('DTSEN');
  sheet.addRow(['DATA TERPADU SOSIAL EKONOMI NASIONAL - KOTA BATU']);
  sheet.addRow([]);
  sheet.addRow([
    'NO',
    'ID DTKS',
    'NIK',
    'NO KK',
    'NAMA',
    'ALAMAT',
    'KECAMATAN',
    'DESA/KELURAHAN',
    'DESIL',
    'STATUS',
  ]);
  rows.forEach((r, i) => {
    const row = sheet.addRow([
      i + 1,
      r.dtksId,
      r.nik,
      r.kk,
      r.name,
      r.address,
      r.kecamatan,
      r.desa,
      r.desil,
      r.status,
    ]);
    for (const c of [2, 3, 4]) row.getCell(c).numFmt = '@';
  });
  await workbook.xlsx.writeFile(path);
}

async function world() {
  const { core, admin } = await setUpCore();
  await fillDemo(core, (method, input) => admin.call(method as never, input as never), 160);
  const login = async (username: string) => {
    const client = new Client(core);
    await client.ok('auth.login', { username, password: DEMO_PASSWORD });
    return client;
  };
  return { core, admin, clerk: await login('operator.demo'), manager: await login('manajer.demo') };
}

type World = Awaited<ReturnType<typeof world>>;

interface Built {
  rows: FileRow[];
  gone: Set<string>;
  newNiks: Set<string>;
  desil: Map<string, { before: number; after: number }>;
  names: Set<string>;
  kks: Set<string>;
  addresses: Set<string>;
  died: Set<string>;
}

/** The release as the ministry would send it, built from the registry with the changes known. */
function buildRelease(w: World): Built {
  const raw = w.core.db.sql.raw;
  const families = raw
    .prepare(
      `SELECT h.id, h.kk_number, h.address, h.desil, h.desa_code, d.name AS desa, k.name AS kecamatan
         FROM households h JOIN regions d ON d.code = h.desa_code JOIN regions k ON k.code = d.parent_code
        WHERE h.deleted_at IS NULL AND h.dtks_status = 'DTKS' ORDER BY h.id`,
    )
    .all() as {
    id: string;
    kk_number: string;
    address: string;
    desil: number;
    desa_code: string;
    desa: string;
    kecamatan: string;
  }[];
  const membersOf = raw.prepare(
    `SELECT id, nik, name FROM people WHERE household_id = ? AND deleted_at IS NULL AND status = 'aktif' AND nik IS NOT NULL ORDER BY row_no`,
  );
  const built: Built = {
    rows: [],
    gone: new Set(),
    newNiks: new Set(),
    desil: new Map(),
    names: new Set(),
    kks: new Set(),
    addresses: new Set(),
    died: new Set(),
  };
  let serial = 9000;
  families.forEach((f, i) => {
    if (i % 20 === 7) return void built.gone.add(f.id);
    let desil = f.desil;
    if (i % 10 === 3) {
      desil = f.desil <= 5 ? f.desil + 3 : f.desil - 3;
      built.desil.set(f.id, { before: f.desil, after: desil });
    }
    let kk = f.kk_number;
    if (i % 37 === 5) {
      kk = kkNumber('01', '2026-10-01', serial++);
      built.kks.add(f.id);
    }
    let address = f.address.toUpperCase();
    if (i % 29 === 11) {
      address = `JL. DIPONEGORO GG. ${i} NO. 4`;
      built.addresses.add(f.id);
    }
    const members = membersOf.all(f.id) as { id: string; nik: string; name: string }[];
    members.forEach((m, j) => {
      let name = m.name.toUpperCase();
      if (i % 31 === 2 && j === 0) {
        name = `${name} SUPRAPTO`;
        built.names.add(m.id);
      }
      let status = 'HIDUP';
      if (i % 41 === 9 && j === members.length - 1 && members.length > 1) {
        status = 'MENINGGAL';
        built.died.add(m.id);
      }
      built.rows.push({
        dtksId: `3579${String(i).padStart(6, '0')}${j}`,
        nik: m.nik,
        kk,
        name,
        address,
        desa: f.desa.toUpperCase(),
        kecamatan: f.kecamatan.toUpperCase(),
        desil,
        status,
      });
    });
  });
  // 3% new people: families the registry does not know, in desa the file names.
  const newCount = Math.round(built.rows.length * 0.03);
  for (let n = 0; n < newCount; n++) {
    const f = families[n]!;
    const nik = nikNumber('01', `19${70 + (n % 20)}-0${1 + (n % 9)}-1${n % 9}`, n % 2 ? 'L' : 'P', 9100 + n);
    built.newNiks.add(nik);
    built.rows.push({
      dtksId: `3579NEW${n}`,
      nik,
      kk: kkNumber('01', '2025-06-15', 9500 + Math.floor(n / 2)),
      name: `WARGA BARU ${n}`,
      address: 'JL. BARU',
      desa: f.desa.toUpperCase(),
      kecamatan: f.kecamatan.toUpperCase(),
      desil: 1 + (n % 4),
      status: 'HIDUP',
    });
  }
  return built;
}

type Items = {
  category: ReleaseCategory;
  householdId: string | null;
  personId: string | null;
  after: string | null;
}[];

async function allItems(client: Client, releaseId: string): Promise<Items> {
  const out: Items = [];
  for (const category of ['new', 'gone', 'desil_up', 'desil_down', 'name', 'kk', 'address', 'died'] as const)
    out.push(...(await client.ok('release.items', { releaseId, category })).rows);
  return out;
}

const ids = (items: Items, category: ReleaseCategory, key: 'householdId' | 'personId') =>
  new Set(items.filter((i) => i.category === category).map((i) => i[key]));

describe('DTKS release reconciliation (issue 15)', () => {
  it('lists every category as built and as independent SQL finds it; accepts and refuses', async () => {
    const w = await world();
    const raw = w.core.db.sql.raw;
    const built = buildRelease(w);
    const folder = tempDir();
    const file = join(folder, 'dtsen-kota-batu.xlsx');
    await writeRelease(file, built.rows);

    const imported = await w.clerk.ok('release.import', {
      file: grant(w.core, w.clerk, file),
      source: 'DTSEN Kemensos',
      releaseDate: '2026-11-01',
    });
    expect(imported.rows).toBe(built.rows.length);
    expect(imported.skippedCount).toBe(0);
    const items = await allItems(w.clerk, imported.releaseId);

    // Gone: the families built so, and what SQL finds: DTKS families none of whose NIKs is in the file.
    const niks = JSON.stringify(built.rows.map((r) => r.nik));
    const goneSql = new Set(
      raw
        .prepare(
          `SELECT h.id FROM households h WHERE h.deleted_at IS NULL AND h.dtks_status = 'DTKS'
             AND NOT EXISTS (SELECT 1 FROM people p WHERE p.household_id = h.id AND p.nik IN (SELECT value FROM json_each(?)))`,
        )
        .pluck()
        .all(niks) as string[],
    );
    expect(goneSql).toEqual(built.gone);
    expect(ids(items, 'gone', 'householdId')).toEqual(built.gone);

    // New: NIKs of the file no registered person holds.
    const newSql = new Set(
      raw
        .prepare(
          `SELECT value FROM json_each(?) WHERE value NOT IN (SELECT nik FROM people WHERE nik IS NOT NULL)`,
        )
        .pluck()
        .all(niks) as string[],
    );
    expect(newSql).toEqual(built.newNiks);
    const newItems = items.filter((i) => i.category === 'new');
    expect(new Set(newItems.map((i) => /NIK (\d{16})/.exec(i.after ?? '')?.[1]))).toEqual(built.newNiks);

    // Desil: the file's desil per family (through its members' NIKs) against the registry's.
    const fileDesil = JSON.stringify(built.rows.map((r) => [r.nik, r.desil]));
    const desilSql = raw
      .prepare(
        `SELECT DISTINCT h.id, h.desil AS before, json_extract(x.value, '$[1]') AS after
           FROM json_each(?) x JOIN people p ON p.nik = json_extract(x.value, '$[0]')
           JOIN households h ON h.id = p.household_id
          WHERE h.desil <> json_extract(x.value, '$[1]')`,
      )
      .all(fileDesil) as { id: string; before: number; after: number }[];
    expect(new Map(desilSql.map((d) => [d.id, { before: d.before, after: d.after }]))).toEqual(built.desil);
    expect(ids(items, 'desil_up', 'householdId')).toEqual(
      new Set(desilSql.filter((d) => d.after > d.before).map((d) => d.id)),
    );
    expect(ids(items, 'desil_down', 'householdId')).toEqual(
      new Set(desilSql.filter((d) => d.after < d.before).map((d) => d.id)),
    );
    expect(built.gone.size / (built.gone.size + new Set(built.rows.map((r) => r.kk)).size)).toBeGreaterThan(
      0.03,
    );
    expect(built.desil.size).toBeGreaterThan(5);

    // Data changes: exactly the ones built (case and spacing differences are not changes).
    expect(ids(items, 'name', 'personId')).toEqual(built.names);
    expect(ids(items, 'kk', 'householdId')).toEqual(built.kks);
    expect(ids(items, 'address', 'householdId')).toEqual(built.addresses);
    expect(ids(items, 'died', 'personId')).toEqual(built.died);
    for (const set of [built.names, built.kks, built.addresses, built.died])
      expect(set.size).toBeGreaterThan(0);

    // Counts per desa: the gone families by their desa, counted in SQL.
    const summary = await w.clerk.ok('release.summary', { releaseId: imported.releaseId });
    const gone = summary.categories.find((c) => c.category === 'gone')!;
    const goneByDesa = raw
      .prepare(
        `SELECT desa_code AS desaCode, COUNT(*) AS count FROM households WHERE id IN (SELECT value FROM json_each(?)) GROUP BY desa_code`,
      )
      .all(JSON.stringify([...built.gone])) as { desaCode: string; count: number }[];
    expect(new Map(gone.byDesa.map((d) => [d.desaCode, d.count]))).toEqual(
      new Map(goneByDesa.map((d) => [d.desaCode, d.count])),
    );
    expect(gone.total).toBe(built.gone.size);

    // The same file saved by LibreOffice reads to the same lists (nothing changed in between).
    const soffice = findSoffice();
    expect(soffice, 'LibreOffice (soffice) is needed for this test').not.toBeNull();
    const loDir = join(folder, 'lo');
    mkdirSync(loDir);
    const source = join(loDir, 'dtsen-libreoffice.xlsx');
    copyFileSync(file, join(folder, 'dtsen-libreoffice.xlsx'));
    const converted = await convertWithLibreOffice(
      soffice!,
      join(folder, 'dtsen-libreoffice.xlsx'),
      loDir,
      'xlsx',
    );
    expect(converted).toBe(source);
    const second = await w.clerk.ok('release.import', {
      file: grant(w.core, w.clerk, converted),
      source: 'DTSEN Kemensos (LibreOffice)',
      releaseDate: '2026-11-02',
    });
    const again = await allItems(w.clerk, second.releaseId);
    const key = (i: Items[number]) => `${i.category}|${i.householdId}|${i.personId}|${i.after}`;
    expect(new Set(again.map(key))).toEqual(new Set(items.map(key)));
    const releaseId = second.releaseId;

    // Accept all desil decreases in bulk: the family's desil and its history name the release.
    const down = await w.clerk.ok('release.accept', { releaseId, category: 'desil_down' });
    expect(down.failed).toEqual([]);
    expect(down.accepted).toBe(ids(items, 'desil_down', 'householdId').size);
    for (const [householdId, d] of built.desil) {
      if (d.after > d.before) continue;
      const h = raw.prepare(`SELECT desil, desil_as_of FROM households WHERE id = ?`).get(householdId) as {
        desil: number;
        desil_as_of: string;
      };
      expect(h).toEqual({ desil: d.after, desil_as_of: '2026-11-02' });
      const history = raw
        .prepare(
          `SELECT desil, source FROM household_desil_history WHERE household_id = ? AND as_of = '2026-11-02'`,
        )
        .all(householdId);
      expect(history).toEqual([{ desil: d.after, source: 'Rilis DTSEN Kemensos (LibreOffice) 2026-11-02' }]);
    }
    // Audited and queued for sync like any registry change.
    const downIds = [...built.desil].filter(([, d]) => d.after < d.before).map(([id]) => id);
    const audited = raw
      .prepare(
        `SELECT COUNT(DISTINCT subject_id) FROM audit_log WHERE action = 'households.set_desil' AND subject_id IN (SELECT value FROM json_each(?))`,
      )
      .pluck()
      .get(JSON.stringify(downIds));
    expect(audited).toBe(downIds.length);
    const queued = raw
      .prepare(
        `SELECT COUNT(DISTINCT entity_id) FROM sync_outbox WHERE entity = 'households' AND changes_json LIKE '%desil%' AND entity_id IN (SELECT value FROM json_each(?))`,
      )
      .pluck()
      .get(JSON.stringify(downIds));
    expect(queued).toBe(downIds.length);

    // One KK change accepted: the KK history closes the old number and opens the new one.
    const kkItems = (await w.clerk.ok('release.items', { releaseId, category: 'kk' })).rows;
    const kkItem = kkItems[0]!;
    expect(await w.clerk.ok('release.accept', { releaseId, category: 'kk', itemIds: [kkItem.id] })).toEqual({
      accepted: 1,
      failed: [],
    });
    const kkHistory = raw
      .prepare(
        `SELECT kk_number, valid_to, reason FROM household_kk_history WHERE household_id = ? ORDER BY created_at`,
      )
      .all(kkItem.householdId) as { kk_number: string; valid_to: string | null; reason: string }[];
    expect(kkHistory.at(-1)).toEqual({
      kk_number: kkItem.after,
      valid_to: null,
      reason: 'Rilis DTSEN Kemensos (LibreOffice) 2026-11-02',
    });
    expect(kkHistory.at(-2)!.kk_number).toBe(kkItem.before);

    // One death accepted; one new person registered.
    const diedItem = (await w.clerk.ok('release.items', { releaseId, category: 'died' })).rows[0]!;
    await w.clerk.ok('release.accept', { releaseId, category: 'died', itemIds: [diedItem.id] });
    expect(raw.prepare(`SELECT status FROM people WHERE id = ?`).pluck().get(diedItem.personId)).toBe(
      'meninggal',
    );
    const newItem = newItems[0]!;
    const newOne = (await w.clerk.ok('release.items', { releaseId, category: 'new' })).rows.find(
      (i) => i.after === newItem.after,
    )!;
    await w.clerk.ok('release.accept', { releaseId, category: 'new', itemIds: [newOne.id] });
    const nik = /NIK (\d{16})/.exec(newOne.after!)![1];
    expect(
      raw.prepare(`SELECT COUNT(*) FROM people WHERE nik = ? AND deleted_at IS NULL`).pluck().get(nik),
    ).toBe(1);

    // An address accepted, and a family gone from the release marked Non-DTKS (kept, not removed).
    const addressItem = (await w.clerk.ok('release.items', { releaseId, category: 'address' })).rows[0]!;
    const goneItem = (await w.clerk.ok('release.items', { releaseId, category: 'gone' })).rows[0]!;
    await w.clerk.ok('release.accept', { releaseId, category: 'address', itemIds: [addressItem.id] });
    await w.clerk.ok('release.accept', { releaseId, category: 'gone', itemIds: [goneItem.id] });
    expect(
      raw.prepare(`SELECT address FROM households WHERE id = ?`).pluck().get(addressItem.householdId),
    ).toBe(addressItem.after);
    expect(
      raw.prepare(`SELECT dtks_status, deleted_at FROM households WHERE id = ?`).get(goneItem.householdId),
    ).toEqual({ dtks_status: 'NON_DTKS', deleted_at: null });

    // A clerk limited to one desa sees and counts only that desa's changes.
    const desa = [...built.gone].map(
      (id) => raw.prepare(`SELECT desa_code FROM households WHERE id = ?`).pluck().get(id) as string,
    )[0]!;
    await w.admin.ok('users.create', {
      username: 'operator.desa',
      fullName: 'Operator Satu Desa',
      role: 'clerk',
      area: { kecamatan: [], desa: [desa] },
      temporaryPassword: 'sementara kopi tubruk di desa',
    });
    const local = new Client(w.core);
    await local.ok('auth.login', { username: 'operator.desa', password: 'sementara kopi tubruk di desa' });
    await local.ok('auth.changePassword', {
      currentPassword: 'sementara kopi tubruk di desa',
      newPassword: 'kopi tubruk di desa sore hari',
    });
    const localGone = (await local.ok('release.items', { releaseId, category: 'gone' })).rows;
    expect(localGone.length).toBe(
      [...built.gone].filter(
        (id) => raw.prepare(`SELECT desa_code FROM households WHERE id = ?`).pluck().get(id) === desa,
      ).length,
    );
    expect(localGone.every((i) => i.desaCode === desa)).toBe(true);

    // Refused: kept with the reason, and the family is on a verification with the question.
    const up = (await w.clerk.ok('release.items', { releaseId, category: 'desil_up' })).rows[0]!;
    const refused = await w.clerk.ok('release.refuse', {
      itemId: up.id,
      reason: 'Keluarga masih buruh tani, rumah belum berubah.',
    });
    expect(refused.decision).toBe('ditolak');
    expect(refused.verificationId).not.toBeNull();
    const verification = raw
      .prepare(`SELECT household_id, status, findings FROM verifications WHERE id = ?`)
      .get(refused.verificationId) as { household_id: string; status: string; findings: string };
    expect(verification.household_id).toBe(up.householdId);
    expect(['belum_diverifikasi', 'sedang_ditinjau']).toContain(verification.status);
    expect(verification.findings).toContain('Keluarga masih buruh tani');
    // A decided change cannot be decided again.
    const twice = await w.clerk.call('release.accept', { releaseId, category: 'desil_up', itemIds: [up.id] });
    expect(twice.ok && twice.value.failed.length).toBe(1);
    expect(raw.prepare(`SELECT desil FROM households WHERE id = ?`).pluck().get(up.householdId)).toBe(
      Number(up.before),
    );

    // The report: every change of the release, read back by exceljs.
    const target = join(folder, 'rekonsiliasi.xlsx');
    const exported = await w.clerk.ok('release.export', {
      releaseId,
      target: grant(w.core, w.clerk, target, 'write'),
    });
    expect(exported.rows).toBe(items.length);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(target);
    const sheet = book.getWorksheet('Rekonsiliasi')!;
    expect(sheet.rowCount).toBe(items.length + 3);
    const decisions = new Map<string, number>();
    sheet.eachRow((row, n) => {
      if (n > 3)
        decisions.set(String(row.getCell(6).value), (decisions.get(String(row.getCell(6).value)) ?? 0) + 1);
    });
    expect(decisions.get('ditolak')).toBe(1);
    expect(decisions.get('diterima')).toBe(down.accepted + 5);

    // A manager reads the reconciliation but cannot accept (registry.write).
    expect((await w.manager.call('release.accept', { releaseId, category: 'name' })).ok).toBe(false);
  }, 240_000);

  it('signals possible inclusion and exclusion errors from the latest release, as SQL finds them', async () => {
    const w = await world();
    const raw = w.core.db.sql.raw;
    const built = buildRelease(w);
    const file = join(tempDir(), 'dtsen.xlsx');
    await writeRelease(file, built.rows);
    await w.clerk.ok('release.import', {
      file: grant(w.core, w.clerk, file),
      source: 'DTSEN Kemensos',
      releaseDate: '2026-11-01',
    });
    // The file's desil per registered family, through its members' NIKs (not the stored rows).
    const fileDesil = JSON.stringify(built.rows.map((r) => [r.nik, r.desil]));
    const familyDesil = `SELECT p.household_id, MIN(json_extract(x.value, '$[1]')) AS desil
                           FROM json_each(?) x JOIN people p ON p.nik = json_extract(x.value, '$[0]')
                          GROUP BY p.household_id`;
    const inclusion = raw
      .prepare(
        `SELECT DISTINCT e.household_id, f.desil FROM enrolments e
           JOIN programs g ON g.id = e.program_id JOIN households h ON h.id = e.household_id
           LEFT JOIN (${familyDesil}) f ON f.household_id = e.household_id
          WHERE e.status = 'aktif' AND e.deleted_at IS NULL AND h.deleted_at IS NULL
            AND g.code IN ('PKH', 'BPNT', 'PBI_JK', 'BLT_DD') AND (f.desil IS NULL OR f.desil > 4)`,
      )
      .all(fileDesil) as { household_id: string; desil: number | null }[];
    const exclusion = raw
      .prepare(
        `SELECT f.household_id FROM (${familyDesil}) f JOIN households h ON h.id = f.household_id
          WHERE f.desil <= 4 AND h.deleted_at IS NULL AND h.status = 'aktif'
            AND f.household_id NOT IN (SELECT household_id FROM enrolments
                                        WHERE deleted_at IS NULL AND status IN ('usulan', 'aktif', 'ditangguhkan'))`,
      )
      .pluck()
      .all(fileDesil) as string[];
    expect(inclusion.some((i) => i.desil === null)).toBe(true);
    expect(inclusion.some((i) => i.desil !== null)).toBe(true);
    expect(exclusion.length).toBeGreaterThan(0);

    const listed = async (kind: 'release_inclusion' | 'release_exclusion') =>
      (await w.manager.ok('signals.list', { kind, include: 'all' })).rows;
    const inc = await listed('release_inclusion');
    expect(new Set(inc.map((r) => r.families[0]!.householdId))).toEqual(
      new Set(inclusion.map((i) => i.household_id)),
    );
    expect(inc.length).toBe(new Set(inclusion.map((i) => i.household_id)).size);
    for (const row of inc) {
      const expected = inclusion.find((i) => i.household_id === row.families[0]!.householdId)!;
      expect(row.reason).toContain(
        expected.desil === null
          ? 'tidak ada di rilis DTSEN Kemensos 2026-11-01'
          : `desilnya ${expected.desil}`,
      );
    }
    const exc = await listed('release_exclusion');
    expect(new Set(exc.map((r) => r.families[0]!.householdId))).toEqual(new Set(exclusion));
    expect(exc.length).toBe(exclusion.length);

    // Tandai diperiksa: the case closes, audited in the family's history.
    const summaryBefore = (await w.manager.ok('signals.summary', {})).find(
      (s) => s.kind === 'release_exclusion',
    )!;
    const officer = new Client(w.core);
    await officer.ok('auth.login', { username: 'petugas.demo', password: DEMO_PASSWORD });
    await officer.ok('signals.check', {
      kind: 'release_exclusion',
      key: exc[0]!.key,
      note: 'Sudah diusulkan ke musyawarah desa.',
    });
    const summaryAfter = (await w.manager.ok('signals.summary', {})).find(
      (s) => s.kind === 'release_exclusion',
    )!;
    expect(summaryAfter).toEqual({ ...summaryBefore, open: summaryBefore.open - 1, checked: 1 });
    expect(
      raw
        .prepare(`SELECT COUNT(*) FROM audit_log WHERE action = 'signals.check' AND subject_id = ?`)
        .pluck()
        .get(exc[0]!.families[0]!.householdId),
    ).toBe(1);
  }, 240_000);
});

import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BansosCore } from '../../core/app.ts';
import { ADMIN, Client, setUpCore, userWithRole } from '../support/core.ts';
import { grant, importFile } from '../support/importHarness.ts';

/**
 * Retention (UU PDP) reaches an import's record (issue 14): a batch keeps the values each row
 * had before it changed the row (import_batch_rows.before_json, what undo and Data Saya read),
 * and those values are summed into the batch's hash in the audit chain. After a purge none of
 * the family's old values remain there, `audit verify` still passes, and a line marked redacted
 * that no purge lists is reported.
 */
const HEADER = 'NOMOR_KK;NOMOR_NIK;NAMA;TANGGAL_LAHIR;JENIS_KELAMIN;HUBUNGAN_KELUARGA;DESA_KELURAHAN';
const KK_PURGED = '3579012003150004';
const KK_KEPT = '3579012003150012';
const BUDI = { nik: '3579011205800001', old: 'Budi Santoso', now: 'Budi Santoso Wirajaya' };
const SITI = { nik: '3579015708830002', old: 'Siti Aminah', now: 'Siti Aminah Larasati' };
const JOKO = { nik: '3579010101750003', old: 'Joko Susilo', now: 'Joko Susilo Utomo' };

const rows = (names: 'old' | 'now') => [
  [KK_PURGED, BUDI.nik, BUDI[names], '12-05-1980', 'L', 'KEPALA KELUARGA', 'Oro-oro Ombo'],
  [KK_PURGED, SITI.nik, SITI[names], '17-08-1983', 'P', 'ISTRI', 'Oro-oro Ombo'],
  [KK_KEPT, JOKO.nik, JOKO[names], '01-01-1975', 'L', 'KEPALA KELUARGA', 'Oro-oro Ombo'],
];

class Clock {
  constructor(public at: Date) {}
  readonly now = () => this.at;
}

async function login(core: BansosCore, username: string, password: string): Promise<Client> {
  const client = new Client(core);
  await client.ok('auth.login', { username, password });
  return client;
}

async function importRows(core: BansosCore, clerk: Client, folder: string, name: string, lines: string[][]) {
  const path = join(folder, name);
  writeFileSync(path, [HEADER, ...lines.map((r) => r.join(';'))].join('\r\n') + '\r\n');
  const run = await importFile(core, clerk, grant(core, clerk, path), { mode: 'commit' });
  return run.result.batchId!;
}

/** Two families imported, then renamed by a second import; one family removed in 2019. */
async function world() {
  const clock = new Clock(new Date('2019-02-01T03:00:00Z'));
  const { core, admin, files } = await setUpCore({ clock: clock.now });
  const clerk = await userWithRole(core, admin, 'clerk');
  await importRows(core, clerk, files, 'A.csv', rows('old'));
  const renaming = await importRows(core, clerk, files, 'B.csv', rows('now'));
  const raw = core.db.sql.raw;
  const purgedFamily = raw
    .prepare('SELECT id FROM households WHERE kk_number = ?')
    .pluck()
    .get(KK_PURGED) as string;
  const officer = await userWithRole(core, admin, 'officer');
  await officer.ok('households.remove', { id: purgedFamily, reason: 'Pindah ke luar kota (surat pindah)' });
  clock.at = new Date('2026-12-06T03:00:00Z');
  return { core, admin: await login(core, ADMIN.username, ADMIN.password), renaming };
}

const recordText = (core: BansosCore) =>
  JSON.stringify(core.db.sql.raw.prepare('SELECT * FROM import_batch_rows').all());

const verify = (admin: Client) =>
  admin.job<{ ok: boolean; problems: { seq: number; kind: string; message: string }[] }>('audit.verify', {});

describe('retention purge and the import record (UU PDP)', () => {
  it('leaves no old value of the purged family in the import record, and the chain verifies', async () => {
    const w = await world();
    // Before: the second import's record holds the family's old names.
    for (const value of [BUDI.old, SITI.old, JOKO.old]) expect(recordText(w.core)).toContain(value);
    expect(await verify(w.admin)).toMatchObject({ ok: true, problems: [] });

    expect(await w.admin.ok('retention.purge', { expected: 1 })).toMatchObject({ households: 1, people: 2 });

    const after = recordText(w.core);
    for (const value of [BUDI.nik, SITI.nik, KK_PURGED, 'Budi', 'Siti', 'budi', 'siti'])
      expect(after).not.toContain(value);
    // The kept family's old name stays: undo and Data Saya still need it.
    expect(after).toContain(JOKO.old);
    const redacted = w.core.db.sql.raw
      .prepare(
        'SELECT before_json, before_sha256, redacted_by FROM import_batch_rows WHERE redacted_by IS NOT NULL',
      )
      .all() as { before_json: string; before_sha256: string; redacted_by: string }[];
    expect(redacted.length).toBeGreaterThan(0);
    for (const line of redacted) {
      expect(line.before_json).toMatch(/"\[dihapus\]"/);
      expect(line.before_sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(await verify(w.admin)).toMatchObject({ ok: true, problems: [] });
    await w.core.close();
  });

  it('reports a line marked redacted that no purge lists, and a listed line given values again', async () => {
    const w = await world();
    await w.admin.ok('retention.purge', { expected: 1 });
    const raw = w.core.db.sql.raw;
    const commitSeq = raw
      .prepare(`SELECT seq FROM audit_log WHERE action = 'import.commit' AND entity_id = ?`)
      .pluck()
      .get(w.renaming) as number;
    const purge = raw
      .prepare(`SELECT id FROM audit_log WHERE action = 'retention.purge'`)
      .pluck()
      .get() as string;
    // The kept family's line: its values swapped for markers, its hash kept so the sum still
    // matches, and the purge named, as if the purge had redacted it.
    const joko = raw.prepare('SELECT id FROM people WHERE nik = ?').pluck().get(JOKO.nik) as string;
    const line = raw
      .prepare('SELECT before_json FROM import_batch_rows WHERE batch_id = ? AND entity_id = ?')
      .get(w.renaming, joko) as { before_json: string };
    raw
      .prepare(
        `UPDATE import_batch_rows SET before_json = '{"name":"[dihapus]"}', before_sha256 = ?, redacted_by = ?
         WHERE batch_id = ? AND entity_id = ?`,
      )
      .run(createHash('sha256').update(line.before_json).digest('hex'), purge, w.renaming, joko);
    const forged = await verify(w.admin);
    expect(forged.ok).toBe(false);
    expect(forged.problems.map((p) => `${p.seq}:${p.kind}`)).toEqual([`${commitSeq}:edited`]);
    expect(forged.problems[0]!.message).toContain(`people ${joko}`);

    // Put back, then give a listed (truly redacted) line words again.
    raw
      .prepare(
        'UPDATE import_batch_rows SET before_json = ?, before_sha256 = NULL, redacted_by = NULL WHERE batch_id = ? AND entity_id = ?',
      )
      .run(line.before_json, w.renaming, joko);
    expect(await verify(w.admin)).toMatchObject({ ok: true, problems: [] });
    const listed = raw
      .prepare(
        'SELECT batch_id, entity, entity_id FROM import_batch_rows WHERE redacted_by IS NOT NULL LIMIT 1',
      )
      .get() as { batch_id: string; entity: string; entity_id: string };
    raw
      .prepare(
        `UPDATE import_batch_rows SET before_json = '{"name":"Nama Palsu"}'
         WHERE batch_id = ? AND entity = ? AND entity_id = ?`,
      )
      .run(listed.batch_id, listed.entity, listed.entity_id);
    const refilled = await verify(w.admin);
    expect(refilled.ok).toBe(false);
    const listedSeq = raw
      .prepare(`SELECT seq FROM audit_log WHERE action = 'import.commit' AND entity_id = ?`)
      .pluck()
      .get(listed.batch_id) as number;
    expect(refilled.problems.map((p) => `${p.seq}:${p.kind}`)).toEqual([`${listedSeq}:edited`]);
    await w.core.close();
  });
});

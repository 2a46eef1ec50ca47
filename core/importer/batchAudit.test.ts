import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BansosCore } from '../app.ts';
import { verifyChain } from '../audit/chain.ts';
import { RegionNames } from '../regions/names.ts';
import { computeDataSaya } from '../reports/dataSaya.ts';
import { readReportSettings } from '../reports/settings.ts';
import { BATCH_ENTITY, chunkOf } from '../../common/sync/batch.ts';
import type { FieldChanges } from '../../common/sync/protocol.ts';
import { userWithRole } from '../../tests/support/core.ts';
import { clerkCore, grant, importFile } from '../../tests/support/importHarness.ts';

/**
 * Issue 14: an import is audited as one entry per batch, with the batch's record kept beside
 * it. Every guarantee of the per-row trail must hold: the entry names the file and sums every
 * row; verify finds a row edited behind the app's back and a record altered; hand edits stay
 * entries of their own and are not taken for tampering; Data Saya still lists the import.
 */

const HEADER = 'NOMOR_KK;NOMOR_NIK;NAMA;TANGGAL_LAHIR;JENIS_KELAMIN;HUBUNGAN_KELUARGA;DESA_KELURAHAN';
const KK_1 = '3579012003150004';
const ROWS = [
  [KK_1, '3579011205800001', 'Budi Santoso', '12-05-1980', 'L', 'KEPALA KELUARGA', 'Oro-oro Ombo'],
  [KK_1, '3579015708830002', 'Siti Aminah', '17-08-1983', 'P', 'ISTRI', 'Oro-oro Ombo'],
  [
    '3579012003150012',
    '3579010101750003',
    'Joko Susilo',
    '01-01-1975',
    'L',
    'KEPALA KELUARGA',
    'Oro-oro Ombo',
  ],
];

async function importRows(setup: Awaited<ReturnType<typeof clerkCore>>, rows: string[][], name = 'A.csv') {
  const path = join(setup.files, name);
  writeFileSync(path, [HEADER, ...rows.map((r) => r.join(';'))].join('\r\n') + '\r\n');
  const run = await importFile(setup.core, setup.clerk, grant(setup.core, setup.clerk, path), {
    mode: 'commit',
  });
  return { batchId: run.result.batchId!, path };
}

const all = <T>(core: BansosCore, query: string, ...params: unknown[]) =>
  core.db.sql.raw.prepare(query).all(...params) as T[];
const one = <T>(core: BansosCore, query: string, ...params: unknown[]) =>
  core.db.sql.raw.prepare(query).get(...params) as T;
const personId = (core: BansosCore, nik: string) =>
  one<{ id: string }>(core, 'SELECT id FROM people WHERE nik = ?', nik).id;

describe('an import audited as one batch', () => {
  it('writes one audit entry naming the file, the counts and the sum of every row, and a record of each row', async () => {
    const setup = await clerkCore();
    const { core } = setup;
    const before = one<{ n: number }>(core, 'SELECT count(*) AS n FROM audit_log').n;
    const { batchId, path } = await importRows(setup, ROWS);
    const entries = all<{ action: string; entity: string; entity_id: string; changes_json: string }>(
      core,
      'SELECT action, entity, entity_id, changes_json FROM audit_log WHERE seq > ? ORDER BY seq',
      before,
    );
    const commits = entries.filter((e) => e.action === 'import.commit');
    expect(commits).toHaveLength(1);
    expect(
      entries.filter((e) => ['people', 'households', 'household_kk_history'].includes(e.entity)),
    ).toEqual([]);
    const stated = JSON.parse(commits[0]!.changes_json) as Record<string, { new: unknown }>;
    expect(commits[0]!.entity_id).toBe(batchId);
    expect(stated.file_sha256!.new).toBe(createHash('sha256').update(readFileSync(path)).digest('hex'));
    expect(stated.kind!.new).toBe('recipients');
    expect(JSON.parse(stated.counts_json!.new as string)).toMatchObject({ new: 3 });
    expect(stated.mapping_json!.new).toContain('nik');

    const record = all<{ entity: string; op: string; n: number }>(
      core,
      'SELECT entity, op, count(*) AS n FROM import_batch_rows WHERE batch_id = ? GROUP BY entity, op ORDER BY entity',
      batchId,
    );
    expect(record).toEqual(
      expect.arrayContaining([
        { entity: 'households', op: 'create', n: 2 },
        { entity: 'people', op: 'create', n: 3 },
      ]),
    );
    expect(stated.row_count!.new).toBe(record.reduce((n, r) => n + r.n, 0));
    // Every row still syncs, in the batch's one chunk, whose digest the audit entry names.
    expect(one<{ n: number }>(core, "SELECT count(*) AS n FROM sync_outbox WHERE entity = 'people'").n).toBe(
      0,
    );
    const chunks = all<{ changes_json: string }>(
      core,
      "SELECT changes_json FROM sync_outbox WHERE op = 'batch' AND entity = ? AND entity_id = ?",
      BATCH_ENTITY,
      batchId,
    ).map((c) => chunkOf({ op: 'batch', changes: JSON.parse(c.changes_json) as FieldChanges })!);
    expect(chunks).toHaveLength(1);
    const synced = chunks[0]!.rows;
    expect(synced.filter((r) => r.entity === 'people' && r.op === 'insert')).toHaveLength(3);
    expect(synced.filter((r) => r.entity === 'households' && r.op === 'insert')).toHaveLength(2);
    expect(chunks[0]!.last?.chunks).toBe(1);
    expect(stated.sync_sha256!.new).toBe(chunks[0]!.last?.sha256);
    expect(verifyChain(core.db.sql)).toMatchObject({ ok: true, problems: [] });
    // The family's history names the import once.
    const family = one<{ id: string }>(core, 'SELECT id FROM households WHERE kk_number = ?', KK_1).id;
    const history = (await setup.clerk.ok('households.get', { id: family })).history;
    expect(history.filter((h) => h.action === 'import.commit')).toHaveLength(1);
    await core.close();
  });

  it('verify finds one imported row edited through SQL, and a record altered', async () => {
    const setup = await clerkCore();
    const { core } = setup;
    const { batchId } = await importRows(setup, ROWS);
    const siti = personId(core, '3579015708830002');
    core.db.sql.raw.prepare("UPDATE people SET name = 'Siti Palsu' WHERE id = ?").run(siti);
    const edited = verifyChain(core.db.sql);
    expect(edited.ok).toBe(false);
    expect(edited.problems).toHaveLength(1);
    expect(edited.problems[0]!.message).toContain('1 baris people dari impor');
    expect(edited.problems[0]!.message).toContain(siti);
    core.db.sql.raw.prepare("UPDATE people SET name = 'Siti Aminah' WHERE id = ?").run(siti);
    expect(verifyChain(core.db.sql).ok).toBe(true);

    // The record itself: its sum is in the chain.
    core.db.sql.raw
      .prepare(
        "UPDATE import_batch_rows SET row_hash = ? WHERE batch_id = ? AND entity = 'people' AND entity_id = ?",
      )
      .run('0'.repeat(64), batchId, siti);
    const altered = verifyChain(core.db.sql);
    expect(altered.ok).toBe(false);
    expect(altered.problems[0]!.message).toContain('rincian impor telah diubah');
    await core.close();
  });

  it('verify finds the before-values of a changed row altered in the record (what undo would put back)', async () => {
    const setup = await clerkCore();
    const { core } = setup;
    await importRows(setup, ROWS, 'A.csv');
    const renamed = ROWS.map((r) =>
      r[2] === 'Siti Aminah' ? [...r.slice(0, 2), 'Siti Rahayu', ...r.slice(3)] : r,
    );
    const { batchId } = await importRows(setup, renamed, 'B.csv');
    expect(verifyChain(core.db.sql).ok).toBe(true);
    core.db.sql.raw
      .prepare(
        'UPDATE import_batch_rows SET before_json = \'{"name":"Orang Lain"}\' WHERE batch_id = ? AND op = \'update\'',
      )
      .run(batchId);
    const altered = verifyChain(core.db.sql);
    expect(altered.ok).toBe(false);
    expect(altered.problems[0]!.message).toContain('rincian impor telah diubah');
    await core.close();
  });

  it('a hand edit after the import is its own entry, not tampering; undo still refuses over it', async () => {
    const setup = await clerkCore();
    const { core, clerk, admin } = setup;
    const { batchId } = await importRows(setup, ROWS);
    const officer = await userWithRole(core, admin, 'officer');
    const siti = one<{ id: string; version: number }>(
      core,
      "SELECT id, version FROM people WHERE nik = '3579015708830002'",
    );
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
    expect(
      one<{ n: number }>(
        core,
        "SELECT count(*) AS n FROM audit_log WHERE entity = 'people' AND entity_id = ?",
        siti.id,
      ).n,
    ).toBe(1);
    expect(verifyChain(core.db.sql)).toMatchObject({ ok: true, problems: [] });
    const undo = await clerk.call('import.undo', { batchId });
    expect(undo.ok).toBe(false);
    await core.close();
  });

  it('undo reads the record: created rows removed, changed values put back; Data Saya lists both batches', async () => {
    const setup = await clerkCore();
    const { core, clerk } = setup;
    const first = await importRows(setup, ROWS, 'A.csv');
    const renamed = ROWS.map((r) =>
      r[1] === '3579015708830002' ? [...r.slice(0, 2), 'Siti Aminah Rahayu', ...r.slice(3)] : r,
    );
    const second = await importRows(setup, renamed, 'B.csv');
    const siti = personId(core, '3579015708830002');
    expect(one<{ name: string }>(core, 'SELECT name FROM people WHERE id = ?', siti).name).toBe(
      'Siti Aminah Rahayu',
    );
    expect(
      all<{ op: string; before_json: string }>(
        core,
        'SELECT op, before_json FROM import_batch_rows WHERE batch_id = ? AND entity_id = ?',
        second.batchId,
        siti,
      ),
    ).toEqual([{ op: 'update', before_json: expect.stringContaining('"name":"Siti Aminah"') as unknown }]);
    expect(verifyChain(core.db.sql)).toMatchObject({ ok: true, problems: [] });

    const sql = core.db.sql;
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
    const commitSeqs = all<{ seq: number }>(
      core,
      "SELECT seq FROM audit_log WHERE action = 'import.commit' ORDER BY seq",
    ).map((r) => r.seq);
    expect(commitSeqs).toHaveLength(2);
    expect(trail.filter((t) => t.activity === 'Impor data dari berkas')).toHaveLength(2);
    // Joko's family had nothing of Siti's changed by B: only A names it.
    const jokoTrail = computeDataSaya(
      {
        sql,
        regions: new RegionNames(sql),
        scope: { desaCodes: null, readSpecific: true, userId: 'test', username: 'test' },
        now: new Date(),
        username: 'test',
        settings: readReportSettings(sql),
      },
      { nik: '3579010101750003' },
    ).trail;
    expect(jokoTrail.filter((t) => t.activity === 'Impor data dari berkas')).toHaveLength(1);

    expect(await clerk.ok('import.undo', { batchId: second.batchId })).toEqual({ removed: 0, restored: 1 });
    expect(one<{ name: string }>(core, 'SELECT name FROM people WHERE id = ?', siti).name).toBe(
      'Siti Aminah',
    );
    expect(await clerk.ok('import.undo', { batchId: first.batchId })).toEqual({ removed: 5, restored: 0 });
    expect(one<{ n: number }>(core, 'SELECT count(*) AS n FROM people WHERE deleted_at IS NULL').n).toBe(0);
    expect(verifyChain(core.db.sql)).toMatchObject({ ok: true, problems: [] });
    await core.close();
  });
});

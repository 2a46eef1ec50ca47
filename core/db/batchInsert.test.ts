import { hash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../common/canonicalJson.ts';
import { batchDigest, chunkDigest, chunkOf } from '../../common/sync/batch.ts';
import { newDatabaseKey } from '../../db/keySlots.ts';
import type { ImportBatchRowsTable } from '../../db/schema.ts';
import { tempDir } from '../../tests/support/tempDir.ts';
import { BatchRecord, rowDigest } from '../audit/batch.ts';
import { verifyChain } from '../audit/chain.ts';
import { newId } from '../ids.ts';
import { insertChanges, toMutation } from '../sync/outbox.ts';
import { Database } from './database.ts';

const opened: Database[] = [];
afterEach(() => opened.splice(0).forEach((db) => db.close()));

const ACTOR = { userId: null, username: 'tester' };
const DESA = '3579011001';

/**
 * A batch inserts each row with one prepared statement over every column and works out the
 * stored row (defaults included) itself, for the record's hash and the outbox chunk, without
 * reading it back (issue 14). Whatever it works out must be what SQLite stored: the server
 * keeps whole rows, and `audit verify` hashes the stored ones.
 */
describe('rows inserted by a batch', () => {
  it('are stored as the outbox chunk carries them and the record hashes them, defaults included', async () => {
    const db = await Database.open(`${tempDir()}/t.db`, newDatabaseKey(), { create: true });
    opened.push(db);
    db.sql.raw
      .prepare("INSERT INTO regions (code, name, level, name_key) VALUES (?, 'Sisir', 'desa', 'sisir')")
      .run(DESA);
    const batchId = newId();
    const record = new BatchRecord();
    // 260 of each: full groups of record lines and a part group.
    const households = Array.from({ length: 260 }, () => newId());
    const people: string[] = [];
    const syncSha256 = db.write(ACTOR, (changes) => {
      changes.beginBatch(record, batchId);
      households.forEach((id, i) => {
        // Columns left out (dusun, notes, status ...) take the table's defaults; undefined is left out.
        changes.insert(
          'households',
          {
            id,
            kk_number: `35790100000${String(i).padStart(5, '0')}`,
            desa_code: DESA,
            rt: undefined,
            // A boolean is stored as 0/1.
            synthetic: i === 3 ? true : undefined,
          } as never,
          'test',
        );
        const person = newId();
        people.push(person);
        changes.insert(
          'people',
          {
            id: person,
            household_id: id,
            household_desa: DESA,
            nik: null,
            name: `Warga ${i} "Ani"`,
            name_key: `warga ${i} ani`,
            phonetic_key: 'WRK',
            sex: i % 2 ? 'L' : 'P',
            relationship: 'kepala_keluarga',
            status: 'aktif',
            // Given by the caller: kept.
            created_at: '2026-01-01T00:00:00.000Z',
          } as never,
          'test',
        );
      });
      expect(() =>
        changes.insert('households', { id: newId(), desa_code: DESA, no_such_column: 1 } as never, 'test'),
      ).toThrow('households has no column no_such_column');
      return changes.endBatch();
    });

    const lines = db.sql.raw
      .prepare('SELECT * FROM import_batch_rows WHERE batch_id = ?')
      .all(batchId) as ImportBatchRowsTable[];
    expect(lines).toHaveLength(520);
    const outbox = db.sql.raw
      .prepare('SELECT * FROM sync_outbox ORDER BY device_seq')
      .all()
      .map((row) => toMutation(row as never));
    const chunks = outbox.map((m) => chunkOf(m)!);
    expect(chunks.length).toBeGreaterThan(0);
    const carried = new Map(chunks.flatMap((c) => c.rows).map((r) => [`${r.entity}:${r.entityId}`, r]));
    expect(carried.size).toBe(520);
    // The chunks' digests, taken the server's way (from the parsed rows), make the batch's.
    const digests = chunks.map((c) => chunkDigest(c.rows, (text) => hash('sha256', text)));
    expect(batchDigest(digests, (text) => hash('sha256', text))).toBe(syncSha256);
    expect(chunks.at(-1)!.last).toEqual({ chunks: chunks.length, sha256: syncSha256 });

    for (const line of lines) {
      const stored = db.sql.raw
        .prepare(`SELECT * FROM "${line.entity}" WHERE id = ?`)
        .get(line.entity_id) as Record<string, unknown>;
      expect([line.entity_id, line.op, line.version, line.row_hash]).toEqual([
        line.entity_id,
        'create',
        1,
        rowDigest(stored),
      ]);
      const row = carried.get(`${line.entity}:${line.entity_id}`)!;
      // What a single insert of the stored row would sync (device and server columns left out).
      const single = insertChanges(stored);
      delete single.row_no;
      delete single.household_desa;
      delete single.version;
      delete single.updated_at;
      expect(canonicalJson(row.changes)).toBe(canonicalJson(single));
    }
    const siti = db.sql.raw.prepare('SELECT * FROM people WHERE id = ?').get(people[3]) as Record<
      string,
      unknown
    >;
    expect(siti).toMatchObject({ created_at: '2026-01-01T00:00:00.000Z', version: 1 });
    expect(
      db.sql.raw.prepare('SELECT synthetic FROM households WHERE id = ?').pluck().get(households[3]),
    ).toBe(1);
    const family = db.sql.raw.prepare('SELECT * FROM households WHERE id = ?').get(households[0]) as Record<
      string,
      unknown
    >;
    expect(family).toMatchObject({ rt: null, notes: '', status: 'aktif', version: 1 });
    expect(family.created_at).toBe(family.updated_at);
  });

  it('an imported row edited through SQL is found by verify', async () => {
    const db = await Database.open(`${tempDir()}/t.db`, newDatabaseKey(), { create: true });
    opened.push(db);
    db.sql.raw
      .prepare("INSERT INTO regions (code, name, level, name_key) VALUES (?, 'Sisir', 'desa', 'sisir')")
      .run(DESA);
    const batchId = newId();
    const record = new BatchRecord();
    const ids = Array.from({ length: 130 }, () => newId());
    db.write(ACTOR, (changes) => {
      changes.beginBatch(record, batchId);
      for (const id of ids) changes.insert('households', { id, desa_code: DESA } as never, 'test');
      const syncSha256 = changes.endBatch();
      const totals = record.write(changes.db, batchId);
      changes.insert(
        'import_batches',
        {
          id: batchId,
          kind: 'recipients',
          file_name: 't.xlsx',
          sheet: 'S',
          mapping_json: '{}',
          options_json: '{}',
          counts_json: '{}',
          undo_json: '',
          file_sha256: 'f'.repeat(64),
          rows_sha256: totals.rowsSha256,
          row_count: totals.rowCount,
          sync_sha256: syncSha256,
          status: 'committed',
          created_by: null,
          undone_at: null,
          undone_by: null,
        } as never,
        'import.commit',
      );
    });
    expect(verifyChain(db.sql)).toMatchObject({ ok: true, problems: [] });
    // The last row: one of the part group of lines written at the end.
    db.sql.raw.prepare("UPDATE households SET notes = 'diubah' WHERE id = ?").run(ids.at(-1));
    const report = verifyChain(db.sql);
    expect(report.ok).toBe(false);
    expect(report.problems[0]!.message).toContain(ids.at(-1));
  });
});

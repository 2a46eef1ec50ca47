import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../common/canonicalJson.ts';
import { newDatabaseKey } from '../../db/keySlots.ts';
import type { ImportBatchRowsTable } from '../../db/schema.ts';
import { tempDir } from '../../tests/support/tempDir.ts';
import { Database } from '../db/database.ts';
import { newId } from '../ids.ts';
import { BatchRecord, rowDigest } from './batch.ts';
import { verifyChain } from './chain.ts';

const opened: Database[] = [];
afterEach(() => opened.splice(0).forEach((db) => db.close()));

const ACTOR = { userId: null, username: 'tester' };

/**
 * The batch record hashes each row from the values it was written with instead of reading it
 * back (issue 14). `verifyBatches` hashes the stored rows: whatever path a row took through
 * the batch, the two must agree, or every import would read as tampered with.
 */
describe('a batch record hashed from the values written', () => {
  it('agrees with the stored rows after creates, repeated changes, removals and values SQLite converts', async () => {
    const db = await Database.open(`${tempDir()}/t.db`, newDatabaseKey(), { create: true });
    opened.push(db);
    const desa = '3579011001';
    db.sql.raw
      .prepare("INSERT INTO regions (code, name, level, name_key) VALUES (?, 'Sisir', 'desa', 'sisir')")
      .run(desa);
    const household = (id: string, extra: Record<string, unknown> = {}) =>
      ({ id, kk_number: id.slice(-16), desa_code: desa, ...extra }) as never;
    const person = (id: string, householdId: string, name: string) =>
      ({
        id,
        household_id: householdId,
        nik: null,
        name,
        name_key: name.toLowerCase(),
        phonetic_key: name.toLowerCase(),
        sex: 'P',
        relationship: 'kepala_keluarga',
        status: 'aktif',
      }) as never;
    const [before, removedAfterChange] = [newId(), newId()];
    const earlier = newId();
    db.write(ACTOR, (changes) => {
      changes.insert('households', household(before), 'test');
      changes.insert('households', household(removedAfterChange), 'test');
      changes.insert('people', person(earlier, before, 'Sri Lestari'), 'test');
      changes.insert('ref_values', { id: 'rv-gone', kind: 'test', code: 'x', label: 'X' } as never, 'test');
    });

    const batchId = newId();
    const record = new BatchRecord();
    const [created, converted, createdThenRemoved, head] = [newId(), newId(), newId(), newId()];
    db.write(ACTOR, (changes) => {
      changes.beginBatch(record, batchId);
      // A number in a text column and text in an integer one: SQLite converts both, so these
      // rows are read back rather than hashed as given.
      changes.insert('households', household(converted, { rt: 5, monthly_income: '1500000' }), 'test');
      changes.insert('households', household(created), 'test');
      changes.insert('people', person(head, created, 'Wahyu Utomo'), 'test');
      // A row the batch created, changed again later in the batch (its head named afterwards).
      changes.update('households', created, { head_person_id: head, rw: '02' }, 'test');
      changes.update('people', earlier, { name: 'Sri Lestary' }, 'test');
      changes.update('people', earlier, { name: 'Sri Lestariningsih', occupation: 'petani' }, 'test');
      changes.insert('households', household(createdThenRemoved), 'test');
      changes.delete('households', createdThenRemoved, 'test');
      changes.update('households', removedAfterChange, { dusun: 'Krajan' }, 'test');
      changes.delete('households', removedAfterChange, 'test');
      changes.delete('ref_values', 'rv-gone', 'test');
      changes.update('households', before, { desil: 3 }, 'test');
      changes.update('households', before, { desil: 4 }, 'test');
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

    const lines = db.sql.raw
      .prepare('SELECT * FROM import_batch_rows WHERE batch_id = ? ORDER BY entity, entity_id')
      .all(batchId) as ImportBatchRowsTable[];
    const ops = Object.fromEntries(lines.map((l) => [l.entity_id, l.op]));
    expect(ops).toEqual({
      [created]: 'create',
      [converted]: 'create',
      [head]: 'create',
      [earlier]: 'update',
      [before]: 'update',
      [removedAfterChange]: 'remove',
      'rv-gone': 'remove',
    });
    // The first change's before-values win: what undo puts back.
    const earlierLine = lines.find((l) => l.entity_id === earlier)!;
    expect(JSON.parse(earlierLine.before_json!)).toEqual({ name: 'Sri Lestari', occupation: null });
    expect(JSON.parse(lines.find((l) => l.entity_id === before)!.before_json!)).toEqual({ desil: null });
    // Every row still standing is hashed as stored, at its stored version.
    for (const line of lines.filter((l) => l.op !== 'remove')) {
      const row = db.sql.raw
        .prepare(`SELECT * FROM "${line.entity}" WHERE id = ?`)
        .get(line.entity_id) as Record<string, unknown>;
      expect([line.entity_id, line.row_hash, line.version]).toEqual([
        line.entity_id,
        rowDigest(row),
        Number(row.version),
      ]);
    }
    const stored = db.sql.raw
      .prepare('SELECT rt, monthly_income FROM households WHERE id = ?')
      .get(converted);
    // Not what was written (5, '1500000'): hashed as given, this family would read as tampered.
    expect(stored).toEqual({ rt: '5.0', monthly_income: 1500000 });
    expect(verifyChain(db.sql)).toMatchObject({ ok: true, problems: [] });
    // The chunk the batch syncs as is stored as its canonical JSON (the outbox row's hash and
    // the server's check are taken over those bytes), though its rows are written only once.
    const chunk = db.sql.raw
      .prepare("SELECT changes_json FROM sync_outbox WHERE op = 'batch' AND entity_id = ?")
      .pluck()
      .get(batchId) as string;
    expect(chunk).toBe(canonicalJson(JSON.parse(chunk)));
    expect(chunk).toContain(`"entityId":"${converted}"`);
  });
});

describe('a row digest', () => {
  it('is the SHA-256 of the row’s canonical JSON without device columns, whatever the values', () => {
    const canonical = (row: Record<string, unknown>) => {
      const content: Record<string, unknown> = {};
      for (const field of Object.keys(row).sort())
        if (field !== 'row_no' && field !== 'household_desa') content[field] = row[field];
      return createHash('sha256').update(canonicalJson(content)).digest('hex');
    };
    const rows: Record<string, unknown>[] = [
      { id: 'a', name: 'Siti "Ani" \\ Aminah\n', row_no: 7, household_desa: '3579', version: 1 },
      { zeta: 1.5, alpha: -0, mid: 1e21, low: -42, text: 'Ngatiyem \u0000 ünïcode 😀', empty: '', nil: null },
      // The same shape again, now with values only canonicalJson handles.
      { zeta: true, alpha: undefined, mid: Buffer.from('ab'), low: NaN, text: 'x', empty: '', nil: null },
      { id: 'b', version: 2 },
      { version: 2, id: 'b' },
    ];
    for (const row of rows) expect(rowDigest(row)).toBe(canonical(row));
  });
});

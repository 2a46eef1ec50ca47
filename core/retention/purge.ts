import { rmSync } from 'node:fs';
import type { Updateable } from 'kysely';
import { PURGE_ACTION, readPurgeList, redactJson, type PurgeRecord } from '../../common/audit/redaction.ts';
import { PURGE_MARKS, PURGED_VALUES } from '../../common/domain/retention.ts';
import { AppFailure } from '../../common/errors.ts';
import type { Schema } from '../../db/schema.ts';
import { qb, type Sql } from '../../db/sql.ts';
import { attachmentPath, forgetWaitingFiles } from '../attachments/attachments.ts';
import { linesHoldingValues, redactLines, type BatchRedactions } from '../audit/batch.ts';
import type { AuditedTable, Changes } from '../db/changes.ts';
import type { Database } from '../db/database.ts';
import type { RegionNames } from '../regions/names.ts';
import { redactReleaseRecords } from '../release/redaction.ts';
import { redactBatchedRows } from '../sync/outbox.ts';
import { readState } from '../sync/state.ts';
import { dueForPurge, type DueItem } from './due.ts';

/**
 * The retention purge: a due family's (or removed person's) personal data is overwritten in
 * every table that holds it, the audit entries and sent sync rows that recorded it are
 * redacted, and one audit entry per family says what was purged. What reports count stays:
 * the rows themselves, desa, sex, relationship, status, desil, programmes, amounts and dates.
 */
export interface PurgeOutcome {
  households: number;
  people: number;
  redacted: number;
  /** Attachment files to remove once the transaction has committed. */
  files: string[];
}

/**
 * Each overwritten row's entry (field names only); the purge's own entry is PURGE_ACTION. The
 * call sites write both as literals, so the audit-label test can read them.
 */
const ERASE_ACTION = 'retention.erase';

// The values are common (the server checks a purge against them); the types are checked here.
const SCRUB = PURGED_VALUES satisfies { [T in AuditedTable]?: Updateable<Schema[T]> };

type ScrubbedTable = keyof typeof SCRUB;

const mark = (table: ScrubbedTable, at: string) => (PURGE_MARKS[table] ? { [PURGE_MARKS[table]]: at } : {});

export function purgeDue(
  changes: Changes,
  regions: RegionNames,
  now: Date,
  expected: number,
  filesDir: string,
): PurgeOutcome {
  const due = dueForPurge(changes.db, regions, now).filter((item) => !item.deferredBecause);
  if (due.length !== expected)
    throw new AppFailure(
      'CONFLICT',
      `Daftar yang akan dihapus berubah (sekarang ${due.length}, yang Anda periksa ${expected}). Tampilkan pratinjau lagi lalu periksa ulang.`,
    );
  const outcome: PurgeOutcome = { households: 0, people: 0, redacted: 0, files: [] };
  for (const item of due) {
    const purged = purgeItem(changes, item, now);
    if (item.kind === 'keluarga') outcome.households++;
    outcome.people += item.personIds.length;
    outcome.redacted += purged.redacted;
    outcome.files.push(...purged.files.map((id) => attachmentPath(filesDir, id)));
    forgetWaitingFiles(changes.db, purged.files);
  }
  redactTrail(changes.db);
  return outcome;
}

/** After the commit: the encrypted files of purged attachments. */
export function removePurgedFiles(outcome: PurgeOutcome): void {
  for (const file of outcome.files) rmSync(file, { force: true });
}

/** What one purge concerns: a whole family, or one removed person of a family that stays. */
type Target = Pick<DueItem, 'kind' | 'id' | 'householdId' | 'personIds'>;

function purgeItem(changes: Changes, item: Target, now: Date): { redacted: number; files: string[] } {
  const rows = rowsOf(changes.db, item);
  const at = now.toISOString();
  changes.about(item.householdId, () => {
    for (const [table, ids] of rows) {
      const patch = { ...SCRUB[table], ...mark(table, at) };
      for (const id of ids)
        changes.update(table, id as never, patch as never, 'retention.erase', { forget: true });
    }
  });
  return { redacted: recordPurge(changes, item, rows), files: rows.get('attachments') ?? [] };
}

/**
 * The purge's own audit entry: whom it concerns, the rows it overwrote, and every earlier entry
 * about them (seq and hash) that loses its values. Answers how many entries it lists.
 */
function recordPurge(changes: Changes, item: Target, rows: Map<ScrubbedTable, string[]>): number {
  const whole = item.kind === 'keluarga';
  const concerned = whole ? [item.householdId, ...item.personIds] : item.personIds;
  const entries = changes.db.all(
    qb
      .selectFrom('audit_log')
      .select(['seq', 'hash'])
      .where('redacted_by', 'is', null)
      .where('action', 'not in', [PURGE_ACTION, ERASE_ACTION])
      .where((eb) =>
        whole
          ? eb.or([eb('subject_id', '=', item.householdId), eb('entity_id', 'in', concerned)])
          : eb('entity_id', 'in', concerned),
      )
      .orderBy('seq'),
  );
  const record: PurgeRecord = {
    households: whole ? [item.householdId] : [],
    people: item.personIds,
    redacted: entries.map((e) => [e.seq, e.hash]),
  };
  const rowKeys = [...rows].flatMap(([table, ids]) => ids.map((id) => `${table}:${id}`));
  // An import's record keeps the values a row had before the import (undo's and Data Saya's):
  // its lines about these rows are listed with their hashes, so verify accepts them redacted.
  const batchLines = linesHoldingValues(
    changes.db,
    [...rows].flatMap(([table, ids]) => ids.map((id): [string, string] => [table, id])),
    whole ? item.householdId : null,
  );
  const redactions: BatchRedactions = batchLines.length ? { batchLines } : {};
  changes.about(item.householdId, () =>
    changes.note('retention.purge', whole ? 'households' : 'people', item.id, {
      ...record,
      rows: rowKeys,
      ...redactions,
    }),
  );
  return entries.length;
}

/**
 * After a sync (core/sync/engine.ts): purges pulled from other workstations are recorded here,
 * and what the server now holds of every purge is redacted locally.
 */
export function settlePurges(db: Database): void {
  db.write({ userId: null, username: null }, (changes) => {
    adoptPulledPurges(changes);
    redactTrail(changes.db);
  });
}

/**
 * Another workstation purged a family and this one pulled the overwritten rows: its own audit
 * entries and sent changes about that family still hold the old values. It records the purge
 * in its own chain (the rows are already overwritten), and the trail is redacted as if it had
 * purged itself. Runs after each sync's pull.
 */
export function adoptPulledPurges(changes: Changes): number {
  const sql = changes.db;
  const known = new Set<string>();
  for (const purge of sql.all(
    qb.selectFrom('audit_log').select('changes_json').where('action', '=', PURGE_ACTION),
  )) {
    const record = readPurgeList(purge.changes_json);
    for (const id of [...(record?.households ?? []), ...(record?.people ?? [])]) known.add(id);
  }
  const targets: Target[] = [];
  for (const h of sql.all(qb.selectFrom('households').select('id').where('purged_at', 'is not', null))) {
    if (known.has(h.id)) continue;
    const members = sql.all(qb.selectFrom('people').select('id').where('household_id', '=', h.id));
    targets.push({ kind: 'keluarga', id: h.id, householdId: h.id, personIds: members.map((m) => m.id) });
    for (const m of members) known.add(m.id);
  }
  for (const p of sql.all(
    qb.selectFrom('people').select(['id', 'household_id']).where('purged_at', 'is not', null),
  )) {
    if (!known.has(p.id))
      targets.push({ kind: 'orang', id: p.id, householdId: p.household_id, personIds: [p.id] });
  }
  for (const target of targets) recordPurge(changes, target, rowsOf(sql, target));
  return targets.length;
}

/** Every row that holds the family's (or the person's) personal data, by table. */
function rowsOf(sql: Sql, item: Target): Map<ScrubbedTable, string[]> {
  const rows = new Map<ScrubbedTable, string[]>();
  const add = (table: ScrubbedTable, ids: string[]) => {
    if (ids.length) rows.set(table, [...(rows.get(table) ?? []), ...ids]);
  };
  const ids = (query: { id: string }[]) => query.map((r) => r.id);
  const people = item.personIds;
  add('people', people);
  if (item.kind === 'keluarga') {
    const h = item.householdId;
    add('households', [h]);
    add(
      'household_kk_history',
      ids(sql.all(qb.selectFrom('household_kk_history').select('id').where('household_id', '=', h))),
    );
    add(
      'disbursement_items',
      ids(sql.all(qb.selectFrom('disbursement_items').select('id').where('household_id', '=', h))),
    );
    add('enrolments', ids(sql.all(qb.selectFrom('enrolments').select('id').where('household_id', '=', h))));
    const verifications = ids(
      sql.all(qb.selectFrom('verifications').select('id').where('household_id', '=', h)),
    );
    add('verifications', verifications);
    const cases = ids(sql.all(qb.selectFrom('cases').select('id').where('household_id', '=', h)));
    add('cases', cases);
    if (cases.length) {
      add(
        'case_events',
        ids(sql.all(qb.selectFrom('case_events').select('id').where('case_id', 'in', cases))),
      );
      add('referrals', ids(sql.all(qb.selectFrom('referrals').select('id').where('case_id', 'in', cases))));
    }
    add('complaints', ids(sql.all(qb.selectFrom('complaints').select('id').where('household_id', '=', h))));
    add(
      'attachments',
      ids(
        sql.all(
          qb
            .selectFrom('attachments')
            .select('id')
            .where('owner_id', 'in', [h, ...verifications, ...cases]),
        ),
      ),
    );
  } else {
    add(
      'disbursement_items',
      ids(sql.all(qb.selectFrom('disbursement_items').select('id').where('person_id', 'in', people))),
    );
    add(
      'enrolments',
      ids(sql.all(qb.selectFrom('enrolments').select('id').where('person_id', 'in', people))),
    );
    add(
      'complaints',
      ids(sql.all(qb.selectFrom('complaints').select('id').where('person_id', 'in', people))),
    );
  }
  add(
    'duplicate_candidates',
    ids(
      sql.all(
        qb
          .selectFrom('duplicate_candidates')
          .select('id')
          .where((eb) => eb.or([eb('person_a', 'in', people), eb('person_b', 'in', people)])),
      ),
    ),
  );
  // Complaints about a person filed without the family are theirs too.
  for (const [table, list] of rows) rows.set(table, [...new Set(list)]);
  return rows;
}

/**
 * Redacts what the purges listed, as far as it is safe: on a workstation that syncs, only the
 * audit entries and changes the server already holds (one arriving redacted would break the
 * server's copy of the chain); the rest after the next sync. A workstation that was never
 * enrolled redacts everything at once, and an import's record (local) is redacted at once
 * everywhere. Not through Changes: redaction is the one edit of the trail itself, and each
 * redacted entry names the purge that did it.
 */
export function redactTrail(sql: Sql): number {
  const state = readState(sql);
  const standalone = !state.deviceId;
  const purges = sql.raw
    .prepare('SELECT id, changes_json FROM audit_log WHERE action = ? ORDER BY seq')
    .all(PURGE_ACTION) as { id: string; changes_json: string }[];
  const readEntry = sql.raw.prepare(
    'SELECT changes_json FROM audit_log WHERE seq = ? AND redacted_by IS NULL',
  );
  const writeEntry = sql.raw.prepare('UPDATE audit_log SET changes_json = ?, redacted_by = ? WHERE seq = ?');
  const readRows = sql.raw.prepare(
    `SELECT device_seq, changes_json FROM sync_outbox
     WHERE entity = ? AND entity_id = ? AND redacted_by IS NULL AND (acked_at IS NOT NULL OR ?)`,
  );
  const writeRow = sql.raw.prepare(
    'UPDATE sync_outbox SET changes_json = ?, redacted_by = ? WHERE device_seq = ?',
  );
  let count = 0;
  for (const purge of purges) {
    const record = readPurgeList(purge.changes_json);
    if (!record) continue;
    count += redactLines(sql, purge.id, record.batchLines ?? []);
    for (const [seq] of record.redacted ?? []) {
      if (!standalone && seq >= state.auditNextSeq) continue;
      const entry = readEntry.get(seq) as { changes_json: string } | undefined;
      if (!entry) continue;
      writeEntry.run(redactJson(entry.changes_json), purge.id, seq);
      count++;
    }
    for (const key of record.rows ?? []) {
      const [entity, id] = key.split(':') as [string, string];
      for (const row of readRows.all(entity, id, standalone ? 1 : 0) as {
        device_seq: number;
        changes_json: string;
      }[]) {
        writeRow.run(redactJson(row.changes_json), purge.id, row.device_seq);
        count++;
      }
    }
    const rows = (record.rows ?? []).map((key) => {
      const [entity, id] = key.split(':') as [string, string];
      return { entity, id };
    });
    count += redactBatchedRows(sql, rows, purge.id, standalone);
    // Releases are local records, never synced: cleaned at once everywhere.
    count += redactReleaseRecords(sql, { households: record.households ?? [], people: record.people ?? [] });
  }
  return count;
}

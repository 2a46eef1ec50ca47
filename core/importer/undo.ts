import { CompiledQuery, type Selectable } from 'kysely';
import { actionLabel } from '../../common/domain/auditLabels.ts';
import { AppFailure } from '../../common/errors.ts';
import { formatDateTimeId } from '../../common/format.ts';
import { qb, type Sql } from '../../db/sql.ts';
import type { ImportBatchRowsTable } from '../../db/schema.ts';
import type { Changes } from '../db/changes.ts';
import type { UndoLog } from './kinds/types.ts';
import { BatchRecord } from '../audit/batch.ts';
import { BATCH_ACTIONS, IMPORT_UNDO_BATCH } from '../../common/audit/batches.ts';
import { newId } from '../ids.ts';

/**
 * Undoing an import batch. Rows it created are removed (soft delete, reason "IMPOR
 * DIBATALKAN"), values it changed are put back, all in the caller's one transaction.
 *
 * The undo is audited and synced as a batch, as the import was (issue 14): one audit entry
 * (`import.undo.batch`, on an import_batches row of its own that names the batch it undoes), a
 * record of every row it changed, and chunked outbox rows. A row at a time, undoing a
 * 30,000-row import wrote 54,000 audit entries and outbox rows and took 32 s.
 *
 * Refused, with the reason in words, when undoing would throw work away or leave it orphaned:
 * - later work depends on a family, person or enrolment the batch created (a later import added
 *   members to its families, an officer enrolled one, opened a case...): undoing would leave
 *   those rows pointing at a deleted family. The message names the later import (undo it first)
 *   or the change made by hand (from the audit trail);
 * - someone changed one of the batch's rows since (the versions in the undo log).
 */
export function undoImport(changes: Changes, batchId: string): { removed: number; restored: number } {
  const sql = changes.db;
  const batch = sql.first(
    qb.selectFrom('import_batches').selectAll().where('id', '=', batchId).where('undoes', 'is', null),
  );
  if (!batch) throw new AppFailure('NOT_FOUND', 'Impor ini tidak ditemukan.');
  if (batch.status === 'undone') throw new AppFailure('CONFLICT', 'Impor ini sudah dibatalkan.');
  const undo = undoLogOf(sql, batch);
  const trail = new Trail(sql, batchId);

  const created = createdIds(undo);
  const { dependents, headsSetHere } = findDependents(sql, trail, created);
  if (dependents.length) throw new AppFailure('CONFLICT', refusal(sql, batch, dependents));
  checkVersions(sql, trail, batch, undo);

  const undoId = newId();
  const record = new BatchRecord();
  changes.beginBatch(record, undoId);
  putBack(changes, undo, headsSetHere);
  // The batch's new status is a line of the undo's record; the undo's entry names the batch.
  changes.update(
    'import_batches',
    batchId,
    { status: 'undone', undone_at: changes.now, undone_by: changes.actorId },
    'import.undo',
  );
  const syncSha256 = changes.endBatch();
  const totals = record.write(sql, undoId);
  const counts = {
    removed: undo.created.filter((c) => UNDONE_CREATED.has(c.table)).length,
    restored: undo.updated.length,
  };
  changes.insert(
    'import_batches',
    {
      id: undoId,
      kind: batch.kind,
      file_name: batch.file_name,
      sheet: batch.sheet,
      mapping_json: '{}',
      options_json: '{}',
      counts_json: JSON.stringify(counts),
      undo_json: '',
      file_sha256: batch.file_sha256,
      rows_sha256: totals.rowsSha256,
      row_count: totals.rowCount,
      sync_sha256: syncSha256,
      status: 'committed',
      created_by: changes.actorId,
      undone_at: null,
      undone_by: null,
      undoes: batchId,
    } as never,
    IMPORT_UNDO_BATCH,
  );
  return counts;
}

/** The batch's rows as they were: what it created removed, what it changed restored. */
function putBack(changes: Changes, undo: RecordedUndo, headsSetHere: string[]): void {
  const reason = 'IMPOR DIBATALKAN';
  // Each line of the undo's record names the family, as the import's did (its history, Data Saya).
  const about = (row: Family, fn: () => void) => (row.household ? changes.about(row.household, fn) : fn());
  // Enrolments and people first, then the families they belong to.
  const order = [
    'disbursement_items',
    'enrolments',
    'people',
    'household_desil_history',
    'household_kk_history',
    'households',
  ];
  const sorted = [...undo.created].sort((a, b) => order.indexOf(a.table) - order.indexOf(b.table));
  const familiesMade = new Set(undo.created.filter((c) => c.table === 'households').map((c) => c.id));
  for (const c of sorted)
    about(c, () => {
      if (c.table === 'disbursement_items') removePlannedItem(changes, c.id);
      // The desil a newer list gave a registered family; a family made here keeps its history.
      else if (c.table === 'household_desil_history') {
        if (!c.household || !familiesMade.has(c.household))
          changes.delete('household_desil_history', c.id, 'import.undo');
      } else if (c.table === 'enrolments')
        changes.update(
          'enrolments',
          c.id,
          { deleted_at: changes.now, status: 'dikeluarkan', status_reason: reason },
          'import.undo',
        );
      else if (c.table === 'people')
        changes.update('people', c.id, { deleted_at: changes.now, deleted_reason: reason }, 'import.undo');
      else if (c.table === 'households')
        changes.update(
          'households',
          c.id,
          { deleted_at: changes.now, deleted_reason: reason, status: 'nonaktif', head_person_id: null },
          'import.undo',
        );
    });
  // A family registered before this batch that got its head from it: headless again, as it was
  // (the importer names a head only for a family without one).
  for (const householdId of headsSetHere)
    changes.about(householdId, () =>
      changes.update('households', householdId, { head_person_id: null }, 'import.undo'),
    );
  for (const u of [...undo.updated].reverse())
    about(u, () => changes.update(u.table as 'people', u.id, u.before as never, 'import.undo'));
}

/**
 * A recipient a planned list (SIKS-NG "tugas salur") added to a period. The items table keeps
 * no soft delete, so the row goes; only while the period is open, as for any list change.
 */
function removePlannedItem(changes: Changes, id: string): void {
  const item = changes.db.first(
    qb
      .selectFrom('disbursement_items as i')
      .innerJoin('disbursement_periods as d', 'd.id', 'i.period_id')
      .select(['i.household_id', 'd.status', 'd.label'])
      .where('i.id', '=', id),
  );
  if (!item) return;
  if (item.status !== 'dibuka')
    throw new AppFailure(
      'CONFLICT',
      `Periode "${item.label}" sudah ditutup; daftar salur dari impor ini tidak dapat dibatalkan. Minta manajer membuat koreksi penyaluran.`,
    );
  changes.about(item.household_id, () => changes.delete('disbursement_items', id, 'import.undo'));
}

/** The kinds of rows a batch creates that other rows point at. */
type Target = 'households' | 'people' | 'enrolments';

/**
 * Every column that points at a household, a person or an enrolment (the foreign keys of
 * db/migrations, plus households.head_person_id, which has none), with what makes a row count.
 * Left out on purpose:
 * - household_kk_history / household_desil_history: the family's own history; the importer
 *   writes them with the family and does not log them, and a hand change to them (new KK, new
 *   desil) changes the family row too, which the version check refuses;
 * - people.merged_into: only a merged-away person has it, and that person is soft-deleted; the
 *   merge itself is a decided duplicate_candidates row, which is here;
 * - open duplicate pairs (status "terbuka"): the scan's suggestions, not anyone's work; a pair
 *   whose person is gone can no longer be merged ("Salah satu data sudah tidak aktif");
 * - case_events, referrals, attachments, disbursement_corrections: they hang off cases,
 *   verifications and disbursement items, which are here.
 */
const REFERENCES: { table: string; live: string; columns: Record<string, Target> }[] = [
  { table: 'people', live: 'deleted_at IS NULL', columns: { household_id: 'households' } },
  { table: 'households', live: 'deleted_at IS NULL', columns: { head_person_id: 'people' } },
  {
    table: 'enrolments',
    live: 'deleted_at IS NULL',
    columns: { household_id: 'households', person_id: 'people' },
  },
  { table: 'verifications', live: '1', columns: { household_id: 'households' } },
  {
    table: 'disbursement_items',
    live: '1',
    columns: { household_id: 'households', person_id: 'people', enrolment_id: 'enrolments' },
  },
  { table: 'cases', live: '1', columns: { household_id: 'households', person_id: 'people' } },
  { table: 'complaints', live: '1', columns: { household_id: 'households', person_id: 'people' } },
  {
    table: 'duplicate_candidates',
    live: "status <> 'terbuka'",
    columns: { person_a: 'people', person_b: 'people' },
  },
];

/** A live row of another table pointing at a row the batch created. */
interface Dependent {
  table: string;
  id: string;
  column: string;
  target: Target;
  targetId: string;
}

type Created = Record<Target, Set<string>>;

function createdIds(undo: UndoLog): Created {
  const created: Created = { households: new Set(), people: new Set(), enrolments: new Set() };
  for (const c of undo.created) if (c.table in created) created[c.table as Target].add(c.id);
  return created;
}

/** The tables whose created rows undo removes; their other rows go with them (a family's KK history). */
const UNDONE_CREATED = new Set(['households', 'people', 'enrolments', 'disbursement_items']);

/**
 * The lines of a batch's record that undo puts back: the rows it created of those tables (and
 * the desil it noted for a family registered before), and every row it changed. A family it
 * only gave a head is left to the dependents' check, which finds it (`headsSetHere`).
 */
const inUndoLog = (op: string, entity: string) =>
  op === 'create' ? UNDONE_CREATED.has(entity) || entity === 'household_desil_history' : op === 'update';

/** The values a family's line puts back: its head is `headsSetHere`'s to clear. */
function restoredOf(entity: string, before: Record<string, unknown>): Record<string, unknown> | null {
  if (entity !== 'households') return before;
  const { head_person_id: _head, ...values } = before;
  return Object.keys(values).length ? values : null;
}

/** An undo log whose rows may name their family (a batch's record does; older JSON logs do not). */
interface RecordedUndo {
  created: (UndoLog['created'][number] & Family)[];
  updated: (UndoLog['updated'][number] & Family)[];
}
type Family = { household?: string | null };
type ImportBatchLine = Pick<
  Selectable<ImportBatchRowsTable>,
  'entity' | 'entity_id' | 'op' | 'before_json' | 'version' | 'household_id'
>;

/**
 * A batch's undo log: from its record (import_batch_rows, a batch audited as one entry), or
 * the JSON of a batch committed before that. A family an import only gave a head is not in
 * it: the dependents' check finds it (`headsSetHere`).
 */
function undoLogOf(
  sql: Sql,
  batch: { id: string; undo_json: string; rows_sha256: string | null },
): RecordedUndo {
  if (!batch.rows_sha256) return JSON.parse(batch.undo_json) as UndoLog;
  const undo: RecordedUndo = { created: [], updated: [] };
  // Line by line: the lines of a city-wide import, read whole first, took ~40 MB more.
  const lines = sql.raw
    .prepare(
      'SELECT entity, entity_id, op, before_json, version, household_id FROM import_batch_rows WHERE batch_id = ?',
    )
    .iterate(batch.id) as IterableIterator<ImportBatchLine>;
  for (const r of lines) {
    if (!inUndoLog(r.op, r.entity)) continue;
    if (r.op === 'create')
      undo.created.push({ table: r.entity, id: r.entity_id, version: r.version, household: r.household_id });
    else {
      const before = restoredOf(r.entity, JSON.parse(r.before_json ?? '{}') as Record<string, unknown>);
      if (before)
        undo.updated.push({
          table: r.entity,
          id: r.entity_id,
          before,
          version: r.version,
          household: r.household_id,
        });
    }
  }
  return undo;
}

/**
 * One query per referencing table, the batch's ids passed as one JSON array (`json_each`): an
 * indexed column is probed id by id, any other read once, whatever the size of the batch.
 */
function findDependents(
  sql: Sql,
  trail: Trail,
  created: Created,
): { dependents: Dependent[]; headsSetHere: string[] } {
  const ids = {
    households: JSON.stringify([...created.households]),
    people: JSON.stringify([...created.people]),
    enrolments: JSON.stringify([...created.enrolments]),
  };
  const dependents: Dependent[] = [];
  const headsSetHere: string[] = [];
  for (const ref of REFERENCES) {
    const columns = Object.entries(ref.columns).filter(([, target]) => created[target].size > 0);
    if (!columns.length) continue;
    const own = created[ref.table as Target] as Set<string> | undefined;
    const rows = sql.all<Record<string, string | null>>(
      CompiledQuery.raw(
        `SELECT id, ${columns.map(([c]) => `"${c}"`).join(', ')} FROM "${ref.table}"
         WHERE ${ref.live} AND (${columns.map(([c]) => `"${c}" IN (SELECT value FROM json_each(?))`).join(' OR ')})`,
        columns.map(([, target]) => ids[target]),
      ),
    );
    for (const row of rows) {
      const id = row.id!;
      if (own?.has(id)) continue;
      const hit = columns.find(([c, target]) => row[c] != null && created[target].has(row[c]!));
      if (!hit) continue;
      const [column, target] = hit;
      const dependent = { table: ref.table, id, column, target, targetId: row[column]! };
      if (ref.table === 'households' && trail.setByThisBatch(dependent)) headsSetHere.push(id);
      else dependents.push(dependent);
    }
  }
  return { dependents, headsSetHere };
}

interface BatchInfo {
  id: string;
  file_name: string;
  created_at: string;
  username: string | null;
  status: string;
}

const batchInfo = (sql: Sql, id: string) =>
  sql.first(
    qb
      .selectFrom('import_batches')
      .leftJoin('users', 'users.id', 'import_batches.created_by')
      .select([
        'import_batches.id',
        'file_name',
        'import_batches.created_at',
        'users.username',
        'import_batches.status',
      ])
      .where('import_batches.id', '=', id),
  ) as BatchInfo | undefined;

const batchName = (b: { file_name: string; created_at: string; username: string | null }) =>
  `impor "${b.file_name}" (${formatDateTimeId(b.created_at)}, oleh ${b.username ?? 'pengguna tak dikenal'})`;

/**
 * Who made each dependent row: a later import (found in the undo logs of the committed batches
 * newer than this one, each read once) or a hand edit (found in the audit trail).
 */
function refusal(sql: Sql, batch: { id: string; created_at: string }, dependents: Dependent[]): string {
  const pending = new Map(dependents.map((d) => [`${d.table}:${d.id}`, d]));
  const byBatch: { info: BatchInfo; rows: Dependent[] }[] = [];
  const newer = sql.all(
    qb
      .selectFrom('import_batches')
      .select('id')
      .where('status', '=', 'committed')
      .where('undoes', 'is', null)
      .where('id', '!=', batch.id)
      .where('created_at', '>=', batch.created_at)
      .orderBy('created_at', 'desc'),
  );
  for (const { id } of newer) {
    if (!pending.size) break;
    const log = sql.first(
      qb.selectFrom('import_batches').select(['id', 'undo_json', 'rows_sha256']).where('id', '=', id),
    );
    const rows: Dependent[] = [];
    for (const c of undoLogOf(sql, log!).created) {
      const key = `${c.table}:${c.id}`;
      const d = pending.get(key);
      if (!d) continue;
      rows.push(d);
      pending.delete(key);
    }
    if (rows.length) byBatch.push({ info: batchInfo(sql, id)!, rows });
  }
  const byHand = [...pending.values()];

  const parts: string[] = [];
  if (byBatch.length) {
    const shown = byBatch.slice(0, MAX_LISTED);
    const phrases = shown.map(({ info, rows }) => {
      const onlyMembers = rows.every((r) => r.table === 'people' && r.column === 'household_id');
      return `${countPhrase(rows)} dari ${batchName(info)} ${
        onlyMembers
          ? 'sudah ditambahkan ke keluarga yang dibuat impor ini'
          : 'memakai keluarga atau orang yang dibuat impor ini'
      }`;
    });
    if (byBatch.length > shown.length) phrases.push(`data dari ${byBatch.length - shown.length} impor lain`);
    const names = shown.map(({ info }) => `"${info.file_name}"`);
    const first =
      byBatch.length === 1
        ? `Batalkan impor ${names[0]} lebih dulu, lalu batalkan impor ini.`
        : `Batalkan lebih dulu impor ${names.join(', lalu ')}${
            byBatch.length > shown.length ? ' dan impor lain yang disebut' : ''
          } (yang terbaru lebih dulu), lalu batalkan impor ini.`;
    parts.push(`${phrases.join('; ')}. ${first}`);
  }
  if (byHand.length) {
    const items = byHand.slice(0, MAX_LISTED).map((d) => describeHandEdit(sql, d));
    const more = byHand.length - items.length;
    const members = byHand.some((d) => d.table === 'people');
    const others = byHand.some((d) => d.table !== 'people');
    const advice = [
      members
        ? 'Pindahkan anggota tersebut ke keluarga lain lebih dulu (halaman keluarga: "Pindah keluarga" atau "Pisah KK"), lalu batalkan impor ini.'
        : '',
      others
        ? 'Data program, verifikasi, penyaluran, kasus atau pengaduan tetap memakai keluarga ini: selama data itu ada, perbaiki data dari impor ini satu per satu di halaman keluarga, jangan dibatalkan sekaligus.'
        : '',
    ].filter(Boolean);
    parts.push(
      `${byHand.length === 1 ? 'ada perubahan' : `ada ${byHand.length} perubahan`} yang dibuat langsung (bukan lewat impor) pada keluarga atau orang dari impor ini: ${items.join('; ')}${
        more ? `; dan ${more} perubahan lain` : ''
      }. ${advice.join(' ')}`,
    );
  }
  const text = parts.join(' Selain itu, ');
  return `Impor ini tidak dapat dibatalkan: ${text}`;
}

const MAX_LISTED = 3;

const NOUNS: Record<string, string> = {
  people: 'orang',
  households: 'keluarga',
  enrolments: 'kepesertaan program',
  verifications: 'data verifikasi',
  disbursement_items: 'data penyaluran',
  cases: 'kasus',
  complaints: 'pengaduan',
  duplicate_candidates: 'keputusan data ganda',
};

/** "3 orang dan 1 kepesertaan program" */
function countPhrase(rows: Dependent[]): string {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.table, (counts.get(r.table) ?? 0) + 1);
  const words = [...counts].map(([table, n]) => `${n.toLocaleString('id-ID')} ${NOUNS[table] ?? table}`);
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} dan ${words.at(-1)}` : words[0]!;
}

/** "Anggota ditambahkan: Rina Wati, keluarga KK 3579… (05-12-2026 10.21 WIB, oleh petugas1)" */
function describeHandEdit(sql: Sql, d: Dependent): string {
  // A duplicate pair is work once someone decided it: the decision, not the scan that found it.
  const entry =
    d.table === 'duplicate_candidates'
      ? entriesOf(sql, d.table, d.id).find((e) => isFieldChange(changesOf(e).status))
      : setterOf(sql, d.table, d.id, d.column, d.targetId);
  const what = `${entry ? actionLabel(entry.action) : `Data ${NOUNS[d.table] ?? d.table}`}: ${subjectOf(sql, d)}`;
  return entry
    ? `${what} (${formatDateTimeId(entry.at)}, oleh ${entry.username ?? 'sistem'})`
    : `${what} (tanpa catatan riwayat)`;
}

const kkOf = (sql: Sql, householdId: string | null) => {
  const kk = householdId
    ? sql.first(qb.selectFrom('households').select('kk_number').where('id', '=', householdId))?.kk_number
    : null;
  return kk ? `keluarga KK ${kk}` : 'keluarga tanpa No. KK';
};
const nameOf = (sql: Sql, personId: string | null) =>
  (personId ? sql.first(qb.selectFrom('people').select('name').where('id', '=', personId))?.name : null) ??
  '-';

/** What the dependent row is, in a few words a clerk can look up. */
function subjectOf(sql: Sql, d: Dependent): string {
  switch (d.table) {
    case 'people': {
      const p = sql.first(qb.selectFrom('people').select(['name', 'household_id']).where('id', '=', d.id));
      return `${p?.name ?? '-'}, ${kkOf(sql, p?.household_id ?? null)}`;
    }
    case 'households':
      return `${nameOf(sql, d.targetId)} sebagai kepala ${kkOf(sql, d.id)}`;
    case 'enrolments': {
      const e = sql.first(
        qb
          .selectFrom('enrolments')
          .innerJoin('programs', 'programs.id', 'enrolments.program_id')
          .select(['programs.code', 'enrolments.household_id', 'enrolments.person_id'])
          .where('enrolments.id', '=', d.id),
      );
      if (!e) return '-';
      return `${e.code}, ${e.person_id ? `${nameOf(sql, e.person_id)}, ` : ''}${kkOf(sql, e.household_id)}`;
    }
    case 'verifications': {
      const v = sql.first(qb.selectFrom('verifications').select('household_id').where('id', '=', d.id));
      return kkOf(sql, v?.household_id ?? null);
    }
    case 'disbursement_items': {
      const i = sql.first(
        qb
          .selectFrom('disbursement_items')
          .innerJoin('disbursement_periods', 'disbursement_periods.id', 'disbursement_items.period_id')
          .select(['disbursement_items.recipient_name', 'disbursement_periods.label'])
          .where('disbursement_items.id', '=', d.id),
      );
      return i ? `${i.recipient_name}, periode ${i.label}` : '-';
    }
    case 'cases': {
      const c = sql.first(qb.selectFrom('cases').select(['title', 'household_id']).where('id', '=', d.id));
      return c ? `"${c.title}", ${kkOf(sql, c.household_id)}` : '-';
    }
    case 'complaints': {
      const c = sql.first(qb.selectFrom('complaints').select('subject').where('id', '=', d.id));
      return c ? `"${c.subject}"` : '-';
    }
    case 'duplicate_candidates': {
      const c = sql.first(
        qb.selectFrom('duplicate_candidates').select(['person_a', 'person_b']).where('id', '=', d.id),
      );
      return c ? `${nameOf(sql, c.person_a)} dan ${nameOf(sql, c.person_b)}` : '-';
    }
    default:
      return d.id;
  }
}

interface AuditEntry {
  seq: number;
  at: string;
  username: string | null;
  action: string;
  changes_json: string;
  /** Set on a batch's change of the row, told by its record rather than an entry of its own. */
  batch_id?: string;
}

/**
 * Every change of a row, newest first: its own audit entries, and the batches audited as one
 * entry that changed it (import_batch_rows), each at its batch entry's place in the chain.
 * A batch's change lists its fields with their values before (the values after are the row's).
 */
function entriesOf(sql: Sql, table: string, id: string): AuditEntry[] {
  const own = sql.all<AuditEntry>(
    CompiledQuery.raw(
      'SELECT seq, at, username, action, changes_json FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY seq DESC',
      [table, id],
    ),
  );
  const batches = sql.all<AuditEntry & { before_json: string | null }>(
    CompiledQuery.raw(
      `SELECT a.seq, a.at, a.username, a.action, r.before_json, r.batch_id FROM import_batch_rows r
       JOIN audit_log a ON a.entity = 'import_batches' AND a.entity_id = r.batch_id
         AND a.action IN (${BATCH_ACTIONS.map(() => '?').join(', ')})
       WHERE r.entity = ? AND r.entity_id = ?`,
      [...BATCH_ACTIONS, table, id],
    ),
  );
  if (!batches.length) return own;
  const told = batches.map(({ before_json, ...entry }) => ({
    ...entry,
    changes_json: JSON.stringify(
      Object.fromEntries(
        Object.entries(JSON.parse(before_json ?? '{"id":null}') as Record<string, unknown>).map(
          ([f, old]) => [f, { old, new: null }],
        ),
      ),
    ),
  }));
  return [...own, ...told].sort((a, b) => b.seq - a.seq);
}

/** The newest audit entry that set `column` of the row to `value` (its insert, or a later edit). */
function setterOf(
  sql: Sql,
  table: string,
  id: string,
  column: string,
  value: string,
): AuditEntry | undefined {
  return entriesOf(sql, table, id).find((e) => {
    const change = changesOf(e)[column];
    return isFieldChange(change) && change.new === value;
  });
}

/** An undo's entries: a row at a time (before issue 14) or the batch's one. */
const isUndo = (action: string) => action === 'import.undo' || action === IMPORT_UNDO_BATCH;

const changesOf = (e: AuditEntry) => JSON.parse(e.changes_json) as Record<string, unknown>;

const isFieldChange = (v: unknown): v is { old: unknown; new: unknown } =>
  typeof v === 'object' && v !== null && 'new' in v && 'old' in v;

/**
 * Reads the audit trail around this batch. An import commits in one transaction whose last
 * entry is its `import.commit`, every entry of it stamped with the same time, and the trail is
 * written in order: an entry belongs to an import when the first `import.commit` after it has
 * its time (whatever the action: a payments import lists recipients as `disbursement.list`).
 */
class Trail {
  private readonly batches = new Map<string, BatchInfo | undefined>();
  readonly commitSeq: number;

  constructor(
    private readonly sql: Sql,
    readonly batchId: string,
  ) {
    this.commitSeq =
      sql.first<{ seq: number }>(
        CompiledQuery.raw(
          "SELECT seq FROM audit_log WHERE entity = 'import_batches' AND entity_id = ? AND action = 'import.commit'",
          [batchId],
        ),
      )?.seq ?? 0;
  }

  /** The batch whose transaction wrote this entry, when an import did. */
  batchOf(entry: AuditEntry): BatchInfo | undefined {
    if (isUndo(entry.action)) return undefined;
    if (entry.batch_id) return this.infoOf(entry.batch_id);
    const commit = this.sql.first<{ entity_id: string; at: string }>(
      CompiledQuery.raw(
        "SELECT entity_id, at FROM audit_log WHERE action = 'import.commit' AND seq > ? ORDER BY seq LIMIT 1",
        [entry.seq],
      ),
    );
    if (!commit || commit.at !== entry.at) return undefined;
    return this.infoOf(commit.entity_id);
  }

  private infoOf(id: string): BatchInfo | undefined {
    if (!this.batches.has(id)) this.batches.set(id, batchInfo(this.sql, id));
    return this.batches.get(id);
  }

  /**
   * A family registered earlier whose head this batch named (the person is the batch's): the
   * newest entry that set the head is this batch's, or, for a batch audited as one entry, no
   * later entry set it and the batch's record changed the family.
   */
  setByThisBatch(d: Dependent): boolean {
    const entry = setterOf(this.sql, d.table, d.id, d.column, d.targetId);
    if (entry) return this.batchOf(entry)?.id === this.batchId;
    return entriesOf(this.sql, d.table, d.id).some((e) => e.batch_id === this.batchId);
  }

  /**
   * Why a row's version moved on by `moved` since this batch committed: the newest change that
   * still stands (not an undo, not part of a batch undone since: its undo put the row back);
   * `unexplained` when the trail does not account for every version (a row applied by sync
   * carries no entry of its own); null when only undone work moved it.
   */
  changeSince(
    table: string,
    id: string,
    moved: number,
  ): { entry: AuditEntry; batch: BatchInfo | undefined } | 'unexplained' | null {
    let undone = 0;
    for (const entry of entriesOf(this.sql, table, id)) {
      if (entry.seq <= this.commitSeq && this.commitSeq > 0) break;
      if (!Object.values(changesOf(entry)).some(isFieldChange)) continue; // a note: nothing changed
      const batch = this.batchOf(entry);
      if (batch?.id === this.batchId) continue;
      if (isUndo(entry.action) || batch?.status === 'undone') {
        undone++;
        continue;
      }
      return { entry, batch };
    }
    return undone === moved ? null : 'unexplained';
  }
}

/** A row of the batch no longer at the version the batch left it at (`current` null: gone). */
interface Mismatch {
  table: string;
  id: string;
  expected: number;
  current: number | null;
  created: boolean;
}

/**
 * The batch's rows whose version moved since, created rows first, each table's in id order.
 * A batch's record is compared in SQL, so an undo of a city-wide import holds none of its
 * 200,000 versions in memory; an older batch's JSON log, already read, is compared here.
 */
function versionMismatches(
  sql: Sql,
  batch: { id: string; rows_sha256: string | null },
  undo: UndoLog,
): Mismatch[] {
  if (batch.rows_sha256) return recordedMismatches(sql, batch.id);
  const expected = [
    ...undo.created.map((c) => ({ table: c.table, id: c.id, version: c.version ?? 1, created: true })),
    ...undo.updated.map((u) => ({ table: u.table, id: u.id, version: u.version, created: false })),
  ];
  const byTable = new Map<string, string[]>();
  for (const e of expected) {
    const ids = byTable.get(e.table);
    if (ids) ids.push(e.id);
    else byTable.set(e.table, [e.id]);
  }
  const current = new Map<string, number>();
  for (const [table, ids] of byTable)
    for (const row of sql.all<{ id: string; version: number }>(
      CompiledQuery.raw(
        `SELECT id, version FROM ${tableName(table)} WHERE id IN (SELECT value FROM json_each(?))`,
        [JSON.stringify(ids)],
      ),
    ))
      current.set(`${table}:${row.id}`, row.version);
  return expected
    .map((e) => ({ ...e, expected: e.version, current: current.get(`${e.table}:${e.id}`) ?? null }))
    .filter((e) => e.current !== e.expected);
}

function recordedMismatches(sql: Sql, batchId: string): Mismatch[] {
  const mismatches: Mismatch[] = [];
  for (const op of ['create', 'update'] as const) {
    const tables = sql.raw
      .prepare('SELECT DISTINCT entity FROM import_batch_rows WHERE batch_id = ? AND op = ? ORDER BY entity')
      .pluck()
      .all(batchId, op) as string[];
    for (const table of tables.filter((t) => inUndoLog(op, t)))
      for (const row of sql.raw
        .prepare(
          `SELECT r.entity_id AS id, r.version AS expected, t.version AS current
           FROM import_batch_rows r LEFT JOIN ${tableName(table)} t ON t.id = r.entity_id
           WHERE r.batch_id = ? AND r.entity = ? AND r.op = ? AND t.version IS NOT r.version
           ORDER BY r.entity_id`,
        )
        .all(batchId, table, op) as { id: string; expected: number; current: number | null }[])
        mismatches.push({ table, ...row, created: op === 'create' });
  }
  return mismatches;
}

/** A table named by an undo log, quoted; a log is data, so its names are checked first. */
function tableName(table: string): string {
  if (!/^[a-z_]+$/.test(table)) throw new Error(`undo log names table ${table}`);
  return `"${table}"`;
}

/**
 * The rows the batch created or changed must be as it left them. A version moved on only by
 * imports undone since (a later import that named a head for this batch's family, then was
 * undone) does not count; any other change refuses, naming it when the trail can (a row
 * applied by sync, or a conflict resolved, has no entry of its own: refused all the same).
 */
function checkVersions(
  sql: Sql,
  trail: Trail,
  batch: { id: string; rows_sha256: string | null },
  undo: UndoLog,
): void {
  for (const e of versionMismatches(sql, batch, undo)) {
    const change =
      e.current === null ? 'unexplained' : trail.changeSince(e.table, e.id, e.current - e.expected);
    if (change === null) continue;
    const start = e.created
      ? 'Sebagian data dari impor ini sudah diubah setelah diimpor'
      : 'Sebagian data yang diubah impor ini sudah diubah lagi sesudahnya';
    if (change !== 'unexplained' && change.batch)
      throw new AppFailure(
        'CONFLICT',
        `${start} oleh ${batchName(change.batch)}. Batalkan impor "${change.batch.file_name}" lebih dulu, lalu batalkan impor ini.`,
      );
    const by =
      change !== 'unexplained'
        ? ` (${actionLabel(change.entry.action)}: ${describeRow(sql, e.table, e.id)}, ${formatDateTimeId(change.entry.at)}, oleh ${change.entry.username ?? 'sistem'})`
        : '';
    throw new AppFailure(
      'CONFLICT',
      `${start}${by}. Pembatalan tidak aman: perubahan itu akan hilang. Perbaiki datanya satu per satu di halaman keluarga.`,
    );
  }
}

function describeRow(sql: Sql, table: string, id: string): string {
  if (table === 'people') {
    const p = sql.first(qb.selectFrom('people').select(['name', 'household_id']).where('id', '=', id));
    return p ? `${p.name}, ${kkOf(sql, p.household_id)}` : '-';
  }
  if (table === 'households') return kkOf(sql, id);
  return NOUNS[table] ?? table;
}

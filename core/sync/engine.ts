import { performance } from 'node:perf_hooks';
import { AppFailure } from '../../common/errors.ts';
import type { z } from 'zod';
import {
  AUDIT_PAGE,
  auditPushResponse,
  enrolResponse,
  MAX_BODY_BYTES,
  MAX_PUSH_MUTATIONS,
  PULL_PAGE,
  pullResponse,
  pushResponse,
  statusResponse,
  type AuditEntry,
  type PullResponse,
  type RosterUser,
  type StatusResponse,
} from '../../common/sync/protocol.ts';
import { insertChanges, appendOutbox, pendingCount, toMutation } from './outbox.ts';
import { SYNCED_TABLE_NAMES } from '../../common/sync/tables.ts';
import { qb, type Sql } from '../../db/sql.ts';
import type { AuditLogTable, SyncOutboxTable } from '../../db/schema.ts';
import { chainHead } from '../audit/chain.ts';
import { settlePurges } from '../retention/purge.ts';
import type { Actor } from '../db/changes.ts';
import type { Database } from '../db/database.ts';
import { applyPage } from './apply.ts';
import { BLOB_TIMEOUT_MS, pushBlobs } from './blobs.ts';
import { readState, writeState } from './state.ts';
import {
  callServer,
  NetworkFailure,
  ServerRefusal,
  target,
  type ServerTarget,
  type Transfer,
  type Transport,
} from './transport.ts';

export interface SyncSummary {
  ok: boolean;
  pushed: number;
  acknowledged: number;
  pulled: number;
  pending: number;
  conflictsOpen: number;
  cursor: number;
  auditSent: number;
  /** Alarms the server raised for this device that this workstation had not shown before. */
  alarms: string[];
  bytesSent: number;
  bytesReceived: number;
  durationMs: number;
  lastSuccessAt: string | null;
  error: string | null;
}

/**
 * What one sync talks through and how much it asks for at once. The app passes nothing; the
 * test rig passes its own transport (a lossy or lying wrapper around `callServer`) and small
 * pages, so no fault can be switched on in the product.
 */
export interface SyncOptions {
  transport?: Transport;
  /** Rows per pull page. */
  pullPageSize?: number;
}

/** One request to this device's server, counted in the sync's transfer, its reply parsed. */
type Ask = <S extends z.ZodType>(
  method: 'GET' | 'POST',
  path: string,
  body: unknown,
  reply: S,
) => Promise<z.output<S>>;

/** The users of this workstation as the server should know them (see ARCHITECTURE.md "Sync"). */
export function roster(sql: Sql): RosterUser[] {
  return sql
    .all(qb.selectFrom('users').select(['username', 'full_name', 'role', 'area_json', 'active']))
    .map((u) => ({
      username: u.username,
      fullName: u.full_name,
      role: u.role,
      area: JSON.parse(u.area_json) as RosterUser['area'],
      active: u.active === 1,
    }));
}

/**
 * Rows that existed before this workstation's outbox did (data made before migration 0004)
 * get an insert in the outbox once, at enrolment, so the server receives them too. A table a
 * later migration made synced (its rows were never pulled, so all are this workstation's) gets
 * the same at the next sync: the migration lists it in `baselinePending`.
 */
export function ensureBaseline(db: Database): number {
  return db.sql.transaction(() => {
    const state = readState(db.sql);
    const tables = state.baselineDone
      ? SYNCED_TABLE_NAMES.filter((t) => state.baselinePending.includes(t))
      : SYNCED_TABLE_NAMES;
    if (state.baselineDone && !tables.length) return 0;
    let added = 0;
    for (const table of tables) {
      const rows = db.sql.raw
        .prepare(
          // A row an import made went out in one of the batch's chunks, named in its record.
          `SELECT * FROM ${table} t WHERE NOT EXISTS (SELECT 1 FROM sync_outbox o WHERE o.entity = ? AND o.entity_id = t.id)
             AND NOT EXISTS (SELECT 1 FROM import_batch_rows b WHERE b.entity = ? AND b.entity_id = t.id)`,
        )
        .all(table, table) as Record<string, unknown>[];
      for (const row of rows) {
        appendOutbox(db.sql, {
          entity: table,
          entityId: String(row.id),
          op: 'insert',
          baseVersion: 0,
          changes: insertChanges(row),
          ...authorOf(db.sql, table, String(row.id)),
          at: db.now(),
        });
        added++;
      }
    }
    writeState(db.sql, { baselineDone: true, baselinePending: [] });
    return added;
  });
}

/** Where the trail records a row under another name: report_settings came from settings "reports" (0017). */
const WRITTEN_BY_ACTION: Record<string, string> = { report_settings: 'reports.settings' };

/**
 * Who made a baseline row, as the audit trail says: the server accepts a change only from an
 * account (a reference row the app seeds itself has none, and none is needed).
 */
function authorOf(sql: Sql, table: string, id: string): { userId: string | null; username: string | null } {
  const last = (where: string, ...params: string[]) =>
    sql.raw
      .prepare(
        `SELECT user_id AS userId, username FROM audit_log WHERE ${where} AND username IS NOT NULL ORDER BY seq DESC LIMIT 1`,
      )
      .get(...params) as { userId: string | null; username: string } | undefined;
  const action = WRITTEN_BY_ACTION[table];
  const found =
    last('entity = ? AND entity_id = ?', table, id) ?? (action ? last('action = ?', action) : undefined);
  return found ?? { userId: null, username: null };
}

export async function enrol(
  db: Database,
  actor: Actor,
  input: {
    serverUrl: string;
    code: string;
    deviceName: string;
    pin?: string | undefined;
    ca?: string | undefined;
  },
): Promise<{ deviceId: string }> {
  const transfer: Transfer = { bytesSent: 0, bytesReceived: 0 };
  const server: ServerTarget = {
    url: input.serverUrl,
    ...(input.pin ? { pin: input.pin } : {}),
    ...(input.ca ? { ca: input.ca } : {}),
  };
  const answer = await callServer(
    server,
    'POST',
    'v1/enrol',
    { code: input.code, name: input.deviceName, localDeviceId: db.deviceId, roster: roster(db.sql) },
    transfer,
    enrolResponse,
  );
  db.write(actor, (changes) => {
    writeState(db.sql, {
      serverUrl: input.serverUrl,
      deviceId: answer.deviceId,
      deviceName: input.deviceName,
      secret: answer.secret,
      pin: input.pin ?? null,
      ca: input.ca ?? null,
      cursor: 0,
      auditNextSeq: 1,
      lastError: null,
      failures: 0,
      alarms: [],
      area: answer.area ?? null,
      leftArea: [],
    });
    // A new (or rebuilt) server holds nothing of this workstation: its whole outbox goes again,
    // from change 1, on the next sync. Rows are never deleted, so the outbox is complete.
    const resent = changes.db.run(
      qb.updateTable('sync_outbox').set({ acked_at: null }).where('acked_at', 'is not', null),
    ).changes;
    changes.note('sync.enrol', 'sync', answer.deviceId, {
      serverUrl: input.serverUrl,
      deviceName: input.deviceName,
      resent,
    });
  });
  ensureBaseline(db);
  return { deviceId: answer.deviceId };
}

/**
 * One sync: push the outbox in order until the server has it all, push the audit chain, then
 * (only with nothing pending) pull pages and apply each with its cursor, then refresh the
 * conflicts queue. Safe to interrupt anywhere: every step is idempotent.
 */
export async function runSync(db: Database, options: SyncOptions = {}): Promise<SyncSummary> {
  const started = performance.now();
  const transfer: Transfer = { bytesSent: 0, bytesReceived: 0 };
  const summary: SyncSummary = {
    ok: false,
    pushed: 0,
    acknowledged: 0,
    pulled: 0,
    pending: 0,
    conflictsOpen: 0,
    cursor: 0,
    auditSent: 0,
    alarms: [],
    bytesSent: 0,
    bytesReceived: 0,
    durationMs: 0,
    lastSuccessAt: null,
    error: null,
  };
  const sql = db.sql;
  writeState(sql, { lastAttemptAt: db.now() });
  // v1/status lists the server's latest alarms for this device every time: only those not
  // shown before count, so one alarm fails one sync, not every sync after it.
  const shown = new Set(readState(sql).alarms.map(alarmKey));
  try {
    const server = target(readState(sql));
    ensureBaseline(db);
    const call = options.transport ?? callServer;
    const ask: Ask = (method, path, body, reply) => call(server, method, path, body, transfer, reply);
    await pushOutbox(db, ask, summary);
    // Attachment files, once the server has their rows; a photo may take minutes on a slow line.
    await pushBlobs(db, (path, body, reply) =>
      call({ ...server, timeoutMs: BLOB_TIMEOUT_MS }, 'POST', path, body, transfer, reply),
    );
    await pushAudit(db, ask, summary);
    await pull(db, ask, summary, options.pullPageSize ?? PULL_PAGE);
    settlePurges(db);
    const status = await ask('GET', 'v1/status', undefined, statusResponse);
    sql.transaction(() => {
      sql.run(qb.deleteFrom('sync_conflicts'));
      for (const c of status.conflicts)
        sql.run(
          qb
            .insertInto('sync_conflicts')
            .values({ id: c.id, view_json: JSON.stringify(c), status: c.status, at: c.at }),
        );
      const now = db.now();
      writeState(sql, { lastSuccessAt: now, lastError: null, failures: 0, alarms: status.alarms });
      summary.lastSuccessAt = now;
    });
    summary.conflictsOpen = status.conflicts.filter((c) => c.status === 'open').length;
    summary.alarms = newAlarms(summary.alarms, status.alarms, shown);
    // The changes moved, but a sync the server raised an alarm about is not a success.
    summary.ok = summary.alarms.length === 0;
    if (!summary.ok) summary.error = ALARMS_RAISED(summary.alarms.length);
  } catch (error) {
    const message = describe(error);
    summary.error = message;
    const state = readState(sql);
    writeState(sql, { lastError: message, failures: state.failures + 1 });
    throw new AppFailure(error instanceof AppFailure ? error.code : 'INTERNAL', message);
  } finally {
    summary.pending = pendingCount(sql);
    summary.cursor = readState(sql).cursor;
    summary.bytesSent = transfer.bytesSent;
    summary.bytesReceived = transfer.bytesReceived;
    summary.durationMs = Math.round(performance.now() - started);
  }
  return summary;
}

type ServerAlarm = StatusResponse['alarms'][number];

const alarmKey = (a: ServerAlarm) => `${a.at}|${a.kind}|${a.message}`;

/** Said without the alarms' text: the page and the CLI list the alarms themselves, once. */
const ALARMS_RAISED = (n: number) =>
  `Perubahan sudah terkirim, tetapi server mencatat ${n} alarm untuk perangkat ini. Laporkan kepada administrator server.`;

/**
 * The alarms this sync brought: those in the status not shown before, and the audit answer's
 * (also in the status when the server kept it): each said once.
 */
function newAlarms(fromAudit: string[], status: ServerAlarm[], shown: Set<string>): string[] {
  const fresh = status.filter((a) => !shown.has(alarmKey(a))).map((a) => a.message);
  const auditOnly = fromAudit.filter((m) => !status.some((a) => a.message === m));
  return [...new Set([...fresh, ...auditOnly])];
}

export function describe(error: unknown): string {
  if (error instanceof NetworkFailure)
    return `${error.message} Perubahan tetap tersimpan di komputer ini dan akan dikirim nanti.`;
  if (error instanceof ServerRefusal) return `Server menolak: ${error.message}`;
  if (error instanceof AppFailure) return error.message;
  return `Sinkronisasi gagal karena kesalahan tak terduga: ${error instanceof Error ? error.message : String(error)}`;
}

async function pushOutbox(db: Database, ask: Ask, summary: SyncSummary) {
  const sql = db.sql;
  for (let round = 0; ; round++) {
    if (round > 100_000) throw new AppFailure('INTERNAL', 'Pengiriman perubahan tidak maju.');
    const rows = sql.all(
      qb
        .selectFrom('sync_outbox')
        .selectAll()
        .where('acked_at', 'is', null)
        .orderBy('device_seq')
        .limit(MAX_PUSH_MUTATIONS),
    );
    if (!rows.length) {
      // Nothing to send: the roster still goes, so the server learns new or disabled accounts.
      if (round === 0) await ask('POST', 'v1/push', { roster: roster(sql), mutations: [] }, pushResponse);
      return;
    }
    const sent = withinPushBytes(rows);
    const mutations = sent.map(toMutation);
    const first = mutations[0]!.seq;
    const answer = await ask('POST', 'v1/push', { roster: roster(sql), mutations }, pushResponse);
    // Changes, as the Sinkronisasi page counts them: an import chunk counts its rows.
    for (const row of sent) summary.pushed += row.row_count;
    const acked = sql.run(
      qb
        .updateTable('sync_outbox')
        .set({ acked_at: db.now() })
        .where('acked_at', 'is', null)
        .where('device_seq', '<', answer.expectedSeq),
    ).changes;
    summary.acknowledged += acked;
    if (answer.gap || answer.expectedSeq < first) {
      // The server holds less than we thought (restored from a backup?): resend from its seq.
      sql.run(
        qb.updateTable('sync_outbox').set({ acked_at: null }).where('device_seq', '>=', answer.expectedSeq),
      );
      if (answer.expectedSeq === first && answer.gap)
        throw new AppFailure('INTERNAL', 'Server menolak urutan perubahan.');
      continue;
    }
    if (answer.expectedSeq <= first)
      throw new AppFailure('INTERNAL', 'Server tidak menerima perubahan yang dikirim.');
  }
}

/**
 * The rows that fit one push: a batch's chunks are large (up to BATCH_CHUNK_BYTES each), and
 * the server refuses a body over MAX_BODY_BYTES. Always at least one row.
 */
function withinPushBytes<Row extends Pick<SyncOutboxTable, 'changes_json'>>(rows: Row[]): Row[] {
  let bytes = 0;
  for (let i = 0; i < rows.length; i++) {
    bytes += rows[i]!.changes_json.length + 512;
    if (i > 0 && bytes > PUSH_BYTES) return rows.slice(0, i);
  }
  return rows;
}

/** Half the server's body limit: room for the roster, JSON escaping and non-ASCII text. */
const PUSH_BYTES = MAX_BODY_BYTES / 2;

async function pushAudit(db: Database, ask: Ask, summary: SyncSummary) {
  const sql = db.sql;
  for (;;) {
    const from = readState(sql).auditNextSeq;
    const head = chainHead(sql);
    const entries = sql.all(
      qb.selectFrom('audit_log').selectAll().where('seq', '>=', from).orderBy('seq').limit(AUDIT_PAGE),
    ) as AuditLogTable[];
    const answer = await ask(
      'POST',
      'v1/audit',
      {
        entries: entries.map((e) => ({ ...e, subject_id: e.subject_id ?? null }) satisfies AuditEntry),
        head,
      },
      auditPushResponse,
    );
    summary.alarms.push(...answer.alarms);
    summary.auditSent += Math.max(0, answer.expectedSeq - from);
    writeState(sql, { auditNextSeq: answer.expectedSeq });
    if (!answer.ok || answer.expectedSeq > head.seq || answer.expectedSeq <= from) return;
  }
}

/**
 * Pages are fetched one ahead: while a page is applied (synchronously, in its transaction), the
 * server is already preparing the next one, so a bootstrap costs about max(server, apply) per
 * page rather than their sum. A prefetched page is discarded if the cursor moved otherwise.
 */
async function pull(db: Database, ask: Ask, summary: SyncSummary, pageSize: number) {
  const sql = db.sql;
  const fetchPage = (cursor: number) =>
    ask('GET', `v1/pull?cursor=${cursor}&limit=${pageSize}`, undefined, pullResponse);
  let cursor = readState(sql).cursor;
  let next: Promise<PullResponse> | null = null;
  for (;;) {
    if (pendingCount(sql) > 0) return; // never download over unsent edits: the next sync pushes first
    const page = await (next ?? fetchPage(cursor));
    next = null;
    if (!page.rows.length) return;
    if (page.more) {
      next = fetchPage(page.cursor);
      next.catch(() => undefined); // awaited (and its failure reported) on the next turn
    }
    const result = applyPage(sql, page.rows, page.cursor, db.now());
    if (!result.done) return;
    summary.pulled += result.applied;
    cursor = page.cursor;
    if (!page.more) return;
  }
}

export function conflictsOpen(sql: Sql): number {
  return Number(
    sql.first(
      qb
        .selectFrom('sync_conflicts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'open'),
    )?.n ?? 0,
  );
}

import { performance } from 'node:perf_hooks';
import { AppFailure } from '../../common/errors.ts';
import {
  AUDIT_PAGE,
  MAX_PUSH_MUTATIONS,
  PULL_PAGE,
  type AuditEntry,
  type PullResponse,
  type PushResponse,
  type RosterUser,
  type StatusResponse,
} from '../../common/sync/protocol.ts';
import { insertChanges, appendOutbox, pendingCount, toMutation } from './outbox.ts';
import { SYNCED_TABLE_NAMES } from '../../common/sync/tables.ts';
import { qb, type Sql } from '../../db/sql.ts';
import type { AuditLogTable } from '../../db/schema.ts';
import { chainHead } from '../audit/chain.ts';
import type { Actor } from '../db/changes.ts';
import type { Database } from '../db/database.ts';
import { applyPage } from './apply.ts';
import { readState, writeState, type SyncState } from './state.ts';
import { callServer, NetworkFailure, ServerRefusal, type ServerTarget, type Transfer } from './transport.ts';

export interface SyncSummary {
  ok: boolean;
  pushed: number;
  acknowledged: number;
  pulled: number;
  pending: number;
  conflictsOpen: number;
  cursor: number;
  auditSent: number;
  alarms: string[];
  bytesSent: number;
  bytesReceived: number;
  durationMs: number;
  lastSuccessAt: string | null;
  error: string | null;
}

/** Test-only faults (negative controls): a sync that breaks the protocol on purpose. */
export interface SyncFaults {
  /** Marks the outbox acknowledged as soon as it is sent, before the server has answered. */
  ackBeforeResponse?: boolean;
}

/** Rows per pull page (BANSOS_SYNC_PULL_PAGE lets tests make many small pages). */
const pullPageSize = () => Number(process.env.BANSOS_SYNC_PULL_PAGE) || PULL_PAGE;

function target(state: SyncState): ServerTarget {
  if (!state.serverUrl || !state.deviceId || !state.secret)
    throw new AppFailure(
      'CONFLICT',
      'Perangkat ini belum terdaftar di server pusat. Minta kode pendaftaran kepada administrator server, lalu daftarkan di halaman Sinkronisasi.',
    );
  return {
    url: state.serverUrl,
    credentials: `${state.deviceId}.${state.secret}`,
    ...(state.pin ? { pin: state.pin } : {}),
    ...(state.ca ? { ca: state.ca } : {}),
  };
}

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
 * get an insert in the outbox once, at enrolment, so the server receives them too.
 */
export function ensureBaseline(db: Database): number {
  return db.sql.transaction(() => {
    if (readState(db.sql).baselineDone) return 0;
    let added = 0;
    for (const table of SYNCED_TABLE_NAMES) {
      const rows = db.sql.raw
        .prepare(
          `SELECT * FROM ${table} t WHERE NOT EXISTS (SELECT 1 FROM sync_outbox o WHERE o.entity = ? AND o.entity_id = t.id)`,
        )
        .all(table) as Record<string, unknown>[];
      for (const row of rows) {
        appendOutbox(db.sql, {
          entity: table,
          entityId: String(row.id),
          op: 'insert',
          baseVersion: 0,
          changes: insertChanges(row),
          userId: null,
          username: null,
          at: db.now(),
        });
        added++;
      }
    }
    writeState(db.sql, { baselineDone: true });
    return added;
  });
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
  const answer = await callServer<{ deviceId: string; secret: string; serverId: string }>(
    server,
    'POST',
    'v1/enrol',
    { code: input.code, name: input.deviceName, localDeviceId: db.deviceId, roster: roster(db.sql) },
    transfer,
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
    });
    changes.note('sync.enrol', 'sync', answer.deviceId, {
      serverUrl: input.serverUrl,
      deviceName: input.deviceName,
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
export async function runSync(db: Database, faults: SyncFaults = {}): Promise<SyncSummary> {
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
  try {
    const server = target(readState(sql));
    const trace = process.env.BANSOS_SYNC_TRACE
      ? (phase: string, t0: number) =>
          console.error(`sync ${phase}: ${Math.round(performance.now() - t0)} ms`)
      : () => {};
    let t0 = performance.now();
    await pushOutbox(db, server, transfer, summary, faults);
    trace('push', t0);
    t0 = performance.now();
    await pushAudit(db, server, transfer, summary);
    trace('audit', t0);
    t0 = performance.now();
    await pull(db, server, transfer, summary);
    trace('pull', t0);
    const status = await callServer<StatusResponse>(server, 'GET', 'v1/status', undefined, transfer);
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
    // The audit answer's alarm is also in the status: each alarm is said once.
    for (const a of status.alarms) if (!summary.alarms.includes(a.message)) summary.alarms.push(a.message);
    summary.ok = true;
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

export function describe(error: unknown): string {
  if (error instanceof NetworkFailure)
    return `${error.message} Perubahan tetap tersimpan di komputer ini dan akan dikirim nanti.`;
  if (error instanceof ServerRefusal) return `Server menolak: ${error.message}`;
  if (error instanceof AppFailure) return error.message;
  return `Sinkronisasi gagal karena kesalahan tak terduga: ${error instanceof Error ? error.message : String(error)}`;
}

async function pushOutbox(
  db: Database,
  server: ServerTarget,
  transfer: Transfer,
  summary: SyncSummary,
  faults: SyncFaults,
) {
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
      if (round === 0)
        await callServer<PushResponse>(
          server,
          'POST',
          'v1/push',
          { roster: roster(sql), mutations: [] },
          transfer,
        );
      return;
    }
    const mutations = rows.map(toMutation);
    const first = mutations[0]!.seq;
    if (faults.ackBeforeResponse)
      sql.run(qb.updateTable('sync_outbox').set({ acked_at: db.now() }).where('acked_at', 'is', null));
    const answer = await callServer<PushResponse>(
      server,
      'POST',
      'v1/push',
      { roster: roster(sql), mutations },
      transfer,
    );
    summary.pushed += mutations.length;
    const acked = sql.run(
      qb
        .updateTable('sync_outbox')
        .set({ acked_at: db.now() })
        .where('acked_at', 'is', null)
        .where('device_seq', '<', answer.expectedSeq),
    ).changes;
    summary.acknowledged += acked;
    // The faulty client of the negative control believes it is done and never resends.
    if (faults.ackBeforeResponse) continue;
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

async function pushAudit(db: Database, server: ServerTarget, transfer: Transfer, summary: SyncSummary) {
  const sql = db.sql;
  for (;;) {
    const from = readState(sql).auditNextSeq;
    const head = chainHead(sql);
    const entries = sql.all(
      qb.selectFrom('audit_log').selectAll().where('seq', '>=', from).orderBy('seq').limit(AUDIT_PAGE),
    ) as AuditLogTable[];
    const answer = await callServer<{ expectedSeq: number; ok: boolean; alarms: string[] }>(
      server,
      'POST',
      'v1/audit',
      {
        entries: entries.map((e) => ({ ...e, subject_id: e.subject_id ?? null }) satisfies AuditEntry),
        head,
      },
      transfer,
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
async function pull(db: Database, server: ServerTarget, transfer: Transfer, summary: SyncSummary) {
  const sql = db.sql;
  const fetchPage = (cursor: number) =>
    callServer<PullResponse>(
      server,
      'GET',
      `v1/pull?cursor=${cursor}&limit=${pullPageSize()}`,
      undefined,
      transfer,
    );
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

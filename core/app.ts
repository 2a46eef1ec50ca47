import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AppEvents, EventName, MethodName } from '../common/api/contract.ts';
import type { LockReason, SessionView } from '../common/api/methods/auth.ts';
import { ROLE_PERMISSIONS } from '../common/auth/roles.ts';
import { AppFailure } from '../common/errors.ts';
import type { Result } from '../common/result.ts';
import { DataDir } from '../db/dataDir.ts';
import type { KdfCost } from '../db/keySlots.ts';
import { lockDue } from './auth/liveSession.ts';
import { Sessions, type Session } from './auth/sessions.ts';
import { Vault } from './auth/vault.ts';
import type { Database } from './db/database.ts';
import { dispatch } from './dispatch/dispatch.ts';
import { FileGrants } from './files.ts';
import { removeBackupLeftovers } from './backup/leftovers.ts';
import { JobRunner } from './jobs/runner.ts';
import type { HostAdapters } from './ports.ts';
import { readSettings } from './settings/settings.ts';
import { ensureReferenceDefaults } from './programs/reference.ts';
import { getUser, toUserView } from './users/users.ts';
import { SyncScheduler } from './sync/scheduler.ts';

export interface CoreOptions {
  dataDir: string;
  host: HostAdapters;
  kdfCost?: KdfCost;
  clock?: () => Date;
  /** Tests turn this on: every handler's answer is checked against the contract. */
  checkOutputs?: boolean;
  /**
   * When the job and reader threads start: at login (the default), so the first file or report
   * does not wait for them; or when a job first asks, for tests and the command line, which
   * starts just the threads its command needs (`jobs.warm`) before asking for the password.
   */
  threads?: ThreadStart;
}

export type ThreadStart = 'at-login' | 'on-demand';

/** A change to the caller's session that the host must apply (cookie, per-window token). */
export type SessionChange = { kind: 'set'; token: string } | { kind: 'clear' };

export interface DispatchOutcome {
  result: Result<unknown>;
  sessionChange?: SessionChange;
}

export type EventListener = <E extends EventName>(
  userId: string | null,
  event: E,
  payload: AppEvents[E],
) => void;

/** Marks a data folder filled by `bansos demo`: synthetic people, shown as such in the app. */
export const DEMO_MARKER = 'DATA-DEMO-SINTETIS.txt';

/**
 * The application, independent of any host: it owns the data folder, the open database (only
 * while someone is logged in), the sessions and the jobs. Hosts call `dispatch` and forward
 * events; they add nothing else.
 */
export class BansosCore {
  readonly dir: DataDir;
  readonly vault: Vault;
  readonly sessions = new Sessions();
  readonly files = new FileGrants();
  readonly jobs: JobRunner;
  readonly host: HostAdapters;
  readonly clock: () => Date;
  readonly checkOutputs: boolean;
  private readonly threads: ThreadStart;
  /** Periodic and on-demand sync with the central server (core/sync). */
  readonly sync: SyncScheduler;
  private database: Database | null = null;
  private databaseKey: Buffer | null = null;
  private readonly listeners = new Set<EventListener>();
  private readonly idleTimer: NodeJS.Timeout;

  constructor(options: CoreOptions) {
    this.dir = new DataDir(options.dataDir);
    this.clock = options.clock ?? (() => new Date());
    this.vault = new Vault(this.dir, options.kdfCost ?? 'interactive', this.clock);
    this.host = options.host;
    this.checkOutputs = options.checkOutputs ?? false;
    this.threads = options.threads ?? 'at-login';
    // Pieces of a backup a crash interrupted (an encrypted copy of everything) go at once.
    try {
      removeBackupLeftovers(this.dir.root, [this.dir.exportsDir]);
    } catch (error) {
      console.error('backup leftovers could not be removed', error);
    }
    this.jobs = new JobRunner((owner, view) => this.emit(owner, 'job.progress', view), this.clock);
    this.idleTimer = setInterval(() => this.lockIdleSessions(), 15_000);
    this.idleTimer.unref();
    this.sync = new SyncScheduler(this, this.clock);
    this.sync.start();
  }

  dispatch(method: MethodName | string, input: unknown, token: string | null): Promise<DispatchOutcome> {
    return dispatch(this, method, input, token);
  }

  get isDemo(): boolean {
    return existsSync(join(this.dir.root, DEMO_MARKER));
  }

  get isOpen(): boolean {
    return this.database !== null;
  }

  /** The open database; before anyone logs in there is none, and no key in memory. */
  get db(): Database {
    if (!this.database) throw new AppFailure('UNAUTHENTICATED', 'Silakan masuk terlebih dahulu.');
    return this.database;
  }

  get key(): Buffer {
    if (!this.databaseKey) throw new AppFailure('UNAUTHENTICATED', 'Silakan masuk terlebih dahulu.');
    return this.databaseKey;
  }

  attach(db: Database, key: Buffer): void {
    if (this.database) {
      db.close();
      return;
    }
    this.database = db;
    this.databaseKey = key;
    if (this.threads === 'at-login') this.jobs.warm();
    // A database made before programmes existed (or a fresh one) gets the DOMAIN.md defaults.
    db.write({ userId: null, username: null }, (changes) => ensureReferenceDefaults(changes));
  }

  replaceKey(key: Buffer): void {
    this.databaseKey?.fill(0);
    this.databaseKey = key;
  }

  /** With nobody logged in and nothing running, the database closes and its key is wiped. */
  closeIfUnused(): void {
    if (this.sessions.count > 0 || this.jobs.running > 0 || !this.database) return;
    this.database.close();
    this.database = null;
    this.databaseKey?.fill(0);
    this.databaseKey = null;
  }

  sessionView(session: Session): SessionView {
    const row = getUser(this.db.sql, session.userId);
    const settings = readSettings(this.db.sql);
    return {
      user: toUserView(row, this.vault.lockedUserIds()),
      permissions: [...ROLE_PERMISSIONS[session.role]],
      locked: session.locked,
      lockReason: session.lockReason,
      idleLockMinutes: settings.idleLockMinutes,
      officeName: settings.officeName,
      demo: this.isDemo,
    };
  }

  idleLimitMs(): number {
    return this.database ? readSettings(this.database.sql).idleLockMinutes * 60_000 : 15 * 60_000;
  }

  lockIdleSessions(): void {
    const now = this.clock().getTime();
    const limit = this.idleLimitMs();
    for (const session of this.sessions.all()) {
      const due = lockDue(session, now, limit);
      if (due) this.lock(session, due);
    }
  }

  lock(session: Session, reason: LockReason): void {
    if (session.locked) return;
    session.locked = true;
    session.lockReason = reason;
    this.emit(session.userId, 'session.locked', { reason });
  }

  onEvent(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventName>(userId: string | null, event: E, payload: AppEvents[E]): void {
    for (const listener of this.listeners) listener(userId, event, payload);
  }

  async close(): Promise<void> {
    clearInterval(this.idleTimer);
    this.sync.stop();
    await this.jobs.stopAll();
    this.database?.close();
    this.database = null;
    this.databaseKey?.fill(0);
    this.databaseKey = null;
  }
}

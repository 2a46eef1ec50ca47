import type { Database } from '../db/database.ts';
import { runSync, type SyncOptions, type SyncSummary } from './engine.ts';
import { readState } from './state.ts';

export interface SyncHost {
  readonly isOpen: boolean;
  readonly db: Database;
}

/** First retry after a failure; doubles with each failure up to the normal interval. */
const FIRST_RETRY_MS = 15_000;

/**
 * Syncs every N minutes (sync_state.intervalMinutes, default 5) while a database is open and the
 * workstation is enrolled; on demand; and before the app quits. After a failure the next attempt
 * comes sooner and then backs off exponentially (15 s, 30 s, 1 min ... up to the interval).
 * Only one sync runs at a time: a request during a sync joins it.
 */
export class SyncScheduler {
  private current: Promise<SyncSummary> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  nextAttemptAt: Date | null = null;

  constructor(
    private readonly host: SyncHost,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  get running(): boolean {
    return this.current !== null;
  }

  /** Delay until the next attempt, from the stored interval and failure count. */
  delayMs(): number {
    if (!this.host.isOpen) return 60_000;
    const state = readState(this.host.db.sql);
    const interval = state.intervalMinutes * 60_000;
    if (!state.failures) return interval;
    return Math.min(interval, FIRST_RETRY_MS * 2 ** Math.min(20, state.failures - 1));
  }

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  schedule(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    let delay = 60_000;
    try {
      delay = this.delayMs();
    } catch {
      // database closed meanwhile: look again in a minute
    }
    this.nextAttemptAt = new Date(this.clock().getTime() + delay);
    this.timer = setTimeout(() => void this.tick(), delay);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    try {
      if (this.host.isOpen && readState(this.host.db.sql).deviceId) await this.run();
    } catch {
      // recorded in sync_state.lastError; the next attempt backs off
    } finally {
      this.schedule();
    }
  }

  run(options?: SyncOptions): Promise<SyncSummary> {
    if (!this.current) {
      this.current = runSync(this.host.db, options).finally(() => {
        this.current = null;
        this.schedule();
      });
    }
    return this.current;
  }

  /** Before the app quits: one last sync if enrolled, given at most `timeoutMs`. */
  async beforeQuit(timeoutMs = 10_000): Promise<void> {
    this.stop();
    if (!this.host.isOpen || !readState(this.host.db.sql).deviceId) return;
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([
      this.run().catch(() => undefined),
      new Promise((resolve) => (timeout = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timeout);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

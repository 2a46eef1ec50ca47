import type { JobKind, JobView } from '../../common/api/methods/jobs.ts';
import { AppFailure } from '../../common/errors.ts';
import type { ErrorCode } from '../../common/result.ts';
import type { Actor } from '../db/changes.ts';
import { newId } from '../ids.ts';
import { restParserThread, warmParserThread } from '../importer/reader.ts';
import { type Lease, ThreadPool, type ThreadShape } from './threadPool.ts';
import type { JobStart, JobThreadStart, WorkerMessage } from './types.ts';

interface RunningJob {
  view: JobView;
  owner: string;
  cancelFlag: Int32Array;
  lease: Lease | null;
  cleanup?: () => void;
  cancelRequested: boolean;
  watchdog?: NodeJS.Timeout;
  silent: boolean;
  resolveDone: () => void;
  done: Promise<void>;
}

export interface JobOptions {
  /** Called after a failure or cancel (e.g. remove a half-written file). */
  cleanup?: () => void;
  /** A job silent this long is presumed hung and stopped. */
  watchdogMs?: number;
  maxOldGenerationSizeMb?: number;
  /** V8's young generation for the thread; its default suits allocation-heavy request work. */
  maxYoungGenerationSizeMb?: number;
  /** No progress events: work a request waits for itself (see `compute`). */
  silent?: boolean;
  /** The job reads or writes spreadsheets: its thread keeps a reader thread ready. */
  readsFiles?: boolean;
  /**
   * The job may be city-sized: the idle reader and request threads rest while it runs (see
   * `whileFileJobRuns`). Not for a small file, whose next step would wait for them to start again.
   */
  restsIdleThreads?: boolean;
}

/** The threads a host can start ahead of need (see `JobRunner.warm`). */
export type ThreadKind = 'requests' | 'files' | 'reader';

/** The thread imports and exports run on (importer/handlers.ts says why 12 MB). */
export const FILE_THREAD = { maxYoungGenerationSizeMb: 12, readsFiles: true } satisfies JobOptions;

/**
 * Job threads kept between jobs: one for request work (reports, Beranda) and one for file work
 * are what a working day uses; more idle threads would only hold memory (about 100 MB each).
 * One unused for ten minutes is stopped; the next job starts a fresh one.
 */
const POOL = { maxIdle: 2, idleMs: 10 * 60_000 };

/** See `start`: a fresh thread's heap is ~10 MB, and a small import's stays well under this. */
const RETIRE_AFTER_HEAP_MB = 64;

/** A finished job's state (and result) stays this long for the screen that follows it. */
const FINISHED_KEPT_MS = 30 * 60_000;

/**
 * Long work off the UI thread: each job runs in a worker thread with its own database
 * connection and memory limit. A job that fails, is cancelled, or is killed leaves the database
 * as it was, because its writes are one transaction that never committed. Threads are reused
 * (`ThreadPool`): a job that ended cleanly hands its thread to the next; a thread that was
 * killed, crashed, or failed unexpectedly is never reused.
 */
export class JobRunner {
  private readonly jobs = new Map<string, RunningJob>();
  private readonly threads = new ThreadPool(POOL);
  /** File jobs running, and which idle threads were kept ready before the first began. */
  private readonly fileJobs = { running: 0, readerWasReady: false, requestsWereReady: false };

  constructor(
    private readonly emit: (owner: string, view: JobView) => void,
    private readonly clock: () => Date,
  ) {}

  start(
    kind: JobKind,
    params: unknown,
    context: { owner: string; actor: Actor; dbPath: string; key: Buffer },
    options: JobOptions = {},
  ): string {
    this.prune();
    const id = newId();
    let resolveDone = () => {};
    const done = new Promise<void>((resolve) => (resolveDone = resolve));
    const cancelFlag = new SharedArrayBuffer(4);
    const job: RunningJob = {
      cancelFlag: new Int32Array(cancelFlag),
      view: {
        id,
        kind,
        state: 'running',
        fraction: 0,
        phase: 'Memulai',
        rowsDone: 0,
        startedAt: this.clock().toISOString(),
        finishedAt: null,
      },
      owner: context.owner,
      lease: null,
      cleanup: options.cleanup,
      cancelRequested: false,
      silent: options.silent ?? false,
      resolveDone,
      done,
    };
    this.jobs.set(id, job);
    const start: JobStart = {
      kind,
      params,
      dbPath: context.dbPath,
      key: new Uint8Array(context.key),
      actor: context.actor,
      cancelFlag,
    };
    const lease = this.threads.lease(threadShape(options), start);
    let freeThread = () => {};
    const threadFreed = new Promise<void>((resolve) => (freeThread = resolve));
    if (options.restsIdleThreads) this.whileFileJobRuns(threadFreed);
    // A job that grew its thread's heap past this leaves the thread to end: V8 keeps what the
    // job made (~130 MB after a city-wide import) until that thread next collects, which an
    // idle thread may not do for a long time, and the threads a file job rested would come
    // back beside it.
    const release = (heapMb: number) =>
      void lease.release({ retire: heapMb > RETIRE_AFTER_HEAP_MB }).then(freeThread);
    job.lease = lease;
    const watchdogMs = options.watchdogMs ?? 120_000;
    const arm = () => {
      if (job.watchdog) clearTimeout(job.watchdog);
      job.watchdog = setTimeout(() => {
        this.finish(job, 'failed', {
          error: {
            code: 'INTERNAL',
            message: 'Pekerjaan berhenti merespons dan dihentikan. Tidak ada data yang berubah; coba lagi.',
          },
        });
        void lease.kill();
      }, watchdogMs);
    };
    arm();
    lease.port.on('message', (message: WorkerMessage) => {
      arm();
      if (message.type === 'progress') {
        job.view = {
          ...job.view,
          fraction: message.fraction,
          phase: message.phase,
          rowsDone: message.rowsDone,
        };
        this.announce(job);
      } else if (message.type === 'done') {
        this.finish(job, 'done', { result: message.result });
        release(message.heapMb);
      } else {
        this.finish(job, message.code === 'CANCELLED' ? 'cancelled' : 'failed', {
          error: {
            code: message.code,
            message: message.message,
            ...(message.fields ? { fields: message.fields } : {}),
          },
        });
        // A failure we did not foresee may have left the thread unsound: the next job gets a new one.
        if (message.code === 'INTERNAL') void lease.kill().then(freeThread);
        else release(message.heapMb);
      }
    });
    lease.onDeath((error) => {
      freeThread();
      if (error) {
        const outOfMemory = /ERR_WORKER_OUT_OF_MEMORY|heap/i.test(
          String((error as NodeJS.ErrnoException).code ?? error.message),
        );
        this.finish(job, 'failed', {
          error: {
            code: 'INTERNAL',
            message: outOfMemory
              ? 'Pekerjaan dihentikan karena memakai memori terlalu banyak. Tidak ada data yang berubah.'
              : 'Pekerjaan gagal karena kesalahan tak terduga. Tidak ada data yang berubah; coba lagi.',
          },
        });
      } else if (job.view.state === 'running') {
        this.finish(
          job,
          job.cancelRequested ? 'cancelled' : 'failed',
          job.cancelRequested
            ? {
                error: {
                  code: 'CANCELLED',
                  message: 'Dibatalkan oleh pengguna. Tidak ada data yang berubah.',
                },
              }
            : {
                error: {
                  code: 'INTERNAL',
                  message: 'Pekerjaan berhenti tanpa hasil. Tidak ada data yang berubah; coba lagi.',
                },
              },
        );
      }
    });
    this.announce(job);
    return id;
  }

  private finish(job: RunningJob, state: JobView['state'], extra: Pick<JobView, 'result' | 'error'>): void {
    if (job.view.state !== 'running') return;
    if (job.watchdog) clearTimeout(job.watchdog);
    job.view = {
      ...job.view,
      ...extra,
      state,
      fraction: state === 'done' ? 1 : job.view.fraction,
      finishedAt: this.clock().toISOString(),
    };
    if (state !== 'done') {
      try {
        job.cleanup?.();
      } catch (error) {
        console.error('job cleanup failed', error);
      }
    }
    this.announce(job);
    job.resolveDone();
  }

  /**
   * While file jobs run, this thread's own reader (see `restParserThread`) and the idle thread
   * for request work rest, and return after, once the last job's thread is idle or gone: a
   * city-sized import needs their memory (30-50 MB each) more than a report started meanwhile
   * needs a thread already loaded (it starts one). A small import does not rest them: the clerk's
   * next upload would wait a second for the reader to start again.
   */
  private whileFileJobRuns(threadFreed: Promise<void>): void {
    const requests = threadShape({});
    if (this.fileJobs.running++ === 0) {
      this.fileJobs.readerWasReady = restParserThread();
      this.fileJobs.requestsWereReady = this.threads.rest(requests);
    }
    void threadFreed.then(() => {
      if (--this.fileJobs.running > 0) return;
      if (this.fileJobs.readerWasReady) warmParserThread();
      if (this.fileJobs.requestsWereReady) this.threads.warm(requests);
    });
  }

  /** Asks the job to stop at its next check; if it does not within 5 s, the thread is killed. */
  cancel(id: string, owner: string): void {
    const job = this.jobs.get(id);
    if (!job || job.owner !== owner)
      throw new AppFailure('NOT_FOUND', 'Pekerjaan tidak ditemukan; mungkin sudah selesai.');
    if (job.view.state !== 'running') return;
    job.cancelRequested = true;
    Atomics.store(job.cancelFlag, 0, 1);
    setTimeout(() => void job.lease?.kill(), 5000).unref();
  }

  list(owner: string): JobView[] {
    return [...this.jobs.values()].filter((j) => j.owner === owner).map((j) => j.view);
  }

  get(id: string): JobView | undefined {
    return this.jobs.get(id)?.view;
  }

  get running(): number {
    return [...this.jobs.values()].filter((j) => j.view.state === 'running').length;
  }

  /**
   * Runs a job for a request that waits for its answer: reading a whole city-sized table on the
   * main thread would freeze the window and every other request meanwhile. Answers the result,
   * or throws the job's failure as it was raised.
   */
  async compute<R>(
    kind: JobKind,
    params: unknown,
    context: { owner: string; actor: Actor; dbPath: string; key: Buffer },
  ): Promise<R> {
    const id = this.start(kind, params, context, { silent: true });
    const view = await this.wait(id);
    this.jobs.delete(id);
    if (view.state === 'done') return view.result as R;
    throw new AppFailure(
      (view.error?.code ?? 'INTERNAL') as ErrorCode,
      view.error?.message ?? 'Pekerjaan gagal.',
      view.error?.fields ? { fields: view.error.fields } : {},
    );
  }

  private announce(job: RunningJob): void {
    if (!job.silent) this.emit(job.owner, job.view);
  }

  private prune(): void {
    const before = this.clock().getTime() - FINISHED_KEPT_MS;
    for (const [id, job] of this.jobs) {
      if (job.view.finishedAt && Date.parse(job.view.finishedAt) < before) this.jobs.delete(id);
    }
  }

  /** Resolves when the job has finished, whatever the outcome. */
  async wait(id: string): Promise<JobView> {
    const job = this.jobs.get(id);
    if (!job) throw new Error(`no job ${id}`);
    await job.done;
    return job.view;
  }

  /**
   * Has threads ready before the first job (by default all, at login): a job thread for request
   * work, one for file work with its own reader, and a reader for inspecting a chosen file.
   */
  warm(kinds: readonly ThreadKind[] = ['requests', 'files', 'reader']): void {
    if (kinds.includes('requests')) this.threads.warm(threadShape({}));
    if (kinds.includes('files')) this.threads.warm(threadShape(FILE_THREAD));
    if (kinds.includes('reader')) warmParserThread();
  }

  /** Stops every thread; a job still running ends as failed (or cancelled, if asked). */
  async stopAll(): Promise<void> {
    await this.threads.close();
  }
}

/** The thread a job with these options runs on: the limits it has always had. */
function threadShape(options: JobOptions): ThreadShape {
  const start: JobThreadStart = { readsFiles: options.readsFiles ?? false };
  return {
    source: new URL('./worker.ts', import.meta.url),
    bundledName: 'worker',
    resourceLimits: {
      maxOldGenerationSizeMb: options.maxOldGenerationSizeMb ?? 1024,
      ...(options.maxYoungGenerationSizeMb
        ? { maxYoungGenerationSizeMb: options.maxYoungGenerationSizeMb }
        : {}),
    },
    start,
  };
}

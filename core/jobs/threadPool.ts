import {
  MessageChannel,
  type MessagePort,
  type ResourceLimits,
  type TransferListItem,
  Worker,
} from 'node:worker_threads';
import { workerScript } from './workerScript.ts';
import { STOP } from './threadTasks.ts';

/**
 * What a thread is: its entry script and memory limits, fixed when it starts. A task runs only
 * on a thread of the shape it asked for, so each keeps the limits it has always had.
 */
export interface ThreadShape {
  /** The entry from source (a .ts file beside its caller). */
  source: URL;
  /** Its name in a bundle (`dist/cli/<name>.cjs`, `dist/electron/<name>.cjs`). */
  bundledName: string;
  resourceLimits: ResourceLimits;
  /** Given to the thread once, at start (`workerData.start`). */
  start?: unknown;
  /** Keep the thread's output to ourselves (true) or pass it to the process's (false). */
  quiet?: boolean;
}

/** Sent to a thread for each task: the task and the task's own channel back. */
export interface TaskMessage<T> {
  task: T;
  port: MessagePort;
}

/** Data every pooled thread starts with: the bootstrap's `entry`, and the shape's `start`. */
export interface ThreadData {
  entry: string;
  start: unknown;
}

/**
 * A task's hold on a thread. Its messages come on `port`, a channel of its own, so nothing a
 * previous task left in flight can reach it.
 */
export interface Lease {
  port: MessagePort;
  /**
   * The task ended cleanly: the thread may take the next one. With `retire`, it ends instead
   * (a task that left it holding much memory) and a fresh one of a usual shape starts once it
   * has gone. Resolves when the thread is idle or gone.
   */
  release(options?: { retire: boolean }): Promise<void>;
  /**
   * Stops the thread (watchdog, cancel, a failure that may have left it unsound); it is never
   * reused. Unless the task was released, its onDeath listener hears of it (with no error).
   */
  kill(): Promise<void>;
  /** Called once if the thread dies while this task holds it: an error (out of memory...) or an exit. */
  onDeath(listener: (error: Error | null) => void): void;
}

interface PooledThread {
  worker: Worker;
  key: string;
  lease: Lease | null;
  dead: boolean;
  /** Stopped on purpose while idle (too many, or unused too long): not replaced. */
  retired: boolean;
  idleTimer?: NodeJS.Timeout;
  /** Tells the task holding the thread, if any, that it died. */
  died?: (error: Error | null) => void;
}

/**
 * Threads started once and reused: a fresh thread costs a new V8 isolate and loading every
 * module again (most of a small import's wait), so a finished task's thread waits for the next.
 * A thread that crashed, ran out of memory, or was killed is dropped; `warm` starts its
 * replacement. Idle threads are stopped after `idleMs`, and at most `maxIdle` are kept, one
 * per shape (about 100 MB each).
 */
export class ThreadPool {
  private readonly threads = new Set<PooledThread>();
  /** Shapes asked for by `warm`: a thread of these that dies is replaced at once. */
  private readonly usual = new Map<string, ThreadShape>();
  private closed = false;

  constructor(private readonly options: { maxIdle: number; idleMs: number }) {}

  /** Has a thread of this shape ready (started in the background) unless one is idle already. */
  warm(shape: ThreadShape): void {
    if (this.closed) return;
    const key = keyOf(shape);
    this.usual.set(key, shape);
    if ([...this.threads].some((t) => t.key === key && !t.lease && !t.dead)) return;
    this.keepIdle(this.spawn(shape, key));
  }

  /** Starts `task` on an idle thread of this shape, or on a new one. */
  lease<T>(shape: ThreadShape, task: T, transfer: TransferListItem[] = []): Lease {
    const key = keyOf(shape);
    const thread =
      [...this.threads].find((t) => t.key === key && !t.lease && !t.dead) ?? this.spawn(shape, key);
    clearTimeout(thread.idleTimer);
    thread.worker.ref();
    const { port1, port2 } = new MessageChannel();
    let deathListener: ((error: Error | null) => void) | null = null;
    let pendingDeath: { error: Error | null } | null = null;
    const lease: Lease = {
      port: port1,
      release: async (options) => {
        if (thread.lease !== lease) return;
        thread.lease = null;
        port1.close();
        if (thread.dead) return;
        if (this.closed) await this.stop(thread);
        else if (options?.retire) {
          await this.retire(thread);
          const usual = this.usual.get(key);
          if (usual) this.warm(usual);
        } else this.keepIdle(thread);
      },
      // The task hears of it as of any death (onDeath, with no error): whoever killed it says why.
      kill: async () => {
        if (thread.lease === lease) await this.stop(thread);
      },
      onDeath: (listener) => {
        deathListener = listener;
        if (pendingDeath) listener(pendingDeath.error);
      },
    };
    thread.died = (error) => {
      if (thread.lease !== lease) return;
      thread.lease = null;
      port1.close();
      if (deathListener) deathListener(error);
      else pendingDeath = { error };
    };
    thread.lease = lease;
    const message: TaskMessage<T> = { task, port: port2 };
    thread.worker.postMessage(message, [port2, ...transfer]);
    return lease;
  }

  /**
   * Stops the idle threads of this shape and keeps none ready until `warm` asks again: their
   * memory is wanted elsewhere for a while. Answers whether the shape was kept ready.
   */
  rest(shape: ThreadShape): boolean {
    const key = keyOf(shape);
    const wasReady = this.usual.delete(key);
    for (const thread of this.threads)
      if (thread.key === key && !thread.lease && !thread.dead) void this.retire(thread);
    return wasReady;
  }

  /** Whether a thread of this shape is kept ready (warmed, and not resting). */
  warmed(shape: ThreadShape): boolean {
    return this.usual.has(keyOf(shape));
  }

  /** Stops every thread; tasks still running end as their thread's death. */
  async close(): Promise<void> {
    this.closed = true;
    this.usual.clear();
    await Promise.all([...this.threads].map((t) => this.stop(t)));
  }

  private spawn(shape: ThreadShape, key: string): PooledThread {
    const { script, entry, execArgv } = workerScript(shape.source, shape.bundledName);
    const data: ThreadData = { entry, start: shape.start };
    const worker = new Worker(script, {
      workerData: data,
      execArgv,
      resourceLimits: shape.resourceLimits,
      stdout: shape.quiet ?? false,
      stderr: shape.quiet ?? false,
    });
    const thread: PooledThread = { worker, key, lease: null, dead: false, retired: false };
    let firstError: Error | null = null;
    worker.on('error', (error) => {
      firstError ??= error;
      thread.dead = true;
      thread.died?.(error);
    });
    worker.on('exit', () => {
      thread.dead = true;
      clearTimeout(thread.idleTimer);
      this.threads.delete(thread);
      thread.died?.(firstError);
      const usual = this.usual.get(key);
      if (usual && !thread.retired) this.warm(usual);
    });
    this.threads.add(thread);
    return thread;
  }

  /** An idle thread does not keep the process alive, and stops after a while unused. */
  private keepIdle(thread: PooledThread): void {
    const idle = [...this.threads].filter((t) => !t.lease && !t.dead && t !== thread);
    // One idle thread of a shape is enough (two jobs at once left two); then, when more are kept
    // than allowed, the longest idle goes first.
    const twins = idle.filter((t) => t.key === thread.key);
    const others = idle.filter((t) => t.key !== thread.key);
    for (const extra of [...twins, ...others.slice(0, Math.max(0, others.length + 1 - this.options.maxIdle))])
      void this.retire(extra);
    thread.worker.unref();
    clearTimeout(thread.idleTimer);
    thread.idleTimer = setTimeout(() => void this.retire(thread), this.options.idleMs);
    thread.idleTimer.unref();
    // Re-inserted last: the set's order is then the order threads became idle.
    this.threads.delete(thread);
    this.threads.add(thread);
  }

  private retire(thread: PooledThread): Promise<void> {
    thread.retired = true;
    return this.stop(thread);
  }

  /**
   * An idle thread is asked to end by itself and terminated only if it has not within
   * STOP_GRACE_MS; a busy one is terminated (its task ends as the thread's death). Node 20
   * aborts the whole process when a terminated thread was constructing a zlib stream.
   */
  private async stop(thread: PooledThread): Promise<void> {
    const idle = !thread.lease && !thread.dead;
    thread.dead = true;
    clearTimeout(thread.idleTimer);
    if (idle) {
      // Whoever awaits close() waits for this: the thread and the timer keep the process alive
      // (an idle thread is unref'd, and a CLI would otherwise end before it prints).
      thread.worker.ref();
      let timer: NodeJS.Timeout | undefined;
      const exited = new Promise<boolean>((resolve) => thread.worker.once('exit', () => resolve(true)));
      const grace = new Promise<boolean>(
        (resolve) => (timer = setTimeout(() => resolve(false), STOP_GRACE_MS)),
      );
      thread.worker.postMessage(STOP);
      const ended = await Promise.race([exited, grace]);
      clearTimeout(timer);
      if (ended) return;
    }
    await thread.worker.terminate();
  }
}

const STOP_GRACE_MS = 2_000;

const keyOf = (shape: ThreadShape) =>
  JSON.stringify([
    shape.source.href,
    shape.bundledName,
    shape.resourceLimits,
    shape.start ?? null,
    shape.quiet ?? false,
    // A bundle and the source are different threads (tests switch between them).
    process.env.BANSOS_WORKER_DIR ?? null,
  ]);

import type { JobKind } from '../../common/api/methods/jobs.ts';
import type { FieldProblem } from '../../common/result.ts';
import type { Actor } from '../db/changes.ts';
import type { Database } from '../db/database.ts';

/** What a job sees inside its worker thread. */
export interface JobContext {
  db: Database;
  actor: Actor;
  /** fraction 0..1; phase is shown to the user (Indonesian). */
  progress(fraction: number, phase: string, rowsDone?: number): void;
  /** Throws CANCELLED when the user asked to stop: call it between batches. */
  checkCancelled(): void;
}

export interface JobDefinition<P, R> {
  run(params: P, ctx: JobContext): Promise<R> | R;
}

/** What a job thread is told once, when it starts. */
export interface JobThreadStart {
  /** It runs imports and exports: it keeps a reader thread ready too. */
  readsFiles: boolean;
}

/** Sent from the main thread to a job thread for each job. */
export interface JobStart {
  kind: JobKind;
  params: unknown;
  dbPath: string;
  key: Uint8Array;
  actor: Actor;
  /**
   * Set to 1 by the main thread to cancel. Shared memory, not a message: a job busy in
   * synchronous SQLite work never yields to receive messages, but it reads this between batches.
   */
  cancelFlag: SharedArrayBuffer;
}

/** A job's last message carries how much heap its thread holds after it (see `JobRunner`). */
export type WorkerMessage =
  | { type: 'progress'; fraction: number; phase: string; rowsDone: number }
  | { type: 'done'; result: unknown; heapMb: number }
  | { type: 'failed'; code: string; message: string; fields?: FieldProblem[]; heapMb: number };

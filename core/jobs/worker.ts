import { getHeapStatistics } from 'node:v8';
import type { MessagePort } from 'node:worker_threads';
import { AppFailure } from '../../common/errors.ts';
import { Database } from '../db/database.ts';
import { warmParserThread } from '../importer/reader.ts';
import { JOBS } from './kinds.ts';
import { serveTasks, threadStart } from './threadTasks.ts';
import type { JobStart, JobThreadStart, WorkerMessage } from './types.ts';

// Entry of the job threads: each job opens its own connection, runs its kind, reports back on
// its own port, and closes the connection; the thread then waits for the next job.

const fileThread = (threadStart() as JobThreadStart | undefined)?.readsFiles ?? false;

/**
 * A file job's connection copies the WAL into the database file (a checkpoint) after its
 * transaction, not inside an import's COMMIT, where it was some 70% of the COMMIT's time and held
 * the write lock meanwhile. The COMMIT is as durable without it (synchronous = FULL syncs the
 * WAL); a writer that comes meanwhile finds the checkpoint busy and goes on, as with SQLite's
 * automatic checkpoint. It still runs before the job answers (see below).
 */
function checkpointAfterCommit(db: Database): () => void {
  if (!fileThread) return () => {};
  db.sql.raw.pragma('wal_autocheckpoint = 0');
  return () => db.sql.raw.pragma('wal_checkpoint(PASSIVE)');
}

/** The heap this thread holds, garbage included (what it keeps for the next job). */
const heapMb = () => getHeapStatistics().used_heap_size / 2 ** 20;

async function runJob(start: JobStart, port: MessagePort): Promise<void> {
  const post = (message: WorkerMessage) => port.postMessage(message);
  const cancelFlag = new Int32Array(start.cancelFlag);
  try {
    const key = Buffer.from(start.key);
    // The thread outlives the job (and the login): it keeps no copy of the key once open.
    const db = await Database.open(start.dbPath, key).finally(() => {
      key.fill(0);
      start.key.fill(0);
    });
    const checkpoint = checkpointAfterCommit(db);
    let result: unknown;
    try {
      const job = JOBS[start.kind];
      let lastPost = 0;
      result = await job.run(start.params as never, {
        db,
        actor: start.actor,
        progress(fraction, phase, rowsDone = 0) {
          const now = Date.now();
          // At most ~10 messages a second: progress bars need no more, and the UI thread stays free.
          if (now - lastPost < 100 && fraction < 1) return;
          lastPost = now;
          post({ type: 'progress', fraction: Math.max(0, Math.min(1, fraction)), phase, rowsDone });
        },
        checkCancelled() {
          if (Atomics.load(cancelFlag, 0) === 1)
            throw new AppFailure('CANCELLED', 'Dibatalkan oleh pengguna. Tidak ada data yang berubah.');
        },
      });
    } finally {
      // The job's work is committed by now: a failure to close must not report it as failed.
      try {
        checkpoint();
        db.close();
      } catch (error) {
        console.error(error);
      }
    }
    // Only once checkpointed and closed: closing optimizes the database (a short write). Told
    // "done" before it, the app's next write (an undo right after a 30,000-row import) met it and
    // failed with SQLITE_BUSY at once, the busy timeout notwithstanding.
    post({ type: 'done', result, heapMb: heapMb() });
  } catch (error) {
    if (error instanceof AppFailure)
      post({
        type: 'failed',
        code: error.code,
        message: error.message,
        heapMb: heapMb(),
        ...(error.fields ? { fields: error.fields } : {}),
      });
    else {
      console.error(error);
      post({
        type: 'failed',
        code: 'INTERNAL',
        heapMb: heapMb(),
        message: 'Pekerjaan gagal karena kesalahan tak terduga. Tidak ada data yang berubah; coba lagi.',
      });
    }
  }
}

// A thread for file work has its reader thread ready before the first file comes.
if (fileThread) warmParserThread();
serveTasks(runJob);

import { parentPort, workerData } from 'node:worker_threads';
import { AppFailure } from '../../common/errors.ts';
import { Database } from '../db/database.ts';
import { JOBS } from './kinds.ts';
import type { JobStart, WorkerMessage } from './types.ts';

// Entry of every job's worker thread: opens its own connection, runs the kind, reports back.
const start = workerData as JobStart;
const cancelFlag = new Int32Array(start.cancelFlag);

const post = (message: WorkerMessage) => parentPort?.postMessage(message);

async function main(): Promise<void> {
  const db = await Database.open(start.dbPath, Buffer.from(start.key));
  try {
    const job = JOBS[start.kind];
    let lastPost = 0;
    const result = await job.run(start.params as never, {
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
    post({ type: 'done', result });
  } finally {
    db.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof AppFailure)
    post({
      type: 'failed',
      code: error.code,
      message: error.message,
      ...(error.fields ? { fields: error.fields } : {}),
    });
  else {
    console.error(error);
    post({
      type: 'failed',
      code: 'INTERNAL',
      message: 'Pekerjaan gagal karena kesalahan tak terduga. Tidak ada data yang berubah; coba lagi.',
    });
  }
});

import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import type { TaskMessage, ThreadData } from './threadPool.ts';

/** The message that asks an idle thread to end by itself. */
export const STOP = 'bansos-thread-stop';

/** Inside a pooled thread: what its shape gave it once, at start. */
export const threadStart = (): unknown => (workerData as ThreadData).start;

/**
 * Inside a pooled thread: runs each task the pool sends, one at a time (the pool sends the next
 * only after this one ended), answering on the task's own port.
 */
export function serveTasks<T>(run: (task: T, port: MessagePort) => Promise<void>): void {
  parentPort!.on('message', (message: TaskMessage<T> | typeof STOP) => {
    // Asked to stop while idle: close the port and let the thread end by itself (terminating a
    // thread can catch zlib mid-construction, which aborts the whole process in Node 20).
    if (message === STOP) parentPort!.close();
    else void run(message.task, message.port);
  });
}

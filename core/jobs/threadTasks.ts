import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import type { TaskMessage, ThreadData } from './threadPool.ts';

/** Inside a pooled thread: what its shape gave it once, at start. */
export const threadStart = (): unknown => (workerData as ThreadData).start;

/**
 * Inside a pooled thread: runs each task the pool sends, one at a time (the pool sends the next
 * only after this one ended), answering on the task's own port.
 */
export function serveTasks<T>(run: (task: T, port: MessagePort) => Promise<void>): void {
  parentPort!.on('message', (message: TaskMessage<T>) => void run(message.task, message.port));
}

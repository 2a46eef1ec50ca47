import { threadId } from 'node:worker_threads';
import { serveTasks, threadStart } from '../../core/jobs/threadTasks.ts';

/**
 * A pooled thread for core/jobs/threadPool.test.ts: answers which thread it is, or fails the
 * way real threads do (an exception nobody catches, a heap that grows without end).
 */
const kept: unknown[] = [];
serveTasks(async (task: { do: 'whoami' | 'throw' | 'grow' }, port) => {
  if (task.do === 'throw') throw new Error('gagal di thread');
  if (task.do === 'grow') for (;;) kept.push(new Array(100_000).fill(kept.length));
  port.postMessage({ threadId, start: threadStart() });
});

import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Lease, ThreadPool, type ThreadShape } from './threadPool.ts';

const SHAPE: ThreadShape = {
  source: new URL('../../tests/support/echoThread.ts', import.meta.url),
  bundledName: 'echoThread',
  resourceLimits: { maxOldGenerationSizeMb: 64 },
  start: { label: 'gema' },
};

/** The first answer of a task, or how its thread died. */
function outcome(lease: Lease): Promise<{ threadId: number; start: unknown } | { died: Error | null }> {
  return new Promise((resolve) => {
    lease.port.once('message', resolve);
    lease.onDeath((error) => resolve({ died: error }));
  });
}

describe('ThreadPool', () => {
  let pool: ThreadPool;
  afterEach(() => pool.close());

  it('runs the next task on the thread the last one released, with what the shape gave it', async () => {
    pool = new ThreadPool({ maxIdle: 1, idleMs: 60_000 });
    pool.warm(SHAPE);
    const first = pool.lease(SHAPE, { do: 'whoami' });
    const a = await outcome(first);
    void first.release();
    const second = pool.lease(SHAPE, { do: 'whoami' });
    const b = await outcome(second);
    void second.release();
    expect(a).toMatchObject({ start: { label: 'gema' } });
    expect(b).toEqual(a);
  });

  it('lets an idle thread end by itself on close, never terminating it (Node aborts on a thread killed inside zlib)', async () => {
    pool = new ThreadPool({ maxIdle: 1, idleMs: 60_000 });
    const lease = pool.lease(SHAPE, { do: 'whoami' });
    await outcome(lease);
    lease.release();
    const terminate = vi.spyOn(Worker.prototype, 'terminate');
    try {
      await pool.close();
      expect(terminate).not.toHaveBeenCalled();
    } finally {
      terminate.mockRestore();
    }
  });

  it('replaces a killed thread: the next task runs on a new one', async () => {
    pool = new ThreadPool({ maxIdle: 1, idleMs: 60_000 });
    pool.warm(SHAPE);
    const first = pool.lease(SHAPE, { do: 'whoami' });
    const a = (await outcome(first)) as { threadId: number };
    await first.kill();
    const second = pool.lease(SHAPE, { do: 'whoami' });
    const b = (await outcome(second)) as { threadId: number };
    expect(b.threadId).toBeGreaterThan(0);
    expect(b.threadId).not.toBe(a.threadId);
  });

  it('tells the task its thread died (an uncaught error, or the heap limit), and then serves the next', async () => {
    pool = new ThreadPool({ maxIdle: 1, idleMs: 60_000 });
    const crashed = await outcome(pool.lease(SHAPE, { do: 'throw' }));
    expect(crashed).toMatchObject({ died: { message: 'gagal di thread' } });
    const grown = await outcome(pool.lease(SHAPE, { do: 'grow' }));
    expect(grown).toMatchObject({ died: { code: 'ERR_WORKER_OUT_OF_MEMORY' } });
    const next = pool.lease(SHAPE, { do: 'whoami' });
    expect(await outcome(next)).toMatchObject({ start: { label: 'gema' } });
  });

  it('keeps one idle thread of a shape, the one released last', async () => {
    pool = new ThreadPool({ maxIdle: 2, idleMs: 60_000 });
    const leases = [pool.lease(SHAPE, { do: 'whoami' }), pool.lease(SHAPE, { do: 'whoami' })];
    const [a, b] = (await Promise.all(leases.map(outcome))) as { threadId: number }[];
    expect(a!.threadId).not.toBe(b!.threadId);
    for (const lease of leases) lease.release();
    // Only the thread released last is kept: the next two tasks at once run on it and a new one.
    const more = [pool.lease(SHAPE, { do: 'whoami' }), pool.lease(SHAPE, { do: 'whoami' })];
    const [c, d] = (await Promise.all(more.map(outcome))) as { threadId: number }[];
    expect(c!.threadId).toBe(b!.threadId);
    expect([a!.threadId, b!.threadId]).not.toContain(d!.threadId);
  });

  it('retires a thread on release when asked: it ends by itself, and a usual shape is warmed again after', async () => {
    pool = new ThreadPool({ maxIdle: 1, idleMs: 60_000 });
    pool.warm(SHAPE);
    const first = pool.lease(SHAPE, { do: 'whoami' });
    const a = (await outcome(first)) as { threadId: number };
    const terminate = vi.spyOn(Worker.prototype, 'terminate');
    const spawned = vi.spyOn(pool as unknown as { spawn: () => unknown }, 'spawn');
    try {
      await first.release({ retire: true });
      // Asked to stop, it ended by itself; its replacement started only once it had gone.
      expect(terminate).not.toHaveBeenCalled();
      expect(spawned).toHaveBeenCalledTimes(1);
    } finally {
      terminate.mockRestore();
      spawned.mockRestore();
    }
    const second = pool.lease(SHAPE, { do: 'whoami' });
    const b = (await outcome(second)) as { threadId: number };
    second.release();
    expect(b.threadId).not.toBe(a.threadId);
  });

  it('retires without warming again a shape nobody warmed', async () => {
    pool = new ThreadPool({ maxIdle: 1, idleMs: 60_000 });
    const first = pool.lease(SHAPE, { do: 'whoami' });
    await outcome(first);
    const spawned = vi.spyOn(pool as unknown as { spawn: () => unknown }, 'spawn');
    try {
      await first.release({ retire: true });
      expect(spawned).not.toHaveBeenCalled();
    } finally {
      spawned.mockRestore();
    }
  });

  it('rests a shape: its idle thread stops and none is kept ready until warmed again', async () => {
    pool = new ThreadPool({ maxIdle: 1, idleMs: 60_000 });
    pool.warm(SHAPE);
    const first = pool.lease(SHAPE, { do: 'whoami' });
    const a = (await outcome(first)) as { threadId: number };
    first.release();
    expect(pool.rest(SHAPE)).toBe(true);
    const second = pool.lease(SHAPE, { do: 'whoami' });
    const b = (await outcome(second)) as { threadId: number };
    second.release();
    expect(b.threadId).not.toBe(a.threadId);
    // Not warmed since: nothing was kept ready to rest.
    expect(pool.rest(SHAPE)).toBe(false);
  });
});

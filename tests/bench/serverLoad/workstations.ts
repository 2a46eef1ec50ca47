/**
 * A workstation process of the server load bench: it runs a few offices (office.ts) on its own
 * event loop, so one process's synchronous SQLite work does not sit inside every other office's
 * round trips, as it did when all fifty offices shared the bench's process. Started by
 * `WorkstationProcess` below (child_process.fork); it answers each request of the bench's process
 * over the IPC channel, and exits when told to close.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { enrol } from '../../../core/sync/engine.ts';
import {
  createOffice,
  openOffice,
  patient,
  runLoad,
  syncUntilClean,
  timedTransport,
  type LoadPlan,
  type LoadResult,
  type Office,
  type OfficeSpec,
  type Timed,
} from './office.ts';

export type Request =
  | { kind: 'open'; offices: OfficeSpec[]; create: boolean }
  | { kind: 'bootstrap'; office: number; serverUrl: string; code: string }
  | { kind: 'load'; plan: LoadPlan; areas: Record<number, { ids: string[]; hot: string[] }> }
  | { kind: 'close' };

export interface Bootstrapped {
  ms: number;
  rows: number;
  pages: Timed;
}

type Answer<R extends Request> = R extends { kind: 'bootstrap' }
  ? Bootstrapped
  : R extends { kind: 'load' }
    ? LoadResult
    : null;

/** The bench's side of one workstation process: requests answered in turn, by id. */
export class WorkstationProcess {
  private readonly child: ChildProcess;
  private readonly waiting = new Map<number, { done(v: unknown): void; fail(e: Error): void }>();
  private next = 0;
  private exited: Promise<void>;

  constructor(readonly name: string) {
    this.child = fork(import.meta.filename, [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (m: { id: number; value?: unknown; error?: string }) => {
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (m.error !== undefined) w?.fail(new Error(`${this.name}: ${m.error}`));
      else w?.done(m.value ?? null);
    });
    this.exited = new Promise((done) =>
      this.child.once('exit', (code) => {
        for (const w of this.waiting.values()) w.fail(new Error(`${this.name} exited (${code})`));
        this.waiting.clear();
        done();
      }),
    );
  }

  ask<R extends Request>(request: R): Promise<Answer<R>> {
    const id = this.next++;
    return new Promise((done, fail) => {
      this.waiting.set(id, { done: done as (v: unknown) => void, fail });
      this.child.send({ id, request });
    });
  }

  /** Closes its offices' databases and waits for the process to end. */
  async close(): Promise<void> {
    if (this.child.exitCode === null && this.child.connected)
      await this.ask({ kind: 'close' }).catch(() => undefined);
    await this.exited;
  }

  /** Ends it without waiting for its offices (the bench failed). */
  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

/** The process's side: its offices, and the answer to each request. */
async function serve(): Promise<void> {
  const offices = new Map<number, Office>();
  const answer = async (request: Request): Promise<unknown> => {
    switch (request.kind) {
      case 'open':
        for (const spec of request.offices)
          offices.set(spec.n, await (request.create ? createOffice(spec) : openOffice(spec)));
        return null;
      case 'bootstrap': {
        const o = offices.get(request.office)!;
        const pages: Timed = { round: [], server: [] };
        const started = performance.now();
        await enrol(o.db, o.actor, { serverUrl: request.serverUrl, code: request.code, deviceName: o.name });
        const summary = await syncUntilClean(o, timedTransport(patient, { pull: pages }));
        return { ms: performance.now() - started, rows: summary.pulled, pages } satisfies Bootstrapped;
      }
      case 'load':
        for (const [n, area] of Object.entries(request.areas))
          Object.assign(offices.get(Number(n))!, { ids: area.ids, hot: area.hot });
        return runLoad([...offices.values()], request.plan);
      case 'close':
        for (const o of offices.values()) o.db.close();
        offices.clear();
        return null;
    }
  };
  process.on('message', (m: { id: number; request: Request }) => {
    answer(m.request).then(
      (value) => {
        process.send!({ id: m.id, value });
        if (m.request.kind === 'close') process.disconnect();
      },
      (error: unknown) => process.send!({ id: m.id, error: (error as Error).stack ?? String(error) }),
    );
  });
}

if (process.send && process.argv[1] === import.meta.filename) await serve();

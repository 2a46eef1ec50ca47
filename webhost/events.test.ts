import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobView } from '../common/api/methods/jobs.ts';
import { BansosCore } from '../core/app.ts';
import { ADMIN, folderDialogs } from '../tests/support/core.ts';
import { tempDir } from '../tests/support/tempDir.ts';
import { openLaunchUrl, type Launched } from '../tests/support/webhostLaunch.ts';
import { createWebHost } from './server.ts';

/**
 * The event stream (/api/events) belongs to the session it was opened in, not just to its user:
 * while that session is locked it hears only that it was locked, and once the session has ended
 * the stream ends. Real web host on loopback, real core; events as the core emits them to a user.
 */
let core: BansosCore;
let close: () => Promise<void>;
let base: string;
let launched: Launched;

async function call(method: string, input: unknown, session: string | null) {
  const response = await fetch(`${base}/api/invoke`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-bansos-bridge': launched.bridge,
      cookie: `${launched.hostCookie}${session ? `; bansos_session=${session}` : ''}`,
    },
    body: JSON.stringify({ method, input }),
  });
  const result = (await response.json()) as { ok: boolean; error?: { message: string } };
  if (!result.ok) throw new Error(`${method}: ${result.error?.message}`);
  return /bansos_session=([^;]*)/.exec(response.headers.get('set-cookie') ?? '')?.[1] ?? session;
}

/** An EventSource's view of the stream: its events in order, or null once the host ended it. */
class EventStream {
  private buffer = '';
  private constructor(private readonly reader: ReadableStreamDefaultReader<Uint8Array>) {}

  static async open(session: string): Promise<EventStream> {
    const response = await fetch(`${base}/api/events?bridge=${launched.bridge}`, {
      headers: { cookie: `${launched.hostCookie}; bansos_session=${session}` },
    });
    expect(response.status).toBe(200);
    return new EventStream(response.body!.getReader());
  }

  async next(): Promise<{ event: string; data: unknown } | null> {
    for (;;) {
      const end = this.buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) return { event, data: JSON.parse(data) as unknown };
        continue; // a comment (": keepalive")
      }
      const chunk = await this.reader.read();
      if (chunk.done) return null;
      this.buffer += new TextDecoder().decode(chunk.value);
    }
  }
}

/** What the promise gives, or 'nothing within 5 s'. */
const within5s = <T>(promise: Promise<T>) =>
  Promise.race([
    promise,
    new Promise<string>((resolve) => setTimeout(() => resolve('nothing within 5 s'), 5_000)),
  ]);

const progress = (id: string): JobView => ({
  id,
  kind: 'export',
  state: 'running',
  fraction: 0.5,
  phase: 'menulis',
  rowsDone: 10,
  startedAt: new Date().toISOString(),
  finishedAt: null,
});

beforeAll(async () => {
  core = new BansosCore({
    dataDir: join(tempDir(), 'data'),
    host: folderDialogs(tempDir()),
    kdfCost: 'test',
  });
  const host = await createWebHost({ core, rendererDir: tempDir(), port: 0 });
  base = host.url;
  close = () => host.app.close();
  launched = await openLaunchUrl(host.launchUrl);
});

afterAll(async () => {
  await close?.(); // the last test closes it; a second close does nothing
  await core?.close();
});

describe('the event stream follows its session', () => {
  it('hears nothing but the lock while its session is locked, and ends with the session', async () => {
    const session = (await call('setup.init', ADMIN, null))!;
    const userId = core.sessions.get(session)!.userId;
    const stream = await EventStream.open(session);

    core.emit(userId, 'job.progress', progress('job-1'));
    expect(await stream.next()).toMatchObject({ event: 'job.progress', data: { id: 'job-1' } });

    await call('auth.lock', {}, session);
    expect(await stream.next()).toMatchObject({ event: 'session.locked', data: { reason: 'manual' } });
    core.emit(userId, 'job.progress', progress('while-locked'));
    await call('auth.unlock', { password: ADMIN.password }, session);
    core.emit(userId, 'job.progress', progress('after-unlock'));
    // The one emitted while locked never came: the next event is the one after the unlock.
    expect(await stream.next()).toMatchObject({ event: 'job.progress', data: { id: 'after-unlock' } });

    // The same user logs in again elsewhere, then this session logs out: its stream ends, though
    // the user still has a live session.
    await call('auth.login', { username: ADMIN.username, password: ADMIN.password }, null);
    await call('auth.logout', {}, session);
    core.emit(userId, 'job.progress', progress('after-logout'));
    expect(await within5s(stream.next())).toBeNull();
  });

  it('closing the host ends the open streams instead of waiting for the browsers to leave', async () => {
    const session = (await call('auth.login', { username: ADMIN.username, password: ADMIN.password }, null))!;
    const stream = await EventStream.open(session);
    expect(await within5s(close().then(() => 'closed'))).toBe('closed');
    expect(await stream.next()).toBeNull();
  });
});

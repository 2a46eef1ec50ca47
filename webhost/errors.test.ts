import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BansosCore } from '../core/app.ts';
import { ADMIN, folderDialogs } from '../tests/support/core.ts';
import { freePort } from '../tests/support/freePort.ts';
import { tempDir } from '../tests/support/tempDir.ts';
import { openLaunchUrl, type Launched } from '../tests/support/webhostLaunch.ts';
import { createWebHost } from './server.ts';

/**
 * Issue 12: the web host's own errors and dispatch's validation answer in Indonesian, in the
 * product's shape {ok:false, error:{code, message}}; no validator English reaches a user.
 */
const ENGLISH =
  /\b(invalid|expected|received|input|too (small|big|large)|unsupported|body|json is|must|error|not found|route)\b/i;
let core: BansosCore;
let close: () => Promise<void>;
let base: string;
let session = '';
let launched: Launched;

async function post(body: string | Buffer, contentType = 'application/json') {
  const response = await fetch(`${base}/api/invoke`, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-bansos-bridge': launched.bridge,
      cookie: `${launched.hostCookie}${session ? `; bansos_session=${session}` : ''}`,
    },
    body: body as never,
  });
  const text = await response.text();
  return {
    status: response.status,
    text,
    json: JSON.parse(text) as { ok: boolean; error?: { code: string; message: string } },
  };
}

function expectIndonesian(answer: { ok: boolean; error?: { code: string; message: string } }) {
  expect(answer.ok).toBe(false);
  expect(answer.error?.message).toBeTruthy();
  expect(answer.error!.message).not.toMatch(ENGLISH);
}

beforeAll(async () => {
  const dataDir = join(tempDir(), 'data');
  core = new BansosCore({ dataDir, host: folderDialogs(tempDir()), kdfCost: 'test' });
  const host = await createWebHost({ core, rendererDir: tempDir(), port: await freePort() });
  base = host.url;
  close = () => host.app.close();
  launched = await openLaunchUrl(host.launchUrl);
  const setup = await fetch(`${base}/api/invoke`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-bansos-bridge': launched.bridge,
      cookie: launched.hostCookie,
    },
    body: JSON.stringify({ method: 'setup.init', input: ADMIN }),
  });
  session = /bansos_session=([^;]+)/.exec(setup.headers.get('set-cookie') ?? '')![1]!;
});

afterAll(async () => {
  await close?.();
  await core?.close();
});

describe('web host errors in Indonesian (issue 12)', () => {
  it('malformed JSON -> 400 in the product shape', async () => {
    const answer = await post('{"method": "auth.status", ');
    expect(answer.status).toBe(400);
    expect(answer.json.error?.code).toBe('BAD_REQUEST');
    expect(answer.json.error?.message).toMatch(/bukan JSON yang sah/);
    expectIndonesian(answer.json);
  });

  it('an empty JSON body -> 400 in Indonesian', async () => {
    const answer = await post('');
    expect(answer.status).toBe(400);
    expectIndonesian(answer.json);
  });

  it('a body over the limit -> 413 in Indonesian', async () => {
    const answer = await post(
      JSON.stringify({ method: 'auth.status', input: { x: 'a'.repeat(17 * 1024 * 1024) } }),
    );
    expect(answer.status).toBe(413);
    expect(answer.json.error?.code).toBe('TOO_LARGE');
    expect(answer.json.error?.message).toMatch(/terlalu besar/);
    expectIndonesian(answer.json);
  });

  it('text/plain -> 415 in Indonesian', async () => {
    const answer = await post('hello', 'text/plain');
    expect(answer.status).toBe(415);
    expect(answer.json.error?.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expectIndonesian(answer.json);
  });

  it.each([
    [
      'a number where an array is expected',
      { household: { kkNumber: null, desaCode: '35.79.01.2006', assets: 5 }, members: [] },
    ],
    [
      'a negative where >= 0 is expected',
      { household: { kkNumber: null, desaCode: '35.79.01.2006', floorAreaM2: -3 }, members: [] },
    ],
    [
      'a string where a number is expected',
      { household: { kkNumber: null, desaCode: '35.79.01.2006', monthlyIncome: 'banyak' }, members: [] },
    ],
    [
      'an unknown option',
      { household: { kkNumber: null, desaCode: '35.79.01.2006', dtksStatus: 'X' }, members: [] },
    ],
    ['an unknown field', { household: { kkNumber: null, desaCode: '35.79.01.2006' }, members: [], extra: 1 }],
    ['a missing object', { members: [] }],
    [
      'a bad date',
      { household: { kkNumber: null, desaCode: '35.79.01.2006', desilAsOf: '31-12-2025' }, members: [] },
    ],
  ])('dispatch validation: %s -> Indonesian, per field', async (_label, input) => {
    const answer = await post(JSON.stringify({ method: 'households.create', input }));
    expect(answer.status).toBe(200);
    expect(answer.json.error?.code).toBe('VALIDATION');
    expectIndonesian(answer.json);
    const fields = (answer.json.error as { fields?: { path: string; message: string }[] }).fields ?? [];
    expect(fields.length).toBeGreaterThan(0);
    for (const field of fields) expect(field.message).not.toMatch(ENGLISH);
  });
});

import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../tests/support/tempDir.ts';
import { buildServer } from './app.ts';
import { openStore, type Store } from './store.ts';

/**
 * Issue 12: the sync server's own errors (not JSON, too large, wrong content type, a request
 * that fails its schema) answer in Indonesian, in the product's shape {ok:false, error:{code, message}}.
 */
process.env.BANSOS_SERVER_PASSPHRASE ??= 'frasa sandi uji server kota batu';
const ENGLISH =
  /\b(invalid|expected|received|input|too (small|big|large)|unsupported|body|must|error|not found|route)\b/i;

let store: Store;
let app: FastifyInstance;
let base: string;

async function post(path: string, body: string, contentType = 'application/json') {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  });
  return {
    status: response.status,
    json: (await response.json()) as { ok: boolean; error: { code: string; message: string } },
  };
}

function expectIndonesian(answer: { ok: boolean; error: { code: string; message: string } }) {
  expect(answer.ok).toBe(false);
  expect(answer.error.message).toBeTruthy();
  expect(answer.error.message).not.toMatch(ENGLISH);
}

beforeAll(async () => {
  store = await openStore(join(tempDir('bansos-server-'), 'server'), '');
  app = buildServer({ store, logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(async () => {
  await app?.close();
  await store?.close();
});

describe('sync server errors in Indonesian (issue 12)', () => {
  it('malformed JSON -> 400', async () => {
    const answer = await post('/v1/enrol', '{"code": ');
    expect(answer.status).toBe(400);
    expect(answer.json.error.message).toMatch(/bukan JSON yang sah/);
    expectIndonesian(answer.json);
  });

  it('a body over the limit -> 413', async () => {
    const answer = await post('/v1/enrol', JSON.stringify({ code: 'x'.repeat(17 * 1024 * 1024) }));
    expect(answer.status).toBe(413);
    expect(answer.json.error.code).toBe('TOO_LARGE');
    expectIndonesian(answer.json);
  });

  it('text/plain -> 415', async () => {
    const answer = await post('/v1/enrol', 'halo', 'text/plain');
    expect(answer.status).toBe(415);
    expectIndonesian(answer.json);
  });

  it.each([
    [
      'a number where an array is expected',
      { code: 'ABCDEFGH', name: 'Meja 1', localDeviceId: 'd1', roster: 5 },
    ],
    ['a string too short', { code: 'A', name: 'Meja 1', localDeviceId: 'd1', roster: [] }],
    ['a missing field', { code: 'ABCDEFGH', localDeviceId: 'd1', roster: [] }],
    ['an unknown field', { code: 'ABCDEFGH', name: 'Meja 1', localDeviceId: 'd1', roster: [], x: 1 }],
  ])('schema validation: %s -> 400 in Indonesian', async (_label, body) => {
    const answer = await post('/v1/enrol', JSON.stringify(body));
    expect(answer.status).toBe(400);
    expect(answer.json.error.code).toBe('VALIDATION');
    expectIndonesian(answer.json);
  });
});

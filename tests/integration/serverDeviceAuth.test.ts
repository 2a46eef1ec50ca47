/**
 * The sync server knows the device before it reads a body: an unknown caller is answered 401
 * (429 once it has failed too often) while its body is still on the way, so the server never
 * inflates or parses what it sent. An enrolled device's body is read as before, its size limit
 * (413) holding for the inflated size of a gzipped one too. Real server, SQLite store.
 */
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../server/app.ts';
import { openStore, type Store } from '../../server/store.ts';
import { tempDir } from '../support/tempDir.ts';

process.env.BANSOS_SERVER_PASSPHRASE ??= 'frasa sandi uji server kota batu';
const FAILURES_PER_MINUTE = 3;
const ENROL_CODE = 'ABCD-EFGH-JKLM';

let store: Store;
let app: FastifyInstance;
let port: number;
let auth: string;

/**
 * Sends the headers and the first bytes of a body that announces a megabyte, and never the rest:
 * the status the server answers with while it waits, or 'no answer' after two seconds.
 */
function answerBeforeBody(path: string, headers: Record<string, string>): Promise<number | 'no answer'> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(1024 * 1024), ...headers },
      },
      (response) => {
        clearTimeout(timer);
        request.destroy();
        resolve(response.statusCode ?? 0);
      },
    );
    const timer = setTimeout(() => {
      request.destroy();
      resolve('no answer');
    }, 2_000);
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.write('{"roster":[],"mutations":[');
  });
}

const post = (path: string, body: Buffer, headers: Record<string, string>) =>
  fetch(`http://127.0.0.1:${port}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: new Uint8Array(body),
  }).catch((error: Error & { cause?: { code?: string } }) => ({ status: error.cause?.code }));

beforeAll(async () => {
  store = await openStore(join(tempDir('bansos-server-'), 'server'), '');
  // An enrolment code as `server enrol-code` makes one, used through the real /v1/enrol.
  const at = new Date().toISOString();
  await store.db
    .insertInto('enrol_codes')
    .values({
      code_hash: createHash('sha256').update(ENROL_CODE.replace(/-/g, '')).digest('hex'),
      created_at: at,
      expires_at: new Date(Date.now() + 3600_000).toISOString(),
      used_at: null,
      device_id: null,
      area_json: JSON.stringify({ kecamatan: [], desa: [] }),
    })
    .execute();
  app = buildServer({ store, logger: false, rateLimit: FAILURES_PER_MINUTE });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  const enrolled = await fetch(`http://127.0.0.1:${port}/v1/enrol`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: ENROL_CODE, name: 'Meja 1', localDeviceId: 'meja-1', roster: [] }),
  });
  const { deviceId, secret } = (await enrolled.json()) as { deviceId: string; secret: string };
  auth = `Bearer ${deviceId}.${secret}`;
});

afterAll(async () => {
  await app?.close();
  await store?.close();
});

describe('device authentication comes before the body', () => {
  it('an unknown device is answered 401 before it has sent its body, gzipped or not', async () => {
    const unknown = { authorization: 'Bearer nobody.nothing' };
    expect(await answerBeforeBody('/v1/push', unknown)).toBe(401);
    expect(await answerBeforeBody('/v1/push', { ...unknown, 'content-encoding': 'gzip' })).toBe(401);
    // Control: an enrolled device's push is read, so it waits for the rest of its body.
    expect(await answerBeforeBody('/v1/push', { authorization: auth })).toBe('no answer');
  });

  it("an enrolled device's body keeps its limit (413), gzipped too, and a fitting push is answered", async () => {
    const padded = Buffer.from(`{"roster":[],"mutations":[],"pad":"${'x'.repeat(17 * 1024 * 1024)}"}`);
    const gzipped = await post('/v1/push', gzipSync(padded), {
      authorization: auth,
      'content-encoding': 'gzip',
    });
    expect(gzipped.status).toBe(413);
    const plain = await post('/v1/push', padded, { authorization: auth });
    expect([413, 'EPIPE', 'ECONNRESET']).toContain(plain.status);
    const fitting = await post('/v1/push', gzipSync('{"roster":[],"mutations":[]}'), {
      authorization: auth,
      'content-encoding': 'gzip',
    });
    expect(fitting.status).toBe(200);
  });

  it('failures count against the limit before any body: then 429', async () => {
    // The first test spent two failures of this minute's allowance.
    const answers: (number | 'no answer')[] = [];
    for (let i = 0; i < FAILURES_PER_MINUTE; i++)
      answers.push(await answerBeforeBody('/v1/audit', { authorization: 'Bearer nobody.nothing' }));
    expect(answers).toEqual([401, 429, 429]);
  });
});

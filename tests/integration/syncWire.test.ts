import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pullResponse } from '../../common/sync/protocol.ts';
import { readState, writeState } from '../../core/sync/state.ts';
import { callServer, type Transfer } from '../../core/sync/transport.ts';
import { tempDir } from '../support/tempDir.ts';
import { Device, ServerProcess } from './support/syncRig.ts';

/**
 * Issue 16, "the wire checked both ways": every reply is parsed with the protocol's schema on
 * the device. A reply that is JSON but not the protocol's is an Indonesian error the user sees
 * (and the sync stops there), not an undefined later.
 */
const ENGLISH = /\b(invalid|expected|received|undefined|cannot|type|error)\b/i;

let impostor: Server | null = null;
let device: Device | null = null;

afterEach(async () => {
  await device?.close();
  device = null;
  await new Promise<void>((resolve) => (impostor ? impostor.close(() => resolve()) : resolve()));
  impostor = null;
});

/** A loopback server that answers every request 200 with the given JSON. */
async function answering(body: unknown): Promise<string> {
  impostor = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => impostor!.listen(0, '127.0.0.1', () => resolve()));
  return `http://127.0.0.1:${(impostor.address() as AddressInfo).port}`;
}

describe('sync replies are parsed on the device', () => {
  it.each([
    ['a push answer without its fields', { ok: true }],
    ['a push answer with a word for a number', { expectedSeq: 'banyak', lastHash: 'x', results: [] }],
  ])('%s: the sync fails in Indonesian and the changes wait', async (_label, body) => {
    device = await Device.create('W');
    const url = await answering(body);
    writeState(device.sql, { serverUrl: url, deviceId: 'perangkat-uji', secret: 'rahasia' });
    const pending = device.sql.raw.prepare('SELECT count(*) FROM sync_outbox WHERE acked_at IS NULL').pluck();
    const before = pending.get() as number;
    expect(before).toBeGreaterThan(0);

    const result = await device.officer.call('sync.run', {});
    expect(result.ok).toBe(false);
    const message = result.ok ? '' : result.error.message;
    expect(message).toMatch(/Jawaban server atas pengiriman perubahan tidak sesuai protokol sinkronisasi/);
    expect(message).toMatch(/Perubahan tetap tersimpan/);
    expect(message).not.toMatch(ENGLISH);
    // Nothing was taken as acknowledged, and the status says the same words.
    expect(pending.get()).toBe(before);
    const status = await device.officer.ok('sync.status', {});
    expect(status.lastError).toBe(message);
  });
});

describe('sync requests are parsed on the server', () => {
  it('a pull with a cursor that is not a number, or an unknown parameter, is refused in Indonesian', async () => {
    const server = new ServerProcess(join(tempDir('bansos-server-'), 'server'));
    await server.start();
    try {
      device = await Device.create('Q');
      await device.enrol(server);
      const state = readState(device.sql);
      const get = async (query: string) => {
        const response = await fetch(new URL(`/v1/pull?${query}`, server.url), {
          headers: { authorization: `Bearer ${state.deviceId}.${state.secret}` },
        });
        return { status: response.status, body: (await response.json()) as Record<string, unknown> };
      };
      expect((await get('cursor=0&limit=10')).status).toBe(200);
      for (const query of ['cursor=banyak', 'cursor=-1', 'cursor=0&semua=1']) {
        const answer = await get(query);
        expect(answer.status, query).toBe(400);
        const error = answer.body.error as { code: string; message: string };
        expect(error.code).toBe('VALIDATION');
        expect(error.message).toMatch(/^Permintaan tidak valid/);
        expect(error.message).not.toMatch(ENGLISH);
      }
    } finally {
      await server.stop();
    }
  });
});

describe('the server says how long it took', () => {
  it('answers with a Server-Timing header, which the workstation adds to its transfer', async () => {
    const server = new ServerProcess(join(tempDir('bansos-server-'), 'server'));
    await server.start();
    try {
      device = await Device.create('T');
      await device.enrol(server);
      const state = readState(device.sql);
      const transfer: Transfer = { bytesSent: 0, bytesReceived: 0 };
      const target = { url: server.url, credentials: `${state.deviceId}.${state.secret}` };
      await callServer(target, 'GET', 'v1/pull?cursor=0&limit=10', undefined, transfer, pullResponse);
      const first = transfer.serverMs;
      expect(first).toBeGreaterThan(0);
      await callServer(target, 'GET', 'v1/pull?cursor=0&limit=10', undefined, transfer, pullResponse);
      expect(transfer.serverMs).toBeGreaterThan(first!);
    } finally {
      await server.stop();
    }
  });
});

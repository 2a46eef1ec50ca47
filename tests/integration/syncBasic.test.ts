import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Device, ServerProcess, serverDigest } from './support/syncRig.ts';
import { Ledger, seeded } from './support/syncLedger.ts';
import { join } from 'node:path';
import { tempDir } from '../support/tempDir.ts';

describe('sync basics', () => {
  let server: ServerProcess;
  let a: Device;
  let b: Device;
  beforeAll(async () => {
    server = new ServerProcess(join(tempDir('bansos-server-'), 'server'));
    await server.start();
    a = await Device.create('A');
    b = await Device.create('B');
    await a.enrol(server);
    await b.enrol(server);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await server?.stop();
  });

  it('an edit on one workstation reaches the other', async () => {
    const ledger = new Ledger(seeded(1));
    const id = ledger.insertHousehold(a);
    const sa = await a.sync();
    expect(sa).toMatchObject({ ok: true, pending: 0 });
    const sb = await b.sync();
    expect(sb).toMatchObject({ ok: true, pending: 0 });
    expect(b.sql.raw.prepare('SELECT address FROM households WHERE id = ?').pluck().get(id)).toBe(
      'Jl. Awal 1',
    );
    await a.sync();
    const digest = await serverDigest(server);
    expect(a.digest().hash).toBe(digest.hash);
    expect(b.digest().hash).toBe(digest.hash);
  });
});

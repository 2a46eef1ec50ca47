/**
 * What an office shares between its workstations (issue 16, "shared where the office expects
 * it"): the report settings travel and merge field by field, while per-machine settings stay on
 * the machine. Real server process on loopback, two workstations, both stores.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReportSettingsView } from '../../common/api/methods/reports.ts';
import { Device, postgresUrl, ServerProcess, serverEnv, type StoreKind } from './support/syncRig.ts';

const pgUrl = await postgresUrl();
const STORES: StoreKind[] = ['sqlite', 'postgres'];

/** The smallest PNG: 1x1, one transparent pixel. */
const PNG_1x1 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

/** The input `reports.saveSettings` takes, from what a workstation shows, with `kop` changed. */
function edited(view: ReportSettingsView, kop: Partial<ReportSettingsView['kop']>) {
  return { kop: { ...view.kop, ...kop }, city: view.city, reports: view.reports };
}

async function saveKop(device: Device, kop: Partial<ReportSettingsView['kop']>) {
  const view = await device.admin.ok('reports.settings', {});
  return device.admin.ok('reports.saveSettings', edited(view, kop));
}

for (const kind of STORES) {
  describe.skipIf(kind === 'postgres' && !pgUrl)(`shared office data (${kind} store)`, () => {
    let server: ServerProcess;
    let a: Device;
    let b: Device;
    // A server and two workstations per test: the rig's folders and databases go when it ends.
    beforeEach(async () => {
      const { dataDir, env } = await serverEnv(kind);
      server = new ServerProcess(dataDir, env);
      await server.start();
      a = await Device.create('A');
      b = await Device.create('B');
      await a.enrol(server);
      await b.enrol(server);
    }, 120_000);
    afterEach(async () => {
      await a?.close();
      await b?.close();
      await server?.stop();
    });

    it('the letterhead, signatories and logo made on A print on B; per-machine settings stay', async () => {
      const view = await a.admin.ok('reports.settings', {});
      const reports = structuredClone(view.reports);
      reports.bulanan.signers[0]!.name = 'Drs. Budi Santoso';
      await a.admin.ok('reports.saveSettings', {
        ...edited(view, { address: 'Jl. Panglima Sudirman 507, Batu', phone: '(0341) 512345' }),
        reports,
        logo: { mime: 'image/png', dataBase64: PNG_1x1 },
      });
      await a.admin.ok('settings.update', { idleLockMinutes: 5 });
      await a.syncUntilClean();
      await b.syncUntilClean();

      const onB = await b.admin.ok('reports.settings', {});
      expect(onB.kop.address).toBe('Jl. Panglima Sudirman 507, Batu');
      expect(onB.kop.phone).toBe('(0341) 512345');
      expect(onB.reports.bulanan.signers[0]!.name).toBe('Drs. Budi Santoso');
      expect(onB.logo).toBe(`data:image/png;base64,${PNG_1x1}`);
      // The idle lock is the machine's: B keeps its own.
      expect((await a.admin.ok('settings.get', {})).idleLockMinutes).toBe(5);
      expect((await b.admin.ok('settings.get', {})).idleLockMinutes).toBe(15);
    });

    it('two offices editing different lines merge; the same line queues a field conflict', async () => {
      await saveKop(a, { address: 'Jl. Sudirman' });
      await a.syncUntilClean();
      await b.syncUntilClean();
      await saveKop(a, { email: 'dinsos@batukota.go.id', address: 'Jl. Sudirman 1' });
      await saveKop(b, { website: 'dinsos.batukota.go.id', address: 'Jl. Sudirman 2' });
      await a.syncUntilClean();
      await b.syncUntilClean();
      await a.syncUntilClean();

      for (const device of [a, b]) {
        const kop = (await device.admin.ok('reports.settings', {})).kop;
        expect(kop.email).toBe('dinsos@batukota.go.id');
        expect(kop.website).toBe('dinsos.batukota.go.id');
        // The server keeps the first office's address until someone decides.
        expect(kop.address).toBe('Jl. Sudirman 1');
      }
      const conflicts = await b.admin.ok('sync.conflicts', {});
      expect(conflicts).toEqual([
        expect.objectContaining({
          kind: 'field',
          entity: 'report_settings',
          field: 'kop_address',
          serverValue: 'Jl. Sudirman 1',
          clientValue: 'Jl. Sudirman 2',
          status: 'open',
        }),
      ]);
    });
  });
}

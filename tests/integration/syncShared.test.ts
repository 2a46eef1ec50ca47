/**
 * What an office shares between its workstations (issue 16, "shared where the office expects
 * it"): the report settings travel and merge field by field, while per-machine settings stay on
 * the machine. Real server process on loopback, two workstations, both stores.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReportSettingsView } from '../../common/api/methods/reports.ts';
import { appendAudit } from '../../core/audit/chain.ts';
import { newId } from '../../core/ids.ts';
import type { ReportDocument } from '../../core/reports/document.ts';
import { currentSnapshot, findByCode, freeze, type SnapshotRow } from '../../core/reports/snapshots.ts';
import { Ledger, seeded } from './support/syncLedger.ts';
import { Client, PASSWORDS } from '../support/core.ts';
import { DESA, Device, postgresUrl, ServerProcess, serverEnv, type StoreKind } from './support/syncRig.ts';

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
    // Each workstation has an officer (reports) and a clerk (imports, its `officer` client); its
    // admin edits the settings.
    beforeEach(async () => {
      const { dataDir, env } = await serverEnv(kind);
      server = new ServerProcess(dataDir, env);
      await server.start();
      a = await Device.create('A', ['officer', 'clerk']);
      b = await Device.create('B', ['officer', 'clerk']);
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

    it('an import template saved on A is offered on B, with one made before it synced', async () => {
      await a.officer.ok('import.saveTemplate', {
        kind: 'recipients',
        name: 'Format Desa Sidomulyo',
        mapping: { 'No. KK': 'kk_number' },
      });
      // A template made before templates synced (0017): audited, without an outbox row, and
      // listed by the migration for the baseline.
      const clerk = a.sql.raw.prepare(`SELECT id, username FROM users WHERE username = 'clerk1'`).get() as {
        id: string;
        username: string;
      };
      const oldId = newId();
      a.sql.transaction(() => {
        a.sql.raw
          .prepare(
            `INSERT INTO import_mappings (id, name, kind, mapping_json, version, created_at, updated_at)
             VALUES (?, 'Format Lama', 'recipients', '{"NIK":"nik"}', 1, '2026-01-05T00:00:00Z', '2026-01-05T00:00:00Z')`,
          )
          .run(oldId);
        appendAudit(a.sql, {
          id: newId(),
          at: '2026-01-05T00:00:00Z',
          user_id: clerk.id,
          username: clerk.username,
          device_id: 'A',
          action: 'import.save_template',
          entity: 'import_mappings',
          entity_id: oldId,
          changes_json: '{}',
        });
        a.sql.raw
          .prepare(
            `INSERT OR REPLACE INTO sync_state (key, value) VALUES ('baselinePending', '["import_mappings"]')`,
          )
          .run();
      });
      await a.syncUntilClean();
      await b.syncUntilClean();
      const onB = await b.officer.ok('import.templates', { kind: 'recipients' });
      expect(onB.map((t) => [t.name, t.mapping])).toEqual([
        ['Format Desa Sidomulyo', { NO_KK: 'kk_number' }],
        ['Format Lama', { NIK: 'nik' }],
      ]);
    });

    it('the same template name saved in two offices keeps the first and queues the second', async () => {
      const save = (d: Device, field: string) =>
        d.officer.ok('import.saveTemplate', { kind: 'payments', name: 'Bulanan', mapping: { NIK: field } });
      await save(a, 'nik');
      await save(b, 'kk_number');
      await a.syncUntilClean();
      await b.syncUntilClean();
      for (const d of [a, b])
        expect((await d.officer.ok('import.templates', { kind: 'payments' })).map((t) => t.mapping)).toEqual([
          { NIK: 'nik' },
        ]);
      const conflicts = await b.admin.ok('sync.conflicts', {});
      expect(conflicts).toEqual([
        expect.objectContaining({ kind: 'natural_key', entity: 'import_mappings' }),
      ]);
    });

    it('a report frozen on A reprints on B with the same document and code; a reissue on B reaches A', async () => {
      const paramsKey = '{"month":"2026-05","report":"bulanan"}';
      const doc: ReportDocument = {
        report: 'bulanan',
        title: 'Laporan Bulanan Penyaluran Mei 2026',
        orientation: 'landscape',
        kop: { lines: ['PEMERINTAH KOTA BATU'] } as never,
        parts: [],
        generatedAt: '2026-06-02T03:00:00Z',
        generatedBy: 'officer1',
        provisional: false,
        frozen: null,
        footer: { text: '' },
      };
      const freezeAs = (device: Device, doc: ReportDocument, supersede: SnapshotRow | null) => {
        const user = device.sql.raw
          .prepare(`SELECT id, username FROM users WHERE username = 'officer1'`)
          .get() as {
          id: string;
          username: string;
        };
        return device.core.db.write({ userId: user.id, username: user.username }, (changes) =>
          freeze(changes, {
            doc,
            paramsKey,
            params: { month: '2026-05' },
            periodIds: [],
            closedAt: '2026-06-01T00:00:00Z',
            footer: (f) => `Kode verifikasi ${f.code}`,
            supersede: supersede ? { ...supersede, reason: 'Koreksi penyaluran' } : null,
          }),
        );
      };
      const frozen = freezeAs(a, doc, null);
      await a.syncUntilClean();
      await b.syncUntilClean();

      const onB = currentSnapshot(b.sql, paramsKey);
      expect(onB?.document).toEqual(frozen);
      expect(findByCode(b.sql, frozen.frozen!.code)).toMatchObject({
        intact: true,
        superseded: false,
      });

      // A reissue after a correction: its document differs (here its date), so does its code.
      const reissued = freezeAs(b, { ...doc, generatedAt: '2026-06-20T03:00:00Z' }, onB);
      await b.syncUntilClean();
      await a.syncUntilClean();
      expect(currentSnapshot(a.sql, paramsKey)).toMatchObject({ revision: 2, document: reissued });
      expect(findByCode(a.sql, frozen.frozen!.code)).toMatchObject({
        intact: true,
        superseded: true,
      });
    });

    it('a leakage signal checked on A shows as checked on B, with the checker named', async () => {
      const ledger = new Ledger(seeded(16));
      const families = [
        ledger.insertHousehold(a, undefined, DESA[0]),
        ledger.insertHousehold(a, undefined, DESA[1]),
      ];
      const clerk = a.sql.raw
        .prepare(`SELECT id FROM users WHERE username = 'clerk1'`)
        .pluck()
        .get() as string;
      a.core.db.write({ userId: clerk, username: 'clerk1' }, (changes) => {
        families.forEach((householdId, i) =>
          changes.insert(
            'people',
            {
              id: newId(),
              household_id: householdId,
              name: `Warga ${i}`,
              name_key: `warga ${i}`,
              phonetic_key: `WRK${i}`,
              sex: 'P',
              relationship: 'kepala_keluarga',
              status: 'aktif',
              id_warnings_json: '[]',
              phone_number: '081234567890',
            } as never,
            'test.insert',
          ),
        );
      });
      const officerOn = async (d: Device) => {
        const client = new Client(d.core);
        await client.ok('auth.login', { username: 'officer1', password: PASSWORDS.officer });
        return client;
      };
      const onA = await officerOn(a);
      const [signal] = (await onA.ok('signals.list', { kind: 'shared_number' })).rows;
      await onA.ok('signals.check', {
        kind: 'shared_number',
        key: signal!.key,
        note: 'Satu nomor HP anak yang merantau.',
      });
      await a.syncUntilClean();
      await b.syncUntilClean();

      const onB = await officerOn(b);
      const checked = await onB.ok('signals.list', { kind: 'shared_number', include: 'checked' });
      expect(checked.rows.map((r) => [r.key, r.checked?.note, r.checked?.by])).toEqual([
        [signal!.key, 'Satu nomor HP anak yang merantau.', 'Pengguna officer'],
      ]);
      expect((await onB.ok('signals.list', { kind: 'shared_number' })).rows).toEqual([]);
    });
  });
}

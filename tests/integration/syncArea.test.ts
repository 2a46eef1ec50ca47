/**
 * Each office receives its area (issue 16): a workstation enrolled for a desa gets that desa's
 * families and what it needs to show them, never another desa's person: not in rows, not in
 * conflicts, not in attachments, not in the digest. A family that moves out leaves the
 * workstation with a note; the new desa receives it whole. Real server on loopback, both stores.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pullResponse, statusResponse } from '../../common/sync/protocol.ts';
import { readState } from '../../core/sync/state.ts';
import {
  postgresUrl,
  serverCli,
  ServerProcess,
  serverEnv,
  Device,
  openServerStore,
  type StoreKind,
} from './support/syncRig.ts';

const pgUrl = await postgresUrl();
const STORES: StoreKind[] = ['sqlite', 'postgres'];

/** Two desa of Kecamatan Batu (35.79.01) and one of Kecamatan Bumiaji (35.79.02). */
const ORO = '35.79.01.2006';
const PESANGGRAHAN = '35.79.01.2008';
const PUNTEN = '35.79.02.2001';

const SITI = { nik: '3579014506850002', name: 'Siti Aminah Larasati', kk: '3579012003150004' };
const PARTNER = { nik: '3579011205800001', name: 'Budi Santosa Wirajaya' };
const OTHER = { nik: '3579025207900003', name: 'Dewi Kartika Sulistyowati', kk: '3579022003150009' };
const MOVER = { nik: '3579010101700005', name: 'Joko Prasetyo Utomo', kk: '3579012003150011' };

async function createFamily(
  device: Device,
  desaCode: string,
  kk: string,
  members: { nik: string; name: string; sex: 'L' | 'P' }[],
): Promise<string> {
  const created = await device.officer.ok('households.create', {
    household: { kkNumber: kk, desaCode, rt: '1', rw: '2', address: `Jl. ${members[0]!.name} 1` },
    members: members.map((m, i) => ({
      nik: m.nik,
      name: m.name,
      sex: m.sex,
      birthDate: '1980-05-12',
      relationship: i === 0 ? 'kepala_keluarga' : 'istri',
    })),
  });
  return created.value.id;
}

/** What the server answers the workstation itself, read with its own credentials. */
async function asDevice(server: ServerProcess, device: Device, path: string): Promise<string> {
  const state = readState(device.sql);
  const response = await fetch(new URL(path, server.url), {
    headers: { authorization: `Bearer ${state.deviceId}.${state.secret}` },
  });
  expect(response.status).toBe(200);
  return response.text();
}

/** Everything of the workstation's synced data and sync records, as text. */
function workstationText(device: Device): string {
  const raw = device.sql.raw;
  return ['people', 'households', 'enrolments', 'cases', 'attachments', 'sync_conflicts', 'sync_state']
    .map((t) => JSON.stringify(raw.prepare(`SELECT * FROM ${t}`).all()))
    .join('\n');
}

const count = (device: Device, table: string, where = '1', ...params: unknown[]) =>
  (
    device.sql.raw.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`).get(...params) as {
      n: number;
    }
  ).n;

for (const kind of STORES) {
  describe.skipIf(kind === 'postgres' && !pgUrl)(`each office receives its area (${kind} store)`, () => {
    let server: ServerProcess;
    let city: Device;
    let oro: Device;
    let batu: Device;
    beforeEach(async () => {
      const { dataDir, env } = await serverEnv(kind);
      server = new ServerProcess(dataDir, env);
      await server.start();
      city = await Device.create('Dinas', ['officer']);
      oro = await Device.create('Oro-oro Ombo', ['officer']);
      batu = await Device.create('Kecamatan Batu', ['officer']);
      await city.enrol(server);
      await oro.enrol(server, server.url, { desa: [ORO] });
      await batu.enrol(server, server.url, { kecamatan: ['35.79.01'] });
    }, 120_000);
    afterEach(async () => {
      await city?.close();
      await oro?.close();
      await batu?.close();
      await server?.stop();
    });

    it('a desa workstation never receives another desa person: rows, conflicts, attachments, digest', async () => {
      const own = await createFamily(city, ORO, SITI.kk, [
        { ...SITI, sex: 'P' },
        { ...PARTNER, sex: 'L' },
      ]);
      const other = await createFamily(city, PUNTEN, OTHER.kk, [{ ...OTHER, sex: 'P' }]);
      const otherCase = await city.officer.ok('cases.create', {
        householdId: other,
        type: 'permohonan_bantuan',
        title: `Bantuan untuk ${OTHER.name}`,
      });
      await city.officer.ok('attachments.add', {
        ownerEntity: 'cases',
        ownerId: otherCase.id,
        fileName: `KTP ${OTHER.name}.pdf`,
        mime: 'application/pdf',
        dataBase64: Buffer.from('%PDF-1.4 surat keterangan tidak mampu').toString('base64'),
      });
      await city.syncUntilClean();
      await oro.syncUntilClean();
      await batu.syncUntilClean();

      // The other desa's family conflicts between the city office and the Punten side.
      const page = await city.officer.ok('households.get', { id: other });
      await city.officer.ok('households.update', {
        id: other,
        expectedVersion: page.household.version,
        household: { kkNumber: OTHER.kk, desaCode: PUNTEN, rt: '1', rw: '2', address: 'Jl. Dinas' },
      } as never);
      const punten = await Device.create('Punten', ['officer']);
      try {
        await punten.enrol(server, server.url, { desa: [PUNTEN] });
        await punten.syncUntilClean();
        expect(count(punten, 'people', 'nik = ?', OTHER.nik)).toBe(1);
        expect(count(punten, 'people', 'nik = ?', SITI.nik)).toBe(0);
        const there = await punten.officer.ok('households.get', { id: other });
        await punten.officer.ok('households.update', {
          id: other,
          expectedVersion: there.household.version,
          household: { kkNumber: OTHER.kk, desaCode: PUNTEN, rt: '1', rw: '2', address: 'Jl. Desa' },
        } as never);
        await punten.syncUntilClean();
        await city.syncUntilClean();
        expect((await city.admin.ok('sync.conflicts', {})).length).toBeGreaterThan(0);
      } finally {
        await punten.close();
      }
      await oro.syncUntilClean();

      // Its own family whole, the reference data it needs, nothing of Punten.
      expect(count(oro, 'households', 'id = ?', own)).toBe(1);
      expect(count(oro, 'people', 'household_id = ?', own)).toBe(2);
      expect(count(oro, 'programs')).toBeGreaterThan(0);
      expect(count(oro, 'households', 'desa_code <> ?', ORO)).toBe(0);
      expect(count(oro, 'cases')).toBe(0);
      expect(count(oro, 'attachments')).toBe(0);
      expect(await oro.admin.ok('sync.conflicts', { includeResolved: true })).toEqual([]);
      const text = workstationText(oro);
      for (const secret of [OTHER.nik, OTHER.name, OTHER.kk, 'Jl. Desa', 'Jl. Dinas'])
        expect(text, secret).not.toContain(secret);

      // What the server answers it, byte for byte: pull from the start, status, digest.
      const pulled = pullResponse.parse(
        JSON.parse(await asDevice(server, oro, 'v1/pull?cursor=0&limit=1000')),
      );
      const status = await asDevice(server, oro, 'v1/status');
      expect(statusResponse.parse(JSON.parse(status)).conflicts).toEqual([]);
      for (const body of [JSON.stringify(pulled), status])
        for (const secret of [OTHER.nik, OTHER.name, OTHER.kk, otherCase.id])
          expect(body, secret).not.toContain(secret);
      expect(pulled.rows.some((r) => r.entity === 'people' && r.data?.nik === SITI.nik)).toBe(true);
      const digest = JSON.parse(await asDevice(server, oro, 'v1/digest')) as { hash: string };
      expect(oro.digest().hash).toBe(digest.hash);
      // The attachment's file: the city office may have it, Oro-oro Ombo is told it does not exist.
      const { sha256 } = city.sql.raw.prepare('SELECT sha256 FROM attachments').get() as { sha256: string };
      const blobCode = async (device: Device) => {
        const state = readState(device.sql);
        const response = await fetch(new URL(`v1/blobs/${sha256}`, server.url), {
          headers: { authorization: `Bearer ${state.deviceId}.${state.secret}` },
        });
        return response.ok ? 'OK' : ((await response.json()) as { error: { code: string } }).error.code;
      };
      expect(await blobCode(oro)).toBe('NOT_FOUND');
      expect(await blobCode(city)).not.toBe('NOT_FOUND');

      // The kecamatan office has both of its desa's families, and still nothing of Punten.
      expect(count(batu, 'people', 'nik = ?', SITI.nik)).toBe(1);
      expect(count(batu, 'people', 'nik = ?', OTHER.nik)).toBe(0);
      // The city office has everything.
      expect(count(city, 'people', 'nik IN (?, ?)', SITI.nik, OTHER.nik)).toBe(2);
      expect(count(city, 'attachments')).toBe(1);
      expect((await oro.admin.ok('sync.status', {})).area).toBe('Oro-oro Ombo');
    });

    it('a family that moves out leaves the desa workstation with a note; the new desa gets it whole', async () => {
      const id = await createFamily(city, ORO, MOVER.kk, [
        { ...MOVER, sex: 'L' },
        { ...SITI, sex: 'P' },
      ]);
      // Open work of the family, which moves with it.
      const openCase = await city.officer.ok('cases.create', {
        householdId: id,
        type: 'permohonan_bantuan',
        title: 'Bedah rumah keluarga pindahan',
      });
      await city.syncUntilClean();
      await oro.syncUntilClean();
      await batu.syncUntilClean();
      const pesanggrahan = await Device.create('Pesanggrahan', ['officer']);
      try {
        await pesanggrahan.enrol(server, server.url, { desa: [PESANGGRAHAN] });
        await pesanggrahan.syncUntilClean();
        expect(count(pesanggrahan, 'people', 'household_id = ?', id)).toBe(0);
        expect(count(oro, 'people', 'household_id = ?', id)).toBe(2);

        // The family moves to Pesanggrahan (same kecamatan).
        const page = await city.officer.ok('households.get', { id });
        await city.officer.ok('households.update', {
          id,
          expectedVersion: page.household.version,
          household: { kkNumber: MOVER.kk, desaCode: PESANGGRAHAN, rt: '3', rw: '4', address: 'Jl. Baru 7' },
        } as never);
        await city.syncUntilClean();
        await oro.syncUntilClean();
        await pesanggrahan.syncUntilClean();
        await batu.syncUntilClean();

        // Gone from Oro-oro Ombo, with a note that names the family and where it went.
        expect(count(oro, 'households', 'id = ?', id)).toBe(0);
        expect(count(oro, 'people', 'household_id = ?', id)).toBe(0);
        for (const secret of [MOVER.nik, SITI.nik, 'Jl. Baru 7'])
          expect(workstationText(oro)).not.toContain(secret);
        const status = await oro.admin.ok('sync.status', {});
        expect(status.leftArea).toHaveLength(1);
        expect(status.leftArea[0]).toMatchObject({ head: MOVER.name, kk: MOVER.kk, to: 'Pesanggrahan' });
        // The note comes from the pull: it lives only on this workstation, not in the outbox.
        expect(count(oro, 'sync_outbox', 'acked_at IS NULL')).toBe(0);
        const verify = await oro.admin.job<{ ok: boolean }>('audit.verify', {});
        expect(verify.ok).toBe(true);

        // Whole on Pesanggrahan: the family and both members, though they were published before.
        expect(count(pesanggrahan, 'households', 'id = ? AND address = ?', id, 'Jl. Baru 7')).toBe(1);
        expect(count(pesanggrahan, 'people', 'household_id = ?', id)).toBe(2);
        // Its open case went with it: Pesanggrahan has it, Oro-oro Ombo has it no more.
        expect(count(pesanggrahan, 'cases', 'id = ? AND desa_code = ?', openCase.id, PESANGGRAHAN)).toBe(1);
        expect(count(oro, 'cases', 'id = ?', openCase.id)).toBe(0);
        // The kecamatan office covers both desa: it keeps the family and has no note.
        expect(count(batu, 'people', 'household_id = ?', id)).toBe(2);
        expect((await batu.admin.ok('sync.status', {})).leftArea).toEqual([]);

        // Every workstation holds exactly what the server says its area holds.
        for (const device of [oro, pesanggrahan, batu, city]) {
          const digest = JSON.parse(await asDevice(server, device, 'v1/digest')) as { hash: string };
          expect(device.digest().hash, device.name).toBe(digest.hash);
        }

        // Moving back brings it back whole.
        const moved = await city.officer.ok('households.get', { id });
        await city.officer.ok('households.update', {
          id,
          expectedVersion: moved.household.version,
          household: { kkNumber: MOVER.kk, desaCode: ORO, rt: '1', rw: '2', address: 'Jl. Kembali 9' },
        } as never);
        await city.syncUntilClean();
        await oro.syncUntilClean();
        await pesanggrahan.syncUntilClean();
        expect(count(oro, 'people', 'household_id = ?', id)).toBe(2);
        expect(count(pesanggrahan, 'people', 'household_id = ?', id)).toBe(0);
      } finally {
        await pesanggrahan.close();
      }
    });

    it("a kecamatan workstation pulls exactly its desas' rows: '35.79.01.' bounds a range, it is not a prefix of '35.79.010'", async () => {
      // Rows placed at the edges of the kecamatan's range, written into the store directly.
      const inside = ['35.79.01.1001', ORO, '*'];
      const outside = ['35.79.010.1001', '35.79.01', '35.79.01/1', '35.79.01-1', '35.79.0', PUNTEN, ''];
      await server.stop();
      const store = await openServerStore(server);
      const meta = store.db.selectFrom('server_meta').select('value').where('key', '=', 'seq');
      const head = Number((await meta.executeTakeFirstOrThrow()).value);
      const places = [...inside, ...outside];
      await store.db
        .insertInto('entities')
        .values(
          places.map((place, i) => ({
            entity: 'households',
            id: `edge-${i}`,
            version: 1,
            seq: head + i + 1,
            deleted: 0,
            data_json: JSON.stringify({ id: `edge-${i}`, desa_code: place }),
            nat_key: null,
            place,
            parent: null,
          })),
        )
        .execute();
      await store.db
        .updateTable('server_meta')
        .set({ value: String(head + places.length) })
        .where('key', '=', 'seq')
        .execute();
      await store.close();
      await server.start();
      const pulled = pullResponse.parse(
        JSON.parse(await asDevice(server, batu, `v1/pull?cursor=${head}&limit=1000`)),
      );
      const got = pulled.rows.map((r) => (r.data as { desa_code: string }).desa_code);
      expect(got.sort()).toEqual([...inside].sort());
    });

    it("the disbursement figures a workstation reads are its area's desa only (probe C02)", async () => {
      // A programme, a period and one payment per desa, written into the store directly.
      await server.stop();
      const store = await openServerStore(server);
      const meta = store.db.selectFrom('server_meta').select('value').where('key', '=', 'seq');
      const head = Number((await meta.executeTakeFirstOrThrow()).value);
      const rows: { entity: string; id: string; place: string; data: Record<string, unknown> }[] = [
        { entity: 'programs', id: 'prog-c02', place: '*', data: { code: 'BLT_DD' } },
        {
          entity: 'disbursement_periods',
          id: 'period-c02',
          place: '*',
          data: { program_id: 'prog-c02', year: 2026, start_month: 11, months: 1, label: 'November 2026' },
        },
        ...[ORO, PESANGGRAHAN, PUNTEN].map((desa, i) => ({
          entity: 'disbursement_items',
          id: `item-c02-${i}`,
          place: desa,
          data: { period_id: 'period-c02', desa_code: desa, amount: 300000, status: 'tersalurkan' },
        })),
      ];
      await store.db
        .insertInto('entities')
        .values(
          rows.map((r, i) => ({
            entity: r.entity,
            id: r.id,
            version: 1,
            seq: head + i + 1,
            deleted: 0,
            data_json: JSON.stringify({ id: r.id, ...r.data }),
            nat_key: null,
            place: r.place,
            parent: null,
          })),
        )
        .execute();
      await store.db
        .updateTable('server_meta')
        .set({ value: String(head + rows.length) })
        .where('key', '=', 'seq')
        .execute();
      await store.close();
      await server.start();
      const desaOf = async (device: Device) =>
        (
          JSON.parse(await asDevice(server, device, 'v1/reports/disbursement?year=2026&month=11')) as {
            rows: { desaCode: string; kpmAllocated: number; amountPaid: number }[];
          }
        ).rows
          .map((r) => r.desaCode)
          .sort();
      expect(await desaOf(oro)).toEqual([ORO]);
      expect(await desaOf(batu)).toEqual([ORO, PESANGGRAHAN]);
      expect(await desaOf(city)).toEqual([ORO, PESANGGRAHAN, PUNTEN]);
    });

    it('a desa workstation cannot write outside its area, and a store from before areas is placed at start', async () => {
      const other = await createFamily(city, PUNTEN, OTHER.kk, [{ ...OTHER, sex: 'P' }]);
      await city.syncUntilClean();
      // Oro-oro Ombo registers a family in Punten: the server refuses it, whoever signs in.
      await createFamily(oro, PUNTEN, MOVER.kk, [{ ...MOVER, sex: 'L' }]);
      await oro.syncUntilClean();
      const conflicts = await oro.admin.ok('sync.conflicts', {});
      expect(conflicts.some((c) => c.kind === 'refused')).toBe(true);
      await city.syncUntilClean();
      expect(count(city, 'people', 'nik = ?', MOVER.nik)).toBe(0);

      // The server admin's listing names each workstation's area; a code for an unknown area is refused.
      expect(serverCli(server.dataDir, ['devices'], server.env)).toContain('wilayah desa 35.79.01.2006');
      let refused = '';
      try {
        serverCli(server.dataDir, ['enrol-code', '--desa', '35.79.01'], server.env);
      } catch (error) {
        refused = String((error as { stderr?: unknown }).stderr);
      }
      expect(refused).toContain('Kode wilayah tidak dikenal: 35.79.01');

      // A store whose rows have no place yet (made before areas): the server places them at start.
      await server.stop();
      const store = await openServerStore(server);
      await store.db.updateTable('entities').set({ place: null, parent: null }).execute();
      await store.close();
      await server.start();
      const pulled = await asDevice(server, oro, 'v1/pull?cursor=0&limit=1000');
      expect(pulled).not.toContain(OTHER.nik);
      expect(pulled).not.toContain(other);
      expect(pulled).toContain('"programs"');
    });
  });
}

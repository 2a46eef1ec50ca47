import { describe, expect, it } from 'vitest';
import type { Input } from '../../common/api/contract.ts';
import type { ConflictView } from '../../common/sync/protocol.ts';
import type { BansosCore } from '../app.ts';
import { setUpCore, userInArea, userWithRole } from '../../tests/support/core.ts';

const ORO_ORO_OMBO = '35.79.01.2006'; // Kec. Batu
const PUNTEN = '35.79.02.2001'; // Kec. Bumiaji

function family(desaCode: string, kkNumber: string, nik: string, name: string): Input<'households.create'> {
  return {
    household: { kkNumber, desaCode, address: 'Jl. Mawar 1' },
    members: [{ nik, name, sex: 'L', birthDate: '1980-05-12', relationship: 'kepala_keluarga' }],
  };
}

/** An open conflict on a family's address, stored as a sync stores what the server sends. */
function addressConflict(core: BansosCore, id: string, householdId: string): void {
  const view: ConflictView = {
    id,
    kind: 'field',
    entity: 'households',
    entityId: householdId,
    field: 'address',
    baseValue: 'Jl. Mawar 1',
    serverValue: 'Jl. Mawar 1 (server)',
    clientValue: 'Jl. Mawar 2 (kantor lain)',
    otherId: null,
    username: 'officer1',
    deviceName: 'Kantor',
    at: '2026-12-01T00:00:00.000Z',
    message: 'Alamat diubah di dua tempat.',
    status: 'open',
    resolvedBy: null,
    resolvedAt: null,
    resolution: null,
  };
  core.db.sql.raw
    .prepare('INSERT INTO sync_conflicts (id, view_json, status, at) VALUES (?, ?, ?, ?)')
    .run(id, JSON.stringify(view), 'open', view.at);
}

/**
 * Security review F5: on a whole-city office workstation, an officer limited to an area must
 * not read or decide the conflicts of another area's families.
 */
describe('sync conflicts and the caller’s area', () => {
  it('lists and resolves only conflicts of families in the caller’s area', async () => {
    const { core, admin } = await setUpCore();
    const city = await userWithRole(core, admin, 'officer');
    const batu = (
      await city.ok('households.create', family(ORO_ORO_OMBO, '3579012003150004', '3579011205800001', 'Budi'))
    ).value.id;
    const punten = (
      await city.ok('households.create', family(PUNTEN, '3579022003150021', '3579022107720008', 'Tono'))
    ).value.id;
    addressConflict(core, 'konflik-batu', batu);
    addressConflict(core, 'konflik-punten', punten);

    const { client: bumiaji } = await userInArea(core, admin, 'officer', {
      username: 'petugas.bumiaji',
      fullName: 'Petugas Bumiaji',
      area: { kecamatan: ['35.79.02'], desa: [] },
    });

    const listed = await bumiaji.ok('sync.conflicts', { includeResolved: true });
    expect(listed.map((c) => c.id)).toEqual(['konflik-punten']);
    const refused = await bumiaji.call('sync.resolve', {
      conflictId: 'konflik-batu',
      choice: 'custom',
      value: 'DIUBAH OLEH PETUGAS BUMIAJI',
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const address = (id: string) =>
      (core.db.sql.raw.prepare('SELECT address FROM households WHERE id = ?').get(id) as { address: string })
        .address;
    expect(address(batu)).toBe('Jl. Mawar 1');

    await bumiaji.ok('sync.resolve', { conflictId: 'konflik-punten', choice: 'client' });
    expect(address(punten)).toBe('Jl. Mawar 2 (kantor lain)');
    // A whole-city account still sees every conflict.
    expect((await admin.ok('sync.conflicts', { includeResolved: true })).map((c) => c.id).sort()).toEqual([
      'konflik-batu',
      'konflik-punten',
    ]);
    await core.close();
  });
});

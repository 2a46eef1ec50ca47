import { describe, expect, it } from 'vitest';
import type { Input } from '../../common/api/contract.ts';
import { setUpCore, userInArea, userWithRole } from '../../tests/support/core.ts';

const ORO_ORO_OMBO = '35.79.01.2006'; // Kec. Batu
const PUNTEN = '35.79.02.2001'; // Kec. Bumiaji
const BUDI = '3579011205800001';
const BUDI_KK = '3579012003150004';

function family(desaCode: string, kkNumber: string, nik: string, name: string): Input<'households.create'> {
  return {
    household: { kkNumber, desaCode, address: 'Jl. Mawar 1' },
    members: [{ nik, name, sex: 'L', birthDate: '1980-05-12', relationship: 'kepala_keluarga' }],
  };
}

/**
 * Security review F6: people.lookupNik answers nothing out of the caller's area; the NIK and KK
 * uniqueness errors must not name that person or family either.
 */
describe('a NIK or KK registered in another area', () => {
  it('is refused without naming the person or the family, and the officer is told to ask the Dinas', async () => {
    const { core, admin } = await setUpCore();
    const city = await userWithRole(core, admin, 'officer');
    await city.ok('households.create', family(ORO_ORO_OMBO, BUDI_KK, BUDI, 'Budi Santoso'));

    const { client: bumiaji } = await userInArea(core, admin, 'officer', {
      username: 'petugas.bumiaji',
      fullName: 'Petugas Bumiaji',
      area: { kecamatan: ['35.79.02'], desa: [] },
    });

    const sameNik = await bumiaji.call(
      'households.create',
      family(PUNTEN, '3579022003150009', BUDI, 'Nama Lain'),
    );
    if (sameNik.ok) expect.fail('a NIK registered elsewhere was accepted');
    const nikMessage = sameNik.error.fields!.find((f) => f.path.endsWith('.nik'))!.message;
    expect(nikMessage).toBe(
      `NIK ${BUDI} sudah terdaftar di wilayah lain. Hubungi Dinas Sosial untuk memeriksanya; satu orang hanya boleh terdaftar sekali.`,
    );

    const sameKk = await bumiaji.call(
      'households.create',
      family(PUNTEN, BUDI_KK, '3579022107720008', 'Tono'),
    );
    if (sameKk.ok) expect.fail('a KK registered elsewhere was accepted');
    const kkMessage = sameKk.error.fields!.find((f) => f.path.endsWith('kkNumber'))!.message;
    expect(kkMessage).toBe(
      `No. KK ${BUDI_KK} sudah terdaftar di wilayah lain. Hubungi Dinas Sosial untuk memeriksanya; satu keluarga hanya boleh terdaftar sekali.`,
    );
    expect(JSON.stringify([sameNik, sameKk])).not.toContain('Budi');

    // Within the caller's area the message still names whom to open.
    const again = await city.call('households.create', family(PUNTEN, '3579022003150009', BUDI, 'Nama Lain'));
    if (again.ok) expect.fail('a registered NIK was accepted');
    expect(again.error.message).toContain(`atas nama Budi Santoso (KK ${BUDI_KK})`);
    await core.close();
  });
});

import { describe, expect, it } from 'vitest';
import type { Input } from '../../common/api/contract.ts';
import { setUpCore, userInArea, userWithRole, type Client } from '../../tests/support/core.ts';

const ORO_ORO_OMBO = '35.79.01.2006'; // Kec. Batu
const PUNTEN = '35.79.02.2001'; // Kec. Bumiaji
const BUDI = '3579011205800001'; // of Oro-oro Ombo
const TONO = '3579022107720008'; // of Punten

function family(desaCode: string, kkNumber: string, nik: string, name: string): Input<'households.create'> {
  return {
    household: { kkNumber, desaCode, address: 'Jl. Mawar 1' },
    members: [{ nik, name, sex: 'L', birthDate: '1980-05-12', relationship: 'kepala_keluarga' }],
  };
}

/**
 * Security review F2: an auditor or manager limited to an area cannot open another area's
 * family, so its NIK, names and birth dates must not come back through the audit log either.
 */
describe('audit.list and the reader’s area', () => {
  it('shows an area-limited reader only entries about families in their area', async () => {
    const { core, admin } = await setUpCore();
    const officer = await userWithRole(core, admin, 'officer');
    await officer.ok('households.create', family(ORO_ORO_OMBO, '3579012003150004', BUDI, 'Budi Santoso'));
    await officer.ok('households.create', family(PUNTEN, '3579022003150021', TONO, 'Tono Sugiarto'));

    const { client: bumiaji } = await userInArea(core, admin, 'auditor', {
      username: 'auditor.bumiaji',
      fullName: 'Auditor Bumiaji',
      area: { kecamatan: ['35.79.02'], desa: [] },
    });

    const seen = async (client: Client) => {
      const { entries } = await client.ok('audit.list', { limit: 200 });
      const text = JSON.stringify(entries);
      return { budi: text.includes(BUDI), tono: text.includes(TONO), actions: entries.map((e) => e.action) };
    };
    const limited = await seen(bumiaji);
    expect(limited).toMatchObject({ budi: false, tono: true });
    // Entries about no family (accounts, logins, settings) are for whole-city readers.
    expect(limited.actions).not.toContain('users.create');
    expect(await seen(admin)).toMatchObject({ budi: true, tono: true });
    expect((await seen(admin)).actions).toContain('users.create');
    await core.close();
  });
});

import { describe, expect, it } from 'vitest';
import { setUpCore, userInArea, userWithRole } from '../../tests/support/core.ts';

describe('opening a disbursement period', () => {
  it('names a period without a label by its months, each year said where it belongs', async () => {
    const { core, admin } = await setUpCore();
    const officer = await userWithRole(core, admin, 'officer');
    const programs = await officer.ok('reference.programs', {});
    const pkh = programs.find((p) => p.code === 'PKH')!;
    const bpnt = programs.find((p) => p.code === 'BPNT')!;

    const overNewYear = await officer.ok('disbursement.openPeriod', {
      programId: pkh.id,
      year: 2026,
      startMonth: 11,
      months: 3,
    });
    expect(overNewYear.label).toBe('November 2026–Januari 2027');

    const withinYear = await officer.ok('disbursement.openPeriod', {
      programId: bpnt.id,
      year: 2026,
      startMonth: 10,
      months: 2,
    });
    expect(withinYear.label).toBe('Oktober–November 2026');

    const oneMonth = await officer.ok('disbursement.openPeriod', {
      programId: bpnt.id,
      year: 2026,
      startMonth: 12,
      months: 1,
    });
    expect(oneMonth.label).toBe('Desember 2026');
  });
});

describe('closing a disbursement period', () => {
  const ORO_ORO_OMBO = '35.79.01.2006';
  const PUNTEN = '35.79.02.2001';

  it('needs a city-wide area: a manager of one desa cannot close a period that pays other desa too', async () => {
    const { core, admin } = await setUpCore();
    const officer = await userWithRole(core, admin, 'officer');
    const bpnt = (await officer.ok('reference.programs', {})).find((p) => p.code === 'BPNT')!;
    const families = [
      { kk: '3579012003150004', nik: '3579015708830002', desa: ORO_ORO_OMBO },
      { kk: '3579022003150005', nik: '3579025708830003', desa: PUNTEN },
    ];
    for (const f of families) {
      const { value } = await officer.ok('households.create', {
        household: { kkNumber: f.kk, desaCode: f.desa },
        members: [
          {
            nik: f.nik,
            name: 'Siti Aminah',
            sex: 'P',
            birthDate: '1983-08-17',
            relationship: 'kepala_keluarga',
          },
        ],
      });
      await officer.ok('enrolments.create', { householdId: value.id, programId: bpnt.id, status: 'aktif' });
    }
    const period = await officer.ok('disbursement.openPeriod', {
      programId: bpnt.id,
      year: 2026,
      startMonth: 1,
      months: 1,
    });
    expect(period.totals.recipients).toBe(2);

    const { client: desaManager } = await userInArea(core, admin, 'manager', {
      username: 'manajer.oro',
      area: { kecamatan: [], desa: [ORO_ORO_OMBO] },
    });
    const refused = await desaManager.call('disbursement.closePeriod', {
      id: period.id,
      acknowledgeWarnings: true,
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    if (!refused.ok)
      expect(refused.error.message).toMatch(
        /hanya dapat ditutup oleh pengguna dengan wilayah kerja seluruh kota/,
      );
    const still = (await officer.ok('disbursement.periods', {})).find((p) => p.id === period.id);
    expect(still?.status).toBe('dibuka');

    const cityManager = await userWithRole(core, admin, 'manager');
    expect((await cityManager.ok('disbursement.closePeriod', { id: period.id })).status).toBe('ditutup');
    await core.close();
  });
});

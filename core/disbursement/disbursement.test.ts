import { describe, expect, it } from 'vitest';
import { setUpCore, userWithRole } from '../../tests/support/core.ts';

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

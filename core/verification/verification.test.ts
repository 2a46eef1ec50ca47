import { describe, expect, it } from 'vitest';
import { setUpCore, userWithRole } from '../../tests/support/core.ts';

const ORO_ORO_OMBO = '35.79.01.2006';

const family = (kkNumber: string) => ({
  household: { kkNumber, desaCode: ORO_ORO_OMBO, rt: '2', rw: '5', address: 'Jl. Kartika 12' },
  members: [
    {
      nik: '3579011205800001',
      name: 'Budi Santoso',
      sex: 'L' as const,
      birthDate: '1980-05-12',
      relationship: 'kepala_keluarga',
    },
  ],
});

describe('a visit started from the family page', () => {
  it('opens one round for the family, and the same round when asked again', async () => {
    const { core, admin } = await setUpCore();
    const officer = await userWithRole(core, admin, 'officer');
    const { value: household } = await officer.ok('households.create', family('3579012003150004'));

    const first = await officer.ok('verification.start', { householdId: household.id, source: 'sanggah' });
    expect(first.created).toBe(true);
    const again = await officer.ok('verification.start', { householdId: household.id });
    expect(again).toEqual({ id: first.id, created: false });

    const view = await officer.ok('verification.get', { id: first.id });
    expect(view).toMatchObject({
      householdId: household.id,
      source: 'sanggah',
      status: 'belum_diverifikasi',
    });
    // A worklist for the desa leaves the family's open round alone.
    expect(
      await officer.ok('verification.createWorklist', { desaCode: ORO_ORO_OMBO, source: 'semua' }),
    ).toEqual({ created: 0, skipped: 1 });
    const actions = core.db.sql.raw
      .prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'verification.create'")
      .get() as { n: number };
    expect(actions.n).toBe(1);
    await core.close();
  });

  it('says why a family that is no longer active cannot be visited, and refuses a reader', async () => {
    const { core, admin } = await setUpCore();
    const officer = await userWithRole(core, admin, 'officer');
    const auditor = await userWithRole(core, admin, 'auditor');
    const { value: household } = await officer.ok('households.create', family('3579012003150004'));
    expect(await auditor.call('verification.start', { householdId: household.id })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    core.db.sql.raw.prepare("UPDATE households SET status = 'nonaktif' WHERE id = ?").run(household.id);
    const refused = await officer.call('verification.start', { householdId: household.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    if (!refused.ok) expect(refused.error.message).toContain('tidak aktif');
    await core.close();
  });
});

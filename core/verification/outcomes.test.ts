import { describe, expect, it } from 'vitest';
import { setUpCore, userWithRole, type Client } from '../../tests/support/core.ts';
import { firstOfNextMonth } from './outcomes.ts';

// 6 December 2026, 10:00 WIB: programmes activated now start paying on 1 January 2027.
const NOW = new Date('2026-12-06T03:00:00Z');

async function world() {
  const { core, admin } = await setUpCore({ clock: () => NOW });
  const officer = await userWithRole(core, admin, 'officer');
  const manager = await userWithRole(core, admin, 'manager');
  const raw = core.db.sql.raw;
  const [desaA, desaB] = raw
    .prepare(`SELECT code FROM regions WHERE level = 'desa' ORDER BY code LIMIT 2`)
    .pluck()
    .all() as string[];
  const programs = await officer.ok('reference.programs', {});
  const program = (code: string) => programs.find((p) => p.code === code)!;
  let kk = 0;
  const family = async (desaCode = desaA!) => {
    kk++;
    const created = await officer.ok('households.create', {
      household: {
        kkNumber: `35790120031500${String(kk).padStart(2, '0')}`,
        desaCode,
        rt: '1',
        rw: '2',
        address: `Jl. Kartika ${kk}`,
      },
      members: [
        {
          nik: `35790112058000${String(kk).padStart(2, '0')}`,
          name: `Kepala ${kk}`,
          sex: 'L' as const,
          birthDate: '1980-05-12',
          relationship: 'kepala_keluarga',
        },
      ],
    });
    return created.value.id;
  };
  /** A household programme with one component (or none), proposed or active. */
  const enrol = async (householdId: string, code: string, status: 'usulan' | 'aktif') => {
    const p = program(code);
    return (
      await officer.ok('enrolments.create', {
        householdId,
        programId: p.id,
        componentId: p.components.length === 1 ? p.components[0]!.id : null,
        status,
      })
    ).value.id;
  };
  /** A visit recorded and its outcome submitted by the officer. */
  const submitted = async (householdId: string, outcome: 'layak' | 'tidak_layak', reason: string) => {
    const { id } = await officer.ok('verification.start', { householdId });
    const fresh = await officer.ok('verification.get', { id });
    await officer.ok('verification.saveVisit', {
      id,
      expectedVersion: fresh.version,
      visit: { visitDate: '2026-12-05', findings: 'Rumah berdinding bambu' },
    });
    await officer.ok('verification.submit', { id, outcome, reason });
    return id;
  };
  const enrolmentOf = (id: string) =>
    raw.prepare('SELECT status, status_reason, start_date, end_date FROM enrolments WHERE id = ?').get(id);
  return {
    core,
    admin,
    officer,
    manager,
    raw,
    desaA: desaA!,
    desaB: desaB!,
    program,
    family,
    enrol,
    submitted,
    enrolmentOf,
  };
}

const statusOf = async (client: Client, householdId: string) =>
  Object.fromEntries(
    (await client.ok('enrolments.list', { householdId })).map((e) => [e.programCode, e.status]),
  );

describe('an approved verification changes the family programmes', () => {
  it('"layak" activates the proposed programmes from next month, shown before and undone exactly', async () => {
    const w = await world();
    const householdId = await w.family();
    const bpnt = await w.enrol(householdId, 'BPNT', 'usulan');
    const pbi = await w.enrol(householdId, 'BLT_PANGAN', 'aktif');
    const before = { bpnt: w.enrolmentOf(bpnt), pbi: w.enrolmentOf(pbi) };
    const id = await w.submitted(householdId, 'layak', 'Penghasilan di bawah garis kemiskinan');

    // The manager reads what approving will do before deciding; reading changes nothing.
    const preview = await w.manager.ok('verification.approvalPreview', { id });
    expect(preview).toEqual([
      {
        enrolmentId: bpnt,
        programName: w.program('BPNT').name,
        from: 'usulan',
        to: 'aktif',
        startDate: '2027-01-01',
        reason: null,
      },
    ]);
    expect(w.enrolmentOf(bpnt)).toEqual(before.bpnt);
    expect(await w.officer.call('verification.approvalPreview', { id })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });

    const approved = await w.manager.ok('verification.approve', { id, decision: 'disetujui' });
    expect(approved.enrolmentChanges).toEqual(preview);
    expect(await statusOf(w.officer, householdId)).toEqual({ BPNT: 'aktif', BLT_PANGAN: 'aktif' });
    expect(w.enrolmentOf(bpnt)).toMatchObject({ status: 'aktif', start_date: '2027-01-01', end_date: null });
    expect(w.enrolmentOf(pbi)).toEqual(before.pbi);
    // Each programme change is its own audit entry under the family.
    const audited = w.raw
      .prepare(
        "SELECT entity_id, subject_id FROM audit_log WHERE action = 'verification.enrolment' ORDER BY seq",
      )
      .all();
    expect(audited).toEqual([{ entity_id: bpnt, subject_id: householdId }]);

    const undone = await w.manager.ok('verification.undoApproval', { id });
    expect(undone).toMatchObject({ approval: null, status: 'sedang_ditinjau', enrolmentChanges: [] });
    expect(w.enrolmentOf(bpnt)).toEqual(before.bpnt);
    // The result waits for a decision again, and can be approved again.
    expect((await w.manager.ok('verification.list', { awaitingApproval: true })).map((v) => v.id)).toEqual([
      id,
    ]);
    expect(await w.manager.call('verification.undoApproval', { id })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    await w.manager.ok('verification.approve', { id, decision: 'disetujui' });
    expect(w.enrolmentOf(bpnt)).toMatchObject({ status: 'aktif' });
    await w.core.close();
  });

  it('"tidak layak" suspends the live programmes with the reason; "dikembalikan" changes nothing', async () => {
    const w = await world();
    const householdId = await w.family();
    const bpnt = await w.enrol(householdId, 'BPNT', 'aktif');
    const pbi = await w.enrol(householdId, 'BLT_PANGAN', 'usulan');
    const id = await w.submitted(householdId, 'tidak_layak', 'Punya mobil dan toko');

    await w.manager.ok('verification.approve', { id, decision: 'dikembalikan', note: 'Foto rumah kurang' });
    expect(await statusOf(w.officer, householdId)).toEqual({ BPNT: 'aktif', BLT_PANGAN: 'usulan' });
    await w.officer.ok('verification.submit', { id, outcome: 'tidak_layak', reason: 'Punya mobil dan toko' });

    const approved = await w.manager.ok('verification.approve', { id, decision: 'disetujui' });
    expect(approved.enrolmentChanges.map((c) => [c.enrolmentId, c.from, c.to])).toEqual([
      [bpnt, 'aktif', 'ditangguhkan'],
      [pbi, 'usulan', 'ditangguhkan'],
    ]);
    for (const enrolment of [bpnt, pbi])
      expect(w.enrolmentOf(enrolment)).toMatchObject({
        status: 'ditangguhkan',
        status_reason: 'Tidak layak menurut verifikasi 2026-12-06: Punya mobil dan toko',
      });
    await w.core.close();
  });

  it('refuses to undo once a programme moved on: changed by hand, or on a list opened since', async () => {
    const w = await world();
    const first = await w.family();
    const firstBpnt = await w.enrol(first, 'BPNT', 'usulan');
    const firstId = await w.submitted(first, 'layak', 'Memenuhi kriteria');
    await w.manager.ok('verification.approve', { id: firstId, decision: 'disetujui' });
    await w.officer.ok('enrolments.setStatus', {
      id: firstBpnt,
      status: 'ditangguhkan',
      date: '2026-12-06',
      reason: 'PINDAH',
    });
    const handChanged = await w.manager.call('verification.undoApproval', { id: firstId });
    expect(handChanged).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    if (!handChanged.ok) expect(handChanged.error.message).toContain('sekarang Ditangguhkan');
    expect(w.enrolmentOf(firstBpnt)).toMatchObject({ status: 'ditangguhkan', status_reason: 'PINDAH' });

    const second = await w.family();
    await w.enrol(second, 'BPNT', 'usulan');
    const secondId = await w.submitted(second, 'layak', 'Memenuhi kriteria');
    await w.manager.ok('verification.approve', { id: secondId, decision: 'disetujui' });
    const period = await w.officer.ok('disbursement.openPeriod', {
      programId: w.program('BPNT').id,
      year: 2027,
      startMonth: 1,
      months: 1,
    });
    const listed = await w.manager.call('verification.undoApproval', { id: secondId });
    expect(listed).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    if (!listed.ok) expect(listed.error.message).toContain(period.label);
    expect((await w.manager.ok('verification.get', { id: secondId })).approval).toBe('disetujui');
    await w.core.close();
  });
});

describe('assigning a visit', () => {
  it('goes to an officer who works in the desa, who then finds it in their work', async () => {
    const w = await world();
    const householdId = await w.family();
    const { id } = await w.officer.ok('verification.start', { householdId });
    await w.admin.ok('users.create', {
      username: 'petugas_b',
      fullName: 'Petugas Desa B',
      role: 'officer',
      area: { kecamatan: [], desa: [w.desaB] },
      temporaryPassword: 'sementara kopi tubruk pagi hari',
    });
    await w.admin.ok('users.create', {
      username: 'juru_data',
      fullName: 'Juru Data',
      role: 'clerk',
      area: { kecamatan: [], desa: [] },
      temporaryPassword: 'sementara kopi tubruk pagi hari',
    });
    const users = await w.admin.ok('users.list', {});
    const userId = (username: string) => users.find((u) => u.username === username)!.id;

    const outside = await w.manager.call('verification.assign', { id, userId: userId('petugas_b') });
    expect(outside).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    if (!outside.ok) expect(outside.error.message).toContain('di luar wilayah tugas Petugas Desa B');
    const clerk = await w.manager.call('verification.assign', { id, userId: userId('juru_data') });
    expect(clerk).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await w.officer.call('verification.assign', { id, userId: userId('officer1') })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });

    const assigned = await w.manager.ok('verification.assign', { id, userId: userId('officer1') });
    expect(assigned.assignedTo).toBe(userId('officer1'));
    expect((await w.officer.ok('work.mine', {})).some((item) => item.id === id)).toBe(true);
    expect(
      w.raw.prepare("SELECT count(*) FROM audit_log WHERE action = 'verification.assign'").pluck().get(),
    ).toBe(1);
    await w.core.close();
  });
});

describe('firstOfNextMonth', () => {
  it('rolls over the year', () => {
    expect(firstOfNextMonth('2026-12-06')).toBe('2027-01-01');
    expect(firstOfNextMonth('2026-01-31')).toBe('2026-02-01');
  });
});

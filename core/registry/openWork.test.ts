import { describe, expect, it } from 'vitest';
import { setUpCore, userInArea, userWithRole } from '../../tests/support/core.ts';

const ORO_ORO_OMBO = '35.79.01.2006';
const PESANGGRAHAN = '35.79.01.2008';
const KK = '3579012003150004';

/** An officer of one desa, logged in. */
const desaOfficer = (setup: Awaited<ReturnType<typeof setUpCore>>, username: string, desa: string) =>
  userInArea(setup.core, setup.admin, 'officer', { username, area: { kecamatan: [], desa: [desa] } });

/**
 * A family of Oro-oro Ombo with work of every kind, finished and not: two verification rounds
 * (last year's done, this one assigned to Oro-oro Ombo's own officer), a closed and an open
 * case, a resolved and an open complaint, a paid and an unpaid BPNT payment.
 */
async function familyWithWork() {
  const setup = await setUpCore();
  const { core, admin } = setup;
  const officer = await userWithRole(core, admin, 'officer');
  const manager = await userWithRole(core, admin, 'manager');
  const oro = await desaOfficer(setup, 'petugas_oro', ORO_ORO_OMBO);
  const pesanggrahan = await desaOfficer(setup, 'petugas_pesanggrahan', PESANGGRAHAN);
  const raw = core.db.sql.raw;
  const { value: family } = await officer.ok('households.create', {
    household: { kkNumber: KK, desaCode: ORO_ORO_OMBO, rt: '2', rw: '5', address: 'Jl. Kartika 12' },
    members: [
      {
        nik: '3579011205800001',
        name: 'Budi Santoso',
        sex: 'L',
        birthDate: '1980-05-12',
        relationship: 'kepala_keluarga',
      },
    ],
  });
  const householdId = family.id;

  const lastYear = await officer.ok('verification.start', { householdId });
  // Finished before this test begins: the state a round reaches after its approval.
  raw.prepare("UPDATE verifications SET status = 'terverifikasi' WHERE id = ?").run(lastYear.id);
  const round = await officer.ok('verification.start', { householdId });
  await manager.ok('verification.assign', { id: round.id, userId: oro.id });

  const closedCase = await officer.ok('cases.create', {
    householdId,
    type: 'permohonan_bantuan',
    title: 'Kursi roda',
  });
  await officer.ok('cases.setStatus', { id: closedCase.id, status: 'ditutup', note: 'Sudah diterima' });
  const openCase = await officer.ok('cases.create', {
    householdId,
    type: 'permohonan_bantuan',
    title: 'Bedah rumah',
  });
  await officer.ok('cases.assign', { id: openCase.id, userId: oro.id });

  const complaint = (subject: string) =>
    officer.ok('complaints.create', {
      kind: 'keluhan',
      channel: 'whatsapp',
      reporterName: 'Siti Aminah',
      householdId,
      subject,
    });
  const resolved = await complaint('Bantuan Januari belum masuk');
  await officer.ok('complaints.update', { id: resolved.id, status: 'selesai', resolution: 'Sudah masuk.' });
  const openComplaint = await complaint('Kartu KKS hilang');

  const bpnt = (await officer.ok('reference.programs', {})).find((p) => p.code === 'BPNT')!;
  await officer.ok('enrolments.create', { householdId, programId: bpnt.id, status: 'aktif' });
  const paidPeriod = await officer.ok('disbursement.openPeriod', {
    programId: bpnt.id,
    year: 2026,
    startMonth: 7,
    months: 3,
  });
  const [paid] = (await officer.ok('disbursement.items', { periodId: paidPeriod.id })).rows;
  await officer.ok('disbursement.setStatus', {
    itemIds: [paid!.id],
    status: 'tersalurkan',
    paidDate: '2026-08-10',
    reference: 'TRX-001',
  });
  const openPeriod = await officer.ok('disbursement.openPeriod', {
    programId: bpnt.id,
    year: 2026,
    startMonth: 10,
    months: 3,
  });
  const [unpaid] = (await officer.ok('disbursement.items', { periodId: openPeriod.id })).rows;

  const desaOf = (table: string, id: string) =>
    raw.prepare(`SELECT desa_code FROM ${table} WHERE id = ?`).pluck().get(id) as string;
  const assigneeOf = (table: string, id: string) =>
    raw.prepare(`SELECT assigned_to FROM ${table} WHERE id = ?`).pluck().get(id) as string | null;
  const move = async (desaCode: string, rt = '3') => {
    const page = await officer.ok('households.get', { id: householdId });
    await officer.ok('households.update', {
      id: householdId,
      expectedVersion: page.household.version,
      household: { kkNumber: KK, desaCode, rt, rw: '4', address: 'Jl. Baru 7' },
    });
  };
  const moves = () =>
    raw.prepare("SELECT entity, entity_id FROM audit_log WHERE action = 'households.move_work'").all();
  return {
    ...setup,
    officer,
    oro,
    pesanggrahan,
    raw,
    householdId,
    work: {
      lastYear: lastYear.id,
      round: round.id,
      closedCase: closedCase.id,
      openCase: openCase.id,
      resolved: resolved.id,
      openComplaint: openComplaint.id,
      paid: paid!.id,
      unpaid: unpaid!.id,
    },
    desaOf,
    assigneeOf,
    move,
    moves,
  };
}

describe('a family that moves to another desa takes its open work along', () => {
  it('moves the open visit, case, complaint and unpaid payment; what is finished stays where it was done', async () => {
    const w = await familyWithWork();
    const { work, desaOf } = w;
    await w.move(PESANGGRAHAN);

    expect({
      round: desaOf('verifications', work.round),
      openCase: desaOf('cases', work.openCase),
      openComplaint: desaOf('complaints', work.openComplaint),
      unpaid: desaOf('disbursement_items', work.unpaid),
    }).toEqual({
      round: PESANGGRAHAN,
      openCase: PESANGGRAHAN,
      openComplaint: PESANGGRAHAN,
      unpaid: PESANGGRAHAN,
    });
    expect({
      lastYear: desaOf('verifications', work.lastYear),
      closedCase: desaOf('cases', work.closedCase),
      resolved: desaOf('complaints', work.resolved),
      paid: desaOf('disbursement_items', work.paid),
    }).toEqual({
      lastYear: ORO_ORO_OMBO,
      closedCase: ORO_ORO_OMBO,
      resolved: ORO_ORO_OMBO,
      paid: ORO_ORO_OMBO,
    });

    // Oro-oro Ombo's officer cannot go to Pesanggrahan: released from the visit and the case.
    expect(w.assigneeOf('verifications', work.round)).toBeNull();
    expect(w.assigneeOf('cases', work.openCase)).toBeNull();

    // Each moved row is its own audited change and outbox row, under the family's history.
    const moved = [work.round, work.openCase, work.openComplaint, work.unpaid].sort();
    expect(
      w
        .moves()
        .map((m) => (m as { entity_id: string }).entity_id)
        .sort(),
    ).toEqual(moved);
    for (const id of moved)
      expect(
        w.raw
          .prepare(
            "SELECT count(*) FROM sync_outbox WHERE entity_id = ? AND op = 'update' AND changes_json LIKE ?",
          )
          .pluck()
          .get(id, `%${PESANGGRAHAN}%`),
      ).toBe(1);
    const history = (await w.officer.ok('households.get', { id: w.householdId })).history.map(
      (h) => h.summary,
    );
    expect(history.some((s) => s.startsWith('Pekerjaan yang belum selesai ikut pindah desa'))).toBe(true);
    await w.core.close();
  });

  it("the new desa's officer takes the visit over; the old desa's officer no longer reaches it", async () => {
    const w = await familyWithWork();
    const { work } = w;
    await w.move(PESANGGRAHAN);

    const theirs = await w.pesanggrahan.client.ok('verification.list', { desaCode: PESANGGRAHAN });
    expect(theirs.map((v) => v.id)).toEqual([work.round]);
    const round = await w.pesanggrahan.client.ok('verification.get', { id: work.round });
    await w.pesanggrahan.client.ok('verification.saveVisit', {
      id: work.round,
      expectedVersion: round.version,
      visit: { visitDate: '2026-12-05', findings: 'Rumah kontrakan baru' },
    });
    expect((await w.pesanggrahan.client.ok('cases.get', { id: work.openCase })).title).toBe('Bedah rumah');

    // Last year's round stays theirs: the visit they made, counted in their desa's reports.
    expect((await w.oro.client.ok('verification.list', {})).map((v) => v.id)).toEqual([work.lastYear]);
    expect((await w.oro.client.call('verification.get', { id: work.round })).ok).toBe(false);
    expect((await w.oro.client.call('cases.get', { id: work.openCase })).ok).toBe(false);
    await w.core.close();
  });

  it('a change of address within the desa moves nothing; an assignee who covers the new desa keeps the work', async () => {
    const w = await familyWithWork();
    await w.move(ORO_ORO_OMBO, '9');
    expect(w.moves()).toEqual([]);
    expect(w.desaOf('verifications', w.work.round)).toBe(ORO_ORO_OMBO);

    // An officer of the whole kecamatan, assigned to the visit, follows the family within it.
    const kecamatan = await w.admin.ok('users.create', {
      username: 'petugas_batu',
      fullName: 'Petugas Kecamatan Batu',
      role: 'officer',
      area: { kecamatan: ['35.79.01'], desa: [] },
      temporaryPassword: 'sementara kopi tubruk pagi hari',
    });
    w.raw.prepare('UPDATE verifications SET assigned_to = ? WHERE id = ?').run(kecamatan.id, w.work.round);
    await w.move(PESANGGRAHAN);
    expect(w.desaOf('verifications', w.work.round)).toBe(PESANGGRAHAN);
    expect(w.assigneeOf('verifications', w.work.round)).toBe(kecamatan.id);
    await w.core.close();
  });
});

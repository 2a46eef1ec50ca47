import { describe, expect, it } from 'vitest';
import type { SignalKind } from '../../common/api/methods/signals.ts';
import type { PersonInput } from '../../common/api/methods/registry.ts';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kk as kkNumber, nik } from '../../tests/fixtures/import/corpus.ts';
import { setUpCore, userInArea, userWithRole, type Client } from '../../tests/support/core.ts';
import { grant, importFile } from '../../tests/support/importHarness.ts';
import { tempDir } from '../../tests/support/tempDir.ts';

/**
 * Issue 15, leakage signals: seeded cases of every kind on a real encrypted database, each list
 * checked against an independent SQL query written here (not the detectors' own), the warning
 * before a period that pays such people is closed, and the on-time share.
 */

type World = Awaited<ReturnType<typeof world>>;

async function world() {
  const { core, admin } = await setUpCore();
  const officer = await userWithRole(core, admin, 'officer');
  const manager = await userWithRole(core, admin, 'manager');
  const raw = core.db.sql.raw;
  const [desaA, desaB] = raw
    .prepare(`SELECT code FROM regions WHERE level = 'desa' ORDER BY code LIMIT 2`)
    .pluck()
    .all() as string[];
  const programs = await officer.ok('reference.programs', {});
  const program = (code: string) => programs.find((p) => p.code === code)!;
  const component = (code: string, comp: string) => program(code).components.find((c) => c.code === comp)!;

  let kk = 0;
  /** A family with a head (and members); numbers and address as given. */
  const family = async (
    head: Partial<PersonInput> & { name: string },
    options: {
      desa?: string;
      address?: string;
      rt?: string;
      kk?: string;
      members?: (Partial<PersonInput> & { name: string })[];
    } = {},
  ) => {
    kk++;
    const person = (p: Partial<PersonInput> & { name: string }, relationship: string): PersonInput => ({
      nik: null,
      sex: 'P',
      birthDate: '1975-01-01',
      relationship,
      ...p,
    });
    const created = await officer.ok('households.create', {
      household: {
        kkNumber: options.kk ?? null,
        desaCode: options.desa ?? desaA!,
        rt: options.rt ?? String(kk),
        rw: '1',
        address: options.address ?? `Jl. Contoh ${kk}`,
      },
      members: [person(head, 'kepala_keluarga'), ...(options.members ?? []).map((m) => person(m, 'anak'))],
    });
    const page = await officer.ok('households.get', { id: created.value.id });
    return { id: created.value.id, people: page.members };
  };
  const enrol = async (householdId: string, code: string, comp: string, personId: string | null = null) =>
    (
      await officer.ok('enrolments.create', {
        householdId,
        personId,
        programId: program(code).id,
        componentId: component(code, comp).id,
        status: 'aktif',
      })
    ).value;
  return { core, admin, officer, manager, raw, desaA: desaA!, desaB: desaB!, program, family, enrol };
}

const keysOf = async (client: Client, kind: SignalKind, include: 'open' | 'checked' | 'all' = 'all') =>
  (await client.ok('signals.list', { kind, include })).rows;

async function seed(w: World) {
  const { officer, manager, family, enrol, program } = w;
  // Shared numbers: one bank account on two unrelated families (written two ways); one KKS card on
  // two; one phone shared by two families under one roof (not a signal).
  const bank1 = await family({ name: 'Ani Rekening', bankAccount: '111122223333' });
  const bank2 = await family({ name: 'Bina Rekening', bankAccount: '1111-2222-3333' }, { desa: w.desaB });
  const kks1 = await family({ name: 'Citra Kartu', kksNumber: '6013011234567890' });
  const kks2 = await family({ name: 'Dewi Kartu', kksNumber: '6013 0112 3456 7890' });
  const roof1 = await family(
    { name: 'Eka Serumah', phoneNumber: '081234567890' },
    { rt: '9', address: 'Jl. Melati 3' },
  );
  const roof2 = await family(
    { name: 'Fitri Serumah', phoneNumber: '+6281234567890' },
    { rt: '9', address: 'jl. melati 3 ' },
  );

  // PKH: four families listed in a period, then one payee dies before being paid, one dies after
  // being paid (not a signal), one family is removed and one enrolment suspended before payment.
  const died = await family({ name: 'Gita Meninggal' });
  const diedLater = await family({ name: 'Hana Kemudian' });
  const removed = await family({ name: 'Indah Dihapus' });
  const suspended = await family({ name: 'Juli Ditangguhkan' });
  const onTime = await family({ name: 'Kartika Tepat' });
  const late = await family({ name: 'Kirana Terlambat' });
  const suspendedEnrolment = await enrol(suspended.id, 'PKH', 'sd');
  for (const f of [died, diedLater, removed, onTime, late]) await enrol(f.id, 'PKH', 'sd');
  const pkh = await officer.ok('disbursement.openPeriod', {
    programId: program('PKH').id,
    year: 2026,
    startMonth: 1,
    months: 3,
    dueDate: '2026-03-31',
  });
  const items = (await officer.ok('disbursement.items', { periodId: pkh.id })).rows;
  const item = (householdId: string) => items.find((i) => i.householdId === householdId)!;
  const pay = (householdId: string, paidDate: string) =>
    officer.ok('disbursement.setStatus', {
      itemIds: [item(householdId).id],
      status: 'tersalurkan',
      paidDate,
      notPaidReason: null,
      reference: null,
    });
  await pay(died.id, '2026-02-10');
  await pay(diedLater.id, '2026-02-10');
  await pay(onTime.id, '2026-03-31');
  await pay(late.id, '2026-04-05');
  await officer.ok('people.setStatus', {
    id: died.people[0]!.id,
    status: 'meninggal',
    date: '2026-02-01',
    reason: 'Meninggal dunia',
  });
  await officer.ok('people.setStatus', {
    id: diedLater.people[0]!.id,
    status: 'meninggal',
    date: '2026-03-01',
    reason: 'Meninggal dunia',
  });
  await officer.ok('households.remove', { id: removed.id, reason: 'Data ganda, sudah dihapus' });
  await officer.ok('enrolments.setStatus', {
    id: suspendedEnrolment.id,
    status: 'ditangguhkan',
    date: '2026-02-15',
    reason: 'Tidak memenuhi komitmen',
  });

  // Programmes that exclude each other (BLT Dana Desa excludes PKH), and a pair that does not.
  const excluded = await family({ name: 'Lestari Ganda Program' });
  await enrol(excluded.id, 'PKH', 'sd');
  await enrol(excluded.id, 'BLT_DD', 'blt_dd');
  const allowed = await family({ name: 'Maya Dua Program' });
  await enrol(allowed.id, 'PKH', 'sd');
  await enrol(allowed.id, 'BPNT', 'sembako');

  // One person in two families: enrolled (person programme) in one, then moved to another.
  const parent = await family({ name: 'Nur Asal' }, { members: [{ name: 'Oki Lansia', sex: 'L' }] });
  const receiving = await family({ name: 'Putri Tujuan' });
  const movedPerson = parent.people.find((p) => p.name === 'Oki Lansia')!;
  await enrol(parent.id, 'INSENTIF_BATU', 'lansia', movedPerson.id);
  await officer.ok('people.move', {
    id: movedPerson.id,
    toHouseholdId: receiving.id,
    relationship: 'famili_lain',
    reason: 'Ikut anaknya',
  });

  // An amount other than the entitlement: BPNT period closed, then corrected to a wrong amount.
  const bpnt = await officer.ok('disbursement.openPeriod', {
    programId: program('BPNT').id,
    year: 2026,
    startMonth: 1,
    months: 2,
  });
  const bpntItem = (await officer.ok('disbursement.items', { periodId: bpnt.id })).rows[0]!;
  await manager.ok('disbursement.closePeriod', { id: bpnt.id });
  await manager.ok('disbursement.correct', {
    itemId: bpntItem.id,
    status: 'tersalurkan',
    paidDate: '2026-02-20',
    notPaidReason: null,
    reference: null,
    amount: 600_000,
    reason: 'Dibayar menurut daftar bank',
  });
  return {
    bank1,
    bank2,
    kks1,
    kks2,
    roof1,
    roof2,
    died,
    diedLater,
    removed,
    suspended,
    onTime,
    excluded,
    allowed,
    parent,
    receiving,
    pkh,
    bpntItem,
    item,
  };
}

describe('leakage signals (issue 15)', () => {
  it('finds every seeded case, and each list equals an independent query', async () => {
    const w = await world();
    const s = await seed(w);
    const { raw, manager } = w;

    // Shared numbers: grouped by number, families counted by the house they live in.
    const shared = raw
      .prepare(
        `SELECT col, number, household_id FROM (
           SELECT 'bank_account' AS col, p.bank_account AS number, p.household_id,
                  h.desa_code || h.rt || h.rw || lower(trim(h.address)) AS house
             FROM people p JOIN households h ON h.id = p.household_id
            WHERE p.bank_account IS NOT NULL AND p.deleted_at IS NULL AND h.deleted_at IS NULL
           UNION ALL
           SELECT 'kks_number', p.kks_number, p.household_id, h.desa_code || h.rt || h.rw || lower(trim(h.address))
             FROM people p JOIN households h ON h.id = p.household_id
            WHERE p.kks_number IS NOT NULL AND p.deleted_at IS NULL AND h.deleted_at IS NULL
           UNION ALL
           SELECT 'phone_number', p.phone_number, p.household_id, h.desa_code || h.rt || h.rw || lower(trim(h.address))
             FROM people p JOIN households h ON h.id = p.household_id
            WHERE p.phone_number IS NOT NULL AND p.deleted_at IS NULL AND h.deleted_at IS NULL) x
         WHERE (col, number) IN (SELECT col, number FROM (
           SELECT 'bank_account' AS col, p.bank_account AS number, h.desa_code || h.rt || h.rw || lower(trim(h.address)) AS house
             FROM people p JOIN households h ON h.id = p.household_id WHERE p.deleted_at IS NULL AND h.deleted_at IS NULL
           UNION ALL SELECT 'kks_number', p.kks_number, h.desa_code || h.rt || h.rw || lower(trim(h.address))
             FROM people p JOIN households h ON h.id = p.household_id WHERE p.deleted_at IS NULL AND h.deleted_at IS NULL
           UNION ALL SELECT 'phone_number', p.phone_number, h.desa_code || h.rt || h.rw || lower(trim(h.address))
             FROM people p JOIN households h ON h.id = p.household_id WHERE p.deleted_at IS NULL AND h.deleted_at IS NULL)
           WHERE number IS NOT NULL GROUP BY col, number HAVING count(DISTINCT house) > 1)`,
      )
      .all() as { col: string; number: string; household_id: string }[];
    const groups = new Map<string, string[]>();
    for (const r of shared)
      groups.set(`${r.col}:${r.number}`, [...(groups.get(`${r.col}:${r.number}`) ?? []), r.household_id]);
    const expected = [...groups]
      .map(([k, ids]) => `${k.split(':')[0]}:${[...new Set(ids)].sort().join(',')}`)
      .sort();
    const sharedRows = await keysOf(manager, 'shared_number');
    const sortedIds = (r: { families: { householdId: string }[] }) =>
      r.families
        .map((f) => f.householdId)
        .sort()
        .join(',');
    expect(sharedRows.map((r) => `${r.key.split(':')[0]}:${sortedIds(r)}`).sort()).toEqual(expected);
    expect([...groups.keys()].sort()).toEqual(['bank_account:111122223333', 'kks_number:6013011234567890']);
    const bankRow = sharedRows.find((r) => r.key.startsWith('bank_account'))!;
    expect(bankRow.families.map((f) => f.householdId).sort()).toEqual([s.bank1.id, s.bank2.id].sort());
    expect(bankRow.reason).toContain('Rekening 111122223333');
    expect(bankRow.reason).toContain('2 keluarga yang tidak serumah');

    // Paid after death / removal / while inactive (paid on or after the day, or still to pay).
    const ineligible = raw
      .prepare(
        `SELECT i.household_id FROM disbursement_items i
           JOIN disbursement_periods d ON d.id = i.period_id
           JOIN households h ON h.id = i.household_id
           JOIN enrolments e ON e.id = i.enrolment_id
           LEFT JOIN people p ON p.id = i.person_id
          WHERE (i.status = 'belum' AND d.status = 'dibuka'
                 AND (p.status <> 'aktif' OR h.deleted_at IS NOT NULL OR e.status <> 'aktif'))
             OR (i.status = 'tersalurkan' AND p.status = 'meninggal' AND i.paid_date >= p.status_date)
          ORDER BY 1`,
      )
      .pluck()
      .all();
    const ineligibleRows = await keysOf(manager, 'paid_ineligible');
    expect(ineligibleRows.map((r) => r.families[0]!.householdId).sort()).toEqual(ineligible);
    expect(ineligible).toEqual([s.died.id, s.removed.id, s.suspended.id].sort());
    const deadRow = ineligibleRows.find((r) => r.families[0]!.householdId === s.died.id)!;
    expect(deadRow.reason).toMatch(
      /Dibayar 10 Februari 2026 .* Gita Meninggal meninggal sejak 1 Februari 2026/,
    );
    expect(ineligibleRows.find((r) => r.families[0]!.householdId === s.removed.id)!.reason).toContain(
      'akan membayar',
    );

    // Programmes that exclude each other, by the programmes' own rules.
    const excluded = raw
      .prepare(
        `SELECT a.household_id || ':' || pa.code || '+' || pb.code
           FROM enrolments a JOIN enrolments b ON b.household_id = a.household_id
           JOIN programs pa ON pa.id = a.program_id JOIN programs pb ON pb.id = b.program_id
          WHERE a.status = 'aktif' AND b.status = 'aktif' AND a.deleted_at IS NULL AND b.deleted_at IS NULL
            AND pa.code < pb.code
            AND (pa.excludes_json LIKE '%"' || pb.code || '"%' OR pb.excludes_json LIKE '%"' || pa.code || '"%')
            AND a.household_id IN (SELECT id FROM households WHERE deleted_at IS NULL)
          GROUP BY 1 ORDER BY 1`,
      )
      .pluck()
      .all();
    const excludedRows = await keysOf(manager, 'excluded_programs');
    expect(excludedRows.map((r) => r.key).sort()).toEqual(excluded);
    expect(excluded).toEqual([`${s.excluded.id}:BLT_DD+PKH`]);
    expect(excludedRows[0]!.reason).toContain('tidak boleh bersamaan dengan Program Keluarga Harapan');

    // One person in two families.
    const twoFamilies = raw
      .prepare(
        `SELECT e.household_id || '>' || p.household_id FROM enrolments e JOIN people p ON p.id = e.person_id
          WHERE e.deleted_at IS NULL AND p.deleted_at IS NULL AND e.household_id <> p.household_id
         UNION
         SELECT i.household_id || '>' || p.household_id FROM disbursement_items i
           JOIN disbursement_periods d ON d.id = i.period_id JOIN people p ON p.id = i.person_id
          WHERE d.status = 'dibuka' AND i.status <> 'dikembalikan' AND i.household_id <> p.household_id
         ORDER BY 1`,
      )
      .pluck()
      .all();
    const twoRows = await keysOf(manager, 'person_two_households');
    expect(twoRows.map((r) => r.families.map((f) => f.householdId).join('>')).sort()).toEqual(twoFamilies);
    expect(twoFamilies).toEqual([`${s.parent.id}>${s.receiving.id}`]);
    expect(twoRows[0]!.reason).toContain('Oki Lansia');

    // Amounts other than the entitlement (open periods and each programme's latest).
    const mismatched = raw
      .prepare(
        `SELECT i.id FROM disbursement_items i
           JOIN disbursement_periods d ON d.id = i.period_id
           JOIN programs pr ON pr.id = d.program_id
          WHERE i.status <> 'dikembalikan'
            AND (d.status = 'dibuka' OR NOT EXISTS (SELECT 1 FROM disbursement_periods l
                   WHERE l.program_id = d.program_id AND l.year * 12 + l.start_month > d.year * 12 + d.start_month))
            AND i.amount <> (SELECT sum(CASE c.amount_unit WHEN 'per_bulan' THEN c.amount * d.months
                                        WHEN 'per_tahun' THEN round(c.amount * d.months / 12.0)
                                        ELSE c.amount END)
                               FROM enrolments e JOIN program_components c ON c.id = e.component_id
                              WHERE e.program_id = d.program_id AND e.household_id = i.household_id
                                AND e.status = 'aktif' AND e.deleted_at IS NULL)
          ORDER BY 1`,
      )
      .pluck()
      .all();
    const amountRows = await keysOf(manager, 'amount_mismatch');
    expect(amountRows.map((r) => r.key.split(':')[0]).sort()).toEqual(mismatched);
    expect(mismatched).toEqual([s.bpntItem.id]);
    expect(amountRows[0]!.reason).toContain('Rp600.000');
    expect(amountRows[0]!.reason).toContain('Rp400.000');

    // Beranda's counts are the lists' lengths.
    const summary = await manager.ok('signals.summary', {});
    expect(Object.fromEntries(summary.map((x) => [x.kind, x.open]))).toEqual({
      shared_number: 2,
      paid_ineligible: 3,
      excluded_programs: 1,
      person_two_households: 1,
      amount_mismatch: 1,
      // No DTKS release imported here: core/release/release.test.ts checks these two.
      release_inclusion: 0,
      release_exclusion: 0,
    });
    await w.core.close();
  }, 180_000);

  it('marks a case checked with a note, audited in the family history; new facts open it again', async () => {
    const w = await world();
    const s = await seed(w);
    const { manager, officer, raw } = w;
    const [row] = await keysOf(manager, 'shared_number', 'open');
    await expect(
      manager.call('signals.check', { kind: 'shared_number', key: row!.key, note: 'ok' }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const checked = await manager.ok('signals.check', {
      kind: 'shared_number',
      key: row!.key,
      note: 'Rekening milik kakak beradik, sudah dicek ke bank.',
    });
    expect(checked.checked).toMatchObject({ note: 'Rekening milik kakak beradik, sudah dicek ke bank.' });
    const summary = await manager.ok('signals.summary', {});
    expect(summary.find((x) => x.kind === 'shared_number')).toEqual({
      kind: 'shared_number',
      open: 1,
      checked: 1,
    });
    const audit = raw
      .prepare(`SELECT subject_id, changes_json FROM audit_log WHERE action = 'signals.check'`)
      .all() as { subject_id: string; changes_json: string }[];
    expect(audit).toHaveLength(1);
    expect(row!.families.map((f) => f.householdId)).toContain(audit[0]!.subject_id);
    expect(audit[0]!.changes_json).toContain('kakak beradik');
    // A third family on the same number is a new fact: the case is open again.
    const column = row!.key.split(':')[0]!;
    const number = column === 'bank_account' ? '111122223333' : '6013011234567890';
    await w.family(
      column === 'bank_account'
        ? { name: 'Qori Ketiga', bankAccount: number }
        : { name: 'Qori Ketiga', kksNumber: number },
      { desa: w.desaB, address: 'Jl. Lain 1' },
    );
    expect((await keysOf(manager, 'shared_number', 'open')).length).toBe(2);
    // Roles without specific data see the number masked, not the digits.
    const auditor = await userWithRole(w.core, w.admin, 'auditor');
    const seen = JSON.stringify(await keysOf(auditor, 'shared_number'));
    expect(seen).not.toContain(number);
    expect(seen).toContain(`••••${number.slice(-4)}`);
    expect(s.bank1.id).toBeTruthy();
    void officer;
    await w.core.close();
  }, 180_000);

  it('warns before closing a period that pays such people; counts what was paid by the due date', async () => {
    const w = await world();
    const s = await seed(w);
    const { manager, raw } = w;

    const warnings = await manager.ok('signals.periodWarnings', { periodId: s.pkh.id });
    expect(warnings.map((r) => r.families[0]!.householdId).sort()).toEqual(
      [s.died.id, s.removed.id, s.suspended.id].sort(),
    );
    const refused = await manager.call('disbursement.closePeriod', { id: s.pkh.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(JSON.stringify(refused)).toContain('membayar 3 penerima');
    // A checked case no longer counts; the rest still stop the close until acknowledged.
    await manager.ok('signals.check', {
      kind: 'paid_ineligible',
      key: warnings[0]!.key,
      note: 'Sudah diminta dikembalikan ke kas daerah.',
    });
    expect(JSON.stringify(await manager.call('disbursement.closePeriod', { id: s.pkh.id }))).toContain(
      'membayar 2 penerima',
    );
    const closed = await manager.ok('disbursement.closePeriod', { id: s.pkh.id, acknowledgeWarnings: true });
    expect(closed.status).toBe('ditutup');
    const note = raw
      .prepare(`SELECT changes_json FROM audit_log WHERE action = 'disbursement.close_warned'`)
      .pluck()
      .all() as string[];
    expect(note.map((n) => JSON.parse(n) as unknown)).toEqual([{ unchecked: 2 }]);

    // On time: 6 recipients; paid by 31 March: 3 (10 Feb twice, 31 Mar); 5 Apr is late; two unpaid.
    const independent = raw
      .prepare(
        `SELECT count(*) AS recipients,
                sum(i.status = 'tersalurkan' AND i.paid_date <= d.due_date) AS on_time
           FROM disbursement_items i JOIN disbursement_periods d ON d.id = i.period_id WHERE d.id = ?`,
      )
      .get(s.pkh.id) as { recipients: number; on_time: number };
    expect(independent).toEqual({ recipients: 6, on_time: 3 });
    expect(closed.dueDate).toBe('2026-03-31');
    expect(closed.totals).toMatchObject({ recipients: 6, paidOnTime: 3 });
    const march = await manager.ok('dashboard.indicators', { from: '2026-03', to: '2026-03' });
    expect(march.headline.onTimeRate).toBeCloseTo(3 / 6);
    expect(march.onTime).toEqual({ recipients: 6, paidOnTime: 3, periodsWithoutDueDate: 0 });
    // BPNT (January-February) has no due date: left out of the share, and said so.
    const quarter = await manager.ok('dashboard.indicators', { from: '2026-01', to: '2026-03' });
    expect(quarter.onTime).toEqual({ recipients: 6, paidOnTime: 3, periodsWithoutDueDate: 1 });
    const report = await manager.ok('reports.preview', {
      params: { report: 'bulanan', period: '2026-03', programCode: 'PKH' },
    });
    expect(report.body).toContain('Tersalurkan tepat waktu');
    expect(report.body).toContain('3 dari 6 KPM dibayar paling lambat 31 Maret 2026');
    const february = await manager.ok('reports.preview', {
      params: { report: 'bulanan', period: '2026-02', programCode: 'BPNT' },
    });
    expect(february.body).toContain('Batas waktu penyaluran belum ditetapkan');
    await w.core.close();
  }, 180_000);

  it('names to an area-limited officer only the people of their area, not who elsewhere holds a number (probe C06)', async () => {
    const w = await world();
    const { client: desaOfficer } = await userInArea(w.core, w.admin, 'officer', {
      username: 'petugas.desa',
      area: { kecamatan: [], desa: [w.desaA] },
    });
    const desaName = (code: string) =>
      w.raw.prepare('SELECT name FROM regions WHERE code = ?').pluck().get(code) as string;
    // Elsewhere in the city (desa B): Tumiran holds a phone number; Oki, enrolled in a desa A
    // family, has moved into Tumiran's.
    const victimNik = nik('01', '1950-05-06', 'L', 881);
    const victim = await w.family({ name: 'Tumiran Rahayu', phoneNumber: '081234567890' }, { desa: w.desaB });
    const parent = await w.family(
      { name: 'Nur Asal' },
      { members: [{ name: 'Oki Lansia', sex: 'L', nik: victimNik, birthDate: '1950-05-06' }] },
    );
    const oki = parent.people.find((p) => p.name === 'Oki Lansia')!;
    await w.enrol(parent.id, 'INSENTIF_BATU', 'lansia', oki.id);
    await w.officer.ok('people.move', {
      id: oki.id,
      toHouseholdId: victim.id,
      relationship: 'famili_lain',
      reason: 'Ikut anaknya',
    });
    // The desa A officer puts the number on someone of their own desa, to learn who else holds it.
    await desaOfficer.ok('households.create', {
      household: { kkNumber: null, desaCode: w.desaA, rt: '7', rw: '2', address: 'Jl. Temas 7' },
      members: [
        {
          nik: null,
          name: 'Joko Sulistyowati',
          sex: 'L',
          birthDate: '1980-01-01',
          relationship: 'kepala_keluarga',
          phoneNumber: '081234567890',
        },
      ],
    });

    const [shared] = await keysOf(desaOfficer, 'shared_number');
    expect(shared!.reason).toBe(
      'Nomor HP 081234567890 tercatat pada 2 keluarga yang tidak serumah: Joko Sulistyowati, 1 keluarga di luar wilayah kerja Anda.',
    );
    const [moved] = await keysOf(desaOfficer, 'person_two_households');
    expect(moved!.reason).toContain('sekarang anggota keluarga di luar wilayah kerja Anda');
    for (const row of [shared!, moved!]) {
      const seen = JSON.stringify(row);
      for (const outside of ['Tumiran', 'Oki Lansia', victimNik, desaName(w.desaB)])
        expect(seen).not.toContain(outside);
      expect(row.families.find((f) => f.householdId === victim.id)).toEqual({
        householdId: victim.id,
        kkNumber: null,
        headName: null,
        desaName: '',
      });
    }
    // The whole city's officer still reads every holder and the person by name.
    expect((await keysOf(w.manager, 'shared_number'))[0]!.reason).toContain(
      'Tumiran Rahayu, Joko Sulistyowati',
    );
    expect((await keysOf(w.manager, 'person_two_households'))[0]!.reason).toContain(
      `Oki Lansia (NIK ${victimNik})`,
    );
    await w.core.close();
  }, 180_000);

  it('finds programmes that exclude each other when the second came by import', async () => {
    const w = await world();
    const clerk = await userWithRole(w.core, w.admin, 'clerk');
    const number = kkNumber('01', '2016-04-15', 771);
    const headNik = nik('01', '1970-03-02', 'P', 771);
    const f = await w.family(
      { name: 'Rukmini Impor', nik: headNik, birthDate: '1970-03-02' },
      { desa: w.desaB, kk: number },
    );
    await w.enrol(f.id, 'PKH', 'sd');
    expect(await keysOf(w.manager, 'excluded_programs')).toEqual([]);
    // OpenSID's participant list enrols the family in BLT Dana Desa: enrolled, with a warning.
    const desaName = w.raw.prepare('SELECT name FROM regions WHERE code = ?').pluck().get(w.desaB) as string;
    const file = join(tempDir(), 'peserta-blt-dd.csv');
    writeFileSync(
      file,
      `No,Peserta,Nama,NIK,No. KK,Desa,Program\n1,${number},Rukmini Impor,${headNik},${number},${desaName},BLT Dana Desa\n`,
    );
    const { result } = await importFile(w.core, clerk, grant(w.core, clerk, file), {
      kind: 'enrolments',
      mode: 'commit',
    });
    expect(result.problems.filter((p) => p.code === 'DOUBLE_BENEFIT')).toHaveLength(1);
    const rows = await keysOf(w.manager, 'excluded_programs');
    expect(rows.map((r) => r.key)).toEqual([`${f.id}:BLT_DD+PKH`]);
    await w.core.close();
  }, 180_000);
});

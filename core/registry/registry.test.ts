import { describe, expect, it } from 'vitest';
import type { Input } from '../../common/api/contract.ts';
import type { DuplicateScanResult } from '../../common/api/methods/registry.ts';
import { Client, setUpCore, userInArea, userWithRole } from '../../tests/support/core.ts';
import { RegionNames } from '../regions/names.ts';
import { findPeople, LIST_QUERY_PEOPLE } from './search.ts';

const ORO_ORO_OMBO = '35.79.01.2006';
const TEMAS = '35.79.01.1001'; // a kelurahan
const PUNTEN = '35.79.02.2001';

type NewHousehold = Input<'households.create'>;

/** A family of four in Oro-oro Ombo with valid NIKs. */
function family(overrides: { kk?: string; desa?: string } = {}): NewHousehold {
  return {
    household: {
      kkNumber: overrides.kk ?? '3579012003150004',
      desaCode: overrides.desa ?? ORO_ORO_OMBO,
      rt: '2',
      rw: '5',
      address: 'Jl. Kartika 12',
      desil: 2,
      desilAsOf: '2026-10-01',
    },
    members: [
      {
        nik: '3579011205800001',
        name: 'Budi Santoso',
        sex: 'L',
        birthDate: '1980-05-12',
        relationship: 'kepala_keluarga',
        motherName: 'Sumarni',
      },
      {
        nik: '3579015708830002',
        name: 'Siti Aminah',
        sex: 'P',
        birthDate: '1983-08-17',
        relationship: 'istri',
      },
      {
        nik: '3579010203100003',
        name: 'Ahmad Fauzi',
        sex: 'L',
        birthDate: '2010-03-02',
        relationship: 'anak',
      },
      {
        nik: '3579014411150004',
        name: 'Dewi Lestari',
        sex: 'P',
        birthDate: '2015-11-04',
        relationship: 'anak',
      },
    ],
  };
}

async function officerCore() {
  const setup = await setUpCore();
  const officer = await userWithRole(setup.core, setup.admin, 'officer');
  return { ...setup, officer };
}

const auditActions = (core: Awaited<ReturnType<typeof setUpCore>>['core']) =>
  (core.db.sql.raw.prepare('SELECT action FROM audit_log ORDER BY seq').all() as { action: string }[]).map(
    (r) => r.action,
  );

describe('households and people', () => {
  it('registers a family in one transaction, with every row audited', async () => {
    const { core, officer } = await officerCore();
    const before = auditActions(core).length;
    const { value, warnings } = await officer.ok('households.create', family());
    expect(warnings).toEqual([]);
    const page = await officer.ok('households.get', { id: value.id });
    expect(page.household).toMatchObject({
      kkNumber: '3579012003150004',
      desaName: 'Oro-oro Ombo',
      kecamatanName: 'Batu',
      rt: '002',
      rw: '005',
      desil: 2,
    });
    expect(page.members.map((m) => m.name)).toEqual([
      'Budi Santoso',
      'Siti Aminah',
      'Ahmad Fauzi',
      'Dewi Lestari',
    ]);
    expect(page.household.headPersonId).toBe(page.members[0]?.id);
    expect(page.kkHistory).toHaveLength(1);
    expect(page.desilHistory).toEqual([{ desil: 2, asOf: '2026-10-01', source: 'Pendaftaran' }]);
    const actions = auditActions(core).slice(before);
    expect(actions.filter((a) => a === 'households.create').length).toBeGreaterThanOrEqual(1 + 4);
    expect(actions).toContain('households.view');
    expect(page.history[0]?.summary).toBe('Keluarga didaftarkan');
    await core.close();
  });

  it('refuses an invalid NIK next to its field and saves nothing', async () => {
    const { core, officer } = await officerCore();
    const bad = family();
    bad.members[2] = { ...bad.members[2]!, nik: '3579014005800003' }; // day 40
    const before = auditActions(core).length;
    const result = await officer.call('households.create', bad);
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: [{ path: 'members.2.nik' }] },
    });
    if (!result.ok) expect(result.error.fields?.[0]?.message).toContain('bukan tanggal lahir');
    expect(auditActions(core).length).toBe(before);
    expect((await officer.ok('registry.listHouseholds', { limit: 10 })).total).toBe(0);
    await core.close();
  });

  it('accepts a NIK whose date disagrees with the birth date, with a warning kept on the person', async () => {
    const { core, officer } = await officerCore();
    const input = family();
    input.members[3] = { ...input.members[3]!, birthDate: '2015-11-05' };
    const { value, warnings } = await officer.ok('households.create', input);
    expect(warnings).toEqual([
      expect.objectContaining({ path: 'members.3.nik', code: 'NIK_BIRTHDATE_MISMATCH', severity: 'warning' }),
    ]);
    const page = await officer.ok('households.get', { id: value.id });
    expect(page.members[3]?.idWarnings).toEqual([
      expect.objectContaining({ code: 'NIK_BIRTHDATE_MISMATCH' }),
    ]);
    await core.close();
  });

  it('keeps one person per NIK and one family per KK', async () => {
    const { core, officer } = await officerCore();
    await officer.ok('households.create', family());
    const twice = family({ kk: '3579012104160005' });
    const result = await officer.call('households.create', twice);
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    if (!result.ok)
      expect(result.error.fields?.map((f) => f.path)).toEqual([
        'members.0.nik',
        'members.1.nik',
        'members.2.nik',
        'members.3.nik',
      ]);
    const sameKk = await officer.call('households.create', {
      ...family(),
      members: [
        {
          nik: '3579011111700009',
          name: 'Lain',
          sex: 'L',
          birthDate: '1970-11-11',
          relationship: 'kepala_keluarga',
        },
      ],
    });
    expect(sameKk).toMatchObject({ ok: false, error: { fields: [{ path: 'household.kkNumber' }] } });
    await core.close();
  });

  it('changes the KK with history, splits a family, moves and marks people', async () => {
    const { core, officer } = await officerCore();
    const { value } = await officer.ok('households.create', family());
    const page = await officer.ok('households.get', { id: value.id });
    const [budi, siti, ahmad, dewi] = page.members;
    await officer.ok('households.changeKk', {
      id: value.id,
      kkNumber: '3579010112250006',
      reason: 'KK diterbitkan ulang',
    });
    const after = await officer.ok('households.get', { id: value.id });
    expect(after.kkHistory.map((k) => [k.kkNumber, k.validTo === null])).toEqual([
      ['3579010112250006', true],
      ['3579012003150004', false],
    ]);

    const split = await officer.ok('households.split', {
      fromId: value.id,
      memberIds: [ahmad!.id],
      headId: ahmad!.id,
      household: { kkNumber: '3579010110260007', desaCode: PUNTEN, address: 'Dusun Krajan' },
      reason: 'Menikah, KK baru',
    });
    const newFamily = await officer.ok('households.get', { id: split.value.id });
    expect(newFamily.members.map((m) => [m.name, m.relationship])).toEqual([
      ['Ahmad Fauzi', 'kepala_keluarga'],
    ]);

    await officer.ok('people.move', {
      id: dewi!.id,
      toHouseholdId: split.value.id,
      relationship: 'famili_lain',
      reason: 'Ikut kakak',
    });
    expect((await officer.ok('households.get', { id: split.value.id })).members).toHaveLength(2);

    const dead = await officer.ok('people.setStatus', {
      id: budi!.id,
      status: 'meninggal',
      date: '2026-11-01',
      reason: 'Meninggal dunia',
    });
    expect(dead).toMatchObject({ status: 'meninggal', statusDate: '2026-11-01' });
    const old = await officer.ok('households.get', { id: value.id });
    expect(old.members.map((m) => m.status)).toEqual(['meninggal', 'aktif']);
    expect(old.history.map((h) => h.action)).toEqual(
      expect.arrayContaining([
        'people.status_meninggal',
        'households.split',
        'people.move_out',
        'households.change_kk',
      ]),
    );
    expect(siti).toBeDefined();
    await core.close();
  });

  it('refuses a stale edit instead of overwriting someone else’s', async () => {
    const { core, officer } = await officerCore();
    const { value } = await officer.ok('households.create', family());
    const page = await officer.ok('households.get', { id: value.id });
    const edit = { ...family().household, address: 'Jl. Baru 1' };
    await officer.ok('households.update', {
      id: value.id,
      expectedVersion: page.household.version,
      household: edit,
    });
    const stale = await officer.call('households.update', {
      id: value.id,
      expectedVersion: page.household.version,
      household: { ...edit, address: 'Jl. Lama' },
    });
    expect(stale).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    await core.close();
  });

  it('hides specific data from roles without access and keeps it on their saves', async () => {
    const { core, admin, officer } = await officerCore();
    const input = family();
    input.members[1] = { ...input.members[1]!, disability: 'fisik', chronicIllness: 'Diabetes' };
    const { value } = await officer.ok('households.create', input);
    const clerk = await userWithRole(core, admin, 'clerk');
    const seen = await clerk.ok('households.get', { id: value.id });
    expect(seen.members[1]).toMatchObject({ disability: null, chronicIllness: null, specificHidden: true });
    const m = seen.members[1]!;
    await clerk.ok('people.update', {
      id: m.id,
      expectedVersion: m.version,
      person: {
        nik: m.nik,
        name: 'Siti Aminah',
        sex: 'P',
        birthDate: m.birthDate,
        relationship: 'istri',
        occupation: 'pedagang',
      },
    });
    const officerSees = await officer.ok('households.get', { id: value.id });
    expect(officerSees.members[1]).toMatchObject({
      disability: 'fisik',
      chronicIllness: 'Diabetes',
      occupation: 'pedagang',
    });
    await core.close();
  });

  it('limits an officer to their area', async () => {
    const { core, admin } = await setUpCore();
    await admin.ok('users.create', {
      username: 'petugas.bumiaji',
      fullName: 'Petugas Bumiaji',
      role: 'officer',
      area: { kecamatan: ['35.79.02'], desa: [] },
      temporaryPassword: 'sementara petugas bumiaji',
    });
    const local = new Client(core);
    await local.ok('auth.login', { username: 'petugas.bumiaji', password: 'sementara petugas bumiaji' });
    await local.ok('auth.changePassword', {
      currentPassword: 'sementara petugas bumiaji',
      newPassword: 'apel hijau dari kebun punten',
    });
    const outside = await local.call('households.create', family());
    expect(outside).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const inside = await local.ok('households.create', family({ desa: PUNTEN }));
    const city = await userWithRole(core, admin, 'officer');
    const other = await city.ok('households.create', {
      household: { kkNumber: '3579012104160005', desaCode: ORO_ORO_OMBO },
      members: [
        {
          nik: '3579011111700009',
          name: 'Warga Lain',
          sex: 'L',
          birthDate: '1970-11-11',
          relationship: 'kepala_keluarga',
        },
      ],
    });
    expect((await local.ok('registry.listHouseholds', { limit: 10 })).rows.map((r) => r.id)).toEqual([
      inside.value.id,
    ]);
    expect(await local.call('households.get', { id: other.value.id })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await local.ok('registry.findPeople', { query: 'warga' })).toEqual([]);
    await core.close();
  });
});

describe('search', () => {
  it('finds by NIK or KK prefix and by name fragments across spelling variants', async () => {
    const { core, officer } = await officerCore();
    await officer.ok('households.create', family());
    await officer.ok('households.create', {
      household: { kkNumber: '3579030101200008', desaCode: '35.79.03.2003' },
      members: [
        {
          nik: '3579031506500001',
          name: 'Moch. Soekarno',
          sex: 'L',
          birthDate: '1950-06-15',
          relationship: 'kepala_keluarga',
        },
        { nik: null, name: 'Hj. Chadidjah', sex: 'P', birthDate: '1955-12-31', relationship: 'istri' },
      ],
    });
    const names = async (query: string) =>
      (await officer.ok('registry.findPeople', { query })).map((p) => p.name);
    expect(await names('3579011205800001')).toEqual(['Budi Santoso']);
    expect(await names('35790157')).toEqual(['Siti Aminah']);
    expect((await names('3579012003')).sort()).toEqual([
      'Ahmad Fauzi',
      'Budi Santoso',
      'Dewi Lestari',
      'Siti Aminah',
    ]);
    expect(await names('amin')).toEqual(['Siti Aminah']);
    expect(await names('Muhammad Sukarno')).toEqual(['Moch. Soekarno']);
    expect(await names('sukarno')).toEqual(['Moch. Soekarno']);
    expect(await names('khadijah')).toEqual(['Hj. Chadidjah']);
    expect(await names('Lestari Dewi')).toEqual(['Dewi Lestari']);
    expect(await names('Sity Aminah')).toEqual(['Siti Aminah']);
    // Nonsense codes as a short sound key ("s"): it must not list everyone whose name starts so.
    expect(await names('zzzzqq')).toEqual([]);
    expect(await names('Sxyz')).toEqual([]);
    const list = await officer.ok('registry.listHouseholds', { limit: 1 });
    expect(list.total).toBe(2);
    expect(list.nextCursor).not.toBeNull();
    const next = await officer.ok('registry.listHouseholds', { limit: 1, cursor: list.nextCursor });
    expect(next.rows[0]?.id).not.toBe(list.rows[0]?.id);
    expect((await officer.ok('registry.listHouseholds', { limit: 10, desilMax: 1 })).total).toBe(0);
    expect(
      (await officer.ok('registry.listHouseholds', { limit: 10, query: 'sukarno' })).rows.map(
        (r) => r.headName,
      ),
    ).toEqual(['Moch. Soekarno']);
    await core.close();
  });
});

describe('searching a common name', () => {
  it('finds the people of a desa or an area however many share the name elsewhere; a capped total says so', async () => {
    const { core, officer } = await officerCore();
    // 510 Siti Aminah in Oro-oro Ombo, registered first; one more in Punten, last.
    const siti = (n: number, desa: string): NewHousehold => ({
      household: { kkNumber: `357901200315${String(n).padStart(4, '0')}`, desaCode: desa, rt: '1', rw: '1' },
      members: [
        {
          nik: `357901570883${String(n).padStart(4, '0')}`,
          name: 'Siti Aminah',
          sex: 'P',
          birthDate: '1983-08-17',
          relationship: 'kepala_keluarga',
        },
      ],
    });
    for (let n = 1; n <= 510; n++) await officer.ok('households.create', siti(n, ORO_ORO_OMBO));
    await officer.ok('households.create', siti(511, PUNTEN));
    const list = (input: Omit<Input<'registry.listHouseholds'>, 'limit'>) =>
      officer.ok('registry.listHouseholds', { limit: 20, ...input });
    const everywhere = await list({ query: 'siti aminah' });
    expect([everywhere.total, everywhere.totalIsLowerBound]).toEqual([LIST_QUERY_PEOPLE, true]);
    for (const query of ['Siti', 'aminah', 'Sity Aminah']) {
      const punten = await list({ query, desaCode: PUNTEN });
      expect([punten.total, punten.totalIsLowerBound], query).toEqual([1, false]);
      expect(punten.rows.map((r) => r.kkNumber)).toEqual(['3579012003150511']);
      const found = await officer.ok('registry.findPeople', { query, desaCode: PUNTEN, limit: 50 });
      expect(found.map((p) => p.nik)).toEqual(['3579015708830511']);
    }
    // An officer whose area is Punten: the area is part of the search, not a filter after it.
    const puntenOnly = { desaCodes: new Set([PUNTEN]), readSpecific: false, userId: 'x', username: 'x' };
    expect(
      findPeople(core.db.sql, new RegionNames(core.db.sql), puntenOnly, 'Siti', { limit: 50 }).map(
        (p) => p.nik,
      ),
    ).toEqual(['3579015708830511']);
    expect((await list({ query: '35790120031505' })).total).toBe(12); // KK prefix: 0500-0511
    expect((await list({ query: '3579015708830511' })).rows.map((r) => r.kkNumber)).toEqual([
      '3579012003150511',
    ]);
    expect((await list({ query: 'Budi' })).total).toBe(0);
    // A rare name in a big desa: the name index drives (the + in the query), same answer.
    await officer.ok('households.create', {
      ...siti(512, ORO_ORO_OMBO),
      members: [
        { ...siti(512, ORO_ORO_OMBO).members[0]!, name: 'Bambang Sugeng', sex: 'L', nik: '3579011708830512' },
      ],
    });
    for (const query of ['Bambang', 'Bambang Sugeng', 'Bambang Soegeng']) {
      const found = await officer.ok('registry.findPeople', { query, desaCode: ORO_ORO_OMBO, limit: 50 });
      expect(
        found.map((p) => p.name),
        query,
      ).toEqual(['Bambang Sugeng']);
      expect((await list({ query, desaCode: PUNTEN })).total, query).toBe(0);
    }
    await core.close();
  }, 60_000);
});

describe('duplicates', () => {
  it('queues look-alikes with reasons, never merges by itself, and undoes a merge', async () => {
    const { core, officer } = await officerCore();
    await officer.ok('households.create', family());
    const twin = await officer.ok('households.create', {
      household: { kkNumber: '3579012104160005', desaCode: ORO_ORO_OMBO, rt: '002', rw: '005' },
      members: [
        {
          nik: null,
          name: 'SITI AMINNAH',
          sex: 'P',
          birthDate: '1983-08-17',
          relationship: 'kepala_keluarga',
          occupation: 'petani',
        },
      ],
    });
    const scan = await officer.job<DuplicateScanResult>('duplicates.scan', {});
    expect(scan.found).toBe(1);
    const [pair] = await officer.ok('duplicates.list', {});
    expect(pair?.score).toBeGreaterThanOrEqual(60);
    expect(pair?.reasons).toEqual(
      expect.arrayContaining(['Tanggal lahir sama', 'Desa/kelurahan sama', 'RT/RW sama']),
    );
    // Nothing changed yet: both records are active.
    expect((await officer.ok('registry.findPeople', { query: 'aminah' })).length).toBe(2);

    const keep = pair!.a.nik ? 'a' : 'b';
    const merged = await officer.ok('duplicates.decide', { id: pair!.id, decision: 'gabung', keep });
    expect(merged.status).toBe('digabung');
    expect((await officer.ok('registry.findPeople', { query: 'aminah' })).map((p) => p.nik)).toEqual([
      '3579015708830002',
    ]);
    const twinPage = await officer.ok('households.get', { id: twin.value.id });
    expect(twinPage.members).toEqual([]);

    await officer.ok('duplicates.undo', { id: pair!.id });
    expect((await officer.ok('registry.findPeople', { query: 'aminah' })).length).toBe(2);
    expect((await officer.ok('households.get', { id: twin.value.id })).members[0]).toMatchObject({
      name: 'SITI AMINNAH',
      status: 'aktif',
      occupation: 'petani',
    });
    expect((await officer.job<DuplicateScanResult>('duplicates.scan', {})).found).toBe(0);
    await officer.ok('duplicates.decide', { id: pair!.id, decision: 'bukan_duplikat' });
    expect(await officer.ok('duplicates.list', {})).toEqual([]);
    await core.close();
  });

  it('shows and lets an area-limited user decide only pairs with both people in their area (probe C05)', async () => {
    const { core, admin, officer: city } = await officerCore();
    const { client: temas } = await userInArea(core, admin, 'officer', {
      username: 'petugas.temas',
      area: { kecamatan: [], desa: [TEMAS] },
    });
    const rudi = {
      name: 'Rudi Kusuma',
      sex: 'L' as const,
      birthDate: '1973-11-20',
      relationship: 'kepala_keluarga' as const,
    };
    const punten = await city.ok('households.create', {
      household: { kkNumber: '3579021101210001', desaCode: PUNTEN, rt: '008', rw: '003' },
      members: [{ ...rudi, nik: '3579022011730001', birthPlace: 'Blitar', motherName: 'Nanik' }],
    });
    // The Temas officer plants a namesake born the same day in their own desa.
    await temas.ok('households.create', {
      household: { kkNumber: '3579011411210001', desaCode: TEMAS },
      members: [{ ...rudi, nik: null }],
    });
    expect(await temas.job<DuplicateScanResult>('duplicates.scan', {})).toMatchObject({ found: 0 });
    expect(await temas.call('duplicates.scan', { desaCode: PUNTEN })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await temas.ok('duplicates.list', {})).toEqual([]);

    // The city office's scan queues the cross-desa pair: the Temas officer can neither read nor decide it.
    expect((await city.job<DuplicateScanResult>('duplicates.scan', {})).found).toBe(1);
    const [pair] = await city.ok('duplicates.list', {});
    expect([pair!.a.desaName, pair!.b.desaName].sort()).toEqual(['Punten', 'Temas']);
    expect(await temas.ok('duplicates.list', {})).toEqual([]);
    const keep = pair!.a.desaName === 'Temas' ? 'a' : 'b';
    for (const decision of ['gabung', 'bukan_duplikat'] as const)
      expect(await temas.call('duplicates.decide', { id: pair!.id, decision, keep })).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      });
    const page = await city.ok('households.get', { id: punten.value.id });
    expect(page.members.map((m) => [m.name, m.status])).toEqual([['Rudi Kusuma', 'aktif']]);
    await city.ok('duplicates.decide', { id: pair!.id, decision: 'bukan_duplikat' });
    expect(await temas.call('duplicates.undo', { id: pair!.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });

    // A pair of two Temas people is theirs to see and merge; the Punten namesake stays out of it.
    await temas.ok('households.create', {
      household: { kkNumber: '3579011411210002', desaCode: TEMAS },
      members: [{ ...rudi, nik: null }],
    });
    expect((await temas.job<DuplicateScanResult>('duplicates.scan', {})).found).toBe(1);
    const [own] = await temas.ok('duplicates.list', {});
    expect([own!.a.desaName, own!.b.desaName]).toEqual(['Temas', 'Temas']);
    expect((await temas.ok('duplicates.decide', { id: own!.id, decision: 'gabung', keep: 'a' })).status).toBe(
      'digabung',
    );
    expect((await city.ok('households.get', { id: punten.value.id })).members[0]).toMatchObject({
      nik: '3579022011730001',
      status: 'aktif',
    });
    await core.close();
  });
});

describe('programmes and money', () => {
  it('enrols, warns about double benefits, opens a frozen period, pays, closes and corrects', async () => {
    const { core, admin, officer } = await officerCore();
    const { value } = await officer.ok('households.create', family());
    const page = await officer.ok('households.get', { id: value.id });
    const programs = await officer.ok('reference.programs', {});
    const pkh = programs.find((p) => p.code === 'PKH')!;
    const insentif = programs.find((p) => p.code === 'INSENTIF_BATU')!;
    const bltDd = programs.find((p) => p.code === 'BLT_DD')!;
    const sd = pkh.components.find((c) => c.code === 'sd')!;
    const sma = pkh.components.find((c) => c.code === 'sma')!;

    const missingComponent = await officer.call('enrolments.create', {
      householdId: value.id,
      programId: pkh.id,
      status: 'aktif',
    });
    expect(missingComponent).toMatchObject({ ok: false, error: { fields: [{ path: 'componentId' }] } });
    await officer.ok('enrolments.create', {
      householdId: value.id,
      personId: page.members[3]!.id,
      programId: pkh.id,
      componentId: sd.id,
      status: 'aktif',
    });
    await officer.ok('enrolments.create', {
      householdId: value.id,
      personId: page.members[2]!.id,
      programId: pkh.id,
      componentId: sma.id,
      status: 'aktif',
    });
    const again = await officer.call('enrolments.create', {
      householdId: value.id,
      personId: page.members[3]!.id,
      programId: pkh.id,
      componentId: sd.id,
      status: 'aktif',
    });
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const double = await officer.ok('enrolments.create', {
      householdId: value.id,
      personId: page.members[0]!.id,
      programId: insentif.id,
      componentId: insentif.components[0]!.id,
      status: 'usulan',
    });
    expect(double.warnings.map((w) => w.code)).toEqual(['DOUBLE_BENEFIT']);

    // BLT Dana Desa is for desa only, not kelurahan.
    const kelurahan = await officer.ok('households.create', {
      household: { kkNumber: '3579011503180009', desaCode: TEMAS },
      members: [
        {
          nik: '3579010101600009',
          name: 'Warga Temas',
          sex: 'L',
          birthDate: '1960-01-01',
          relationship: 'kepala_keluarga',
        },
      ],
    });
    expect(
      await officer.call('enrolments.create', {
        householdId: kelurahan.value.id,
        programId: bltDd.id,
        status: 'aktif',
      }),
    ).toMatchObject({ ok: false, error: { fields: [{ path: 'programId' }] } });

    const period = await officer.ok('disbursement.openPeriod', {
      programId: pkh.id,
      year: 2026,
      startMonth: 1,
      months: 3,
      label: 'Tahap 1 2026',
    });
    // One KPM: the family; paid to the mother; SD 900.000/4 + SMA 2.000.000/4.
    expect(period.totals).toEqual({
      recipients: 1,
      paid: 0,
      unpaid: 1,
      returned: 0,
      amountAllocated: 225_000 + 500_000,
      amountPaid: 0,
      // No due date set: nothing counts as paid on time.
      paidOnTime: 0,
    });
    const { rows } = await officer.ok('disbursement.items', { periodId: period.id });
    expect(rows[0]).toMatchObject({
      recipientName: 'Siti Aminah',
      amount: 725_000,
      channel: 'bank_kks',
      status: 'belum',
    });
    expect(
      await officer.call('disbursement.openPeriod', {
        programId: pkh.id,
        year: 2026,
        startMonth: 3,
        months: 1,
      }),
    ).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

    // Frozen: a later enrolment does not change the opened list.
    await officer.ok('enrolments.setStatus', {
      id: (await officer.ok('enrolments.list', { householdId: value.id }))[0]!.id,
      status: 'dikeluarkan',
      date: '2026-02-01',
      reason: 'SUDAH MAMPU',
    });
    expect((await officer.ok('disbursement.items', { periodId: period.id })).rows[0]?.amount).toBe(725_000);

    const paid = await officer.ok('disbursement.setStatus', {
      itemIds: [rows[0]!.id],
      status: 'tersalurkan',
      paidDate: '2026-02-10',
      reference: 'TRX-001',
    });
    expect(paid.changed).toBe(1);
    await officer.ok('disbursement.undo', { operationId: paid.operationId });
    expect((await officer.ok('disbursement.items', { periodId: period.id })).rows[0]?.status).toBe('belum');
    const noReason = await officer.call('disbursement.setStatus', {
      itemIds: [rows[0]!.id],
      status: 'dikembalikan',
    });
    expect(noReason).toMatchObject({ ok: false, error: { fields: [{ path: 'notPaidReason' }] } });
    await officer.ok('disbursement.setStatus', {
      itemIds: [rows[0]!.id],
      status: 'tersalurkan',
      paidDate: '2026-02-10',
    });

    expect(await officer.call('disbursement.closePeriod', { id: period.id })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const manager = await userWithRole(core, admin, 'manager');
    const closed = await manager.ok('disbursement.closePeriod', { id: period.id });
    expect(closed).toMatchObject({ status: 'ditutup', totals: { paid: 1, amountPaid: 725_000 } });
    expect(
      await officer.call('disbursement.setStatus', {
        itemIds: [rows[0]!.id],
        status: 'belum',
        notPaidReason: 'x',
      }),
    ).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const corrected = await manager.ok('disbursement.correct', {
      itemId: rows[0]!.id,
      status: 'dikembalikan',
      notPaidReason: 'Dana dikembalikan bank',
      reason: 'Laporan bank 15 Maret',
    });
    expect(corrected.status).toBe('dikembalikan');
    const totals = (await manager.ok('disbursement.periods', {})).find((p) => p.id === period.id)!.totals;
    expect(totals).toMatchObject({ paid: 0, returned: 1, amountPaid: 0, amountAllocated: 725_000 });
    const history = (await officer.ok('households.get', { id: value.id })).history.map((h) => h.action);
    expect(history).toEqual(
      expect.arrayContaining(['disbursement.correct', 'disbursement.status', 'enrolments.create']),
    );
    await core.close();
  });
});

describe('verification, cases and complaints', () => {
  it('runs verivali from a worklist to a manager’s approval', async () => {
    const { core, admin, officer } = await officerCore();
    const { value } = await officer.ok('households.create', family());
    expect(
      await officer.ok('verification.createWorklist', { desaCode: ORO_ORO_OMBO, source: 'semua' }),
    ).toEqual({ created: 1, skipped: 0 });
    expect(
      await officer.ok('verification.createWorklist', { desaCode: ORO_ORO_OMBO, source: 'semua' }),
    ).toEqual({ created: 0, skipped: 1 });
    const [v] = await officer.ok('verification.list', { desaCode: ORO_ORO_OMBO });
    expect(
      await officer.call('verification.submit', { id: v!.id, outcome: 'layak', reason: 'Belum dikunjungi' }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const visited = await officer.ok('verification.saveVisit', {
      id: v!.id,
      expectedVersion: v!.version,
      visit: {
        visitDate: '2026-11-20',
        floorType: 'tanah',
        monthlyIncome: 900_000,
        assets: ['sepeda'],
        findings: 'Rumah semi permanen, lantai tanah.',
      },
    });
    expect(visited.status).toBe('sedang_ditinjau');
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]).toString('base64');
    const photo = await officer.ok('attachments.add', {
      ownerEntity: 'verifications',
      ownerId: v!.id,
      fileName: 'rumah.jpg',
      mime: 'image/jpeg',
      dataBase64: jpeg,
    });
    const fake = await officer.call('attachments.add', {
      ownerEntity: 'verifications',
      ownerId: v!.id,
      fileName: 'x.jpg',
      mime: 'image/jpeg',
      dataBase64: Buffer.from('MZ not a photo').toString('base64'),
    });
    expect(fake).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect((await officer.ok('attachments.get', { id: photo.id })).dataBase64).toBe(jpeg);
    await officer.ok('verification.submit', {
      id: v!.id,
      outcome: 'layak',
      reason: 'Penghasilan di bawah garis kemiskinan',
    });
    expect(await officer.call('verification.approve', { id: v!.id, decision: 'disetujui' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const manager = await userWithRole(core, admin, 'manager');
    expect((await manager.ok('work.mine', {})).map((w) => w.kind)).toContain('verifikasi');
    const approved = await manager.ok('verification.approve', { id: v!.id, decision: 'disetujui' });
    expect(approved).toMatchObject({
      status: 'terverifikasi',
      outcome: 'layak',
      approval: 'disetujui',
      attachments: [{ fileName: 'rumah.jpg' }],
    });
    expect((await officer.ok('verification.list', { householdId: value.id })).length).toBe(1);
    await core.close();
  });

  it('keeps attachments encrypted on disk', async () => {
    const { core, officer } = await officerCore();
    await officer.ok('households.create', family());
    await officer.ok('verification.createWorklist', { desaCode: ORO_ORO_OMBO, source: 'semua' });
    const [v] = await officer.ok('verification.list', {});
    const pdf = Buffer.from('%PDF-1.4 Surat keterangan tidak mampu atas nama Budi Santoso');
    const att = await officer.ok('attachments.add', {
      ownerEntity: 'verifications',
      ownerId: v!.id,
      fileName: 'sktm.pdf',
      mime: 'application/pdf',
      dataBase64: pdf.toString('base64'),
    });
    const { readFileSync } = await import('node:fs');
    const stored = readFileSync(`${core.dir.filesDir}/${att.id}.bin`);
    expect(stored.includes(Buffer.from('Budi Santoso'))).toBe(false);
    expect(stored.includes(Buffer.from('%PDF'))).toBe(false);
    await core.close();
  });

  it('walks a case through its workflow with notes, referral and overdue flag', async () => {
    const { core, officer } = await officerCore();
    const { value } = await officer.ok('households.create', family());
    const me = (await officer.ok('auth.me', {})).user;
    const opened = await officer.ok('cases.create', {
      householdId: value.id,
      type: 'permohonan_bantuan',
      title: 'Permohonan bantuan berobat',
      assignedTo: me.id,
      dueDate: '2026-01-01',
    });
    expect(opened).toMatchObject({ status: 'baru', overdue: true, assignedName: 'Pengguna officer' });
    expect((await officer.ok('work.mine', {}))[0]).toMatchObject({ kind: 'kasus', overdue: true });
    expect(
      await officer.call('cases.setStatus', { id: opened.id, status: 'selesai', note: 'lompat' }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    await officer.ok('cases.setStatus', { id: opened.id, status: 'asesmen' });
    await officer.ok('cases.addNote', {
      id: opened.id,
      text: 'Kunjungan rumah: perlu rujukan ke Puskesmas.',
    });
    const referred = await officer.ok('cases.refer', {
      id: opened.id,
      agency: 'Puskesmas Batu',
      reason: 'Pemeriksaan kesehatan',
    });
    await officer.ok('cases.updateReferral', {
      id: opened.id,
      referralId: referred.referrals[0]!.id,
      status: 'selesai',
      response: 'Sudah diperiksa',
    });
    await officer.ok('cases.setStatus', { id: opened.id, status: 'dalam_layanan' });
    expect(await officer.call('cases.setStatus', { id: opened.id, status: 'selesai' })).toMatchObject({
      ok: false,
      error: { fields: [{ path: 'note' }] },
    });
    const done = await officer.ok('cases.setStatus', {
      id: opened.id,
      status: 'selesai',
      note: 'Bantuan berobat tersalurkan.',
    });
    expect(done).toMatchObject({ status: 'selesai', overdue: false });
    expect(done.events.map((e) => e.kind)).toEqual([
      'status',
      'status',
      'rujukan',
      'rujukan',
      'catatan',
      'status',
      'status',
    ]);
    await core.close();
  });

  it('takes an anonymous complaint without keeping any identity, and measures response time', async () => {
    const { core, officer } = await officerCore();
    const { value } = await officer.ok('households.create', family());
    const received = await officer.ok('complaints.create', {
      kind: 'sanggah',
      channel: 'whatsapp',
      anonymous: true,
      reporterName: 'Tetangga',
      householdId: value.id,
      subject: 'Keluarga mampu menerima PKH',
      receivedAt: new Date(Date.now() - 3 * 86_400_000).toISOString(),
    });
    expect(received).toMatchObject({
      anonymous: true,
      reporterName: null,
      desaName: 'Oro-oro Ombo',
      status: 'diterima',
    });
    expect(
      await officer.call('complaints.create', { kind: 'keluhan', channel: 'telepon', subject: 'Tanpa nama' }),
    ).toMatchObject({ ok: false, error: { fields: [{ path: 'reporterName' }] } });
    // A dispute puts the family on the "sanggah" worklist.
    expect(
      await officer.ok('verification.createWorklist', { desaCode: ORO_ORO_OMBO, source: 'sanggah' }),
    ).toEqual({ created: 1, skipped: 0 });
    expect(await officer.call('complaints.update', { id: received.id, status: 'selesai' })).toMatchObject({
      ok: false,
      error: { fields: [{ path: 'resolution' }] },
    });
    const resolved = await officer.ok('complaints.update', {
      id: received.id,
      status: 'selesai',
      resolution: 'Diverifikasi ulang, tetap layak.',
    });
    expect(resolved.responseDays).toBeGreaterThanOrEqual(2.9);
    expect(resolved.resolvedAt).not.toBeNull();
    await core.close();
  });

  it('keeps a complaint without a desa from area-limited users, except the one it is assigned to (probe C08)', async () => {
    const { core, admin, officer: city } = await officerCore();
    const { client: temas, id: temasId } = await userInArea(core, admin, 'clerk', {
      username: 'juru.temas',
      area: { kecamatan: [], desa: [TEMAS] },
    });
    const complaint = await city.ok('complaints.create', {
      kind: 'sanggah',
      channel: 'telepon',
      reporterName: 'Bu Sulastri (Bulukerto)',
      reporterContact: '0812-3456-7788',
      desaCode: null,
      subject: 'Tetangga mampu menerima PKH',
      description: 'Keluarga Pak Darmo punya mobil.',
    });
    expect((await city.ok('complaints.list', { limit: 50 })).map((c) => c.id)).toEqual([complaint.id]);
    expect(await temas.ok('complaints.list', { limit: 50 })).toEqual([]);
    expect(JSON.stringify(await temas.ok('work.mine', {}))).not.toContain(complaint.id);
    expect(await temas.call('complaints.get', { id: complaint.id })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(
      await temas.call('complaints.update', { id: complaint.id, status: 'selesai', resolution: 'ditutup' }),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await city.ok('complaints.get', { id: complaint.id })).status).toBe('diterima');
    // An area-limited user records a complaint in their area: without a desa it would leave their sight.
    expect(
      await temas.call('complaints.create', {
        kind: 'keluhan',
        channel: 'datang_langsung',
        reporterName: 'Pak Slamet',
        desaCode: null,
        subject: 'Belum menerima BPNT',
      }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: [{ path: 'desaCode' }] } });

    // Assigned to them by the city office, it is theirs to see and answer.
    await city.ok('complaints.update', { id: complaint.id, status: 'diproses', assignedTo: temasId });
    expect((await temas.ok('complaints.list', { limit: 50 })).map((c) => c.id)).toEqual([complaint.id]);
    expect(
      await temas.ok('complaints.update', {
        id: complaint.id,
        status: 'selesai',
        resolution: 'Sudah dicek.',
      }),
    ).toMatchObject({ status: 'selesai', reporterName: 'Bu Sulastri (Bulukerto)' });
    await core.close();
  });
});

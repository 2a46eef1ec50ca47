import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { api, methodNames, type Input, type MethodName } from '../../common/api/contract.ts';
import { ROLES, can, type Role } from '../../common/auth/roles.ts';
import { Client, PASSWORDS, setUpCore, userWithRole } from '../../tests/support/core.ts';
import type { BansosCore } from '../app.ts';

const SOME_ID = '0197c0de-0000-7000-8000-000000000001';
const HOUSEHOLD = { kkNumber: '3579012003150004', desaCode: '35.79.01.2006' };
const PERSON = {
  nik: '3579011205800001',
  name: 'Budi Santoso',
  sex: 'L' as const,
  birthDate: '1980-05-12',
  relationship: 'kepala_keluarga',
};
const STRONG = 'sepeda tua di lereng panderman';

/** One valid input per method; a new method without a sample does not compile. */
const SAMPLES: { [M in MethodName]: Input<M> } = {
  'setup.status': {},
  'setup.init': { username: 'admin2', fullName: 'Admin Dua', password: STRONG, officeName: 'Dinsos' },
  'auth.login': { username: 'admin', password: STRONG },
  'auth.recover': { recoveryCode: 'ABCDE-FGHJK-MNPQR-STVWX-YZ012', username: 'admin', newPassword: STRONG },
  'auth.me': {},
  'auth.logout': {},
  'auth.lock': {},
  'auth.unlock': { password: STRONG },
  'auth.changePassword': { currentPassword: STRONG, newPassword: `${STRONG} baru` },
  'users.list': {},
  'users.create': {
    username: 'baru1',
    fullName: 'Pengguna Baru',
    role: 'clerk',
    area: { kecamatan: [], desa: [] },
    temporaryPassword: STRONG,
  },
  'users.update': { id: SOME_ID, fullName: 'Nama Lain' },
  'users.setActive': { id: SOME_ID, active: false },
  'users.resetPassword': { id: SOME_ID, temporaryPassword: STRONG },
  'settings.get': {},
  'settings.update': { idleLockMinutes: 20 },
  'regions.list': {},
  'audit.list': { limit: 10 },
  'audit.verify': {},
  'keys.rotate': { password: STRONG },
  'keys.newRecoveryCode': { password: STRONG },
  'files.chooseSave': { purpose: 'backup', suggestedName: 'x.bansos-backup' },
  'backup.start': { target: 'fh_AAAAAAAAAAAAAAAAAAAAAAAA' },
  'jobs.list': {},
  'jobs.cancel': { jobId: SOME_ID },
  'registry.findPeople': { query: 'siti' },
  'registry.listHouseholds': { limit: 10 },
  'households.get': { id: SOME_ID },
  'households.create': { household: HOUSEHOLD, members: [PERSON] },
  'households.update': { id: SOME_ID, expectedVersion: 1, household: HOUSEHOLD },
  'households.changeKk': { id: SOME_ID, kkNumber: '3579012003150004', reason: 'Pisah KK' },
  'households.setDesil': { id: SOME_ID, desil: 2, asOf: '2026-10-01', source: 'DTSEN' },
  'households.remove': { id: SOME_ID, reason: 'DATA GANDA' },
  'households.split': {
    fromId: SOME_ID,
    memberIds: [SOME_ID],
    household: HOUSEHOLD,
    headId: SOME_ID,
    reason: 'Menikah',
  },
  'people.add': { householdId: SOME_ID, person: PERSON },
  'people.update': { id: SOME_ID, expectedVersion: 1, person: PERSON },
  'people.move': { id: SOME_ID, toHouseholdId: SOME_ID, relationship: 'anak', reason: 'Ikut orang tua' },
  'people.setStatus': { id: SOME_ID, status: 'meninggal', date: '2026-11-01', reason: 'Meninggal dunia' },
  'people.lookupNik': { nik: '3579011205800001' },
  'duplicates.scan': {},
  'duplicates.list': {},
  'duplicates.decide': { id: SOME_ID, decision: 'bukan_duplikat' },
  'duplicates.undo': { id: SOME_ID },
  'reference.programs': {},
  'reference.updateProgram': { id: SOME_ID, name: 'Program' },
  'reference.saveComponent': {
    programId: SOME_ID,
    code: 'baru',
    name: 'Baru',
    amount: 1000,
    amountUnit: 'per_bulan',
  },
  'reference.values': {},
  'reference.saveValue': { kind: 'occupation', code: 'nelayan', label: 'Nelayan' },
  'regions.import': { file: 'fh_AAAAAAAAAAAAAAAAAAAAAAAA' },
  'enrolments.list': { householdId: SOME_ID },
  'enrolments.create': { householdId: SOME_ID, programId: SOME_ID },
  'enrolments.setStatus': { id: SOME_ID, status: 'aktif', date: '2026-11-01' },
  'verification.createWorklist': { desaCode: '35.79.01.2006', source: 'semua' },
  'verification.start': { householdId: SOME_ID },
  'verification.list': {},
  'verification.get': { id: SOME_ID },
  'verification.saveVisit': { id: SOME_ID, expectedVersion: 1, visit: { visitDate: '2026-11-01' } },
  'verification.submit': { id: SOME_ID, outcome: 'layak', reason: 'Memenuhi kriteria' },
  'verification.approve': { id: SOME_ID, decision: 'disetujui' },
  'verification.approvalPreview': { id: SOME_ID },
  'verification.undoApproval': { id: SOME_ID },
  'verification.assign': { id: SOME_ID, userId: null },
  'attachments.add': {
    ownerEntity: 'verifications',
    ownerId: SOME_ID,
    fileName: 'foto.jpg',
    mime: 'image/jpeg',
    dataBase64: '/9j/',
  },
  'attachments.get': { id: SOME_ID },
  'attachments.officeKey': { reveal: false },
  'attachments.setOfficeKey': {},
  'disbursement.periods': {},
  'disbursement.openPeriod': { programId: SOME_ID, year: 2026, startMonth: 1, months: 3 },
  'disbursement.items': {},
  'disbursement.setStatus': { itemIds: [SOME_ID], status: 'tersalurkan' },
  'disbursement.undo': { operationId: SOME_ID },
  'disbursement.closePeriod': { id: SOME_ID },
  'disbursement.correct': { itemId: SOME_ID, status: 'tersalurkan', reason: 'Bukti transfer bank' },
  'cases.create': { householdId: SOME_ID, type: 'permohonan_bantuan', title: 'Bantuan' },
  'cases.list': {},
  'cases.get': { id: SOME_ID },
  'cases.setStatus': { id: SOME_ID, status: 'asesmen' },
  'cases.assign': { id: SOME_ID, userId: null },
  'cases.addNote': { id: SOME_ID, text: 'Catatan' },
  'cases.refer': { id: SOME_ID, agency: 'Puskesmas', reason: 'Pemeriksaan' },
  'cases.updateReferral': { id: SOME_ID, referralId: SOME_ID, status: 'diterima' },
  'complaints.create': {
    kind: 'keluhan',
    channel: 'telepon',
    anonymous: true,
    subject: 'Bantuan belum cair',
  },
  'complaints.list': {},
  'complaints.get': { id: SOME_ID },
  'complaints.update': { id: SOME_ID, status: 'diproses' },
  'work.mine': {},
  'sync.status': {},
  'sync.run': {},
  'sync.conflicts': {},
  'sync.resolve': { conflictId: SOME_ID, choice: 'server' },
  'sync.enrol': { serverUrl: 'http://127.0.0.1:9', code: 'ABCD-EFGH-JKLM', deviceName: 'Kantor uji' },
  'sync.configure': { intervalMinutes: 5 },
  'users.directory': {},
  'reports.settings': {},
  'reports.saveSettings': {
    kop: { lines: ['PEMERINTAH KOTA BATU', 'DINAS SOSIAL'], address: '', phone: '', email: '', website: '' },
    city: 'Batu',
    reports: {
      bulanan: { signers: [], maskNik: false },
      bnba: { signers: [], maskNik: true },
      rekap: { signers: [], maskNik: false },
      verifikasi: { signers: [], maskNik: false },
      pengaduan: { signers: [], maskNik: false },
      'data-saya': { signers: [], maskNik: false },
    },
  },
  'reports.preview': { params: { report: 'pengaduan', period: '2026-03' } },
  'reports.save': {
    params: { report: 'pengaduan', period: '2026-03' },
    format: 'xlsx',
    target: 'fh_AAAAAAAAAAAAAAAAAAAAAAAA',
  },
  'reports.notePrint': { params: { report: 'pengaduan', period: '2026-03' } },
  'reports.verify': { code: 'ABCDE-FGH23' },
  'reports.reissue': { params: { report: 'bulanan', period: '2026-03' }, reason: 'Koreksi data bank' },
  'dashboard.indicators': { from: '2026-01', to: '2026-03' },
  'dashboard.drill': { from: '2026-01', to: '2026-03', kind: 'cases.open' },
  'files.chooseOpen': { purpose: 'import' },
  'import.inspect': { file: 'fh_AAAAAAAAAAAAAAAAAAAAAAAA', kind: 'recipients' },
  'import.start': {
    file: 'fh_AAAAAAAAAAAAAAAAAAAAAAAA',
    kind: 'recipients',
    sheet: 'Sheet1',
    headerRow: 1,
    mapping: { NIK: 'nik' },
    mode: 'preview',
  },
  'import.errorWorkbook': {
    file: 'fh_AAAAAAAAAAAAAAAAAAAAAAAA',
    kind: 'recipients',
    sheet: 'Sheet1',
    headerRow: 1,
    mapping: { NIK: 'nik' },
    target: 'fh_BBBBBBBBBBBBBBBBBBBBBBBB',
  },
  'import.batches': {},
  'import.undo': { batchId: SOME_ID },
  'import.templates': { kind: 'recipients' },
  'import.saveTemplate': { kind: 'recipients', name: 'DTKS bulanan', mapping: { NIK: 'nik' } },
  'export.start': { kind: 'recipients', target: 'fh_AAAAAAAAAAAAAAAAAAAAAAAA' },
  'retention.preview': {},
  'retention.purge': { expected: 1 },
  'signals.summary': {},
  'signals.list': { kind: 'shared_number' },
  'signals.check': { kind: 'shared_number', key: 'bank_account:123456:x', note: 'Sudah dicek di lapangan.' },
  'signals.periodWarnings': { periodId: SOME_ID },
  'release.import': {
    file: 'fh_AAAAAAAAAAAAAAAAAAAAAAAA',
    source: 'DTSEN Kemensos',
    releaseDate: '2026-11-01',
  },
  'release.list': {},
  'release.summary': { releaseId: SOME_ID },
  'release.items': { releaseId: SOME_ID, category: 'new' },
  'release.accept': { releaseId: SOME_ID, category: 'desil_up', itemIds: [SOME_ID] },
  'release.refuse': { itemId: SOME_ID, reason: 'Masih tinggal di alamat lama.' },
  'release.export': { releaseId: SOME_ID, target: 'fh_AAAAAAAAAAAAAAAAAAAAAAAA' },
};

let core: BansosCore;
const clients = {} as Record<Role, Client>;

beforeAll(async () => {
  const setup = await setUpCore();
  core = setup.core;
  clients.admin = setup.admin;
  for (const role of ROLES.filter((r) => r !== 'admin'))
    clients[role] = await userWithRole(core, setup.admin, role);
});

const auditCount = () =>
  (core.db.sql.raw.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;

describe('the API contract', () => {
  it('gives every method a strict object input, so unknown fields are refused', () => {
    for (const name of methodNames) {
      const input = api[name].input;
      expect(input, name).toBeInstanceOf(z.ZodObject);
      expect(input.safeParse({ __unknown: 1 }).success, name).toBe(false);
      expect(input.safeParse(SAMPLES[name]).success, `${name} sample`).toBe(true);
    }
  });

  it.each(methodNames)('%s rejects malformed input with a validation error', async (name) => {
    for (const bad of [{ __unknown: 1 }, 'teks', 42, [1, 2]]) {
      const result = await clients.admin.call(name, bad as never);
      expect(result, JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      if (!result.ok) expect(result.error.message).toMatch(/^Isian belum benar/);
    }
  });

  it('refuses an unknown method', async () => {
    const outcome = await core.dispatch('users.dropEverything', {}, clients.admin.token);
    expect(outcome.result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });
});

describe('authorisation', () => {
  const guarded = methodNames.filter((m) => api[m].access.kind !== 'public');

  it.each(guarded)('%s needs a session', async (name) => {
    const anonymous = new Client(core);
    expect(await anonymous.call(name, SAMPLES[name])).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
  });

  const cases = methodNames.flatMap((m) => {
    const access = api[m].access;
    return access.kind === 'permission'
      ? ROLES.map((role) => [m, role, can(role, access.permission)] as const)
      : [];
  });

  it.each(cases)('%s as %s: allowed=%s', async (name, role, allowed) => {
    const before = auditCount();
    if (!allowed) {
      const result = await clients[role].call(name, SAMPLES[name]);
      expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      if (!result.ok) expect(result.error.message).toContain('Hubungi administrator');
      expect(auditCount(), 'a refused call writes nothing').toBe(before);
    } else if (!api[name].writes && name !== 'backup.start') {
      const result = await clients[role].call(name, SAMPLES[name]);
      if (!result.ok) expect(result.error.code).not.toBe('FORBIDDEN');
    }
  });

  it('refuses everything but unlocking on a locked screen', async () => {
    const clerk = clients.clerk;
    await clerk.call('auth.lock', {});
    for (const name of methodNames.filter((m) => api[m].access.kind !== 'public')) {
      const access = api[name].access;
      const whileLocked = access.kind === 'session' && access.whileLocked === true;
      if (whileLocked || (access.kind === 'permission' && !can('clerk', access.permission))) continue;
      expect(await clerk.call(name, SAMPLES[name]), name).toMatchObject({
        ok: false,
        error: { code: 'LOCKED' },
      });
    }
    expect((await clerk.call('auth.unlock', { password: 'bukan kata sandinya sama sekali' })).ok).toBe(false);
  });

  it('sends a user with a temporary password to change it first', async () => {
    await clients.admin.ok('users.create', {
      username: 'sementara',
      fullName: 'Masih Sementara',
      role: 'manager',
      area: { kecamatan: [], desa: [] },
      temporaryPassword: STRONG,
    });
    const fresh = new Client(core);
    await fresh.ok('auth.login', { username: 'sementara', password: STRONG });
    expect(await fresh.call('audit.list', { limit: 5 })).toMatchObject({
      ok: false,
      error: { code: 'PASSWORD_CHANGE_REQUIRED' },
    });
    expect((await fresh.call('auth.me', {})).ok).toBe(true);
  });
});

describe('the idle lock and page polls', () => {
  it('only read-only methods are marked as polls', () => {
    const polls = methodNames.filter((name) => api[name].poll === true);
    expect(polls).toEqual(['sync.status', 'sync.conflicts']);
    for (const name of polls) expect(api[name].writes, name).toBe(false);
  });

  it("the Sync page's polls do not hold the lock off; the renderer's heartbeat does", async () => {
    let now = Date.parse('2026-12-05T03:00:00Z');
    const { core, admin } = await setUpCore({ clock: () => new Date(now) });
    try {
      const clerk = await userWithRole(core, admin, 'clerk');
      const poll = async () => {
        for (const answer of [await clerk.call('sync.status', {}), await clerk.call('sync.conflicts', {})])
          if (!answer.ok) return answer.error.code;
        return 'answered';
      };
      const limit = core.idleLimitMs();
      // The page open, nobody at the keyboard: polled every 5 s, answered until the limit...
      const start = now;
      while (now + 5_000 - start <= limit) {
        now += 5_000;
        expect(await poll()).toBe('answered');
      }
      // ...then locked, as if nothing had been asked.
      now += 5_000;
      expect(await poll()).toBe('LOCKED');

      // Someone at the keyboard: the renderer's heartbeat (auth.me, at most once a minute) keeps
      // the session open through twice the limit of polls.
      await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
      for (let minute = 0; minute < (2 * limit) / 60_000; minute++) {
        for (let s = 0; s < 60; s += 5) {
          now += 5_000;
          expect(await poll()).toBe('answered');
        }
        await clerk.ok('auth.me', {});
      }
    } finally {
      await core.close();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditVerifyReport } from '../../common/api/methods/admin.ts';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { monthsAgo, saveReport, seededCore } from '../../tests/fixtures/reports/seed.ts';
import type { BansosCore } from '../app.ts';
import { Client, userWithRole } from '../../tests/support/core.ts';
import { RegionNames } from '../regions/names.ts';
import type { ReportContext } from './common.ts';
import { computeBnba } from './bnba.ts';
import { computeComplaints } from './complaints.ts';
import { computeDataSaya } from './dataSaya.ts';
import { computeDashboard } from './dashboard.ts';
import { monthBounds, terbilang } from './format.ts';
import { computeMonthly } from './monthly.ts';
import { computeRekap } from './rekap.ts';
import { readReportSettings } from './settings.ts';
import { computeVerification } from './verification.ts';

/**
 * Every report's numbers on a seeded (demo) database, each checked against SQL written here
 * independently of the report code.
 */

let seed: Awaited<ReturnType<typeof seededCore>>;
let core: BansosCore;
const CLOSED = monthsAgo(6);
const OPEN = monthsAgo(0);

beforeAll(async () => {
  seed = await seededCore(300);
  core = seed.core;
}, 120_000);
afterAll(async () => seed?.close());

const raw = <T>(sql: string, ...params: unknown[]) => core.db.sql.raw.prepare(sql).all(...params) as T[];
const one = <T>(sql: string, ...params: unknown[]) => core.db.sql.raw.prepare(sql).get(...params) as T;

function ctx(desaCodes: Set<string> | null = null): ReportContext {
  const sql = core.db.sql;
  return {
    sql,
    regions: new RegionNames(sql),
    scope: { desaCodes, readSpecific: true, userId: 'test', username: 'test' },
    now: new Date(),
    username: 'test',
    settings: readReportSettings(sql),
  };
}

/** The period of a programme covering a month, found the plain way. */
function periodOf(code: string, month: string): { id: string; status: string } | undefined {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const target = y * 12 + m - 1;
  return one(
    `SELECT d.id, d.status FROM disbursement_periods d JOIN programs p ON p.id = d.program_id
      WHERE p.code = ? AND d.year * 12 + d.start_month - 1 <= ? AND ? < d.year * 12 + d.start_month - 1 + d.months`,
    code,
    target,
    target,
  );
}

interface SqlTotals {
  n: number;
  amount: number;
  paid: number;
  paid_amount: number;
  unpaid: number;
  returned: number;
}
const totalsSql = `SELECT count(*) AS n, coalesce(sum(amount),0) AS amount,
    coalesce(sum(status = 'tersalurkan'),0) AS paid,
    coalesce(sum(CASE WHEN status = 'tersalurkan' THEN amount ELSE 0 END),0) AS paid_amount,
    coalesce(sum(status = 'belum'),0) AS unpaid, coalesce(sum(status = 'dikembalikan'),0) AS returned
  FROM disbursement_items WHERE period_id = ?`;

describe('Laporan Bulanan Penyaluran', () => {
  it('adds up per programme, kecamatan and desa to what the disbursement list holds', () => {
    const model = computeMonthly(ctx(), { month: CLOSED });
    const withPeriod = model.sections.filter((s) => s.period);
    expect(withPeriod.map((s) => s.programCode)).toEqual(expect.arrayContaining(['PKH', 'BPNT', 'BLT_DD']));
    for (const section of withPeriod) {
      const period = periodOf(section.programCode, CLOSED)!;
      expect(section.period!.id).toBe(period.id);
      const t = one<SqlTotals>(totalsSql, period.id);
      expect(section.total).toMatchObject({
        allocated: t.n,
        allocatedAmount: t.amount,
        paid: t.paid,
        paidAmount: t.paid_amount,
        unpaid: t.unpaid,
        returned: t.returned,
      });
      // Subtotals per kecamatan, and desa rows inside them.
      const byKecamatan = raw<{ kec: string; n: number; paid_amount: number }>(
        `SELECT substr(desa_code, 1, 8) AS kec, count(*) AS n,
           sum(CASE WHEN status = 'tersalurkan' THEN amount ELSE 0 END) AS paid_amount
         FROM disbursement_items WHERE period_id = ? GROUP BY kec`,
        period.id,
      );
      for (const k of byKecamatan) {
        const block = section.kecamatan.find((b) => b.code === k.kec)!;
        expect(block.subtotal.allocated, `${section.programCode} ${k.kec}`).toBe(k.n);
        expect(block.subtotal.paidAmount).toBe(k.paid_amount);
        expect(block.desa.reduce((n, d) => n + d.allocated, 0)).toBe(k.n);
      }
      // Reasons cover exactly the KPM not paid.
      expect(section.reasons.reduce((n, r) => n + r.count, 0)).toBe(t.unpaid + t.returned);
      // The previous period, for the comparison.
      if (section.previous)
        expect(section.previous.total.allocated).toBe(
          one<SqlTotals>(totalsSql, section.previous.period.id).n,
        );
    }
  });

  it('keeps to the area of a user limited to one kecamatan', () => {
    const batu = new Set(
      raw<{ code: string }>(`SELECT code FROM regions WHERE parent_code = '35.79.01'`).map((r) => r.code),
    );
    const model = computeMonthly(ctx(batu), { month: CLOSED, programCode: 'BPNT' });
    const period = periodOf('BPNT', CLOSED)!;
    const n = one<{ n: number }>(
      `SELECT count(*) AS n FROM disbursement_items WHERE period_id = ? AND desa_code LIKE '35.79.01.%'`,
      period.id,
    ).n;
    expect(model.sections[0]!.total.allocated).toBe(n);
    expect(model.sections[0]!.kecamatan.map((k) => k.code)).toEqual(['35.79.01']);
  });

  it('writes the same totals into the workbook saved through the API', async () => {
    const { path } = await saveReport(
      seed.manager,
      seed.files,
      { report: 'bulanan', period: CLOSED, programCode: 'PKH' },
      'xlsx',
      'bulanan-pkh',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(path) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('PKH')!;
    let total: ExcelJS.Row | undefined;
    sheet.eachRow((row) => {
      if (row.getCell(2).value === 'JUMLAH SELURUHNYA' && !total) total = row;
    });
    const t = one<SqlTotals>(totalsSql, periodOf('PKH', CLOSED)!.id);
    expect(total!.getCell(3).value).toBe(t.n);
    expect(total!.getCell(4).value).toBe(t.amount);
    expect(total!.getCell(5).value).toBe(t.paid);
    expect(total!.getCell(6).value).toBe(t.paid_amount);
    expect(total!.getCell(4).numFmt).toBe('"Rp"#,##0');
  });
});

describe('Daftar Nominatif (BNBA)', () => {
  it('lists every recipient of the desa with the amount, and the sum in words', () => {
    const period = periodOf('BPNT', CLOSED)!;
    const desa = one<{ desa_code: string }>(
      `SELECT desa_code FROM disbursement_items WHERE period_id = ? GROUP BY desa_code ORDER BY count(*) DESC LIMIT 1`,
      period.id,
    ).desa_code;
    const model = computeBnba(ctx(), { month: CLOSED, programCode: 'BPNT', desaCode: desa });
    const t = one<{ n: number; amount: number }>(
      `SELECT count(*) AS n, sum(amount) AS amount FROM disbursement_items WHERE period_id = ? AND desa_code = ?`,
      period.id,
      desa,
    );
    expect(model.desa).toHaveLength(1);
    expect(model.count).toBe(t.n);
    expect(model.amount).toBe(t.amount);
    expect(model.desa[0]!.recipients.map((r) => r.name)).toEqual(
      [...model.desa[0]!.recipients.map((r) => r.name)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    );
    expect(terbilang(t.amount)).toMatch(/ rupiah$/);
  });

  it('covers every desa without a desa filter', () => {
    const period = periodOf('PKH', CLOSED)!;
    const model = computeBnba(ctx(), { month: CLOSED, programCode: 'PKH' });
    const t = one<{ n: number; amount: number; desa: number }>(
      `SELECT count(*) AS n, sum(amount) AS amount, count(DISTINCT desa_code) AS desa FROM disbursement_items WHERE period_id = ?`,
      period.id,
    );
    expect([model.count, model.amount, model.desa.length]).toEqual([t.n, t.amount, t.desa]);
  });
});

describe('Rekap Penerima', () => {
  it('counts families (KPM) and people (jiwa) running in the month, and their desil', () => {
    const month = monthsAgo(1);
    const { firstDay, lastDay } = monthBounds(month);
    const model = computeRekap(ctx(), { month });
    const running = `e.deleted_at IS NULL AND h.deleted_at IS NULL AND (
        (e.status = 'aktif' AND (e.start_date IS NULL OR e.start_date <= :last))
        OR (e.status IN ('graduasi','dikeluarkan') AND e.end_date >= :first AND (e.start_date IS NULL OR e.start_date <= :last)))`;
    const perProgram = raw<{ code: string; target: string; families: number; people: number }>(
      `SELECT p.code, p.target, count(DISTINCT e.household_id) AS families, count(DISTINCT e.person_id) AS people
         FROM enrolments e JOIN households h ON h.id = e.household_id JOIN programs p ON p.id = e.program_id
        WHERE ${running} GROUP BY p.code`
        .replace(/:last/g, `'${lastDay}'`)
        .replace(/:first/g, `'${firstDay}'`),
    );
    for (const p of perProgram) {
      const program = model.programs.find((x) => x.code === p.code)!;
      const sum = model.desa.reduce((n, d) => n + (d.byProgram[program.id] ?? 0), 0);
      expect(sum, p.code).toBe(p.target === 'person' ? p.people : p.families);
      expect(
        (model.desilByProgram[program.id] ?? []).reduce((a, b) => a + b, 0),
        `${p.code} desil`,
      ).toBe(p.families);
    }
    const families = one<{ n: number }>(
      `SELECT count(DISTINCT e.household_id) AS n FROM enrolments e JOIN households h ON h.id = e.household_id WHERE ${running}`
        .replace(/:last/g, `'${lastDay}'`)
        .replace(/:first/g, `'${firstDay}'`),
    ).n;
    expect(model.desa.reduce((n, d) => n + d.families, 0)).toBe(families);
    expect(model.desilAll.reduce((a, b) => a + b, 0)).toBe(families);
  });
});

describe('Laporan Verifikasi', () => {
  it('counts the worklist, visits, outcomes and decisions of the month', () => {
    const month = OPEN;
    const { from, to, firstDay, lastDay } = monthBounds(month);
    const model = computeVerification(ctx(), { month });
    const sql = one<Record<string, number>>(
      `SELECT count(*) AS inList,
         coalesce(sum(visit_date BETWEEN ? AND ?),0) AS visited,
         coalesce(sum(submitted_at >= ? AND submitted_at < ? AND outcome = 'layak'),0) AS eligible,
         coalesce(sum(submitted_at >= ? AND submitted_at < ? AND outcome = 'tidak_layak'),0) AS notEligible,
         coalesce(sum(approved_at >= ? AND approved_at < ? AND approval = 'disetujui'),0) AS approved,
         coalesce(sum(NOT (approval IS 'disetujui' AND approved_at < ?)),0) AS pending
       FROM verifications WHERE created_at < ?`,
      firstDay,
      lastDay,
      from,
      to,
      from,
      to,
      from,
      to,
      to,
      to,
    );
    expect(model.total).toMatchObject(sql);
    expect(model.total.inList).toBeGreaterThan(0);
    expect(model.desa.reduce((n, d) => n + d.counts.inList, 0)).toBe(sql.inList);
  });
});

describe('Laporan Pengaduan', () => {
  it('counts complaints received and resolved in the month, and the average response in days', () => {
    // The demo receives complaints over the last 90 days and resolves some today.
    for (const month of [monthsAgo(1), OPEN]) {
      const { from, to } = monthBounds(month);
      const model = computeComplaints(ctx(), { month });
      const sql = one<{ received: number; resolved: number; open: number; days: number | null }>(
        `SELECT
           coalesce(sum(received_at >= ? AND received_at < ?),0) AS received,
           coalesce(sum(resolved_at >= ? AND resolved_at < ?),0) AS resolved,
           coalesce(sum(received_at < ? AND (resolved_at IS NULL OR resolved_at >= ?)),0) AS open,
           avg(CASE WHEN resolved_at >= ? AND resolved_at < ? THEN julianday(resolved_at) - julianday(received_at) END) AS days
         FROM complaints`,
        from,
        to,
        from,
        to,
        to,
        to,
        from,
        to,
      );
      expect(model.total.received, month).toBe(sql.received);
      expect(model.total.resolved, month).toBe(sql.resolved);
      expect(model.total.open, month).toBe(sql.open);
      expect(model.received).toHaveLength(sql.received);
      if (sql.days !== null) expect(model.total.days / model.total.resolved).toBeCloseTo(sql.days, 6);
    }
  });
});

describe('Data Saya', () => {
  it("shows one person's record, benefits and processing trail, with the view itself recorded", async () => {
    const person = one<{ id: string; nik: string; household_id: string }>(
      `SELECT p.id, p.nik, p.household_id FROM people p
        WHERE p.nik IS NOT NULL AND EXISTS (SELECT 1 FROM disbursement_items i WHERE i.household_id = p.household_id)
          AND p.relationship = 'kepala_keluarga' LIMIT 1`,
    );
    await seed.manager.ok('reports.preview', { params: { report: 'data-saya', nik: person.nik } });
    const model = computeDataSaya(ctx(), { nik: person.nik });
    expect(model.person.find(([k]) => k === 'NIK')![1]).toBe(person.nik);
    const payments = one<{ n: number }>(
      `SELECT count(*) AS n FROM disbursement_items i JOIN disbursement_periods d ON d.id = i.period_id
         JOIN programs p ON p.id = d.program_id
        WHERE i.household_id = ? AND (p.target = 'household' OR i.person_id = ?)`,
      person.household_id,
      person.id,
    ).n;
    expect(model.payments).toHaveLength(payments);
    const trail = one<{ n: number }>(
      `SELECT count(*) AS n FROM audit_log WHERE (subject_id = ? AND entity != 'people') OR (entity = 'people' AND entity_id = ?)`,
      person.household_id,
      person.id,
    ).n;
    expect(model.trail).toHaveLength(trail);
    // The manager's preview is in the person's trail (UU PDP: reads are processing too).
    expect(
      model.trail.some((t) => t.activity === 'Laporan dibuka (dibaca)' && t.username === 'manajer.demo'),
    ).toBe(true);
  });

  it('refuses an unknown NIK with a message on the field', async () => {
    const result = await seed.manager.call('reports.preview', {
      params: { report: 'data-saya', nik: '3579010101010001' },
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', fields: [{ path: 'params.nik' }] },
    });
  });
});

describe('Beranda indicators', () => {
  it('agree with the data: coverage, success per month, channels, cases', () => {
    const view = computeDashboard(ctx(), { from: monthsAgo(11), to: OPEN });
    const poor = one<{ n: number }>(
      `SELECT count(*) AS n FROM households WHERE deleted_at IS NULL AND status = 'aktif' AND coalesce(desil, 99) <= 4`,
    ).n;
    const covered = one<{ n: number }>(
      `SELECT count(DISTINCT h.id) AS n FROM households h JOIN enrolments e ON e.household_id = h.id
         JOIN programs p ON p.id = e.program_id
        WHERE h.deleted_at IS NULL AND h.status = 'aktif' AND coalesce(h.desil, 99) <= 4
          AND e.status = 'aktif' AND e.deleted_at IS NULL AND p.benefit = 'cash'`,
    ).n;
    expect(view.headline.poorHouseholds).toBe(poor);
    expect(view.headline.poorCovered).toBe(covered);
    // Every period of the last 12 months counts once, in its last month.
    const items = one<{ n: number; paid: number; bank: number }>(
      `SELECT count(*) AS n, sum(status = 'tersalurkan') AS paid,
         sum(status = 'tersalurkan' AND channel = 'bank_kks') AS bank FROM disbursement_items`,
    );
    expect(view.monthly.reduce((n, m) => n + m.items, 0)).toBe(items.n);
    expect(view.monthly.reduce((n, m) => n + m.paid, 0)).toBe(items.paid);
    expect(view.headline.nonCashShare).toBeCloseTo(items.bank / items.paid, 9);
    const cases = one<{ open: number }>(
      `SELECT count(*) AS open FROM cases WHERE status IN ('baru','asesmen','dalam_layanan')`,
    );
    expect(view.cases.open).toBe(cases.open);
  });

  it("opens the list behind a number, within the caller's rights", async () => {
    const officer = await userWithRole(core, seed.admin, 'officer');
    const drill = await officer.ok('dashboard.drill', {
      from: monthsAgo(11),
      to: OPEN,
      kind: 'cases.open',
    });
    expect(drill.total).toBe(
      one<{ n: number }>(`SELECT count(*) AS n FROM cases WHERE status IN ('baru','asesmen','dalam_layanan')`)
        .n,
    );
    expect(drill.rows[0]?.href).toMatch(/^#\/kasus\/[0-9a-f-]{36}$/);
    const clerk = await userWithRole(core, seed.admin, 'clerk');
    expect(
      await clerk.call('reports.preview', { params: { report: 'pengaduan', period: OPEN } }),
    ).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });
});

describe('closed months', () => {
  const params = { report: 'bulanan' as const, period: CLOSED, programCode: 'BPNT' };

  it('freezes the first document of closed periods and prints the same one again', async () => {
    const first = await seed.manager.ok('reports.preview', { params });
    expect(first.frozen?.code).toMatch(/^[A-Z2-7]{5}-[A-Z2-7]{5}$/);
    expect(first.provisional).toBe(false);
    expect(first.body).toContain(`Kode verifikasi ${first.frozen!.code}`);

    // A new signatory and a correction later: the frozen document does not move.
    const settings = await seed.admin.ok('reports.settings', {});
    await seed.admin.ok('reports.saveSettings', {
      kop: settings.kop,
      city: settings.city,
      reports: {
        ...settings.reports,
        bulanan: {
          maskNik: false,
          signers: [
            {
              caption: 'Mengetahui,',
              position: 'Kepala Dinas',
              name: 'Nama Baru',
              rank: '',
              nip: '196804111993031009',
            },
          ],
        },
      },
    });
    const item = one<{ id: string }>(
      `SELECT id FROM disbursement_items WHERE period_id = ? AND status = 'tersalurkan' LIMIT 1`,
      periodOf('BPNT', CLOSED)!.id,
    );
    await seed.manager.ok('disbursement.correct', {
      itemId: item.id,
      status: 'dikembalikan',
      notPaidReason: 'Rekening pasif',
      reason: 'Bank mengembalikan dana',
    });
    const again = await seed.manager.ok('reports.preview', { params });
    expect(again.frozen).toEqual(first.frozen);
    expect(again.body).toBe(first.body);
    expect(again.body).not.toContain('Nama Baru');
    expect(again.notices.join(' ')).toMatch(/1 koreksi penyaluran sesudah dokumen ini dibekukan/);

    const verified = await seed.manager.ok('reports.verify', { code: first.frozen!.code });
    expect(verified).toMatchObject({ found: true, intact: true, superseded: false, revision: 1 });

    // The manager reissues: new numbers, new code; the old code is known as superseded.
    const reissued = await seed.manager.ok('reports.reissue', {
      params,
      reason: 'Koreksi dana dikembalikan',
    });
    expect(reissued.frozen!.code).not.toBe(first.frozen!.code);
    expect(reissued.frozen!.revision).toBe(2);
    expect(reissued.body).toContain('Nama Baru');
    expect(await seed.manager.ok('reports.verify', { code: first.frozen!.code })).toMatchObject({
      superseded: true,
    });
    expect((await seed.manager.ok('reports.preview', { params })).frozen!.code).toBe(reissued.frozen!.code);
  });

  it('notices a stored document edited outside the app', async () => {
    const p = { report: 'bnba' as const, period: CLOSED, programCode: 'BPNT', desaCode: '35.79.02.2001' };
    const first = await seed.manager.ok('reports.preview', { params: p });
    core.db.sql.raw
      .prepare(
        `UPDATE report_snapshots SET document_json = replace(document_json, 'Rp', 'Rp9') WHERE code = ?`,
      )
      .run(first.frozen!.code);
    expect(await seed.manager.call('reports.preview', { params: p })).toMatchObject({
      ok: false,
      error: { code: 'DB_DAMAGED' },
    });
    expect(await seed.manager.ok('reports.verify', { code: first.frozen!.code })).toMatchObject({
      intact: false,
    });
  });

  it('marks a report of an open period as provisional and does not freeze it', async () => {
    const before = one<{ n: number }>('SELECT count(*) AS n FROM report_snapshots').n;
    const open = await seed.manager.ok('reports.preview', {
      params: { report: 'bulanan', period: OPEN, programCode: 'BPNT' },
    });
    expect(open.frozen).toBeNull();
    expect(open.provisional).toBe(true);
    expect(open.body).toContain('SEMENTARA');
    expect(one<{ n: number }>('SELECT count(*) AS n FROM report_snapshots').n).toBe(before);
  });

  it('audits every view, print and export, and the freeze with its hash', async () => {
    await seed.manager.ok('reports.notePrint', { params: { report: 'pengaduan', period: OPEN } });
    await saveReport(seed.manager, seed.files, { report: 'pengaduan', period: OPEN }, 'xlsx', 'pengaduan');
    const actions = raw<{ action: string; changes_json: string }>(
      `SELECT action, changes_json FROM audit_log WHERE action LIKE 'reports.%' ORDER BY seq`,
    );
    const names = actions.map((a) => a.action);
    expect(names).toEqual(
      expect.arrayContaining([
        'reports.view',
        'reports.freeze',
        'reports.print',
        'reports.export',
        'reports.reissue',
        'reports.settings',
      ]),
    );
    const freeze = JSON.parse(actions.find((a) => a.action === 'reports.freeze')!.changes_json) as {
      hash: string;
      code: string;
    };
    expect(freeze.hash).toMatch(/^[0-9a-f]{64}$/);
    const exported = JSON.parse(
      actions.filter((a) => a.action === 'reports.export').at(-1)!.changes_json,
    ) as { file: string; format: string };
    expect(exported).toMatchObject({ format: 'xlsx', file: 'pengaduan.xlsx' });
    expect((await seed.admin.job<AuditVerifyReport>('audit.verify', {})).ok).toBe(true);
  });

  it('keeps one frozen document per area: a kecamatan officer has their own', async () => {
    const batu = new Client(core);
    await seed.admin.ok('users.create', {
      username: 'petugas.batu',
      fullName: 'Petugas Batu',
      role: 'officer',
      area: { kecamatan: ['35.79.01'], desa: [] },
      temporaryPassword: 'sementara sepeda motor menuju desa punten',
    });
    await batu.ok('auth.login', {
      username: 'petugas.batu',
      password: 'sementara sepeda motor menuju desa punten',
    });
    await batu.ok('auth.changePassword', {
      currentPassword: 'sementara sepeda motor menuju desa punten',
      newPassword: 'sepeda motor menuju desa sisir',
    });
    const p = { report: 'bulanan' as const, period: CLOSED, programCode: 'PKH' };
    const mine = await batu.ok('reports.preview', { params: p });
    const city = await seed.manager.ok('reports.preview', { params: p });
    expect(mine.frozen!.code).not.toBe(city.frozen!.code);
    expect(mine.body).not.toContain('Kecamatan Bumiaji');
    expect(city.body).toContain('Kecamatan Bumiaji');
  });
});

describe('Data Saya names the lists that carried the family out of the office (issue 12)', () => {
  it('lists a BNBA print and a bulk export that included the family, and nothing for a family left out', async () => {
    const period = periodOf('BPNT', CLOSED)!;
    // Not the desa whose frozen BNBA another test tampers with.
    const { desa } = one<{ desa: string }>(
      `SELECT desa_code AS desa FROM disbursement_items WHERE period_id = ? AND desa_code != '35.79.02.2001' LIMIT 1`,
      period.id,
    );
    const params = { report: 'bnba' as const, period: CLOSED, programCode: 'BPNT', desaCode: desa };
    const bnba = await seed.manager.ok('reports.preview', { params });
    await seed.manager.ok('reports.notePrint', { params });
    const named = one<{ nik: string }>(
      `SELECT p.nik FROM disbursement_items i JOIN people p ON p.household_id = i.household_id
        WHERE i.period_id = ? AND i.desa_code = ? AND p.nik IS NOT NULL AND p.deleted_at IS NULL LIMIT 1`,
      period.id,
      desa,
    );
    const chosen = await seed.manager.ok('files.chooseSave', {
      purpose: 'export',
      suggestedName: 'penerima-desa.csv',
    });
    await seed.manager.job('export.start', {
      kind: 'recipients',
      filters: { desaCode: desa },
      format: 'csv',
      target: chosen!.handle,
    });
    const dataSaya = await seed.manager.ok('reports.preview', {
      params: { report: 'data-saya', nik: named.nik },
    });
    const section = dataSaya.body.slice(dataSaya.body.indexOf('H. Daftar dan cetakan'));
    expect(section).toContain(`Cetak ${bnba.title}`);
    expect(section).toContain('Ekspor daftar penerima (berkas penerima-desa.csv)');

    const elsewhere = one<{ nik: string }>(
      `SELECT p.nik FROM people p JOIN households h ON h.id = p.household_id
        WHERE h.desa_code != ? AND p.nik IS NOT NULL AND p.deleted_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM disclosures d WHERE d.household_id = h.id) LIMIT 1`,
      desa,
    );
    const untouched = await seed.manager.ok('reports.preview', {
      params: { report: 'data-saya', nik: elsewhere.nik },
    });
    expect(untouched.body).toContain('belum pernah diekspor atau dicetak');
  });
});

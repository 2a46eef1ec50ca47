import ExcelJS from 'exceljs';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ageOn, todayWib } from '../../common/domain/localDate.ts';
import type { PersonInput } from '../../common/api/methods/registry.ts';
import { PASSWORDS, setUpCore, userWithRole, type Client } from '../../tests/support/core.ts';
import { grant } from '../../tests/support/importHarness.ts';
import { convertWithLibreOffice, findSoffice, parseCsv } from '../../tests/support/libreoffice.ts';
import { SIKS_NG_SHEET } from './siksNg.ts';

/**
 * Proposals to the ministry from approved verifications, through the real path: families
 * registered, visited, submitted by an officer and approved by a manager on a real encrypted
 * database; a clerk exports; the file is read back by exceljs and converted by LibreOffice.
 */
const soffice = findSoffice();
if (!soffice)
  console.warn(
    'LibreOffice (soffice) tidak ditemukan: uji LibreOffice dilewati. Pasang: apt-get install -y libreoffice-calc-nogui',
  );

const HEADER = [
  '101',
  '102',
  '103',
  '104',
  '105',
  '105a Kode Sub SLS',
  '109',
  '110 No Urut Keluarga',
  'No KK',
  '401',
  '402 Nama',
  '403 NIK',
  '404',
  '405',
  '406',
  '407',
  '408',
  '409',
  'ID DTKS',
  'IDARTBDT',
  'JENIS USULAN',
  'ALASAN',
  'TANGGAL PERSETUJUAN',
];
const at = (name: string) => HEADER.indexOf(name);

const person = (
  n: number,
  name: string,
  sex: 'L' | 'P',
  relationship: string,
  extra: Partial<PersonInput> = {},
) => ({
  // NIK: Kota Batu, born 12-05-1980 (a woman's day + 40), a serial per person.
  nik: `357901${sex === 'P' ? '52' : '12'}0580${String(n).padStart(4, '0')}`,
  name,
  sex,
  birthDate: '1980-05-12',
  relationship,
  ...extra,
});

async function world() {
  // The clock each approval happens at; set before each one.
  let now = new Date('2026-11-10T03:00:00Z');
  const { core, admin, files } = await setUpCore({ clock: () => now });
  const officer = await userWithRole(core, admin, 'officer');
  const manager = await userWithRole(core, admin, 'manager');
  const clerk = await userWithRole(core, admin, 'clerk');
  const raw = core.db.sql.raw;
  const desa = raw
    .prepare(`SELECT code, bps_code FROM regions WHERE level IN ('desa', 'kelurahan') ORDER BY code LIMIT 1`)
    .get() as { code: string; bps_code: string };
  /** Weeks pass between approvals: the clock moves and an idle session locks, so it unlocks. */
  const after = async (when: string, client: Client, role: 'manager' | 'officer' | 'clerk') => {
    now = new Date(when);
    await client.ok('auth.unlock', { password: PASSWORDS[role] });
  };
  let kk = 0;
  const family = async (
    members: ReturnType<typeof person>[],
    household: { dtksStatus?: 'DTKS' | 'NON_DTKS'; roofType?: string; floorAreaM2?: number } = {},
  ) => {
    kk++;
    const created = await officer.ok('households.create', {
      household: {
        kkNumber: `35790120031500${String(kk).padStart(2, '0')}`,
        desaCode: desa.code,
        rt: '1',
        rw: '2',
        address: `Jl. Kartika ${kk}`,
        ...household,
      },
      members,
    });
    const page = await officer.ok('households.get', { id: created.value.id });
    return {
      id: created.value.id,
      kk: `35790120031500${String(kk).padStart(2, '0')}`,
      members: page.members,
    };
  };
  /** Visited, submitted by the officer and approved by the manager at `when`. */
  const approved = async (
    householdId: string,
    outcome: 'layak' | 'tidak_layak',
    reason: string,
    when: string,
    visit: Record<string, unknown> = {},
  ) => {
    await officer.ok('auth.unlock', { password: PASSWORDS.officer });
    const { id } = await officer.ok('verification.start', { householdId });
    const fresh = await officer.ok('verification.get', { id });
    await officer.ok('verification.saveVisit', {
      id,
      expectedVersion: fresh.version,
      visit: { visitDate: '2026-11-05', findings: 'Kunjungan rumah', ...visit },
    });
    await officer.ok('verification.submit', { id, outcome, reason });
    await after(when, manager, 'manager');
    await manager.ok('verification.approve', { id, decision: 'disetujui' });
    return id;
  };
  const exportTo = async (name: string, filters: Record<string, string>, format: 'xlsx' | 'csv' = 'xlsx') => {
    const target = join(files, name);
    await clerk.ok('auth.unlock', { password: PASSWORDS.clerk });
    const { jobId } = await clerk.ok('export.start', {
      kind: 'siksNg',
      format,
      filters,
      target: grant(core, clerk, target, 'write'),
    });
    return { target, job: await core.jobs.wait(jobId) };
  };
  return { core, raw, files, desa, officer, clerk, family, approved, exportTo };
}

async function sheetRows(path: string): Promise<{ name: string; rows: unknown[][] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const sheet = wb.worksheets[0]!;
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return { name: sheet.name, rows };
}

describe('SIKS-NG proposals from approved verifications', () => {
  it('new, corrected and leaving members, each with its codes; NIK and KK stay 16-digit text in exceljs and LibreOffice', async () => {
    const w = await world();
    // Not in DTKS, found eligible: its living members are proposed as new.
    const baru = await w.family(
      [
        person(1, 'Suyono', 'L', 'kepala_keluarga', { maritalStatus: 'Kawin' }),
        person(2, 'Sulastri', 'P', 'istri', { maritalStatus: 'KAWIN' }),
        person(3, 'Rudi', 'L', 'anak', { birthDate: '2010-03-01', maritalStatus: 'Belum Kawin' }),
      ],
      { dtksStatus: 'NON_DTKS' },
    );
    // In DTKS, not eligible any more: every member leaves.
    const keluar = await w.family(
      [
        person(4, 'Parmin', 'L', 'kepala_keluarga'),
        person(5, 'Tumini', 'P', 'istri', { maritalStatus: 'Cerai Mati' }),
      ],
      { dtksStatus: 'DTKS' },
    );
    // In DTKS, eligible, the visit saw another roof; one member has died since.
    const perbaikan = await w.family(
      [
        person(6, 'Sarmadi', 'L', 'kepala_keluarga'),
        person(7, 'Ngatinah', 'P', 'orang_tua', { maritalStatus: 'cerai hidup' }),
        person(8, 'Bejo', 'L', 'cucu'),
      ],
      { dtksStatus: 'DTKS', roofType: 'Genteng', floorAreaM2: 36 },
    );
    await w.officer.ok('people.setStatus', {
      id: perbaikan.members.find((m) => m.name === 'Ngatinah')!.id,
      status: 'meninggal',
      date: '2026-10-30',
      reason: 'Meninggal dunia 30 Oktober 2026',
    });
    // Not in DTKS and not eligible: nothing to send.
    const nothing = await w.family([person(9, 'Karto', 'L', 'kepala_keluarga')], { dtksStatus: 'NON_DTKS' });
    // Approved before the range, and just after it (00:30 WIB on 1 December): left out.
    const early = await w.family([person(10, 'Wagiman', 'L', 'kepala_keluarga')], { dtksStatus: 'NON_DTKS' });
    const late = await w.family([person(11, 'Tukiran', 'L', 'kepala_keluarga')], { dtksStatus: 'NON_DTKS' });

    await w.approved(early.id, 'layak', 'Lansia tunggal', '2026-10-31T16:59:00Z'); // 23:59 WIB, 31 Oct
    await w.approved(baru.id, 'layak', 'Penghasilan di bawah garis kemiskinan', '2026-11-01T00:00:00Z');
    await w.approved(keluar.id, 'tidak_layak', 'Sudah mampu: usaha toko', '2026-11-15T03:00:00Z');
    await w.approved(perbaikan.id, 'layak', 'Tetap layak', '2026-11-20T03:00:00Z', {
      roofType: 'Seng',
      floorAreaM2: 36,
    });
    await w.approved(nothing.id, 'tidak_layak', 'Pegawai tetap', '2026-11-21T03:00:00Z');
    await w.approved(late.id, 'layak', 'Lansia', '2026-11-30T17:30:00Z'); // 00:30 WIB, 1 Dec

    const { target, job } = await w.exportTo('usulan-siks-ng.xlsx', {
      approvedFrom: '2026-11-01',
      approvedTo: '2026-11-30',
    });
    expect(job).toMatchObject({ state: 'done', result: { rows: 8 } });

    const { name, rows } = await sheetRows(target);
    expect(name).toBe(SIKS_NG_SHEET);
    expect(rows[0]).toEqual(HEADER);
    const data = rows.slice(1);
    const [p, k, kec, d] = [
      w.desa.bps_code.slice(0, 2),
      w.desa.bps_code.slice(2, 4),
      w.desa.bps_code.slice(4, 7),
      w.desa.bps_code.slice(7),
    ];
    const cell = (r: unknown[], name: string) => r[at(name)] ?? null;
    const pick = (r: unknown[]) => ({
      kk: cell(r, 'No KK'),
      no: cell(r, '401'),
      name: cell(r, '402 Nama'),
      nik: cell(r, '403 NIK'),
      presence: cell(r, '404'),
      sex: cell(r, '405'),
      marital: cell(r, '408'),
      relationship: cell(r, '409'),
      kind: cell(r, 'JENIS USULAN'),
      reason: cell(r, 'ALASAN'),
    });
    const nik = (n: number, sex: 'L' | 'P') =>
      `357901${sex === 'P' ? '52' : '12'}0580${String(n).padStart(4, '0')}`;
    const roof = 'jenis atap Genteng menjadi Seng';
    expect(data.map(pick)).toEqual([
      {
        kk: baru.kk,
        no: 1,
        name: 'Suyono',
        nik: nik(1, 'L'),
        presence: 1,
        sex: 1,
        marital: 2,
        relationship: 1,
        kind: 'USULAN BARU',
        reason: 'Penghasilan di bawah garis kemiskinan',
      },
      {
        kk: baru.kk,
        no: 2,
        name: 'Sulastri',
        nik: nik(2, 'P'),
        presence: 1,
        sex: 2,
        marital: 2,
        relationship: 2,
        kind: 'USULAN BARU',
        reason: 'Penghasilan di bawah garis kemiskinan',
      },
      {
        kk: baru.kk,
        no: 3,
        name: 'Rudi',
        nik: nik(3, 'L'),
        presence: 1,
        sex: 1,
        marital: 1,
        relationship: 3,
        kind: 'USULAN BARU',
        reason: 'Penghasilan di bawah garis kemiskinan',
      },
      {
        kk: keluar.kk,
        no: 1,
        name: 'Parmin',
        nik: nik(4, 'L'),
        presence: 1,
        sex: 1,
        marital: null,
        relationship: 1,
        kind: 'USULAN KELUAR',
        reason: 'Sudah mampu: usaha toko',
      },
      {
        kk: keluar.kk,
        no: 2,
        name: 'Tumini',
        nik: nik(5, 'P'),
        presence: 1,
        sex: 2,
        marital: 4,
        relationship: 2,
        kind: 'USULAN KELUAR',
        reason: 'Sudah mampu: usaha toko',
      },
      {
        kk: perbaikan.kk,
        no: 1,
        name: 'Sarmadi',
        nik: nik(6, 'L'),
        presence: 1,
        sex: 1,
        marital: null,
        relationship: 1,
        kind: 'PERBAIKAN DATA',
        reason: roof,
      },
      {
        kk: perbaikan.kk,
        no: 2,
        name: 'Ngatinah',
        nik: nik(7, 'P'),
        presence: 2,
        sex: 2,
        marital: 3,
        relationship: 6,
        kind: 'USULAN KELUAR',
        reason: 'Meninggal dunia 30 Oktober 2026',
      },
      {
        kk: perbaikan.kk,
        no: 3,
        name: 'Bejo',
        nik: nik(8, 'L'),
        presence: 1,
        sex: 1,
        marital: null,
        relationship: 5,
        kind: 'PERBAIKAN DATA',
        reason: roof,
      },
    ]);
    // Region codes (BPS), the empty census columns, birth date as text, age on today's date.
    for (const r of data) {
      expect(Array.from({ length: 8 }, (_, i) => r[i] ?? null)).toEqual([
        p,
        k,
        kec,
        d,
        null,
        null,
        null,
        null,
      ]);
      expect(r[at('406')]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(r[at('407')]).toBe(ageOn(r[at('406')] as string, todayWib()));
    }
    expect(data.map((r) => r[at('TANGGAL PERSETUJUAN')])).toEqual([
      ...Array(3).fill(new Date('2026-11-01T00:00:00Z')),
      ...Array(2).fill(new Date('2026-11-15T00:00:00Z')),
      ...Array(3).fill(new Date('2026-11-20T00:00:00Z')),
    ]);

    // The export is audited and names the families it disclosed (Data Saya).
    const entry = w.raw
      .prepare("SELECT id FROM audit_log WHERE action = 'export.list' ORDER BY seq DESC")
      .get() as {
      id: string;
    };
    const disclosed = w.raw
      .prepare('SELECT household_id FROM disclosures WHERE audit_id = ? ORDER BY household_id')
      .pluck()
      .all(entry.id);
    expect(disclosed).toEqual([baru.id, keluar.id, perbaikan.id].sort());

    if (soffice) {
      const out = join(w.files, 'lo');
      mkdirSync(out);
      const csv = await convertWithLibreOffice(
        soffice,
        target,
        out,
        'csv:Text - txt - csv (StarCalc):44,34,76,1',
      );
      const [header, ...lines] = parseCsv(readFileSync(csv, 'utf8').replace(/^\ufeff/, ''), ',');
      expect(header).toEqual(HEADER);
      const body = lines.filter((l) => l.length > 1);
      expect(
        body.map((l) => [
          l[at('No KK')],
          l[at('403 NIK')],
          l[at('404')],
          l[at('405')],
          l[at('409')],
          l[at('JENIS USULAN')],
        ]),
      ).toEqual(
        data.map((r) => [
          r[at('No KK')],
          r[at('403 NIK')],
          String(r[at('404')]),
          String(r[at('405')]),
          String(r[at('409')]),
          r[at('JENIS USULAN')],
        ]),
      );
      for (const l of body) {
        expect(l[at('403 NIK')]).toMatch(/^\d{16}$/);
        expect(l[at('No KK')]).toMatch(/^\d{16}$/);
        expect(l[at('104')]).toBe(d);
      }
    }
  }, 240_000);

  it('asks for the date range, and a CSV keeps the same columns', async () => {
    const w = await world();
    const f = await w.family([person(1, 'Suyono', 'L', 'kepala_keluarga')], { dtksStatus: 'NON_DTKS' });
    await w.approved(f.id, 'layak', 'Layak', '2026-11-02T03:00:00Z');
    const missing = await w.exportTo('tanpa-tanggal.xlsx', {});
    expect(missing.job).toMatchObject({ state: 'failed', error: { code: 'VALIDATION' } });
    const { target, job } = await w.exportTo(
      'usulan.csv',
      { approvedFrom: '2026-11-01', approvedTo: '2026-11-30' },
      'csv',
    );
    expect(job).toMatchObject({ state: 'done', result: { rows: 1 } });
    const [header, row] = parseCsv(readFileSync(target, 'utf8').replace(/^\ufeff/, ''), ';');
    expect(header).toEqual(HEADER);
    expect(row![at('403 NIK')]).toBe('3579011205800001');
    expect(row![at('JENIS USULAN')]).toBe('USULAN BARU');
    // The desa filter of the export page applies too.
    const other = w.raw
      .prepare(`SELECT code FROM regions WHERE level IN ('desa', 'kelurahan') AND code <> ? LIMIT 1`)
      .pluck()
      .get(w.desa.code) as string;
    const elsewhere = await w.exportTo('usulan-desa-lain.xlsx', {
      approvedFrom: '2026-11-01',
      approvedTo: '2026-11-30',
      desaCode: other,
    });
    expect(elsewhere.job).toMatchObject({ state: 'done', result: { rows: 0 } });
  }, 120_000);
});

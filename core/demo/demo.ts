import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PersonInput } from '../../common/api/methods/registry.ts';
import { qb } from '../../db/sql.ts';
import type { Changes } from '../db/changes.ts';
import type { Database } from '../db/database.ts';
import { openPeriod, setStatus, closePeriod } from '../disbursement/disbursement.ts';
import { createEnrolment } from '../programs/enrolments.ts';
import { listPrograms } from '../programs/reference.ts';
import { RegionNames } from '../regions/names.ts';
import { createHousehold, type RegistryContext } from '../registry/households.ts';
import { approve, createWorklist, saveVisit, submitOutcome } from '../verification/verification.ts';
import { addCaseNote, createCase, createComplaint, setCaseStatus, updateComplaint } from '../cases/cases.ts';
import { DEMO_MARKER } from '../app.ts';

/**
 * Synthetic but realistic data for newcomers, screenshots and benchmarks: families across the
 * 24 desa/kelurahan with valid NIK/KK, desil, programme enrolments, 12 months of disbursement,
 * verification visits, cases and complaints. Every household is flagged synthetic, the data
 * folder carries a marker file, and the app shows a banner. Deterministic for a given seed.
 */

const MALE = [
  'Sutrisno',
  'Wahyudi',
  'Slamet',
  'Suparno',
  'Budi',
  'Agus',
  'Joko',
  'Bambang',
  'Hariyanto',
  'Sugeng',
  'Mulyono',
  'Eko',
  'Darmaji',
  'Suwarno',
  'Rudi',
  'Yusuf',
  'Ahmad',
  'Muhammad',
  'Imam',
  'Riyadi',
  'Sukarji',
  'Paidi',
  'Kasmani',
  'Tumiran',
  'Didik',
  'Heru',
  'Anang',
  'Fajar',
  'Rizky',
  'Dimas',
];
const FEMALE = [
  'Suparmi',
  'Siti',
  'Sri',
  'Wahyuni',
  'Sumiati',
  'Kasiyem',
  'Tukinem',
  'Endang',
  'Lestari',
  'Nurhayati',
  'Yuliani',
  'Rukmini',
  'Marsini',
  'Painem',
  'Ponirah',
  'Dewi',
  'Ratna',
  'Kartini',
  'Indah',
  'Fitri',
  'Aminah',
  'Khotijah',
  'Rohmah',
  'Tutik',
  'Sulastri',
  'Anik',
  'Puji',
  'Nanik',
  'Ayu',
  'Dinda',
];
const SECOND = [
  'Santoso',
  'Wibowo',
  'Susanto',
  'Purnomo',
  'Setiawan',
  'Hidayat',
  'Prasetyo',
  'Rahayu',
  'Lestari',
  'Handayani',
  'Wulandari',
  'Aminah',
  'Suryani',
  'Kusuma',
  'Saputra',
  'Nugroho',
  'Utomo',
  'Hartono',
  'Sulistyowati',
  'Maryam',
];
const PLACES = ['Batu', 'Batu', 'Batu', 'Malang', 'Blitar', 'Kediri', 'Pasuruan', 'Tulungagung'];
const OCCUPATIONS = [
  'petani',
  'buruh_tani',
  'buruh_harian',
  'pedagang',
  'wiraswasta',
  'sopir',
  'tukang',
  'peternak',
];
const DUSUN = ['Krajan', 'Ngandat', 'Jeding', 'Sumbersari', 'Kajang', 'Dresel', 'Brau', 'Ngebruk'];
const FLOORS = ['tanah', 'semen', 'semen', 'keramik'];
const WALLS = ['bambu', 'kayu', 'tembok', 'tembok'];
const ROOFS = ['genteng', 'genteng', 'seng', 'asbes'];

/** Mulberry32: small, fast, deterministic. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  };
}

type Random = ReturnType<typeof rng>;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

class IdNumbers {
  private readonly serials = new Map<string, number>();
  private next(prefix: string): string {
    const n = (this.serials.get(prefix) ?? 0) + 1;
    this.serials.set(prefix, n);
    return `${prefix}${pad(n, 4)}`;
  }
  nik(kecamatan: string, birth: Date, sex: 'L' | 'P'): string {
    const day = birth.getUTCDate() + (sex === 'P' ? 40 : 0);
    return this.next(
      `3579${kecamatan}${pad(day)}${pad(birth.getUTCMonth() + 1)}${pad(birth.getUTCFullYear() % 100)}`,
    );
  }
  kk(kecamatan: string, issued: Date): string {
    return this.next(
      `3579${kecamatan}${pad(issued.getUTCDate())}${pad(issued.getUTCMonth() + 1)}${pad(issued.getUTCFullYear() % 100)}`,
    );
  }
}

function birthAt(r: Random, today: Date, age: number): Date {
  const d = new Date(Date.UTC(today.getUTCFullYear() - age, r.int(0, 11), r.int(1, 28)));
  return d > today ? new Date(Date.UTC(d.getUTCFullYear() - 1, d.getUTCMonth(), d.getUTCDate())) : d;
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
/** "Suyono Santoso" as an elderly card might spell it: "Soejono Santoso". */
const oldSpelling = (name: string) => name.replace(/u/g, 'oe').replace(/j/g, 'dj').replace(/y/g, 'j');
const ageOf = (birth: string, today: Date) => today.getUTCFullYear() - Number(birth.slice(0, 4));

function family(r: Random, ids: IdNumbers, kecamatan: string, today: Date): PersonInput[] {
  const femaleHead = r.chance(0.25);
  const headAge = r.int(24, 82);
  const surname = r.pick(SECOND);
  const person = (sex: 'L' | 'P', age: number, relationship: string, name: string): PersonInput => {
    const birth = birthAt(r, today, age);
    return {
      nik: ids.nik(kecamatan, birth, sex),
      name,
      sex,
      birthPlace: r.pick(PLACES),
      birthDate: iso(birth),
      relationship,
      motherName: `${r.pick(FEMALE)}`,
      education: age < 7 ? 'tidak_sekolah' : r.pick(['sd', 'sd', 'smp', 'sma']),
      occupation:
        age < 16
          ? age >= 7
            ? 'pelajar'
            : 'belum_bekerja'
          : age >= 65
            ? 'belum_bekerja'
            : r.pick(OCCUPATIONS),
      disability: r.chance(0.03) ? r.pick(['fisik', 'sensorik', 'intelektual', 'ganda']) : null,
      chronicIllness: age > 50 && r.chance(0.1) ? r.pick(['Hipertensi', 'Diabetes', 'Asma']) : null,
    };
  };
  const members: PersonInput[] = [];
  if (femaleHead)
    members.push(
      person(
        'P',
        headAge,
        'kepala_keluarga',
        `${r.pick(FEMALE)} ${r.chance(0.5) ? r.pick(SECOND) : ''}`.trim(),
      ),
    );
  else {
    members.push(person('L', headAge, 'kepala_keluarga', `${r.pick(MALE)} ${surname}`));
    if (headAge < 75 || r.chance(0.5))
      members.push(
        person(
          'P',
          Math.max(20, headAge - r.int(0, 8)),
          'istri',
          `${r.pick(FEMALE)} ${r.chance(0.4) ? r.pick(SECOND) : ''}`.trim(),
        ),
      );
  }
  const children = headAge < 60 ? r.int(0, 4) : r.int(0, 1);
  for (let i = 0; i < children; i++) {
    const age = Math.max(0, Math.min(headAge - 18, r.int(0, 25)));
    const sex = r.chance(0.5) ? 'L' : 'P';
    members.push(
      person(
        sex,
        age,
        'anak',
        `${r.pick(sex === 'L' ? MALE : FEMALE)} ${r.chance(0.5) ? surname : r.pick(SECOND)}`,
      ),
    );
  }
  if (headAge < 50 && r.chance(0.12))
    members.push(person('P', r.int(68, 90), 'orang_tua', `${r.pick(FEMALE)}`));
  return members;
}

function desil(r: Random): number {
  const x = r.next();
  return x < 0.2 ? 1 : x < 0.45 ? 2 : x < 0.68 ? 3 : x < 0.83 ? 4 : r.int(5, 10);
}

export interface DemoOptions {
  households: number;
  seed?: number;
  today?: Date;
  onProgress?: (done: number, total: number, phase: string) => void;
}

export interface DemoSummary {
  households: number;
  people: number;
  enrolments: number;
  periods: number;
  payments: number;
  verifications: number;
  cases: number;
  complaints: number;
}

/**
 * Fills an open database. `staff` names the accounts that do the casework in the demo (an
 * officer and a manager), so "Aktivitas saya" has content when they log in.
 */
export function generateDemo(
  db: Database,
  dataDir: string,
  staff: { officerId: string; managerId: string },
  options: DemoOptions,
): DemoSummary {
  const r = rng(options.seed ?? 20261128);
  const today = options.today ?? new Date();
  const ids = new IdNumbers();
  const regions = new RegionNames(db.sql);
  const desaList = db.sql.all(
    qb
      .selectFrom('regions')
      .select(['code', 'level', 'parent_code'])
      .where('level', 'in', ['desa', 'kelurahan']),
  );
  const everywhere = { desaCodes: null, readSpecific: true, userId: staff.officerId, username: 'demo' };
  const registry: RegistryContext = { sql: db.sql, scope: everywhere, regions, cityPrefix: '3579', today };
  const programs = new Map(listPrograms(db.sql).map((p) => [p.code, p]));
  const component = (code: string, c: string) => programs.get(code)!.components.find((x) => x.code === c)!.id;
  const summary: DemoSummary = {
    households: 0,
    people: 0,
    enrolments: 0,
    periods: 0,
    payments: 0,
    verifications: 0,
    cases: 0,
    complaints: 0,
  };
  const householdIds: string[] = [];

  writeFileSync(
    join(dataDir, DEMO_MARKER),
    'Folder ini berisi DATA DEMO SINTETIS dari `bansos demo`. Bukan data warga sungguhan.\n',
  );

  // 1. Families, in batches of 200 per transaction.
  const officer = { userId: staff.officerId, username: 'petugas.demo' };
  for (let start = 0; start < options.households; start += 200) {
    db.write(officer, (changes) => {
      for (let i = start; i < Math.min(options.households, start + 200); i++) {
        const desa = r.pick(desaList);
        const kecamatan = desa.code.split('.')[2]!;
        const issued = new Date(Date.UTC(r.int(2008, 2025), r.int(0, 11), r.int(1, 28)));
        const members = family(r, ids, kecamatan, today);
        const { id } = createHousehold(
          changes,
          registry,
          {
            household: {
              kkNumber: ids.kk(kecamatan, issued),
              desaCode: desa.code,
              dusun: r.pick(DUSUN),
              rt: String(r.int(1, 12)),
              rw: String(r.int(1, 8)),
              address: `Jl. ${r.pick(['Raya', 'Kenanga', 'Melati', 'Mawar', 'Anggrek', 'Diponegoro', 'Sultan Agung'])} No. ${r.int(1, 120)}`,
              desil: desil(r),
              desilAsOf: iso(
                new Date(Date.UTC(today.getUTCFullYear(), Math.max(0, today.getUTCMonth() - 2), 1)),
              ),
              dtksStatus: r.chance(0.85) ? 'DTKS' : 'NON_DTKS',
              houseOwnership: r.pick(['milik sendiri', 'milik sendiri', 'sewa', 'menumpang']),
              floorAreaM2: r.int(18, 90),
              floorType: r.pick(FLOORS),
              wallType: r.pick(WALLS),
              roofType: r.pick(ROOFS),
              waterSource: r.pick(['PDAM', 'sumur', 'mata air']),
              lighting: r.pick(['PLN 450 VA', 'PLN 900 VA', 'PLN 450 VA']),
              toilet: r.pick(['sendiri', 'sendiri', 'bersama', 'tidak ada']),
              assets: r.chance(0.5) ? [r.pick(['motor', 'televisi', 'kulkas', 'ternak'])] : [],
              monthlyIncome: r.int(4, 30) * 100_000,
              notes: '',
            },
            members,
          },
          { synthetic: true },
        );
        householdIds.push(id);
        summary.households++;
        summary.people += members.length;
        enrol(changes, id, members);
        // Now and then the same head of family registered again (old spelling, no NIK): the
        // duplicate queue has something to review.
        if (r.chance(0.006)) {
          const head = members[0]!;
          createHousehold(
            changes,
            registry,
            {
              household: {
                kkNumber: null,
                desaCode: desa.code,
                address: 'Alamat lama',
                assets: [],
                notes: '',
              },
              members: [
                { ...head, nik: null, name: oldSpelling(head.name), relationship: 'kepala_keluarga' },
              ],
            },
            { synthetic: true },
          );
          summary.households++;
          summary.people++;
        }
      }
    });
    options.onProgress?.(
      Math.min(options.households, start + 200),
      options.households,
      'Keluarga dan program',
    );
  }

  function enrol(changes: Changes, householdId: string, members: PersonInput[]) {
    const household = changes.db.first(
      qb.selectFrom('households').select(['desil', 'desa_code']).where('id', '=', householdId),
    )!;
    const people = changes.db.all(
      qb
        .selectFrom('people')
        .select(['id', 'birth_date', 'relationship'])
        .where('household_id', '=', householdId),
    );
    const add = (
      code: string,
      personId: string | null,
      componentCode: string | null,
      status: 'aktif' | 'usulan' = 'aktif',
    ) => {
      const program = programs.get(code)!;
      createEnrolment(changes, everywhere, regions, {
        householdId,
        personId,
        programId: program.id,
        componentId: componentCode ? component(code, componentCode) : null,
        status,
        channel: null,
        startDate: iso(new Date(Date.UTC(today.getUTCFullYear() - 2, r.int(0, 11), 1))),
      });
      summary.enrolments++;
    };
    const poor = (household.desil ?? 10) <= 4;
    const pkh = poor && r.chance(0.45);
    if (pkh) {
      let components = 0;
      for (const p of people) {
        if (!p.birth_date || components >= 4) continue;
        const age = ageOf(p.birth_date, today);
        const c =
          age <= 6
            ? 'anak_usia_dini'
            : age <= 12
              ? 'sd'
              : age <= 15
                ? 'smp'
                : age <= 18
                  ? 'sma'
                  : age >= 60
                    ? 'lansia'
                    : null;
        if (c) {
          add('PKH', p.id, c);
          components++;
        }
      }
    }
    const bpnt = poor && r.chance(0.7);
    if (bpnt) add('BPNT', null, null);
    if (poor && regions.level(household.desa_code) === 'desa' && !pkh && r.chance(0.15))
      add('BLT_DD', null, null);
    if (!pkh) {
      const elder = people.find((p) => p.birth_date && ageOf(p.birth_date, today) >= 70);
      if (elder && r.chance(0.5)) add('INSENTIF_BATU', elder.id, 'lansia');
    }
    if (poor)
      for (const p of people)
        if (r.chance(0.5)) add('PBI_JK', p.id, r.pick(['baru', 'pengaktifan', 'pengalihan']));
    if (!bpnt && r.chance(0.02)) add('BPNT', null, null, 'usulan');
    void members;
  }

  // 2. Twelve months of disbursement: BPNT every 2 months, PKH and the city incentive per
  //    quarter, BLT Dana Desa monthly. Most paid; some not, with reasons; all but the latest closed.
  const reasons = [
    'Tidak diambil / tidak hadir',
    'KKS hilang atau rusak',
    'Rekening pasif / dibekukan',
    'Data tidak padan',
  ];
  const first = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 11, 1));
  const schedule: { code: string; months: number }[] = [
    { code: 'BPNT', months: 2 },
    { code: 'PKH', months: 3 },
    { code: 'INSENTIF_BATU', months: 3 },
    { code: 'BLT_DD', months: 1 },
  ];
  for (const { code, months } of schedule) {
    for (let offset = 0; offset + months <= 12; offset += months) {
      const start = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + offset, 1));
      const latest = offset + months * 2 > 12;
      const manager = { userId: staff.managerId, username: 'manajer.demo' };
      const periodId = db.write(officer, (changes) =>
        openPeriod(changes, {
          programId: programs.get(code)!.id,
          year: start.getUTCFullYear(),
          startMonth: start.getUTCMonth() + 1,
          months,
        }),
      );
      summary.periods++;
      const items = db.sql.all(
        qb.selectFrom('disbursement_items').select(['id']).where('period_id', '=', periodId),
      );
      summary.payments += items.length;
      const paid: string[] = [];
      const unpaid: Record<string, string[]> = {};
      const returned: string[] = [];
      for (const item of items) {
        const x = r.next();
        if (x < (latest ? 0.7 : 0.93)) paid.push(item.id);
        else if (x < 0.985 || latest) (unpaid[r.pick(reasons)] ??= []).push(item.id);
        else returned.push(item.id);
      }
      const paidDate = iso(
        new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + months - 1, r.int(5, 25))),
      );
      db.write(officer, (changes) => {
        if (paid.length)
          setStatus(changes, everywhere, paid, {
            status: 'tersalurkan',
            paidDate: paidDate > iso(today) ? iso(today) : paidDate,
            reference: null,
            notPaidReason: null,
          });
        for (const [reason, list] of Object.entries(unpaid))
          setStatus(changes, everywhere, list, {
            status: 'belum',
            notPaidReason: reason,
            paidDate: null,
            reference: null,
          });
        if (returned.length)
          setStatus(changes, everywhere, returned, {
            status: 'dikembalikan',
            notPaidReason: 'Dana dikembalikan ke kas negara',
            paidDate: null,
            reference: null,
          });
      });
      if (!latest) db.write(manager, (changes) => closePeriod(changes, periodId));
    }
    options.onProgress?.(options.households, options.households, `Penyaluran ${code}`);
  }

  // 3. Verification: a worklist in a few desa, visits, outcomes, approvals.
  const manager = { userId: staff.managerId, username: 'manajer.demo' };
  const managerScope = { ...everywhere, userId: staff.managerId };
  for (const desa of desaList.filter(() => r.chance(0.25))) {
    db.write(officer, (changes) =>
      createWorklist(changes, everywhere, desa.code, r.chance(0.5) ? 'semua' : 'usulan'),
    );
  }
  const verifications = db.sql.all(qb.selectFrom('verifications').select(['id', 'version']));
  summary.verifications = verifications.length;
  for (const v of verifications) {
    if (!r.chance(0.6)) continue;
    db.write(officer, (changes) =>
      saveVisit(changes, everywhere, v.id, v.version, {
        visitDate: iso(new Date(today.getTime() - r.int(1, 60) * 86_400_000)),
        floorType: r.pick(FLOORS),
        wallType: r.pick(WALLS),
        monthlyIncome: r.int(4, 25) * 100_000,
        assets: [],
        findings: r.pick([
          'Kondisi rumah sesuai data.',
          'Lantai tanah, dinding bambu.',
          'Kepala keluarga sakit, tidak bekerja.',
          'Sudah memiliki usaha warung.',
        ]),
      }),
    );
    if (!r.chance(0.7)) continue;
    db.write(officer, (changes) =>
      submitOutcome(
        changes,
        everywhere,
        v.id,
        r.chance(0.85) ? 'layak' : 'tidak_layak',
        'Hasil kunjungan lapangan dan musyawarah desa',
      ),
    );
    if (r.chance(0.6)) db.write(manager, (changes) => approve(changes, managerScope, v.id, 'disetujui', ''));
  }

  // 4. Cases and complaints, some overdue, some resolved.
  for (const householdId of householdIds) {
    if (r.chance(0.03)) {
      const type = r.pick(['permohonan_bantuan', 'rujukan', 'atensi', 'kedaruratan'] as const);
      const caseId = db.write(officer, (changes) =>
        createCase(changes, everywhere, {
          householdId,
          personId: null,
          type,
          title: r.pick([
            'Permohonan bantuan biaya berobat',
            'Rumah rusak akibat angin kencang',
            'Lansia tinggal sendiri perlu pendampingan',
            'Anak putus sekolah',
            'Permohonan kursi roda',
          ]),
          description: '',
          atensiCluster: type === 'atensi' ? r.pick(['lansia', 'disabilitas', 'anak']) : null,
          assignedTo: staff.officerId,
          dueDate: iso(new Date(today.getTime() + r.int(-20, 20) * 86_400_000)),
        }),
      );
      summary.cases++;
      if (r.chance(0.6)) {
        db.write(officer, (changes) => {
          addCaseNote(changes, everywhere, caseId, 'Kunjungan rumah dilakukan, kebutuhan dicatat.');
          setCaseStatus(changes, everywhere, caseId, 'asesmen', '');
        });
        if (r.chance(0.5))
          db.write(officer, (changes) =>
            setCaseStatus(changes, everywhere, caseId, 'selesai', 'Bantuan telah diberikan.'),
          );
      }
    }
    if (r.chance(0.02)) {
      const complaintId = db.write(officer, (changes) =>
        createComplaint(changes, everywhere, {
          kind: r.pick(['usul', 'sanggah', 'keluhan'] as const),
          channel: r.pick(['datang_langsung', 'telepon', 'whatsapp', 'musyawarah_desa']),
          anonymous: r.chance(0.3),
          reporterName: `${r.pick(MALE)} (warga)`,
          reporterContact: null,
          householdId,
          desaCode: null,
          subject: r.pick([
            'Bantuan belum diterima bulan ini',
            'Keluarga mampu terdaftar sebagai penerima',
            'Mohon didaftarkan sebagai penerima',
            'KKS hilang',
          ]),
          description: '',
          receivedAt: new Date(today.getTime() - r.int(1, 90) * 86_400_000).toISOString(),
        }),
      );
      summary.complaints++;
      if (r.chance(0.65))
        db.write(officer, (changes) =>
          updateComplaint(changes, everywhere, complaintId, {
            status: 'selesai',
            resolution: 'Sudah ditindaklanjuti dan dijelaskan kepada pelapor.',
          }),
        );
    }
  }

  return summary;
}

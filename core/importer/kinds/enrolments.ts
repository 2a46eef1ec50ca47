import type { ProgramView } from '../../../common/api/methods/programs.ts';
import { LIVE_ENROLMENT, PERSON_STATUS_LABELS } from '../../../common/domain/registry.ts';
import { localDate } from '../../../common/format.ts';
import { qb, reusable } from '../../../db/sql.ts';
import { newId } from '../../ids.ts';
import { listPrograms } from '../../programs/reference.ts';
import { RegionMatcher } from '../regionMatch.ts';
import type { ImportRow } from '../rows.ts';
import { idFromCell, type Parsed } from '../values.ts';
import { householdById, householdByKk } from './lookups.ts';
import type { ImportSummary, KindProcessor, ProcessorContext } from './types.ts';

// The lookups every row makes, compiled once (see `reusable`).
/** The person with this NIK, the live one first (a removed one still explains the refusal). */
const personByNik = reusable((nik: string) =>
  qb
    .selectFrom('people')
    .select([
      'id',
      'household_id',
      'name',
      'nik',
      'birth_date',
      'sex',
      'disability',
      'status',
      'status_reason',
      'deleted_at',
      'deleted_reason',
    ])
    .where('nik', '=', nik)
    .orderBy('deleted_at')
    .limit(1),
);
const liveOfHousehold = reusable((programId: string, householdId: string) =>
  qb
    .selectFrom('enrolments')
    .select('id')
    .where('program_id', '=', programId)
    .where('household_id', '=', householdId)
    .where('status', 'in', [...LIVE_ENROLMENT])
    .where('deleted_at', 'is', null)
    .limit(1),
);
/** A person's live enrolments in a programme, with their components. */
const livePersonRows = reusable((programId: string, personId: string) =>
  qb
    .selectFrom('enrolments')
    .select(['id', 'component_id'])
    .where('program_id', '=', programId)
    .where('person_id', '=', personId)
    .where('status', 'in', [...LIVE_ENROLMENT])
    .where('deleted_at', 'is', null),
);
/** A family's live enrolments in a programme not tied to one member. */
const liveFamilyRows = reusable((programId: string, householdId: string) =>
  qb
    .selectFrom('enrolments')
    .select(['id', 'component_id'])
    .where('program_id', '=', programId)
    .where('household_id', '=', householdId)
    .where('person_id', 'is', null)
    .where('status', 'in', [...LIVE_ENROLMENT])
    .where('deleted_at', 'is', null),
);
const liveCodesOf = reusable((householdId: string) =>
  qb
    .selectFrom('enrolments')
    .innerJoin('programs', 'programs.id', 'enrolments.program_id')
    .select('programs.code')
    .where('enrolments.household_id', '=', householdId)
    .where('enrolments.status', 'in', [...LIVE_ENROLMENT])
    .where('enrolments.deleted_at', 'is', null),
);

type Program = ProgramView;
type Component = ProgramView['components'][number];
interface Person {
  id: string;
  household_id: string;
  name: string;
  nik: string | null;
  birth_date: string | null;
  sex: string | null;
  disability: string | null;
}
interface Household {
  id: string;
  kk_number: string | null;
  desa_code: string;
  deleted_at: string | null;
  deleted_reason: string | null;
}

/** Compared without case, spaces or punctuation: "Program Sembako", "PROGRAM-SEMBAKO". */
const key = (text: string) =>
  text
    .normalize('NFKD')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');

/**
 * Names the registers use for a programme that are neither its code nor its name (DOMAIN.md,
 * "Programs"); each applies only when a programme with that code exists.
 */
const ALIASES: Record<string, string> = {
  SEMBAKO: 'BPNT',
  PROGRAMSEMBAKO: 'BPNT',
  BANSOSSEMBAKO: 'BPNT',
  BANTUANPANGANNONTUNAI: 'BPNT',
  PBI: 'PBI_JK',
  PBIJKN: 'PBI_JK',
  PBIJK: 'PBI_JK',
  KIS: 'PBI_JK',
  BLTDESA: 'BLT_DD',
  BLTDANADESA: 'BLT_DD',
  BLTDD: 'BLT_DD',
  BLTELNINO: 'BLT_PANGAN',
  BLTPANGAN: 'BLT_PANGAN',
  BLTMITIGASIRISIKOPANGAN: 'BLT_PANGAN',
};

/** Why a programme text names no programme to enrol into. */
type ProgramRefusal = { code: 'PROGRAM_UNKNOWN' | 'PROGRAM_NOT_MEMBER'; message: string };

/** Words saying someone is not, or no longer, in a programme. */
const NOT_IN_PROGRAM =
  /^(NON|BUKAN|TIDAK|TDK|TAK|BELUM|BLM|EKS|EX|MANTAN|GRADUASI|GRADUATE|LULUS|KELUAR|DIKELUARKAN|BERHENTI|DIBERHENTIKAN|CORET|DICORET|HAPUS|DIHAPUS|TERMINASI|NONAKTIF|DINONAKTIFKAN|BATAL|DIBATALKAN|MUNDUR|PINDAH|MENINGGAL|MAMPU)$/;

/** What a membership-status cell ("AKTIF", "TIDAK AKTIF", "DIUSULKAN") says about the row. */
export type MembershipStatus =
  | { kind: 'empty' }
  | { kind: 'active' }
  | { kind: 'proposed' }
  | { kind: 'ended'; word: string }
  | { kind: 'unclear' };

/**
 * Words saying the person is not, not yet, or no longer a member: negations ("TIDAK AKTIF",
 * "BELUM AKTIF"), ends ("GRADUASI", "KELUAR", "DICORET"), suspensions ("SUSPEND",
 * "DITANGGUHKAN") and what ends a membership ("MENINGGAL", "PINDAH", "SUDAH MAMPU").
 */
const STATUS_ENDED =
  /^(TIDAK|TDK|TAK|NON|BUKAN|BELUM|BLM|N|NO|INAKTIF|INACTIVE|NONAKTIF|NONAKTIFKAN|DINONAKTIFKAN|NONAKTIVE|KELUAR|DIKELUARKAN|GRADUASI|GRADUATE|LULUS|MENINGGAL|WAFAT|MATI|ALM|ALMARHUM|ALMARHUMAH|PINDAH|CORET|DICORET|HAPUS|DIHAPUS|SUSPEND|SUSPENDED|SUSPENSI|TANGGUH|TANGGUHKAN|DITANGGUHKAN|TUNDA|DITUNDA|BEKU|DIBEKUKAN|BLOKIR|DIBLOKIR|BERHENTI|DIBERHENTIKAN|STOP|MUNDUR|BATAL|DIBATALKAN|TERMINASI|EKS|EX|MANTAN|MAMPU|GANDA|TMS|TL|OFF|EXPIRED|KADALUARSA|KEDALUWARSA)$/;
/** Glued negations: "NONAKTIF", "TIDAKAKTIF", "NONPKH", "EKSPKH". */
const STATUS_ENDED_GLUED = /^((NON|TIDAK|TDK|TAK|BELUM|BLM|DINON|IN)AKTI[FV]|(NON|EKS)[A-Z]{2,})/;
/** Words saying the person is a member now. */
const STATUS_ACTIVE =
  /^(AKTIF|ACTIVE|BARU|LAMA|TETAP|YA|Y|YES|DIAKTIFKAN|AKTIFKAN|REAKTIVASI|TERDAFTAR|HIDUP)$/;
/** Words saying the person is proposed, not yet decided: enrolled as "Usulan". */
const STATUS_PROPOSED = /^(USULAN|USUL|DIUSULKAN|CALON|PENGAJUAN|DIAJUKAN)$/;
/** Words that say nothing on their own ("PESERTA AKTIF", "MASIH AKTIF", "AKTIF KEMBALI"). */
const STATUS_FILLER =
  /^(PESERTA|KPM|KEPESERTAAN|STATUS|MASIH|SUDAH|KEMBALI|SEBAGAI|SEJAK|TAHUN|TH|THN|\d{4})$/;

/**
 * Reads a membership-status cell word by word, so "AKTIF" is never found inside "TIDAK AKTIF"
 * or "NONAKTIF": any word saying not / no longer wins; active or proposed only when every word
 * says so; anything else is unclear (refused, never taken as active).
 */
export function readMembershipStatus(text: string): MembershipStatus {
  const words = text
    .normalize('NFKD')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
  if (!words.length) return { kind: 'empty' };
  const ended = words.find((w) => STATUS_ENDED.test(w) || STATUS_ENDED_GLUED.test(w));
  if (ended) return { kind: 'ended', word: ended };
  const meaningful = words.filter((w) => !STATUS_FILLER.test(w));
  if (!meaningful.length || meaningful.some((w) => !STATUS_ACTIVE.test(w) && !STATUS_PROPOSED.test(w)))
    return { kind: 'unclear' };
  return meaningful.some((w) => STATUS_PROPOSED.test(w)) ? { kind: 'proposed' } : { kind: 'active' };
}

/**
 * True when a cell is a membership-status word this import reads ("AKTIF", "TIDAK AKTIF",
 * "GRADUASI", "DIUSULKAN"): for asking about a column full of them that no header named.
 */
export function isMembershipStatusWord(text: string): boolean {
  const { kind } = readMembershipStatus(text);
  return kind === 'active' || kind === 'ended' || kind === 'proposed';
}

/** The age-decided components of family programmes (PKH), as the recipients import decides them. */
function componentByAge(birthDate: string | null, today: Date): string | null {
  if (!birthDate) return null;
  const age = today.getUTCFullYear() - Number(birthDate.slice(0, 4));
  if (age <= 6) return 'anak_usia_dini';
  if (age <= 12) return 'sd';
  if (age <= 15) return 'smp';
  if (age <= 18) return 'sma';
  if (age >= 60) return 'lansia';
  return null;
}

/**
 * Ages (years, counted as the recipients import counts them: this year minus the birth year)
 * the age-decided components are for, a year either side for school years that do not follow
 * birthdays; SMA up to 21, as PKH pays it. Outside them a written component is warned about.
 */
const COMPONENT_AGES: Record<string, [number, number | null]> = {
  anak_usia_dini: [0, 7],
  sd: [6, 13],
  smp: [12, 16],
  sma: [15, 21],
  lansia: [60, null],
};

/**
 * What lists write for a component besides its code and name ("BUMIL", "MTS", "BALITA"): the
 * codes it may mean, the first one the programme has wins ("DISABILITAS" is PKH's
 * disabilitas_berat and ATENSI's disabilitas).
 */
const COMPONENT_WORDS: Record<string, string[]> = {
  LANSIA: ['lansia'],
  LANJUTUSIA: ['lansia'],
  LANSIA60: ['lansia'],
  BALITA: ['anak_usia_dini'],
  ANAKBALITA: ['anak_usia_dini'],
  AUD: ['anak_usia_dini'],
  APRAS: ['anak_usia_dini'],
  ANAKPRASEKOLAH: ['anak_usia_dini'],
  PAUD: ['anak_usia_dini'],
  USIADINI: ['anak_usia_dini'],
  BUMIL: ['ibu_hamil'],
  HAMIL: ['ibu_hamil'],
  IBUHAMILNIFAS: ['ibu_hamil'],
  SD: ['sd'],
  MI: ['sd'],
  SDMI: ['sd'],
  SEKOLAHDASAR: ['sd'],
  ANAKSEKOLAHDASAR: ['sd'],
  SMP: ['smp'],
  MTS: ['smp'],
  SMPMTS: ['smp'],
  SLTP: ['smp'],
  SMA: ['sma'],
  SMK: ['sma'],
  MA: ['sma'],
  SMASMK: ['sma'],
  SMAMA: ['sma'],
  SMASMKMA: ['sma'],
  SLTA: ['sma'],
  DISABILITAS: ['disabilitas_berat', 'disabilitas'],
  DISABILITASBERAT: ['disabilitas_berat', 'disabilitas'],
  PENYANDANGDISABILITAS: ['disabilitas_berat', 'disabilitas'],
  PENYANDANGDISABILITASBERAT: ['disabilitas_berat', 'disabilitas'],
  DIFABEL: ['disabilitas_berat', 'disabilitas'],
};

/** A component's name or a cell without what qualifies it: "(60+)", "Klaster ", "Komponen ". */
const bareComponent = (text: string) =>
  text
    .replace(/\([^()]*\)/g, ' ')
    .replace(/^\s*(komponen|klaster|kluster|kategori)\b/i, ' ')
    .trim();

/** Per-person programmes whose component a list never says (the recipients import's choice). */
const DEFAULT_COMPONENT: Record<string, string> = { PBI_JK: 'pengaktifan' };

/** At most this many entries per summary list; `total` still counts them all. */
const LIST_LIMIT = 200;

/**
 * A participant list (OpenSID "peserta program", Kemensos lists keyed by NIK): enrols people
 * and families ALREADY registered into a programme, named by a column or set for the whole
 * file. Family programmes enrol the household, per-person ones the person; nobody is created.
 * Whoever is not registered, dead, removed or outside the user's area is an error row saying
 * so, and the summary lists who was not found.
 */
export class EnrolmentsProcessor implements KindProcessor {
  private readonly programs: Program[];
  private readonly programByKey = new Map<string, Program>();
  /** Program text as written -> programme (or the reason it is not one), decided once per text. */
  private readonly programOfText = new Map<string, Program | ProgramRefusal>();
  private readonly regions: RegionMatcher;
  /** Programme + family or person -> the component the file enrolled them in. */
  private readonly seen = new Map<string, string | null>();
  /** Programme id -> its components by every way a list writes them. */
  private readonly componentIndex = new Map<string, Map<string, Component>>();
  private readonly perProgram = new Map<string, { enrolled: number; already: number }>();
  private readonly tally = { enrolled: 0, proposed: 0, already: 0, notFound: 0, refused: 0 };
  private readonly notFound: string[] = [];
  private readonly refused: string[] = [];
  private rows = 0;

  constructor(private readonly ctx: ProcessorContext) {
    this.programs = listPrograms(ctx.sql);
    this.regions = new RegionMatcher(ctx.sql);
    for (const p of this.programs) {
      const name = p.name.replace(/\s*\(([^()]*)\)\s*/g, ' ').trim();
      const inParens = [...p.name.matchAll(/\(([^()]*)\)/g)].map((m) => m[1]!);
      for (const k of [p.code, p.name, name, ...inParens, name.replace(/^PROGRAM\s+/i, '')])
        if (key(k) && !this.programByKey.has(key(k))) this.programByKey.set(key(k), p);
    }
    for (const [alias, code] of Object.entries(ALIASES)) {
      const p = this.programs.find((q) => q.code === code);
      if (p && !this.programByKey.has(alias)) this.programByKey.set(alias, p);
    }
  }

  private programOf(text: string): Program | ProgramRefusal {
    const known = this.programOfText.get(text);
    if (known) return known;
    const found = this.findProgram(text);
    this.programOfText.set(text, found);
    return found;
  }

  private findProgram(text: string): Program | ProgramRefusal {
    const list = this.programs.map((p) => `${p.code} (${p.name})`).join(', ');
    const unknown: ProgramRefusal = {
      code: 'PROGRAM_UNKNOWN',
      message: `Program "${text}" tidak dikenal. Tulis kode atau nama program yang ada: ${list}; atau pilih satu program untuk seluruh berkas.`,
    };
    const exact = this.programByKey.get(key(text));
    if (exact) return exact;
    const negated = this.negatedProgram(text);
    if (negated) return { code: 'PROGRAM_NOT_MEMBER', message: negated };
    // "BPNT 2025", "PKH Tahap 1", "Program Sembako (Periode Januari)": the name without its period.
    const bare = text
      .replace(/\([^()]*\)/g, ' ')
      .replace(/\b(tahun|tahap|periode|th\.?|thn\.?)\b.*$/i, ' ')
      .replace(/\b(19|20)\d{2}\b/g, ' ')
      .trim();
    const stripped = this.programByKey.get(key(bare));
    if (stripped) return stripped;
    // A programme code as a word of its own ("Bantuan PKH"), when only one code appears.
    const words = new Set(text.toUpperCase().split(/[^A-Z0-9_]+/));
    const named = this.programs.filter((p) => p.code.length >= 3 && words.has(p.code.toUpperCase()));
    if (named.length === 1) return named[0]!;
    return unknown;
  }

  /**
   * "NON PKH", "Bukan PKH", "Eks PKH", "Graduasi PKH", "PKH (keluar)": the file says the person
   * is NOT, or no longer, in the programme. Any programme code in such a text would otherwise
   * enrol them; the row is refused instead (the reason it is not a programme). Null when no such
   * word is written ("Bantuan Pangan Non Tunai" is BPNT's own name, matched before this).
   */
  private negatedProgram(text: string): string | null {
    const words = text
      .normalize('NFKD')
      .toUpperCase()
      .split(/[^A-Z0-9]+/)
      .filter(Boolean);
    const at = words.findIndex(
      (w, i) => NOT_IN_PROGRAM.test(w) && !(w === 'NON' && words[i + 1] === 'TUNAI'),
    );
    const glued = words.find((w) => /^(NON|EKS|EX)[A-Z]/.test(w) && !/^NON(AKTIF|TUNAI)$/.test(w));
    const word = at >= 0 ? words[at]! : glued;
    if (!word) return null;
    const codes = this.programs
      .map((p) => p.code.toUpperCase())
      .filter((code) => words.some((w) => w === code || w.endsWith(code) || key(w) === key(code)));
    const named = codes.length ? codes.join('/') : 'program ini';
    return `Program "${text}" berarti orang ini BUKAN atau TIDAK LAGI peserta ${named} (kata "${word}"), jadi baris ini tidak didaftarkan. Hapus baris ini dari daftar peserta; bila orang ini memang peserta, tulis kode programnya saja (misalnya ${codes[0] ?? 'PKH'}).`;
  }

  /** The active component of a programme a cell names (code, name, or a word lists use), or null. */
  private componentOf(program: Program, text: string): Component | null {
    const active = program.components.filter((c) => c.active);
    let index = this.componentIndex.get(program.id);
    if (!index) {
      index = new Map();
      for (const c of active)
        for (const k of [c.code, c.name, bareComponent(c.name)])
          if (key(k) && !index.has(key(k))) index.set(key(k), c);
      this.componentIndex.set(program.id, index);
    }
    for (const k of [key(text), key(bareComponent(text))]) {
      const found = index.get(k);
      if (found) return found;
      for (const code of COMPONENT_WORDS[k] ?? []) {
        const c = active.find((a) => a.code === code);
        if (c) return c;
      }
    }
    return null;
  }

  /** A component written in the file that the person's age (or sex) contradicts: a warning. */
  private checkComponent(
    row: ImportRow,
    program: Program,
    written: string,
    component: Component,
    person: Person,
  ): void {
    const ages = COMPONENT_AGES[component.code];
    if (ages && person.birth_date) {
      const age = this.ctx.registry.today.getUTCFullYear() - Number(person.birth_date.slice(0, 4));
      const [low, high] = ages;
      if (age < low || (high !== null && age > high)) {
        const range = high === null ? `${low} tahun ke atas` : `${low}-${high} tahun`;
        const byAge = componentByAge(person.birth_date, this.ctx.registry.today);
        const other = byAge ? this.componentOf(program, byAge) : null;
        row.problem(
          'component',
          'warning',
          'COMPONENT_AGE',
          `Komponen "${written}" (${component.name}) tertulis untuk ${person.name}, tetapi umurnya sekitar ${age} tahun (lahir ${person.birth_date}); komponen itu untuk umur ${range}${other ? `, menurut umurnya ${other.name}` : ''}. Tetap didaftarkan sebagai ${component.name}; periksa komponen atau tanggal lahirnya.`,
        );
      }
    }
    if (component.code === 'ibu_hamil' && person.sex === 'L')
      row.problem(
        'component',
        'warning',
        'COMPONENT_SEX',
        `Komponen "${written}" (${component.name}) tertulis untuk ${person.name}, yang tercatat laki-laki. Tetap didaftarkan; periksa komponen atau NIK-nya.`,
      );
  }

  process(row: ImportRow): void {
    const { ctx } = this;
    this.rows++;
    const programText = row.text('program');
    const statusText = row.text('membershipStatus');
    const status = readMembershipStatus(statusText);
    if (status.kind === 'ended')
      return this.refuse(
        row,
        'membershipStatus',
        'PROGRAM_STATUS_INACTIVE',
        `Status kepesertaan "${statusText}" berarti orang ini TIDAK atau TIDAK LAGI peserta ${programText || 'program ini'} (kata "${status.word}"), jadi baris ini tidak didaftarkan. Impor daftar peserta hanya mendaftarkan peserta aktif, tidak mengakhiri kepesertaan: hapus baris ini dari berkas. Bila kepesertaannya di aplikasi harus berakhir: orang yang meninggal atau pindah, ubah statusnya di halaman keluarga; keluarga yang tidak layak lagi (misalnya graduasi), catat lewat verifikasi dengan hasil tidak layak.`,
        'status kepesertaan tidak aktif',
      );
    if (status.kind === 'unclear')
      return this.refuse(
        row,
        'membershipStatus',
        'PROGRAM_STATUS_UNCLEAR',
        `Status kepesertaan "${statusText}" tidak dikenal, jadi baris ini tidak didaftarkan (tidak dianggap aktif). Tulis AKTIF (atau BARU/LAMA) untuk peserta yang didaftarkan, atau kosongkan kolomnya; hapus baris orang yang tidak aktif.`,
        'status kepesertaan tidak dikenal',
      );
    if (!programText) {
      row.problem(
        'program',
        'error',
        'PROGRAM_MISSING',
        'Program kosong. Isi kolom program (misalnya PKH atau BPNT), atau pilih satu program untuk seluruh berkas.',
      );
      return this.list(this.refused, row, 'program kosong');
    }
    const program = this.programOf(programText);
    if ('message' in program) {
      row.problem('program', 'error', program.code, program.message);
      return this.list(
        this.refused,
        row,
        program.code === 'PROGRAM_NOT_MEMBER'
          ? 'berkas menyebut bukan/tidak lagi peserta'
          : 'program tidak dikenal',
      );
    }
    if (!program.active) {
      row.problem(
        'program',
        'error',
        'PROGRAM_INACTIVE',
        `Program ${program.code} sedang tidak aktif; tidak dapat menerima peserta baru. Minta admin mengaktifkannya di Pengaturan > Program.`,
      );
      return this.list(this.refused, row, `program ${program.code} tidak aktif`);
    }

    const nik = this.id(row, 'nik', idFromCell(row.get('nik'), 'NIK'));
    const kk = this.id(row, 'kk', idFromCell(row.get('kk'), 'No. KK'));
    const participant = this.id(row, 'participant', idFromCell(row.get('participant'), 'NIK'));
    if (row.errored) return this.list(this.notFound, row, null);
    if (!nik && !kk && !participant) {
      row.problem(
        row.has('nik') ? 'nik' : row.has('participant') ? 'participant' : 'kk',
        'error',
        'ID_MISSING',
        'NIK dan No. KK kosong: pesertanya tidak dapat dicari. Isi NIK (atau No. KK) sesuai KTP/KK.',
      );
      return this.list(this.notFound, row, null);
    }

    // Who the row names: a person by NIK, else a family by KK. "Peserta" is either.
    let person: Person | null = null;
    let household: Household | undefined;
    let personField = 'nik';
    for (const [field, value] of [
      ['nik', nik],
      ['participant', participant],
    ] as const) {
      if (!value || person) continue;
      const found = ctx.sql.first(personByNik(value));
      if (!found) continue;
      const name = `${found.name} (NIK ${found.nik})`;
      if (found.deleted_at)
        return this.refuse(
          row,
          field,
          'REMOVED',
          `${name} sudah dihapus dari data penerima${found.deleted_reason ? ` (${found.deleted_reason})` : ''}; tidak didaftarkan ke ${program.code}. Hapus baris ini, atau pulihkan datanya dulu bila penghapusan itu keliru.`,
          'sudah dihapus dari data penerima',
        );
      if (found.status === 'meninggal')
        return this.refuse(
          row,
          field,
          'DEAD',
          `${name} tercatat meninggal dunia; tidak didaftarkan ke ${program.code}. Hapus baris ini, atau perbaiki statusnya di halaman keluarga bila keliru.`,
          'meninggal dunia',
        );
      if (found.status !== 'aktif')
        return this.refuse(
          row,
          field,
          'INACTIVE',
          `${name} berstatus ${PERSON_STATUS_LABELS[found.status].toLowerCase()}${found.status_reason ? ` (${found.status_reason})` : ''}; hanya anggota aktif yang dapat didaftarkan ke program. Periksa datanya di halaman keluarga.`,
          `berstatus ${PERSON_STATUS_LABELS[found.status].toLowerCase()}`,
        );
      person = found;
      personField = field;
      household = ctx.sql.first(householdById(found.household_id));
    }
    let familyField = personField;
    if (!household)
      for (const [field, value] of [
        ['kk', kk],
        ['participant', participant],
      ] as const) {
        if (!value || household) continue;
        household = ctx.sql.first(householdByKk(value));
        if (household) familyField = field;
      }
    if (!household) {
      const what = nik ? `NIK ${nik}` : participant ? `NIK/No. KK ${participant}` : `No. KK ${kk}`;
      row.problem(
        nik ? 'nik' : participant ? 'participant' : 'kk',
        'error',
        'NOT_FOUND',
        `${what} tidak terdaftar di data penerima; tidak didaftarkan ke ${program.code}. Daftarkan dulu lewat impor daftar penerima atau halaman keluarga, lalu impor daftar peserta ini lagi.`,
      );
      return this.list(this.notFound, row, null);
    }
    if (household.deleted_at)
      return this.refuse(
        row,
        familyField,
        'REMOVED',
        `Keluarga dengan KK ${household.kk_number ?? '(kosong)'} sudah dihapus dari data penerima${household.deleted_reason ? ` (${household.deleted_reason})` : ''}; tidak didaftarkan ke ${program.code}. Hapus baris ini, atau pulihkan keluarganya dulu.`,
        'keluarganya sudah dihapus',
      );
    if (ctx.registry.scope.desaCodes && !ctx.registry.scope.desaCodes.has(household.desa_code))
      return this.refuse(
        row,
        familyField,
        'OUT_OF_AREA',
        'Peserta ini terdaftar di luar wilayah kerja Anda; baris dilewati.',
        'di luar wilayah kerja Anda',
      );
    if (nik && !person)
      row.problem(
        'nik',
        'warning',
        'NIK_NOT_REGISTERED',
        `NIK ${nik} tidak terdaftar; keluarganya ditemukan lewat No. KK ${household.kk_number}. Periksa NIK-nya.`,
      );
    if (person && kk && household.kk_number !== kk)
      row.problem(
        'kk',
        'warning',
        'KK_DIFFERS',
        `NIK ini terdaftar di KK ${household.kk_number ?? '(kosong)'}, bukan ${kk}. Bila benar pindah KK, pindahkan lewat halaman keluarga.`,
      );
    this.checkDesa(row, household.desa_code);
    if (program.desaOnly && ctx.registry.regions.level(household.desa_code) !== 'desa')
      return this.refuse(
        row,
        familyField,
        'DESA_ONLY',
        `${program.name} hanya untuk keluarga di desa; keluarga ini tinggal di kelurahan ${ctx.registry.regions.name(household.desa_code)}. Periksa programnya.`,
        `${program.code} hanya untuk desa`,
      );

    // Family programmes enrol the household, per-person ones the person.
    const components = program.components.filter((c) => c.active);
    const componentText = row.text('component');
    const written = componentText ? this.componentOf(program, componentText) : null;
    if (componentText && !written) {
      if (components.length > 1)
        return this.refuse(
          row,
          'component',
          'COMPONENT_UNKNOWN',
          `Komponen "${componentText}" tidak dikenal untuk ${program.code}. Tulis salah satu komponennya: ${components.map((c) => `${c.name} (${c.code.toUpperCase()})`).join(', ')}; atau kosongkan kolomnya.`,
          'komponen tidak dikenal',
        );
      row.problem(
        'component',
        'warning',
        'COMPONENT_IGNORED',
        `${program.code} ${components.length ? `hanya punya satu komponen (${components[0]!.name})` : 'tidak punya komponen'}; komponen "${componentText}" tidak dipakai untuk baris ini. Tetap didaftarkan ke ${program.code}.`,
      );
    }
    let enrolPerson: string | null = null;
    let componentId: string | null = written?.id ?? (components.length === 1 ? components[0]!.id : null);
    const pick = (code: string | null) =>
      code ? (components.find((c) => c.code === code)?.id ?? null) : null;
    if (program.target === 'person' && !person)
      return this.refuse(
        row,
        familyField,
        'NIK_NEEDED',
        `${program.code} diberikan per orang: isi NIK pesertanya (No. KK saja tidak menentukan orangnya). Bila orangnya belum terdaftar, tambahkan dulu di halaman keluarga.`,
        'perlu NIK peserta',
      );
    if (program.target === 'person') {
      enrolPerson = person!.id;
      if (components.length > 1 && !written) {
        componentId =
          pick(DEFAULT_COMPONENT[program.code] ?? null) ??
          (program.benefit === 'cash'
            ? (pick(person!.disability ? 'disabilitas' : null) ??
              pick(componentByAge(person!.birth_date, ctx.registry.today)))
            : null);
      }
    } else if (components.length > 1) {
      // PKH: each component belongs to a member (a child at school age, an elder), the one the
      // file writes or else the one their age decides.
      if (written && !person)
        return this.refuse(
          row,
          familyField,
          'NIK_NEEDED',
          `Komponen ${program.code} "${componentText}" milik satu anggota keluarga: isi NIK anggota itu (No. KK saja tidak menentukan orangnya). Bila orangnya belum terdaftar, tambahkan dulu di halaman keluarga.`,
          'perlu NIK peserta',
        );
      componentId = written
        ? written.id
        : person
          ? pick(componentByAge(person.birth_date, ctx.registry.today))
          : null;
      if (componentId) enrolPerson = person!.id;
    }
    if (written && person && components.length > 1)
      this.checkComponent(row, program, componentText, written, person);

    // Already enrolled, in this file or before: a member in a per-member programme (their own
    // enrolment, or the family's one for no or the same component), else the family.
    const familyKey = `${program.id}|h:${household.id}`;
    const runKey = enrolPerson ? `${program.id}|p:${enrolPerson}` : familyKey;
    let already: (string | null)[] | null = this.seen.has(runKey) ? [this.seen.get(runKey) ?? null] : null;
    if (!already) {
      const found = enrolPerson
        ? [
            ...ctx.sql.all(livePersonRows(program.id, enrolPerson)),
            ...(program.target === 'household'
              ? ctx.sql
                  .all(liveFamilyRows(program.id, household.id))
                  .filter((e) => e.component_id === null || e.component_id === componentId)
              : []),
          ]
        : ctx.sql.first(liveOfHousehold(program.id, household.id))
          ? [{ component_id: componentId }]
          : [];
      if (found.length) already = found.map((e) => e.component_id);
    }
    if (already) {
      if (written && !already.includes(written.id)) {
        const names = already
          .map((id) => program.components.find((c) => c.id === id)?.name ?? 'tanpa komponen')
          .join(', ');
        row.problem(
          'component',
          'warning',
          'COMPONENT_DIFFERS',
          `${person ? person.name : 'Keluarga ini'} sudah terdaftar di ${program.code} dengan komponen ${names}, bukan ${written.name} seperti tertulis ("${componentText}"). Impor ini tidak mengubahnya; periksa komponennya di halaman keluarga.`,
        );
      }
      this.tally.already++;
      this.of(program).already++;
      ctx.counts.unchanged++;
      return;
    }
    if (components.length > 1 && !componentId) {
      const names = components.map((c) => c.name.toLowerCase()).join(', ');
      return this.refuse(
        row,
        person ? personField : familyField,
        'COMPONENT',
        `${program.code} punya beberapa komponen (${names}); komponen untuk ${person ? person.name : `keluarga KK ${household.kk_number}`} tidak dapat ditentukan dari daftar ini${person ? ' maupun dari umurnya' : ''}. Tulis komponennya di kolom komponen, atau daftarkan lewat halaman keluarga.`,
        'komponen tidak dapat ditentukan',
      );
    }
    this.seen.set(runKey, componentId);
    this.seen.set(familyKey, componentId);

    this.doubleBenefit(row, household.id, program);
    const proposed = status.kind === 'proposed';
    if (proposed) {
      row.problem(
        'membershipStatus',
        'warning',
        'PROGRAM_STATUS_PROPOSED',
        `Status kepesertaan "${statusText}": didaftarkan ke ${program.code} sebagai Usulan (menunggu keputusan), belum Aktif dan belum masuk daftar penyaluran. Menjadi Aktif setelah verifikasi keluarganya disetujui layak.`,
      );
      this.tally.proposed++;
    }
    const id = newId();
    const householdId = household.id;
    ctx.write((changes) =>
      changes.about(householdId, () =>
        changes.insert(
          'enrolments',
          {
            id,
            program_id: program.id,
            component_id: componentId,
            household_id: householdId,
            person_id: enrolPerson,
            status: proposed ? 'usulan' : 'aktif',
            status_reason: 'Impor daftar peserta',
            channel: null,
            start_date: proposed ? null : localDate(ctx.registry.today),
            end_date: null,
            deleted_at: null,
          } as never,
          'import.enrol',
        ),
      ),
    );
    ctx.counts.new++;
    this.tally.enrolled++;
    this.of(program).enrolled++;
  }

  /** An id cell read, its problem (if any) put on the row. */
  private id(row: ImportRow, field: string, parsed: Parsed<string | null>): string | null {
    if (!parsed.ok) {
      row.problem(field, 'error', parsed.code, parsed.message);
      return null;
    }
    if (parsed.warning) row.problem(field, 'warning', parsed.warning.code, parsed.warning.message);
    return parsed.value;
  }

  /** A desa written in the row that is not the family's registered desa: a warning, nothing more. */
  private checkDesa(row: ImportRow, desaCode: string): void {
    const written = row.text('desa');
    if (!written) return;
    const place = this.regions.match(written, row.text('kecamatan'));
    if ('code' in place && place.code !== desaCode)
      row.problem(
        'desa',
        'warning',
        'DESA_DIFFERS',
        `Keluarga ini terdaftar di ${this.ctx.registry.regions.name(desaCode)}, bukan ${written}. Tetap didaftarkan; bila benar pindah, pindahkan lewat halaman keluarga.`,
      );
  }

  /** Programmes the household already lives on that this one should not be combined with. */
  private doubleBenefit(row: ImportRow, householdId: string, program: Program): void {
    const live = new Set(this.ctx.sql.all(liveCodesOf(householdId)).map((r) => r.code));
    for (const other of this.programs) {
      if (other.code === program.code || !live.has(other.code)) continue;
      if (program.excludes.includes(other.code) || other.excludes.includes(program.code))
        row.problem(
          'program',
          'warning',
          'DOUBLE_BENEFIT',
          `Keluarga ini juga menerima ${other.code}; aturan program melarang ${program.code} dan ${other.code} diterima bersamaan (DOUBLE BANSOS). Tetap didaftarkan; pastikan sebelum penyaluran.`,
        );
    }
  }

  private of(program: Program) {
    let t = this.perProgram.get(program.code);
    if (!t) this.perProgram.set(program.code, (t = { enrolled: 0, already: 0 }));
    return t;
  }

  /** An error row listed under "Ditolak" with a short reason. */
  private refuse(row: ImportRow, field: string, code: string, message: string, why: string): void {
    row.problem(row.has(field) ? field : null, 'error', code, message);
    this.list(this.refused, row, why);
  }

  /** A file row in a summary list: its row number, name and the NIK/KK as written in the file. */
  private list(list: string[], row: ImportRow, why: string | null): void {
    if (list === this.notFound) this.tally.notFound++;
    else this.tally.refused++;
    if (list.length >= LIST_LIMIT) return;
    const written = row.text('nik')
      ? `NIK ${row.text('nik')}`
      : row.text('participant')
        ? `Peserta ${row.text('participant')}`
        : row.text('kk')
          ? `KK ${row.text('kk')}`
          : 'tanpa NIK/KK';
    list.push(`Baris ${row.n}: ${row.text('name') || '(tanpa nama)'}, ${written}${why ? ` — ${why}` : ''}`);
  }

  finish(): void {}

  summary(): ImportSummary | null {
    if (!this.rows) return null;
    const t = this.tally;
    return {
      title: `Daftar peserta program: ${t.enrolled} didaftarkan, ${t.already} sudah terdaftar, ${t.notFound} tidak ditemukan`,
      facts: [
        { label: 'Baris di berkas', value: String(this.ctx.counts.rows) },
        { label: 'Didaftarkan ke program', value: String(t.enrolled) },
        ...(t.proposed
          ? [{ label: 'Di antaranya sebagai usulan (belum aktif)', value: String(t.proposed) }]
          : []),
        { label: 'Sudah terdaftar', value: String(t.already) },
        { label: 'Tidak ditemukan di data penerima', value: String(t.notFound) },
        {
          label: 'Ditolak (meninggal, dihapus, di luar wilayah, program atau status tidak cocok)',
          value: String(t.refused),
        },
        ...[...this.perProgram].map(([code, p]) => ({
          label: `Program ${code}`,
          value: `${p.enrolled} didaftarkan, ${p.already} sudah terdaftar`,
        })),
      ],
      lists: [
        { label: 'Tidak ditemukan di data penerima', total: t.notFound, rows: this.notFound },
        { label: 'Ditolak', total: t.refused, rows: this.refused },
      ],
    };
  }
}

import { normalizeNumber, NUMBER_RULES } from '../../common/domain/accountNumbers.ts';
import { normalizeIdNumber } from '../../common/domain/idNumbers.ts';
import { RELATIONSHIP_CODE_LISTS, type RelationshipCodeList } from '../../common/domain/importFields.ts';
import { AppFailure } from '../../common/errors.ts';
import { MONTHS_ID } from '../../common/format.ts';
import { parseRupiah, rupiahProblemMessage } from '../../common/domain/money.ts';
import type { Cell } from './cells.ts';
import { cellText } from './cells.ts';

/**
 * Reading one value out of a cell, the way Indonesian spreadsheets write them. Each parser
 * answers the value or a problem with a message that says what to do in Excel.
 */
export type Parsed<T> =
  | { ok: true; value: T; warning?: { code: string; message: string } }
  | { ok: false; code: string; message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (code: string, message: string): Parsed<never> => ({ ok: false, code, message });

/**
 * NIK or KK from a cell. A number cell is suspicious: Excel keeps 15 significant digits, so a
 * 16-digit number ending in 0 has lost its last digit, and the loss cannot be undone.
 */
export function idFromCell(cell: Cell, label: 'NIK' | 'No. KK'): Parsed<string | null> {
  if (!cell) return ok(null);
  if (cell.t === 'n') {
    const digits = cell.v.toFixed(0);
    if (digits.length === 16 && (digits.endsWith('0') || cell.v > Number.MAX_SAFE_INTEGER)) {
      return bad(
        `${label === 'NIK' ? 'NIK' : 'KK'}_NUMERIC_ROUNDED`,
        `Kolom ${label} berisi angka, bukan teks: Excel sudah membulatkan digit terakhir (terbaca ${digits}). Format kolom sebagai Teks, ketik ulang ${label} dari kartu aslinya, lalu ekspor ulang.`,
      );
    }
    return {
      ok: true,
      value: digits,
      warning: {
        code: `${label === 'NIK' ? 'NIK' : 'KK'}_NUMERIC`,
        message: `${label} tersimpan sebagai angka di Excel. Angkanya tampak utuh, tetapi format kolom sebagai Teks agar tidak terpotong lain kali.`,
      },
    };
  }
  const text = cellText(cell);
  if (/^\d[.,]\d+E\+?\d+$/i.test(text)) {
    return bad(
      `${label === 'NIK' ? 'NIK' : 'KK'}_SCIENTIFIC`,
      `${label} tertulis "${text}": Excel mengubahnya menjadi angka dan membulatkannya. Format kolom sebagai Teks, ketik ulang ${label}, lalu ekspor ulang.`,
    );
  }
  const normalized = normalizeIdNumber(text);
  return ok(normalized === '' ? null : normalized);
}

/** Below this many numbers, a column of them all ending in 0 is still chance (1 in 10,000). */
const ROUNDED_COLUMN_MIN = 4;

/**
 * A NIK or KK column that Excel rounded before the file was saved as text (a CSV from a column
 * formatted as a number): each value reads as 16 plausible digits, and only the column as a
 * whole tells: the last digit is 0 in every one, where one real number in ten ends in 0. Each
 * number is counted once (a family's KK repeats down its members). Number cells are left to
 * `idFromCell`, which refuses them row by row.
 */
export class RoundedIdColumn {
  private numbers = 0;
  private endingInZero = 0;
  private last = '';
  private first: { row: number; text: string } | null = null;

  constructor(private readonly label: 'NIK' | 'No. KK') {}

  observe(cell: Cell, row: number): void {
    if (!cell || cell.t !== 's') return;
    const digits = normalizeIdNumber(cell.v);
    if (!/^\d{16}$/.test(digits) || digits === this.last) return;
    this.last = digits;
    this.numbers++;
    if (digits.endsWith('0')) this.endingInZero++;
    this.first ??= { row, text: cell.v.trim() };
  }

  /** The refusal of a file whose column was rounded: every number in it ends in 0. */
  refusal(): AppFailure | null {
    if (this.numbers < ROUNDED_COLUMN_MIN || this.endingInZero !== this.numbers) return null;
    const { row, text } = this.first!;
    return new AppFailure(
      'VALIDATION',
      `Kolom ${this.label} sudah dibulatkan Excel: semua ${this.numbers.toLocaleString('id-ID')} nomor di kolom ini berakhiran 0 (misalnya "${text}" di baris ${row}). Excel hanya menyimpan 15 digit bila kolomnya berformat angka, jadi digit terakhir setiap ${this.label} sudah hilang sebelum berkas disimpan, dan berkas tidak diimpor. Buka berkas asalnya, format kolom ${this.label} sebagai Teks, ketik ulang atau salin ${this.label} dari sumber aslinya, simpan, lalu impor ulang.`,
    );
  }
}

const NUMBER_CODES: Record<keyof typeof NUMBER_RULES, [code: string, label: string]> = {
  bankAccount: ['BANK_ACCOUNT', 'Nomor rekening'],
  kksNumber: ['KKS_NUMBER', 'Nomor kartu KKS'],
  phone: ['PHONE_NUMBER', 'Nomor HP'],
};

/**
 * A bank account, KKS card or phone number (specific data), kept as the registry keeps it:
 * digits only, by the registry's own rule (common/domain/accountNumbers.ts). A number cell has
 * lost a phone's leading 0, which is put back (mobile numbers start 08), with a warning; one
 * that lost digits to Excel's 15-digit limit cannot be read back and is an error, like a NIK.
 */
export function accountNumberFromCell(cell: Cell, kind: keyof typeof NUMBER_RULES): Parsed<string | null> {
  if (!cell) return ok(null);
  const [code, label] = NUMBER_CODES[kind];
  const rule = NUMBER_RULES[kind].message;
  if (cell.t === 'n') {
    const read = cell.v.toFixed(0);
    if (
      !Number.isInteger(cell.v) ||
      cell.v < 0 ||
      (read.length >= 16 && (read.endsWith('0') || cell.v > Number.MAX_SAFE_INTEGER))
    )
      return bad(
        `${code}_NUMERIC_ROUNDED`,
        `${label} berisi angka, bukan teks: Excel sudah membulatkannya (terbaca ${read}). Format kolom sebagai Teks, ketik ulang nomornya, lalu ekspor ulang.`,
      );
    const zeroBack = kind === 'phone' && read.startsWith('8');
    const stored = normalizeNumber(kind, zeroBack ? `0${read}` : read);
    if (stored === null) return bad(code, `${rule} Terbaca ${read}.`);
    return {
      ok: true,
      value: stored,
      warning: {
        code: `${code}_NUMERIC`,
        message: zeroBack
          ? `${label} tersimpan sebagai angka sehingga angka 0 di depannya hilang; dibaca ${stored}. Format kolom sebagai Teks agar tidak terpotong lain kali.`
          : `${label} tersimpan sebagai angka di Excel. Angkanya tampak utuh, tetapi format kolom sebagai Teks agar tidak terpotong lain kali.`,
      },
    };
  }
  const text = cellText(cell).replace(/^'/, '');
  if (text === '') return ok(null);
  if (/^\d[.,]\d+E\+?\d+$/i.test(text))
    return bad(
      `${code}_SCIENTIFIC`,
      `${label} tertulis "${text}": Excel mengubahnya menjadi angka dan membulatkannya. Format kolom sebagai Teks, ketik ulang nomornya, lalu ekspor ulang.`,
    );
  const stored = normalizeNumber(kind, text);
  return stored === null ? bad(code, `${rule} Terbaca "${text}".`) : ok(stored);
}

/** A weekday's name before a date, Indonesian or English, with its comma. */
const DAY_NAME =
  /^(senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|ahad|monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+/i;

const MONTHS: Record<string, number> = {
  januari: 1,
  jan: 1,
  january: 1,
  februari: 2,
  feb: 2,
  pebruari: 2,
  february: 2,
  peb: 2,
  maret: 3,
  mar: 3,
  march: 3,
  april: 4,
  apr: 4,
  mei: 5,
  may: 5,
  juni: 6,
  jun: 6,
  june: 6,
  juli: 7,
  jul: 7,
  july: 7,
  agustus: 8,
  agu: 8,
  agt: 8,
  ags: 8,
  aug: 8,
  august: 8,
  agust: 8,
  september: 9,
  sep: 9,
  sept: 9,
  oktober: 10,
  okt: 10,
  oct: 10,
  october: 10,
  november: 11,
  nov: 11,
  nop: 11,
  nopember: 11,
  desember: 12,
  des: 12,
  dec: 12,
  december: 12,
};

const pad = (n: number) => String(n).padStart(2, '0');

function realDate(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
    ? `${y}-${pad(m)}-${pad(d)}`
    : null;
}

/** Two-digit years of an event (a payment, a visit): the most recent century not in the future. */
function fullYear(y: number, today: Date): number {
  if (y >= 100) return y;
  const current = today.getUTCFullYear();
  return 2000 + y <= current ? 2000 + y : 1900 + y;
}

/** The oldest age a birth date may give (DOMAIN.md, "Identity numbers": at most ~110). */
const OLDEST_AGE = 110;

/** What a date is: a birth date (the default) or an event such as a payment or a visit. */
/**
 * What a date is of: an event (a payment, a visit), or a birth, for which a two-digit year's
 * century is chosen by age. A birth of someone who cannot be a small child (a head of family, a
 * spouse, a parent) or cannot be a centenarian (a child, a grandchild, by the row's relationship)
 * settles a century the cell alone leaves open.
 */
export type DateKind = 'birth' | 'birthOfAdult' | 'birthOfYoung' | 'event';

function ageOn(iso: string, today: Date): number {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = [today.getUTCFullYear(), today.getUTCMonth() + 1, today.getUTCDate()];
  return ty - y - (tm < m || (tm === m && td < d) ? 1 : 0);
}

/**
 * A day, month and two-digit year as a date. An event takes the most recent century not in
 * the future. A birth date takes the century that gives an age from 0 to ~110 (DOMAIN.md); when
 * both do ("12-05-24" in 2026: 1924, aged 102, or 2024, aged 2), DOMAIN.md's bansos population
 * is often elderly, so the earlier one, with a warning naming both readings: the cell alone
 * cannot tell, and neither can the NIK, whose YY has no century either. A child's date whose
 * earlier reading would be over ~110 ("10-06-15": 2015, never 1915) is never made a centenarian.
 */
function twoDigitDate(
  yy: number,
  month: number,
  day: number,
  text: string,
  today: Date,
  kind: DateKind,
): Parsed<string> {
  const invalid = bad(
    'DATE_INVALID',
    `Tanggal "${text}" tidak ada di kalender. Periksa tanggal dan bulannya.`,
  );
  if (kind === 'event') {
    const iso = realDate(fullYear(yy, today), month, day);
    return iso ? ok(iso) : invalid;
  }
  const todayIso = today.toISOString().slice(0, 10);
  const readings = [1900 + yy, 2000 + yy]
    .map((y) => realDate(y, month, day))
    .filter((iso): iso is string => !!iso && iso <= todayIso && ageOn(iso, today) <= OLDEST_AGE);
  if (readings.length === 0) {
    const iso = realDate(fullYear(yy, today), month, day);
    return iso ? ok(iso) : invalid;
  }
  // Oldest first: a second reading means both centuries give a possible age.
  const [older, recent] = readings as [string, string | undefined];
  if (!recent || kind === 'birthOfAdult') return ok(older);
  if (kind === 'birthOfYoung') return ok(recent);
  const dmy = (iso: string) => iso.split('-').reverse().join('-');
  return {
    ok: true,
    value: older,
    warning: {
      code: 'DATE_CENTURY',
      message: `Tahun 2 digit pada "${text}" bisa ${older.slice(0, 4)} (umur ${ageOn(older, today)} tahun) atau ${recent.slice(0, 4)} (umur ${ageOn(recent, today)} tahun); dibaca ${dmy(older)} karena penerima bansos banyak yang lansia. Periksa KTP/KK: bila orang ini lahir ${recent.slice(0, 4)}, tulis ${dmy(recent)}. Tulis tahun 4 digit agar tidak ditebak.`,
    },
  };
}

/**
 * A time of day after a date, as bank and SIKS-NG exports write transaction times:
 * "2026-12-15 10:21:33", "15/12/2026 10:21", "2026-12-15T10:21:33.000Z", "15-12-2026 10.21 WIB".
 * Only the date is kept.
 */
const TIME_SUFFIX =
  /^(.*\d)(?:\s+|T)(?:pukul\s+)?([01]?\d|2[0-3])[:.]([0-5]\d)(?:[:.]([0-5]\d)(?:\.\d+)?)?\s*(?:Z|WIB|WITA|WIT|[+-]\d{2}:?\d{2})?$/i;

/**
 * Dates in every shape Indonesians write them: real date cells, Excel serial numbers,
 * dd-mm-yyyy, dd/mm/yyyy, dd.mm.yyyy, yyyy-mm-dd and "12 Mei 1980", each possibly followed by a
 * time of day (dropped). Day first, always: 03/04/1980 is 3 April. A second number over 12 means
 * someone wrote month first; refused.
 */
/**
 * A date a file writes over three columns, as one cell `dateFromCell` reads: year-month-day
 * when the month is a number and the year has four digits (no question of order then), else
 * "day month year" for a month's name or a two-digit year. Null when all three are empty.
 */
export function joinedDate(day: Cell, month: Cell, year: Cell): Cell {
  const [d, m, y] = [day, month, year].map((c) => cellText(c).trim().replace(/\.$/, ''));
  if (!d && !m && !y) return null;
  if (/^\d{1,2}$/.test(m!) && /^\d{4}$/.test(y!)) return { t: 's', v: `${y}-${m}-${d}` };
  return { t: 's', v: /^\d+$/.test(m!) ? `${d}-${m}-${y}` : `${d} ${m} ${y}` };
}

/**
 * A number from 1800 to 2100 in a date column is a year written alone ("1945"), not an Excel
 * serial: those serials are days in 1904-1905, which no one here was born or paid on, and read
 * as one the year 1945 became 28-04-1905. Refused: the full date is needed.
 */
const YEAR_MIN = 1800;
const YEAR_MAX = 2100;
const yearOnly = (year: number) =>
  bad(
    'DATE_YEAR_ONLY',
    `Hanya tahun yang tertulis (${year}), bukan tanggal lengkap. Tulis tanggal lengkap sebagai tanggal-bulan-tahun (misalnya 17-08-1980); untuk tanggal lahir, salin dari KTP atau KK.`,
  );

export function dateFromCell(cell: Cell, today: Date, kind: DateKind = 'birth'): Parsed<string | null> {
  if (!cell) return ok(null);
  if (cell.t === 'd') return ok(cell.v);
  if (cell.t === 'n') {
    if (Number.isInteger(cell.v) && cell.v >= YEAR_MIN && cell.v <= YEAR_MAX) return yearOnly(cell.v);
    // Under 367 is a day in 1900: a day or month number read alone (TGL of TGL | BLN | THN), or a
    // count, never a date anyone here was born or paid on.
    if (cell.v < 367 || cell.v > 2958465 || !Number.isFinite(cell.v))
      return bad(
        'DATE_NUMBER',
        `Angka ${cell.v} bukan tanggal. Tulis tanggal sebagai tanggal-bulan-tahun, misalnya 17-08-1980.`,
      );
    // The fraction is the time of day.
    const date = new Date(Date.UTC(1899, 11, 30) + Math.floor(cell.v) * 86_400_000);
    return ok(date.toISOString().slice(0, 10));
  }
  // "Sabtu, 05 Maret 1975": Excel's long date writes the day's name first.
  const written = cellText(cell).replace(/\s+/g, ' ').trim().replace(DAY_NAME, '');
  if (!written) return ok(null);
  if (/^\d{4}$/.test(written) && Number(written) >= YEAR_MIN && Number(written) <= YEAR_MAX)
    return yearOnly(Number(written));
  // A date cell saved to CSV in General format is its serial number as text.
  if (/^\d{5}$/.test(written)) return dateFromCell({ t: 'n', v: Number(written) }, today, kind);
  const timed = TIME_SUFFIX.exec(written);
  const text = timed ? timed[1]!.trim() : written;
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text);
  if (m) {
    const iso = realDate(Number(m[1]), Number(m[2]), Number(m[3]));
    return iso ? ok(iso) : bad('DATE_INVALID', `Tanggal "${text}" tidak ada di kalender.`);
  }
  m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$/.exec(text);
  if (m) {
    const [a, b] = [Number(m[1]), Number(m[2])];
    if (b > 12 && a <= 12) {
      return bad(
        'DATE_MONTH_FIRST',
        `Tanggal "${text}" tampaknya ditulis bulan dulu (gaya Amerika). Tulis tanggal-bulan-tahun, misalnya ${pad(b)}-${pad(a)}-${m[3]}.`,
      );
    }
    if (m[3]!.length === 2) return twoDigitDate(Number(m[3]), b, a, text, today, kind);
    const iso = realDate(Number(m[3]), b, a);
    return iso
      ? ok(iso)
      : bad('DATE_INVALID', `Tanggal "${text}" tidak ada di kalender. Periksa tanggal dan bulannya.`);
  }
  // "August 10, 2008": the month's name first (English), which says which number is the day.
  const named = /^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$/.exec(text);
  if (named && MONTHS[named[1]!.toLowerCase()]) {
    const iso = realDate(Number(named[3]), MONTHS[named[1]!.toLowerCase()]!, Number(named[2]));
    return iso ? ok(iso) : bad('DATE_INVALID', `Tanggal "${text}" tidak ada di kalender.`);
  }
  m = /^(\d{1,2})\s*[- ]\s*([A-Za-z]+)\.?\s*[- ]\s*(\d{2}|\d{4})$/.exec(text);
  if (m) {
    const month = MONTHS[m[2]!.toLowerCase()];
    if (!month)
      return bad(
        'DATE_MONTH_NAME',
        `Nama bulan "${m[2]}" tidak dikenal. Gunakan nama bulan Indonesia, misalnya 12 Mei 1980.`,
      );
    if (m[3]!.length === 2) return twoDigitDate(Number(m[3]), month, Number(m[1]), text, today, kind);
    const iso = realDate(Number(m[3]), month, Number(m[1]));
    return iso ? ok(iso) : bad('DATE_INVALID', `Tanggal "${text}" tidak ada di kalender.`);
  }
  return bad(
    'DATE_FORMAT',
    `"${text}" tidak terbaca sebagai tanggal. Gunakan tanggal-bulan-tahun, misalnya 17-08-1980 atau 17 Agustus 1980.`,
  );
}

/**
 * Which way round a column's written dates go, over the whole file. `dateFromCell` reads a date
 * day first when either way could be, and refuses one that can only be month first; but one
 * "08/25/1980" says the whole column is month first, and then every "05/03/1975" in it was read
 * the wrong way round, with no row to say so. Date cells say nothing: their order is the
 * spreadsheet's own.
 */
/** "05/03/1975" -> "5 Maret atau 3 Mei 1975": the two days a date that reads both ways can be. */
function readBothWays(text: string): string {
  const [a, b, year] = text.split(/[-/.]/).map(Number) as [number, number, number];
  const month = (n: number) => MONTHS_ID[n - 1] ?? String(n);
  return `${a} ${month(b)} atau ${b} ${month(a)} ${year}`;
}

export class DateOrder {
  private monthFirst: { row: number; text: string } | null = null;
  private dayFirst = false;
  private eitherWay = 0;
  /** The first date that reads both ways, as the clerk will find it in their file. */
  private firstEitherWay: { row: number; text: string } | null = null;

  constructor(private readonly label: string) {}

  /** `confirmed`: the date read day first is known right (it agrees with the person's NIK). */
  observe(cell: Cell, row: number, confirmed = false): void {
    if (!cell || cell.t !== 's') return;
    // Anywhere in the cell: "Batu, 05/03/1975" is a date as much as "05/03/1975".
    const m = /(?<!\d)(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})(?!\d)/.exec(cell.v);
    if (!m) return;
    const [a, b] = [Number(m[1]), Number(m[2])];
    if (a > 12 || (confirmed && a !== b)) this.dayFirst = true;
    else if (b > 12) this.monthFirst ??= { row, text: cell.v.trim() };
    else if (a !== b && this.eitherWay++ === 0) this.firstEitherWay = { row, text: m[0] };
  }

  /** The refusal of a file whose column is month first and holds dates read the wrong way round. */
  refusal(): AppFailure | null {
    if (!this.monthFirst || this.dayFirst || !this.eitherWay) return null;
    const { row, text } = this.monthFirst;
    const example = this.firstEitherWay!;
    return new AppFailure(
      'VALIDATION',
      `Kolom ${this.label} ditulis bulan/tanggal/tahun (gaya Amerika): baris ${row} berisi "${text}", dan tidak ada tanggal yang pasti ditulis tanggal dulu. ${this.eitherWay.toLocaleString('id-ID')} tanggal lain di kolom ini bisa terbaca tertukar (misalnya "${example.text}" di baris ${example.row}: ${readBothWays(example.text)}), jadi berkas tidak diimpor. Di Excel, ubah kolom ${this.label} ke format tanggal-bulan-tahun (misalnya 17-08-1980), simpan, lalu impor ulang.`,
    );
  }
}

const SEX: Record<string, 'L' | 'P'> = {
  L: 'L',
  LK: 'L',
  LAKI: 'L',
  LAKILAKI: 'L',
  PRIA: 'L',
  '1': 'L',
  M: 'L',
  MALE: 'L',
  P: 'P',
  PR: 'P',
  PEREMPUAN: 'P',
  WANITA: 'P',
  W: 'P',
  '2': 'P',
  F: 'P',
  FEMALE: 'P',
};

export function sexFromCell(cell: Cell): Parsed<'L' | 'P' | null> {
  const text = cellText(cell)
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
  if (!text) return ok(null);
  const sex = SEX[text];
  return sex
    ? ok(sex)
    : bad(
        'SEX',
        `Jenis kelamin "${cellText(cell)}" tidak dikenal. Gunakan L atau P (atau 1 = laki-laki, 2 = perempuan).`,
      );
}

/** RT/RW as three digits: "3", "03", "RT 003" -> "003". */
export function rtRwFromCell(cell: Cell, label: 'RT' | 'RW'): Parsed<string | null> {
  const text = cellText(cell)
    .toUpperCase()
    .replace(/^(RT|RW)\.?\s*/, '')
    .trim();
  // OpenSID and printed lists write "-" for "none".
  if (!text || /^[-–—]+$/.test(text)) return ok(null);
  if (!/^\d{1,3}$/.test(text))
    return bad(label, `${label} "${cellText(cell)}" bukan angka. Tulis angka saja, misalnya 003.`);
  return ok(text.padStart(3, '0'));
}

/**
 * A DTKS/DTSEN decile, 1 (poorest) to 10: "3", "Desil 3", "D3", "DESIL-3" as SIKS-NG and village
 * lists write it. "-" is none; anything else (11, 0, "3-4") is refused, never clamped.
 */
export function desilFromCell(cell: Cell): Parsed<number | null> {
  const raw = cellText(cell);
  if (!raw || /^[-–—]+$/.test(raw)) return ok(null);
  const digits = raw.replace(/^\s*(?:desil|d)\s*[-.:]?\s*/i, '');
  const desil = /^\d{1,2}$/.test(digits) ? Number(digits) : NaN;
  if (desil >= 1 && desil <= 10) return ok(desil);
  return bad('DESIL', `Desil "${raw}" harus angka 1 sampai 10 (boleh ditulis "Desil 3" atau "D3").`);
}

/**
 * One column holding both, as many village lists write it: "001/002", "1 / 2", "RT 01 RW 02",
 * "01-02". Excel turns a typed "01/02" into a date; which part was the RT then depends on the
 * machine's locale, so such a cell is refused rather than guessed.
 */
export function rtRwPairFromCell(cell: Cell): Parsed<{ rt: string | null; rw: string | null }> {
  const raw = cellText(cell);
  if (!raw || /^[-–—/ ]+$/.test(raw)) return ok({ rt: null, rw: null });
  if (cell?.t === 'd')
    return bad(
      'RT_RW_DATE',
      `RT/RW terbaca sebagai tanggal (${raw}): Excel mengubah isian seperti 01/02 menjadi tanggal. Format kolom sebagai Teks, ketik ulang RT/RW, lalu ekspor ulang.`,
    );
  const parts = raw
    .toUpperCase()
    .replace(/R[TW]\.?/g, ' ')
    .split(/[\s/\\|.,:;-]+/)
    .filter(Boolean);
  if (parts.length !== 2 || !parts.every((p) => /^\d{1,3}$/.test(p)))
    return bad(
      'RT_RW',
      `RT/RW "${raw}" tidak terbaca. Tulis RT dan RW dipisah garis miring, misalnya 001/002.`,
    );
  return ok({ rt: parts[0]!.padStart(3, '0'), rw: parts[1]!.padStart(3, '0') });
}

/**
 * A household's monthly income: rupiah as `parseRupiah` reads them ("Rp 1.250.000,-",
 * "1,250,000"). Sen mean nothing in an income the family declared, so "1.250.000,50" (or a
 * formula's 1250000.5) is rounded with a warning rather than refusing the row, which would drop
 * the person (often the head) with it.
 */
export function incomeFromCell(cell: Cell): Parsed<number | null> {
  if (!cell) return ok(null);
  const written = cellText(cell);
  if (cell.t === 'n') {
    if (cell.v < 0) return bad('AMOUNT_NEGATIVE', 'Penghasilan tidak boleh negatif.');
    return Number.isInteger(cell.v) ? ok(cell.v) : rounded(cell.v, written);
  }
  if (!written.trim()) return ok(null);
  const read = parseRupiah(written);
  if (read.ok) return ok(read.value);
  const sen = /^\s*(?:rp\.?\s*)?(\d{1,3}(?:\.\d{3})+|\d+),(\d{1,2})\s*$/i.exec(written);
  if (read.problem === 'decimal' && sen)
    return rounded(Number(`${sen[1]!.replace(/\./g, '')}.${sen[2]}`), written);
  return bad(
    read.problem === 'tooLarge' ? 'AMOUNT_TOO_LARGE' : 'AMOUNT_FORMAT',
    rupiahProblemMessage(read.problem, written, 'Penghasilan'),
  );
}

function rounded(value: number, written: string): Parsed<number> {
  const whole = Math.round(value);
  return {
    ok: true,
    value: whole,
    warning: {
      code: 'INCOME_ROUNDED',
      message: `Penghasilan "${written}" memuat sen; disimpan dibulatkan menjadi ${whole.toLocaleString('id-ID')}.`,
    },
  };
}

const YES = new Set(['1', 'Y', 'YA', 'YES', 'TRUE', 'V', 'ADA', 'PENERIMA', 'AKTIF']);
const NO = new Set(['0', 'N', 'T', 'TIDAK', 'NO', 'FALSE', 'BUKAN', 'NONAKTIF']);
/** Ticks as hand-made village lists write them: ✓ ✔ √ ☑ 🗸 ✅ (one or more). */
const TICK = /^[\u2713\u2714\u221A\u2611\u{1F5F8}\u2705]+$/u;
/**
 * A cross: in Indonesian hand lists an X marks a person as included as often as it strikes them
 * out, so it is refused rather than guessed.
 */
const CROSS = /^[xX\u2717\u2718\u2612\u2715\u2716\u00D7\u274C]$/u;

export function flagFromCell(cell: Cell): Parsed<boolean> {
  if (!cell) return ok(false);
  if (cell.t === 'b') return ok(cell.v);
  const raw = cellText(cell).trim();
  if (TICK.test(raw)) return ok(true);
  if (CROSS.test(raw))
    return bad(
      'FLAG_CROSS',
      `Isian "${raw}" (tanda silang) bisa berarti ya (dicentang) atau tidak (dicoret), jadi tidak ditebak. Tulis 1 atau YA bila orang ini penerima program, 0 atau TIDAK bila bukan.`,
    );
  const text = raw.toUpperCase().replace(/[^A-Z0-9]/g, '');
  if (!text) {
    // Only marks no one reads as "no" ("-", "–") stay empty; any other sign is asked about.
    if (!raw || /^[-–—.\s]+$/.test(raw)) return ok(false);
    return bad(
      'FLAG',
      `Isian "${raw}" bukan ya/tidak. Gunakan 1/0 atau YA/TIDAK (tanda centang ✓ juga dibaca ya).`,
    );
  }
  if (YES.has(text)) return ok(true);
  if (NO.has(text)) return ok(false);
  return bad('FLAG', `Isian "${cellText(cell)}" bukan ya/tidak. Gunakan 1/0 atau YA/TIDAK.`);
}

/** Relationship words as files write them (numbers are read through a code list, never here). */
const RELATIONSHIPS: Record<string, string> = {
  KEPALAKELUARGA: 'kepala_keluarga',
  KEPKELUARGA: 'kepala_keluarga',
  KPLKELUARGA: 'kepala_keluarga',
  KEPALAKEL: 'kepala_keluarga',
  KEPKEL: 'kepala_keluarga',
  KEPALARUMAHTANGGA: 'kepala_keluarga',
  KRT: 'kepala_keluarga',
  KK: 'kepala_keluarga',
  KEPALA: 'kepala_keluarga',
  SUAMI: 'suami',
  ISTRI: 'istri',
  ISTERI: 'istri',
  SUAMIISTRI: 'pasangan',
  ISTRISUAMI: 'pasangan',
  PASANGAN: 'pasangan',
  ANAK: 'anak',
  ANAKKANDUNG: 'anak',
  ANAKTIRI: 'anak',
  ANAKANGKAT: 'anak',
  MENANTU: 'menantu',
  CUCU: 'cucu',
  ORANGTUA: 'orang_tua',
  ORANGTUAMERTUA: 'orang_tua',
  AYAH: 'orang_tua',
  IBU: 'orang_tua',
  MERTUA: 'mertua',
  FAMILILAIN: 'famili_lain',
  FAMILI: 'famili_lain',
  SAUDARA: 'famili_lain',
  PEMBANTU: 'pembantu',
  PEMBANTURUTA: 'pembantu',
  PEMBANTURUMAHTANGGA: 'pembantu',
  LAINNYA: 'lainnya',
  LAIN: 'lainnya',
  LAINLAIN: 'lainnya',
};

/** True when a text reads as a relationship word ("ISTRI", "Anak Kandung", "Kepala Keluarga"). */
export function isRelationshipWord(text: string): boolean {
  return text.toUpperCase().replace(/[^A-Z]/g, '') in RELATIONSHIPS;
}

/**
 * A relationship from its word, or from its number through the file's code list. A number with
 * no list chosen is refused as such (`RELATIONSHIP_CODE_LIST`): the import stops and asks.
 */
export function relationshipFromCell(
  cell: Cell,
  sex: 'L' | 'P' | null,
  list: RelationshipCodeList | null,
): Parsed<string | null> {
  const raw = cellText(cell);
  // "3 - ISTRI", "03. Istri": a code with its word; the word settles it.
  const text = raw
    .toUpperCase()
    .replace(/^\d{1,2}\s*[-.)]\s*(?=[A-Z])/, '')
    .replace(/[^A-Z0-9]/g, '');
  if (!text) return ok(null);
  let code: string | undefined = RELATIONSHIPS[text];
  if (!code && /^\d{1,2}$/.test(text)) {
    if (!list)
      return bad(
        'RELATIONSHIP_CODE_LIST',
        `Hubungan keluarga "${raw}" berupa kode angka, dan daftar kodenya belum dipilih (SIAK atau DTKS).`,
      );
    const codes: Record<number, string> = RELATIONSHIP_CODE_LISTS[list].codes;
    code = codes[Number(text)];
    if (!code)
      return bad(
        'RELATIONSHIP',
        `Kode hubungan keluarga "${raw}" tidak ada di daftar ${list === 'siak' ? 'SIAK/Dukcapil (1-11)' : 'BDT/DTKS (1-8)'}. Periksa isinya.`,
      );
  }
  if (!code)
    return bad(
      'RELATIONSHIP',
      `Hubungan keluarga "${raw}" tidak dikenal. Gunakan Kepala Keluarga, Istri, Suami, Anak, Menantu, Cucu, Orang Tua, Mertua, Famili Lain, Pembantu atau Lainnya.`,
    );
  if (code !== 'pasangan') return ok(code);
  if (!sex)
    return bad(
      'RELATIONSHIP_SPOUSE_SEX',
      `Hubungan "${raw}" berarti istri atau suami, tetapi jenis kelaminnya tidak diketahui. Isi jenis kelamin (L/P).`,
    );
  return ok(sex === 'L' ? 'suami' : 'istri');
}

/** SIAK's life status: Hidup / Mati (also Meninggal, Wafat). */
export function lifeFromCell(cell: Cell): Parsed<'hidup' | 'mati' | null> {
  const text = cellText(cell)
    .toUpperCase()
    .replace(/[^A-Z]/g, '');
  if (!text) return ok(null);
  if (['HIDUP', 'H', 'ADA', 'AKTIF'].includes(text)) return ok('hidup');
  if (['MATI', 'M', 'MENINGGAL', 'MENINGGALDUNIA', 'WAFAT', 'MD', 'ALMARHUM', 'ALMARHUMAH'].includes(text))
    return ok('mati');
  return bad('LIFE_STATUS', `Status "${cellText(cell)}" tidak dikenal. Gunakan Hidup atau Mati (Meninggal).`);
}

/** "Batu, 01-07-1950" or "BATU 1 Juli 1950" -> place and date. */
export function placeDateFromCell(
  cell: Cell,
  today: Date,
  kind: DateKind = 'birth',
): Parsed<{ place: string | null; date: string | null }> {
  const text = cellText(cell);
  if (!text) return ok({ place: null, date: null });
  const m = /^(.*?)[,/]?\s*(\d{1,2}[-/. ]\S+[-/. ]\d{2,4})$/.exec(text);
  if (!m)
    return bad(
      'PLACE_DATE',
      `"${text}" tidak terbaca sebagai tempat dan tanggal lahir. Tulis seperti "Batu, 01-07-1950".`,
    );
  const date = dateFromCell({ t: 's', v: m[2]! }, today, kind);
  if (!date.ok) return date;
  return {
    ok: true,
    value: { place: m[1]!.replace(/[,\s]+$/, '').trim() || null, date: date.value },
    ...(date.warning ? { warning: date.warning } : {}),
  };
}

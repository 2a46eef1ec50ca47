/**
 * NIK and No. KK rules from DOMAIN.md. Hard errors make a number unusable; warnings are shown
 * next to the field but the number is kept, because a person keeps the NIK of first registration
 * for life even when its encoded date or region is "wrong".
 */
export type Sex = 'L' | 'P';

export interface IdProblem {
  severity: 'error' | 'warning';
  code: string;
  message: string;
}

export interface NikFacts {
  birthDate: string; // ISO yyyy-mm-dd, century chosen as the most recent date not in the future
  sex: Sex;
  provinceCode: string;
  cityCode: string; // 4 digits, e.g. 3579
  kecamatanCode: string; // 6 digits, e.g. 357901
  serial: string;
}

export interface IdCheck<F> {
  normalized: string;
  facts: F | null;
  problems: IdProblem[];
}

export interface IdCheckOptions {
  /** City prefix expected on local numbers (Kota Batu 3579); a different prefix is a warning. */
  cityPrefix?: string;
  /** Today's date, injectable for tests. */
  today?: Date;
}

/** Trim, drop spaces, NBSP, dots, dashes and a leading apostrophe (Excel's text marker). */
export function normalizeIdNumber(raw: string): string {
  return (
    raw
      .trim()
      // ="3579…": how web exports keep Excel from turning the digits into a number.
      .replace(/^="(.*)"$/, '$1')
      .replace(/^'/, '')
      .replace(/[\s\u00a0.-]/g, '')
  );
}

const pad2 = (n: number) => String(n).padStart(2, '0');

function isRealDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** The two-digit year could be 19YY or 20YY: keep the real dates, prefer the latest not in the future. */
function pickCentury(
  yy: number,
  month: number,
  day: number,
  today: Date,
): { date: string | null; anyReal: boolean } {
  const candidates = [2000 + yy, 1900 + yy].filter((y) => isRealDate(y, month, day));
  const todayIso = today.toISOString().slice(0, 10);
  for (const year of candidates) {
    const iso = `${year}-${pad2(month)}-${pad2(day)}`;
    if (iso <= todayIso) return { date: iso, anyReal: true };
  }
  return { date: null, anyReal: candidates.length > 0 };
}

function shapeProblems(label: string, code: string, digits: string): IdProblem[] {
  if (!/^\d+$/.test(digits)) {
    return [
      {
        severity: 'error',
        code: `${code}_NOT_DIGITS`,
        message: `${label} hanya boleh berisi angka. Periksa huruf atau tanda baca yang ikut terketik.`,
      },
    ];
  }
  if (digits.length !== 16) {
    return [
      {
        severity: 'error',
        code: `${code}_LENGTH`,
        message: `${label} harus 16 digit (yang terisi ${digits.length} digit). Cocokkan dengan kartu aslinya.`,
      },
    ];
  }
  if (digits.slice(12) === '0000') {
    return [
      {
        severity: 'error',
        code: `${code}_SERIAL`,
        message: `Empat digit terakhir ${label} tidak mungkin 0000. Cocokkan dengan kartu aslinya.`,
      },
    ];
  }
  return [];
}

function prefixWarning(label: string, code: string, digits: string, cityPrefix: string): IdProblem[] {
  if (digits.startsWith(cityPrefix)) return [];
  return [
    {
      severity: 'warning',
      code: `${code}_OTHER_REGION`,
      message: `${label} diawali ${digits.slice(0, 4)}, bukan ${cityPrefix} (wilayah ini). Boleh disimpan bila memang terdaftar di daerah lain.`,
    },
  ];
}

export function checkNik(
  raw: string,
  options: IdCheckOptions & { birthDate?: string | null; sex?: Sex | null } = {},
): IdCheck<NikFacts> {
  const nik = normalizeIdNumber(raw);
  const problems = shapeProblems('NIK', 'NIK', nik);
  if (problems.length) return { normalized: nik, facts: null, problems };

  const rawDay = Number(nik.slice(6, 8));
  const month = Number(nik.slice(8, 10));
  const yy = Number(nik.slice(10, 12));
  if (rawDay === 0 || (rawDay > 31 && rawDay < 41) || rawDay >= 72) {
    problems.push({
      severity: 'error',
      code: 'NIK_DAY',
      message: `Digit ke-7 dan ke-8 NIK (${nik.slice(6, 8)}) bukan tanggal lahir: untuk laki-laki 01-31, untuk perempuan 41-71.`,
    });
  }
  if (month === 0 || month > 12) {
    problems.push({
      severity: 'error',
      code: 'NIK_MONTH',
      message: `Digit ke-9 dan ke-10 NIK (${nik.slice(8, 10)}) bukan bulan lahir: harus 01-12.`,
    });
  }
  if (problems.length) return { normalized: nik, facts: null, problems };

  const sex: Sex = rawDay > 40 ? 'P' : 'L';
  const day = sex === 'P' ? rawDay - 40 : rawDay;
  const { date, anyReal } = pickCentury(yy, month, day, options.today ?? new Date());
  if (!anyReal) {
    problems.push({
      severity: 'error',
      code: 'NIK_DATE',
      message: `Tanggal lahir pada NIK (${pad2(day)}-${pad2(month)}-${pad2(yy)}) tidak ada di kalender. Cocokkan dengan kartu aslinya.`,
    });
    return { normalized: nik, facts: null, problems };
  }
  if (date === null) {
    problems.push({
      severity: 'error',
      code: 'NIK_DATE_FUTURE',
      message: `Tanggal lahir pada NIK (${pad2(day)}-${pad2(month)}-${pad2(yy)}) belum terjadi. Cocokkan dengan kartu aslinya.`,
    });
    return { normalized: nik, facts: null, problems };
  }

  const facts: NikFacts = {
    birthDate: date,
    sex,
    provinceCode: nik.slice(0, 2),
    cityCode: nik.slice(0, 4),
    kecamatanCode: nik.slice(0, 6),
    serial: nik.slice(12),
  };
  problems.push(...prefixWarning('NIK', 'NIK', nik, options.cityPrefix ?? '3579'));
  if (options.birthDate && swappedDayMonth(options.birthDate, facts.birthDate)) {
    problems.push({
      severity: 'warning',
      code: 'NIK_BIRTHDATE_SWAPPED',
      message: `Tanggal lahir (${formatIsoDate(options.birthDate)}) adalah tanggal di NIK (${formatIsoDate(facts.birthDate)}) dengan hari dan bulan tertukar. Tanggal ini kemungkinan ditulis bulan/tanggal/tahun (gaya Amerika); periksa tanggal lahirnya.`,
    });
  } else if (options.birthDate && !sameDayMonthYear(options.birthDate, facts.birthDate)) {
    problems.push({
      severity: 'warning',
      code: 'NIK_BIRTHDATE_MISMATCH',
      message: `Tanggal lahir (${formatIsoDate(options.birthDate)}) berbeda dengan yang tersirat di NIK (${formatIsoDate(facts.birthDate)}). NIK tetap berlaku; periksa tanggal lahirnya.`,
    });
  }
  if (options.sex && options.sex !== sex) {
    problems.push({
      severity: 'warning',
      code: 'NIK_SEX_MISMATCH',
      message: `Jenis kelamin ${options.sex === 'L' ? 'laki-laki' : 'perempuan'} berbeda dengan yang tersirat di NIK (${sex === 'L' ? 'laki-laki' : 'perempuan'}). Periksa jenis kelaminnya.`,
    });
  }
  return { normalized: nik, facts, problems };
}

/** Day and month must agree; the year only in its last two digits (the NIK century is a guess). */
function sameDayMonthYear(recorded: string, fromNik: string): boolean {
  return recorded.slice(2) === fromNik.slice(2);
}

/**
 * The NIK's date with day and month swapped: 1975-05-03 recorded where the NIK says 5 March 1975,
 * which is what a month/day/year file, or Excel in English, makes of "05/03/1975".
 */
function swappedDayMonth(recorded: string, fromNik: string): boolean {
  const [year, month, day] = recorded.split('-');
  return month !== day && `${year!.slice(2)}-${day}-${month}` === fromNik.slice(2);
}

function formatIsoDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}-${m}-${y}`;
}

export interface KkFacts {
  issueDate: string;
  cityCode: string;
  kecamatanCode: string;
}

export function checkKk(raw: string, options: IdCheckOptions = {}): IdCheck<KkFacts> {
  const kk = normalizeIdNumber(raw);
  const problems = shapeProblems('No. KK', 'KK', kk);
  if (problems.length) return { normalized: kk, facts: null, problems };
  const day = Number(kk.slice(6, 8));
  const month = Number(kk.slice(8, 10));
  const yy = Number(kk.slice(10, 12));
  const { date, anyReal } = pickCentury(yy, month, day, options.today ?? new Date());
  if (!anyReal || date === null) {
    problems.push({
      severity: 'error',
      code: 'KK_DATE',
      message: `Digit ke-7 sampai ke-12 No. KK (${kk.slice(6, 12)}) bukan tanggal terbit yang mungkin. Cocokkan dengan kartu aslinya.`,
    });
    return { normalized: kk, facts: null, problems };
  }
  problems.push(...prefixWarning('No. KK', 'KK', kk, options.cityPrefix ?? '3579'));
  return {
    normalized: kk,
    facts: { issueDate: date, cityCode: kk.slice(0, 4), kecamatanCode: kk.slice(0, 6) },
    problems,
  };
}

export const hasErrors = (problems: IdProblem[]): boolean => problems.some((p) => p.severity === 'error');

/** For lists that leave the office: keep the region prefix and the serial, hide the rest. */
export function maskIdNumber(value: string): string {
  if (value.length !== 16) return value;
  return `${value.slice(0, 4)}xxxxxxxx${value.slice(12)}`;
}

import { localDate, MONTHS_ID } from '../format.ts';

/**
 * Dates as a clerk in Kota Batu reads and writes them, whatever the computer's time zone or
 * language: "today" is the date in WIB (Asia/Jakarta, UTC+7, no daylight saving), dates are
 * day/month/year, months have Indonesian names. Values travel as ISO text: yyyy-mm-dd for a
 * date, yyyy-mm for a month.
 */

/** Today's date in WIB as yyyy-mm-dd: until 07:00 WIB the UTC date is still yesterday. */
export function todayWib(now: Date = new Date()): string {
  return localDate(now);
}

/** This month in WIB as yyyy-mm. */
export function thisMonthWib(now: Date = new Date()): string {
  return todayWib(now).slice(0, 7);
}

const DAY_MS = 86_400_000;

/** A yyyy-mm-dd date moved by whole days (calendar arithmetic: no zone, no daylight saving). */
export function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate.slice(0, 10)}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from a yyyy-mm-dd date (or a timestamp's date part) to today in WIB; positive once it has passed. */
export function daysSince(isoDate: string, now: Date = new Date()): number {
  const from = Date.parse(`${isoDate.slice(0, 10)}T00:00:00Z`);
  return Math.round((Date.parse(`${todayWib(now)}T00:00:00Z`) - from) / DAY_MS);
}

const MONTH = /^(\d{4})-(\d{2})$/;

/** "2026-12" -> "Desember 2026"; anything else is returned as it came. */
export function monthLabelId(month: string): string {
  const m = MONTH.exec(month);
  const name = m ? MONTHS_ID[Number(m[2]) - 1] : undefined;
  return m && name ? `${name} ${m[1]}` : month;
}

/** Year and month (1-12) of a yyyy-mm value, or null. */
export function splitMonth(month: string): { year: number; month: number } | null {
  const m = MONTH.exec(month);
  if (!m) return null;
  const value = { year: Number(m[1]), month: Number(m[2]) };
  return value.month >= 1 && value.month <= 12 ? value : null;
}

/** (2026, 12) -> "2026-12". */
export function joinMonth(year: number, month: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** "2026-12-06" -> "06/12/2026" (the order on every Indonesian form); other text unchanged. */
export function formatDateDmy(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/**
 * A typed day/month/year ("6/12/2026", "06-12-2026", "6.12.2026") as yyyy-mm-dd, or null when
 * it is not a real date (31/02, a two-digit year: never guessed).
 */
export function parseDateDmy(text: string): string | null {
  // Year first (2026-12-06, as systems export it) cannot be mistaken for a day: read it too.
  const iso = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$/.exec(text);
  const m = iso
    ? [text, iso[3], iso[2], iso[1]]
    : /^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$/.exec(text);
  if (!m) return null;
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || year < 1900) return null;
  const read = `${m[3]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  // Date.UTC rolls 31/02 over into March; a date that does not survive the round trip is not real.
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10) === read ? read : null;
}

/** The Indonesian month names, for pickers. */
export { MONTHS_ID };

/** Full years from a birth date (yyyy-mm-dd) to a day (yyyy-mm-dd, e.g. todayWib()), by the calendar. */
export function ageOn(birthDate: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return day.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

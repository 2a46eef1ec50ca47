/** Indonesian conventions from DOMAIN.md: day-month-year, Indonesian month names, Rupiah with dots. */
export const MONTHS_ID = [
  'Januari',
  'Februari',
  'Maret',
  'April',
  'Mei',
  'Juni',
  'Juli',
  'Agustus',
  'September',
  'Oktober',
  'November',
  'Desember',
];
export const DAYS_ID = ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'];

const pad = (n: number) => String(n).padStart(2, '0');

/** Local wall time in Asia/Jakarta (WIB, UTC+7, no daylight saving), whatever the machine's zone. */
function wib(iso: string): Date {
  return new Date(Date.parse(iso) + 7 * 3600_000);
}

/** "17 Agustus 2025" from an ISO date or timestamp. */
export function formatDateId(iso: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) {
    const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
    return `${d} ${MONTHS_ID[m - 1]} ${y}`;
  }
  const t = wib(iso);
  return `${t.getUTCDate()} ${MONTHS_ID[t.getUTCMonth()]} ${t.getUTCFullYear()}`;
}

/** "17-08-2025 14.05 WIB": compact, never month-first. */
export function formatDateTimeId(iso: string): string {
  const t = wib(iso);
  return `${pad(t.getUTCDate())}-${pad(t.getUTCMonth() + 1)}-${t.getUTCFullYear()} ${pad(t.getUTCHours())}.${pad(t.getUTCMinutes())} WIB`;
}

/** "Rp1.500.000" (integer rupiah); with cents: "Rp1.500.000,00". */
/** A count as Indonesian writes it: 100.000. */
export const formatCount = (n: number): string => n.toLocaleString('id-ID');

export function formatRupiah(amount: number, withCents = false): string {
  const sign = amount < 0 ? '-' : '';
  const digits = String(Math.abs(Math.trunc(amount))).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${sign}Rp${digits}${withCents ? ',00' : ''}`;
}

/** Today's date in Kota Batu (WIB), as yyyy-mm-dd: the UTC date is yesterday until 07:00. */
export function localDate(now: Date | string): string {
  return wib(typeof now === 'string' ? now : now.toISOString())
    .toISOString()
    .slice(0, 10);
}

export const monthIndex = (year: number, month: number): number => year * 12 + (month - 1);

/** The months a period covers, each year said where it belongs: "November 2026–Januari 2027". */
export function periodSpan(
  p: { year: number; startMonth: number; months: number },
  monthNames: readonly string[] = MONTHS_ID,
): string {
  const first = monthIndex(p.year, p.startMonth);
  const last = first + Math.max(p.months, 1) - 1;
  const name = (i: number) => monthNames[i % 12]!;
  const year = (i: number) => Math.floor(i / 12);
  if (first === last) return `${name(first)} ${year(first)}`;
  if (year(first) === year(last)) return `${name(first)}–${name(last)} ${year(last)}`;
  return `${name(first)} ${year(first)}–${name(last)} ${year(last)}`;
}

import { MONTHS_ID, periodSpan } from '../../common/format.ts';

/**
 * How numbers, dates and identity numbers read on printed documents (../shared/DOMAIN.md).
 * The HTML layout and the Excel check both format cells here, so a PDF and its workbook can be
 * compared cell for cell.
 */

const ONES = [
  '',
  'satu',
  'dua',
  'tiga',
  'empat',
  'lima',
  'enam',
  'tujuh',
  'delapan',
  'sembilan',
  'sepuluh',
  'sebelas',
];

/** Words for 0 < n < 1000. */
function below1000(n: number): string {
  const parts: string[] = [];
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  if (hundreds === 1) parts.push('seratus');
  else if (hundreds > 1) parts.push(`${ONES[hundreds]} ratus`);
  if (rest > 0 && rest < 12) parts.push(ONES[rest]!);
  else if (rest >= 12 && rest < 20) parts.push(`${ONES[rest - 10]} belas`);
  else if (rest >= 20) {
    parts.push(`${ONES[Math.floor(rest / 10)]} puluh`);
    if (rest % 10) parts.push(ONES[rest % 10]!);
  }
  return parts.join(' ');
}

const SCALES: [number, string][] = [
  [1e12, 'triliun'],
  [1e9, 'miliar'],
  [1e6, 'juta'],
  [1e3, 'ribu'],
];

/** Indonesian number words: 1500000 -> "satu juta lima ratus ribu"; 1000 -> "seribu". */
export function numberWords(value: number): string {
  if (!Number.isSafeInteger(value)) throw new Error(`terbilang: ${value} is not a safe integer`);
  if (value === 0) return 'nol';
  if (value < 0) return `minus ${numberWords(-value)}`;
  const parts: string[] = [];
  let rest = value;
  for (const [size, name] of SCALES) {
    const count = Math.floor(rest / size);
    if (count === 0) continue;
    rest -= count * size;
    parts.push(size === 1e3 && count === 1 ? 'seribu' : `${numberWords(count)} ${name}`);
  }
  if (rest > 0) parts.push(below1000(rest));
  return parts.join(' ');
}

/** Amounts in words on handover documents: "satu juta lima ratus ribu rupiah". */
export const terbilang = (rupiah: number): string => `${numberWords(rupiah)} rupiah`;

/** NIP (18 digits) as printed under a signature: "19680411 199303 1 009". */
export function formatNip(nip: string): string {
  const digits = nip.replace(/\D/g, '');
  if (digits.length !== 18) return nip;
  return `${digits.slice(0, 8)} ${digits.slice(8, 14)} ${digits.slice(14, 15)} ${digits.slice(15)}`;
}

/** "1.234.567" */
export function formatCount(n: number): string {
  const sign = n < 0 ? '-' : '';
  return sign + String(Math.abs(Math.trunc(n))).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/** "3,4": one decimal, Indonesian comma. */
export function formatDecimal(value: number): string {
  const tenths = Math.round(value * 10);
  const sign = tenths < 0 ? '-' : '';
  const abs = Math.abs(tenths);
  return `${sign}${formatCount(Math.floor(abs / 10))},${abs % 10}`;
}

/** "93,4%" from a fraction; one decimal, Indonesian comma. */
export function formatPercent(fraction: number): string {
  return `${formatDecimal(fraction * 100)}%`;
}

/** "2026-03" -> "Maret 2026" */
export function monthLabel(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return `${MONTHS_ID[m - 1]} ${y}`;
}

/** The first instant of a month in Kota Batu (WIB, UTC+7), and of the next, as ISO UTC strings. */
export function monthBounds(period: string): { from: string; to: string; firstDay: string; lastDay: string } {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const from = new Date(Date.UTC(y, m - 1, 1) - 7 * 3600_000).toISOString();
  const to = new Date(Date.UTC(y, m, 1) - 7 * 3600_000).toISOString();
  const last = new Date(Date.UTC(y, m, 0));
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    from,
    to,
    firstDay: `${y}-${pad(m)}-01`,
    lastDay: `${y}-${pad(m)}-${pad(last.getUTCDate())}`,
  };
}

export { monthIndex, periodSpan } from '../../common/format.ts';

export function parsePeriod(period: string): { year: number; month: number } {
  const [year, month] = period.split('-').map(Number) as [number, number];
  return { year, month };
}

/**
 * The period line of a report: the months once, right, whatever the label says. An automatic
 * label is only the months (older ones wrote "November–Januari 2026" for a period over a new
 * year), so the span replaces it; a name the manager gave ("Tahap IV") is kept before the span.
 */
export function periodLine(p: { label: string; year: number; startMonth: number; months: number }): string {
  const span = periodSpan(p);
  const length = p.months > 1 ? ` (${p.months} bulan)` : '';
  const first = MONTHS_ID[p.startMonth - 1];
  const automatic = p.label === span || p.label.startsWith(`${first}–`) || p.label === `${first} ${p.year}`;
  return automatic ? `${span}${length}` : `${p.label}: ${span}${length}`;
}

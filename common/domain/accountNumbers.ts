/**
 * Bank account, KKS card and phone numbers as people write them ("0812-3456 7890",
 * "+62 812 3456 7890", "1234.01.000123.50.1"): kept as digits only, so one number written two
 * ways is still one number when the leakage signals look for a number shared by families.
 */

/** Digits only: spaces, dots, dashes and slashes dropped. Anything else is not a number. */
export function numberDigits(raw: string): string | null {
  const compact = raw.replace(/[\s.\-/]/g, '');
  return /^\d*$/.test(compact) ? compact : null;
}

/** An Indonesian phone number in its national form: +62 / 62 becomes the leading 0. */
export function phoneDigits(raw: string): string | null {
  const compact = raw.trim().replace(/^\+/, '');
  const digits = numberDigits(compact);
  if (digits === null) return null;
  return digits.startsWith('62') ? `0${digits.slice(2)}` : digits;
}

export const NUMBER_RULES = {
  bankAccount: { min: 6, max: 20, message: 'Nomor rekening 6-20 angka (tanpa huruf).' },
  kksNumber: { min: 8, max: 20, message: 'Nomor kartu KKS 8-20 angka, seperti tertulis di kartu.' },
  phone: {
    min: 9,
    max: 14,
    message: 'Nomor HP diawali 0 atau +62, 9-14 angka (contoh 0812 3456 7890).',
  },
} as const;

/** The stored form of a number, or null when it breaks its rule. */
export function normalizeNumber(kind: keyof typeof NUMBER_RULES, raw: string): string | null {
  const digits = kind === 'phone' ? phoneDigits(raw) : numberDigits(raw);
  const rule = NUMBER_RULES[kind];
  if (digits === null || digits.length < rule.min || digits.length > rule.max) return null;
  if (kind === 'phone' && !digits.startsWith('0')) return null;
  return digits;
}

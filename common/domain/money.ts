/**
 * The one reader of rupiah amounts people type (forms, and the payments import). Money in this app is
 * integer rupiah, never sen: "1.500.000", "1500000", "Rp 1.500.000", "Rp1.500.000,00",
 * "Rp 1.500.000,-", "1.500.000.-" and "1,500,000" are all 1_500_000; a real decimal part
 * ("1.500.000,50", "1,5", "1.5") is refused, because guessing whether the clerk meant sen or
 * thousands is how amounts go wrong.
 */
export type RupiahProblem = 'empty' | 'decimal' | 'invalid' | 'tooLarge';

export type RupiahReading = { ok: true; value: number } | { ok: false; problem: RupiahProblem };

/** One billion: above any benefit or household income; a longer number is a typo. */
export const MAX_RUPIAH = 1_000_000_000;

export function parseRupiah(text: string): RupiahReading {
  const cleaned = text
    .replace(/^\s*rp\.?\s*/i, '')
    .replace(/\s+/g, '')
    // "Rp 400.000,-", "400.000.-", "400.000,=", "400.000,00-": no sen, as letters, receipts and
    // bank files write it.
    .replace(/[.,](0{1,2})?[-=]$/, '');
  if (!cleaned) return { ok: false, problem: 'empty' };
  // Dots between thousands, zero sen written out after a comma ("1.500.000,00").
  const dotted = /^(\d+|\d{1,3}(?:\.\d{3})+)(?:,0{1,2})?$/.exec(cleaned);
  // Commas between thousands, as English-locale bank systems write it ("400,000",
  // "1,500,000.00"): three digits after a comma are never sen (sen are two digits).
  const commas = /^(\d{1,3}(?:,\d{3})+)(?:\.0{1,2})?$/.exec(cleaned);
  const whole = dotted?.[1] ?? commas?.[1];
  if (whole !== undefined) {
    const value = Number(whole.replace(/[.,]/g, ''));
    return value > MAX_RUPIAH ? { ok: false, problem: 'tooLarge' } : { ok: true, value };
  }
  // A real decimal part: one or two digits (or four and more) after the comma, or after a single
  // dot ("1.5"), or after thousands commas ("1,500.50").
  if (
    /^(\d+|\d{1,3}(\.\d{3})+),(\d{1,2}|\d{4,})$/.test(cleaned) ||
    /^\d+\.(\d{1,2}|\d{4,})$/.test(cleaned) ||
    /^\d{1,3}(,\d{3})+\.\d{1,2}$/.test(cleaned)
  )
    return { ok: false, problem: 'decimal' };
  // Anything else ("1.500,000", "1,500,00", "satu juta") is not guessed.
  return { ok: false, problem: 'invalid' };
}

/**
 * What to tell the clerk about an amount that cannot be read, naming what it is ("Nominal",
 * "Penghasilan"): the same reader serves bansos amounts and household income.
 */
export function rupiahProblemMessage(problem: RupiahProblem, written: string, label = 'Nominal'): string {
  const shown = written.trim();
  switch (problem) {
    case 'empty':
      return `${label} kosong. Tulis dalam rupiah, misalnya 1.500.000.`;
    case 'decimal':
      return `${label} "${shown}" memuat sen (angka di belakang koma). Tulis dalam rupiah utuh tanpa sen, misalnya 1.250.000.`;
    case 'tooLarge':
      return `${label} "${shown}" lebih dari Rp${groupDigits(MAX_RUPIAH)}. Periksa apakah ada angka yang berlebih.`;
    case 'invalid':
      return `${label} "${shown}" tidak terbaca. Tulis dalam rupiah dengan titik pemisah ribuan, misalnya 1.500.000 atau Rp 1.500.000,-.`;
  }
}

/**
 * The same reading for optional fields: null when empty, NaN when it cannot be read (the form
 * shows its own message, or the API's validation refuses it).
 */
export function rupiahOrNull(text: string): number | null {
  const read = parseRupiah(text);
  if (read.ok) return read.value;
  return read.problem === 'empty' ? null : Number.NaN;
}

/** 1500000 -> "1.500.000" (no "Rp"), for putting a parsed amount back into an input. */
export function groupDigits(amount: number): string {
  return String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

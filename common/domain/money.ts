/**
 * The one reader of rupiah amounts people type (forms, not imported files). Money in this app is
 * integer rupiah, never sen: "1.500.000", "1500000", "Rp 1.500.000", "Rp1.500.000,00" and
 * "1.500.000,-" are all 1_500_000; a real decimal part ("1.500.000,50", "1,5", "1.5") is
 * refused, because guessing whether the clerk meant sen or thousands is how amounts go wrong.
 */
export type RupiahProblem = 'empty' | 'decimal' | 'invalid' | 'tooLarge';

export type RupiahReading = { ok: true; value: number } | { ok: false; problem: RupiahProblem };

/** One billion: above any benefit or household income; a longer number is a typo. */
export const MAX_RUPIAH = 1_000_000_000;

export function parseRupiah(text: string): RupiahReading {
  const cleaned = text
    .replace(/^\s*rp\.?\s*/i, '')
    .replace(/\s+/g, '')
    // Zero sen written out, as on receipts and bank letters: not a decimal part.
    .replace(/(,0{1,2}|,-)$/, '');
  if (!cleaned) return { ok: false, problem: 'empty' };
  if (/^\d+$/.test(cleaned) || /^\d{1,3}(\.\d{3})+$/.test(cleaned)) {
    const value = Number(cleaned.replace(/\./g, ''));
    return value > MAX_RUPIAH ? { ok: false, problem: 'tooLarge' } : { ok: true, value };
  }
  // A comma, or a single dot not followed by exactly three digits ("1.5"), is a decimal part.
  if (/^[\d.]*,\d*$/.test(cleaned) || /^\d+\.(\d{1,2}|\d{4,})$/.test(cleaned))
    return { ok: false, problem: 'decimal' };
  return { ok: false, problem: 'invalid' };
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

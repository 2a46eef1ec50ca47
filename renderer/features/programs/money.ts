/**
 * Whole-rupiah amounts typed by people: "1.500.000", "1500000", "Rp 1.500.000" are all
 * 1_500_000. Anything with a decimal part ("1.500.000,50", "1,5", "1.5") is refused: money in
 * this app is integer rupiah, never sen.
 */
export type RupiahProblem = 'empty' | 'decimal' | 'invalid' | 'tooLarge';

export const MAX_RUPIAH = 1_000_000_000;

export function parseRupiah(
  text: string,
): { ok: true; value: number } | { ok: false; problem: RupiahProblem } {
  const cleaned = text.replace(/^\s*rp\.?\s*/i, '').replace(/\s+/g, '');
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

/** "1500000" -> "1.500.000" (no "Rp"), for putting a parsed amount back into an input. */
export function groupDigits(amount: number): string {
  return String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

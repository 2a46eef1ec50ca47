import { describe, expect, it } from 'vitest';
import { cleanText } from './text.ts';

describe('cleanText', () => {
  it.each([
    ['NUL', 'a\u0000b'],
    ['bell', 'a\u0007b'],
    ['DEL', 'a\u007fb'],
    ['C1', 'a\u009bb'],
    ['RLO', 'a\u202Eb'],
    ['LRI', 'a\u2066b'],
    ['PDI', 'a\u2069b'],
    ['RLM', 'a\u200Fb'],
    ['lone high surrogate', 'a\uD800b'],
    ['lone low surrogate at end', 'ab\uDFFF'],
  ])('refuses %s', (_label, raw) => {
    const cleaned = cleanText(raw);
    expect(cleaned.ok).toBe(false);
  });

  it('strips zero-width characters, folds whitespace, keeps real emoji pairs', () => {
    expect(cleanText('\uFEFF Siti\u200B\u200C\u200D  Aminah\t\n')).toEqual({
      ok: true,
      value: 'Siti Aminah',
    });
    expect(cleanText('Rumah 🏠')).toEqual({ ok: true, value: 'Rumah 🏠' });
    expect(cleanText('baris 1\r\nbaris 2', { multiline: true })).toEqual({
      ok: true,
      value: 'baris 1\nbaris 2',
    });
    expect(cleanText('Andre\u0301')).toEqual({ ok: true, value: 'André' });
  });
});

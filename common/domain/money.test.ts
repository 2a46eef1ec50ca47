import { describe, expect, it } from 'vitest';
import { groupDigits, MAX_RUPIAH, parseRupiah, rupiahOrNull, rupiahProblemMessage } from './money.ts';

describe('parseRupiah', () => {
  it.each([
    ['1.500.000', 1_500_000],
    ['1500000', 1_500_000],
    ['Rp 1.500.000', 1_500_000],
    ['rp.600.000', 600_000],
    ['Rp1.500.000,00', 1_500_000],
    ['1.500.000,-', 1_500_000],
    // The most common way to write an amount on Indonesian letters and bank files (outside probe).
    ['Rp400.000,-', 400_000],
    ['Rp 400.000,-', 400_000],
    ['Rp. 400.000,-', 400_000],
    ['400.000.-', 400_000],
    ['Rp 400.000,00-', 400_000],
    ['400.000,=', 400_000],
    // A thousands comma, as English-locale bank systems write it: three digits after each comma
    // cannot be sen (sen are two digits).
    ['400,000', 400_000],
    ['Rp 1,500,000', 1_500_000],
    ['1,500,000.00', 1_500_000],
    [' 750 000 ', 750_000],
    ['0', 0],
    [String(MAX_RUPIAH), MAX_RUPIAH],
  ])('reads %j as %d', (text, value) => {
    expect(parseRupiah(text)).toEqual({ ok: true, value });
  });

  it.each([
    ['', 'empty'],
    ['  Rp ', 'empty'],
    ['1.500.000,50', 'decimal'],
    ['1,5', 'decimal'],
    ['1.5', 'decimal'],
    ['1.5000', 'decimal'],
    ['1.50.000', 'invalid'],
    // Mixed separators, or a comma group that is not three digits: not guessed.
    ['1.500,000', 'invalid'],
    ['1,500.000', 'invalid'],
    ['40,0000', 'decimal'],
    ['1,500,00', 'invalid'],
    ['1,500.50', 'decimal'],
    ['400.000-', 'invalid'],
    ['satu juta', 'invalid'],
    ['-500', 'invalid'],
    ['1.000.000.001', 'tooLarge'],
  ])('refuses %j as %s', (text, problem) => {
    expect(parseRupiah(text)).toEqual({ ok: false, problem });
  });
});

describe('rupiahProblemMessage', () => {
  it('names what the amount is, so an income is not told about bansos amounts', () => {
    const income = rupiahProblemMessage('decimal', '1.250.000,50', 'Penghasilan');
    expect(income).toContain('Penghasilan "1.250.000,50"');
    expect(income).toContain('rupiah utuh');
    expect(income).not.toMatch(/bansos/i);
    expect(rupiahProblemMessage('decimal', '400.000,50')).toMatch(/^Nominal "400.000,50" memuat sen/);
    expect(rupiahProblemMessage('invalid', 'empat ratus ribu')).toContain('1.500.000');
    expect(rupiahProblemMessage('tooLarge', '40.000.000.000')).toContain('Rp1.000.000.000');
  });
});

describe('rupiahOrNull', () => {
  it('is null when empty, NaN when unreadable, the amount otherwise', () => {
    expect(rupiahOrNull(' ')).toBeNull();
    expect(rupiahOrNull('abc')).toBeNaN();
    expect(rupiahOrNull('1,5')).toBeNaN();
    expect(rupiahOrNull('Rp 2.000.000')).toBe(2_000_000);
  });
});

describe('groupDigits', () => {
  it('puts dots between thousands', () => {
    expect(groupDigits(1_500_000)).toBe('1.500.000');
    expect(groupDigits(600)).toBe('600');
    expect(parseRupiah(groupDigits(123_456_789))).toEqual({ ok: true, value: 123_456_789 });
  });
});

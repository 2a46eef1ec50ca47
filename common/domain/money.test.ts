import { describe, expect, it } from 'vitest';
import { groupDigits, MAX_RUPIAH, parseRupiah, rupiahOrNull } from './money.ts';

describe('parseRupiah', () => {
  it.each([
    ['1.500.000', 1_500_000],
    ['1500000', 1_500_000],
    ['Rp 1.500.000', 1_500_000],
    ['rp.600.000', 600_000],
    ['Rp1.500.000,00', 1_500_000],
    ['1.500.000,-', 1_500_000],
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
    ['satu juta', 'invalid'],
    ['-500', 'invalid'],
    ['1.000.000.001', 'tooLarge'],
  ])('refuses %j as %s', (text, problem) => {
    expect(parseRupiah(text)).toEqual({ ok: false, problem });
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

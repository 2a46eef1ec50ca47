import { describe, expect, it } from 'vitest';
import { checkKk, checkNik, hasErrors, maskIdNumber, normalizeIdNumber } from './idNumbers.ts';

const today = new Date('2026-11-28T00:00:00Z');
const nik = (raw: string, extra: Parameters<typeof checkNik>[1] = {}) => checkNik(raw, { today, ...extra });
const codes = (r: { problems: { code: string }[] }) => r.problems.map((p) => p.code);

describe('NIK normalisation', () => {
  it('drops spaces, NBSP, dots, dashes and a leading apostrophe', () => {
    expect(normalizeIdNumber(" '3579.0112-0580\u00a00001 ")).toBe('3579011205800001');
  });
});

describe('NIK hard errors', () => {
  it.each([
    ['357901120580001', 'NIK_LENGTH'], // 15 digits
    ['35790112058000011', 'NIK_LENGTH'],
    ['3579O11205800001', 'NIK_NOT_DIGITS'], // letter O
    ['3579010005800001', 'NIK_DAY'], // day 00
    ['3579013205800001', 'NIK_DAY'], // day 32
    ['3579014005800001', 'NIK_DAY'], // day 40
    ['3579017205800001', 'NIK_DAY'], // day 72
    ['3579011200800001', 'NIK_MONTH'], // month 00
    ['3579011213800001', 'NIK_MONTH'], // month 13
    ['3579011205800000', 'NIK_SERIAL'], // serial 0000
    ['3579012902010001', 'NIK_DATE'], // 29 Feb in 1901 and 2001: neither is a leap year
    ['3579013104800001', 'NIK_DATE'], // 31 April never exists
    ['3579017102010001', 'NIK_DATE'], // women: 71-40 = 31 Feb
  ])('%s -> %s', (raw, code) => {
    const result = nik(raw);
    expect(codes(result)).toContain(code);
    expect(hasErrors(result.problems)).toBe(true);
    expect(result.facts).toBeNull();
    for (const p of result.problems) expect(p.message.length).toBeGreaterThan(20);
  });
});

describe('NIK facts', () => {
  it('reads a man: day as is, region, serial', () => {
    const r = nik('3579011205800001');
    expect(r.problems).toEqual([]);
    expect(r.facts).toEqual({
      birthDate: '1980-05-12',
      sex: 'L',
      provinceCode: '35',
      cityCode: '3579',
      kecamatanCode: '357901',
      serial: '0001',
    });
  });

  it('reads a woman: day + 40', () => {
    expect(nik('3579035205800002').facts).toMatchObject({ birthDate: '1980-05-12', sex: 'P' });
    expect(nik('3579037112990003').facts).toMatchObject({ birthDate: '1999-12-31', sex: 'P' });
  });

  it('picks the century that is not in the future, preferring the most recent', () => {
    expect(nik('3579010101200001').facts?.birthDate).toBe('2020-01-01');
    expect(nik('3579010101300001').facts?.birthDate).toBe('1930-01-01'); // 2030 has not happened
    expect(nik('3579013112260001').facts?.birthDate).toBe('1926-12-31'); // later this year -> 1926
    expect(nik('3579012902000001').facts?.birthDate).toBe('2000-02-29'); // 2000 was a leap year
  });

  it('accepts 29 February only in a leap year of some century', () => {
    expect(hasErrors(nik('3579012902040001').problems)).toBe(false); // 2004
    expect(hasErrors(nik('3579012902030001').problems)).toBe(true); // 1903 and 2003
  });
});

describe('NIK warnings (kept, shown next to the field)', () => {
  it('warns on another region prefix', () => {
    const r = nik('3507011205800001');
    expect(codes(r)).toEqual(['NIK_OTHER_REGION']);
    expect(hasErrors(r.problems)).toBe(false);
  });

  it('honours a configured city prefix', () => {
    expect(codes(nik('3507011205800001', { cityPrefix: '3507' }))).toEqual([]);
  });

  it('warns when the recorded birth date disagrees with the NIK', () => {
    const r = nik('3579011205800001', { birthDate: '1980-05-13' });
    expect(codes(r)).toEqual(['NIK_BIRTHDATE_MISMATCH']);
    expect(r.problems[0]?.message).toContain('13-05-1980');
    expect(r.problems[0]?.message).toContain('12-05-1980');
  });

  it('says when the recorded date is the NIK date with day and month swapped (a month-first file)', () => {
    // NIK 05-03-75 for a woman (day + 40), recorded 3 May 1975.
    const r = nik('3579014503750001', { birthDate: '1975-05-03' });
    expect(codes(r)).toEqual(['NIK_BIRTHDATE_SWAPPED']);
    expect(r.problems[0]?.message).toContain('03-05-1975');
    expect(r.problems[0]?.message).toContain('05-03-1975');
    // Any other difference is a plain mismatch; a day equal to its month cannot be swapped.
    expect(codes(nik('3579014503750001', { birthDate: '1975-05-04' }))).toEqual(['NIK_BIRTHDATE_MISMATCH']);
    expect(codes(nik('3579010303750001', { birthDate: '1975-03-03' }))).toEqual([]);
  });

  it('does not warn when only the century guess differs', () => {
    expect(codes(nik('3579010101200001', { birthDate: '1920-01-01' }))).toEqual([]);
  });

  it('warns when the recorded sex disagrees with the NIK', () => {
    expect(codes(nik('3579011205800001', { sex: 'P' }))).toEqual(['NIK_SEX_MISMATCH']);
    expect(codes(nik('3579015205800001', { sex: 'P' }))).toEqual([]);
  });
});

describe('No. KK', () => {
  it('reads the issue date without the +40 rule', () => {
    const r = checkKk('3579012003150004', { today });
    expect(r.problems).toEqual([]);
    expect(r.facts?.issueDate).toBe('2015-03-20');
  });

  it('refuses a day over 31 (no +40 on a KK)', () => {
    expect(codes(checkKk('3579014503150004', { today }))).toEqual(['KK_DATE']);
  });

  it('refuses shape errors like a NIK', () => {
    expect(codes(checkKk('35790120031500', { today }))).toEqual(['KK_LENGTH']);
    expect(codes(checkKk('3579012003150000', { today }))).toEqual(['KK_SERIAL']);
  });

  it('warns on another region', () => {
    expect(codes(checkKk('3507012003150004', { today }))).toEqual(['KK_OTHER_REGION']);
  });
});

describe('masking', () => {
  it('keeps the region and serial only', () => {
    expect(maskIdNumber('3579011205800001')).toBe('3579xxxxxxxx0001');
  });
});

import { describe, expect, it } from 'vitest';
import {
  addDays,
  ageOn,
  daysSince,
  formatDateDmy,
  joinMonth,
  monthLabelId,
  parseDateDmy,
  splitMonth,
  thisMonthWib,
  todayWib,
} from './localDate.ts';

describe('todayWib', () => {
  it('is the date in Asia/Jakarta, not the UTC date', () => {
    // 23:30 UTC on 5 December is 06:30 on 6 December in Kota Batu.
    expect(todayWib(new Date('2026-12-05T23:30:00Z'))).toBe('2026-12-06');
    expect(todayWib(new Date('2026-12-05T16:59:59Z'))).toBe('2026-12-05');
    expect(todayWib(new Date('2026-12-05T17:00:00Z'))).toBe('2026-12-06');
    // New year arrives in WIB seven hours before UTC.
    expect(thisMonthWib(new Date('2026-12-31T18:00:00Z'))).toBe('2027-01');
  });
});

describe('day arithmetic', () => {
  it('moves a date by whole days across month and year ends', () => {
    expect(addDays('2026-12-06', 14)).toBe('2026-12-20');
    expect(addDays('2026-12-25', 14)).toBe('2027-01-08');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
  });
  it('counts days since a date from today in WIB, not the UTC date', () => {
    // 23:30 UTC on 5 December is already 6 December in Kota Batu.
    const now = new Date('2026-12-05T23:30:00Z');
    expect(daysSince('2026-12-06', now)).toBe(0);
    expect(daysSince('2026-12-01', now)).toBe(5);
    expect(daysSince('2026-12-01T10:00:00.000Z', now)).toBe(5);
    expect(daysSince('2026-12-08', now)).toBe(-2);
  });
});

describe('months', () => {
  it('names months in Indonesian', () => {
    expect(monthLabelId('2026-12')).toBe('Desember 2026');
    expect(monthLabelId('2026-01')).toBe('Januari 2026');
    expect(monthLabelId('2026-13')).toBe('2026-13');
    expect(monthLabelId('')).toBe('');
  });
  it('splits and joins yyyy-mm', () => {
    expect(splitMonth('2026-02')).toEqual({ year: 2026, month: 2 });
    expect(splitMonth('2026-00')).toBeNull();
    expect(splitMonth('Feb 2026')).toBeNull();
    expect(joinMonth(2026, 3)).toBe('2026-03');
  });
});

describe('day/month/year', () => {
  it('writes ISO dates day first', () => {
    expect(formatDateDmy('2026-12-06')).toBe('06/12/2026');
    expect(formatDateDmy('')).toBe('');
  });
  it.each([
    ['06/12/2026', '2026-12-06'],
    ['6/12/2026', '2026-12-06'],
    ['6-12-2026', '2026-12-06'],
    [' 29.02.2024 ', '2024-02-29'],
    ['2026-12-06', '2026-12-06'],
  ])('reads %j as %s', (text, iso) => {
    expect(parseDateDmy(text)).toBe(iso);
  });
  it.each(['12/31/2026', '31/02/2026', '29/02/2026', '6/12/26', '2026-02-30', '', '00/01/2026'])(
    'refuses %j',
    (text) => {
      expect(parseDateDmy(text)).toBeNull();
    },
  );
  it('reads back what it writes', () => {
    expect(parseDateDmy(formatDateDmy('2025-08-17'))).toBe('2025-08-17');
  });
});

describe('ageOn', () => {
  it('counts full years by the calendar, the birthday itself included', () => {
    expect(ageOn('1980-12-06', '2026-12-06')).toBe(46);
    expect(ageOn('1980-12-07', '2026-12-06')).toBe(45);
    expect(ageOn('2024-02-29', '2026-02-28')).toBe(1);
    expect(ageOn('2024-02-29', '2026-03-01')).toBe(2);
  });
});

import { describe, expect, it } from 'vitest';
import { cellText } from './document.ts';
import {
  formatNip,
  formatPercent,
  monthBounds,
  numberWords,
  periodLine,
  periodSpan,
  terbilang,
} from './format.ts';
import { escapeHtml } from './html.ts';
import { shortCode } from './snapshots.ts';

describe('terbilang', () => {
  it.each([
    [0, 'nol'],
    [1, 'satu'],
    [10, 'sepuluh'],
    [11, 'sebelas'],
    [12, 'dua belas'],
    [19, 'sembilan belas'],
    [20, 'dua puluh'],
    [21, 'dua puluh satu'],
    [100, 'seratus'],
    [101, 'seratus satu'],
    [110, 'seratus sepuluh'],
    [111, 'seratus sebelas'],
    [250, 'dua ratus lima puluh'],
    [1000, 'seribu'],
    [1001, 'seribu satu'],
    [1100, 'seribu seratus'],
    [2000, 'dua ribu'],
    [11_000, 'sebelas ribu'],
    [100_000, 'seratus ribu'],
    [101_000, 'seratus satu ribu'],
    [200_000, 'dua ratus ribu'],
    [1_000_000, 'satu juta'],
    [1_500_000, 'satu juta lima ratus ribu'],
    [3_200_000, 'tiga juta dua ratus ribu'],
    [12_345_678, 'dua belas juta tiga ratus empat puluh lima ribu enam ratus tujuh puluh delapan'],
    [1_000_000_000, 'satu miliar'],
    [2_001_000_500, 'dua miliar satu juta lima ratus'],
    [1_000_000_000_000, 'satu triliun'],
  ])('%i -> %s', (n, words) => {
    expect(numberWords(n)).toBe(words);
  });

  it('says rupiah on handover documents', () => {
    expect(terbilang(1_500_000)).toBe('satu juta lima ratus ribu rupiah');
  });
});

describe('printed values', () => {
  it('groups a NIP as under a signature', () => {
    expect(formatNip('196804111993031009')).toBe('19680411 199303 1 009');
    expect(formatNip('19680411 199303 1 009')).toBe('19680411 199303 1 009');
    expect(formatNip('123')).toBe('123');
  });

  it('formats cells the Indonesian way', () => {
    expect(cellText('rupiah', 1_500_000)).toBe('Rp1.500.000');
    expect(cellText('count', 1234567)).toBe('1.234.567');
    expect(cellText('percent', 0.9344)).toBe('93,4%');
    expect(cellText('percent', 1)).toBe('100,0%');
    expect(cellText('points', 0.103)).toBe('+10,3 poin');
    expect(cellText('points', -0.05)).toBe('-5,0 poin');
    expect(cellText('decimal', 3.45)).toBe('3,5');
    expect(cellText('count', null)).toBe('');
    expect(formatPercent(0.0005)).toBe('0,1%');
  });

  it('bounds a month in Kota Batu time (WIB)', () => {
    expect(monthBounds('2026-03')).toEqual({
      from: '2026-02-28T17:00:00.000Z',
      to: '2026-03-31T17:00:00.000Z',
      firstDay: '2026-03-01',
      lastDay: '2026-03-31',
    });
    expect(monthBounds('2024-02').lastDay).toBe('2024-02-29');
  });

  it('escapes everything that reaches the markup', () => {
    expect(escapeHtml(`<img src=x onerror="alert('x')">&`)).toBe(
      '&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;',
    );
  });

  it('makes a short base32 verification code from a hash', () => {
    const code = shortCode('f'.repeat(64));
    expect(code).toBe('77777-77777');
    expect(shortCode('0'.repeat(64))).toBe('AAAAA-AAAAA');
    expect(shortCode('a3'.repeat(32))).toMatch(/^[A-Z2-7]{5}-[A-Z2-7]{5}$/);
  });
});

describe('the period line of a report', () => {
  it('names the months once, each year where it belongs', () => {
    expect(periodSpan({ year: 2026, startMonth: 12, months: 1 })).toBe('Desember 2026');
    expect(periodSpan({ year: 2026, startMonth: 10, months: 3 })).toBe('Oktober–Desember 2026');
    expect(periodSpan({ year: 2026, startMonth: 11, months: 3 })).toBe('November 2026–Januari 2027');
  });

  it('replaces an automatic label, also the old one wrong over a new year, and keeps a given name', () => {
    const p = { year: 2026, startMonth: 11, months: 3 };
    expect(periodLine({ ...p, label: 'November–Januari 2026' })).toBe('November 2026–Januari 2027 (3 bulan)');
    expect(periodLine({ ...p, label: 'Tahap IV' })).toBe('Tahap IV: November 2026–Januari 2027 (3 bulan)');
    expect(periodLine({ year: 2026, startMonth: 12, months: 1, label: 'Desember 2026' })).toBe(
      'Desember 2026',
    );
  });
});

import { describe, expect, it } from 'vitest';
import type { Cell } from './cells.ts';
import { listFromEvidence, listFromHeader, type Member } from './codeLists.ts';
import { composeHeader, footerReason, groupValues, isColumnNumberRow, labelledValues } from './tableShape.ts';

const row = (...values: (string | number | null)[]): Cell[] =>
  values.map((v) => (v === null ? null : typeof v === 'number' ? { t: 'n', v } : { t: 's', v }));

describe('the shape of a table', () => {
  it('reads a merged group header over its sub-headers, and a header merged down two rows', () => {
    const top = row('NO', 'NIK', 'NAMA', 'KELAHIRAN', null, 'HUBUNGAN');
    const sub = row(null, null, null, 'TEMPAT', 'TANGGAL', null);
    expect(composeHeader('recipients', top, sub)).toEqual({
      texts: ['NO', 'NIK', 'NAMA', 'TEMPAT', 'TANGGAL KELAHIRAN', 'HUBUNGAN'],
      span: 2,
    });
  });

  it('reads the member’s NIK and name, not the head’s written again on the left of each member', () => {
    const top = row('NO KK', 'KEPALA KELUARGA', null, 'ANGGOTA KELUARGA', null, null, 'DESA');
    const sub = row(null, 'NIK', 'NAMA', 'NIK', 'NAMA', 'HUBUNGAN', null);
    expect(composeHeader('recipients', top, sub).texts).toEqual([
      'NO KK',
      'NIK KEPALA KELUARGA',
      'NAMA KEPALA KELUARGA',
      'NIK',
      'NAMA',
      'HUBUNGAN',
      'DESA',
    ]);
    // The head's group alone is the person of the row: read as it is.
    const headsOnly = composeHeader('recipients', row('NO KK', 'KEPALA KELUARGA', null), sub.slice(0, 3));
    expect(headsOnly.texts).toEqual(['NO KK', 'NIK', 'NAMA']);
  });

  it('reads a part of a group that names several with the group’s last word: TGL under TEMPAT/TGL LAHIR', () => {
    const top = row('NO', 'NIK', 'NAMA', 'TEMPAT/TGL LAHIR', null, 'L/P');
    const sub = row(null, null, null, 'TEMPAT', 'TGL', null);
    expect(composeHeader('recipients', top, sub)).toEqual({
      texts: ['NO', 'NIK', 'NAMA', 'TEMPAT', 'TGL LAHIR', 'L/P'],
      span: 2,
    });
    const comma = composeHeader(
      'recipients',
      row('NIK', 'TEMPAT, TANGGAL LAHIR', null),
      row(null, 'TEMPAT', 'TANGGAL'),
    );
    expect(comma.texts).toEqual(['NIK', 'TEMPAT', 'TANGGAL LAHIR']);
  });

  it('does not take a data row for a sub-header', () => {
    const top = row('NIK', 'NAMA', 'HUBUNGAN');
    expect(composeHeader('recipients', top, row('3579011205800001', 'Budi', 'KEPALA KELUARGA')).span).toBe(1);
    expect(composeHeader('recipients', top, row('(1)', '(2)', '(3)')).span).toBe(1);
  });

  it('knows column-number rows in their printed shapes, and only consecutive ones', () => {
    expect(isColumnNumberRow(row('(1)', '(2)', '(3)', '(4)'))).toBe(true);
    expect(isColumnNumberRow(row(1, 2, 3, 4))).toBe(true);
    expect(isColumnNumberRow(row('KOLOM', 2, 3, 4))).toBe(true);
    expect(isColumnNumberRow(row(1, 2, 5))).toBe(false);
    expect(isColumnNumberRow(row('1', 'Budi', '3'))).toBe(false);
  });

  it('knows a signature block, notes and totals, and not a person', () => {
    for (const text of [
      'Batu, 15 Oktober 2026',
      'Mengetahui,',
      'Kepala Desa Sisir',
      '###',
      'Catatan: data per 1 Okt',
      'TOTAL',
      'Jumlah data: 8',
      'NIP. 19680411 199303 1 009',
    ])
      expect(footerReason(row(text)), text).not.toBeNull();
    for (const text of ['1', 'Budi Santoso', '3579011205800001'])
      expect(footerReason(row(text)), text).toBeNull();
  });

  it('reads "label : value" pairs in one cell or two, and group rows that name a field', () => {
    expect(labelledValues(row('No. KK :', '3579012003150014'))).toEqual([
      { label: 'No. KK', value: '3579012003150014' },
    ]);
    expect(
      groupValues('recipients', row('No. KK : 3579012003150014', null, 'Kepala Keluarga : BUDI')),
    ).toEqual(new Map([['kk', '3579012003150014']]));
    expect(groupValues('recipients', row('Jumlah : 3 jiwa'))).toBeNull();
    expect(
      groupValues('recipients', row('1', '3579011205800001', 'Budi', 'L', 'KEPALA KELUARGA', 'Sisir')),
    ).toBeNull();
  });
});

describe('relationship code lists', () => {
  it('the header names the list when it can', () => {
    expect(listFromHeader('SHDK')?.list).toBe('siak');
    expect(listFromHeader('kk_level')?.list).toBe('siak');
    expect(listFromHeader('HubKRT')?.list).toBe('dtks');
    expect(listFromHeader('409')?.list).toBe('dtks');
    expect(listFromHeader('HUBUNGAN')).toBeNull();
  });

  const family = (kk: string, ...members: [number, 'L' | 'P', number][]): Member[] =>
    members.map(([code, sex, birthYear]) => ({ family: kk, code, sex, birthYear }));

  it('a code-3 woman about the head’s age is a wife (SIAK); code-2 women are wives (DTKS)', () => {
    expect(listFromEvidence(family('a', [1, 'L', 1975], [3, 'P', 1978], [4, 'L', 2003]))?.list).toBe('siak');
    expect(listFromEvidence(family('a', [1, 'L', 1975], [2, 'P', 1978], [3, 'L', 2003]))?.list).toBe('dtks');
  });

  it('children twenty years younger settle DTKS only when three say so and nothing contradicts', () => {
    const kids = [
      ...family('a', [1, 'L', 1970], [3, 'P', 1995]),
      ...family('b', [1, 'L', 1972], [3, 'P', 1996], [3, 'P', 1999]),
    ];
    expect(listFromEvidence(kids)?.list).toBe('dtks');
    expect(listFromEvidence(kids.slice(0, 3))).toBeNull();
  });

  it('contradictions both ways, or no evidence at all, leave the question open', () => {
    expect(
      listFromEvidence([
        ...family('a', [1, 'L', 1975], [3, 'P', 1977]),
        ...family('b', [1, 'L', 1980], [2, 'P', 1982]),
      ]),
    ).toBeNull();
    expect(
      listFromEvidence(
        family('a', [1, 'L', 0], [2, 'L', 0], [3, 'P', 0]).map((m) => ({ ...m, birthYear: null })),
      ),
    ).toBeNull();
  });
});

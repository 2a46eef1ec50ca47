import { describe, expect, it } from 'vitest';
import { exportFileName } from './exportFileName.ts';

describe('exportFileName', () => {
  it('names the list in Indonesian with the date in WIB', () => {
    // 06:30 WIB on 6 December is still 5 December in UTC.
    const morning = new Date('2026-12-05T23:30:00Z');
    expect(exportFileName('recipients', { programCode: 'PKH' }, 'xlsx', morning)).toBe(
      'daftar-penerima-PKH-2026-12-06.xlsx',
    );
    expect(exportFileName('recipients', {}, 'csv', morning)).toBe('daftar-penerima-2026-12-06.csv');
  });

  it('adds the period and the desa, as words a file name can hold', () => {
    const noon = new Date('2026-12-06T05:00:00Z');
    expect(
      exportFileName(
        'nominatif',
        { programCode: 'BLT_DD', periodLabel: 'Januari–Maret 2026', desaName: 'Oro-oro Ombo' },
        'xlsx',
        noon,
      ),
    ).toBe('daftar-nominatif-BLT_DD-januari-maret-2026-oro-oro-ombo-2026-12-06.xlsx');
    expect(exportFileName('payments', { desaName: 'Kel. Sisir / RW 02' }, 'csv', noon)).toBe(
      'daftar-penyaluran-kel-sisir-rw-02-2026-12-06.csv',
    );
  });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { grant, importFile, storedPeople } from '../../../tests/support/importHarness.ts';
import { setUpCore, userWithRole } from '../../../tests/support/core.ts';
import { tempDir } from '../../../tests/support/tempDir.ts';
import {
  BOF,
  cell,
  compoundFile,
  dateMode1904,
  EOF,
  filePass,
  format,
  record,
  rkFloat,
  rkInt,
  sst,
  workbookStream,
  xf,
  xlsFile,
  type SheetSpec,
} from '../../../tests/support/xlsWriter.ts';
import type { Cell } from '../cells.ts';
import { DEFAULT_IMPORT_LIMITS } from '../limits.ts';
import { sniffFile } from '../sniff.ts';
import { readXls } from './biff8.ts';

const LIMITS = { columns: 50 };

function file(bytes: Buffer, name = 'lama.xls'): string {
  const path = join(tempDir(), name);
  writeFileSync(path, bytes);
  return path;
}

function sheets(bytes: Buffer): Record<string, { n: number; cells: Cell[] }[]> {
  const out: Record<string, { n: number; cells: Cell[] }[]> = {};
  for (const { sheet, row } of readXls(file(bytes), LIMITS)) (out[sheet] ??= []).push(row);
  return out;
}

const s = (v: string): Cell => ({ t: 's', v });
const n = (v: number): Cell => ({ t: 'n', v });
/** XF 15 is the default cell style; the tests add their own from 16 on. */
const STYLES = Array.from({ length: 16 }, () => xf(0));

describe('an Excel 97-2003 workbook (BIFF8) read as the .xlsx reader reads one', () => {
  it('reads every kind of cell record: shared and inline text, numbers as RK, MULRK and NUMBER, booleans, errors', () => {
    const strings = ['NIK', 'NAMA', '3579011205800001', 'Siti Ñoño'];
    const rows = sheets(
      xlsFile(
        [
          {
            name: 'Data',
            records: [
              cell.sst(0, 0, 0),
              cell.sst(0, 1, 1),
              cell.label(0, 3, 'CATATAN'),
              cell.label(0, 4, 'Jl. Raya 7\r\nDusun Junggo'),
              cell.sst(1, 0, 2),
              cell.sst(1, 1, 3),
              cell.rk(1, 2, rkInt(-42)),
              cell.rk(1, 3, rkFloat(1.5)),
              // 12345 in hundredths.
              cell.rk(1, 4, rkInt(12345) | 0x01),
              cell.mulrk(2, 1, [rkInt(7), rkInt(8), rkFloat(0.25)]),
              cell.number(3, 0, 3579011205800001),
              cell.boolErr(3, 1, 1, false),
              cell.boolErr(3, 2, 0x2a, true),
            ],
          },
        ],
        [...STYLES, sst(strings)],
      ),
    );
    expect(rows.Data).toEqual([
      { n: 1, cells: [s('NIK'), s('NAMA'), null, s('CATATAN'), s('Jl. Raya 7\nDusun Junggo')] },
      { n: 2, cells: [s('3579011205800001'), s('Siti Ñoño'), n(-42), n(1.5), n(123.45)] },
      { n: 3, cells: [null, n(7), n(8), n(0.25)] },
      // A NIK typed as a number stays a number: the importer says Excel rounded it.
      { n: 4, cells: [n(3579011205800001), { t: 'b', v: true }, { t: 'e', v: '#N/A' }] },
    ]);
  });

  it('gives a formula its cached result: a number, the text of the STRING record after it, a boolean, an error', () => {
    const rows = sheets(
      xlsFile(
        [
          {
            name: 'Rumus',
            records: [
              cell.formula(0, 0, 12.5),
              cell.formula(0, 1, [0, 0]),
              // A shared formula's record may come between the FORMULA and its STRING.
              record(0x04bc, Buffer.alloc(10)),
              cell.string('Budi Hartono'),
              cell.formula(0, 2, [1, 1]),
              cell.formula(0, 3, [2, 0x07]),
              // A one-letter result (=IF(…;"L";"P")) makes a STRING record shorter than any cell's.
              cell.formula(0, 4, [0, 0]),
              cell.string('L'),
            ],
          },
        ],
        STYLES,
      ),
    );
    expect(rows.Rumus).toEqual([
      {
        n: 1,
        cells: [n(12.5), s('Budi Hartono'), { t: 'b', v: true }, { t: 'e', v: '#DIV/0!' }, s('L')],
      },
    ]);
  });

  it('gives a number in a date style as a date: built-in formats, the file own codes, and the 1904 calendar', () => {
    const globals = [
      ...STYLES,
      format(164, 'dd/mm/yyyy'),
      format(165, '#,##0 "hari"'),
      xf(14),
      xf(164),
      xf(165),
    ];
    const records = [
      cell.number(0, 0, 29266, 16),
      cell.rk(0, 1, rkInt(29266), 17),
      cell.number(0, 2, 29266, 18),
    ];
    expect(sheets(xlsFile([{ name: 'T', records }], globals)).T![0]!.cells).toEqual([
      { t: 'd', v: '1980-02-15' },
      { t: 'd', v: '1980-02-15' },
      n(29266),
    ]);
    expect(sheets(xlsFile([{ name: 'T', records }], [...globals, dateMode1904])).T![0]!.cells[0]).toEqual({
      t: 'd',
      v: '1984-02-16',
    });
  });

  it('reads a string list cut across CONTINUE records, where the cut switches between one and two bytes per character and splits an emoji', () => {
    const strings = [
      ...Array.from({ length: 300 }, (_, i) => `Penerima nomor ${i} dari desa Sumbergondo`),
      `${'a'.repeat(20)}漢字${'😀'.repeat(50)}${'b'.repeat(300)}漢`,
      'x'.repeat(9000),
      'terakhir',
    ];
    // Small records put many cuts in the middle of strings, of both widths.
    for (const size of [8224, 101, 64]) {
      const records = strings.map((_, i) => cell.sst(i, 0, i));
      const rows = sheets(xlsFile([{ name: 'Daftar', records }], [...STYLES, sst(strings, size)])).Daftar!;
      expect(rows.map((r) => r.cells[0])).toEqual(strings.map(s));
    }
  });

  it('lists worksheets in order, hidden ones too, and leaves out chart sheets and charts drawn on a sheet', () => {
    const chart: SheetSpec = {
      name: 'Grafik',
      type: 2,
      kind: 'chart',
      records: [cell.label(0, 0, 'bukan data')],
    };
    const embedded = [BOF('chart'), cell.label(5, 5, 'di dalam grafik'), EOF];
    const rows = sheets(
      xlsFile(
        [
          { name: 'Satu', records: [cell.label(0, 0, 'a'), ...embedded, cell.label(1, 0, 'b')] },
          chart,
          { name: 'Tersembunyi', hidden: true, records: [cell.label(9, 2, 'c')] },
        ],
        STYLES,
      ),
    );
    expect(rows).toEqual({
      Satu: [
        { n: 1, cells: [s('a')] },
        { n: 2, cells: [s('b')] },
      ],
      Tersembunyi: [{ n: 10, cells: [null, null, s('c')] }],
    });
  });

  it('reads Excel 5.0/95 (BIFF5) too: text in the workbook code page, a long text continued, sheet names and formats as bytes', () => {
    // "Ma’ruf" in Windows-1252 (’ is 0x92); Windows-1250 has the same ’, so it reads the same.
    const maruf = Buffer.from([0x4d, 0x61, 0x92, 0x72, 0x75, 0x66]);
    // t and 0x9D: ť in Windows-1250, a byte Windows-1252 leaves unassigned (U+009D).
    const tea = Buffer.from([0x74, 0x9d]);
    const cut = cell.label5(1, 0, Buffer.alloc(3000, 0x61));
    // The LABEL cut at 1,000 bytes, the rest in a CONTINUE (no flag byte in this version).
    const label = Buffer.concat([record(0x0204, cut.subarray(4, 1004)), record(0x003c, cut.subarray(1004))]);
    const date5 = record(0x041e, Buffer.concat([Buffer.from([164, 0, 10]), Buffer.from('dd/mm/yyyy')]));
    const book = (codePage: number) =>
      compoundFile([
        {
          name: 'Book',
          data: workbookStream(
            [
              {
                name: 'Daftar',
                records: [
                  cell.label5(0, 0, maruf),
                  cell.label5(0, 1, tea),
                  label,
                  cell.number(2, 0, 29266, 16),
                ],
              },
            ],
            [record(0x0042, Buffer.from([codePage & 0xff, codePage >> 8])), ...STYLES, date5, xf(164)],
            0x0500,
          ),
        },
      ]);
    expect(sheets(book(1252))).toEqual({
      Daftar: [
        { n: 1, cells: [s('Ma’ruf'), s('t\u009d')] },
        { n: 2, cells: [s('a'.repeat(3000))] },
        { n: 3, cells: [{ t: 'd', v: '1980-02-15' }] },
      ],
    });
    expect(sheets(book(1250)).Daftar![0]!.cells).toEqual([s('Ma’ruf'), s('tť')]);
  });

  it('puts cells in row and column order, whatever order the records come in', () => {
    const rows = sheets(
      xlsFile(
        [{ name: 'A', records: [cell.label(2, 1, 'c'), cell.label(0, 1, 'b'), cell.label(0, 0, 'a')] }],
        STYLES,
      ),
    );
    expect(rows.A).toEqual([
      { n: 1, cells: [s('a'), s('b')] },
      { n: 3, cells: [null, s('c')] },
    ]);
  });

  it('gives a row up once a later row starts, and keeps a cell that comes after its row was given', () => {
    const rows = sheets(
      xlsFile(
        [
          {
            name: 'Blok',
            records: [
              cell.label(1, 0, 'b'),
              cell.label(0, 0, 'a'),
              cell.label(3, 0, 'd'),
              // Out of order: row 2's second cell, after row 4 started.
              cell.label(1, 1, 'b2'),
              cell.label(2, 0, 'c'),
            ],
          },
        ],
        STYLES,
      ),
    ).Blok!;
    expect(rows).toEqual([
      { n: 1, cells: [s('a')] },
      { n: 2, cells: [s('b')] },
      { n: 2, cells: [null, s('b2')] },
      { n: 3, cells: [s('c')] },
      { n: 4, cells: [s('d')] },
    ]);
  });

  it('reads the container in every layout: a small workbook in the mini stream, 4,096-byte sectors, a FAT listed beyond the header', () => {
    const small = xlsFile([{ name: 'Kecil', records: [cell.label(0, 0, 'kecil')] }]);
    expect(sheets(small).Kecil).toEqual([{ n: 1, cells: [s('kecil')] }]);
    const labels = Array.from({ length: 2000 }, (_, i) => cell.label(i, 0, `baris ${i}`));
    expect(sheets(xlsFile([{ name: 'Besar', records: labels }], STYLES, 12)).Besar).toHaveLength(2000);
    // Over 109 FAT sectors (7 MB with 512-byte sectors): the rest are listed by DIFAT sectors.
    // Row after row, as Excel writes a sheet.
    const many = Array.from({ length: 65536 * 7 }, (_, i) => cell.number(Math.floor(i / 7), i % 7, i));
    const big = xlsFile([{ name: 'Besar', records: many }], STYLES);
    expect(big.readUInt32LE(0x48)).toBeGreaterThan(0);
    const read = sheets(big).Besar!;
    expect(read).toHaveLength(65536);
    expect(read[65535]!.cells).toEqual(Array.from({ length: 7 }, (_, c) => n(65535 * 7 + c)));
  });
});

describe('an .xls that cannot be read is refused, saying why and what to do', () => {
  const refusal = (bytes: Buffer) => {
    try {
      sheets(bytes);
    } catch (error) {
      return (error as Error).message;
    }
    return 'read';
  };

  it('a password-protected workbook', () => {
    expect(refusal(xlsFile([{ name: 'A', records: [] }], [filePass]))).toMatch(
      /terenkripsi \(dilindungi kata sandi.*tanpa kata sandi/,
    );
  });

  it('a workbook older than Excel 5.0 inside a compound file', () => {
    const biff4 = compoundFile([
      { name: 'Book', data: workbookStream([{ name: 'A', records: [] }], [], 0x0400) },
    ]);
    expect(refusal(biff4)).toMatch(/sebelum Excel 5\.0.*\.xlsx/);
  });

  it('a Word document, or a workbook only embedded in another file', () => {
    expect(refusal(compoundFile([{ name: 'WordDocument', data: Buffer.alloc(5000) }]))).toMatch(
      /bukan buku kerja Excel/,
    );
  });

  it('damage: a cut file, a FAT that loops, a sector beyond the end, a record longer than the stream, a header alone', () => {
    const bytes = good();
    expect(refusal(bytes)).toBe('read');
    expect(refusal(bytes.subarray(0, 700))).toMatch(/rusak atau terpotong/);
    const looped = Buffer.from(bytes);
    // The FAT's first entry (the mini stream's sector) pointing at itself.
    const fatSector = looped.readUInt32LE(0x4c);
    looped.writeUInt32LE(0, 512 * (fatSector + 1));
    expect(refusal(looped)).toMatch(/rusak atau terpotong/);
    const beyond = Buffer.from(bytes);
    beyond.writeUInt32LE(99_999, 0x30);
    expect(refusal(beyond)).toMatch(/rusak atau terpotong/);
    const longRecord = compoundFile([
      { name: 'Workbook', data: Buffer.concat([BOF('globals'), Buffer.from([0x85, 0, 0xff, 0x7f])]) },
    ]);
    expect(refusal(longRecord)).toMatch(/rusak atau terpotong/);
    const header = Buffer.alloc(4096);
    bytes.copy(header, 0, 0, 76);
    header.writeUInt32LE(0, 0x2c);
    expect(refusal(header)).toMatch(/rusak atau terpotong/);
    // Every single-byte change of the header and directory is refused or read, never a crash or a hang.
    for (let at = 0; at < 1536; at += 7) {
      const changed = Buffer.from(bytes);
      changed[at] = changed[at]! ^ 0xa5;
      expect(refusal(changed)).toMatch(
        /^read$|rusak atau terpotong|bukan buku kerja Excel|sebelum Excel 5\.0|terenkripsi/,
      );
    }
  });
});

describe('an .xls through the app', () => {
  it('is known by its bytes whatever its name, and imported through inspect and the import job', async () => {
    const path = file(good(), 'penerima.xlsx');
    expect(sniffFile(path, 'penerima.xlsx', DEFAULT_IMPORT_LIMITS)).toBe('xls');

    const setup = await setUpCore();
    const clerk = await userWithRole(setup.core, setup.admin, 'clerk');
    const header = [
      'NO KK',
      'NIK',
      'NAMA',
      'TANGGAL LAHIR',
      'JENIS KELAMIN',
      'HUBUNGAN KELUARGA',
      'DESA',
      'KECAMATAN',
    ];
    const person = (row: number, nik: string, name: string, born: number, sex: string, rel: string) => [
      cell.label(row, 0, '3579012003150004'),
      cell.label(row, 1, nik),
      cell.label(row, 2, name),
      cell.number(row, 3, born, 16),
      cell.label(row, 4, sex),
      cell.label(row, 5, rel),
      cell.label(row, 6, 'ORO ORO OMBO'),
      cell.label(row, 7, 'BATU'),
    ];
    const xls = file(
      xlsFile(
        [
          { name: 'Keterangan', records: [cell.label(0, 0, 'Unduhan SIKS-NG')] },
          {
            name: 'Penerima',
            records: [
              ...header.map((h, i) => cell.label(0, i, h)),
              ...person(1, '3579011205800001', 'BUDI SANTOSO', 29353, 'L', 'KEPALA KELUARGA'),
              ...person(2, '3579015708850002', 'SITI AMINAH', 31276, 'P', 'ISTRI'),
            ],
          },
        ],
        [...STYLES, xf(14)],
      ),
      'penerima.xls',
    );
    const { inspect, result } = await importFile(setup.core, clerk, grant(setup.core, clerk, xls), {
      mode: 'commit',
    });
    expect(inspect).toMatchObject({ format: 'xls', sheet: 'Penerima', headerRow: 1, missing: [] });
    expect(result.counts).toMatchObject({ rows: 2, new: 2, errors: 0 });
    expect(storedPeople(setup.core)).toEqual([
      ['3579011205800001', 'BUDI SANTOSO', '1980-05-12', 'kepala_keluarga'],
      ['3579015708850002', 'SITI AMINAH', '1985-08-17', 'istri'],
    ]);
    await setup.core.close();
  });
});

function good(): Buffer {
  return xlsFile([{ name: 'A', records: [cell.label(0, 0, 'a')] }], STYLES);
}

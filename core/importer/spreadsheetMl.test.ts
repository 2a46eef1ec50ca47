import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { grant, importFile, storedPeople } from '../../tests/support/importHarness.ts';
import { setUpCore, userWithRole } from '../../tests/support/core.ts';
import { tempDir } from '../../tests/support/tempDir.ts';
import type { Cell } from './cells.ts';
import { DEFAULT_IMPORT_LIMITS } from './limits.ts';
import { sniffFile } from './sniff.ts';
import { readSpreadsheetMl } from './spreadsheetMl.ts';
import { detectText } from './textReader.ts';

const LIMITS = { columns: 50, rows: 1000 };

const workbook = (worksheets: string) => `<?xml version="1.0" encoding="UTF-8"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:o="urn:schemas-microsoft-com:office:office"
 xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:html="http://www.w3.org/TR/REC-html40">
 <DocumentProperties xmlns="urn:schemas-microsoft-com:office:office"><Author>SIKS</Author></DocumentProperties>
 <Styles><Style ss:ID="teks"><NumberFormat ss:Format="@"/></Style></Styles>
 ${worksheets}
</Workbook>`;

function file(body: string, name = 'unduh.xls'): string {
  const path = join(tempDir(), name);
  writeFileSync(path, body);
  return path;
}

async function sheets(path: string): Promise<Record<string, { n: number; cells: Cell[] }[]>> {
  const { encoding, bom } = detectText(path);
  const out: Record<string, { n: number; cells: Cell[] }[]> = {};
  for await (const { sheet, row } of readSpreadsheetMl(path, { encoding, bom }, LIMITS))
    (out[sheet] ??= []).push(row);
  return out;
}

describe('an XML Spreadsheet 2003 read as a workbook', () => {
  it('places cells as Excel does (ss:Index, ss:MergeAcross), keeps each type, and leaves out rows with no value', async () => {
    const path = file(
      workbook(`<Worksheet ss:Name="Catatan"><Table><Row><Cell><Data ss:Type="String">Diunduh dari SIKS</Data></Cell></Row></Table></Worksheet>
      <Worksheet ss:Name="Data KPM"><Table ss:ExpandedColumnCount="5">
        <Row><Cell ss:MergeAcross="4"><Data ss:Type="String">DAFTAR KPM</Data></Cell></Row>
        <Row ss:Index="3"><Cell><Data ss:Type="String">NIK</Data></Cell><Cell><Data ss:Type="String">NAMA</Data></Cell>
          <Cell ss:Index="4"><Data ss:Type="String">TGL LAHIR</Data></Cell><Cell><Data ss:Type="String">AKTIF</Data></Cell></Row>
        <Row><Cell ss:StyleID="teks"><Data ss:Type="String">3579011205800001</Data></Cell>
          <Cell><ss:Data ss:Type="String" xmlns="http://www.w3.org/TR/REC-html40"><B>Budi</B> Santoso &amp; Siti</ss:Data>
            <Comment><Data>catatan petugas</Data></Comment></Cell>
          <Cell ss:Index="4"><Data ss:Type="DateTime">1980-05-12T00:00:00.000</Data></Cell>
          <Cell><Data ss:Type="Boolean">1</Data></Cell><Cell><Data ss:Type="Number">3579011205800002</Data></Cell></Row>
        <Row><Cell ss:Formula="=NA()"><Data ss:Type="Error">#N/A</Data></Cell><Cell><Data ss:Type="String"></Data></Cell></Row>
        <Row ss:Height="12.816"><Cell ss:Index="12" ss:StyleID="ce1"/></Row>
        <Row ss:Index="1048576" ss:Height="12.816"><Cell ss:Index="12" ss:StyleID="ce1"/></Row>
      </Table></Worksheet>`),
    );
    expect(await sheets(path)).toEqual({
      Catatan: [{ n: 1, cells: [{ t: 's', v: 'Diunduh dari SIKS' }] }],
      'Data KPM': [
        { n: 1, cells: [{ t: 's', v: 'DAFTAR KPM' }] },
        {
          n: 3,
          cells: [
            { t: 's', v: 'NIK' },
            { t: 's', v: 'NAMA' },
            null,
            { t: 's', v: 'TGL LAHIR' },
            { t: 's', v: 'AKTIF' },
          ],
        },
        {
          n: 4,
          cells: [
            { t: 's', v: '3579011205800001' },
            { t: 's', v: 'Budi Santoso & Siti' },
            null,
            { t: 'd', v: '1980-05-12' },
            { t: 'b', v: true },
            { t: 'n', v: 3579011205800002 },
          ],
        },
        { n: 5, cells: [{ t: 'e', v: '#N/A' }] },
      ],
    });
  });

  it('marks a row Excel hides (ss:Hidden, as a filter or "Hide" writes it)', async () => {
    const path = file(
      workbook(`<Worksheet ss:Name="Data"><Table>
        <Row><Cell><Data ss:Type="String">NIK</Data></Cell></Row>
        <Row ss:Hidden="1" ss:AutoFitHeight="0"><Cell><Data ss:Type="String">tersembunyi</Data></Cell></Row>
        <Row ss:Hidden="0"><Cell><Data ss:Type="String">tampak</Data></Cell></Row>
      </Table></Worksheet>`),
    );
    expect((await sheets(path)).Data!.map((r) => [r.n, (r as { hidden?: true }).hidden ?? false])).toEqual([
      [1, false],
      [2, true],
      [3, false],
    ]);
  });

  it('refuses a DOCTYPE (entity expansion) and a file that stops inside the workbook', async () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]>${workbook('')}`;
    await expect(sheets(file(bomb))).rejects.toThrow(/DOCTYPE/);
    const cut = workbook(
      '<Worksheet ss:Name="A"><Table><Row><Cell><Data ss:Type="String">x</Data></Cell></Row>',
    );
    await expect(sheets(file(cut.slice(0, cut.indexOf('</Workbook>'))))).rejects.toThrow();
  });

  it('is told from a web page and from other XML by its content', () => {
    const sniff = (body: string, name: string) => () =>
      sniffFile(file(body, name), name, DEFAULT_IMPORT_LIMITS);
    expect(sniff(workbook(''), 'data.xls')()).toBe('spreadsheetml');
    expect(sniff(workbook(''), 'data.xml')()).toBe('spreadsheetml');
    expect(sniff('<?xml version="1.0"?><catalog><book/></catalog>', 'data.xml')).toThrow(/tidak didukung/);
  });

  it('imports through inspect and the import job, the sheet with data chosen, dates from DateTime cells', async () => {
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
    const person = (nik: string, name: string, born: string, sex: string, rel: string) =>
      `<Row>${[
        ['String', '3579012003150004'],
        ['String', nik],
        ['String', name],
        ['DateTime', `${born}T00:00:00.000`],
        ['String', sex],
        ['String', rel],
        ['String', 'ORO ORO OMBO'],
        ['String', 'BATU'],
      ]
        .map(([type, value]) => `<Cell><Data ss:Type="${type}">${value}</Data></Cell>`)
        .join('')}</Row>`;
    const path = file(
      workbook(`<Worksheet ss:Name="Keterangan"><Table><Row><Cell><Data ss:Type="String">Unduhan aplikasi</Data></Cell></Row></Table></Worksheet>
      <Worksheet ss:Name="Penerima"><Table>
        <Row>${header.map((h) => `<Cell><Data ss:Type="String">${h}</Data></Cell>`).join('')}</Row>
        ${person('3579011205800001', 'BUDI SANTOSO', '1980-05-12', 'L', 'KEPALA KELUARGA')}
        ${person('3579015708850002', 'SITI AMINAH', '1985-08-17', 'P', 'ISTRI')}
      </Table></Worksheet>`),
      'penerima.xls',
    );
    const { inspect, result } = await importFile(setup.core, clerk, grant(setup.core, clerk, path), {
      mode: 'commit',
    });
    expect(inspect).toMatchObject({ format: 'spreadsheetml', sheet: 'Penerima', headerRow: 1, missing: [] });
    expect(result.counts).toMatchObject({ rows: 2, new: 2, errors: 0 });
    expect(storedPeople(setup.core)).toEqual([
      ['3579011205800001', 'BUDI SANTOSO', '1980-05-12', 'kepala_keluarga'],
      ['3579015708850002', 'SITI AMINAH', '1985-08-17', 'istri'],
    ]);
    await setup.core.close();
  });
});

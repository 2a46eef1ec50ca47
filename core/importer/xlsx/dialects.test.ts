import { randomBytes } from 'node:crypto';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { entry, zipBytes } from '../../../tests/support/zipWriter.ts';
import { tempDir } from '../../../tests/support/tempDir.ts';
import { FORMULA_ERROR_TEXT, type SheetRow } from '../cells.ts';
import { DEFAULT_IMPORT_LIMITS } from '../limits.ts';
import { inspectSpreadsheet, parseSpreadsheet } from '../reader.ts';
import { measureInflated, readZipDirectoryOf } from '../zip.ts';
import { SharedStringsReader, type SharedStrings } from './sharedStrings.ts';
import { sheetRows, readSheetRows } from './sheetXml.ts';
import { readWorkbook, type Workbook } from './workbook.ts';
import { XmlScanner } from './xmlScanner.ts';

/**
 * Hand-made workbooks in the dialects other tools write (Apache POI's inline strings, the .NET
 * OpenXML SDK's x: prefixes, rows without r=), the corners of Excel's own format (phonetic runs,
 * custom date formats, the 1904 date system, shared formulas, cached errors, entities), and
 * hostile ones (malformed XML, a cell longer than Excel allows). exceljs got several of these
 * wrong; the expected values here are what Excel shows.
 */

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const R_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';

function writeXlsx(parts: [string, string][]): string {
  const path = join(tempDir(), 'buku.xlsx');
  writeFileSync(path, zipBytes(parts.map(([name, text]) => entry(name, text))));
  return path;
}

/** A one-sheet workbook, as Excel lays it out. */
function workbook(options: {
  rows: string;
  strings?: string[];
  styles?: string;
  workbookPr?: string;
}): string {
  const parts: [string, string][] = [
    [
      'xl/workbook.xml',
      `${XML}<workbook ${NS} ${R_NS}>${options.workbookPr ?? ''}<sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ],
    [
      'xl/_rels/workbook.xml.rels',
      `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    ],
    ['xl/worksheets/sheet1.xml', `${XML}<worksheet ${NS}><sheetData>${options.rows}</sheetData></worksheet>`],
  ];
  if (options.strings)
    parts.push(['xl/sharedStrings.xml', `${XML}<sst ${NS}>${options.strings.join('')}</sst>`]);
  if (options.styles) parts.push(['xl/styles.xml', `${XML}<styleSheet ${NS}>${options.styles}</styleSheet>`]);
  return writeXlsx(parts);
}

async function openBook(path: string): Promise<Workbook> {
  const parts = readZipDirectoryOf(path);
  const inflated = await measureInflated(path, parts, DEFAULT_IMPORT_LIMITS, statSync(path).size);
  return readWorkbook(path, parts, inflated);
}

async function read(path: string): Promise<{ name: string; rows: SheetRow[] }[]> {
  const book = await openBook(path);
  const sheets = [];
  for (const sheet of book.sheets) {
    const rows: SheetRow[] = [];
    for await (const row of readSheetRows(path, book, sheet)) rows.push(row);
    sheets.push({ name: sheet.name, rows });
  }
  return sheets;
}

/** A shared strings table read from its XML, as a workbook's is. */
function stringTable(texts: string[]): SharedStrings {
  const reader = new SharedStringsReader();
  const scanner = new XmlScanner(reader);
  scanner.push(`<sst ${NS}>${texts.map((text) => `<si><t>${text}</t></si>`).join('')}</sst>`);
  scanner.end();
  return reader.table();
}

const cellsOf = async (path: string) => (await read(path))[0]!.rows.map((r) => r.cells);

/** The importer's own way in: the reader thread, its limits and its messages. */
async function readThroughWorker(path: string) {
  const rows: SheetRow[] = [];
  for await (const event of parseSpreadsheet(path, 'buku.xlsx', DEFAULT_IMPORT_LIMITS, {
    mode: 'read',
    sheet: null,
  }))
    if (event.type === 'rows') rows.push(...event.rows);
  return rows;
}

const s = (v: string) => ({ t: 's', v });
const n = (v: number) => ({ t: 'n', v });
const d = (v: string) => ({ t: 'd', v });

describe('strings', () => {
  it('reads inline strings (Apache POI SXSSF), plain and in rich-text runs', async () => {
    const path = workbook({
      rows:
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Budi Santoso</t></is></c>' +
        '<c r="B1" t="inlineStr"><is><r><rPr><b/></rPr><t>Sri </t></r><r><t>Wahyuni</t></r></is></c></row>',
    });
    // exceljs kept only the last run of an inline rich string ("Wahyuni").
    expect(await cellsOf(path)).toEqual([[s('Budi Santoso'), s('Sri Wahyuni')]]);
  });

  it('joins rich-text runs of shared strings and leaves out phonetic readings', async () => {
    const path = workbook({
      strings: [
        '<si><r><t>漢</t></r><r><rPr><i/></rPr><t>字</t></r><rPh sb="0" eb="2"><t>かんじ</t></rPh></si>',
        '<si><t>東京</t><rPh sb="0" eb="2"><t>とうきょう</t></rPh><phoneticPr fontId="1"/></si>',
      ],
      rows: '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>',
    });
    // exceljs gave the phonetic reading ("とうきょう") for the second: the last <t> it met.
    expect(await cellsOf(path)).toEqual([[s('漢字'), s('東京')]]);
  });

  it('gives every shared string as written, in a table of thousands, and no cell for an empty or missing one', async () => {
    // The table is kept joined in blocks of 4,096 strings: these sit at the ends of blocks, and
    // around them are the texts a block could garble (astral characters, combining marks).
    const special: Record<number, string> = {
      0: '<r><t>Sri </t></r><r><rPr><b/></rPr><t>Wahyuni</t></r>',
      1: '<t>👨‍👩‍👧 Keluarga Nu\u0301r 𝒜</t>',
      2: '<t/>',
      4095: '<t>Ma’ruf</t>',
      4096: '<t></t>',
      4097: '<t>😀</t>',
      8191: '<t>Bu\u0308di</t>',
      8192: '<t>3579010101800001</t>',
    };
    const count = 8193;
    const strings = Array.from({ length: count }, (_, i) => `<si>${special[i] ?? `<t>Teks ${i}</t>`}</si>`);
    const cell = (column: string, index: number | string) => `<c r="${column}1" t="s"><v>${index}</v></c>`;
    const path = workbook({
      strings,
      rows:
        '<row r="1">' +
        [0, 1, 2, 3, 4094, 4095, 4096, 4097, 8191, 8192, count, -1, 'x', 99_999_999, 4098]
          .map((index, i) => cell(String.fromCharCode(65 + i), index))
          .join('') +
        '</row>',
    });
    expect(await cellsOf(path)).toEqual([
      [
        s('Sri Wahyuni'),
        s('👨‍👩‍👧 Keluarga Nu\u0301r 𝒜'),
        // An empty shared string and an index the table does not have are no cell at all.
        null,
        s('Teks 3'),
        s('Teks 4094'),
        s('Ma’ruf'),
        null,
        s('😀'),
        s('Bu\u0308di'),
        s('3579010101800001'),
        null,
        null,
        null,
        null,
        s('Teks 4098'),
      ],
    ]);
  });

  it('decodes entities once, keeps spaces and CDATA as written, and reads formula text (t="str")', async () => {
    const path = workbook({
      strings: ['<si><t xml:space="preserve">  A &amp; B &lt;C&gt; &#x41;&#65; &quot;q&apos; </t></si>'],
      rows:
        '<row r="1"><c r="A1" t="s"><v>0</v></c>' +
        '<c r="B1" t="str"><f>"&amp;lt;"</f><v>&amp;lt;</v></c>' +
        '<c r="C1" t="inlineStr"><is><t><![CDATA[a<b & c]]></t></is></c></row>',
    });
    // exceljs decoded t="str" text twice: the cell showing "&lt;" in Excel came out as "<".
    expect(await cellsOf(path)).toEqual([[s('  A & B <C> AA "q\' '), s('&lt;'), s('a<b & c')]]);
  });
});

describe('numbers, dates, booleans, errors and formulas', () => {
  const styles =
    '<numFmts count="3"><numFmt numFmtId="164" formatCode="d &quot;de&quot; mmmm"/>' +
    '<numFmt numFmtId="165" formatCode="#,##0 &quot;hari&quot;"/><numFmt numFmtId="166" formatCode="[h]:mm"/></numFmts>' +
    '<cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="3"/></cellXfs>';

  it('gives a date for date formats, built-in or custom (quoted text aside), and a number otherwise', async () => {
    const path = workbook({
      styles,
      rows:
        '<row r="1"><c r="A1" s="1"><v>45292</v></c><c r="B1" s="2"><v>45292</v></c><c r="C1" s="3"><v>12</v></c>' +
        '<c r="D1" s="4"><v>1.5</v></c><c r="E1" s="5"><v>1234567</v></c><c r="F1"><v>45292</v></c></row>',
    });
    // [h]:mm is an elapsed time, yet its "mm" stands outside the brackets: exceljs took it for a
    // date, and so do we (1.5 days -> 1899-12-31, exceljs's conversion); importing such a
    // duration into a date field is refused later as an impossible date.
    expect(await cellsOf(path)).toEqual([
      [d('2024-01-01'), d('2024-01-01'), n(12), d('1899-12-31'), n(1234567), n(45292)],
    ]);
  });

  it('counts serial numbers from 1904 when the workbook says so', async () => {
    const path = workbook({
      styles,
      workbookPr: '<workbookPr date1904="1"/>',
      rows: '<row r="1"><c r="A1" s="1"><v>43830</v></c></row>',
    });
    expect(await cellsOf(path)).toEqual([[d('2024-01-01')]]);
  });

  it('takes a formula, shared ones too, as its cached value; a cached error as the formula error', async () => {
    const path = workbook({
      styles,
      rows:
        '<row r="1"><c r="A1"><v>2</v></c><c r="B1"><f t="shared" ref="B1:B2" si="0">A1*2</f><v>4</v></c>' +
        '<c r="C1" t="e"><f>VLOOKUP(9,A:A,2,0)</f><v>#N/A</v></c><c r="D1" t="e"><v>#DIV/0!</v></c>' +
        '<c r="E1" t="b"><v>1</v></c><c r="F1" t="b"><f>A1&gt;5</f><v>0</v></c><c r="G1" s="1"><f>DATE(2024,1,1)</f><v>45292</v></c></row>' +
        '<row r="2"><c r="A2"><v>3</v></c><c r="B2"><f t="shared" si="0"/><v>6</v></c><c r="C2"><f>NOW()</f></c></row>',
    });
    expect(await cellsOf(path)).toEqual([
      [
        n(2),
        n(4),
        { t: 'e', v: FORMULA_ERROR_TEXT },
        { t: 'e', v: '#DIV/0!' },
        { t: 'b', v: true },
        // exceljs read a formula's cached boolean as the number 0, and a cached date as its serial.
        { t: 'b', v: false },
        d('2024-01-01'),
      ],
      // A formula never calculated (no cached value) is an empty cell.
      [n(3), n(6), null],
    ]);
  });

  it('reads an empty <v/> as an empty cell', async () => {
    const path = workbook({ rows: '<row r="1"><c r="A1"><v/></c><c r="B1"><v>5</v></c></row>' });
    expect(await cellsOf(path)).toEqual([[null, n(5)]]);
  });
});

describe('rows and columns', () => {
  it('numbers rows and cells without r= after the previous one, and fills column gaps with null', async () => {
    const path = workbook({
      rows:
        '<row r="3"><c r="B3"><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c></row>' +
        '<row r="7"><c r="AA7"><v>4</v></c></row><row/><row r="9"><c r="C9" s="0"/></row>',
    });
    const rows = (await read(path))[0]!.rows;
    expect(rows.map((r) => r.n)).toEqual([3, 4, 7, 8, 9]);
    expect(rows[0]!.cells).toEqual([null, n(1), n(2)]);
    expect(rows[1]!.cells).toEqual([n(3)]);
    expect(rows[2]!.cells).toHaveLength(27);
    expect(rows[2]!.cells[26]).toEqual(n(4));
    // A cell with only a style holds nothing and does not lengthen its row.
    expect(rows[4]!.cells).toEqual([]);
  });

  it('reads column AAA as column 703', async () => {
    const path = workbook({ rows: '<row r="1"><c r="AAA1"><v>1</v></c></row>' });
    const [cells] = await cellsOf(path);
    expect(cells).toHaveLength(703);
    expect(cells![702]).toEqual(n(1));
  });

  it('reads a sheet with no rows as an empty sheet', async () => {
    const path = workbook({ rows: '' });
    expect(await read(path)).toEqual([{ name: 'Data', rows: [] }]);
    const [sheet] = await inspectSpreadsheet(path, 'buku.xlsx', DEFAULT_IMPORT_LIMITS);
    expect(sheet).toMatchObject({ name: 'Data', rowCount: 0, rows: [] });
  });

  it('gives the same rows however the XML is cut into chunks', async () => {
    const book: Workbook = { sheets: [], sharedStrings: stringTable(['x']), dateStyles: [], date1904: false };
    const xml =
      `${XML}<worksheet ${NS}><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr">` +
      '<is><t>a &amp;\r\nb</t></is></c><!-- note --><c r="C1"><v>1.25</v></c></row><row r="2"/></sheetData></worksheet><!---->\n';
    async function* cut(size: number) {
      for (let at = 0; at < xml.length; at += size) yield xml.slice(at, at + size);
    }
    const whole = [];
    for await (const row of sheetRows(cut(xml.length), book)) whole.push(row);
    expect(whole).toEqual([
      { n: 1, cells: [s('x'), s('a &\nb'), n(1.25)] },
      { n: 2, cells: [] },
    ]);
    for (const size of [1, 2, 3, 7, 64]) {
      const rows = [];
      for await (const row of sheetRows(cut(size), book)) rows.push(row);
      expect(rows, `chunks of ${size}`).toEqual(whole);
    }
  });
});

describe('the reader thread', () => {
  it('hands a long sheet over in batches to a slow job, waiting for it, none lost', async () => {
    const count = 4_500;
    const path = workbook({
      rows: Array.from(
        { length: count },
        (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c></row>`,
      ).join(''),
    });
    const batches: number[] = [];
    const values: unknown[] = [];
    for await (const event of parseSpreadsheet(path, 'buku.xlsx', DEFAULT_IMPORT_LIMITS, {
      mode: 'read',
      sheet: null,
    }))
      if (event.type === 'rows') {
        batches.push(event.rows.length);
        for (const row of event.rows) values.push(row.cells[0]?.v);
        // A slow job: the reader must wait for it rather than run ahead or stop.
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    expect(batches).toEqual([1000, 1000, 1000, 1000, 500]);
    expect(values).toEqual(Array.from({ length: count }, (_, i) => i));
  });
});

describe('workbook dialects', () => {
  it('reads the .NET OpenXML SDK’s x:-prefixed parts, through the reader thread too', async () => {
    const X = 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
    const path = writeXlsx([
      [
        'xl/workbook.xml',
        `${XML}<x:workbook ${X} ${R_NS}><x:sheets><x:sheet name="Penerima" sheetId="1" r:id="R1a2b"/></x:sheets></x:workbook>`,
      ],
      [
        'xl/_rels/workbook.xml.rels',
        `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="R1a2b" Type="${REL}/worksheet" Target="/xl/worksheets/sheet1.xml"/><Relationship Id="R9" Type="${REL}/sharedStrings" Target="/xl/sharedStrings.xml"/></Relationships>`,
      ],
      ['xl/sharedStrings.xml', `${XML}<x:sst ${X}><x:si><x:t>NIK</x:t></x:si></x:sst>`],
      [
        'xl/worksheets/sheet1.xml',
        `${XML}<x:worksheet ${X}><x:sheetData><x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c></x:row>` +
          '<x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>3579010101800001</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>',
      ],
    ]);
    // exceljs read no rows at all here (it knows only unprefixed names), and named the sheet
    // "Sheet1" (it finds names only through relative targets).
    const expected = [
      { n: 1, cells: [s('NIK')] },
      { n: 2, cells: [s('3579010101800001')] },
    ];
    expect(await read(path)).toEqual([{ name: 'Penerima', rows: expected }]);
    expect(await readThroughWorker(path)).toEqual(expected);
    const [sheet] = await inspectSpreadsheet(path, 'buku.xlsx', DEFAULT_IMPORT_LIMITS);
    expect(sheet).toMatchObject({ name: 'Penerima', rowCount: 2, columnCount: 1, rows: expected });
  });

  it('lists sheets in the workbook’s order, and a sheet part the workbook does not name after them', async () => {
    const path = writeXlsx([
      [
        'xl/workbook.xml',
        `${XML}<workbook ${NS} ${R_NS}><sheets><sheet name="Petunjuk" sheetId="2" r:id="rId2"/><sheet name="Data &amp; Nilai" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ],
      [
        'xl/_rels/workbook.xml.rels',
        `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/worksheet" Target="./worksheets/../worksheets/sheet2.xml"/></Relationships>`,
      ],
      [
        'xl/worksheets/sheet1.xml',
        `${XML}<worksheet ${NS}><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>`,
      ],
      ['xl/worksheets/sheet2.xml', `${XML}<worksheet ${NS}><sheetData/></worksheet>`],
      ['xl/worksheets/sheet7.xml', `${XML}<worksheet ${NS}><sheetData/></worksheet>`],
    ]);
    expect((await read(path)).map((sheet) => sheet.name)).toEqual(['Petunjuk', 'Data & Nilai', 'Sheet7']);
  });
});

const noise = (length: number) => randomBytes(length / 2).toString('hex');

describe('hostile files', () => {
  const unreadable = /^Berkas tidak dapat dibaca \(isinya rusak atau bukan format yang dikenal\)/;

  it('refuses a cell longer than Excel allows, and reads one exactly at the limit', async () => {
    const cell = (length: number) =>
      workbook({
        rows: `<row r="1"><c r="A1" t="inlineStr"><is><t>${'a'.repeat(length)}</t></is></c></row>`,
      });
    expect(await readThroughWorker(cell(32_767))).toHaveLength(1);
    await expect(readThroughWorker(cell(32_768))).rejects.toThrow(/lebih dari 32\.767 karakter/);
  });

  it.each([
    ['a cut-off sheet', '<row r="1"><c r="A1"><v>1</v></c>'],
    ['tags that do not nest', '<row r="1"><c r="A1"><v>1</c></v></row>'],
    ['an unknown entity', '<row r="1"><c r="A1" t="inlineStr"><is><t>&bom;</t></is></c></row>'],
    ['an attribute without quotes', '<row r=1><c r="A1"><v>1</v></c></row>'],
    ['text after the root', '<row r="1"/></sheetData></worksheet>sisa<worksheet><sheetData>'],
    ['a column beyond XFD', '<row r="1"><c r="ZZZZZZZ1"><v>1</v></c></row>'],
    // Random letters, so that the zip's ratio stays that of an ordinary file (not a bomb).
    ['a 2-million-character tag that never closes', `<row r="1"><c r="A${noise(2_000_000)}`],
    [
      'a 2-million-character text',
      `<row r="1"><c r="A1" t="inlineStr"><is><t>${noise(2_000_000)}</t></is></c></row>`,
    ],
  ])('refuses %s as an unreadable file, without hanging', async (_what, rows) => {
    await expect(readThroughWorker(workbook({ rows }))).rejects.toThrow(unreadable);
  });

  it('refuses a DOCTYPE (how entity bombs get in), in any part', async () => {
    const laughs =
      '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>';
    const path = workbook({ strings: [], rows: '' });
    const bomb = writeXlsx([
      [
        'xl/workbook.xml',
        `${XML}${laughs}<workbook ${NS} ${R_NS}><sheets><sheet name="&lol2;" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ],
    ]);
    await expect(readThroughWorker(bomb)).rejects.toThrow(unreadable);
    expect(await readThroughWorker(path)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { previewEachSheetAlone, RowTags, type Inflated, type ZipPart } from './zip.ts';

const SHEET = `<?xml version="1.0"?><worksheet><sheetData><row r="1" spans="1:3"><c r="A1" t="s"><v>0</v></c></row>
<row r="2"/><row>\n<c r="A3" t="inlineStr"><is><t>&lt;row pura-pura&gt;</t></is></c></row><row\tr="4"></row></sheetData>
<rowBreaks count="1"><brk id="3"/></rowBreaks></worksheet>`;

function count(xml: string, chunkSizes: number[]): number {
  const tags = new RowTags();
  const bytes = Buffer.from(xml);
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const size = chunkSizes[i % chunkSizes.length]!;
    tags.push(bytes.subarray(at, at + size));
    at += size;
  }
  return tags.count;
}

describe('counting a worksheet’s rows as it streams', () => {
  it('counts every row element, empty ones too, and not rowBreaks or escaped text', () => {
    expect(count(SHEET, [SHEET.length])).toBe(4);
  });

  it('gives the same count however the bytes are cut', () => {
    for (const sizes of [[1], [2], [3], [4], [5], [7, 1], [13, 2, 1]])
      expect(count(SHEET, sizes), `${sizes}`).toBe(4);
  });

  it('counts prefixed rows (the .NET OpenXML SDK writes <x:row>), however the bytes are cut', () => {
    const prefixed = '<x:sheetData><x:row r="1"></x:row><x:row/><x:rowBreaks/><v>a:row b</v></x:sheetData>';
    for (const sizes of [[prefixed.length], [1], [3], [5], [7, 1]])
      expect(count(prefixed, sizes), `${sizes}`).toBe(2);
  });
});

describe('counting the rows Excel hides', () => {
  const FILTERED = `<worksheet><cols><col min="2" max="2" width="9" hidden="1" customWidth="1"/></cols><sheetData>
<row r="1" spans="1:3"><c r="A1" t="s"><v>0</v></c></row>
<row r="2" spans="1:3" hidden="1" x14ac:dyDescent="0.25"><c r="A2"><v>1</v></c></row>
<row r="3" hidden="0"><c r="A3" t="inlineStr"><is><t> hidden="1"</t></is></c></row>
<x:row r="4" hidden='true'/><row r="5" customHeight="1" hidden="1" ht="0"/></sheetData>
<autoFilter ref="A1:C5"><filterColumn colId="0" hiddenButton="1"/></autoFilter></worksheet>`;

  it('counts hidden rows, not hidden columns, filter buttons or text, however the bytes are cut', () => {
    for (const sizes of [[FILTERED.length], [1], [2], [5], [7, 1], [13, 2, 1], [300, 3]]) {
      const tags = new RowTags();
      const bytes = Buffer.from(FILTERED);
      for (let at = 0, i = 0; at < bytes.length; i++) {
        const size = sizes[i % sizes.length]!;
        tags.push(bytes.subarray(at, at + size));
        at += size;
      }
      expect([tags.count, tags.hidden], `${sizes}`).toEqual([5, 3]);
    }
  });
});

describe('choosing how to preview a workbook', () => {
  const sheets = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml` }) as ZipPart);
  const sizes = (shared: number, perSheet: number, n: number) =>
    new Map<string, Inflated>([
      ['xl/sharedStrings.xml', { bytes: shared, rows: null }],
      ...sheets(n).map((p): [string, Inflated] => [p.name, { bytes: perSheet, rows: 10 }]),
    ]);

  it('reads each sheet alone when the sheets are the bulk of the file', () => {
    expect(previewEachSheetAlone(sheets(1), sizes(20_000_000, 90_000_000, 1))).toBe(true);
    expect(previewEachSheetAlone(sheets(3), sizes(1_000_000, 30_000_000, 3))).toBe(true);
  });

  it('reads in one pass when the shared strings would be parsed again for many small sheets', () => {
    expect(previewEachSheetAlone(sheets(24), sizes(5_000_000, 200_000, 24))).toBe(false);
  });
});

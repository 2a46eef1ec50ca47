import { createReadStream } from 'node:fs';
import { AppFailure } from '../../common/errors.ts';
import { cellTooLong, type Cell, type SheetRow } from './cells.ts';

/**
 * "Excel" files that are web pages: many web applications (and older desa and Kemensos
 * exports) send an HTML table named .xls, which Excel opens with a warning. Each top-level
 * <table> is read as a sheet, streamed, with merged cells as an .xlsx gives them: the value in
 * the first cell, the cells a colspan or rowspan covers left empty. Every value is text, so a
 * NIK keeps its sixteen digits. Nothing in the page is run or fetched: tags are only counted.
 */

export interface HtmlTable {
  /** 1-based, in the order the tables start. */
  index: number;
  rows: SheetRow[];
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  hellip: '…',
  middot: '·',
  deg: '°',
  copy: '©',
  eacute: 'é',
  Eacute: 'É',
  egrave: 'è',
  agrave: 'à',
  ccedil: 'ç',
};

/** Characters a page writes as entities; an unknown name stays as written. */
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code =
        name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff)
        ? String.fromCodePoint(code)
        : '';
    }
    return NAMED_ENTITIES[name] ?? NAMED_ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** A cell's text as it shows in a browser: runs of spaces and line breaks are one space. */
const cellText = (raw: string) =>
  decodeEntities(raw)
    .replace(/[\s\u00a0]+/g, ' ')
    .trim();

/** A span attribute, at least 1; `limit` keeps a crafted colspan="99999999" from making a row. */
function span(tag: string, name: 'colspan' | 'rowspan', limit: number): number {
  const match = new RegExp(`\\b${name}\\s*=\\s*["']?\\s*(\\d{1,9})`, 'i').exec(tag);
  const n = match ? Number(match[1]) : 1;
  return Math.min(Math.max(n, 1), limit);
}

/**
 * A cell's raw text past this (ten characters of markup for each of the 32,767 Excel allows a
 * cell) cannot be a cell of a real list: refused before it fills the reader's memory. A shorter
 * one that still decodes past Excel's limit is refused by the reader's own check on every cell.
 */
const RAW_CELL_CAP = 10 * 32_768;

/** A tag or comment still open after this many characters comes from a broken or crafted page. */
const OPEN_TAG_CAP = 1024 * 1024;

/** Elements whose content is never a cell's text. */
const RAW_TEXT = new Set(['script', 'style', 'title', 'head']);

/**
 * The page's top-level tables, row by row. `limits.columns` caps a span (the reader then refuses
 * a row over the column limit, as for any file); `limits.rows` caps a rowspan.
 */
export async function* readHtmlTables(
  path: string,
  options: { encoding: string; bom: number },
  limits: { columns: number; rows: number },
): AsyncGenerator<{ table: number; row: SheetRow }> {
  const decoder = new TextDecoder(options.encoding);
  let pending = '';
  let depth = 0;
  let table = 0;
  let rowNumber = 0;
  let row: Cell[] | null = null;
  let cell: { text: string; colspan: number; rowspan: number } | null = null;
  /** Column -> this row's cells a rowspan from above covers, and the rows it covers after. */
  let covered = new Map<number, { rows: number; columns: number }>();
  /** The rowspans this row starts: they cover the rows below it. */
  let starting = new Map<number, { rows: number; columns: number }>();
  let skipping: string | null = null;

  const addText = (text: string) => {
    if (!cell) return;
    cell.text += text;
    if (cell.text.length > RAW_CELL_CAP) throw cellTooLong(rowNumber + 1);
  };
  const skipCovered = () => {
    if (!row) return;
    for (let next = covered.get(row.length); next; next = covered.get(row.length))
      for (let i = 0; i < next.columns; i++) row.push(null);
  };
  const endCell = () => {
    if (!row || !cell) return;
    skipCovered();
    const start = row.length;
    const text = cellText(cell.text);
    row.push(text === '' ? null : { t: 's', v: text });
    for (let i = 1; i < cell.colspan; i++) row.push(null);
    if (cell.rowspan > 1) starting.set(start, { rows: cell.rowspan - 1, columns: cell.colspan });
    cell = null;
  };
  const endRow = (): SheetRow | null => {
    endCell();
    if (!row) return null;
    skipCovered();
    const done = row;
    row = null;
    const below = starting;
    for (const [column, cover] of covered)
      if (cover.rows > 1) below.set(column, { ...cover, rows: cover.rows - 1 });
    covered = below;
    starting = new Map();
    while (done.length && done.at(-1) === null) done.pop();
    return { n: ++rowNumber, cells: done };
  };

  const stream = createReadStream(path, { start: options.bom, highWaterMark: 1024 * 1024 });
  for await (const chunk of stream) {
    pending += decoder.decode(chunk as Buffer, { stream: true });
    let at = 0;
    for (;;) {
      const open = pending.indexOf('<', at);
      if (open < 0) {
        if (cell && !skipping) addText(pending.slice(at));
        at = pending.length;
        break;
      }
      if (cell && !skipping && open > at) addText(pending.slice(at, open));
      // A comment ends at -->, anything else at the next >: both may lie in the next chunk.
      const comment = pending.startsWith('<!--', open);
      const close = comment ? pending.indexOf('-->', open + 4) : pending.indexOf('>', open + 1);
      if (close < 0) {
        if (pending.length - open > OPEN_TAG_CAP)
          throw new AppFailure(
            'VALIDATION',
            'Halaman web ini rusak: sebuah tag atau komentar tidak pernah ditutup. Buka di peramban atau Excel, lalu simpan datanya sebagai .xlsx atau .csv.',
          );
        at = open;
        break;
      }
      at = close + (comment ? 3 : 1);
      if (comment) continue;
      const tag = pending.slice(open + 1, close);
      const match = /^(\/?)([a-zA-Z][a-zA-Z0-9:]*)/.exec(tag);
      if (!match) continue;
      const closing = match[1] === '/';
      const name = match[2]!.toLowerCase();
      if (skipping) {
        if (closing && name === skipping) skipping = null;
        continue;
      }
      if (RAW_TEXT.has(name) && !closing && !tag.endsWith('/')) {
        skipping = name;
        continue;
      }
      if (name === 'table') {
        if (!closing && ++depth === 1) {
          table++;
          rowNumber = 0;
          covered = new Map();
          starting = new Map();
        } else if (closing && depth > 0 && --depth === 0) {
          const last = endRow();
          if (last) yield { table, row: last };
        }
        continue;
      }
      // A table inside a cell: its text is the cell's.
      if (depth !== 1) {
        if (cell && (name === 'td' || name === 'th' || name === 'br' || name === 'tr')) addText(' ');
        continue;
      }
      if (name === 'tr' && !closing) {
        const last = endRow();
        if (last) yield { table, row: last };
        row = [];
      } else if (name === 'tr') {
        const last = endRow();
        if (last) yield { table, row: last };
      } else if ((name === 'td' || name === 'th') && !closing) {
        endCell();
        row ??= [];
        cell = {
          text: '',
          colspan: span(tag, 'colspan', limits.columns),
          rowspan: span(tag, 'rowspan', limits.rows),
        };
      } else if (name === 'td' || name === 'th') endCell();
      else if (cell && (name === 'br' || name === 'p' || name === 'div')) addText(' ');
    }
    pending = pending.slice(at);
  }
  pending += decoder.decode();
  if (cell && !skipping) addText(pending.replace(/<[^>]*$/, ''));
  if (depth > 0) {
    const last = endRow();
    if (last) yield { table, row: last };
  }
}

/** Whether a sample of a file's text is a web page holding a table. */
export function looksLikeHtmlTable(sample: string): boolean {
  const start = sample
    .replace(/^\uFEFF/, '')
    .trimStart()
    .slice(0, 1024)
    .toLowerCase();
  const page =
    start.startsWith('<html') ||
    start.startsWith('<!doctype html') ||
    start.startsWith('<table') ||
    start.startsWith('<meta') ||
    start.startsWith('<head') ||
    start.startsWith('<body') ||
    (start.startsWith('<?xml') && /<html/.test(sample.slice(0, 4096).toLowerCase()));
  return page && /<table[\s>]/i.test(sample);
}

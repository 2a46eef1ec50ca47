import {
  cellText,
  kindAt,
  isNumeric,
  type Block,
  type Column,
  type Part,
  type ReportDocument,
  type Signer,
  type TableBlock,
} from './document.ts';
import { formatNip } from './format.ts';

/**
 * The A4 layout of every report, as a string: no browser DOM, so the CLI prints exactly what
 * the app previews. Paged media does the paper work: `@page` size and margins, the footer and
 * "Halaman 1 dari 5" in the page-margin boxes, `thead` repeated on each page, rows and the
 * signature block never split. No inline styles or scripts (the app's CSP forbids both): the
 * style sheet is separate, and column widths are rules in it.
 */

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A CSS string literal (for the page-margin boxes). */
function cssString(value: string): string {
  return `"${value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/[\n\r\f]/g, ' ')}"`;
}

const BASE_CSS = `
html { font-family: Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif; font-size: 9.5pt; color: #000; line-height: 1.3; }
body { margin: 0; }
.part { break-before: page; }
.part:first-child { break-before: auto; }
.kop { display: flex; align-items: center; gap: 4mm; border-bottom: 2.4pt double #000; padding-bottom: 2mm; margin-bottom: 4mm; }
.kop .logo { width: 21mm; height: 21mm; flex: none; display: flex; align-items: center; justify-content: center; }
.kop .logo img { max-width: 21mm; max-height: 21mm; }
.kop .text { flex: 1; text-align: center; }
.kop .l0 { font-size: 13pt; font-weight: bold; letter-spacing: 0.03em; }
.kop .l1 { font-size: 15pt; font-weight: bold; letter-spacing: 0.05em; }
.kop .l2, .kop .l3 { font-size: 11pt; font-weight: bold; }
.kop .contact { font-size: 8.5pt; }
.title { text-align: center; margin: 0 0 3mm; }
.title div:first-child { font-size: 11.5pt; font-weight: bold; text-transform: uppercase; }
.title div { font-size: 10pt; font-weight: bold; }
h2 { font-size: 10.5pt; margin: 4mm 0 1.5mm; break-after: avoid; }
p { margin: 0 0 2mm; }
p.lead { text-align: justify; }
p.note { font-size: 8.5pt; }
p.strong { font-weight: bold; }
p.center { text-align: center; }
p.warning { font-weight: bold; border: 0.8pt solid #000; padding: 1.5mm 2mm; }
table.facts { border-collapse: collapse; margin: 0 0 3mm; break-inside: avoid; }
table.facts td, table.facts th { padding: 0.4mm 2mm 0.4mm 0; vertical-align: top; }
table.facts th.k { white-space: nowrap; font-weight: normal; text-align: left; }
table.facts td.sep { padding-right: 1.5mm; }
table.t { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 0 0 2mm; }
table.t caption { text-align: left; font-weight: bold; padding: 0 0 1mm; caption-side: top; }
table.t thead { display: table-header-group; }
table.t tfoot { display: table-footer-group; }
table.t tr { break-inside: avoid; page-break-inside: avoid; }
table.t th, table.t td { border: 0.6pt solid #000; padding: 0.9mm 1.2mm; vertical-align: top; overflow-wrap: anywhere; }
table.t th { background: #e6e6e6; font-weight: bold; text-align: center; vertical-align: middle; font-size: 8.5pt; }
table.t td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
table.t td.id { white-space: nowrap; font-variant-numeric: tabular-nums; }
table.t td.sig { height: 9mm; font-size: 8pt; color: #333; }
table.t td.sig.even { text-align: right; }
table.t tr.group td { font-weight: bold; background: #f4f4f4; }
table.t tr.subtotal td { font-weight: bold; background: #ececec; }
table.t tr.total td { font-weight: bold; background: #dcdcdc; }
table.t tr.more td { text-align: center; font-style: italic; }
p.tnote { font-size: 8.5pt; margin-top: -1mm; break-before: avoid; }
.signatures { break-inside: avoid; page-break-inside: avoid; break-before: avoid; page-break-before: avoid; margin-top: 6mm; }
.keep-next { break-after: avoid; page-break-after: avoid; }
.keep-whole { break-inside: avoid; page-break-inside: avoid; }
.signatures .row { display: flex; justify-content: space-between; gap: 8mm; }
.signatures .signer { flex: 1; max-width: 80mm; text-align: center; }
.signatures .row > .signer:only-child { margin-left: auto; }
.signatures .below { display: flex; justify-content: center; margin-top: 4mm; }
.signatures .space { height: 17mm; }
.signatures .name { font-weight: bold; text-decoration: underline; }
.signatures .blank { letter-spacing: 0.1em; }
.spacer { height: 6mm; }
.screen-footer { display: none; }
/* Chromium rounds the page area down to whole pixels, which cut off the right-hand border of
   every full-width box and table (the probe's printed report): keep them a hair inside it. */
@media print {
  body { padding-right: 0.6mm; }
}
@media screen {
  html { background: #dfe3e6; }
  body { padding: 8mm 0; }
  .part { background: #fff; margin: 0 auto 8mm; padding: 14mm 12mm 16mm 14mm; box-shadow: 0 1px 4px rgb(0 0 0 / 25%); box-sizing: border-box; }
  .part.portrait { width: 210mm; min-height: 297mm; }
  .part.landscape { width: 297mm; min-height: 210mm; }
  .screen-footer { display: block; text-align: center; font-size: 9pt; color: #333; margin: 0 auto 4mm; }
}
`;

function pageCss(doc: ReportDocument): string {
  const boxes = `
  margin: 14mm 12mm 16mm 14mm;
  @bottom-left { content: ${cssString(doc.footer.text)}; font: 7.5pt Arial, 'Liberation Sans', sans-serif; vertical-align: top; padding-top: 3mm; }
  @bottom-right { content: "Halaman " counter(page) " dari " counter(pages); font: 7.5pt Arial, 'Liberation Sans', sans-serif; vertical-align: top; padding-top: 3mm; }`;
  // Named pages let one document mix orientations; every part names its own.
  return `
@page { size: A4 ${doc.orientation};${boxes}
}
@page portrait { size: A4 portrait;${boxes}
}
@page landscape { size: A4 landscape;${boxes}
}
.part.portrait { page: portrait; }
.part.landscape { page: landscape; }`;
}

interface RenderState {
  /** The width between the margins of the part being laid out. */
  pageWidthMm: number;
  tableNo: number;
  widthRules: string[];
  rowBudget: number;
  shown: number;
  total: number;
}

/** Arial's advance widths in em (bold where they differ), for the characters numbers print with. */
const EM: Record<string, number> = {
  '.': 0.278,
  ',': 0.278,
  ' ': 0.278,
  '-': 0.333,
  '+': 0.584,
  '%': 0.889,
  R: 0.722,
  p: 0.611,
};
const FONT_MM = (9.5 * 25.4) / 72;
/** Padding and border of a cell, and a little air so a hinted font still fits. */
const CELL_EXTRA_MM = 3.6;

/** How wide a number is on paper: numbers never wrap, so their column must hold the longest. */
function numberWidthMm(text: string): number {
  let em = 0;
  for (const ch of text) em += EM[ch] ?? 0.556;
  return em * FONT_MM + CELL_EXTRA_MM;
}

/**
 * Column widths in percent: the ones a report asks for, the rest shared. A numeric column too
 * narrow for its largest figure (a city total in billions) widens, and the text columns, which
 * can wrap, give it the room; numbers never spill over their cell, in print or preview.
 */
function columnWidths(table: TableBlock, pageWidthMm: number): number[] {
  const { columns } = table;
  const fixed = columns.reduce((sum, c) => sum + (c.width ?? 0), 0);
  const free = columns.filter((c) => c.width === undefined).length;
  const widths = columns.map((c) => c.width ?? Math.max(4, (100 - fixed) / Math.max(free, 1)));
  const needs = columns.map((_, i) => {
    let widest = 0;
    for (const row of table.rows) {
      const kind = kindAt(row, columns, i);
      if (row.kind === 'group' || !isNumeric(kind)) continue;
      widest = Math.max(widest, numberWidthMm(cellText(kind, row.cells[i] ?? null)));
    }
    return (widest / pageWidthMm) * 100;
  });
  let short = 0;
  widths.forEach((w, i) => {
    if (needs[i]! > w) {
      short += needs[i]! - w;
      widths[i] = needs[i]!;
    }
  });
  // Text columns give up to half their width, in proportion to what they have.
  const givers = columns.map((c, i) => (c.kind === 'text' && needs[i] === 0 ? widths[i]! / 2 : 0));
  const spare = givers.reduce((a, b) => a + b, 0);
  if (short > 0 && spare > 0) {
    const share = Math.min(1, short / spare);
    givers.forEach((g, i) => (widths[i] = widths[i]! - g * share));
  }
  return widths;
}

function kopHtml(doc: ReportDocument): string {
  const { kop } = doc;
  const lines = kop.lines
    .filter((l) => l.trim())
    .map((l, i) => `<div class="l${Math.min(i, 3)}">${escapeHtml(l)}</div>`)
    .join('');
  const address = kop.address ? `<div class="contact">${escapeHtml(kop.address)}</div>` : '';
  const contact = kop.contact ? `<div class="contact">${escapeHtml(kop.contact)}</div>` : '';
  const logo =
    kop.logo && /^data:image\/(png|jpeg);base64,[A-Za-z0-9+/=]+$/.test(kop.logo)
      ? `<img src="${kop.logo}" alt="">`
      : '';
  return `<header class="kop"><div class="logo">${logo}</div><div class="text">${lines}${address}${contact}</div><div class="logo"></div></header>`;
}

function tableHtml(table: TableBlock, state: RenderState): string {
  const id = `t${++state.tableNo}`;
  const columns = table.columns;
  const widths = columnWidths(table, state.pageWidthMm);
  widths.forEach((width, i) => {
    state.widthRules.push(`#${id} col:nth-child(${i + 1}) { width: ${width.toFixed(2)}%; }`);
  });
  const colgroup = `<colgroup>${columns.map(() => '<col>').join('')}</colgroup>`;
  const caption = table.caption ? `<caption>${escapeHtml(table.caption)}</caption>` : '';
  const head = headHtml(columns);
  const rows: string[] = [];
  state.total += table.rows.length;
  let dataNo = 0;
  for (const row of table.rows) {
    if (state.rowBudget <= 0) {
      const left = table.rows.length - rows.length;
      rows.push(
        `<tr class="more"><td colspan="${columns.length}">… ${left.toLocaleString('id-ID')} baris lagi ada di PDF dan Excel</td></tr>`,
      );
      break;
    }
    state.rowBudget--;
    state.shown++;
    if (row.kind === 'group') {
      rows.push(
        `<tr class="group"><td colspan="${columns.length}">${escapeHtml(String(row.cells[0] ?? ''))}</td></tr>`,
      );
      continue;
    }
    if (row.kind === 'data') dataNo++;
    const cells = columns.map((column, i) => {
      const value = row.cells[i] ?? null;
      if (column.kind === 'signature' && row.kind === 'data') {
        const parity = dataNo % 2 === 0 ? ' even' : '';
        return `<td class="sig${parity}">${escapeHtml(cellText('text', value))}</td>`;
      }
      const kind = kindAt(row, columns, i);
      // NIK and KK (masked or not) never break over two lines.
      const id = typeof value === 'string' && /^[0-9x]{16}$/.test(value);
      const cls = kind === 'text' || kind === 'signature' ? (id ? ' class="id"' : '') : ' class="num"';
      return `<td${cls}>${escapeHtml(cellText(kind, value))}</td>`;
    });
    rows.push(`<tr class="${row.kind}">${cells.join('')}</tr>`);
  }
  if (table.rows.length === 0)
    rows.push(
      `<tr class="more"><td colspan="${columns.length}">${escapeHtml(table.empty ?? 'Tidak ada data.')}</td></tr>`,
    );
  const note = table.note ? `<p class="tnote">${escapeHtml(table.note)}</p>` : '';
  return `<table class="t" id="${id}">${caption}${colgroup}${head}<tbody>${rows.join('')}</tbody></table>${note}`;
}

/** One header row, or two when columns are grouped ("KPM" over "Alokasi | Tersalurkan"). */
function headHtml(columns: Column[]): string {
  const grouped = columns.some((c) => c.group);
  if (!grouped)
    return `<thead><tr>${columns.map((c) => `<th>${escapeHtml(c.label)}</th>`).join('')}</tr></thead>`;
  const top: string[] = [];
  const bottom: string[] = [];
  for (let i = 0; i < columns.length;) {
    const c = columns[i]!;
    if (!c.group) {
      top.push(`<th rowspan="2">${escapeHtml(c.label)}</th>`);
      i++;
      continue;
    }
    let span = 0;
    while (columns[i + span]?.group === c.group) {
      bottom.push(`<th>${escapeHtml(columns[i + span]!.label)}</th>`);
      span++;
    }
    top.push(`<th colspan="${span}">${escapeHtml(c.group)}</th>`);
    i += span;
  }
  return `<thead><tr>${top.join('')}</tr><tr>${bottom.join('')}</tr></thead>`;
}

function signerHtml(signer: Signer, placeLine: string | null): string {
  const lines: string[] = [];
  if (placeLine !== null) lines.push(`<div>${placeLine ? escapeHtml(placeLine) : '&nbsp;'}</div>`);
  for (const caption of signer.caption) lines.push(`<div>${escapeHtml(caption) || '&nbsp;'}</div>`);
  lines.push('<div class="space"></div>');
  lines.push(
    signer.name
      ? `<div class="name">${escapeHtml(signer.name)}</div>`
      : '<div class="blank">(..................................................)</div>',
  );
  if (signer.rank) lines.push(`<div>${escapeHtml(signer.rank)}</div>`);
  if (signer.nip !== null)
    lines.push(
      `<div>NIP. ${signer.nip ? escapeHtml(formatNip(signer.nip)) : '..............................'}</div>`,
    );
  return `<div class="signer">${lines.join('')}</div>`;
}

function signaturesHtml(block: Extract<Block, { type: 'signatures' }>): string {
  const n = block.signers.length;
  // The place and date stand above the right-most signer; the others keep the same height.
  const row = block.signers
    .map((s, i) => signerHtml(s, block.place === null ? null : i === n - 1 ? block.place : ''))
    .join('');
  const below = block.below ? `<div class="below">${signerHtml(block.below, null)}</div>` : '';
  return `<div class="signatures"><div class="row">${row}</div>${below}</div>`;
}

function blockHtml(block: Block, state: RenderState): string {
  switch (block.type) {
    case 'heading':
      return `<h2>${escapeHtml(block.text)}</h2>`;
    case 'text':
      return `<p class="${block.style ?? ''}">${escapeHtml(block.text)}</p>`;
    case 'facts':
      return `<table class="facts"><tbody>${block.items
        .map(
          ([k, v]) =>
            // The key heads its row (th scope=row): screen readers and axe read each value with its name.
            `<tr><th scope="row" class="k">${escapeHtml(k)}</th><td class="sep">:</td><td>${escapeHtml(v)}</td></tr>`,
        )
        .join('')}</tbody></table>`;
    case 'table':
      return tableHtml(block, state);
    case 'signatures':
      return signaturesHtml(block);
    case 'spacer':
      return '<div class="spacer"></div>';
  }
}

/** A table this short fits on any page: it is never split just before the signatures. */
const SHORT_TABLE_ROWS = 12;

function partHtml(doc: ReportDocument, part: Part, state: RenderState): string {
  const kop = part.letterhead ? kopHtml(doc) : '';
  const title = part.title.length
    ? `<div class="title">${part.title.map((t) => `<div>${escapeHtml(t)}</div>`).join('')}</div>`
    : '';
  const orientation = part.orientation ?? doc.orientation;
  state.pageWidthMm = orientation === 'landscape' ? 297 - 26 : 210 - 26;
  // The signatures take the block before them along to their page: never alone on the last one.
  const blocks = part.blocks.map((b, i) => {
    const html = blockHtml(b, state);
    if (part.blocks[i + 1]?.type !== 'signatures') return html;
    // A short table goes whole; a long one lends its last rows.
    const whole = b.type !== 'table' || b.rows.length <= SHORT_TABLE_ROWS;
    return `<div class="keep-next${whole ? ' keep-whole' : ''}">${html}</div>`;
  });
  return `<section class="part ${orientation}">${kop}${title}${blocks.join('')}</section>`;
}

export interface RenderedReport {
  /** The complete document, for the PDF engines. */
  html: string;
  /** The body and the style sheet, for the in-app preview (the same layout). */
  body: string;
  css: string;
  truncated: { shown: number; total: number } | null;
}

/** Lays the document out on A4; `maxRows` cuts long tables (the preview only). */
export function renderHtml(doc: ReportDocument, options: { maxRows?: number } = {}): RenderedReport {
  const state: RenderState = {
    pageWidthMm: 0,
    tableNo: 0,
    widthRules: [],
    rowBudget: options.maxRows ?? Number.POSITIVE_INFINITY,
    shown: 0,
    total: 0,
  };
  const parts = doc.parts.map((p) => partHtml(doc, p, state)).join('');
  const screenFooter = `<div class="screen-footer">${escapeHtml(doc.footer.text)}</div>`;
  const body = `<div class="report ${doc.orientation}">${parts}${screenFooter}</div>`;
  const css = `${BASE_CSS}${pageCss(doc)}\n${state.widthRules.join('\n')}\n`;
  const html = `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>${escapeHtml(doc.title)}</title>
<style>${css}</style></head>
<body>${body}</body></html>
`;
  return {
    html,
    body,
    css,
    truncated: state.shown < state.total ? { shown: state.shown, total: state.total } : null,
  };
}

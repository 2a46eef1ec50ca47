/**
 * Reports at scale: a 100,000-household demo database with 12 months of disbursement.
 * Prints the time of each report's model, layout and renders, each against a baseline measured
 * in the same run (SQL: counting one period's list; PDF: a one-page document in the same warm
 * Chromium). Not a test: nothing here asserts a time. Targets: monthly model under 1 s, PDF
 * under 5 s.
 *
 *   npx tsx tests/bench/run.ts reports --data DIR          (a folder made by `bansos demo`)
 *   npx tsx tests/bench/run.ts reports [--households 100000]   (makes one in a temp folder: minutes)
 *
 * With --data, logs in as --user (default admin) with BANSOS_PASSWORD (default: the demo password).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BansosCore } from '../../core/app.ts';
import { DEMO_PASSWORD, fillDemo } from '../../core/demo/setupDemo.ts';
import { computeBnba, bnbaDocument } from '../../core/reports/bnba.ts';
import { chromiumPdf } from '../../core/reports/chromiumPdf.ts';
import type { ReportContext } from '../../core/reports/common.ts';
import { complaintsDocument, computeComplaints } from '../../core/reports/complaints.ts';
import { computeDashboard, indicators } from '../../core/reports/dashboard.ts';
import type { ReportDocument } from '../../core/reports/document.ts';
import { renderHtml } from '../../core/reports/html.ts';
import { computeMonthly, monthlyDocument } from '../../core/reports/monthly.ts';
import { computeRekap, rekapDocument } from '../../core/reports/rekap.ts';
import { readReportSettings } from '../../core/reports/settings.ts';
import { computeVerification, verificationDocument } from '../../core/reports/verification.ts';
import { renderXlsx } from '../../core/reports/xlsx.ts';
import { RegionNames } from '../../core/regions/names.ts';
import { ms, percentiles, table, time } from './support.ts';

const { values } = parseArgs({
  args: process.argv.slice(3),
  options: {
    data: { type: 'string' },
    user: { type: 'string', default: 'admin' },
    households: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '5' },
  },
});
const RUNS = Number(values.runs);
const password = process.env.BANSOS_PASSWORD ?? DEMO_PASSWORD;

let temp: string | null = null;
let dataDir: string;
if (values.data && existsSync(join(values.data, 'keyslots.json'))) {
  dataDir = resolve(values.data);
} else {
  temp = mkdtempSync(join(tmpdir(), 'bansos-bench-reports-'));
  dataDir = join(temp, 'data');
}

const pdf = chromiumPdf();
const core = new BansosCore({
  dataDir,
  kdfCost: temp ? 'test' : 'interactive',
  host: { chooseSaveFile: async () => null, chooseOpenFile: async () => null, printToPdf: pdf.printToPdf },
});
let token: string | null = null;
const call = async (method: string, input: unknown) => {
  const outcome = await core.dispatch(method, input, token);
  if (outcome.sessionChange?.kind === 'set') token = outcome.sessionChange.token;
  if (!outcome.result.ok) throw new Error(`${method}: ${outcome.result.error.message}`);
  return outcome.result.value;
};
if (temp) {
  const households = Number(values.households);
  console.log(`Generating a demo database of ${households.toLocaleString('en')} households (12 months)…`);
  await call('setup.init', {
    username: 'admin',
    fullName: 'Bench',
    password,
    officeName: 'Dinas Sosial Kota Batu',
  });
  const [, genMs] = await timeAsync(() =>
    fillDemo(core, call, households, (done, total, phase) => {
      if (process.stderr.isTTY) process.stderr.write(`\r${phase}: ${done}/${total}      `);
    }),
  );
  console.log(`\n  generated in ${(genMs / 1000).toFixed(0)} s`);
} else {
  await call('auth.login', { username: values.user, password });
}

const sql = core.db.sql;
const raw = sql.raw;
const count = (q: string) => (raw.prepare(q).get() as { n: number }).n;
console.log(
  `Database: ${count('SELECT count(*) AS n FROM households').toLocaleString('en')} households, ` +
    `${count('SELECT count(*) AS n FROM people').toLocaleString('en')} people, ` +
    `${count('SELECT count(*) AS n FROM disbursement_periods').toLocaleString('en')} periods, ` +
    `${count('SELECT count(*) AS n FROM disbursement_items').toLocaleString('en')} payments.`,
);

const ctx: ReportContext = {
  sql,
  regions: new RegionNames(sql),
  scope: { desaCodes: null, readSpecific: true, userId: 'bench', username: 'bench' },
  now: new Date(),
  username: 'bench',
  settings: readReportSettings(sql),
};

// The month before last: every programme has a closed period covering it.
const d = new Date();
const month = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 3, 1)).toISOString().slice(0, 7);
const first = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 11, 1)).toISOString().slice(0, 7);
const now = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)).toISOString().slice(0, 7);
const biggest = raw
  .prepare(
    `SELECT i.period_id AS id, count(*) AS n FROM disbursement_items i GROUP BY i.period_id ORDER BY n DESC LIMIT 1`,
  )
  .get() as { id: string; n: number };
const bigDesa = (
  raw
    .prepare(
      `SELECT i.desa_code AS code FROM disbursement_items i JOIN disbursement_periods d ON d.id = i.period_id
       JOIN programs p ON p.id = d.program_id WHERE p.code = 'BPNT' GROUP BY i.desa_code ORDER BY count(*) DESC LIMIT 1`,
    )
    .get() as { code: string }
).code;

async function timeAsync<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await fn();
  return [value, performance.now() - start];
}
const measure = (fn: () => unknown, runs = RUNS) =>
  percentiles(Array.from({ length: runs }, () => time(fn)[1]));
async function measureAsync(fn: () => Promise<unknown>, runs = RUNS) {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push((await timeAsync(fn))[1]);
  return percentiles(samples);
}

// Warm the page cache once, as a working office machine would be.
computeMonthly(ctx, { month });

const baseline = measure(() =>
  raw.prepare(`SELECT count(*), sum(amount) FROM disbursement_items WHERE period_id = ?`).get(biggest.id),
);
const models = {
  'monthly model, every programme': measure(() => computeMonthly(ctx, { month })),
  'monthly model + layout + HTML': measure(() =>
    renderHtml(withFooter(monthlyDocument(ctx, computeMonthly(ctx, { month })))),
  ),
  'BNBA model, BPNT, largest desa': measure(() =>
    computeBnba(ctx, { month, programCode: 'BPNT', desaCode: bigDesa }),
  ),
  'rekap model, every programme': measure(() => computeRekap(ctx, { month })),
  'verification model': measure(() => computeVerification(ctx, { month })),
  'complaints model': measure(() => computeComplaints(ctx, { month })),
  'Beranda indicators, 12 months': measure(() => indicators(ctx, { from: first, to: now })),
  'Beranda indicators, asked again (cache)': measure(() => computeDashboard(ctx, { from: first, to: now })),
};

function withFooter(base: Omit<ReportDocument, 'frozen' | 'footer' | 'provisional'>): ReportDocument {
  return { ...base, frozen: null, provisional: false, footer: { text: 'Bench' } };
}

const monthlyDoc = withFooter(monthlyDocument(ctx, computeMonthly(ctx, { month })));
const bnbaDoc = withFooter(
  bnbaDocument(ctx, computeBnba(ctx, { month, programCode: 'BPNT', desaCode: bigDesa })),
);
const rekapDoc = withFooter(rekapDocument(ctx, computeRekap(ctx, { month })));
const complaintsDoc = withFooter(complaintsDocument(ctx, computeComplaints(ctx, { month })));
void verificationDocument;

const [, coldPdf] = await timeAsync(() => pdf.printToPdf(renderHtml(monthlyDoc).html, { landscape: true }));
const onePage = `<!doctype html><html><head><meta charset="utf-8"><style>@page{size:A4}</style></head><body><p>Halaman uji.</p></body></html>`;
const pdfBaseline = await measureAsync(() => pdf.printToPdf(onePage, { landscape: false }));
const pages = (html: string) => pdf.printToPdf(html, { landscape: true });
const renders = {
  'monthly PDF (every programme)': await measureAsync(() => pages(renderHtml(monthlyDoc).html)),
  'monthly Excel': await measureAsync(() => renderXlsx(monthlyDoc)),
  'BNBA PDF, largest desa + BAST': await measureAsync(() => pages(renderHtml(bnbaDoc).html)),
  'rekap PDF': await measureAsync(() => pages(renderHtml(rekapDoc).html)),
  'complaints PDF': await measureAsync(() => pages(renderHtml(complaintsDoc).html)),
};
const [monthlyBytes] = await timeAsync(() =>
  pdf.printToPdf(renderHtml(monthlyDoc).html, { landscape: true }),
);
const bnbaRows = bnbaDoc.parts[0]?.blocks.find((b) => b.type === 'table');

console.log(
  `\nReport models for ${month} (${RUNS} runs each; the largest period lists ${biggest.n.toLocaleString('en')} payments):`,
);
table([
  {
    work: 'baseline: count one period (SQL)',
    p50: ms(baseline.p50),
    max: ms(baseline.max),
    'p50 / baseline': '1.0',
  },
  ...Object.entries(models).map(([work, r]) => ({
    work,
    p50: ms(r.p50),
    max: ms(r.max),
    'p50 / baseline': (r.p50 / baseline.p50).toFixed(1),
  })),
]);
console.log(`\nRenders (Chromium warm; the first PDF including the browser start took ${ms(coldPdf)}):`);
table([
  {
    work: 'baseline: one-page PDF',
    p50: ms(pdfBaseline.p50),
    max: ms(pdfBaseline.max),
    'p50 / baseline': '1.0',
  },
  ...Object.entries(renders).map(([work, r]) => ({
    work,
    p50: ms(r.p50),
    max: ms(r.max),
    'p50 / baseline': (r.p50 / pdfBaseline.p50).toFixed(1),
  })),
]);
console.log(
  `Monthly PDF: ${(monthlyBytes.length / 1024).toFixed(0)} KB; BNBA list of the largest desa: ${
    bnbaRows && bnbaRows.type === 'table' ? bnbaRows.rows.length - 1 : 0
  } recipients.`,
);
console.log('Targets: monthly report model under 1 s; its PDF under 5 s.');

await pdf.close();
await core.close();
if (temp) rmSync(temp, { recursive: true, force: true });

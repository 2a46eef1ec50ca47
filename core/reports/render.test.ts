import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportParams } from '../../common/api/methods/reports.ts';
import {
  monthsAgo,
  pdfPages,
  pdfText,
  pdfToPng,
  saveReport,
  seededCore,
  squash,
  workbookRows,
} from '../../tests/fixtures/reports/seed.ts';
import { tempDir } from '../../tests/support/tempDir.ts';
import { bnbaDocument, type BnbaModel } from './bnba.ts';
import { CHROMIUM_ARGS, chromiumPdf } from './chromiumPdf.ts';
import type { ReportContext } from './common.ts';
import type { ReportDocument } from './document.ts';
import { renderHtml } from './html.ts';
import { emptyTotals, monthlyDocument, type MonthlyModel, type Totals } from './monthly.ts';
import { DEFAULT_REPORT_SETTINGS } from './settings.ts';
import { blankSigners } from './reports.ts';
import { contentHash, shortCode } from './snapshots.ts';

/**
 * The printed forms. (1) On a seeded database, each report's PDF and workbook say the same
 * thing cell for cell (pdftotext). (2) A hand-made document guards the layout: its HTML and its
 * PDF text are compared with golden files, and its pages keep the paper rules (page numbers,
 * headers repeated, rows and signatures never split). UPDATE_GOLDEN=1 rewrites the golden files
 * after a deliberate change; look at the PNGs (REPORT_PNG_DIR) before accepting one.
 */

const FIXTURES = join(import.meta.dirname, '../../tests/fixtures/reports');
const pngDir = process.env.REPORT_PNG_DIR;

describe('PDF and Excel agree cell for cell', () => {
  let seed: Awaited<ReturnType<typeof seededCore>>;
  beforeAll(async () => {
    seed = await seededCore(250);
  }, 120_000);
  afterAll(async () => seed?.close());

  const nik = () =>
    (
      seed.core.db.sql.raw
        .prepare(`SELECT nik FROM people WHERE nik IS NOT NULL ORDER BY row_no LIMIT 1`)
        .get() as { nik: string }
    ).nik;

  const cases: [string, () => ReportParams][] = [
    ['bulanan', () => ({ report: 'bulanan', period: monthsAgo(6) })],
    ['bulanan-open', () => ({ report: 'bulanan', period: monthsAgo(0), programCode: 'BPNT' })],
    ['bnba', () => ({ report: 'bnba', period: monthsAgo(6), programCode: 'BPNT' })],
    ['rekap', () => ({ report: 'rekap', period: monthsAgo(1) })],
    ['rekap-pkh', () => ({ report: 'rekap', period: monthsAgo(1), programCode: 'PKH' })],
    ['verifikasi', () => ({ report: 'verifikasi', period: monthsAgo(0) })],
    ['pengaduan', () => ({ report: 'pengaduan', period: monthsAgo(1) })],
    ['data-saya', () => ({ report: 'data-saya', nik: nik() })],
  ];

  it.each(cases)('%s', async (name, params) => {
    const p = params();
    const pdf = await saveReport(seed.manager, seed.files, p, 'pdf', name);
    const xlsx = await saveReport(seed.manager, seed.files, p, 'xlsx', name);
    expect(pdf.saved.code).toBe(xlsx.saved.code);
    if (pngDir) pdfToPng(pdf.path, join(pngDir, name));
    const text = squash(pdfText(pdf.path));
    const rows = await workbookRows(xlsx.path);
    // Data Saya's trail grows with every use: the workbook (made second) lists the PDF's print.
    const tableRows = rows.filter(
      (r) => r.table && !(name === 'data-saya' && r.cells.includes('Laporan dicetak')),
    );
    expect(tableRows.length).toBeGreaterThan(3);
    // Table rows appear in the PDF in the workbook's order, every cell in its place.
    let at = 0;
    for (const row of tableRows) {
      const needle = squash(row.cells.join(''));
      const found = text.indexOf(needle, at);
      expect(found, `${row.sheet}: ${row.cells.join(' | ')}`).toBeGreaterThanOrEqual(0);
      at = found + needle.length;
    }
    // Facts read "label : value" on paper.
    for (const row of rows.filter((r) => r.fact)) expect(text).toContain(squash(row.cells.join(':')));
    // The frozen code (or the provisional mark) is on every page.
    const pages = pdfPages(pdf.path);
    for (let page = 1; page <= pages; page++) {
      const pageText = pdfText(pdf.path, { page });
      expect(pageText).toContain(`Halaman ${page} dari ${pages}`);
      if (pdf.saved.code) expect(pageText).toContain(`Kode verifikasi ${pdf.saved.code}`);
      if (name === 'bulanan-open') expect(pageText).toContain('SEMENTARA');
    }
  });
});

// ---------------- the layout, on a hand-made document ----------------

const NOW = new Date('2026-04-06T02:30:00.000Z');
const settings = {
  ...DEFAULT_REPORT_SETTINGS,
  kop: {
    ...DEFAULT_REPORT_SETTINGS.kop,
    address: 'Jl. Contoh No. 1, Kota Batu 65311',
    phone: '(0341) 000000',
  },
  logo: null,
  reports: {
    ...DEFAULT_REPORT_SETTINGS.reports,
    bulanan: {
      maskNik: false,
      signers: [
        {
          caption: 'Mengetahui,',
          position: 'Kepala Dinas Sosial Kota Batu',
          name: 'Drs. Contoh Pejabat, M.Si.',
          rank: 'Pembina Utama Muda (IV/c)',
          nip: '196804111993031009',
        },
        {
          caption: 'Yang membuat laporan,',
          position: 'Kepala Bidang Perlindungan dan Jaminan Sosial',
          name: '',
          rank: '',
          nip: '',
        },
      ],
    },
  },
};
const context = {
  sql: null,
  regions: null,
  scope: null,
  now: NOW,
  username: 'manajer',
  settings,
} as unknown as ReportContext;

const closed = {
  id: '0197c0de-0000-7000-8000-000000000001',
  label: 'Januari–Maret 2026',
  year: 2026,
  startMonth: 1,
  months: 3,
  status: 'ditutup' as const,
  closedAt: '2026-04-03T08:00:00.000Z',
};

function monthlyModel(): MonthlyModel {
  const names = [
    [
      '35.79.01',
      'Batu',
      ['Temas', 'Sisir', 'Ngaglik', 'Songgokerto', 'Sumberejo', 'Oro-oro Ombo', 'Sidomulyo', 'Pesanggrahan'],
    ],
    [
      '35.79.02',
      'Bumiaji',
      [
        'Punten',
        'Gunungsari',
        'Tulungrejo',
        'Sumbergondo',
        'Pandanrejo',
        'Bumiaji',
        'Giripurno',
        'Bulukerto',
        'Sumberbrantas',
      ],
    ],
    ['35.79.03', 'Junrejo', ['Dadaprejo', 'Beji', 'Junrejo', 'Tlekung', 'Mojorejo', 'Pendem', 'Torongrejo']],
  ] as const;
  let seedN = 7;
  const next = (n: number) => (seedN = (seedN * 31 + 17) % 997) % n;
  const kecamatan = names.map(([code, name, desa]) => {
    const lines = desa.map((d, i) => {
      const allocated = 40 + next(60);
      const unpaid = next(4);
      const returned = next(2);
      const paid = allocated - unpaid - returned;
      return {
        desaCode: `${code}.${2001 + i}`,
        desaName: d,
        allocated,
        allocatedAmount: allocated * 750_000,
        paid,
        paidAmount: paid * 750_000,
        unpaid,
        unpaidAmount: unpaid * 750_000,
        returned,
        returnedAmount: returned * 750_000,
      };
    });
    const subtotal = emptyTotals();
    for (const l of lines)
      for (const k of Object.keys(subtotal) as (keyof typeof subtotal)[]) subtotal[k] += l[k];
    return { code, name, desa: lines, subtotal };
  });
  const total = emptyTotals();
  for (const k of kecamatan)
    for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += k.subtotal[key];
  return {
    month: '2026-03',
    area: 'Seluruh Kota Batu',
    sections: [
      {
        programCode: 'PKH',
        programName: 'Program Keluarga Harapan',
        period: closed,
        kecamatan,
        total,
        reasons: [
          {
            reason: 'Tidak diambil / tidak hadir',
            status: 'belum',
            byKecamatan: { '35.79.01': 3, '35.79.02': 5 },
            count: 8,
            amount: 6_000_000,
          },
          {
            reason: 'Dana dikembalikan ke kas negara',
            status: 'dikembalikan',
            byKecamatan: { '35.79.03': 2 },
            count: 2,
            amount: 1_500_000,
          },
        ],
        previous: {
          period: { ...closed, id: 'x', label: 'Oktober–Desember 2025', year: 2025, startMonth: 10 },
          total: { ...total, paid: total.paid - 40, paidAmount: total.paidAmount - 30_000_000 },
        },
      },
      {
        programCode: 'BLT_PANGAN',
        programName: 'BLT Mitigasi Risiko Pangan (El Nino)',
        period: null,
        kecamatan: [],
        total: emptyTotals(),
        reasons: [],
        previous: null,
      },
    ],
  };
}

function bnbaModel(): BnbaModel {
  const first = [
    'Siti',
    'Sri',
    'Suparmi',
    'Wahyuni',
    'Kasiyem',
    'Endang',
    'Lestari',
    'Aminah',
    'Tutik',
    'Painem',
  ];
  const last = ['Rahayu', 'Handayani', 'Wulandari', 'Suryani', 'Kusuma', 'Maryam'];
  const recipients = Array.from({ length: 46 }, (_, i) => ({
    name: `${first[i % first.length]} ${last[i % last.length]}`,
    kk: `357902${String(101010 + i).padStart(6, '0')}${String(i + 1).padStart(4, '0')}`,
    nik: `357902${String(410170 + i).padStart(6, '0')}${String(i + 1).padStart(4, '0')}`,
    amount: 400_000,
    status: (i % 9 === 4 ? 'belum' : 'tersalurkan') as 'belum' | 'tersalurkan',
    reason: i % 9 === 4 ? 'Tidak diambil / tidak hadir' : null,
    paidDate: i % 9 === 4 ? null : '2026-03-12',
  }));
  const amount = recipients.reduce((n, r) => n + r.amount, 0);
  return {
    month: '2026-03',
    programCode: 'BPNT',
    programName: 'Program Sembako (BPNT)',
    period: { ...closed, label: 'Februari–Maret 2026', startMonth: 2, months: 2 },
    desa: [
      {
        code: '35.79.02.2001',
        name: 'Punten',
        level: 'desa',
        kecamatanName: 'Bumiaji',
        recipients,
        count: recipients.length,
        amount,
      },
    ],
    count: recipients.length,
    amount,
  };
}

/** Stamps a document as prepareReport and snapshots do for closed periods. */
function frozen(base: Omit<ReportDocument, 'frozen' | 'footer' | 'provisional'>): ReportDocument {
  const doc: ReportDocument = { ...base, provisional: false, frozen: null, footer: { text: '' } };
  const hash = contentHash(doc, closed.closedAt);
  const code = shortCode(hash);
  return {
    ...doc,
    frozen: { closedAt: closed.closedAt, code, hash, revision: 1, frozenAt: NOW.toISOString() },
    footer: { text: `Kode verifikasi ${code} · Periode ditutup 3 April 2026 · Dibekukan 6 April 2026` },
  };
}

/** Page 1 at 100 dpi as dark/light pixels (pdftoppm's plain PPM: no image library needed). */
function firstPageDark(pdfPath: string) {
  const ppm = execFileSync('pdftoppm', ['-r', '100', '-f', '1', '-l', '1', pdfPath], { maxBuffer: 64 << 20 });
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 40).toString('latin1'))!;
  const [width, height, start] = [Number(header[1]), Number(header[2]), header[0].length];
  return {
    width,
    height,
    dark: (x: number, y: number) => {
      const i = start + (y * width + x) * 3;
      return ppm[i]! + ppm[i + 1]! + ppm[i + 2]! < 3 * 128;
    },
  };
}

function golden(name: string, actual: string): void {
  const path = join(FIXTURES, name);
  if (process.env.UPDATE_GOLDEN || !existsSync(path)) writeFileSync(path, actual);
  expect(actual, `${name} differs; UPDATE_GOLDEN=1 after looking at the pages`).toBe(
    readFileSync(path, 'utf8'),
  );
}

describe('the A4 layout', () => {
  const pdf = chromiumPdf();
  const dir = tempDir('bansos-layout-');
  afterAll(() => pdf.close());

  async function print(doc: ReportDocument, name: string) {
    const path = join(dir, `${name}.pdf`);
    writeFileSync(
      path,
      await pdf.printToPdf(renderHtml(doc).html, { landscape: doc.orientation === 'landscape' }),
    );
    if (pngDir) pdfToPng(path, join(pngDir, `layout-${name}`), 70);
    return path;
  }

  it('monthly report: golden HTML and text, page rules', async () => {
    const doc = frozen(monthlyDocument(context, monthlyModel()));
    golden('monthly.golden.html', renderHtml(doc).html);
    const path = await print(doc, 'monthly');
    golden('monthly.golden.txt', pdfText(path, { layout: true }));
    const pages = pdfPages(path);
    expect(pages).toBeGreaterThanOrEqual(2);
    const texts = Array.from({ length: pages }, (_, i) => pdfText(path, { page: i + 1, layout: true }));
    texts.forEach((t, i) => {
      expect(t).toContain(`Halaman ${i + 1} dari ${pages}`);
      expect(t).toContain(`Kode verifikasi ${doc.frozen!.code}`);
    });
    // The table header is repeated on every page the table runs over.
    const tablePages = texts.filter((t) => /Pesanggrahan|Punten|Torongrejo|JUMLAH SELURUHNYA/.test(t));
    for (const t of tablePages) expect(t).toMatch(/Kecamatan \/ Desa\/Kelurahan/);
    // The signature block is whole on one page, NIP grouped.
    const signed = texts.filter((t) => t.includes('Drs. Contoh Pejabat, M.Si.'));
    expect(signed).toHaveLength(1);
    expect(signed[0]).toContain('Batu, 6 April 2026');
    expect(signed[0]).toContain('Mengetahui,');
    expect(signed[0]).toContain('NIP. 19680411 199303 1 009');
    expect(signed[0]).toContain('Pembina Utama Muda (IV/c)');
    // Never alone on the last page: the last table comes along.
    expect(signed[0]).toContain('% Realisasi');
  });

  it('full-width boxes and tables keep their right-hand border on paper (the UI probe saw it cut off)', async () => {
    const path = await print(frozen(monthlyDocument(context, monthlyModel())), 'monthly-borders');
    const page = firstPageDark(path);
    const downFrom = (x: number, y: number) => {
      let length = 0;
      while (y + length + 1 < page.height && page.dark(x, y + length + 1)) length++;
      return length;
    };
    const lineDown = (x: number, y: number) =>
      Math.max(...[-2, -1, 0, 1, 2].map((d) => downFrom(x + d, y))) > 15;
    // The top rule of each full-width box and table: a long horizontal line with a border going
    // down from its left end (the letterhead's double rule has none). Its right end has one too.
    const boxes: { y: number; right: number }[] = [];
    for (let y = 0; y < page.height; y++) {
      let [run, longest, right] = [0, 0, 0];
      for (let x = 0; x < page.width; x++) {
        run = page.dark(x, y) ? run + 1 : 0;
        if (run > longest) [longest, right] = [run, x];
      }
      if (
        longest > page.width / 2 &&
        lineDown(right - longest + 1, y) &&
        !page.dark(right - longest + 1, y - 1)
      )
        boxes.push({ y, right });
    }
    expect(boxes.length, 'boxes found').toBeGreaterThan(0);
    for (const box of boxes) expect(lineDown(box.right, box.y), `right border at y=${box.y}`).toBe(true);
  });

  it('amounts in the billions stay inside their cells, on paper and in the scaled-down preview', async () => {
    const model = monthlyModel();
    const scale = (t: Totals) => {
      for (const key of Object.keys(t) as (keyof Totals)[]) if (key.endsWith('Amount')) t[key] *= 2_000;
    };
    for (const section of model.sections) {
      scale(section.total);
      for (const k of section.kecamatan) [k.subtotal, ...k.desa].forEach(scale);
    }
    const doc = frozen(monthlyDocument(context, model));
    const rendered = renderHtml(doc);
    expect(rendered.html).toContain('Rp');
    const path = await print(doc, 'monthly-billions');
    expect(pdfText(path)).toMatch(/Rp\d{1,3}(\.\d{3}){4}/);
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
      await page.setContent(rendered.html);
      const spilled = () =>
        page.$$eval('td.num', (cells) =>
          cells.filter((c) => c.scrollWidth > c.clientWidth).map((c) => c.textContent),
        );
      await page.emulateMedia({ media: 'print' });
      expect(await spilled()).toEqual([]);
      // The preview: the sheet on screen, zoomed to a 1366-pixel window as ReportFrame does.
      await page.emulateMedia({ media: 'screen' });
      for (const zoom of ['1', '0.85', '0.7']) {
        await page.addStyleTag({ content: `html { zoom: ${zoom} }` });
        expect(await spilled(), `zoom ${zoom}`).toEqual([]);
      }
    } finally {
      await browser.close();
    }
  });

  it('BNBA over several pages: every row whole on one page, BAST portrait with the amount in words', async () => {
    const model = bnbaModel();
    const doc = frozen(bnbaDocument(context, model));
    golden('bnba.golden.html', renderHtml(doc).html);
    const path = await print(doc, 'bnba');
    golden('bnba.golden.txt', pdfText(path, { layout: true }));
    const pages = pdfPages(path);
    const texts = Array.from({ length: pages }, (_, i) => pdfText(path, { page: i + 1, layout: true }));
    const listPages = texts.filter((t) => t.includes('Rp400.000'));
    expect(listPages.length).toBeGreaterThanOrEqual(2);
    for (const t of listPages) expect(t).toContain('Tanda Tangan/Cap Jempol');
    // Each row's number, masked NIK and amount stand on one line of one page.
    for (let i = 0; i < model.desa[0]!.recipients.length; i++) {
      const r = model.desa[0]!.recipients[i]!;
      const masked = `${r.nik!.slice(0, 4)}xxxxxxxx${r.nik!.slice(12)}`;
      const holders = texts.filter((t) =>
        t.split('\n').some((line) => new RegExp(`^\\s*${i + 1}\\s`).test(line) && line.includes(masked)),
      );
      expect(holders, `row ${i + 1}`).toHaveLength(1);
    }
    const bast = texts.findIndex((t) => t.includes('BERITA ACARA SERAH TERIMA'));
    expect(bast).toBeGreaterThan(0);
    expect(texts[bast]).toContain('delapan belas juta empat ratus ribu rupiah');
    expect(texts[bast]).toContain('PIHAK KEDUA');
    expect(texts[bast]).toContain('Mengetahui,');
    // The BAST page is portrait inside a landscape document.
    const sizes = (await import('node:child_process'))
      .execFileSync('pdfinfo', ['-f', '1', '-l', String(pages), path], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => /^Page\s+\d+ size/.test(l));
    const landscape = (line: string) => {
      const [w, h] = /([\d.]+) x ([\d.]+)/.exec(line)!.slice(1).map(Number) as [number, number];
      return w > h;
    };
    expect(landscape(sizes[0]!)).toBe(true);
    expect(landscape(sizes[bast]!)).toBe(false);
  });

  it('a signer left blank is named in the preview notices, with who fills it in', () => {
    const doc = frozen(monthlyDocument(context, monthlyModel()));
    const [notice, ...more] = blankSigners(doc);
    expect(more).toEqual([]);
    expect(notice).toContain('Kepala Bidang Perlindungan dan Jaminan Sosial');
    expect(notice).not.toContain('Kepala Dinas Sosial Kota Batu');
    expect(notice).toContain('Administrator mengisinya di Laporan › Pengaturan laporan');
    const signed = structuredClone(doc);
    for (const block of signed.parts.flatMap((p) => p.blocks))
      if (block.type === 'signatures')
        for (const signer of block.signers)
          Object.assign(signer, { name: 'Nama', nip: '196804111993031009' });
    expect(blankSigners(signed)).toEqual([]);
  });

  it('escapes what people typed (names, settings) so the markup cannot be changed', () => {
    const model = bnbaModel();
    model.desa[0]!.recipients[0]!.name = '<script>alert(1)</script> & "Siti"';
    const html = renderHtml(
      frozen(bnbaDocument({ ...context, settings: { ...settings, city: '<b>Batu</b>' } }, model)),
    ).html;
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Siti&quot;');
    expect(html).not.toContain('<b>Batu</b>');
    expect(html).not.toMatch(/<[a-z]+[^>]*\sstyle=/i);
  });
});

import type { Page } from '@playwright/test';
import {
  ADMIN,
  apiAnswer,
  expect,
  loginAs,
  openApp,
  screenshot,
  test,
  useWebHost,
} from './fixtures/webhost.ts';
import { chooseMonth } from './fixtures/monthField.ts';

/**
 * Reports and the Beranda indicators on a demo data folder (synthetic families, 12 months of
 * disbursement, all but the latest periods closed): the dashboard and its click-through, the
 * in-app preview (the same layout as the PDF), saving PDF and Excel, a closed month's
 * verification code, and the report settings.
 */
const host = useWebHost(undefined, { demoHouseholds: 300 });

const DEMO_PASSWORD = 'demo bansos desk kota batu';
const MANAGER = { username: 'manajer.demo', password: DEMO_PASSWORD, fullName: 'Hadi Manajer (demo)' };
const DEMO_ADMIN = { username: 'admin', password: DEMO_PASSWORD, fullName: 'Administrator Demo' };
void ADMIN;

/** Six months ago: every demo period covering it is closed. */
function monthsAgo(n: number): string {
  const d = new Date();
  d.setDate(1);
  d.setMonth(d.getMonth() - n);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}
const CLOSED_MONTH = monthsAgo(6);
let code = '';

/** The app scrolls inside its main area: grow the window to the content for a whole-page picture. */
async function tallScreenshot(page: Page, name: string): Promise<void> {
  const height = await page.locator('.frame-main').evaluate((main) => main.scrollHeight + 120);
  const before = page.viewportSize()!;
  await page.setViewportSize({
    width: before.width,
    height: Math.min(Math.max(height, before.height), 6000),
  });
  await page.waitForTimeout(300);
  await screenshot(page, name);
  await page.setViewportSize(before);
}

test('a manager sees the programme indicators on Beranda and opens the list behind a number', async ({
  page,
}) => {
  await openApp(page, host);
  await loginAs(page, MANAGER);
  await expect(page.getByRole('tab', { name: 'Indikator program' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('heading', { name: 'Indikator program', level: 2 })).toBeVisible();
  const coverage = page.getByRole('button', { name: /Cakupan keluarga desil 1-4/ });
  await expect(coverage).toContainText('%');
  await expect(page.getByRole('button', { name: /Keberhasilan penyaluran/ })).toContainText('%');
  await expect(page.getByRole('group', { name: 'Cakupan per desa/kelurahan' })).toBeVisible();
  await expect(page.getByRole('group', { name: 'Keberhasilan penyaluran per bulan' })).toBeVisible();
  await expect(page.getByRole('group', { name: 'Penerima menurut program dan desil' })).toBeVisible();
  await tallScreenshot(page, 'dashboard-manager');

  await test.step('filter by programme and kecamatan', async () => {
    const answered = apiAnswer(page, 'dashboard.indicators');
    await page
      .getByLabel('Program', { exact: true })
      .selectOption({ label: 'BPNT · Program Sembako (BPNT)' });
    await answered;
    const again = apiAnswer(page, 'dashboard.indicators');
    await page.getByLabel('Kecamatan').selectOption({ label: 'Bumiaji' });
    await again;
    // Only Bumiaji's villages remain in the coverage chart.
    const chart = page.getByRole('group', { name: 'Cakupan per desa/kelurahan' });
    await expect(chart.getByText('Kecamatan Bumiaji')).toBeVisible();
    await expect(chart.getByText('Kecamatan Batu')).toHaveCount(0);
    await tallScreenshot(page, 'dashboard-filtered');
  });

  await test.step('click a month: the recipients not paid that month', async () => {
    const month = page
      .getByRole('group', { name: 'Keberhasilan penyaluran per bulan' })
      .getByRole('button')
      .last();
    await month.click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByRole('heading', { name: /belum tersalurkan/ })).toBeVisible();
    await expect(dialog.getByText(/Menampilkan \d+ dari \d+/)).toBeVisible();
    await screenshot(page, 'dashboard-drill');
    await dialog.getByRole('button', { name: 'Tutup' }).click();
  });

  await test.step('click a village: poor families not yet receiving, each a link to the family', async () => {
    await page.getByRole('group', { name: 'Cakupan per desa/kelurahan' }).getByRole('button').first().click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByRole('heading', { name: /belum menerima bantuan/ })).toBeVisible();
    const first = dialog.getByRole('link').first();
    if ((await first.count()) > 0) {
      await first.click();
      await expect(page).toHaveURL(/#\/keluarga\/[0-9a-f-]{36}$/);
    }
  });
});

test('the monthly report of a closed month: preview, verification code, PDF and Excel', async ({ page }) => {
  await openApp(page, host);
  await loginAs(page, MANAGER);
  await page.goto(`${host.url}/#/laporan`);
  await expect(page.getByRole('heading', { name: 'Laporan', level: 1 })).toBeVisible();
  await expect(page.getByText('Belum ada pratinjau')).toBeVisible();
  await page.getByLabel('Laporan', { exact: true }).selectOption('bulanan');
  await chooseMonth(page, 'Bulan laporan', CLOSED_MONTH);
  const answered = apiAnswer(page, 'reports.preview');
  await page.getByRole('button', { name: 'Tampilkan pratinjau' }).click();
  await answered;

  const frame = page.frameLocator('iframe.report-frame');
  await expect(frame.getByText('Laporan Bulanan Penyaluran Bantuan Sosial')).toBeVisible();
  await expect(frame.getByText('PEMERINTAH KOTA BATU')).toBeVisible();
  await expect(frame.getByText('JUMLAH SELURUHNYA').first()).toBeVisible();
  await expect(frame.getByText('PKH · Program Keluarga Harapan')).toBeVisible();
  const frozen = page.getByText(/Kode verifikasi [A-Z2-7]{5}-[A-Z2-7]{5}/);
  await expect(frozen).toBeVisible();
  code = /([A-Z2-7]{5}-[A-Z2-7]{5})/.exec((await frozen.textContent()) ?? '')![1]!;
  await tallScreenshot(page, 'report-preview-bulanan');

  await test.step('the same document on a second preview', async () => {
    const again = apiAnswer(page, 'reports.preview');
    await page.getByRole('button', { name: 'Tampilkan pratinjau' }).click();
    await again;
    await expect(page.getByText(`Kode verifikasi ${code}`)).toBeVisible();
  });

  for (const [button, magic] of [
    ['Simpan PDF', '%PDF-'],
    ['Simpan Excel', 'PK'],
  ] as const) {
    await test.step(button, async () => {
      const saved = apiAnswer(page, 'reports.save');
      await page.getByRole('button', { name: button }).click();
      await saved;
      const notice = page.getByRole('status').filter({ hasText: 'Tersimpan:' });
      await expect(notice).toBeVisible();
      const link = notice.getByRole('link', { name: 'Unduh berkas' });
      const href = await link.getAttribute('href');
      const response = await page.request.get(`${host.url}${href}`);
      expect(response.status()).toBe(200);
      expect((await response.body()).subarray(0, magic.length).toString('latin1')).toBe(magic);
    });
  }
});

test('the BNBA of one village for signing, with its BAST and the amount in words', async ({ page }) => {
  await openApp(page, host);
  await loginAs(page, MANAGER);
  await page.goto(`${host.url}/#/laporan`);
  await page.getByLabel('Laporan', { exact: true }).selectOption('bnba');
  await chooseMonth(page, 'Bulan laporan', CLOSED_MONTH);
  await page.getByLabel('Program', { exact: true }).selectOption('BPNT');
  await page.getByLabel('Desa/kelurahan').selectOption({ label: 'Punten' });
  const answered = apiAnswer(page, 'reports.preview');
  await page.getByRole('button', { name: 'Tampilkan pratinjau' }).click();
  await answered;
  const frame = page.frameLocator('iframe.report-frame');
  await expect(frame.getByText('Tanda Tangan/Cap Jempol')).toBeVisible();
  await expect(frame.getByText(/^Terbilang: .+ rupiah\.$/)).toBeVisible();
  await expect(frame.getByText('Berita Acara Serah Terima')).toBeVisible();
  await expect(frame.getByText('PIHAK KEDUA').first()).toBeVisible();
  // NIK masked by default on lists for signing.
  await expect(frame.getByText(/^3579x{8}\d{4}$/).first()).toBeVisible();
  await tallScreenshot(page, 'report-preview-bnba');
});

test('a verification code printed on a closed month is checked in the app', async ({ page }) => {
  expect(code).not.toBe('');
  await openApp(page, host);
  await loginAs(page, MANAGER);
  await page.goto(`${host.url}/#/laporan/kode`);
  await page.getByRole('textbox', { name: 'Kode verifikasi' }).fill(code);
  await page.getByRole('button', { name: 'Periksa' }).click();
  await expect(page.getByText(/^Asli: "Laporan Bulanan Penyaluran/)).toBeVisible();
  await page.getByRole('textbox', { name: 'Kode verifikasi' }).fill('AAAAA-AAAAA');
  await page.getByRole('button', { name: 'Periksa' }).click();
  await expect(page.getByText('Kode ini tidak dikenal di data kantor ini.')).toBeVisible();
});

test('the admin sets a signatory; the next report prints the NIP grouped', async ({ page }) => {
  await openApp(page, host);
  await loginAs(page, DEMO_ADMIN);
  await page.goto(`${host.url}/#/laporan/pengaturan`);
  await page.getByLabel('Baris kop 3').fill('Jl. Contoh No. 1');
  await page.locator('summary', { hasText: 'Laporan Pengaduan' }).click();
  const signer = page
    .locator('details', { hasText: 'Laporan Pengaduan' })
    .locator('fieldset.signer-fields')
    .first();
  await signer.getByLabel('Nama', { exact: true }).fill('Drs. Contoh Pejabat, M.Si.');
  await signer.getByLabel('Pangkat (golongan)').fill('Pembina Utama Muda (IV/c)');
  await signer.getByLabel('NIP (18 angka)').fill('1968041');
  await page.getByRole('button', { name: 'Simpan pengaturan' }).click();
  await expect(
    page.getByRole('alert').filter({ hasText: 'NIP terdiri dari 18 angka' }).first(),
  ).toBeVisible();
  await signer.getByLabel('NIP (18 angka)').fill('196804111993031009');
  await page.getByRole('button', { name: 'Simpan pengaturan' }).click();
  await expect(page.getByText('Pengaturan laporan disimpan.')).toBeVisible();
  await tallScreenshot(page, 'report-settings');
  await page.getByRole('button', { name: 'Keluar', exact: true }).click();

  await loginAs(page, MANAGER);
  await page.goto(`${host.url}/#/laporan`);
  await page.getByLabel('Laporan', { exact: true }).selectOption('pengaduan');
  await chooseMonth(page, 'Bulan laporan', monthsAgo(1));
  await page.getByRole('button', { name: 'Tampilkan pratinjau' }).click();
  const frame = page.frameLocator('iframe.report-frame');
  await expect(frame.getByText('Drs. Contoh Pejabat, M.Si.')).toBeVisible();
  await expect(frame.getByText('NIP. 19680411 199303 1 009')).toBeVisible();
  await expect(frame.getByText('Jl. Contoh No. 1')).toBeVisible();
  await tallScreenshot(page, 'report-preview-pengaduan');
});

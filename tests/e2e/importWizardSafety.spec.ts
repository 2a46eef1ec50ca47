import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import {
  ApiClient,
  CLERK,
  REPO_ROOT,
  expect,
  initialize,
  invokeInPage,
  loginAs,
  mainNav,
  openApp,
  test,
  useWebHost,
  type WebHost,
} from './fixtures/webhost.ts';

/**
 * What an outside UI probe found a clerk could lose or get wrong on the import screen, at
 * 1366x768: the wizard forgotten when they looked at another tab or page, a double click on
 * "Simpan" saving twice, a check's error out of sight, a long cell pushing "Keterangan" off the
 * screen, a save running on after a reload without a word, and the history table cut.
 */
const host = useWebHost(withClerk);
test.use({ viewport: { width: 1366, height: 768 } });

async function withClerk(h: WebHost): Promise<void> {
  const admin = await initialize(h);
  await admin.ok('users.create', {
    username: CLERK.username,
    fullName: CLERK.fullName,
    role: 'clerk',
    area: { kecamatan: [], desa: [] },
    temporaryPassword: CLERK.temporaryPassword,
  });
  const clerk = new ApiClient(h);
  await clerk.ok('auth.login', { username: CLERK.username, password: CLERK.temporaryPassword });
  await clerk.ok('auth.changePassword', {
    currentPassword: CLERK.temporaryPassword,
    newPassword: CLERK.password,
  });
}

let work = '';
test.beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'bansos-e2e-import-safety-'));
});
test.afterAll(() => rmSync(work, { recursive: true, force: true }));

const HEADER = 'NOMOR_KK;NOMOR_NIK;NAMA;TANGGAL_LAHIR;JENIS_KELAMIN;HUBUNGAN_KELUARGA;DESA_KELURAHAN';
const KK = '3579010505160031';
const ROWS = [
  [KK, '3579011507700031', 'Hadi Purnomo', '15-07-1970', 'L', 'KEPALA KELUARGA'],
  [KK, '3579015208720032', 'Sri Wahyuni', '12-08-1972', 'P', 'ISTRI'],
  [KK, '3579010203100003', 'Ahmad Fauzi', '02-03-2010', 'L', 'ANAK'],
];

function csv(name: string, rows: string[][], header = HEADER): string {
  const path = join(work, name);
  const lines = rows.map((r) => [...r, 'Oro-oro Ombo'].join(';'));
  writeFileSync(path, [header, ...lines].join('\r\n') + '\r\n');
  return path;
}

const SHOTS = join(REPO_ROOT, 'test-results/import-safety');
async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

const card = (page: Page, heading: string): Locator =>
  page
    .locator('section.card')
    .filter({ has: page.getByRole('heading', { name: heading, level: 2, exact: true }) });

async function toImport(page: Page): Promise<void> {
  await mainNav(page).getByRole('link', { name: 'Impor/Ekspor', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Impor/Ekspor', level: 1 })).toBeVisible();
  const again = page.getByRole('button', { name: 'Impor berkas lain' });
  if (await again.isVisible()) await again.click();
}

async function chooseFile(page: Page, path: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: /^Pilih berkas/ }).click();
  await (await chooser).setFiles(path);
  await expect(card(page, '2. Periksa kolom')).toBeVisible();
}

const readAs = (page: Page, header: string) =>
  page.getByRole('combobox', { name: `Dibaca sebagai: ${header}`, exact: true });

const batches = async (page: Page) => {
  const answer = await invokeInPage(page, 'import.batches', {});
  return answer.ok ? (answer.value as { counts: { new: number } }[]) : [];
};

test('the wizard keeps the file, the mapping and the check when the clerk looks elsewhere and comes back', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openApp(page, host);
  await loginAs(page, CLERK);
  await toImport(page);
  await chooseFile(page, csv('keluarga hadi.csv', ROWS));
  // A manual choice: the relationship column left unread.
  await readAs(page, 'HUBUNGAN_KELUARGA').selectOption({ label: '(tidak dibaca)' });
  await page.getByRole('button', { name: 'Periksa semua baris' }).click();
  const results = card(page, '3. Hasil pemeriksaan');
  await expect(results).toBeVisible({ timeout: 30_000 });
  await expect(results.locator('.stat[data-count="rows"] .value')).toHaveText('3');

  const stillThere = async (where: string) => {
    await expect(page.getByText('keluarga hadi.csv', { exact: true }), where).toBeVisible();
    await expect(readAs(page, 'HUBUNGAN_KELUARGA'), where).toHaveValue('');
    await expect(results, where).toBeVisible();
    await expect(results.getByRole('button', { name: 'Simpan 3 baris yang benar' }), where).toBeVisible();
  };

  await page.getByRole('tab', { name: 'Ekspor' }).click();
  await expect(page.getByRole('tab', { name: 'Ekspor', selected: true })).toBeVisible();
  await page.getByRole('tab', { name: 'Impor', exact: true }).click();
  await stillThere('after the Ekspor tab');

  await mainNav(page).getByRole('link', { name: 'Beranda', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Impor/Ekspor', level: 1 })).toHaveCount(0);
  await mainNav(page).getByRole('link', { name: 'Impor/Ekspor', exact: true }).click();
  await stillThere('after Beranda');
  await shot(page, 'wizard-after-menu-roundtrip');

  // "Impor berkas lain" after a save, or choosing another file, is where it starts over.
  await page.getByRole('button', { name: 'Pilih berkas lain' }).scrollIntoViewIfNeeded();
});

test('a double click on "Simpan" saves the file once, and the result shown is that save', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openApp(page, host);
  await loginAs(page, CLERK);
  const before = (await batches(page)).length;
  await toImport(page);
  await chooseFile(page, csv('dua kali.csv', ROWS));
  await page.getByRole('button', { name: 'Periksa semua baris' }).click();
  const results = card(page, '3. Hasil pemeriksaan');
  await expect(results).toBeVisible({ timeout: 30_000 });
  const save = results.getByRole('button', { name: /^Simpan \d+ baris yang benar$/ });
  await save.dblclick();
  const saved = page.getByRole('status').filter({ hasText: /^Tersimpan: / });
  await expect(saved).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('.stat[data-count="unchanged"] .value').last()).toHaveText('0');
  await page.waitForTimeout(1500);
  const after = await batches(page);
  expect(after.length - before, 'one batch for one file').toBe(1);
  await shot(page, 'after-commit-dblclick');
});

test('a mistake in the columns is said beside "Periksa semua baris" and on the rows concerned, in view', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openApp(page, host);
  await loginAs(page, CLERK);
  await toImport(page);
  await chooseFile(page, csv('dua nama.csv', ROWS));
  await readAs(page, 'JENIS_KELAMIN').selectOption({ label: 'Nama *' });
  await expect(readAs(page, 'NAMA')).toHaveAttribute('aria-invalid', 'true');
  await expect(readAs(page, 'JENIS_KELAMIN')).toHaveAttribute('aria-invalid', 'true');
  await expect(readAs(page, 'NOMOR_NIK')).not.toHaveAttribute('aria-invalid', 'true');
  const check = page.getByRole('button', { name: 'Periksa semua baris' });
  await check.scrollIntoViewIfNeeded();
  await check.click();
  const columns = card(page, '2. Periksa kolom');
  const said = columns.getByRole('alert').filter({ hasText: 'Bidang "Nama" dipilih untuk 2 kolom' });
  await expect(said).toBeVisible();
  await expect(said).toBeInViewport();
  await shot(page, 'mapping-error-beside-check');

  await readAs(page, 'JENIS_KELAMIN').selectOption({ label: 'Jenis kelamin' });
  await expect(readAs(page, 'NAMA')).not.toHaveAttribute('aria-invalid', 'true');

  // A header row past the end of the sheet: said beside the field, which keeps what was typed.
  const headerRow = columns.getByRole('spinbutton', { name: 'Baris judul kolom' });
  await headerRow.fill('999');
  const headerSaid = columns.getByRole('alert').filter({ hasText: /999|baris/i });
  await expect(headerSaid).toBeVisible({ timeout: 10_000 });
  await expect(headerSaid).toBeInViewport();
  await expect(headerRow).toHaveValue('999');
  await expect(headerRow).toHaveAttribute('aria-invalid', 'true');
  await shot(page, 'header-row-999');
});

test('a very long cell wraps in its own column, and "Keterangan" stays on the screen', async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page, host);
  await loginAs(page, CLERK);
  await toImport(page);
  const long = '3579'.repeat(75);
  await chooseFile(
    page,
    csv('sel panjang.csv', [...ROWS, [KK, long, 'Dewi Lestari', '01-01-1990', 'P', 'ANAK']]),
  );
  await page.getByRole('button', { name: 'Periksa semua baris' }).click();
  const results = card(page, '3. Hasil pemeriksaan');
  await expect(results).toBeVisible({ timeout: 30_000 });
  const table = results.getByRole('table', { name: 'Masalah per baris' });
  await table.scrollIntoViewIfNeeded();
  const wrap = results.locator('.table-wrap');
  expect(await wrap.evaluate((w) => w.scrollWidth - w.clientWidth), 'no sideways scroll').toBeLessThanOrEqual(
    1,
  );
  const keterangan = table.getByRole('columnheader', { name: 'Keterangan' });
  const box = (await keterangan.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(1366);
  // The whole value is still there, on hover.
  await expect(table.locator(`td[title="${long}"]`)).toHaveCount(1);
  await shot(page, 'problems-long-cell');
});

test('the import history fits 1366 px: the undo button whole, the user name on one line', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openApp(page, host);
  await loginAs(page, CLERK);
  await toImport(page);
  await page.getByRole('tab', { name: 'Riwayat impor' }).click();
  const table = page.getByRole('table', { name: 'Riwayat impor' });
  await expect(table).toBeVisible();
  const wrap = page.locator('.table-wrap').filter({ has: table });
  expect(await wrap.evaluate((w) => w.scrollWidth - w.clientWidth), 'no sideways scroll').toBeLessThanOrEqual(
    1,
  );
  const undo = table.getByRole('button', { name: 'Batalkan impor ini' }).first();
  const button = (await undo.boundingBox())!;
  const frame = (await wrap.boundingBox())!;
  expect(button.x + button.width).toBeLessThanOrEqual(frame.x + frame.width);
  const who = table.locator('tbody tr').first().locator('td').nth(6);
  await expect(who).toHaveText(CLERK.username);
  const lines = await who.evaluate((td) => {
    const range = document.createRange();
    range.selectNodeContents(td);
    return new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top))).size;
  });
  expect(lines, 'user name on one line').toBe(1);
  await shot(page, 'history-1366');
});

/** 20,000 heads of family, each their own KK: a save that runs for a while. */
function bigFile(): string {
  const lines = ['NOMOR_KK;NOMOR_NIK;NAMA;TANGGAL_LAHIR;JENIS_KELAMIN;HUBUNGAN_KELUARGA;DESA_KELURAHAN'];
  for (let i = 0; i < 20_000; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    const month = String((Math.floor(i / 28) % 12) + 1).padStart(2, '0');
    const serial = String(Math.floor(i / 336) + 1).padStart(4, '0');
    const kk = `3579010101${String(i).padStart(6, '0')}`;
    lines.push(
      `${kk};357901${day}${month}80${serial};Warga Uji ${i};${day}-${month}-1980;L;KEPALA KELUARGA;Oro-oro Ombo`,
    );
  }
  const path = join(work, 'besar.csv');
  writeFileSync(path, lines.join('\r\n') + '\r\n');
  return path;
}

test('after a reload during a save, the screen says the save goes on, with its progress', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await openApp(page, host);
  await loginAs(page, CLERK);
  await toImport(page);
  await chooseFile(page, bigFile());
  await page.getByRole('button', { name: 'Periksa semua baris' }).click();
  const results = card(page, '3. Hasil pemeriksaan');
  await expect(results).toBeVisible({ timeout: 180_000 });
  await results.getByRole('button', { name: /^Simpan .* baris yang benar$/ }).click();
  await expect(page.getByRole('progressbar')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Impor/Ekspor', level: 1 })).toBeVisible();
  const going = page.getByRole('region', { name: 'Impor sedang disimpan…' });
  await expect(going).toBeVisible();
  await expect(going.getByRole('progressbar')).toBeVisible();
  await expect(going.getByRole('link', { name: 'Riwayat impor' })).toBeVisible();
  await shot(page, 'after-reload-mid-commit');
  // It ends where the clerk is looking.
  await expect(page.getByRole('status').filter({ hasText: /^Tersimpan: / })).toBeVisible({
    timeout: 180_000,
  });
  await shot(page, 'after-reload-commit-done');
});

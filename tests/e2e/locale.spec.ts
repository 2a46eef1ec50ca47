import type { Locator, Page } from '@playwright/test';
import { thisMonthWib } from '../../common/domain/localDate.ts';
import { MONTHS_ID } from '../../common/format.ts';
import { chooseMonth } from './fixtures/monthField.ts';
import {
  ApiClient,
  REPO_ROOT,
  apiAnswer,
  expect,
  initialize,
  loginAs,
  openApp,
  test,
  useWebHost,
  type WebHost,
} from './fixtures/webhost.ts';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * An office laptop set up in English, on New York time: the month pickers of Laporan and
 * Beranda and the date fields still speak Indonesian ("Desember 2026", day/month/year), never
 * the browser's "December 2026" or mm/dd/yyyy. An officer sees all three (reports, indicators,
 * the new family form).
 */
const OFFICER = {
  username: 'rina.petugas',
  fullName: 'Rina Wulandari',
  temporaryPassword: 'sementara sepeda motor menuju desa punten',
  password: 'sepeda motor menuju desa punten',
};

async function withOfficer(h: WebHost): Promise<void> {
  const admin = await initialize(h);
  await admin.ok('users.create', {
    username: OFFICER.username,
    fullName: OFFICER.fullName,
    role: 'officer',
    area: { kecamatan: [], desa: [] },
    temporaryPassword: OFFICER.temporaryPassword,
  });
  // The forced first password change has its own spec (roles.spec.ts).
  const officer = new ApiClient(h);
  await officer.ok('auth.login', { username: OFFICER.username, password: OFFICER.temporaryPassword });
  await officer.ok('auth.changePassword', {
    currentPassword: OFFICER.temporaryPassword,
    newPassword: OFFICER.password,
  });
}

const host = useWebHost(withOfficer);
test.use({
  locale: 'en-US',
  timezoneId: 'America/New_York',
  viewport: { width: 1366, height: 768 },
});

const SHOTS = join(REPO_ROOT, 'test-results/locale');
async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

/** English month names that Indonesian does not share (April, September, November are both). */
const ENGLISH_MONTH = /\b(January|February|March|May|June|July|August|October|December)\b/;

/** Last December: always offered (the lists reach five years back) and never in the future. */
const LAST_DECEMBER = `${Number(thisMonthWib().slice(0, 4)) - 1}-12`;
const LAST_DECEMBER_YEAR = LAST_DECEMBER.slice(0, 4);

/** The month this many months before the current one in WIB, as the pickers' defaults count. */
function monthsAgo(back: number): { name: string; year: string } {
  const [year, month] = thisMonthWib().split('-').map(Number) as [number, number];
  const index = year * 12 + (month - 1) - back;
  return { name: MONTHS_ID[index % 12]!, year: String(Math.floor(index / 12)) };
}

const monthList = (page: Page, label: string) =>
  page.getByRole('combobox', { name: `${label}: bulan`, exact: true });
const yearList = (page: Page, label: string) =>
  page.getByRole('combobox', { name: `${label}: tahun`, exact: true });
const chosen = (list: Locator) => list.locator('option:checked');

/** Nothing on the page is the browser's own month or date box, and no month is in English. */
async function expectNoBrowserPickers(page: Page): Promise<void> {
  await expect(page.locator('input[type="month"], input[type="date"]')).toHaveCount(0);
  expect(await page.locator('main').innerText()).not.toMatch(ENGLISH_MONTH);
}

test.beforeEach(async ({ page }) => {
  await openApp(page, host);
  await loginAs(page, OFFICER);
});

test('Laporan: the report month is chosen by its Indonesian name, and the report says it so', async ({
  page,
}) => {
  expect(await page.evaluate(() => navigator.language)).toBe('en-US');
  await page.goto(`${host.url}/#/laporan`);
  await expect(page.getByRole('heading', { name: 'Laporan', level: 1 })).toBeVisible();
  const month = monthList(page, 'Bulan laporan');
  const year = yearList(page, 'Bulan laporan');
  await expect(page.getByRole('group', { name: 'Bulan laporan' })).toBeVisible();
  await expect(month.locator('option')).toHaveText([...MONTHS_ID]);
  // The default is last month in Kota Batu, whatever New York's date is.
  const last = monthsAgo(1);
  await expect(chosen(month)).toHaveText(last.name);
  await expect(chosen(year)).toHaveText(last.year);

  await chooseMonth(page, 'Bulan laporan', LAST_DECEMBER);
  await expect(chosen(month)).toHaveText('Desember');
  await expect(chosen(year)).toHaveText(LAST_DECEMBER_YEAR);
  await expectNoBrowserPickers(page);

  const answered = apiAnswer(page, 'reports.preview');
  await page.getByRole('button', { name: 'Tampilkan pratinjau' }).click();
  await answered;
  const frame = page.frameLocator('iframe.report-frame');
  await expect(frame.getByText(`Bulan Desember ${LAST_DECEMBER_YEAR}`, { exact: true })).toBeVisible();
  expect(await frame.locator('body').innerText()).not.toMatch(ENGLISH_MONTH);
  await shot(page, 'laporan-en-US');
});

test('Beranda: the indicators’ months are Indonesian, this month counted in WIB', async ({ page }) => {
  await page.getByRole('tab', { name: 'Indikator program' }).click();
  await expect(page.getByRole('group', { name: 'Dari bulan' })).toBeVisible();
  const now = monthsAgo(0);
  await expect(chosen(monthList(page, 'Sampai bulan'))).toHaveText(now.name);
  await expect(chosen(yearList(page, 'Sampai bulan'))).toHaveText(now.year);
  const from = monthsAgo(11);
  await expect(chosen(monthList(page, 'Dari bulan'))).toHaveText(from.name);
  await expect(chosen(yearList(page, 'Dari bulan'))).toHaveText(from.year);

  const answered = apiAnswer(page, 'dashboard.indicators');
  await chooseMonth(page, 'Dari bulan', LAST_DECEMBER);
  await answered;
  await expect(chosen(monthList(page, 'Dari bulan'))).toHaveText('Desember');
  await expect(chosen(yearList(page, 'Dari bulan'))).toHaveText(LAST_DECEMBER_YEAR);
  // The indicators load for the chosen months (no error), in Indonesian too.
  await expect(page.getByRole('heading', { name: 'Keberhasilan penyaluran per bulan' })).toBeVisible();
  await expectNoBrowserPickers(page);
  await shot(page, 'beranda-en-US');
});

test('a date is typed day first and read back in Indonesian, not as mm/dd/yyyy', async ({ page }) => {
  await page.goto(`${host.url}/#/keluarga/baru`);
  await expect(page.getByRole('heading', { name: 'Daftarkan keluarga baru', level: 1 })).toBeVisible();
  const birth = page
    .getByRole('group', { name: 'Anggota 1', exact: true })
    .getByRole('textbox', { name: 'Tanggal lahir' });
  await expect(birth).toHaveAttribute('placeholder', 'hh/bb/tttt');
  // 6 December, not 12 June as an American reads 06/12.
  await birth.fill('06/12/2016');
  await expect(birth).toHaveValue('06/12/2016');
  await expect(birth).toHaveAccessibleDescription(/Terpilih: 6 Desember 2016\./);
  await expectNoBrowserPickers(page);
  await birth.evaluate((input) => input.scrollIntoView({ block: 'center' }));
  await shot(page, 'tanggal-en-US');
});

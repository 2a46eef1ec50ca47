import type { Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kk, nik } from '../fixtures/import/corpus.ts';
import {
  apiAnswer,
  expect,
  initialize,
  loginAs,
  openApp,
  screenshot,
  staffAccount,
  test,
  useWebHost,
  type WebHost,
} from './fixtures/webhost.ts';

/**
 * A DTKS/DTSEN release reconciled by a clerk (issue 15): six DTKS families registered, then a
 * release file in which one family is gone, one person is new, one family's desil went up and
 * one's down, and a name changed. The clerk uploads it, reads the counts, accepts the desil
 * decrease in bulk and the name change alone, and refuses the desil increase with a reason.
 */
const CLERK = {
  fullName: 'Tono Operator',
  username: 'tono.operator',
  password: 'es degan di alun-alun batu',
};
const DESA = '35.79.01.2006';

interface Family {
  head: string;
  member: string;
  desil: number;
  serial: number;
}

const FAMILIES: Family[] = [
  { head: 'Sutrisno', member: 'Suparmi', desil: 2, serial: 1 },
  { head: 'Wahyudi', member: 'Sumiati', desil: 3, serial: 2 },
  { head: 'Slamet', member: 'Wahyuni', desil: 3, serial: 3 },
  { head: 'Bambang', member: 'Siti', desil: 6, serial: 4 },
  { head: 'Joko', member: 'Sri', desil: 1, serial: 5 },
  { head: 'Agus', member: 'Lestari', desil: 4, serial: 6 },
];
const headNik = (f: Family) => nik('01', '1970-03-0' + f.serial, 'L', 7100 + f.serial);
const memberNik = (f: Family) => nik('01', '1974-05-1' + f.serial, 'P', 7200 + f.serial);
const kkOf = (f: Family) => kk('01', '2015-02-0' + f.serial, 7300 + f.serial);

async function seed(host: WebHost): Promise<void> {
  const admin = await initialize(host);
  const clerk = await staffAccount(host, admin, CLERK, 'clerk');
  for (const f of FAMILIES)
    await clerk.ok('households.create', {
      household: {
        kkNumber: kkOf(f),
        desaCode: DESA,
        rt: String(f.serial),
        rw: '2',
        address: `Jl. Kenanga ${f.serial}`,
        desil: f.desil,
        desilAsOf: '2026-08-01',
        dtksStatus: 'DTKS',
      },
      members: [
        { nik: headNik(f), name: f.head, sex: 'L', birthDate: null, relationship: 'kepala_keluarga' },
        { nik: memberNik(f), name: f.member, sex: 'P', birthDate: null, relationship: 'istri' },
      ],
    });
}

const host = useWebHost(seed);

/** The ministry's file: Slamet's family gone, Wahyudi's desil 3 -> 7, Bambang's 6 -> 2, Joko renamed, one newcomer. */
async function releaseFile(): Promise<string> {
  const path = join(mkdtempSync(join(tmpdir(), 'bansos-release-')), 'DTSEN Kota Batu November 2026.xlsx');
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('DTSEN');
  sheet.addRow(['NO', 'ID DTKS', 'NIK', 'NO KK', 'NAMA', 'ALAMAT', 'DESA/KELURAHAN', 'DESIL', 'STATUS']);
  let n = 0;
  const add = (id: string, nikNo: string, kkNo: string, name: string, address: string, desil: number) => {
    const row = sheet.addRow([++n, id, nikNo, kkNo, name, address, DESA, desil, 'HIDUP']);
    for (const c of [2, 3, 4]) row.getCell(c).numFmt = '@';
  };
  for (const f of FAMILIES) {
    if (f.head === 'Slamet') continue;
    const desil = f.head === 'Wahyudi' ? 7 : f.head === 'Bambang' ? 2 : f.desil;
    const head = f.head === 'Joko' ? 'JOKO SUSILO' : f.head.toUpperCase();
    add(`DT${f.serial}1`, headNik(f), kkOf(f), head, `JL. KENANGA ${f.serial}`, desil);
    add(`DT${f.serial}2`, memberNik(f), kkOf(f), f.member.toUpperCase(), `JL. KENANGA ${f.serial}`, desil);
  }
  add(
    'DT91',
    nik('01', '1990-01-15', 'P', 7401),
    kk('01', '2024-01-10', 7401),
    'RATNA SARI',
    'JL. APEL 9',
    1,
  );
  await book.xlsx.writeFile(path);
  return path;
}

async function desk(page: Page) {
  await page.setViewportSize({ width: 1366, height: 768 });
  await openApp(page, host);
  await loginAs(page, CLERK);
}

const category = (page: Page, title: string) =>
  page
    .locator('.release-category')
    .filter({ has: page.locator('.release-category-title', { hasText: title }) });

test('a clerk uploads a release, reads the counts, accepts in bulk and one by one, and refuses one', async ({
  page,
}) => {
  await desk(page);
  await page
    .getByRole('navigation', { name: 'Navigasi utama' })
    .getByRole('link', { name: 'Rilis DTKS/DTSEN' })
    .click();
  await expect(page.getByRole('heading', { name: 'Rilis DTKS/DTSEN', level: 1 })).toBeVisible();
  await page.getByLabel('Sumber rilis').fill('DTSEN Kemensos');
  await page.getByLabel('Tanggal data rilis').fill('01/11/2026');
  await screenshot(page, 'release-import');

  const file = await releaseFile();
  const chooser = page.waitForEvent('filechooser');
  const imported = apiAnswer(page, 'release.import');
  await page.getByRole('button', { name: 'Pilih berkas rilis dan impor…' }).click();
  await (await chooser).setFiles(file);
  await imported;
  await expect(
    page.getByRole('heading', { name: /DTSEN Kemensos, data 1 November 2026/, level: 1 }),
  ).toBeVisible();

  const counts: Record<string, string> = {
    'Baru di rilis': '1',
    'Tidak ada lagi di rilis': '1',
    'Desil naik': '1',
    'Desil turun': '1',
    'Nama berubah': '1',
    'No. KK berubah': '0',
    'Alamat berubah': '0',
    'Meninggal menurut rilis': '0',
  };
  for (const [title, n] of Object.entries(counts))
    await expect(category(page, title).locator('.release-category-count'), title).toHaveText(n);
  await expect(category(page, 'Tidak ada lagi di rilis')).toContainText('Oro-oro Ombo 1');
  await expect(page.getByRole('row', { name: /RATNA SARI/ })).toContainText('Belum terdaftar');
  await screenshot(page, 'release-reconciliation');
  await category(page, 'Tidak ada lagi di rilis').click();
  await expect(page.getByRole('row', { name: /Slamet/ })).toContainText('desil 3');

  await test.step('accept every desil decrease at once', async () => {
    await category(page, 'Desil turun').click();
    await expect(page.getByRole('row', { name: /Bambang/ })).toContainText('6');
    await page.getByRole('button', { name: 'Terima semua (1)' }).click();
    const dialog = page.getByRole('dialog', { name: 'Terima semua perubahan' });
    await expect(dialog).toContainText('Terima 1 perubahan "Desil turun" sekaligus?');
    await screenshot(page, 'release-accept-all');
    const accepted = apiAnswer(page, 'release.accept');
    await dialog.getByRole('button', { name: 'Terima semua (1)' }).click();
    await accepted;
    await expect(page.getByText('1 perubahan diterima.')).toBeVisible();
    await expect(category(page, 'Desil turun')).toContainText('0 belum · 1 diterima · 0 ditolak');
    await page.getByLabel('Tampilkan').selectOption({ label: 'Sudah diputuskan' });
    await expect(page.getByRole('row', { name: /Bambang/ })).toContainText('Diterima');
    await page.getByRole('row', { name: /Bambang/ }).scrollIntoViewIfNeeded();
    await screenshot(page, 'release-accepted');
  });

  await test.step('accept one name change', async () => {
    await category(page, 'Nama berubah').click();
    const row = page.getByRole('row', { name: /Joko/ });
    await expect(row).toContainText('JOKO SUSILO');
    const accepted = apiAnswer(page, 'release.accept');
    await row.getByRole('button', { name: 'Terima' }).click();
    await accepted;
    await expect(page.getByText('1 perubahan diterima.')).toBeVisible();
    await expect(page.getByText('Tidak ada perubahan di daftar ini.')).toBeVisible();
  });

  await test.step('refuse the desil increase with a reason: the family goes to verification', async () => {
    await category(page, 'Desil naik').click();
    await page
      .getByRole('row', { name: /Wahyudi/ })
      .getByRole('button', { name: 'Tolak…' })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Tolak perubahan' });
    const refusedEmpty = apiAnswer(page, 'release.refuse');
    await dialog.getByRole('button', { name: 'Tolak dan kirim ke verifikasi' }).click();
    await refusedEmpty;
    await expect(dialog.getByRole('alert')).toContainText('Tuliskan alasannya');
    await dialog
      .getByLabel('Alasan ditolak (wajib)')
      .fill('Masih buruh tani harian, rumah belum berubah sejak 2024.');
    await screenshot(page, 'release-refuse-dialog');
    const refused = apiAnswer(page, 'release.refuse');
    await dialog.getByRole('button', { name: 'Tolak dan kirim ke verifikasi' }).click();
    await refused;
    await expect(dialog).toHaveCount(0);
    await expect(page.getByText('Perubahan ditolak; keluarganya masuk daftar verifikasi.')).toBeVisible();
    await page.getByLabel('Tampilkan').selectOption({ label: 'Semua' });
    await expect(page.getByRole('row', { name: /Wahyudi/ })).toContainText('Masih buruh tani harian');
    await expect(category(page, 'Desil naik')).toContainText('0 belum · 0 diterima · 1 ditolak');
    await page.getByRole('row', { name: /Wahyudi/ }).scrollIntoViewIfNeeded();
    await screenshot(page, 'release-refused');
  });

  await test.step('the family page shows the release as the source of the new desil', async () => {
    await category(page, 'Desil turun').click();
    await page.getByLabel('Tampilkan').selectOption({ label: 'Semua' });
    await page
      .getByRole('row', { name: /Bambang/ })
      .getByRole('link', { name: 'Bambang' })
      .click();
    await expect(page).toHaveURL(/#\/keluarga\//);
    await expect(page.getByText('Rilis DTSEN Kemensos 2026-11-01').first()).toBeVisible();
    await page.getByText('Rilis DTSEN Kemensos 2026-11-01').first().scrollIntoViewIfNeeded();
    await screenshot(page, 'release-family');
  });
});

import ExcelJS from 'exceljs';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import {
  ARTIFACTS_DIR,
  ApiClient,
  CLERK,
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
 * The import issue's acceptance scenario in Chromium, as a clerk does it: choose a village's
 * list, confirm the columns (one is not recognised and is mapped by hand, then saved as a
 * template), check every row, save the good ones, download the fix-up workbook, correct the bad
 * row in it (exceljs, standing in for Excel), import that file (the template maps it), and
 * undo both imports from the history.
 */

const KK = '3579012003150004';
const HEAD = {
  nik: '3579011205800001',
  name: 'Budi Santoso',
  born: '12-05-1980',
  sex: 'L',
  rel: 'KEPALA KELUARGA',
};
const WIFE = { nik: '3579015708830002', name: 'Siti Aminah', born: '17-08-1983', sex: 'P', rel: 'ISTRI' };
/** Day 40: no one's birthday (men 01-31, women 41-71). */
const CHILD = { nik: '3579014005800003', name: 'Ahmad Fauzi', born: '02-03-2010', sex: 'L', rel: 'ANAK' };
const CHILD_FIXED_NIK = '3579010203100003';
const HEADER = ['NO_KK', 'NIK', 'Nama Warga', 'TGL_LAHIR', 'JK', 'SHDK', 'DESA', 'RT', 'RW'];
const TEMPLATE = 'Daftar desa Oro-oro Ombo';

/** The clerk's own folder: the list from the desa, the fix-up workbook downloaded and corrected. */
let work = '';
test.beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'bansos-e2e-import-'));
});
test.afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A host with the clerk, first password already changed (the forced change has its own spec). */
async function withClerk(h: WebHost): Promise<void> {
  const admin = await initialize(h);
  await admin.ok('users.create', {
    username: CLERK.username,
    fullName: CLERK.fullName,
    role: 'clerk',
    area: { kecamatan: [], desa: [] },
    temporaryPassword: CLERK.temporaryPassword,
  });
  // The forced first password change has its own spec (roles.spec.ts).
  const clerk = new ApiClient(h);
  await clerk.ok('auth.login', { username: CLERK.username, password: CLERK.temporaryPassword });
  await clerk.ok('auth.changePassword', {
    currentPassword: CLERK.temporaryPassword,
    newPassword: CLERK.password,
  });
}

/**
 * Issue 11, "undo never orphans": import A registers families, import B adds members to them
 * (same KK numbers). Undoing A is refused while B's people live in A's families, and the
 * dialog says so in view; undoing B, then A, succeeds. Declared first and on its own host, so it
 * runs whatever happens to the long wizard scenario below.
 */
test.describe('undo never orphans', () => {
  const chainHost = useWebHost(withClerk);
  const A = 'keluarga-baru-A.csv';
  const B = 'anggota-tambahan-B.csv';
  const KK_1 = '3579010505160031';
  const KK_2 = '3579010505160048';
  const header = 'NOMOR_KK;NOMOR_NIK;NAMA;TANGGAL_LAHIR;JENIS_KELAMIN;HUBUNGAN_KELUARGA;DESA_KELURAHAN';
  // NIK: 3579 01 DDMMYY SSSS, women's day + 40.
  const aRows = [
    [KK_1, '3579011507700031', 'Hadi Purnomo', '15-07-1970', 'L', 'KEPALA KELUARGA', 'Oro-oro Ombo'],
    [KK_1, '3579015208720032', 'Sri Wahyuni', '12-08-1972', 'P', 'ISTRI', 'Oro-oro Ombo'],
    [KK_2, '3579012009650033', 'Bambang Irawan', '20-09-1965', 'L', 'KEPALA KELUARGA', 'Oro-oro Ombo'],
  ];
  const bRows = [
    [KK_1, '3579014103050034', 'Putri Ayu', '01-03-2005', 'P', 'ANAK', 'Oro-oro Ombo'],
    [KK_1, '3579011010080035', 'Rizky Pratama', '10-10-2008', 'L', 'ANAK', 'Oro-oro Ombo'],
    [KK_2, '3579016704990036', 'Lina Marlina', '27-04-1999', 'P', 'ANAK', 'Oro-oro Ombo'],
  ];
  const csv = (name: string, rows: string[][]) => {
    const path = join(work, name);
    writeFileSync(path, [header, ...rows.map((r) => r.join(';'))].join('\r\n') + '\r\n');
    return path;
  };

  /** The plainest way through the wizard: the classic headers map themselves. */
  async function importFile(page: Page, path: string, rows: number) {
    await page.getByRole('tab', { name: 'Impor', exact: true }).click();
    const again = page.getByRole('button', { name: 'Impor berkas lain' });
    if (await again.isVisible()) await again.click();
    await chooseFile(page, path);
    await expect(card(page, '2. Periksa kolom')).toBeVisible();
    await page.getByRole('button', { name: 'Periksa semua baris' }).click();
    await expect(card(page, '3. Hasil pemeriksaan')).toBeVisible({ timeout: 30_000 });
    await page.getByRole('button', { name: `Simpan ${rows} baris yang benar` }).click();
    await expect(
      page.getByRole('status').filter({ hasText: `Tersimpan: ${rows} baris baru atau diperbarui.` }),
    ).toBeVisible({ timeout: 30_000 });
  }

  const members = async (page: Page) => {
    const answer = await invokeInPage(page, 'registry.listHouseholds', { limit: 10 });
    if (!answer.ok) return [];
    return (answer.value as { rows: { kkNumber: string; members: number }[] }).rows
      .map((r) => `${r.kkNumber}:${r.members}`)
      .sort();
  };

  test('undoing A is refused while B’s members live in A’s families; B then A undo', async ({ page }) => {
    test.setTimeout(150_000);
    await openApp(page, chainHost);
    await loginAs(page, CLERK);
    await mainNav(page).getByRole('link', { name: 'Impor/Ekspor', exact: true }).click();

    await test.step('import A (two families), then B (three children for them)', async () => {
      await importFile(page, csv(A, aRows), 3);
      await importFile(page, csv(B, bRows), 3);
      expect(await members(page)).toEqual([`${KK_1}:4`, `${KK_2}:2`]);
    });

    await page.getByRole('tab', { name: 'Riwayat impor' }).click();
    const row = (name: string) => page.locator('table.data tbody tr').filter({ hasText: name });
    const undoButton = (name: string) => row(name).getByRole('button', { name: 'Batalkan impor ini' });
    const dialogOf = (name: string) => page.getByRole('dialog', { name: `Batalkan impor "${name}"?` });

    await test.step('undo A: the dialog asks first, then shows the refusal naming B', async () => {
      await undoButton(A).click();
      const dialog = dialogOf(A);
      await expect(dialog).toContainText(CLERK.username);
      await expect(dialog).toContainText(
        '3 orang yang ditambahkan impor ini dihapus, beserta keluarga baru dan kepesertaan program yang dibuatnya.',
      );
      await expect(dialog.getByRole('button', { name: 'Kembali' })).toBeVisible();
      await dialog.getByRole('button', { name: 'Ya, batalkan impor' }).click();
      const refusal = dialog.getByRole('alert');
      await expect(refusal).toContainText('Pembatalan ditolak');
      await expect(refusal).toContainText(`3 orang dari impor "${B}" (`);
      await expect(refusal).toContainText('sudah ditambahkan ke keluarga yang dibuat impor ini.');
      await expect(refusal).toContainText(`Batalkan impor "${B}" lebih dulu, lalu batalkan impor ini.`);
      // Nothing more to confirm: only the way back.
      await expect(dialog.getByRole('button', { name: 'Ya, batalkan impor' })).toHaveCount(0);
      await expect(refusal).toBeInViewport();
      await screenshot(page, 'import-undo-refused');
      await dialog.getByRole('button', { name: 'Kembali' }).click();
      await expect(dialog).toHaveCount(0);
      // A is still there, whole.
      await expect(undoButton(A)).toBeVisible();
      expect(await members(page)).toEqual([`${KK_1}:4`, `${KK_2}:2`]);
    });

    await test.step('undo B, then A: both succeed, newest first', async () => {
      for (const [name, left] of [
        [B, [`${KK_1}:2`, `${KK_2}:1`]],
        [A, []],
      ] as const) {
        await undoButton(name).click();
        await dialogOf(name).getByRole('button', { name: 'Ya, batalkan impor' }).click();
        await expect(dialogOf(name)).toHaveCount(0);
        await expect(page.getByRole('status').filter({ hasText: 'Impor dibatalkan.' })).toBeVisible();
        await expect(row(name).locator('.badge')).toHaveText('dibatalkan');
        expect(await members(page)).toEqual(left);
      }
      await screenshot(page, 'import-undo-chain-done');
    });
  });
});

const host = useWebHost(withClerk);

/** The list from the desa: a title, the header, three members of one family, the child's NIK wrong. */
async function villageList(): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Data');
  ws.addRow(['DAFTAR USULAN PENERIMA — DESA ORO-ORO OMBO']);
  ws.mergeCells('A1:I1');
  ws.addRow(HEADER);
  for (const p of [HEAD, WIFE, CHILD])
    ws.addRow([KK, p.nik, p.name, p.born, p.sex, p.rel, 'Oro-oro Ombo', '2', '5']);
  ws.getColumn(1).numFmt = '@';
  ws.getColumn(2).numFmt = '@';
  const path = join(work, 'usulan oro-oro ombo.xlsx');
  await wb.xlsx.writeFile(path);
  return path;
}

/**
 * tests/artifacts/e2e/<name>.png of the whole content area: the frame's content scrolls inside a
 * window-high frame, so the window is made as tall as the content for the shot.
 */
async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const original = page.viewportSize()!;
  const needed = await page.evaluate(() => {
    const main = document.querySelector<HTMLElement>('.frame-main');
    return (
      document.documentElement.clientHeight + (main ? Math.max(0, main.scrollHeight - main.clientHeight) : 0)
    );
  });
  await page.setViewportSize({
    width: original.width,
    height: Math.min(Math.max(needed, original.height), 12_000),
  });
  try {
    await page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
    );
    await page.screenshot({ path: join(ARTIFACTS_DIR, `${name}.png`) });
  } finally {
    await page.setViewportSize(original);
  }
}

async function chooseFile(page: Page, path: string, button: string | RegExp = 'Pilih berkas…') {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: button }).click();
  await (await chooser).setFiles(path);
}

/** The card of a step, by its heading. */
const card = (page: Page, heading: string): Locator =>
  page
    .locator('section.card')
    .filter({ has: page.getByRole('heading', { name: heading, level: 2, exact: true }) });

const count = (page: Page, key: string): Locator => page.locator(`.stat[data-count="${key}"] .value`).last();

async function expectCounts(page: Page, counts: Record<string, number>) {
  for (const [key, value] of Object.entries(counts))
    await expect(count(page, key), key).toHaveText(String(value));
}

const batches = async (page: Page) => {
  const answer = await invokeInPage(page, 'import.batches', {});
  return answer.ok ? (answer.value as unknown[]).length : -1;
};

/**
 * After "Simpan": the notice says the rows are saved, and that must already be true when it
 * shows (checked softly, so the rest of the scenario still runs); then the commit's batch.
 */
async function expectSaved(page: Page, rows: number, batchCount: number) {
  const saved = page
    .getByRole('status')
    .filter({ hasText: `Tersimpan: ${rows} baris baru atau diperbarui.` });
  await expect(saved).toBeVisible({ timeout: 30_000 });
  expect
    .soft(await batches(page), '"Tersimpan" is shown while the commit has not finished (no batch yet)')
    .toBe(batchCount);
  await expect.poll(() => batches(page), { timeout: 30_000 }).toBe(batchCount);
}

test('a clerk imports a list, fixes the bad row from the fix-up workbook, re-imports it, and undoes both imports', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const list = await villageList();
  await openApp(page, host);
  await loginAs(page, CLERK);

  await test.step('open Impor/Ekspor and choose the file', async () => {
    await mainNav(page).getByRole('link', { name: 'Impor/Ekspor', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Impor/Ekspor', level: 1 })).toBeVisible();
    await expect(page.getByRole('tab', { name: 'Impor', exact: true })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    await chooseFile(page, list);
    await expect(card(page, '2. Periksa kolom')).toBeVisible();
    await expect(page.getByText('usulan oro-oro ombo.xlsx')).toBeVisible();
  });

  const mapping = card(page, '2. Periksa kolom');
  await test.step('the mapping screen: the header found under the title, one column not recognised', async () => {
    await expect(mapping.getByLabel('Baris judul kolom')).toHaveValue('2');
    await expect(mapping.getByLabel('Dibaca sebagai: NIK')).toHaveValue('nik');
    await expect(mapping.getByLabel('Dibaca sebagai: NO_KK')).toHaveValue('kk');
    await expect(mapping.getByLabel('Dibaca sebagai: DESA')).toHaveValue('desa');
    await expect(mapping.getByLabel('Dibaca sebagai: Nama Warga')).toHaveValue('');
    // The sample shows what the column holds.
    await expect(mapping.locator('tr', { hasText: 'Nama Warga' })).toContainText('Budi Santoso');
    await expect(
      mapping.getByRole('status').filter({ hasText: 'Kolom wajib belum dipilih: Nama' }),
    ).toBeVisible();
    await expect(page.getByRole('button', { name: 'Periksa semua baris' })).toBeDisabled();
    await screenshot(page, 'import-1-mapping-missing-column');
  });

  await test.step('map the column by hand and save the mapping as a template', async () => {
    await mapping.getByLabel('Dibaca sebagai: Nama Warga').selectOption('name');
    await expect(mapping.getByText('Kolom wajib belum dipilih')).toHaveCount(0);
    await mapping.getByLabel('Simpan pemetaan ini sebagai templat').fill(TEMPLATE);
    await mapping.getByRole('button', { name: 'Simpan templat' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Templat tersimpan.' })).toBeVisible();
  });

  await test.step('check every row: counts and the problem list', async () => {
    await page.getByRole('button', { name: 'Periksa semua baris' }).click();
    const results = card(page, '3. Hasil pemeriksaan');
    await expect(results).toBeVisible({ timeout: 30_000 });
    await expectCounts(page, { rows: 3, new: 2, updated: 0, errors: 1, warnings: 0 });
    const problems = results.getByRole('table', { name: 'Masalah per baris' });
    const problem = problems.getByRole('row').filter({ hasText: CHILD.nik });
    await expect(problem).toHaveCount(1);
    await expect(problem.getByRole('cell').first()).toHaveText('5');
    await expect(problem).toContainText('NIK');
    await expect(problem).toContainText('bukan tanggal lahir');
    await screenshot(page, 'import-2-preview');
    // Nothing is written by the check.
    expect(await invokeInPage(page, 'registry.listHouseholds', { limit: 5 })).toMatchObject({
      ok: true,
      value: { total: 0 },
    });
  });

  await test.step('save the good rows', async () => {
    await page.getByRole('button', { name: 'Simpan 2 baris yang benar' }).click();
    await expectSaved(page, 2, 1);
    const families = await invokeInPage(page, 'registry.listHouseholds', { limit: 5 });
    expect(families).toMatchObject({ ok: true, value: { total: 1, rows: [{ kkNumber: KK, members: 2 }] } });
    await screenshot(page, 'import-3-committed');
  });

  const fixFile = join(work, 'usulan oro-oro ombo - perbaikan.xlsx');
  await test.step('download the fix-up workbook: the bad row, its problem, its cell in red', async () => {
    await page.getByRole('button', { name: 'Unduh berkas perbaikan' }).click();
    const ready = page.getByRole('status').filter({ hasText: 'Berkas perbaikan berisi 1 baris siap.' });
    await expect(ready).toBeVisible({ timeout: 30_000 });
    const link = ready.getByRole('link', { name: 'Unduh' });
    // The web host saved it in the data folder's exports/ under the suggested name plus a random
    // part (no other user can name it); the link downloads it.
    await expect(link).toHaveAttribute(
      'href',
      /^\/downloads\/usulan%20oro-oro%20ombo%20-%20perbaikan-[0-9a-f]{16}\.xlsx$/,
    );
    expect(readdirSync(join(host.dataDir, 'exports'))).toContainEqual(
      expect.stringMatching(/^usulan oro-oro ombo - perbaikan-[0-9a-f]{16}\.xlsx$/),
    );
    const download = page.waitForEvent('download');
    await link.click();
    await (await download).saveAs(fixFile);
    await screenshot(page, 'import-4-fix-up-workbook-ready');

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(fixFile);
    const sheet = wb.worksheets[0]!;
    expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual([...HEADER, 'MASALAH', 'BARIS_ASAL']);
    expect(sheet.rowCount).toBe(3);
    const bad = sheet.getRow(3);
    expect(bad.getCell(2).value).toBe(CHILD.nik);
    expect((bad.getCell(2).fill as { fgColor?: { argb?: string } }).fgColor?.argb).toBe('FFFFC7CE');
    expect(String(bad.getCell(HEADER.length + 1).value)).toContain('bukan tanggal lahir');
    expect(bad.getCell(HEADER.length + 2).value).toBe(5);

    // The clerk corrects the NIK from the family card, as in Excel, and saves.
    bad.getCell(2).value = CHILD_FIXED_NIK;
    bad.getCell(2).fill = { type: 'pattern', pattern: 'none' };
    await wb.xlsx.writeFile(fixFile);
  });

  await test.step('import the corrected workbook: the saved template maps it', async () => {
    await page.getByRole('button', { name: 'Impor berkas lain' }).click();
    await chooseFile(page, fixFile);
    await expect(mapping).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: `Templat "${TEMPLATE}" dipakai` })).toBeVisible();
    await expect(mapping.getByLabel('Baris judul kolom')).toHaveValue('2');
    await expect(mapping.getByLabel('Dibaca sebagai: Nama Warga')).toHaveValue('name');
    await expect(mapping.getByLabel('Dibaca sebagai: MASALAH')).toHaveValue('');
    await page.getByRole('button', { name: 'Periksa semua baris' }).click();
    await expect(card(page, '3. Hasil pemeriksaan')).toBeVisible({ timeout: 30_000 });
    await expectCounts(page, { rows: 1, new: 1, errors: 0 });
    await expect(page.getByText('Tidak ada masalah. Semua baris siap disimpan.')).toBeVisible();
    // This file has no errors: no fix-up workbook is offered, and none from the earlier file shown.
    await expect(page.getByRole('button', { name: 'Unduh berkas perbaikan' })).toHaveCount(0);
    await expect
      .soft(page.getByText(/Berkas perbaikan berisi/), 'the earlier file’s fix-up notice is still shown')
      .toHaveCount(0);
    await screenshot(page, 'import-5-corrected-preview');
    await page.getByRole('button', { name: 'Simpan 1 baris yang benar' }).click();
    await expectSaved(page, 1, 2);
    const families = await invokeInPage(page, 'registry.listHouseholds', { limit: 5 });
    expect(families).toMatchObject({ ok: true, value: { total: 1, rows: [{ kkNumber: KK, members: 3 }] } });
  });

  await test.step('undo both imports from Riwayat impor, newest first', async () => {
    await page.getByRole('tab', { name: 'Riwayat impor' }).click();
    await expect(page).toHaveURL(/#\/impor-ekspor\/riwayat$/);
    const rows = page.locator('table.data tbody tr');
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0)).toContainText('usulan oro-oro ombo - perbaikan.xlsx');
    await expect(rows.nth(1)).toContainText('usulan oro-oro ombo.xlsx');
    await expect(rows.nth(0)).toContainText(CLERK.username);
    await screenshot(page, 'import-6-history');
    for (const n of [0, 1]) {
      await rows.nth(n).getByRole('button', { name: 'Batalkan impor ini' }).click();
      const file = n === 0 ? 'usulan oro-oro ombo - perbaikan.xlsx' : 'usulan oro-oro ombo.xlsx';
      const dialog = page.getByRole('dialog', { name: `Batalkan impor "${file}"?` });
      await expect(dialog).toContainText(`${n === 0 ? 1 : 2} orang yang ditambahkan impor ini dihapus`);
      await dialog.getByRole('button', { name: 'Ya, batalkan impor' }).click();
      await expect(dialog).toHaveCount(0);
      await expect(page.getByRole('status').filter({ hasText: 'Impor dibatalkan.' })).toBeVisible();
      await expect(rows.nth(n).locator('.badge')).toHaveText('dibatalkan');
    }
    await screenshot(page, 'import-7-undone');
    expect(await invokeInPage(page, 'registry.listHouseholds', { limit: 5 })).toMatchObject({
      ok: true,
      value: { total: 0 },
    });
    expect(existsSync(fixFile)).toBe(true);
  });
});

const REAL = join(import.meta.dirname, '../fixtures/import-real');

/**
 * Issue 11 on the mapping screen: a file whose numeric relationship codes neither its header nor
 * its rows settle asks the question before anything is checked, and shows the codes in words once
 * answered; a Buku Induk book gives its desa from the title block and its KK from group rows; a
 * list without a desa column asks for the desa of the whole file.
 */
test('the mapping screen asks what the file cannot say, and says why each column was read', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openApp(page, host);
  await loginAs(page, CLERK);
  await mainNav(page).getByRole('link', { name: 'Impor/Ekspor', exact: true }).click();
  const mapping = card(page, '2. Periksa kolom');
  const check = page.getByRole('button', { name: 'Periksa semua baris' });

  await test.step('ambiguous codes: a question first, the words after the answer', async () => {
    await chooseFile(page, join(REAL, '10-hubungan-ambigu.xlsx'));
    const question = mapping.locator('fieldset[data-question="codes.relationship"]');
    await expect(question).toContainText('Angka 3 berarti Istri menurut SIAK/Dukcapil');
    await expect(check).toBeDisabled();
    const row = (header: string) =>
      mapping
        .locator('tr')
        .filter({ has: page.locator('td:first-child', { hasText: new RegExp(`^${header}$`) }) });
    await expect(row('NIK')).toContainText('Nama kolom dikenal');
    await screenshot(page, 'import-real-1-question');
    await question.getByLabel(/Dukcapil\/SIAK\/OpenSID/).check();
    await expect(row('HUBUNGAN')).toContainText('3 = Istri');
    await expect(check).toBeEnabled();
    await check.click();
    await expectCounts(page, { rows: 6, errors: 0 });
  });

  await test.step('a Buku Induk book: desa from the title block, KK from the group rows', async () => {
    await chooseFile(page, join(REAL, '04-bip-buku-induk.xlsx'), 'Pilih berkas lain');
    await expect(
      mapping.getByRole('status').filter({ hasText: 'No. KK diambil dari baris kelompok' }),
    ).toBeVisible();
    await expect(check).toBeEnabled();
    await screenshot(page, 'import-real-2-bip');
    await check.click();
    await expectCounts(page, { rows: 10, errors: 0 });
    await expect(page.getByText(/baris bukan data tidak dibaca/)).toBeVisible();
  });

  await test.step('no desa column: the desa of the whole file is one choice', async () => {
    await chooseFile(page, join(REAL, '11-aplikasi-lama.csv'), 'Pilih berkas lain');
    await expect(mapping.getByRole('status').filter({ hasText: 'Desa/Kelurahan' })).toBeVisible();
    await expect(check).toBeDisabled();
    await mapping.getByLabel('Desa/Kelurahan').selectOption({ label: 'Junrejo' });
    await expect(check).toBeEnabled();
    await screenshot(page, 'import-real-3-desa-for-file');
    await check.click();
    await expectCounts(page, { rows: 8, errors: 0 });
  });

  await test.step("a web application's .xls (an HTML table) reads as a workbook, nothing asked", async () => {
    await chooseFile(page, join(REAL, '17-web-html-xls.xls'), 'Pilih berkas lain');
    const relationship = mapping
      .locator('tr')
      .filter({ has: page.locator('td:first-child', { hasText: /^HUBUNGAN DALAM KELUARGA$/ }) });
    await expect(relationship).toContainText('Hubungan keluarga');
    await expect(mapping).toContainText('Halaman web berisi tabel');
    await expect(check).toBeEnabled();
    await screenshot(page, 'import-real-4-web-xls');
    await check.click();
    await expectCounts(page, { rows: 7, errors: 0 });
  });

  await test.step('an Excel 97-2003 .xls (made by LibreOffice) reads as its .xlsx does: kecamatan from the title', async () => {
    await chooseFile(page, join(REAL, '18-excel97-dinsos.xls'), 'Pilih berkas lain');
    await expect(mapping).toContainText('Buku kerja Excel 97-2003 (.xls)');
    await expect(check).toBeEnabled();
    await screenshot(page, 'import-real-5-excel97');
    await check.click();
    await expectCounts(page, { rows: 9, errors: 0 });
  });

  await test.step("LibreOffice's own .ods reads as its .xlsx does: desa from the title, No. KK from the group rows", async () => {
    await chooseFile(page, join(REAL, '20-libreoffice-bip.ods'), 'Pilih berkas lain');
    await expect(mapping).toContainText('Lembar kerja LibreOffice (.ods)');
    await expect(check).toBeEnabled();
    await screenshot(page, 'import-real-6-ods');
    await check.click();
    await expectCounts(page, { rows: 10, errors: 0 });
  });

  await test.step("last year's list hidden in the workbook is passed over for the visible one", async () => {
    const book = new ExcelJS.Workbook();
    const header = ['NO KK', 'NIK', 'NAMA', 'TGL LAHIR', 'L/P', 'HUBUNGAN', 'DESA'];
    const head = (n: number) => {
      const id = String(n).padStart(4, '0');
      return [
        `357901200315${id}`,
        `357901120580${id}`,
        `Warga ${n}`,
        '12-05-1980',
        'L',
        'KEPALA KELUARGA',
        'Temas',
      ];
    };
    book.addWorksheet('DATA 2025', { state: 'hidden' }).addRows([header, ...[1, 2, 3, 4, 5].map(head)]);
    book.addWorksheet('DATA 2026').addRows([header, head(6), head(7)]);
    const path = join(work, 'penerima 2026.xlsx');
    await book.xlsx.writeFile(path);
    await chooseFile(page, path, 'Pilih berkas lain');
    const sheet = mapping.getByLabel('Lembar');
    await expect(sheet).toHaveValue('DATA 2026');
    await expect(sheet.locator('option', { hasText: 'DATA 2025' })).toHaveText(
      'DATA 2025 (6 baris, tersembunyi)',
    );
    await screenshot(page, 'import-real-7-hidden-sheet');
    // Chosen by hand, the hidden sheet is read, and the screen says it is hidden.
    await sheet.selectOption('DATA 2025');
    await expect(mapping.getByText(/Lembar "DATA 2025" tersembunyi di Excel\/LibreOffice/)).toBeVisible();
    await screenshot(page, 'import-real-8-hidden-sheet-chosen');
  });

  await test.step('rows a filter hides in Excel are said, left out, and read when the clerk ticks the box', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('DATA');
    sheet.addRow(['NO KK', 'NIK', 'NAMA', 'TGL LAHIR', 'L/P', 'HUBUNGAN', 'DESA']);
    for (let n = 11; n <= 16; n++) {
      const id = String(n).padStart(4, '0');
      const desa = n % 2 ? 'Temas' : 'Sisir';
      sheet.addRow([
        `357901200315${id}`,
        `357901120580${id}`,
        `Warga ${n}`,
        '12-05-1980',
        'L',
        'KEPALA KELUARGA',
        desa,
      ]);
    }
    // Filtered to Sisir: Temas's rows (2, 4, 6) are hidden.
    sheet.autoFilter = 'A1:G7';
    for (const n of [2, 4, 6]) sheet.getRow(n).hidden = true;
    const path = join(work, 'penerima tersaring.xlsx');
    await book.xlsx.writeFile(path);
    await chooseFile(page, path, 'Pilih berkas lain');
    const notice = mapping.getByText(/3 baris di lembar ini disembunyikan di Excel\/LibreOffice/);
    await expect(notice).toBeVisible();
    await check.click();
    await expectCounts(page, { rows: 3, errors: 0 });
    await expect(
      page.getByText(/disembunyikan di Excel \(filter atau sembunyikan baris\)/).first(),
    ).toBeVisible();
    await screenshot(page, 'import-real-9-hidden-rows');
    await mapping.getByLabel('Impor juga baris yang disembunyikan').check();
    await check.click();
    await expectCounts(page, { rows: 6, errors: 0 });
  });
});

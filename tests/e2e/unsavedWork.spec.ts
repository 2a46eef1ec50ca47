import type { Page } from '@playwright/test';
import {
  ADMIN,
  ApiClient,
  apiAnswer,
  expect,
  initialize,
  invokeInPage,
  loginAs,
  mainNav,
  openApp,
  screenshot,
  test,
  useWebHost,
} from './fixtures/webhost.ts';

/**
 * Typed work is never dropped without a word (found by an outside UI probe): leaving a form
 * that holds typing (menu, Back, reload), Escape on a dialog with typing, and a session that
 * ended elsewhere while a form was open. Nothing is asked when nothing was typed.
 */
test.use({ viewport: { width: 1366, height: 768 } });

const OFFICER = {
  fullName: 'Rahmat Hidayat',
  username: 'rahmat.petugas',
  temporaryPassword: 'sementara jagung bakar di paralayang',
  password: 'jagung bakar di paralayang 2026',
};
const HEAD = 'Suparman Wijaya';
const DESA = 'Oro-oro Ombo';
let householdId = '';
let caseId = '';

const host = useWebHost(async (h) => {
  const admin = await initialize(h);
  await admin.ok('users.create', {
    username: OFFICER.username,
    fullName: OFFICER.fullName,
    role: 'officer',
    area: { kecamatan: [], desa: [] },
    temporaryPassword: OFFICER.temporaryPassword,
  });
  const officer = new ApiClient(h);
  await officer.ok('auth.login', { username: OFFICER.username, password: OFFICER.temporaryPassword });
  await officer.ok('auth.changePassword', {
    currentPassword: OFFICER.temporaryPassword,
    newPassword: OFFICER.password,
  });
  const created = await officer.ok('households.create', {
    household: { kkNumber: '3579012003150021', desaCode: '35.79.01.2006', address: 'Jl. Panderman 9' },
    members: [
      {
        nik: '3579011506790021',
        name: HEAD,
        sex: 'L',
        birthDate: '1979-06-15',
        relationship: 'kepala_keluarga',
      },
    ],
  });
  householdId = created.value.id;
  const opened = await officer.ok('cases.create', {
    householdId,
    personId: null,
    type: 'permohonan_bantuan',
    title: 'Permohonan bantuan alat bantu dengar',
    description: '',
    atensiCluster: null,
    assignedTo: null,
    dueDate: null,
  });
  caseId = opened.id;
});

const question = (page: Page) => page.getByRole('dialog', { name: 'Ada isian yang belum disimpan' });
const formHeading = (page: Page) => page.getByRole('heading', { name: 'Daftarkan keluarga baru', level: 1 });
const head = (page: Page) => page.getByRole('group', { name: 'Anggota 1', exact: true });

async function openNewHousehold(page: Page) {
  await mainNav(page).getByRole('link', { name: 'Keluarga & Individu', exact: true }).click();
  await page.getByRole('link', { name: 'Daftarkan keluarga baru' }).click();
  await expect(formHeading(page)).toBeVisible();
}

async function fillHalf(page: Page, kk: string, nik: string, name: string) {
  await page.getByLabel('No. KK').fill(kk);
  await page.getByLabel('Desa/Kelurahan').selectOption({ label: `Desa ${DESA}` });
  await page.getByLabel('Alamat (jalan, nomor)').fill('Jl. Raya Oro-oro Ombo No. 40');
  await head(page).getByLabel('NIK', { exact: true }).fill(nik);
  await head(page).getByLabel('Nama (wajib)', { exact: true }).fill(name);
  await head(page).getByLabel('Jenis kelamin').selectOption({ label: 'Laki-laki' });
  await head(page).getByLabel('Tanggal lahir').fill('12/03/1980');
}

async function expectStillThere(page: Page, kk: string, name: string) {
  await expect(formHeading(page)).toBeVisible();
  await expect(page).toHaveURL(/#\/keluarga\/baru$/);
  await expect(page.getByLabel('No. KK')).toHaveValue(kk);
  await expect(head(page).getByLabel('Nama (wajib)', { exact: true })).toHaveValue(name);
  await expect(page.getByLabel('Alamat (jalan, nomor)')).toHaveValue('Jl. Raya Oro-oro Ombo No. 40');
}

/** The question is shown, "Tetap di sini" has the focus; `choice` answers it. */
async function answer(page: Page, choice: 'stay' | 'leave') {
  await expect(question(page)).toBeVisible();
  await expect(question(page)).toContainText('Tinggalkan halaman ini? Isian akan hilang.');
  await expect(question(page).getByRole('button', { name: 'Tetap di sini' })).toBeFocused();
  if (choice === 'stay') await page.keyboard.press('Enter');
  else
    await question(page)
      .getByRole('button', { name: /Tinggalkan/ })
      .click();
  await expect(question(page)).toHaveCount(0);
}

test('a half-filled family form is not dropped by the menu, Back or a reload', async ({ page }) => {
  await openApp(page, host);
  await loginAs(page, OFFICER);

  await test.step('nothing typed: the menu leaves without a question', async () => {
    await openNewHousehold(page);
    await mainNav(page).getByRole('link', { name: 'Beranda', exact: true }).click();
    await expect(page).toHaveURL(/#\/beranda$/);
    await expect(question(page)).toHaveCount(0);
  });

  const KK = '3579012003150031';
  await openNewHousehold(page);
  await fillHalf(page, KK, '3579011203800031', 'Bambang Sutrisno');

  await test.step('a menu click asks; staying keeps every value', async () => {
    await mainNav(page).getByRole('link', { name: 'Beranda', exact: true }).click();
    await expect(question(page)).toBeVisible();
    await screenshot(page, 'unsaved-menu-question');
    await answer(page, 'stay');
    await expectStillThere(page, KK, 'Bambang Sutrisno');
  });

  await test.step("the browser's Back asks too; Escape stays", async () => {
    await page.evaluate(() => window.history.back());
    await expect(question(page)).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(question(page)).toHaveCount(0);
    await expectStillThere(page, KK, 'Bambang Sutrisno');
  });

  await test.step("a reload gets the browser's own question", async () => {
    const asked = page.waitForEvent('dialog');
    void page.evaluate(() => window.location.reload());
    const dialog = await asked;
    expect(dialog.type()).toBe('beforeunload');
    await dialog.dismiss();
    await expectStillThere(page, KK, 'Bambang Sutrisno');
  });

  await test.step('choosing to leave leaves', async () => {
    await mainNav(page).getByRole('link', { name: 'Beranda', exact: true }).click();
    await answer(page, 'leave');
    await expect(page).toHaveURL(/#\/beranda$/);
    await expect(formHeading(page)).toHaveCount(0);
  });

  await test.step('after a successful save nothing is asked', async () => {
    await openNewHousehold(page);
    await fillHalf(page, '3579012003150032', '3579011203800032', 'Joko Susilo');
    await page.getByRole('button', { name: 'Simpan keluarga' }).click();
    await expect(page.getByRole('heading', { name: 'Joko Susilo', level: 1 })).toBeVisible();
    await mainNav(page).getByRole('link', { name: 'Beranda', exact: true }).click();
    await expect(page).toHaveURL(/#\/beranda$/);
    await expect(question(page)).toHaveCount(0);
  });
});

test('a typed referral reason on a case page is not dropped by the menu', async ({ page }) => {
  await openApp(page, host);
  await loginAs(page, OFFICER);
  await page.goto(`${host.url}/#/kasus/${caseId}`);
  await page.getByLabel('Alasan rujukan').fill('Perlu alat bantu dengar dari Dinas Kesehatan');
  await mainNav(page).getByRole('link', { name: 'Beranda', exact: true }).click();
  await answer(page, 'stay');
  await expect(page.getByLabel('Alasan rujukan')).toHaveValue('Perlu alat bantu dengar dari Dinas Kesehatan');
  await page.getByLabel('Catatan baru').fill('Sudah ditelepon');
  await page.getByLabel('Alasan rujukan').fill('');
  await mainNav(page).getByRole('link', { name: 'Beranda', exact: true }).click();
  await answer(page, 'leave');
  await expect(page).toHaveURL(/#\/beranda$/);
});

test('Escape on a dialog with typing asks before closing; an untouched dialog closes at once', async ({
  page,
}) => {
  await openApp(page, host);
  await loginAs(page, OFFICER);
  await page.goto(`${host.url}/#/keluarga/${householdId}`);
  await expect(page.getByRole('heading', { name: HEAD, level: 1 })).toBeVisible();
  const dialog = page.getByRole('dialog', { name: 'Ubah data keluarga' });

  await page.getByRole('button', { name: 'Ubah data keluarga' }).click();
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(question(page)).toHaveCount(0);

  await page.getByRole('button', { name: 'Ubah data keluarga' }).click();
  await dialog.getByLabel('Catatan').fill('Rumah di belakang masjid, pintu hijau');
  await page.keyboard.press('Escape');
  await expect(question(page)).toBeVisible();
  await screenshot(page, 'unsaved-dialog-escape');
  await page.keyboard.press('Escape');
  await expect(question(page)).toHaveCount(0);
  await expect(dialog.getByLabel('Catatan')).toHaveValue('Rumah di belakang masjid, pintu hijau');

  await dialog.getByRole('button', { name: 'Batal' }).click();
  await answer(page, 'leave');
  await expect(dialog).toHaveCount(0);
});

test('a session ended in another tab: sign in again over the form, the typing is kept and saves', async ({
  page,
  context,
}) => {
  await openApp(page, host);
  await loginAs(page, OFFICER);
  await openNewHousehold(page);
  const KK = '3579012003150033';
  await fillHalf(page, KK, '3579011203800033', 'Hadi Purnomo');

  const other = await context.newPage();
  await other.goto(host.url);
  expect(await invokeInPage(other, 'auth.logout')).toMatchObject({ ok: true });
  await other.close();

  await page.getByRole('button', { name: 'Simpan keluarga' }).click();
  await expect(page.getByRole('heading', { name: 'Sesi berakhir' })).toBeVisible();
  await expect(page.getByText('Isian Anda belum hilang')).toBeVisible();
  await expect(formHeading(page)).toBeHidden();
  await expect(mainNav(page)).toBeHidden();
  await screenshot(page, 'unsaved-session-ended');

  await expect(page.getByLabel('Nama pengguna')).toHaveValue(OFFICER.username);
  await page.getByLabel('Kata sandi', { exact: true }).fill(OFFICER.password);
  const answered = apiAnswer(page, 'auth.login');
  await page.getByRole('button', { name: 'Masuk lagi' }).click();
  await answered;
  await expectStillThere(page, KK, 'Hadi Purnomo');
  await screenshot(page, 'unsaved-session-ended-back');
  await page.getByRole('button', { name: 'Simpan keluarga' }).click();
  await expect(page.getByRole('heading', { name: 'Hadi Purnomo', level: 1 })).toBeVisible();
});

test('a session ended with the "Tambah anggota" dialog open: the dialog and its typing stay', async ({
  page,
  context,
}) => {
  await openApp(page, host);
  await loginAs(page, OFFICER);
  await page.goto(`${host.url}/#/keluarga/${householdId}`);
  await page.getByRole('button', { name: /Tambah anggota/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Tambah anggota' });
  await dialog.getByLabel('Nama (wajib)', { exact: true }).fill('Sri Wahyuni');

  const other = await context.newPage();
  await other.goto(host.url);
  await invokeInPage(other, 'auth.logout');
  await other.close();

  await dialog.getByRole('button', { name: 'Simpan anggota' }).click();
  await expect(page.getByRole('heading', { name: 'Sesi berakhir' })).toBeVisible();
  await page.getByLabel('Kata sandi', { exact: true }).fill(OFFICER.password);
  await page.getByRole('button', { name: 'Masuk lagi' }).click();
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Nama (wajib)', { exact: true })).toHaveValue('Sri Wahyuni');
});

test('a different user signing in after the session ended does not see the form', async ({
  page,
  context,
}) => {
  await openApp(page, host);
  await loginAs(page, OFFICER);
  await openNewHousehold(page);
  await fillHalf(page, '3579012003150034', '3579011203800034', 'Rahasia Warga');

  const other = await context.newPage();
  await other.goto(host.url);
  await invokeInPage(other, 'auth.logout');
  await other.close();

  await page.getByRole('button', { name: 'Simpan keluarga' }).click();
  await expect(page.getByRole('heading', { name: 'Sesi berakhir' })).toBeVisible();
  await page.getByLabel('Nama pengguna').fill(ADMIN.username);
  await page.getByLabel('Kata sandi', { exact: true }).fill(ADMIN.password);
  await page.getByRole('button', { name: 'Masuk lagi' }).click();
  await expect(page.locator('.frame-user')).toContainText(ADMIN.fullName);
  await expect(page).toHaveURL(/#\/beranda$/);
  await expect(formHeading(page)).toHaveCount(0);
  // Not on screen, and not kept hidden in the page either.
  const typedSomewhere = () =>
    page.evaluate(() =>
      Array.from(document.querySelectorAll('input')).some((i) => i.value === 'Rahasia Warga'),
    );
  expect(await typedSomewhere()).toBe(false);
  await screenshot(page, 'unsaved-session-ended-other-user');
});

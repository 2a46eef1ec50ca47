import type { Locator, Page } from '@playwright/test';
import {
  ADMIN,
  ApiClient,
  apiAnswer,
  expect,
  initialize,
  loginAs,
  mainNav,
  openApp,
  screenshot,
  test,
  useWebHost,
} from './fixtures/webhost.ts';

/**
 * A clerk's day on the office laptop's screen: a visit started from a family's page, a form that
 * says what it needs and puts the focus on what went wrong, programme names where codes were,
 * and an audit log that reads as sentences.
 */
test.use({ viewport: { width: 1366, height: 768 } });

const OFFICER = {
  fullName: 'Rina Wulandari',
  username: 'rina.petugas',
  temporaryPassword: 'sementara apel manis dari bumiaji',
  password: 'apel manis dari bumiaji 12',
};
const ORO_ORO_OMBO = '35.79.01.2006';
const HEAD = 'Slamet Riyadi';

let householdId = '';

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
    household: {
      kkNumber: '3579012003150004',
      desaCode: ORO_ORO_OMBO,
      rt: '2',
      rw: '5',
      address: 'Jl. Kartika 12',
    },
    members: [
      {
        nik: '3579011205800001',
        name: HEAD,
        sex: 'L',
        birthDate: '1980-05-12',
        relationship: 'kepala_keluarga',
      },
    ],
  });
  householdId = created.value.id;
  const programs = await officer.ok('reference.programs', {});
  const blt = programs.find((p) => p.code === 'BLT_DD')!;
  await officer.ok('enrolments.create', { householdId, programId: blt.id, status: 'aktif' });
});

function card(page: Page, heading: string): Locator {
  return page
    .locator('section.card')
    .filter({ has: page.getByRole('heading', { name: heading, level: 2, exact: true }) });
}

async function openFamily(page: Page) {
  await page.goto(`${host.url}/#/keluarga/${householdId}`);
  await expect(page.getByRole('heading', { name: HEAD, level: 1 })).toBeVisible();
}

test('an officer starts a verification from the family page', async ({ page }) => {
  await openApp(page, host);
  await loginAs(page, OFFICER);
  await openFamily(page);
  const verification = card(page, 'Verifikasi');
  await expect(verification).toContainText('Belum pernah diverifikasi.');
  await verification.getByRole('button', { name: 'Mulai verifikasi' }).click();

  const dialog = page.getByRole('dialog', { name: 'Verifikasi keluarga ini' });
  await dialog.getByRole('radio', { name: 'Ada sanggahan dari warga' }).check();
  await screenshot(page, 'everyday-start-verification');
  const started = apiAnswer(page, 'verification.start');
  await dialog.getByRole('button', { name: 'Mulai dan buka halaman verifikasi' }).click();
  expect(await (await started).json()).toMatchObject({ ok: true, value: { created: true } });

  // The visit's own page, read by its id (verification.get), ready for the field visit.
  await expect(page).toHaveURL(/#\/verifikasi\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 2 }).first()).toContainText(HEAD);
  await expect(page.getByText('Sanggahan', { exact: true })).toBeVisible();
  await screenshot(page, 'everyday-verification-opened');

  // Back on the family page the open round is continued, not started twice.
  await openFamily(page);
  await expect(verification.getByRole('button', { name: 'Mulai verifikasi' })).toHaveCount(0);
  await expect(verification.getByRole('link', { name: 'Lanjutkan verifikasi' })).toBeVisible();
  await expect(verification.locator('tbody tr')).toContainText('Belum diverifikasi');
});

test('the desil date is asked with the desil, and a failed save puts the focus on the first field in error', async ({
  page,
}) => {
  await openApp(page, host);
  await loginAs(page, OFFICER);
  await openFamily(page);

  await test.step('the family form: desil without its date', async () => {
    await page.getByRole('button', { name: 'Ubah data keluarga' }).click();
    const dialog = page.getByRole('dialog', { name: 'Ubah data keluarga' });
    await expect(dialog.getByLabel('Data desil per tanggal (wajib)')).toHaveCount(0);
    await dialog.getByLabel('Desil', { exact: true }).selectOption({ label: 'Desil 3' });
    const date = dialog.getByLabel('Data desil per tanggal (wajib)');
    await expect(date).toBeVisible();
    await expect(date).toHaveAttribute('required', '');
    const answered = apiAnswer(page, 'households.update');
    await dialog.getByRole('button', { name: 'Simpan keluarga' }).click();
    expect(await (await answered).json()).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    await expect(date).toBeFocused();
    await expect(date).toHaveAttribute('aria-invalid', 'true');
    await screenshot(page, 'everyday-desil-date-focused');
    await dialog.getByRole('button', { name: 'Batal' }).click();
    // The desil was chosen and not saved: Batal asks before dropping it.
    const question = page.getByRole('dialog', { name: 'Ada isian yang belum disimpan' });
    await question.getByRole('button', { name: /Tinggalkan/ }).click();
    await expect(dialog).toHaveCount(0);
  });

  await test.step('a new member without name, sex or relationship', async () => {
    await card(page, 'Anggota (1)').getByRole('button', { name: 'Tambah anggota' }).click();
    const dialog = page.getByRole('dialog', { name: 'Tambah anggota' });
    await expect(dialog.getByLabel('Nama (wajib)', { exact: true })).toHaveAttribute('required', '');
    await expect(dialog.getByLabel('Jenis kelamin (wajib)')).toBeVisible();
    await expect(dialog.getByLabel('Hubungan (wajib)')).toBeVisible();
    // The focus starts in the first field (NIK): the save must move it.
    await dialog.getByRole('button', { name: 'Simpan anggota' }).click();
    await expect(dialog.getByLabel('Nama (wajib)', { exact: true })).toBeFocused();
    await expect(dialog.getByLabel('Nama (wajib)', { exact: true })).toHaveAttribute('aria-invalid', 'true');
    await screenshot(page, 'everyday-member-name-focused');
  });
});

test('programme names, not codes, in the filters and lists', async ({ page }) => {
  await openApp(page, host);
  await loginAs(page, OFFICER);
  const isCode = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$|^[A-Z]{3,}$/;

  await mainNav(page).getByRole('link', { name: 'Keluarga & Individu' }).click();
  const registryFilter = page.getByLabel('Program', { exact: true });
  await expect(registryFilter.locator('option', { hasText: 'BLT Dana Desa' })).toHaveCount(1);
  for (const label of await registryFilter.locator('option').allInnerTexts())
    expect(label.trim()).not.toMatch(isCode);

  await mainNav(page).getByRole('link', { name: 'Penyaluran' }).click();
  const disbursementFilter = page.getByLabel('Program', { exact: true });
  await expect(disbursementFilter.locator('option', { hasText: 'BLT Dana Desa' })).toHaveCount(1);
  for (const label of await disbursementFilter.locator('option').allInnerTexts())
    expect(label.trim()).not.toMatch(/BLT_DD|PBI_JK|·/);
  await screenshot(page, 'everyday-disbursement-filter');

  await openFamily(page);
  const programs = card(page, 'Program');
  await expect(programs.locator('tbody tr')).toContainText('BLT Dana Desa');
  await expect(programs).not.toContainText('BLT_DD');
});

test('the audit log reads the day back as sentences', async ({ page }) => {
  await openApp(page, host);
  await loginAs(page, ADMIN);
  await mainNav(page).getByRole('link', { name: 'Log Audit', exact: true }).click();
  await page.getByLabel('Tindakan', { exact: true }).selectOption({ label: 'Didaftarkan ke program' });
  await page.getByRole('button', { name: 'Terapkan' }).click();
  const rows = page.locator('table.data tbody tr');
  await expect(rows).toHaveCount(1);
  const row = rows.first();
  await expect(row.locator('td:nth-child(2)')).toHaveText(/^\d{2}-\d{2}-\d{4} \d{2}\.\d{2} WIB$/);
  await expect(row.locator('td:nth-child(3)')).toHaveText(OFFICER.username);
  await expect(row.locator('td:nth-child(4)')).toContainText('Didaftarkan ke program');
  const details = row.locator('td:nth-child(5)');
  await expect(details).toContainText('Program: BLT Dana Desa');
  await expect(details).toContainText('Status: Aktif');
  await expect(details).not.toContainText(/program_id|BLT_DD|\{|"|[0-9a-f]{8}-[0-9a-f]{4}/);

  await page.getByLabel('Tindakan', { exact: true }).selectOption({ label: 'Keluarga didaftarkan' });
  await page.getByRole('button', { name: 'Terapkan' }).click();
  const family = rows.filter({ hasText: 'Desa/kelurahan: Oro-oro Ombo' });
  await expect(family).toHaveCount(1);
  await expect(family.getByRole('link', { name: 'Data: keluarga' })).toHaveAttribute(
    'href',
    `#/keluarga/${householdId}`,
  );
  await screenshot(page, 'everyday-audit-sentences');
});

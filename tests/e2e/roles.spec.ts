import {
  ADMIN,
  CLERK,
  expect,
  expectAppFrame,
  initialize,
  invokeInPage,
  loginAs,
  mainNav,
  navLabels,
  openApp,
  screenshot,
  submitLogin,
  test,
  useWebHost,
} from './fixtures/webhost.ts';

const host = useWebHost(async (h) => {
  await initialize(h);
});

test('the admin creates a clerk with a temporary password', async ({ page }) => {
  await openApp(page, host);
  await loginAs(page, ADMIN);

  await mainNav(page).getByRole('link', { name: 'Pengguna', exact: true }).click();
  await expect(page).toHaveURL(/#\/pengguna$/);
  await expect(page.getByRole('heading', { name: 'Pengguna', level: 1 })).toBeVisible();
  const rows = page.locator('table.data tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(ADMIN.username);

  await page.getByRole('button', { name: 'Tambah pengguna' }).click();
  const dialog = page.getByRole('dialog', { name: 'Tambah pengguna' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Nama pengguna').fill(CLERK.username);
  await dialog.getByLabel('Nama lengkap').fill(CLERK.fullName);
  await dialog.getByLabel('Peran').selectOption({ label: 'Operator Data' });
  const temporary = dialog.getByLabel('Kata sandi sementara');
  // The temporary password follows the same rule as any other.
  await temporary.fill('sementara');
  await dialog.getByRole('button', { name: 'Buat pengguna' }).click();
  await expect(
    dialog
      .locator('.field')
      .filter({ has: page.getByLabel('Kata sandi sementara') })
      .getByRole('alert'),
  ).toContainText('minimal 15 karakter');
  await expect(dialog).toBeVisible();
  await temporary.fill(CLERK.temporaryPassword);
  await screenshot(page, 'users-add-dialog');
  await dialog.getByRole('button', { name: 'Buat pengguna' }).click();

  await expect(dialog).toHaveCount(0);
  await expect(
    page.getByRole('status').filter({ hasText: `Pengguna ${CLERK.username} dibuat` }),
  ).toBeVisible();
  await expect(rows).toHaveCount(2);
  const clerkRow = rows.filter({ hasText: CLERK.username });
  await expect(clerkRow).toContainText(CLERK.fullName);
  await expect(clerkRow).toContainText('Operator Data');
  await expect(clerkRow).toContainText('Seluruh kota');
  await expect(clerkRow).toContainText('Menunggu ganti kata sandi');
  await expect(clerkRow).toContainText('Belum pernah');
  await screenshot(page, 'users');

  await page.getByRole('button', { name: 'Keluar' }).click();
  await expect(page.getByRole('heading', { name: 'Masuk', exact: true })).toBeVisible();
});

test('the clerk must change the temporary password, then sees no admin pages', async ({ page }) => {
  await openApp(page, host);

  await test.step('log in with the temporary password: forced change', async () => {
    await submitLogin(page, CLERK.username, CLERK.temporaryPassword);
    await expect(page.getByRole('heading', { name: 'Ganti kata sandi' })).toBeVisible();
    await expect(page.getByText('Anda masuk dengan kata sandi sementara')).toBeVisible();
    await expect(mainNav(page)).toHaveCount(0);
    await screenshot(page, 'clerk-change-password');
    // The server holds the line too: nothing but the password change until it is done.
    expect(await invokeInPage(page, 'settings.get')).toMatchObject({
      ok: false,
      error: { code: 'PASSWORD_CHANGE_REQUIRED' },
    });
    // A reload does not skip it.
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Ganti kata sandi' })).toBeVisible();
    await expect(mainNav(page)).toHaveCount(0);
  });

  await test.step('change it', async () => {
    await page.getByLabel('Kata sandi saat ini').fill(CLERK.temporaryPassword);
    await page.getByLabel('Kata sandi baru', { exact: true }).fill(CLERK.password);
    await page.getByLabel('Ulangi kata sandi baru').fill(CLERK.password);
    await page.getByRole('button', { name: 'Ganti kata sandi' }).click();
    await expectAppFrame(page, CLERK.fullName);
    await expect(page.locator('.frame-user')).toContainText('Operator Data');
    await expect(page.getByRole('heading', { name: `Selamat datang, ${CLERK.fullName}` })).toBeVisible();
  });

  await test.step('no admin entries in the navigation', async () => {
    const labels = await navLabels(page);
    expect(labels).toContain('Beranda');
    expect(labels).toContain('Keluarga & Individu');
    expect(labels).toContain('Pengaturan');
    expect(labels).not.toContain('Pengguna');
    expect(labels).not.toContain('Log Audit');
    await screenshot(page, 'home-clerk');
  });

  await test.step('typing the admin addresses shows "Tidak berwenang"', async () => {
    await page.goto(`${host.url}/#/pengguna`);
    await expect(page.getByRole('heading', { name: 'Tidak berwenang' })).toBeVisible();
    await expect(page.getByText('Peran Anda tidak memiliki akses ke halaman ini')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Tambah pengguna' })).toHaveCount(0);
    await expect(page.locator('table.data')).toHaveCount(0);
    await screenshot(page, 'clerk-forbidden');

    await page.goto(`${host.url}/#/audit`);
    await expect(page.getByRole('heading', { name: 'Tidak berwenang' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Periksa keutuhan' })).toHaveCount(0);
    await expect(page.locator('table.data')).toHaveCount(0);
  });

  await test.step('the server refuses the admin methods', async () => {
    const users = await invokeInPage(page, 'users.list', {});
    expect(users).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(users.ok ? '' : users.error.message).toContain('mengelola pengguna');
    expect(await invokeInPage(page, 'audit.list', {})).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(
      await invokeInPage(page, 'users.create', {
        username: 'penyusup',
        fullName: 'Penyusup',
        role: 'admin',
        area: { kecamatan: [], desa: [] },
        temporaryPassword: 'kata sandi yang cukup panjang sekali',
      }),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // ...while what a clerk may do still works.
    expect(await invokeInPage(page, 'settings.get', {})).toMatchObject({ ok: true });
  });

  await test.step('the temporary password no longer works; the new one does, without a forced change', async () => {
    await page.getByRole('button', { name: 'Keluar' }).click();
    await submitLogin(page, CLERK.username, CLERK.temporaryPassword);
    await expect(page.getByRole('alert')).toContainText('Nama pengguna atau kata sandi salah');
    await submitLogin(page, CLERK.username, CLERK.password);
    await expectAppFrame(page, CLERK.fullName);
    await expect(page.getByRole('heading', { name: 'Ganti kata sandi' })).toHaveCount(0);
  });
});

import {
  ADMIN,
  expect,
  expectAppFrame,
  invokeInPage,
  mainNav,
  openApp,
  screenshot,
  test,
  useWebHost,
} from './fixtures/webhost.ts';

// A new install: empty data folder, so the app opens on the first-run setup screen.
const host = useWebHost();

const RECOVERY_CODE = /^[0-9A-Z]{5}(-[0-9A-Z]{5}){4}$/;

test('first-run setup refuses a short password next to the field', async ({ page }) => {
  await openApp(page, host);
  await expect(page.getByRole('heading', { name: 'Penyiapan awal' })).toBeVisible();
  await expect(page.getByLabel('Nama kantor')).toHaveValue('Dinas Sosial Kota Batu');
  await screenshot(page, 'setup');

  await page.getByLabel('Nama lengkap administrator').fill(ADMIN.fullName);
  await page.getByLabel('Nama pengguna').fill(ADMIN.username);
  const password = page.getByLabel('Kata sandi', { exact: true });
  await password.fill('kopi pagi');
  await page.getByLabel('Ulangi kata sandi').fill('kopi pagi');
  // The live counter in the hint follows what is typed.
  await expect(page.locator('.field').filter({ has: password })).toContainText('9 karakter');
  await page.getByRole('button', { name: 'Buat database dan akun' }).click();

  // The server's message lands on the password field itself, wired for screen readers.
  const field = page.locator('.field').filter({ has: password });
  await expect(field.getByRole('alert')).toContainText('minimal 15 karakter');
  await expect(field.getByRole('alert')).toContainText('sekarang 9');
  await expect(password).toHaveAttribute('aria-invalid', 'true');
  await expect(password).toHaveAccessibleDescription(/minimal 15 karakter/);
  // Only that field complains.
  await expect(page.getByRole('alert')).toHaveCount(1);
  await expect(page.getByRole('heading', { name: 'Penyiapan awal' })).toBeVisible();
  await screenshot(page, 'setup-short-password');

  // The two passwords must match (checked before anything is sent).
  await password.fill(ADMIN.password);
  const again = page.getByLabel('Ulangi kata sandi');
  await again.fill(`${ADMIN.password}8`);
  await page.getByRole('button', { name: 'Buat database dan akun' }).click();
  await expect(page.locator('.field').filter({ has: again }).getByRole('alert')).toHaveText(
    /Kedua kata sandi tidak sama/,
  );
  await expect(again).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('heading', { name: 'Penyiapan awal' })).toBeVisible();

  // Nothing was created: the install is still waiting for its first run.
  const status = await invokeInPage(page, 'setup.status');
  expect(status).toMatchObject({ ok: true, value: { initialized: false } });
});

test('first-run setup shows the recovery code once, then the app', async ({ page }) => {
  await openApp(page, host);
  await expect(page.getByRole('heading', { name: 'Penyiapan awal' })).toBeVisible();

  await page.getByLabel('Nama lengkap administrator').fill(ADMIN.fullName);
  await page.getByLabel('Nama pengguna').fill(ADMIN.username);
  await page.getByLabel('Kata sandi', { exact: true }).fill(ADMIN.password);
  await page.getByLabel('Ulangi kata sandi').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Buat database dan akun' }).click();

  await test.step('recovery code', async () => {
    await expect(page.getByRole('heading', { name: 'Simpan kode pemulihan ini' })).toBeVisible();
    const code = page.getByTestId('recovery-code');
    await expect(code).toBeVisible();
    expect((await code.innerText()).trim()).toMatch(RECOVERY_CODE);
    await screenshot(page, 'recovery-code');

    const start = page.getByRole('button', { name: 'Mulai memakai Bansos Desk' });
    const saved = page.getByRole('checkbox', { name: /Saya sudah menulis atau mencetak kode pemulihan/ });
    await expect(saved).not.toBeChecked();
    await expect(start).toBeDisabled();
    await saved.check();
    await expect(start).toBeEnabled();
    await saved.uncheck();
    await expect(start).toBeDisabled();
    await saved.check();
    await start.click();
  });

  await test.step('app frame', async () => {
    await expectAppFrame(page, ADMIN.fullName);
    await expect(page.locator('.frame-user')).toContainText('Administrator');
    await expect(page.locator('.brand-office')).toHaveText(ADMIN.officeName);
    const nav = mainNav(page);
    for (const label of ['Beranda', 'Keluarga & Individu', 'Pengguna', 'Log Audit', 'Pengaturan']) {
      await expect(nav.getByRole('link', { name: label, exact: true })).toBeVisible();
    }
    await expect(page.getByRole('heading', { name: `Selamat datang, ${ADMIN.fullName}` })).toBeVisible();
    await expect(page.getByTestId('recovery-code')).toHaveCount(0);
    await screenshot(page, 'home-admin');
  });

  await test.step('the install is set up and the admin is logged in on the server', async () => {
    expect(await invokeInPage(page, 'setup.status')).toMatchObject({
      ok: true,
      value: { initialized: true },
    });
    expect(await invokeInPage(page, 'auth.me')).toMatchObject({
      ok: true,
      value: { user: { username: ADMIN.username, role: 'admin', mustChangePassword: false }, locked: false },
    });
  });

  await test.step('setup cannot run a second time', async () => {
    const again = await invokeInPage(page, 'setup.init', {
      officeName: 'Kantor Lain',
      fullName: 'Penyusup',
      username: 'penyusup',
      password: 'kata sandi yang cukup panjang sekali',
    });
    expect(again).toMatchObject({ ok: false, error: { code: 'ALREADY_SETUP' } });
  });
});

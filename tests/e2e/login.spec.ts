import {
  ADMIN,
  expect,
  expectAppFrame,
  initialize,
  invokeInPage,
  loginAs,
  mainNav,
  openApp,
  screenshot,
  submitLogin,
  test,
  useWebHost,
} from './fixtures/webhost.ts';

// An installed app (setup done through the API); this spec is about logging out and in.
const host = useWebHost(async (h) => {
  await initialize(h);
});

test('logout, a wrong password is refused in Indonesian, the right one logs in', async ({ page }) => {
  await openApp(page, host);

  await test.step('log in and out', async () => {
    await loginAs(page, ADMIN);
    await page.getByRole('button', { name: 'Keluar' }).click();
    await expect(page.getByRole('heading', { name: 'Masuk', exact: true })).toBeVisible();
    await expect(mainNav(page)).toHaveCount(0);
    // The server ended the session too, not only the screen.
    expect(await invokeInPage(page, 'auth.me')).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    expect(await invokeInPage(page, 'users.list')).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    await screenshot(page, 'login');
  });

  await test.step('wrong password', async () => {
    await submitLogin(page, ADMIN.username, 'kopi sore di alun-alun batu 7');
    const error = page.getByRole('alert');
    await expect(error).toContainText('Nama pengguna atau kata sandi salah');
    await expect(mainNav(page)).toHaveCount(0);
    await expect(page.getByRole('heading', { name: 'Masuk', exact: true })).toBeVisible();
    // The wrong password is not left in the field.
    await expect(page.getByLabel('Kata sandi', { exact: true })).toHaveValue('');
    expect(await invokeInPage(page, 'auth.me')).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    await screenshot(page, 'login-wrong-password');
  });

  await test.step('an unknown user gets the same message', async () => {
    await submitLogin(page, 'tidak.ada', ADMIN.password);
    await expect(page.getByRole('alert')).toContainText('Nama pengguna atau kata sandi salah');
    await expect(mainNav(page)).toHaveCount(0);
  });

  await test.step('right password', async () => {
    await submitLogin(page, ADMIN.username, ADMIN.password);
    await expectAppFrame(page, ADMIN.fullName);
    await expect(page.getByRole('heading', { name: `Selamat datang, ${ADMIN.fullName}` })).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
    expect(await invokeInPage(page, 'auth.me')).toMatchObject({
      ok: true,
      value: { user: { username: ADMIN.username } },
    });
  });

  await test.step('the session survives a reload (cookie), without showing the login again', async () => {
    await page.reload();
    await expectAppFrame(page, ADMIN.fullName);
  });
});

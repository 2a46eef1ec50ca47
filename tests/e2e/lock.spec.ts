import type { Page } from '@playwright/test';
import {
  ADMIN,
  apiAnswer,
  expect,
  expectAppFrame,
  initialize,
  invokeInPage,
  loginAs,
  mainNav,
  openApp,
  screenshot,
  test,
  useWebHost,
} from './fixtures/webhost.ts';

const host = useWebHost(async (h) => {
  await initialize(h);
});

const lockHeading = (page: Page) => page.getByRole('heading', { name: 'Layar terkunci' });
const greeting = (page: Page) => page.getByRole('heading', { name: `Selamat datang, ${ADMIN.fullName}` });

/**
 * Nothing of the app is visible or reachable while locked (it stays mounted, hidden and inert,
 * so unsaved work survives the lock); the server refuses data calls too.
 */
async function expectLocked(page: Page, reasonText: string): Promise<void> {
  await expect(lockHeading(page)).toBeVisible();
  await expect(page.getByText(reasonText)).toBeVisible();
  await expect(page.getByText(`Masuk sebagai ${ADMIN.fullName} (${ADMIN.username})`)).toBeVisible();
  await expect(mainNav(page)).toHaveCount(0);
  await expect(greeting(page)).toHaveCount(0);
  await expect(page.locator('.frame')).toBeHidden();
  await expect(page.locator('.app-root')).toHaveAttribute('inert', '');
  await expect(page.getByRole('button', { name: 'Kunci layar' })).toHaveCount(0);
  expect(await invokeInPage(page, 'users.list')).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
}

async function unlock(page: Page, password: string): Promise<void> {
  await page.getByLabel('Kata sandi', { exact: true }).fill(password);
  const answered = apiAnswer(page, 'auth.unlock');
  await page.getByRole('button', { name: 'Buka kunci' }).click();
  await answered;
}

test('the screen locks itself after 15 idle minutes and unlocks with the password', async ({ page }) => {
  // The renderer's idle check runs on the page's clock; take control of it before the app loads.
  await page.clock.install();
  await openApp(page, host);
  await loginAs(page, ADMIN);
  await expect(greeting(page)).toBeVisible();
  expect(await invokeInPage(page, 'auth.me')).toMatchObject({
    ok: true,
    value: { idleLockMinutes: 15, locked: false },
  });

  await test.step('10 idle minutes: still open', async () => {
    await page.clock.fastForward('10:00');
    await page.clock.runFor(6_000);
    await expect(greeting(page)).toBeVisible();
    await expect(lockHeading(page)).toHaveCount(0);
  });

  await test.step('activity restarts the count: 10 more minutes after a mouse move, still open', async () => {
    await page.mouse.move(640, 300);
    await page.mouse.move(660, 320);
    await page.clock.fastForward('10:00');
    await page.clock.runFor(6_000);
    await expect(greeting(page)).toBeVisible();
    await expect(lockHeading(page)).toHaveCount(0);
  });

  await test.step('16 idle minutes: locked', async () => {
    await page.clock.fastForward('06:00');
    await page.clock.runFor(6_000);
    await expectLocked(page, 'Layar dikunci karena tidak ada aktivitas');
    await screenshot(page, 'lock-idle');
  });

  await test.step('a reload does not get past the lock', async () => {
    await page.reload();
    await expect(lockHeading(page)).toBeVisible();
    await expect(mainNav(page)).toHaveCount(0);
  });

  await test.step('a wrong password is refused', async () => {
    await unlock(page, 'kopi sore di alun-alun batu 7');
    await expect(page.getByRole('alert')).toContainText('kata sandi salah');
    await expect(lockHeading(page)).toBeVisible();
    await expect(mainNav(page)).toHaveCount(0);
    await screenshot(page, 'lock-wrong-password');
  });

  await test.step('the right password returns to the app', async () => {
    await unlock(page, ADMIN.password);
    await expectAppFrame(page, ADMIN.fullName);
    await expect(greeting(page)).toBeVisible();
    expect(await invokeInPage(page, 'users.list')).toMatchObject({ ok: true });
    // The idle count starts afresh: the next checks do not lock again at once.
    await page.clock.runFor(11_000);
    await expect(greeting(page)).toBeVisible();
    await expect(lockHeading(page)).toHaveCount(0);
  });
});

test('typing not yet saved is still there after a lock and unlock', async ({ page }) => {
  await openApp(page, host);
  await loginAs(page, ADMIN);
  await mainNav(page).getByRole('link', { name: 'Pengaturan', exact: true }).click();
  const office = page.getByLabel('Nama kantor');
  await office.fill('Dinas Sosial Kota Batu (belum disimpan)');

  await page.getByRole('button', { name: 'Kunci layar' }).click();
  await expect(lockHeading(page)).toBeVisible();
  await expect(office).toBeHidden();
  await unlock(page, ADMIN.password);

  await expect(office).toBeVisible();
  await expect(office).toHaveValue('Dinas Sosial Kota Batu (belum disimpan)');
});

test('"Kunci layar" locks at once', async ({ page }) => {
  await openApp(page, host);
  await loginAs(page, ADMIN);
  await mainNav(page).getByRole('link', { name: 'Pengguna', exact: true }).click();
  await expect(page.locator('table.data')).toBeVisible();

  await page.getByRole('button', { name: 'Kunci layar' }).click();
  await expectLocked(page, 'Layar dikunci. Pekerjaan Anda tetap tersimpan.');
  await expect(page.locator('table.data')).toBeHidden();
  await screenshot(page, 'lock-manual');

  await unlock(page, ADMIN.password);
  await expectAppFrame(page, ADMIN.fullName);
  // Back where the user was.
  await expect(page.getByRole('heading', { name: 'Pengguna', level: 1 })).toBeVisible();
  await expect(page.locator('table.data')).toContainText(ADMIN.username);
});

test('"Keluar dan masuk sebagai pengguna lain" on the lock screen logs out', async ({ page }) => {
  await openApp(page, host);
  await loginAs(page, ADMIN);
  await page.getByRole('button', { name: 'Kunci layar' }).click();
  await expect(lockHeading(page)).toBeVisible();
  await page.getByRole('button', { name: 'Keluar dan masuk sebagai pengguna lain' }).click();
  await expect(page.getByRole('heading', { name: 'Masuk', exact: true })).toBeVisible();
  expect(await invokeInPage(page, 'auth.me')).toMatchObject({
    ok: false,
    error: { code: 'UNAUTHENTICATED' },
  });
});

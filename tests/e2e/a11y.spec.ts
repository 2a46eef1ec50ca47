import { expectNoSeriousA11yFindings, menuPaths, openFromMenu } from './fixtures/axe.ts';
import { expect, loginAs, mainNav, openApp, screenshot, test, useWebHost } from './fixtures/webhost.ts';

/**
 * Accessibility and the way in for a new user, on a demo data folder: axe-core finds nothing
 * serious or critical on any page of any role's menu; the skip links make any page a few keys
 * away; every main page has its "Cara pakai"; the first login shows the role's three tasks
 * until the user hides them.
 */
const host = useWebHost(undefined, { demoHouseholds: 120 });

const PASSWORD = 'demo bansos desk kota batu';
const USERS = [
  { role: 'admin', username: 'admin', password: PASSWORD, fullName: 'Administrator Demo' },
  { role: 'manager', username: 'manajer.demo', password: PASSWORD, fullName: 'Hadi Manajer (demo)' },
  { role: 'officer', username: 'petugas.demo', password: PASSWORD, fullName: 'Rina Petugas (demo)' },
  { role: 'clerk', username: 'operator.demo', password: PASSWORD, fullName: 'Tono Operator (demo)' },
  { role: 'auditor', username: 'auditor.demo', password: PASSWORD, fullName: 'Sari Auditor (demo)' },
];

test.use({ viewport: { width: 1366, height: 768 } });

for (const user of USERS) {
  test(`axe: no serious or critical finding on any page of the ${user.role}'s menu`, async ({ page }) => {
    test.setTimeout(420_000);
    await openApp(page, host);
    await loginAs(page, user);
    const paths = await menuPaths(page);
    expect(paths.length).toBeGreaterThan(2);
    for (const path of paths) {
      await openFromMenu(page, path);
      await expectNoSeriousA11yFindings(page, `${user.role} ${path}`);
      if (path === '/beranda') {
        // Both tabs of Beranda: the indicators hold the charts.
        for (const tab of ['Indikator program', 'Aktivitas saya']) {
          const button = page.getByRole('tab', { name: tab });
          if ((await button.count()) === 0) continue;
          await button.click();
          await page.waitForLoadState('networkidle');
          await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
          await expectNoSeriousA11yFindings(page, `${user.role} ${path} (${tab})`);
        }
      }
      if (path === '/keluarga') {
        // "Cara pakai" opened, once: the same component on every page.
        await page.locator('details.help summary').click();
        await expectNoSeriousA11yFindings(page, `${user.role} ${path} (Cara pakai)`);
      }
    }
  });
}

test('keyboard: from any page, the family list is four keys away through "Lewati ke menu"', async ({
  page,
}) => {
  const clerk = USERS.find((u) => u.role === 'clerk')!;
  await openApp(page, host);
  await loginAs(page, clerk);
  await expect(page.locator('main')).toBeFocused();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Lewati ke menu' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await screenshot(page, 'a11y-skip-to-menu');
  await page.keyboard.press('Enter');
  await expect(mainNav(page).getByRole('link', { name: 'Beranda' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(mainNav(page).getByRole('link', { name: 'Keluarga & Individu' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/keluarga$/);
  await expect(page.getByRole('heading', { name: 'Keluarga & Individu', level: 1 })).toBeVisible();

  // From the top of the window, "Lewati ke isi" is the first stop and lands in the page.
  const toContent = page.getByRole('link', { name: 'Lewati ke isi' });
  const firstStop = await page
    .locator('a[href], button, input, select, textarea, [tabindex="0"]')
    .first()
    .textContent();
  expect(firstStop).toBe('Lewati ke isi');
  await toContent.focus();
  await expect(toContent).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
  await expect(page).toHaveURL(/#\/keluarga$/);
});

test('every main page has a "Cara pakai" that opens and closes', async ({ page }) => {
  const admin = USERS[0]!;
  await openApp(page, host);
  await loginAs(page, admin);
  for (const path of await menuPaths(page)) {
    await openFromMenu(page, path);
    const help = page.locator('details.help');
    await expect(help, path).toHaveCount(1);
    await expect(help.locator('ol')).toBeHidden();
    await help.getByText('Cara pakai').click();
    await expect(help.locator('li').first()).toBeVisible();
    expect(await help.locator('li').count()).toBeGreaterThanOrEqual(3);
    if (path === '/keluarga') await screenshot(page, 'a11y-help-open');
    await help.getByText('Cara pakai').click();
    await expect(help.locator('ol')).toBeHidden();
  }
});

test('the first login shows the role its three tasks until hidden, and remembers', async ({ page }) => {
  const expected: Record<string, string[]> = {
    clerk: ['Impor daftar dari desa', 'Cari dan perbaiki data keluarga', 'Catat pengaduan warga'],
    officer: ['Verifikasi keluarga', 'Catat penyaluran bantuan', 'Tindak lanjuti kasus dan pengaduan'],
    manager: ['Lihat indikator program', 'Setujui hasil verifikasi', 'Cetak laporan bulanan'],
    auditor: ['Periksa log audit', 'Baca laporan', 'Periksa kode verifikasi'],
  };
  await openApp(page, host);
  for (const [role, tasks] of Object.entries(expected)) {
    const user = USERS.find((u) => u.role === role)!;
    // A browser that remembers nothing (the bridge secret included) opens the app from its
    // printed address, as a clerk on a fresh machine does.
    await page.evaluate(() => localStorage.clear());
    await openApp(page, host);
    await loginAs(page, user);
    const card = page.getByRole('region', { name: 'Mulai dari sini' });
    await expect(card).toBeVisible();
    await expect(card.getByRole('link')).toHaveText(tasks.map((t) => `${t}`));
    if (role === 'clerk') await screenshot(page, 'a11y-first-tasks-clerk');
    await card.getByRole('link').first().click();
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.goto(`${host.url}/#/beranda`);
    await card.getByRole('button', { name: 'Sudah paham, sembunyikan' }).click();
    await expect(card).toHaveCount(0);
    await page.getByRole('button', { name: 'Keluar', exact: true }).click();
    // Logged in again: still hidden for this user.
    await loginAs(page, user);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Mulai dari sini' })).toHaveCount(0);
    await page.getByRole('button', { name: 'Keluar', exact: true }).click();
  }
});

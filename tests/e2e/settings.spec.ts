import {
  ADMIN,
  expect,
  initialize,
  loginAs,
  mainNav,
  openApp,
  test,
  useWebHost,
} from './fixtures/webhost.ts';
import { screenshotWholePage } from './fixtures/wholePage.ts';

const host = useWebHost(async (h) => {
  await initialize(h);
});

test('the admin sets the import file limits; an unsafe value is refused on its field', async ({ page }) => {
  await openApp(page, host);
  await loginAs(page, ADMIN);
  await mainNav(page).getByRole('link', { name: 'Pengaturan', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Batas berkas impor' })).toBeVisible();
  const rows = page.getByLabel('Jumlah baris paling banyak');
  await expect(rows).toHaveValue('300000');

  await rows.fill('5');
  await page.getByRole('button', { name: 'Simpan', exact: true }).first().click();
  await expect(page.getByText('Minimal 100 baris.')).toBeVisible();
  await expect(rows).toHaveAttribute('aria-invalid', 'true');

  await rows.fill('150000');
  await page.getByRole('button', { name: 'Simpan', exact: true }).first().click();
  await expect(page.getByText('Pengaturan disimpan.')).toBeVisible();
  await screenshotWholePage(page, 'settings-import-limits');

  await page.reload();
  await expect(page.getByLabel('Jumlah baris paling banyak')).toHaveValue('150000');
});

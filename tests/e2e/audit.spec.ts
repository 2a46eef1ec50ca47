import {
  ADMIN,
  CLERK,
  expect,
  initialize,
  loginAs,
  mainNav,
  openApp,
  screenshot,
  test,
  useWebHost,
} from './fixtures/webhost.ts';

// Installed, with a clerk created by the admin: the log has setup, user and login entries.
const host = useWebHost(async (h) => {
  const admin = await initialize(h);
  await admin.ok('users.create', {
    username: CLERK.username,
    fullName: CLERK.fullName,
    role: 'clerk',
    area: { kecamatan: [], desa: [] },
    temporaryPassword: CLERK.temporaryPassword,
  });
});

test('the audit log lists what happened and its chain verifies', async ({ page }) => {
  await openApp(page, host);
  await loginAs(page, ADMIN);
  await mainNav(page).getByRole('link', { name: 'Log Audit', exact: true }).click();
  await expect(page).toHaveURL(/#\/audit$/);
  await expect(page.getByRole('heading', { name: 'Log Audit', level: 1 })).toBeVisible();

  const table = page.locator('table.data');
  const rows = table.locator('tbody tr');
  // Each action shows its Indonesian label and, for auditors, its code.
  const actionCells = rows.locator('td:nth-child(4) code');

  await test.step('entries', async () => {
    await expect(rows.first()).toBeVisible();
    for (const action of ['users.create', 'auth.login']) {
      await expect(actionCells.filter({ hasText: action }).first()).toBeVisible();
    }
    await expect(rows.first().locator('td:nth-child(4)')).toContainText('Masuk');
    // Newest first: the admin's login just now heads the list. Setup's own entries (reference
    // data seeded at first run) are further down, beyond the first page.
    await expect(actionCells.first()).toHaveText('auth.login');
    const creates = rows.filter({ has: page.locator('td:nth-child(4) code', { hasText: 'users.create' }) });
    const createRow = creates.filter({ hasText: CLERK.username });
    await expect(createRow).toHaveCount(1);
    await expect(createRow.locator('td:nth-child(3)')).toHaveText(ADMIN.username);
    await expect(createRow.locator('td:nth-child(5)')).toContainText('users');
    await expect(createRow.locator('td:nth-child(6)')).toContainText(CLERK.username);
    await screenshot(page, 'audit');
  });

  await test.step('"Periksa keutuhan" reports an intact chain', async () => {
    const newestSeq = Number(await rows.first().locator('td:nth-child(1)').innerText());
    expect(newestSeq).toBeGreaterThan(2);
    await page.getByRole('button', { name: 'Periksa keutuhan' }).click();
    const report = page.getByRole('status').filter({ hasText: 'Rantai utuh' });
    await expect(report).toBeVisible();
    await expect(report).toContainText(`Rantai utuh: ${newestSeq} catatan diperiksa`);
    await expect(page.getByText('Rantai TIDAK utuh')).toHaveCount(0);
    await screenshot(page, 'audit-verified');
  });

  await test.step('filtering by action prefix', async () => {
    await page.getByLabel('Tindakan diawali').fill('setup.');
    await page.getByRole('button', { name: 'Terapkan' }).click();
    await expect(actionCells).toHaveText(['setup.init']);
    // Two accounts were made: the admin (during setup) and the clerk.
    await page.getByLabel('Tindakan diawali').fill('users.');
    await page.getByRole('button', { name: 'Terapkan' }).click();
    await expect(actionCells).toHaveText(['users.create', 'users.create']);
    await page.getByLabel('Tindakan diawali').fill('');
    await page.getByRole('button', { name: 'Terapkan' }).click();
    await expect(actionCells.filter({ hasText: 'auth.login' }).first()).toBeVisible();
  });
});

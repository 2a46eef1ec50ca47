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
  // What happened, in words: the action's label; codes (users.create) are never shown.
  const actionCells = rows.locator('td:nth-child(4) .audit-action');

  await test.step('entries read as sentences', async () => {
    await expect(rows.first()).toBeVisible();
    // Newest first: the admin's login just now heads the list. Setup's own entries (reference
    // data seeded at first run) are further down, beyond the first page.
    await expect(actionCells.first()).toHaveText('Masuk ke aplikasi');
    const createRow = rows.filter({ hasText: 'Pengguna ditambahkan' }).filter({ hasText: CLERK.username });
    await expect(createRow).toHaveCount(1);
    await expect(createRow.locator('td:nth-child(2)')).toHaveText(/^\d{2}-\d{2}-\d{4} \d{2}\.\d{2} WIB$/);
    await expect(createRow.locator('td:nth-child(3)')).toHaveText(ADMIN.username);
    await expect(createRow.locator('td:nth-child(4)')).toContainText('Data: pengguna');
    const details = createRow.locator('td:nth-child(5)');
    await expect(details).toContainText(`Nama pengguna: ${CLERK.username}`);
    await expect(details).toContainText('Peran: Operator Data');
    await expect(details).toContainText('Wilayah kerja: seluruh kota');
    await expect(table).not.toContainText('users.create');
    await expect(table).not.toContainText('full_name');
    await expect(table).not.toContainText('{"');
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

  await test.step('filtering by an action in words', async () => {
    const filter = page.getByLabel('Tindakan', { exact: true });
    await filter.selectOption({ label: 'Aplikasi disiapkan' });
    await page.getByRole('button', { name: 'Terapkan' }).click();
    await expect(actionCells).toHaveText(['Aplikasi disiapkan']);
    // Two accounts were made: the admin (during setup) and the clerk.
    await filter.selectOption({ label: 'Pengguna ditambahkan' });
    await page.getByRole('button', { name: 'Terapkan' }).click();
    await expect(actionCells).toHaveText(['Pengguna ditambahkan', 'Pengguna ditambahkan']);
    await filter.selectOption({ label: 'Semua tindakan' });
    await page.getByRole('button', { name: 'Terapkan' }).click();
    await expect(actionCells.filter({ hasText: 'Masuk ke aplikasi' }).first()).toBeVisible();
  });
});

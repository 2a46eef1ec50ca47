import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expectNoSeriousA11yFindings } from './fixtures/axe.ts';
import { chooseMonth } from './fixtures/monthField.ts';
import { REPO_ROOT, apiAnswer, expect, loginAs, openApp, test, useWebHost } from './fixtures/webhost.ts';

/**
 * A new clerk of each role, on the office laptop's 1366x768, on their first day: Beranda shows
 * the three tasks of the role; each leads to its page, whose "Cara pakai" opens; axe finds
 * nothing serious on any of them. Screenshots in test-results/new-clerk/ to look at.
 */
const host = useWebHost(undefined, { demoHouseholds: 120 });
const PASSWORD = 'demo bansos desk kota batu';
const SHOTS = join(REPO_ROOT, 'test-results/new-clerk');

test.use({ viewport: { width: 1366, height: 768 } });

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

const ROLES = [
  { role: 'clerk', username: 'operator.demo', fullName: 'Tono Operator (demo)' },
  { role: 'officer', username: 'petugas.demo', fullName: 'Rina Petugas (demo)' },
  { role: 'manager', username: 'manajer.demo', fullName: 'Hadi Manajer (demo)' },
  { role: 'auditor', username: 'auditor.demo', fullName: 'Sari Auditor (demo)' },
];

for (const user of ROLES) {
  test(`a new ${user.role} finds the day's three tasks, their help, and nothing axe calls serious`, async ({
    page,
  }) => {
    test.setTimeout(300_000);
    await openApp(page, host);
    await loginAs(page, { ...user, password: PASSWORD });
    const card = page.getByRole('region', { name: 'Mulai dari sini' });
    await expect(card).toBeVisible();
    await expect(card.getByRole('link')).toHaveCount(3);
    await page.waitForLoadState('networkidle');
    await shot(page, `${user.role}-0-beranda`);
    await expectNoSeriousA11yFindings(page, `${user.role} Beranda`);
    const tasks = await card
      .getByRole('link')
      .evaluateAll((links) => links.map((a) => [a.textContent ?? '', a.getAttribute('href') ?? '']));

    for (const [i, [title, href]] of tasks.entries()) {
      await test.step(title!, async () => {
        await page.goto(`${host.url}/${href}`);
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
        await page.waitForLoadState('networkidle');
        const help = page.locator('details.help');
        if (href === '#/beranda' || (await help.count())) {
          await help.getByText('Cara pakai').click();
          await expect(help.locator('li').first()).toBeVisible();
        }
        await shot(page, `${user.role}-${i + 1}-${href!.replace(/\W+/g, '-').replace(/^-|-$/g, '')}`);
        await expectNoSeriousA11yFindings(page, `${user.role} ${title}`);
      });
    }

    if (user.role === 'manager') {
      await test.step('the monthly report of this month: provisional, signers to fill named', async () => {
        await page.goto(`${host.url}/#/laporan`);
        await page.getByLabel('Laporan', { exact: true }).selectOption('bulanan');
        const now = new Date();
        const month = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
        await chooseMonth(page, 'Bulan laporan', month);
        const answered = apiAnswer(page, 'reports.preview');
        await page.getByRole('button', { name: 'Tampilkan pratinjau' }).click();
        await answered;
        await expect(page.getByText(/Nama dan NIP penanda tangan belum diisi/)).toBeVisible();
        const frame = page.frameLocator('iframe.report-frame');
        await expect(frame.getByText(/^SEMENTARA: angka bulan \S+ \d{4} dapat berubah/)).toBeVisible();
        await shot(page, 'manager-4-laporan-sementara');
        await expectNoSeriousA11yFindings(page, 'manager monthly report preview');
      });
    }

    await page.goto(`${host.url}/#/beranda`);
    await page.getByRole('button', { name: 'Sudah paham, sembunyikan' }).click();
    await expect(page.getByRole('region', { name: 'Mulai dari sini' })).toHaveCount(0);
    await shot(page, `${user.role}-9-beranda-hidden`);
  });
}

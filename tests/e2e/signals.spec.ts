import type { Page } from '@playwright/test';
import {
  apiAnswer,
  expect,
  initialize,
  loginAs,
  openApp,
  screenshot,
  staffAccount,
  test,
  useWebHost,
  type WebHost,
} from './fixtures/webhost.ts';

/**
 * Leakage signals (issue 15) as a manager meets them: Beranda shows the open signals with
 * counts, one opens its list, a row opens the family, and the manager marks a case checked
 * with a note. Seeded through the API: two unrelated families on one bank account, and a PKH
 * payment made after the payee died, in a period with a due date.
 */
const MANAGER = {
  fullName: 'Hadi Manajer',
  username: 'hadi.manajer',
  password: 'teh manis di pasar laut batu',
};
const OFFICER = {
  fullName: 'Rina Petugas',
  username: 'rina.petugas',
  password: 'jagung bakar di paralayang',
};

async function seed(host: WebHost): Promise<void> {
  const admin = await initialize(host);
  await staffAccount(host, admin, MANAGER, 'manager');
  const officer = await staffAccount(host, admin, OFFICER, 'officer');
  const family = async (name: string, rt: string, extra: Record<string, string>) =>
    (
      await officer.ok('households.create', {
        household: { kkNumber: null, desaCode: '35.79.01.2006', rt, rw: '2', address: `Jl. Anggrek ${rt}` },
        members: [
          { nik: null, name, sex: 'P', birthDate: '1970-04-02', relationship: 'kepala_keluarga', ...extra },
        ],
      })
    ).value.id;
  await family('Sri Wahyuni', '1', { bankAccount: '0021-3344-5566' });
  await family('Endang Lestari', '7', { bankAccount: '002133445566' });
  const widow = await family('Suminah', '3', {});
  const programs = await officer.ok('reference.programs', {});
  const pkh = programs.find((p) => p.code === 'PKH')!;
  await officer.ok('enrolments.create', {
    householdId: widow,
    programId: pkh.id,
    componentId: pkh.components.find((c) => c.code === 'lansia')!.id,
    status: 'aktif',
  });
  const period = await officer.ok('disbursement.openPeriod', {
    programId: pkh.id,
    year: 2026,
    startMonth: 7,
    months: 3,
    dueDate: '2026-09-30',
  });
  const [item] = (await officer.ok('disbursement.items', { periodId: period.id })).rows;
  await officer.ok('disbursement.setStatus', {
    itemIds: [item!.id],
    status: 'tersalurkan',
    paidDate: '2026-09-10',
    notPaidReason: null,
    reference: null,
  });
  const page = await officer.ok('households.get', { id: widow });
  await officer.ok('people.setStatus', {
    id: page.members[0]!.id,
    status: 'meninggal',
    date: '2026-08-20',
    reason: 'Meninggal dunia',
  });
}

const host = useWebHost(seed);

async function desk(page: Page) {
  await page.setViewportSize({ width: 1366, height: 768 });
  await openApp(page, host);
  await loginAs(page, MANAGER);
}

test('a manager sees open signals on Beranda, drills into one, opens the family and marks a case checked', async ({
  page,
}) => {
  await desk(page);
  const card = page.getByRole('region', { name: 'Sinyal kebocoran yang terbuka' });
  const shared = card.getByRole('link', {
    name: /Rekening, kartu KKS atau nomor HP dipakai beberapa keluarga/,
  });
  await expect(shared).toContainText('1');
  await expect(card.getByRole('link', { name: /Dibayar setelah meninggal/ })).toContainText('1');
  // PKH July-September: 1 recipient, paid 10 September, due 30 September.
  await expect(page.locator('.tile', { hasText: 'Tersalurkan tepat waktu' })).toContainText('100');
  await screenshot(page, 'signals-beranda-top');
  await card.scrollIntoViewIfNeeded();
  await screenshot(page, 'signals-beranda');

  await shared.click();
  await expect(
    page.getByRole('heading', {
      name: 'Rekening, kartu KKS atau nomor HP dipakai beberapa keluarga',
      level: 1,
    }),
  ).toBeVisible();
  const row = page.getByRole('row', { name: /Sri Wahyuni/ });
  // A manager may read specific data: the number in full, written once as digits.
  await expect(row).toContainText('Rekening 002133445566 tercatat pada 2 keluarga yang tidak serumah');
  await screenshot(page, 'signals-list');

  await test.step('a row opens the family', async () => {
    await row.getByRole('link', { name: 'Endang Lestari' }).click();
    await expect(page).toHaveURL(/#\/keluarga\//);
    await expect(page.getByText('Endang Lestari').first()).toBeVisible();
    // The family page shows a manager the numbers (specific data) beside the member.
    await expect(page.getByText('Rek. 002133445566')).toBeVisible();
    await screenshot(page, 'signals-family');
    await page.goBack();
  });

  await test.step('mark it checked, with a note', async () => {
    await page
      .getByRole('row', { name: /Sri Wahyuni/ })
      .getByRole('button', { name: 'Tandai diperiksa' })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Tandai sudah diperiksa' });
    const refused = apiAnswer(page, 'signals.check');
    await dialog.getByRole('button', { name: 'Simpan' }).click();
    await refused;
    await expect(dialog.getByRole('alert')).toContainText('Tuliskan hasil pemeriksaan');
    await dialog
      .getByLabel('Hasil pemeriksaan (wajib)')
      .fill('Dua kakak beradik, rekening milik ibu mereka. Sudah dicek ke bank.');
    await screenshot(page, 'signals-check-dialog');
    const saved = apiAnswer(page, 'signals.check');
    await dialog.getByRole('button', { name: 'Simpan' }).click();
    await saved;
    await expect(dialog).toHaveCount(0);
    await expect(page.getByText('Ditandai sudah diperiksa.')).toBeVisible();
    await expect(page.getByText('Tidak ada baris di daftar ini.')).toBeVisible();
    await page.getByLabel('Tampilkan').selectOption({ label: 'Sudah diperiksa' });
    await expect(page.getByRole('row', { name: /Sri Wahyuni/ })).toContainText('Sudah dicek ke bank.');
    await expect(page.getByRole('row', { name: /Sri Wahyuni/ })).toContainText('Diperiksa Hadi Manajer');
    await screenshot(page, 'signals-checked');
  });

  await test.step('Beranda counts it no longer; on time is shown', async () => {
    await page.goto(`${host.url}/#/beranda`);
    await expect(card.getByRole('link', { name: /Rekening, kartu KKS/ })).toContainText('0');
    await expect(page.getByText('Tersalurkan tepat waktu')).toBeVisible();
  });
});

test('closing a period that paid someone after death warns first', async ({ page }) => {
  await desk(page);
  await page.goto(`${host.url}/#/penyaluran`);
  await page
    .getByRole('link', { name: /Juli–September 2026/ })
    .first()
    .click();
  await page.getByRole('button', { name: 'Tutup periode' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Periode ini membayar 1 penerima yang sudah meninggal');
  await expect(dialog).toContainText('Suminah');
  const close = dialog.getByRole('button', { name: 'Ya, tutup periode' });
  await expect(close).toBeDisabled();
  await screenshot(page, 'signals-close-warning');
  await dialog.getByLabel('Saya sudah membaca peringatan ini dan tetap menutup periode').check();
  await expect(close).toBeEnabled();
});

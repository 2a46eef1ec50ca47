import ExcelJS from 'exceljs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  expect,
  initialize,
  loginAs,
  mainNav,
  openApp,
  screenshot,
  staffAccount,
  test,
  useWebHost,
  type WebHost,
} from './fixtures/webhost.ts';

/**
 * Proposals to the ministry (issue 15): a family outside DTKS found eligible, approved by the
 * manager; the data clerk exports the month's approvals as SIKS-NG proposals from the export
 * page and downloads the file. Seeded through the API.
 */
const CLERK = {
  fullName: 'Dewi Operator',
  username: 'dewi.operator',
  password: 'apel malang di alun alun batu',
};
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
const NIK = '3579015203720001';
const KK = '3579012003150001';

async function seed(host: WebHost): Promise<void> {
  const admin = await initialize(host);
  const manager = await staffAccount(host, admin, MANAGER, 'manager');
  const officer = await staffAccount(host, admin, OFFICER, 'officer');
  await staffAccount(host, admin, CLERK, 'clerk');
  const household = (
    await officer.ok('households.create', {
      household: {
        kkNumber: KK,
        desaCode: '35.79.01.2006',
        rt: '4',
        rw: '2',
        address: 'Jl. Anggrek 9',
        dtksStatus: 'NON_DTKS',
      },
      members: [
        {
          nik: NIK,
          name: 'Sulastri Wahyuningsih',
          sex: 'P',
          birthDate: '1972-03-12',
          relationship: 'kepala_keluarga',
        },
      ],
    })
  ).value.id;
  const { id } = await officer.ok('verification.start', { householdId: household });
  const view = await officer.ok('verification.get', { id });
  await officer.ok('verification.saveVisit', {
    id,
    expectedVersion: view.version,
    visit: { visitDate: '2026-12-01', findings: 'Rumah berdinding bambu, lantai tanah' },
  });
  await officer.ok('verification.submit', { id, outcome: 'layak', reason: 'Janda, penghasilan tidak tetap' });
  await manager.ok('verification.approve', { id, decision: 'disetujui' });
}

const host = useWebHost(seed);

test('the clerk exports the approved verifications as SIKS-NG proposals', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await openApp(page, host);
  await loginAs(page, CLERK);
  await mainNav(page).getByRole('link', { name: 'Impor/Ekspor', exact: true }).click();
  await page.getByRole('tab', { name: 'Ekspor', exact: true }).click();
  await page.getByLabel('Daftar', { exact: true }).selectOption({ label: 'Usulan ke Kemensos (SIKS-NG)' });
  // This month's approvals by default; the NIK goes in full, and the page says why.
  await expect(page.getByLabel('Verifikasi disetujui dari tanggal')).toHaveValue(/^01\/\d{2}\/\d{4}$/);
  await expect(page.getByText('NIK dan No. KK ditulis lengkap')).toBeVisible();
  await expect(page.getByText('NIK dan No. KK di daftar')).toHaveCount(0);
  await screenshot(page, 'siks-ng-export-form');

  await page.getByRole('button', { name: 'Ekspor', exact: true }).click();
  const done = page.getByRole('status').filter({ hasText: '1 baris diekspor ke' });
  await expect(done).toBeVisible({ timeout: 30_000 });
  await screenshot(page, 'siks-ng-export-done');
  const download = page.waitForEvent('download');
  await done.getByRole('link', { name: 'Unduh' }).click();
  const file = join(mkdtempSync(join(tmpdir(), 'siks-ng-')), 'usulan.xlsx');
  await (await download).saveAs(file);

  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const sheet = wb.worksheets[0]!;
  const header = (sheet.getRow(1).values as unknown[]).slice(1);
  const row = (sheet.getRow(2).values as unknown[]).slice(1);
  expect(header.slice(8, 12)).toEqual(['No KK', '401', '402 Nama', '403 NIK']);
  expect([row[8], row[10], row[11], row[header.indexOf('JENIS USULAN')]]).toEqual([
    KK,
    'Sulastri Wahyuningsih',
    NIK,
    'USULAN BARU',
  ]);
});

import type { Locator, Page } from '@playwright/test';
import {
  ApiClient,
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
 * A verification that changes something (issue 15): the manager assigns a visit to an officer,
 * reads what approving "layak" will do to the family's programmes (BPNT proposed -> active from
 * next month), approves, sees the change, and undoes the approval after being asked.
 * Seeded through the API: one family with BPNT proposed, its visit recorded and submitted.
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
const HEAD = 'Sulastri Wahyuningsih';
const WAITING = 'Paini Rahayu';

async function seed(host: WebHost): Promise<void> {
  const admin = await initialize(host);
  await staffAccount(host, admin, MANAGER, 'manager');
  const officer = await staffAccount(host, admin, OFFICER, 'officer');
  const household = (
    await officer.ok('households.create', {
      household: { kkNumber: null, desaCode: '35.79.01.2006', rt: '4', rw: '2', address: 'Jl. Anggrek 9' },
      members: [
        { nik: null, name: HEAD, sex: 'P', birthDate: '1972-03-09', relationship: 'kepala_keluarga' },
      ],
    })
  ).value.id;
  const programs = await officer.ok('reference.programs', {});
  const bpnt = programs.find((p) => p.code === 'BPNT')!;
  await officer.ok('enrolments.create', {
    householdId: household,
    programId: bpnt.id,
    componentId: bpnt.components[0]!.id,
    status: 'usulan',
  });
  const { id } = await officer.ok('verification.start', { householdId: household });
  const view = await officer.ok('verification.get', { id });
  await officer.ok('verification.saveVisit', {
    id,
    expectedVersion: view.version,
    visit: { visitDate: '2026-12-01', findings: 'Rumah berdinding bambu, lantai tanah' },
  });
  await officer.ok('verification.submit', {
    id,
    outcome: 'layak',
    reason: 'Penghasilan di bawah garis kemiskinan',
  });
  const waiting = (
    await officer.ok('households.create', {
      household: { kkNumber: null, desaCode: '35.79.01.2006', rt: '6', rw: '2', address: 'Jl. Mawar 3' },
      members: [
        { nik: null, name: WAITING, sex: 'P', birthDate: '1968-07-21', relationship: 'kepala_keluarga' },
      ],
    })
  ).value.id;
  await officer.ok('verification.start', { householdId: waiting });
}

const host = useWebHost(seed);

function card(page: Page, heading: string | RegExp): Locator {
  return page.locator('section.card').filter({ has: page.getByRole('heading', { name: heading, level: 2 }) });
}

test('the manager reads what approving changes, approves, and undoes it after being asked', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await openApp(page, host);
  await loginAs(page, MANAGER);
  await page.goto(`${host.url}/#/verifikasi`);
  await page.getByRole('tab', { name: 'Menunggu persetujuan (1)' }).click();
  await page.getByRole('link', { name: `Periksa: ${HEAD}` }).click();

  const approval = card(page, 'Persetujuan');
  await expect(approval).toContainText('Bila disetujui, program keluarga berubah:');
  await expect(approval).toContainText(/Bantuan Pangan Non Tunai|BPNT/);
  await expect(approval).toContainText('Usulan → Aktif, mulai 1 Januari 2027');
  await approval.scrollIntoViewIfNeeded();
  await screenshot(page, 'verification-outcome-preview');

  await approval.getByRole('button', { name: /Setujui/ }).click();
  await page
    .getByRole('dialog', { name: 'Setujui hasil verifikasi?' })
    .getByRole('button', { name: 'Ya, setujui' })
    .click();
  const applied = card(page, 'Perubahan program karena persetujuan ini');
  await expect(applied).toContainText('Usulan → Aktif');
  await applied.scrollIntoViewIfNeeded();
  await screenshot(page, 'verification-outcome-applied');

  await applied.getByRole('button', { name: 'Batalkan persetujuan…' }).click();
  const confirm = page.getByRole('dialog', { name: 'Batalkan persetujuan verifikasi?' });
  await expect(confirm).toContainText('1 kepesertaan program dikembalikan');
  // The buttons say what they do; neither is a bare "Batal".
  await expect(confirm.getByRole('button')).toHaveText(['Ya, batalkan persetujuan', 'Kembali']);
  await screenshot(page, 'verification-outcome-undo');
  await confirm.getByRole('button', { name: 'Ya, batalkan persetujuan' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(card(page, 'Persetujuan')).toContainText('Usulan → Aktif, mulai 1 Januari 2027');
});

test('the manager assigns an open visit to an officer, who finds it in their work', async ({ page }) => {
  const manager = new ApiClient(host);
  await manager.ok('auth.login', { username: MANAGER.username, password: MANAGER.password });
  const [open] = await manager.ok('verification.list', { status: 'belum_diverifikasi' });
  expect(open?.headName).toBe(WAITING);

  await page.setViewportSize({ width: 1366, height: 768 });
  await openApp(page, host);
  await loginAs(page, MANAGER);
  await page.goto(`${host.url}/#/verifikasi/${open!.id}`);
  await page.getByLabel('Ditugaskan kepada').selectOption({ label: OFFICER.fullName });
  await page.getByRole('button', { name: 'Tugaskan' }).click();
  await expect(page.getByRole('button', { name: 'Tugaskan' })).toBeDisabled();
  await screenshot(page, 'verification-assigned');

  const officer = new ApiClient(host);
  await officer.ok('auth.login', { username: OFFICER.username, password: OFFICER.password });
  const work = await officer.ok('work.mine', {});
  expect(work.filter((w) => w.id === open!.id)).toHaveLength(1);
  expect((await officer.ok('verification.get', { id: open!.id })).assignedTo).not.toBeNull();
});

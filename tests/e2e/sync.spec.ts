/**
 * Two offices (two web hosts, two encrypted databases) and one central sync server on loopback:
 * a family registered in one office appears in the other after sync, and a conflict made by
 * editing the same field in both offices is resolved by a person on the Sinkronisasi page.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ADMIN,
  ApiClient,
  expect,
  initialize,
  loginAs,
  mainNav,
  openApp,
  REPO_ROOT,
  screenshot,
  startWebHost,
  test,
  type WebHost,
} from './fixtures/webhost.ts';
import { openStore } from '../../server/store.ts';
import { alarm } from '../../server/sync.ts';

const OFFICER = {
  fullName: 'Rina Petugas',
  username: 'rina.petugas',
  temporaryPassword: 'sementara sepeda motor menuju desa punten',
  password: 'sepeda motor menuju desa punten',
};

interface Office {
  host: WebHost;
  admin: ApiClient;
  officer: ApiClient;
}

// The server's SQLite store is encrypted: every server process here (and openStore in-process)
// opens it with this test passphrase.
process.env.BANSOS_SERVER_PASSPHRASE ??= 'frasa sandi uji server kota batu';
let serverDir = '';
let server: ChildProcess | null = null;
let serverUrl = '';
const offices: Office[] = [];
let householdId = '';

function serverCli(args: string[]): string {
  return execFileSync(process.execPath, ['--import', 'tsx', 'server/main.ts', ...args, '--data', serverDir], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  }).trim();
}

async function office(name: string, area: string[] = []): Promise<Office> {
  const host = await startWebHost();
  const admin = await initialize(host);
  await admin.ok('users.create', {
    username: OFFICER.username,
    fullName: OFFICER.fullName,
    role: 'officer',
    area: { kecamatan: [], desa: [] },
    temporaryPassword: OFFICER.temporaryPassword,
  });
  const officer = new ApiClient(host);
  await officer.ok('auth.login', { username: OFFICER.username, password: OFFICER.temporaryPassword });
  await officer.ok('auth.changePassword', {
    currentPassword: OFFICER.temporaryPassword,
    newPassword: OFFICER.password,
  });
  await admin.ok('sync.enrol', { serverUrl, code: serverCli(['enrol-code', ...area]), deviceName: name });
  return { host, admin, officer };
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  serverDir = mkdtempSync(join(tmpdir(), 'bansos-e2e-server-'));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'server/main.ts', 'start', '--data', serverDir, '--port', '0'],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  server = child;
  serverUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /BANSOS_SERVER_URL=(\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`sync server exited ${code}`)));
  });
  offices.push(await office('Kantor Kecamatan Batu'));
  offices.push(await office('Kantor Kecamatan Bumiaji'));
});

test.afterAll(async () => {
  for (const o of offices) await o.host.stop();
  server?.kill('SIGTERM');
  rmSync(serverDir, { recursive: true, force: true });
});

test('a family registered in one office appears in the other after sync', async ({ page }) => {
  const [batu, bumiaji] = offices as [Office, Office];
  const saved = await batu.officer.ok('households.create', {
    household: { kkNumber: '3579012003150004', desaCode: '35.79.01.2006', address: 'Jl. Panderman 12' },
    members: [
      {
        nik: '3579011205800001',
        name: 'Slamet Riyadi',
        sex: 'L',
        birthDate: '1980-05-12',
        relationship: 'kepala_keluarga',
      },
    ],
  });
  householdId = saved.value.id;

  // Office 1: the Sinkronisasi page shows one pending change set, then sends it.
  await openApp(page, batu.host);
  await loginAs(page, { ...OFFICER });
  await mainNav(page).getByRole('link', { name: 'Sinkronisasi' }).click();
  await expect(page.getByRole('heading', { name: 'Sinkronisasi', level: 1 })).toBeVisible();
  await expect(page.getByTestId('pending')).not.toHaveText(/Tidak ada/);
  await screenshot(page, 'sync-pending');
  await page.getByTestId('sync-now').click();
  await expect(page.getByText(/Sinkronisasi selesai/)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('pending')).toHaveText('Tidak ada, semua sudah terkirim');
  await screenshot(page, 'sync-done');

  // Office 2: after its sync, the family is there.
  await bumiaji.officer.ok('sync.run', {});
  const there = await bumiaji.officer.ok('households.get', { id: householdId });
  expect(there.household.address).toBe('Jl. Panderman 12');
  expect(there.members.map((m) => m.name)).toEqual(['Slamet Riyadi']);
});

test('a conflict from the same field edited in two offices is resolved on the Sinkronisasi page', async ({
  page,
}) => {
  const [batu, bumiaji] = offices as [Office, Office];
  for (const [o, address] of [
    [batu, 'Jl. Panderman 12A (Batu)'],
    [bumiaji, 'Jl. Panderman 12B (Bumiaji)'],
  ] as const) {
    const current = await o.officer.ok('households.get', { id: householdId });
    await o.officer.ok('households.update', {
      id: householdId,
      expectedVersion: current.household.version,
      household: { kkNumber: '3579012003150004', desaCode: '35.79.01.2006', address },
    });
  }
  await batu.officer.ok('sync.run', {});
  const second = await bumiaji.officer.ok('sync.run', {});
  expect(second.conflictsOpen).toBe(1);

  await openApp(page, bumiaji.host);
  await loginAs(page, { ...OFFICER });
  await mainNav(page).getByRole('link', { name: 'Sinkronisasi' }).click();
  const table = page.getByTestId('conflicts');
  const row = table.locator('tbody tr').filter({ hasText: 'alamat' });
  await expect(row).toContainText('Jl. Panderman 12A (Batu)');
  await expect(row).toContainText('Jl. Panderman 12B (Bumiaji)');
  await expect(row).toContainText('Menunggu keputusan');
  await screenshot(page, 'sync-conflicts');
  await row.getByRole('button', { name: 'Putuskan' }).click();
  const dialog = page.getByRole('dialog', { name: 'Putuskan konflik' });
  await expect(dialog).toBeVisible();
  await screenshot(page, 'sync-decide');
  await dialog.getByRole('button', { name: 'Pakai nilai kantor lain' }).click();
  await expect(page.getByText('Keputusan disimpan')).toBeVisible();
  await page.getByTestId('sync-now').click();
  await expect(page.getByText(/Sinkronisasi selesai/)).toBeVisible({ timeout: 30_000 });
  await page.getByLabel('Tampilkan juga yang sudah diputuskan').check();
  await expect(table.locator('tbody tr').filter({ hasText: 'alamat' })).toContainText(
    'Diputuskan oleh rina.petugas',
  );
  await screenshot(page, 'sync-resolved');

  // The decision reached the other office, and it is in this office's audit log.
  await batu.officer.ok('sync.run', {});
  const batuView = await batu.officer.ok('households.get', { id: householdId });
  expect(batuView.household.address).toBe('Jl. Panderman 12B (Bumiaji)');
  const log = await bumiaji.admin.ok('audit.list', { limit: 20, action: 'sync.conflict.resolve' });
  expect(log.entries.map((e) => e.username)).toContain(OFFICER.username);
  expect(ADMIN.username).toBeTruthy();
});

test('a sync that brings an alarm from the server is not shown as done, and the alarm is listed once', async ({
  page,
}) => {
  const [batu] = offices as [Office, Office];
  const { deviceId } = await batu.admin.ok('sync.status', {});
  // The server records an alarm for this office's device, as it does for a broken chain.
  const store = await openStore(serverDir);
  try {
    await alarm(
      store.db,
      deviceId,
      new Date().toISOString(),
      'outbox_chain',
      'Rantai perubahan perangkat Kantor Kecamatan Batu putus pada nomor 7.',
    );
  } finally {
    await store.close();
  }

  await page.setViewportSize({ width: 1366, height: 768 });
  await openApp(page, batu.host);
  await loginAs(page, { ...OFFICER });
  await mainNav(page).getByRole('link', { name: 'Sinkronisasi' }).click();
  await page.getByTestId('sync-now').click();
  await expect(page.getByText(/server mencatat 1 alarm/)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/Sinkronisasi selesai/)).toHaveCount(0);
  await expect(page.getByText(/putus pada nomor 7/)).toHaveCount(1);
  await screenshot(page, 'sync-alarm');

  // Said once: the next sync, with nothing new from the server, is done again; the alarm stays
  // in the server's list, once.
  await page.getByTestId('sync-now').click();
  await expect(page.getByText(/Sinkronisasi selesai/)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/server mencatat/)).toHaveCount(0);
  await expect(page.getByText(/putus pada nomor 7/)).toHaveCount(1);
});

test('a desa office holds only its desa; a family that moves away leaves it with a note on the page', async ({
  page,
}) => {
  const [batu] = offices as [Office, Office];
  const oro = await office('Kantor Desa Oro-oro Ombo', ['--desa', '35.79.01.2006']);
  try {
    await oro.officer.ok('sync.run', {});
    expect((await oro.officer.ok('households.get', { id: householdId })).household.desaCode).toBe(
      '35.79.01.2006',
    );
    const current = await batu.officer.ok('households.get', { id: householdId });
    await batu.officer.ok('households.update', {
      id: householdId,
      expectedVersion: current.household.version,
      household: { kkNumber: '3579012003150004', desaCode: '35.79.01.2008', address: 'Jl. Pesanggrahan 3' },
    });
    await batu.officer.ok('sync.run', {});

    await page.setViewportSize({ width: 1366, height: 768 });
    await openApp(page, oro.host);
    await loginAs(page, { ...OFFICER });
    await mainNav(page).getByRole('link', { name: 'Sinkronisasi' }).click();
    await expect(page.getByTestId('sync-area')).toHaveText('Oro-oro Ombo');
    await page.getByTestId('sync-now').click();
    await expect(page.getByText(/Sinkronisasi selesai/)).toBeVisible({ timeout: 30_000 });
    const note = page.getByTestId('left-area');
    await expect(note).toContainText('Slamet Riyadi (KK 3579012003150004) pindah ke Pesanggrahan');
    await note.scrollIntoViewIfNeeded();
    await screenshot(page, 'sync-left-area');
    const gone = await oro.officer.call('households.get', { id: householdId });
    expect(gone.ok).toBe(false);
  } finally {
    await oro.host.stop();
  }
});

test('an office not yet enrolled is told what to ask the server administrator for, not a command', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const host = await startWebHost();
  try {
    await initialize(host);
    await openApp(page, host);
    await loginAs(page, ADMIN);
    await mainNav(page).getByRole('link', { name: 'Sinkronisasi' }).click();
    const form = page.getByRole('region', { name: 'Daftarkan komputer ini' });
    await expect(form).toContainText('administrator server pusat');
    await expect(form).toContainText('kode pendaftaran');
    await expect(page.locator('body')).not.toContainText(/npm run|enrol-code/);
    await screenshot(page, 'sync-enrol');
  } finally {
    await host.stop();
  }
});

/**
 * What an office shares travels (issue 16): on workstation A an officer attaches a photo to a
 * verification and a manager freezes a monthly report; both offices sync through one real
 * central server on loopback; on workstation B, once its admin has typed the office files key,
 * the photo opens byte for byte and the report shows the same verification code. Two web hosts,
 * two encrypted data folders.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import type { Page } from '@playwright/test';
import { expectNoSeriousA11yFindings } from './fixtures/axe.ts';
import { chooseMonth } from './fixtures/monthField.ts';
import {
  ADMIN,
  ApiClient,
  apiAnswer,
  expect,
  initialize,
  loginAs,
  mainNav,
  openApp,
  REPO_ROOT,
  screenshot,
  staffAccount,
  startWebHost,
  test,
  type WebHost,
} from './fixtures/webhost.ts';

process.env.BANSOS_SERVER_PASSPHRASE ??= 'frasa sandi uji server kota batu';

const DEMO_PASSWORD = 'demo bansos desk kota batu';
const DEMO_ADMIN = { username: 'admin', password: DEMO_PASSWORD, fullName: 'Administrator Demo' };
const OFFICER_A = { username: 'petugas.demo', password: DEMO_PASSWORD, fullName: 'Rina Petugas (demo)' };
const MANAGER_A = { username: 'manajer.demo', password: DEMO_PASSWORD, fullName: 'Hadi Manajer (demo)' };
const OFFICER_B = {
  username: 'dewi.petugas',
  password: 'dewi menulis laporan di bumiaji',
  fullName: 'Dewi Petugas',
};
const MANAGER_B = {
  username: 'agus.manajer',
  password: 'agus memeriksa laporan di bumiaji',
  fullName: 'Agus Manajer',
};

/** A small house drawn in PNG (sky, roof, wall, door, grass): a photo a person recognises. */
function housePhoto(): Buffer {
  const [w, h] = [240, 160];
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) {
    raw[y * (w * 3 + 1)] = 0;
    for (let x = 0; x < w; x++) {
      const roof = y >= 30 && y < 70 && Math.abs(x - 120) < (y - 30) * 1.6 + 10;
      const wall = y >= 70 && y < 130 && x >= 70 && x < 170;
      const door = wall && x >= 108 && x < 132 && y >= 95;
      const rgb = door
        ? [110, 60, 30]
        : wall
          ? [235, 220, 180]
          : roof
            ? [180, 50, 40]
            : y >= 130
              ? [70, 150, 60]
              : [150, 200, 240];
      raw.set(rgb, y * (w * 3 + 1) + 1 + x * 3);
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(w, 0);
  header.writeUInt32BE(h, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
const PHOTO = housePhoto();

/** Six months ago: every demo period covering it is closed, so its report is frozen. */
function monthsAgo(n: number): string {
  const d = new Date();
  d.setDate(1);
  d.setMonth(d.getMonth() - n);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}
const CLOSED_MONTH = monthsAgo(6);

let serverDir = '';
let server: ChildProcess | null = null;
let serverUrl = '';
let a: WebHost;
let b: WebHost;
let adminA: ApiClient;
let adminB: ApiClient;

function enrolCode(): string {
  return execFileSync(
    process.execPath,
    ['--import', 'tsx', 'server/main.ts', 'enrol-code', '--data', serverDir],
    { cwd: REPO_ROOT, encoding: 'utf8' },
  ).trim();
}

async function startServer(): Promise<void> {
  serverDir = mkdtempSync(join(tmpdir(), 'bansos-e2e-server-'));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'server/main.ts', 'start', '--data', serverDir, '--port', '0'],
    { cwd: REPO_ROOT, env: { ...process.env, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] },
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
}

async function goToSync(page: Page): Promise<void> {
  await mainNav(page).getByRole('link', { name: 'Sinkronisasi' }).click();
  await expect(page.getByRole('heading', { name: 'Sinkronisasi', level: 1 })).toBeVisible();
}

/** The monthly report of the closed month, previewed: answers its verification code. */
async function previewClosedMonth(page: Page, host: WebHost): Promise<string> {
  await page.goto(`${host.url}/#/laporan`);
  await page.getByLabel('Laporan', { exact: true }).selectOption('bulanan');
  await chooseMonth(page, 'Bulan laporan', CLOSED_MONTH);
  const answered = apiAnswer(page, 'reports.preview');
  await page.getByRole('button', { name: 'Tampilkan pratinjau' }).click();
  await answered;
  await expect(
    page.frameLocator('iframe.report-frame').getByText('Laporan Bulanan Penyaluran Bantuan Sosial'),
  ).toBeVisible();
  const frozen = page.getByText(/Kode verifikasi [A-Z2-7]{5}-[A-Z2-7]{5}/);
  await expect(frozen).toBeVisible();
  return /([A-Z2-7]{5}-[A-Z2-7]{5})/.exec((await frozen.textContent()) ?? '')![1]!;
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(300_000);
  await startServer();
  a = await startWebHost({ demoHouseholds: 40 });
  b = await startWebHost();
  adminA = new ApiClient(a);
  await adminA.ok('auth.login', { username: DEMO_ADMIN.username, password: DEMO_ADMIN.password });
  adminB = await initialize(b);
  await adminA.ok('sync.enrol', { serverUrl, code: enrolCode(), deviceName: 'Kantor Dinas Sosial' });
  await adminB.ok('sync.enrol', { serverUrl, code: enrolCode(), deviceName: 'Kantor Kecamatan Bumiaji' });
});

test.afterAll(async () => {
  await a?.stop();
  await b?.stop();
  server?.kill('SIGTERM');
  if (serverDir) rmSync(serverDir, { recursive: true, force: true });
});

test('a photo attached and a report frozen on A open on B after both sync', async ({ page }) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  let officeCode = '';
  let verificationId = '';
  let reportCode = '';

  await test.step('A: the admin makes the office files key and sees its code', async () => {
    await openApp(page, a);
    await loginAs(page, DEMO_ADMIN);
    await goToSync(page);
    const card = page.getByTestId('office-key');
    await expect(card).toContainText('belum memiliki kunci berkas kantor');
    await expectNoSeriousA11yFindings(page, 'Sinkronisasi, kunci berkas kantor belum ada');
    await card.getByRole('button', { name: 'Buat kunci baru' }).click();
    await expect(card).toContainText('Kunci berkas kantor terpasang');
    await expectNoSeriousA11yFindings(page, 'Sinkronisasi, kode kunci berkas kantor');
    officeCode = (await card.getByTestId('office-key-code').textContent()) ?? '';
    expect(officeCode).toMatch(/^([0-9A-Z]{4}-){12}[0-9A-Z]{4}$/);
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'office-key-made');
  });

  await test.step('A: the officer attaches a house photo to a verification', async () => {
    const officer = new ApiClient(a);
    await officer.ok('auth.login', { username: OFFICER_A.username, password: OFFICER_A.password });
    const family = await officer.ok('households.create', {
      household: { kkNumber: '3579012003150777', desaCode: '35.79.01.2006', address: 'Jl. Panderman 77' },
      members: [
        {
          nik: '3579011205800777',
          name: 'Wahyu Hidayat',
          sex: 'L',
          birthDate: '1980-05-12',
          relationship: 'kepala_keluarga',
        },
      ],
    });
    verificationId = (
      await officer.ok('verification.start', { householdId: family.value.id, source: 'usulan' })
    ).id;

    await page.context().clearCookies();
    await openApp(page, a);
    await loginAs(page, OFFICER_A);
    await page.goto(`${a.url}/#/verifikasi/${verificationId}`);
    const attachments = page.getByRole('region', { name: 'Foto dan dokumen' });
    await page.locator('input[type=file]').setInputFiles({
      name: 'rumah-depan.png',
      mimeType: 'image/png',
      buffer: PHOTO,
    });
    await expect(page.getByText('1 berkas ditambahkan.')).toBeVisible();
    await expect(attachments.getByText('rumah-depan.png')).toBeVisible();
    await expect(attachments).not.toContainText('Belum di komputer ini');
    await attachments.scrollIntoViewIfNeeded();
    await screenshot(page, 'attachment-added-on-a');
  });

  await test.step('A: the manager freezes the monthly report of a closed month', async () => {
    await page.context().clearCookies();
    await openApp(page, a);
    await loginAs(page, MANAGER_A);
    reportCode = await previewClosedMonth(page, a);
  });

  await test.step('both offices sync; B has the rows but not yet the key', async () => {
    const fromA = await adminA.ok('sync.run', {});
    expect(fromA.error).toBeNull();
    const toB = await adminB.ok('sync.run', {});
    expect(toB.error).toBeNull();
    expect(toB.pulled).toBeGreaterThan(0);
  });

  const officerB = { ...OFFICER_B };
  await staffAccount(b, adminB, officerB, 'officer');
  await staffAccount(b, adminB, MANAGER_B, 'manager');

  await test.step('B: without the office key, opening the photo says what to do', async () => {
    await page.context().clearCookies();
    await openApp(page, b);
    await loginAs(page, officerB);
    await page.goto(`${b.url}/#/verifikasi/${verificationId}`);
    const attachments = page.getByRole('region', { name: 'Foto dan dokumen' });
    await expect(attachments).toContainText('rumah-depan.png');
    await expect(attachments).toContainText('Belum di komputer ini');
    await attachments.getByRole('button', { name: 'Lihat' }).click();
    const dialog = page.getByRole('dialog', { name: 'rumah-depan.png' });
    await expect(dialog.getByRole('alert')).toContainText('kode kunci berkas kantor di halaman Sinkronisasi');
    await screenshot(page, 'attachment-needs-key-on-b');
    await dialog.getByRole('button', { name: 'Tutup' }).click();
  });

  await test.step('B: the admin types the code from A', async () => {
    await page.context().clearCookies();
    await openApp(page, b);
    await loginAs(page, ADMIN);
    await goToSync(page);
    const card = page.getByTestId('office-key');
    await card.getByLabel('Kode kunci berkas kantor').fill(officeCode.toLowerCase());
    await card.getByRole('button', { name: 'Pasang kunci' }).click();
    await expect(card).toContainText('Kunci berkas kantor terpasang');
    await expect(card.getByTestId('office-key-code')).toHaveCount(0);
    await screenshot(page, 'office-key-typed-on-b');
  });

  await test.step('B: the photo downloads and opens, the same bytes as on A', async () => {
    await page.context().clearCookies();
    await openApp(page, b);
    await loginAs(page, officerB);
    await page.goto(`${b.url}/#/verifikasi/${verificationId}`);
    // Held back a moment, so the downloading state can be seen as a person would see it.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/invoke', async (route) => {
      if (route.request().postData()?.includes('"attachments.get"')) await held;
      await route.fallback();
    });
    const attachments = page.getByRole('region', { name: 'Foto dan dokumen' });
    await attachments.getByRole('button', { name: 'Lihat' }).click();
    const dialog = page.getByRole('dialog', { name: 'rumah-depan.png' });
    await expect(dialog).toContainText('Mengunduh berkas…');
    await screenshot(page, 'attachment-downloading-on-b');
    await expectNoSeriousA11yFindings(page, 'lampiran sedang diunduh');
    release();
    const photo = dialog.getByRole('img', { name: 'rumah-depan.png' });
    await expect(photo).toBeVisible({ timeout: 30_000 });
    expect(await photo.getAttribute('src')).toBe(`data:image/png;base64,${PHOTO.toString('base64')}`);
    await screenshot(page, 'attachment-opened-on-b');
    await expectNoSeriousA11yFindings(page, 'lampiran dari komputer lain');
    await dialog.getByRole('button', { name: 'Tutup' }).click();
    await expect(attachments).toContainText('rumah-depan.png');
    await expect(attachments).not.toContainText('Belum di komputer ini');
    await page.unroute('**/api/invoke');
  });

  await test.step('B: the frozen report shows the same verification code', async () => {
    await page.context().clearCookies();
    await openApp(page, b);
    await loginAs(page, MANAGER_B);
    expect(await previewClosedMonth(page, b)).toBe(reportCode);
    await screenshot(page, 'frozen-report-on-b');
    await page.goto(`${b.url}/#/laporan/kode`);
    await page.getByRole('textbox', { name: 'Kode verifikasi' }).fill(reportCode);
    await page.getByRole('button', { name: 'Periksa' }).click();
    await expect(page.getByText(/^Asli: "Laporan Bulanan Penyaluran/)).toBeVisible();
  });
});

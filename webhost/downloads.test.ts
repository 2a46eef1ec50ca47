import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../common/auth/roles.ts';
import { BansosCore } from '../core/app.ts';
import { ADMIN, Client, PASSWORDS } from '../tests/support/core.ts';
import { tempDir } from '../tests/support/tempDir.ts';
import { openLaunchUrl, type Launched } from '../tests/support/webhostLaunch.ts';
import { scriptedDialogs } from './dialogs.ts';
import { createWebHost } from './server.ts';

/**
 * Issue 12: a file the web host saved goes to the user who made it, while their role still holds
 * what made it, for a day; never to a locked or temporary-password session. Real web host on
 * loopback, real core, calls over HTTP as the browser bridge makes them.
 */
const HOUR = 60 * 60_000;
let now = Date.parse('2026-12-05T03:00:00Z');
const clock = () => new Date(now);

let core: BansosCore;
let app: FastifyInstance;
let base: string;
let dataDir: string;
let launched: Launched;

/** The browser's side: launch cookie, session cookie, the bridge header. */
class Browser {
  session: string | null = null;

  private cookie(): string {
    return [launched.hostCookie, ...(this.session ? [`bansos_session=${this.session}`] : [])].join('; ');
  }

  async call<T = unknown>(method: string, input: unknown): Promise<T> {
    const response = await fetch(`${base}/api/invoke`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-bansos-bridge': launched.bridge,
        cookie: this.cookie(),
      },
      body: JSON.stringify({ method, input }),
    });
    for (const setCookie of response.headers.getSetCookie()) {
      const match = /^bansos_session=([^;]*)/.exec(setCookie);
      if (match) this.session = match[1] || null;
    }
    const result = (await response.json()) as { ok: boolean; value?: T; error?: { message: string } };
    if (!result.ok) throw new Error(`${method}: ${result.error?.message}`);
    return result.value as T;
  }

  download(name: string) {
    return fetch(`${base}/downloads/${encodeURIComponent(name)}`, { headers: { cookie: this.cookie() } });
  }

  upload(name: string, body: Buffer) {
    return fetch(`${base}/api/upload`, {
      method: 'POST',
      headers: {
        'content-type': 'application/octet-stream',
        'x-bansos-bridge': launched.bridge,
        'x-file-name': encodeURIComponent(name),
        cookie: this.cookie(),
      },
      body: new Uint8Array(body),
    });
  }

  /** Saves a file through the app: chooses the name, runs the job, waits for it; answers the name. */
  async save(purpose: 'export' | 'backup', suggestedName: string): Promise<string> {
    const chosen = await this.call<{ handle: string; name: string }>('files.chooseSave', {
      purpose,
      suggestedName,
    });
    const { jobId } =
      purpose === 'backup'
        ? await this.call<{ jobId: string }>('backup.start', { target: chosen.handle })
        : await this.call<{ jobId: string }>('export.start', { kind: 'recipients', target: chosen.handle });
    const view = await core.jobs.wait(jobId);
    expect(view.state, view.error?.message).toBe('done');
    return chosen.name;
  }
}

const admin = new Client({} as BansosCore);
const browsers = {} as Record<'admin' | 'clerk' | 'auditor' | 'officer' | 'manager', Browser>;

async function createUser(
  role: Role,
  area = { kecamatan: [] as string[], desa: [] as string[] },
  username = `${role}1`,
) {
  const temporary = `sementara ${PASSWORDS[role]}`;
  await admin.ok('users.create', {
    username,
    fullName: `Pengguna ${role}`,
    role,
    area,
    temporaryPassword: temporary,
  });
  const browser = new Browser();
  await browser.call('auth.login', { username, password: temporary });
  await browser.call('auth.changePassword', { currentPassword: temporary, newPassword: PASSWORDS[role] });
  return browser;
}

beforeAll(async () => {
  dataDir = join(tempDir(), 'data');
  core = new BansosCore({
    dataDir,
    host: scriptedDialogs(join(dataDir, 'exports'), join(dataDir, 'uploads'), clock),
    kdfCost: 'test',
    clock,
  });
  (admin as { core: BansosCore }).core = core;
  const host = await createWebHost({
    core,
    rendererDir: tempDir(),
    port: 0,
    sweepIntervalMs: 200,
  });
  app = host.app;
  base = host.url;
  launched = await openLaunchUrl(host.launchUrl);
  browsers.admin = new Browser();
  await browsers.admin.call('setup.init', ADMIN);
  admin.token = browsers.admin.session;
  browsers.clerk = await createUser('clerk');
  browsers.auditor = await createUser('auditor');
  browsers.manager = await createUser('manager');
  browsers.officer = await createUser('officer', { kecamatan: ['35.79.02'], desa: [] });
});

afterAll(async () => {
  await app?.close();
  await core?.close();
});

describe('downloads follow the rules of methods (issue 12)', () => {
  it('a file goes to the user who made it: not to an auditor, an area-limited officer or another user', async () => {
    const clerkFile = await browsers.clerk.save('export', 'penerima-kota-batu.xlsx');
    const own = await browsers.clerk.download(clerkFile);
    expect(own.status).toBe(200);
    expect(own.headers.get('content-disposition')).toContain('penerima-kota-batu.xlsx');
    expect((await own.arrayBuffer()).byteLength).toBeGreaterThan(100);

    for (const other of [browsers.auditor, browsers.officer, browsers.manager, browsers.admin]) {
      const response = await other.download(clerkFile);
      expect(response.status).toBe(404);
      expect(await response.text()).toMatch(/Berkas tidak ditemukan .*hanya untuk pembuatnya/);
    }
    // Names are unguessable: the suggested name plus a random part.
    expect(clerkFile).toMatch(/^penerima-kota-batu-[0-9a-f]{16}\.xlsx$/);
  });

  it("the admin's backup goes to nobody else, and to its maker only while the role holds backup.run", async () => {
    const backup = await browsers.admin.save('backup', 'cadangan.bansos-backup');
    expect((await browsers.admin.download(backup)).status).toBe(200);
    for (const other of [browsers.auditor, browsers.clerk, browsers.manager]) {
      expect((await other.download(backup)).status).toBe(404);
    }
    expect(backup).toMatch(/^cadangan-[0-9a-f]{16}\.bansos-backup$/);

    // A manager makes a backup, then is moved to a role without backup.run.
    const managerBackup = await browsers.manager.save('backup', 'cadangan-manajer.bansos-backup');
    expect((await browsers.manager.download(managerBackup)).status).toBe(200);
    const users = await admin.ok('users.list', {});
    const manager = users.find((u) => u.username === 'manager1')!;
    await admin.ok('users.update', { id: manager.id, role: 'clerk' });
    const refused = await browsers.manager.download(managerBackup);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('tidak lagi berwenang membuat cadangan');
    await admin.ok('users.update', { id: manager.id, role: 'manager' });
  });

  it("a file made before the admin narrows the maker's area or changes their role is refused (probe C01)", async () => {
    const city = await createUser('officer', { kecamatan: [], desa: [] }, 'petugas.kota');
    const { id } = (await admin.ok('users.list', {})).find((u) => u.username === 'petugas.kota')!;
    const cityWide = await city.save('export', 'penerima-kota.xlsx');
    expect((await city.download(cityWide)).status).toBe(200);

    // Now limited to Temas: the city-wide file (full NIK of every desa) is no longer theirs.
    await admin.ok('users.update', { id, area: { kecamatan: [], desa: ['35.79.01.1001'] } });
    const refused = await city.download(cityWide);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toMatch(
      /wilayah kerja Anda sudah diubah sejak berkas ini dibuat.*Buat ekspor, laporan atau cadangannya lagi/,
    );
    // What they export now, under the new area, downloads.
    const temasFile = await city.save('export', 'penerima-temas.xlsx');
    expect((await city.download(temasFile)).status).toBe(200);

    // A role change (clerk still holds export.run) ends it too.
    await admin.ok('users.update', { id, role: 'clerk' });
    expect((await city.download(temasFile)).status).toBe(403);
  });

  it('a locked session gets nothing', async () => {
    const file = await browsers.clerk.save('export', 'terkunci.xlsx');
    await browsers.clerk.call('auth.lock', {});
    const response = await browsers.clerk.download(file);
    expect(response.status).toBe(423);
    expect(await response.text()).toBe(
      'Layar terkunci. Masukkan kata sandi Anda untuk membuka kunci di aplikasi, lalu ulangi mengunduh berkas.',
    );
    const upload = await browsers.clerk.upload('data.csv', Buffer.from('NIK;NAMA\n'));
    expect(upload.status).toBe(423);
    await browsers.clerk.call('auth.unlock', { password: PASSWORDS.clerk });
    expect((await browsers.clerk.download(file)).status).toBe(200);
  });

  it('a session with a temporary password gets nothing, and may not upload', async () => {
    const file = await browsers.clerk.save('export', 'sementara.xlsx');
    const users = await admin.ok('users.list', {});
    const clerk = users.find((u) => u.username === 'clerk1')!;
    const temporary = 'kata sandi sementara dari admin';
    await admin.ok('users.resetPassword', { id: clerk.id, temporaryPassword: temporary });
    const fresh = new Browser();
    await fresh.call('auth.login', { username: 'clerk1', password: temporary });

    const response = await fresh.download(file);
    expect(response.status).toBe(403);
    expect(await response.text()).toBe(
      'Ganti kata sandi sementara Anda terlebih dahulu, lalu ulangi mengunduh berkas.',
    );

    const before = existsSync(join(dataDir, 'uploads')) ? readdirSync(join(dataDir, 'uploads')).length : 0;
    const upload = await fresh.upload('penerima.csv', Buffer.from('NIK;NAMA\n3579010101010001;SITI\n'));
    expect(upload.status).toBe(403);
    expect(await upload.json()).toMatchObject({
      ok: false,
      error: {
        code: 'PASSWORD_CHANGE_REQUIRED',
        message: expect.stringContaining('Ganti kata sandi sementara'),
      },
    });
    const after = existsSync(join(dataDir, 'uploads')) ? readdirSync(join(dataDir, 'uploads')).length : 0;
    expect(after).toBe(before);

    await fresh.call('auth.changePassword', { currentPassword: temporary, newPassword: PASSWORDS.clerk });
    browsers.clerk = fresh;
    expect((await fresh.download(file)).status).toBe(200);
  });

  it('without a session, nothing', async () => {
    const file = await browsers.clerk.save('export', 'tanpa-sesi.xlsx');
    const anonymous = new Browser();
    const response = await anonymous.download(file);
    expect(response.status).toBe(401);
    expect(await response.text()).toContain('Silakan masuk lagi');
  });

  it('a download expires after a day and its file is removed', async () => {
    const file = await browsers.clerk.save('export', 'kedaluwarsa.xlsx');
    const path = join(dataDir, 'exports', file);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    now += 23 * HOUR;
    // (a day of idling locks the screen; the clerk unlocks first)
    await browsers.clerk.call('auth.unlock', { password: PASSWORDS.clerk }).catch(() => undefined);
    expect((await browsers.clerk.download(file)).status).toBe(200);

    now += 2 * HOUR;
    await browsers.clerk.call('auth.unlock', { password: PASSWORDS.clerk }).catch(() => undefined);
    const response = await browsers.clerk.download(file);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('kedaluwarsa');
    // The periodic sweep removes the file itself.
    await expect.poll(() => existsSync(path), { timeout: 5_000 }).toBe(false);
  });

  it('an uploaded spreadsheet is removed once its owner has logged out', async () => {
    const auditor = browsers.auditor;
    // (the day that passed above locked the screen)
    await auditor.call('auth.unlock', { password: PASSWORDS.auditor }).catch(() => undefined);
    const response = await auditor.upload('penerima.csv', Buffer.from('NIK;NAMA\n3579010101800001;SITI\n'));
    expect(response.status).toBe(200);
    const uploads = join(dataDir, 'uploads');
    const held = () => readdirSync(uploads, { recursive: true }).filter((n) => String(n).endsWith('.csv'));
    expect(held()).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 600));
    expect(held(), 'kept while its owner is logged in').toHaveLength(1);
    await auditor.call('auth.logout', {});
    await expect.poll(() => held().length, { timeout: 5_000 }).toBe(0);
  });
});

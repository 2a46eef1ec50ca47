import { describe, expect, it } from 'vitest';
import { ADMIN, Client, PASSWORDS, setUpCore, userWithRole } from '../../tests/support/core.ts';
import { BansosCore } from '../app.ts';
import { MAX_FAILURES, delayAfter } from './vault.ts';
import { folderDialogs } from '../../tests/support/core.ts';
import { tempDir } from '../../tests/support/tempDir.ts';
import { parseSlotFile, unlockSlot, updateSlot, userSlot } from '../../db/keySlots.ts';
import { readFileSync } from 'node:fs';

/** A clock the test moves by hand. */
function manualClock(start = Date.parse('2026-11-28T08:00:00Z')) {
  let now = start;
  return { clock: () => new Date(now), advance: (ms: number) => (now += ms) };
}

describe('first run and login', () => {
  it('sets up the admin, answers a recovery code once, and logs in', async () => {
    const { core, admin, recoveryCode } = await setUpCore();
    expect(recoveryCode).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){4}$/);
    const me = await admin.ok('auth.me', {});
    expect(me.user).toMatchObject({ username: 'admin', role: 'admin', mustChangePassword: false });
    expect(await admin.call('setup.init', ADMIN)).toMatchObject({
      ok: false,
      error: { code: 'ALREADY_SETUP' },
    });

    const other = new Client(core);
    const wrong = await other.call('auth.login', {
      username: 'admin',
      password: 'salah sekali kata sandinya',
    });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'WRONG_CREDENTIALS' } });
    const unknown = await other.call('auth.login', {
      username: 'tidakada',
      password: 'salah sekali kata sandinya',
    });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'WRONG_CREDENTIALS' } });
    if (!wrong.ok && !unknown.ok) expect(unknown.error.message).toBe(wrong.error.message);
    await other.ok('auth.login', { username: 'admin', password: ADMIN.password });
    await core.close();
  });

  it('refuses a weak first password with the rule in Indonesian, and leaves nothing behind', async () => {
    const core = new BansosCore({
      dataDir: `${tempDir()}/d`,
      host: folderDialogs(tempDir()),
      kdfCost: 'test',
    });
    const client = new Client(core);
    const result = await client.call('setup.init', { ...ADMIN, password: 'pendek' });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: [{ path: 'password' }] },
    });
    if (!result.ok) expect(result.error.message).toContain('minimal 15 karakter');
    expect((await client.ok('setup.status', {})).initialized).toBe(false);
    await core.close();
  });

  it('closes the database and forgets the key when the last user logs out', async () => {
    const { core, admin } = await setUpCore();
    expect(core.isOpen).toBe(true);
    await admin.ok('auth.logout', {});
    expect(core.isOpen).toBe(false);
    expect(await admin.call('auth.me', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    await core.close();
  });
});

describe('failed logins', () => {
  it('grows the wait after three failures and resets on success', async () => {
    const time = manualClock();
    const { core } = await setUpCore({ clock: time.clock });
    const guest = new Client(core);
    const attempt = (password: string) => guest.call('auth.login', { username: 'admin', password });
    for (let i = 1; i <= 2; i++) expect((await attempt('salah salah salah salah')).ok).toBe(false);
    const third = await attempt('salah salah salah salah');
    expect(third).toMatchObject({ ok: false, error: { code: 'WRONG_CREDENTIALS', retryAfterSeconds: 1 } });
    // Even the right password waits its turn.
    expect(await attempt(ADMIN.password)).toMatchObject({ ok: false, error: { code: 'THROTTLED' } });
    time.advance(1_000);
    expect(await attempt('salah salah salah salah')).toMatchObject({
      ok: false,
      error: { retryAfterSeconds: 2 },
    });
    time.advance(2_000);
    expect((await attempt(ADMIN.password)).ok).toBe(true);
    expect(core.vault.dir.readSlots().slots.find((s) => s.owner.kind === 'user')?.failures.count).toBe(0);
    await core.close();
  });

  it('counts guesses sent together one after another, so they cannot pass the wait together', async () => {
    const time = manualClock();
    const { core, admin } = await setUpCore({ clock: time.clock });
    await userWithRole(core, admin, 'clerk');
    const guesses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        new Client(core).call('auth.login', { username: 'clerk1', password: `tebakan salah nomor ${i}` }),
      ),
    );
    const codes = guesses.map((g) => (g.ok ? 'OK' : g.error.code));
    // The free failures are tried; every later guess waits its turn, as it would one by one.
    expect(codes.filter((c) => c === 'WRONG_CREDENTIALS')).toHaveLength(3);
    expect(codes.filter((c) => c === 'THROTTLED')).toHaveLength(17);
    expect(userSlot(core.vault.dir.readSlots(), 'clerk1')!.failures.count).toBe(3);
    await core.close();
  });

  it('answers a username that does not exist exactly as an account: the same failures, waits and lock', async () => {
    const time = manualClock();
    const { core, admin } = await setUpCore({ clock: time.clock });
    const clerk = await userWithRole(core, admin, 'clerk');
    await clerk.ok('auth.logout', {});
    const guest = new Client(core);
    const answersFor = async (username: string) => {
      const seen: unknown[] = [];
      const attempt = async () => {
        const r = await guest.call('auth.login', { username, password: 'salah salah salah salah' });
        seen.push(r.ok ? 'OK' : r.error);
      };
      // Three free failures, then the wait: tried again at once, and after waiting.
      for (let i = 0; i < 5; i++) await attempt();
      time.advance(1_000);
      await attempt();
      await attempt();
      // Each attempt after the longest wait, until the account is locked and stays locked.
      while (seen.length < MAX_FAILURES + 5) {
        time.advance(300_000);
        await attempt();
      }
      return seen;
    };
    const known = await answersFor('clerk1');
    const unknown = await answersFor('clerk2');
    expect(known.slice(0, 7)).toMatchObject([
      { code: 'WRONG_CREDENTIALS' },
      { code: 'WRONG_CREDENTIALS' },
      { code: 'WRONG_CREDENTIALS', retryAfterSeconds: 1 },
      { code: 'THROTTLED', retryAfterSeconds: 1 },
      { code: 'THROTTLED', retryAfterSeconds: 1 },
      { code: 'WRONG_CREDENTIALS', retryAfterSeconds: 2 },
      { code: 'THROTTLED', retryAfterSeconds: 2 },
    ]);
    expect(known.slice(-2)).toMatchObject([{ code: 'ACCOUNT_LOCKED' }, { code: 'ACCOUNT_LOCKED' }]);
    expect(unknown).toEqual(known);
    await core.close();
  });

  it('waits at most five minutes between attempts', () => {
    expect([0, 1, 2, 3, 4, 5, 12, 50].map(delayAfter)).toEqual([0, 0, 0, 1, 2, 4, 300, 300]);
  });

  it(`locks the account after ${MAX_FAILURES} consecutive failures until an admin resets it`, async () => {
    const { core, admin } = await setUpCore();
    const clerk = await userWithRole(core, admin, 'clerk');
    await clerk.ok('auth.logout', {});
    core.vault.dir.updateSlots((f) =>
      updateSlot(f, userSlot(f, 'clerk1')!.id, (s) => ({
        ...s,
        failures: { count: MAX_FAILURES - 1, lastAt: '2000-01-01T00:00:00.000Z' },
      })),
    );
    const last = await clerk.call('auth.login', { username: 'clerk1', password: 'salah salah salah salah' });
    expect(last).toMatchObject({ ok: false, error: { code: 'ACCOUNT_LOCKED' } });
    expect(await clerk.call('auth.login', { username: 'clerk1', password: PASSWORDS.clerk })).toMatchObject({
      ok: false,
      error: { code: 'ACCOUNT_LOCKED' },
    });
    const listed = (await admin.ok('users.list', {})).find((u) => u.username === 'clerk1')!;
    expect(listed.accountLocked).toBe(true);
    await admin.ok('users.resetPassword', {
      id: listed.id,
      temporaryPassword: 'kata sandi sementara yang baru',
    });
    const relogin = await clerk.ok('auth.login', {
      username: 'clerk1',
      password: 'kata sandi sementara yang baru',
    });
    expect(relogin.user.mustChangePassword).toBe(true);
    await core.close();
  });
});

describe('lock and idle', () => {
  it('locks a session idle longer than the setting and unlocks with the password', async () => {
    const time = manualClock();
    const { core, admin } = await setUpCore({ clock: time.clock });
    await admin.ok('settings.update', { idleLockMinutes: 5 });
    time.advance(4 * 60_000);
    expect((await admin.call('users.list', {})).ok).toBe(true);
    time.advance(5 * 60_000 + 1);
    const events: string[] = [];
    core.onEvent((_u, name) => events.push(name));
    expect(await admin.call('users.list', {})).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    expect(events).toContain('session.locked');
    expect((await admin.ok('auth.me', {})).locked).toBe(true);
    expect(await admin.call('auth.unlock', { password: 'bukan kata sandi admin' })).toMatchObject({
      ok: false,
    });
    const unlocked = await admin.ok('auth.unlock', { password: ADMIN.password });
    expect(unlocked.locked).toBe(false);
    expect((await admin.call('users.list', {})).ok).toBe(true);
    await core.close();
  });

  it('asks for the password again after a working day, however busy the session', async () => {
    const time = manualClock();
    const { core, admin } = await setUpCore({ clock: time.clock });
    // Busy all day: a call every ten minutes keeps the idle lock away.
    for (let minutes = 0; minutes < 12 * 60; minutes += 10) {
      time.advance(10 * 60_000);
      expect((await admin.call('users.list', {})).ok, `at ${minutes} minutes`).toBe(true);
    }
    time.advance(60_000);
    const events: unknown[] = [];
    core.onEvent((_u, name, payload) => events.push([name, payload]));
    const refused = await admin.call('users.list', {});
    // The refusal says why, so a screen that hears of the lock from a call shows the right reason.
    expect(refused).toMatchObject({ ok: false, error: { code: 'LOCKED', lockReason: 'reauth' } });
    expect(!refused.ok && refused.error.message).toContain('lebih dari 12 jam');
    expect(events).toContainEqual(['session.locked', { reason: 'reauth' }]);
    expect(await admin.ok('auth.me', {})).toMatchObject({ locked: true, lockReason: 'reauth' });
    // The password starts a new working day; the lock does not come back at the next call.
    await admin.ok('auth.unlock', { password: ADMIN.password });
    time.advance(10 * 60_000);
    expect((await admin.call('users.list', {})).ok).toBe(true);
    await core.close();
  });

  it('locks a session past its working day on the timer too, without a call', async () => {
    const time = manualClock();
    const { core, admin } = await setUpCore({ clock: time.clock });
    await admin.ok('settings.update', { idleLockMinutes: 240 });
    // Four hours idle would lock it too: a call every three hours keeps that away.
    for (let hour = 0; hour < 12; hour += 3) {
      time.advance(3 * 60 * 60_000);
      expect((await admin.call('users.list', {})).ok).toBe(true);
    }
    time.advance(1);
    core.lockIdleSessions();
    expect(await admin.ok('auth.me', {})).toMatchObject({ locked: true, lockReason: 'reauth' });
    await core.close();
  });

  it('locks idle sessions on its own timer too', async () => {
    const time = manualClock();
    const { core, admin } = await setUpCore({ clock: time.clock });
    time.advance(16 * 60_000);
    core.lockIdleSessions();
    expect((await admin.ok('auth.me', {})).locked).toBe(true);
    await core.close();
  });
});

describe('accounts', () => {
  it('makes a new user change the temporary password, with the rule checked', async () => {
    const { core, admin } = await setUpCore();
    await admin.ok('users.create', {
      username: 'petugas.a',
      fullName: 'Petugas A',
      role: 'officer',
      area: { kecamatan: ['35.79.02'], desa: [] },
      temporaryPassword: 'sementara saja untuk hari ini',
    });
    const officer = new Client(core);
    const session = await officer.ok('auth.login', {
      username: 'petugas.a',
      password: 'sementara saja untuk hari ini',
    });
    expect(session.user).toMatchObject({ mustChangePassword: true, area: { kecamatan: ['35.79.02'] } });
    const same = await officer.call('auth.changePassword', {
      currentPassword: 'sementara saja untuk hari ini',
      newPassword: 'sementara saja untuk hari ini',
    });
    expect(same).toMatchObject({ ok: false, error: { fields: [{ path: 'newPassword' }] } });
    const wrongCurrent = await officer.call('auth.changePassword', {
      currentPassword: 'ini bukan kata sandinya',
      newPassword: 'jalan kaki ke pasar besar batu',
    });
    expect(wrongCurrent).toMatchObject({ ok: false, error: { fields: [{ path: 'currentPassword' }] } });
    const changed = await officer.ok('auth.changePassword', {
      currentPassword: 'sementara saja untuk hari ini',
      newPassword: 'jalan kaki ke pasar besar batu',
    });
    expect(changed.user.mustChangePassword).toBe(false);
    await officer.ok('auth.logout', {});
    expect(
      (await officer.call('auth.login', { username: 'petugas.a', password: 'sementara saja untuk hari ini' }))
        .ok,
    ).toBe(false);
    expect(
      (
        await officer.call('auth.login', {
          username: 'petugas.a',
          password: 'jalan kaki ke pasar besar batu',
        })
      ).ok,
    ).toBe(true);
    await core.close();
  });

  it('disabling a user ends their session and removes their key slot', async () => {
    const { core, admin } = await setUpCore();
    const manager = await userWithRole(core, admin, 'manager');
    const id = (await manager.ok('auth.me', {})).user.id;
    await admin.ok('users.setActive', { id, active: false });
    expect(await manager.call('auth.me', {})).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    expect(core.vault.hasSlot(id)).toBe(false);
    expect((await manager.call('auth.login', { username: 'manager1', password: PASSWORDS.manager })).ok).toBe(
      false,
    );
    await admin.ok('users.setActive', { id, active: true });
    await admin.ok('users.resetPassword', { id, temporaryPassword: 'sementara lagi untuk manajer' });
    expect(
      (await manager.ok('auth.login', { username: 'manager1', password: 'sementara lagi untuk manajer' }))
        .user.mustChangePassword,
    ).toBe(true);
    await core.close();
  });

  it('a disabled user’s password, or a replaced one, opens no slot in keyslots.json nor keyslots.json.bak (probe C03)', async () => {
    const { core, admin } = await setUpCore();
    /** Every slot of both files that a secret opens. */
    const opened = async (secret: string) => {
      const found: string[] = [];
      for (const path of [core.dir.slotsPath, `${core.dir.slotsPath}.bak`])
        for (const slot of parseSlotFile(readFileSync(path, 'utf8')).slots)
          if (await unlockSlot(slot, secret)) found.push(`${path}: ${slot.id}`);
      return found;
    };
    const manager = await userWithRole(core, admin, 'manager');
    const officer = await userWithRole(core, admin, 'officer');
    expect(await opened(PASSWORDS.manager)).toHaveLength(2);
    await admin.ok('users.setActive', { id: (await manager.ok('auth.me', {})).user.id, active: false });
    expect(await opened(PASSWORDS.manager)).toEqual([]);
    // A password changed (because it leaked) opens nothing either; the new one opens both copies.
    const newPassword = 'kata sandi baru yang panjang sekali 9';
    await officer.ok('auth.changePassword', { currentPassword: PASSWORDS.officer, newPassword });
    expect(await opened(PASSWORDS.officer)).toEqual([]);
    expect(await opened(newPassword)).toHaveLength(2);
    await core.close();
  });

  it('applies a role change to a running session at once', async () => {
    const { core, admin } = await setUpCore();
    const auditor = await userWithRole(core, admin, 'auditor');
    expect((await auditor.call('audit.list', { limit: 1 })).ok).toBe(true);
    const id = (await auditor.ok('auth.me', {})).user.id;
    await admin.ok('users.update', { id, role: 'clerk' });
    expect(await auditor.call('audit.list', { limit: 1 })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    await core.close();
  });

  it('applies an area change to a running session at once', async () => {
    const { core, admin } = await setUpCore();
    const officer = await userWithRole(core, admin, 'officer');
    const { value: family } = await officer.ok('households.create', {
      household: { kkNumber: '3579012003150004', desaCode: '35.79.01.2006', address: 'Jl. Mawar 1' },
      members: [
        {
          nik: '3579011205800001',
          name: 'Budi Santoso',
          sex: 'L',
          birthDate: '1980-05-12',
          relationship: 'kepala_keluarga',
        },
      ],
    });
    const id = (await officer.ok('auth.me', {})).user.id;
    // Narrowed from the whole city to Kec. Bumiaji: the Oro-oro Ombo family is out of reach at once.
    await admin.ok('users.update', { id, area: { kecamatan: ['35.79.02'], desa: [] } });
    expect((await officer.ok('auth.me', {})).user.area).toEqual({ kecamatan: ['35.79.02'], desa: [] });
    expect((await officer.ok('registry.listHouseholds', { limit: 10 })).rows).toEqual([]);
    expect(await officer.call('households.get', { id: family.id })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    await core.close();
  });

  it('keeps at least one active admin', async () => {
    const { core, admin } = await setUpCore();
    const me = (await admin.ok('auth.me', {})).user;
    expect(await admin.call('users.update', { id: me.id, role: 'manager' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    expect(await admin.call('users.setActive', { id: me.id, active: false })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    await core.close();
  });

  it('refuses a duplicate username', async () => {
    const { core, admin } = await setUpCore();
    const again = await admin.call('users.create', {
      username: 'admin',
      fullName: 'Lagi',
      role: 'clerk',
      area: { kecamatan: [], desa: [] },
      temporaryPassword: 'apa saja asal panjang sekali',
    });
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT', fields: [{ path: 'username' }] } });
    await core.close();
  });
});

/**
 * Security review F8: a session opened with a password someone else learnt must not outlive the
 * owner's new password, nor a second login from the same browser.
 */
describe('ending older sessions', () => {
  const NEW_PASSWORD = 'kata sandi baru yang panjang sekali 9';

  it('a password change ends the user’s other sessions and keeps the one that changed it', async () => {
    const { core, admin } = await setUpCore();
    const owner = await userWithRole(core, admin, 'officer');
    const other = new Client(core);
    await other.ok('auth.login', { username: 'officer1', password: PASSWORDS.officer });
    await owner.ok('auth.changePassword', { currentPassword: PASSWORDS.officer, newPassword: NEW_PASSWORD });
    expect(await other.call('auth.me', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect((await owner.call('auth.me', {})).ok).toBe(true);
    expect((await admin.call('auth.me', {})).ok).toBe(true);
    await core.close();
  });

  it('a password changed by another process on the same data folder (the CLI) ends the sessions open here', async () => {
    const { core, admin, dataDir, files } = await setUpCore();
    const owner = await userWithRole(core, admin, 'manager');
    const thief = new Client(core);
    await thief.ok('auth.login', { username: 'manager1', password: PASSWORDS.manager });
    // `bansos user passwd`: a core of its own on the same folder, as the CLI opens it.
    const cli = new BansosCore({
      dataDir,
      host: folderDialogs(files),
      kdfCost: 'test',
      threads: 'on-demand',
    });
    const self = new Client(cli);
    await self.ok('auth.login', { username: 'manager1', password: PASSWORDS.manager });
    await self.ok('auth.changePassword', { currentPassword: PASSWORDS.manager, newPassword: NEW_PASSWORD });
    await cli.close();
    for (const stale of [thief, owner]) {
      const refused = await stale.call('registry.listHouseholds', { limit: 1 });
      expect(refused).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      if (!refused.ok) expect(refused.error.message).toContain('Kata sandi akun Anda sudah diganti');
      expect(await stale.call('auth.me', {})).toMatchObject({
        ok: false,
        error: { code: 'UNAUTHENTICATED' },
      });
    }
    expect((await admin.call('auth.me', {})).ok).toBe(true);
    const fresh = new Client(core);
    await fresh.ok('auth.login', { username: 'manager1', password: NEW_PASSWORD });
    expect((await fresh.call('registry.listHouseholds', { limit: 1 })).ok).toBe(true);
    await core.close();
  });

  it('a reset with the recovery code ends the admin’s sessions', async () => {
    const { core, admin, recoveryCode } = await setUpCore();
    const client = new Client(core);
    await client.ok('auth.recover', { recoveryCode, username: 'admin', newPassword: NEW_PASSWORD });
    expect(await admin.call('auth.me', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect((await client.call('auth.me', {})).ok).toBe(true);
    await core.close();
  });

  it('an admin resetting their own password keeps this session and ends their others', async () => {
    const { core, admin } = await setUpCore();
    const other = new Client(core);
    await other.ok('auth.login', { username: 'admin', password: ADMIN.password });
    const id = (await admin.ok('auth.me', {})).user.id;
    await admin.ok('users.resetPassword', { id, temporaryPassword: NEW_PASSWORD });
    expect(await other.call('auth.me', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect((await admin.call('auth.me', {})).ok).toBe(true);
    await core.close();
  });

  it('logging in again ends the session the browser still carried', async () => {
    const { core, admin } = await setUpCore();
    const before = admin.token;
    await admin.ok('auth.login', { username: 'admin', password: ADMIN.password });
    expect(admin.token).not.toBe(before);
    expect(core.sessions.get(before)).toBeUndefined();
    expect(core.sessions.count).toBe(1);
    await core.close();
  });
});

describe('recovery code', () => {
  it('resets a forgotten admin password', async () => {
    const { core, admin, recoveryCode, dataDir } = await setUpCore();
    await admin.ok('auth.logout', {});
    await core.close();
    const fresh = new BansosCore({ dataDir, host: folderDialogs(tempDir()), kdfCost: 'test' });
    const client = new Client(fresh);
    expect(
      await client.call('auth.recover', {
        recoveryCode: 'ABCDE-FGHJK-MNPQR-STVWX-YZ012',
        username: 'admin',
        newPassword: 'kata sandi pengganti yang baru',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'WRONG_CREDENTIALS' },
    });
    const session = await client.ok('auth.recover', {
      recoveryCode: recoveryCode.toLowerCase(),
      username: 'admin',
      newPassword: 'kata sandi pengganti yang baru',
    });
    expect(session.user.username).toBe('admin');
    await client.ok('auth.logout', {});
    expect((await client.call('auth.login', { username: 'admin', password: ADMIN.password })).ok).toBe(false);
    expect(
      (await client.call('auth.login', { username: 'admin', password: 'kata sandi pengganti yang baru' })).ok,
    ).toBe(true);
    const actions = (await client.ok('audit.list', { limit: 10 })).entries.map((e) => e.action);
    expect(actions).toContain('auth.recover');
    await fresh.close();
  });
});

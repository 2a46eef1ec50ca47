import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AuditVerifyReport } from '../../common/api/methods/admin.ts';
import { openEncrypted } from '../../db/connection.ts';
import { newDatabaseKey, stageNextKey } from '../../db/keySlots.ts';
import { rekey } from '../../db/connection.ts';
import {
  ADMIN,
  Client,
  PASSWORDS,
  folderDialogs,
  setUpCore,
  userWithRole,
} from '../../tests/support/core.ts';
import { tempDir } from '../../tests/support/tempDir.ts';
import { BansosCore } from '../app.ts';

describe('database key rotation', () => {
  it('re-encrypts the file; every password still works; the old key opens nothing', async () => {
    const { core, admin, dataDir, recoveryCode } = await setUpCore();
    const clerk = await userWithRole(core, admin, 'clerk');
    const oldKey = Buffer.from(core.key);
    const usersBefore = await admin.ok('users.list', {});
    await admin.ok('keys.rotate', { password: ADMIN.password });
    expect(core.key.equals(oldKey)).toBe(false);
    expect((await clerk.call('auth.me', {})).ok).toBe(true);
    await admin.ok('auth.logout', {});
    await clerk.ok('auth.logout', {});
    await core.close();

    expect(() => openEncrypted(`${dataDir}/bansos.db`, oldKey)).toThrow(/tidak dapat dibaca/);
    const again = new BansosCore({ dataDir, host: folderDialogs(tempDir()), kdfCost: 'test' });
    const client = new Client(again);
    await client.ok('auth.login', { username: 'clerk1', password: PASSWORDS.clerk });
    await client.ok('auth.logout', {});
    await client.ok('auth.recover', {
      recoveryCode,
      username: 'admin',
      newPassword: 'setelah rotasi kunci database',
    });
    expect(await client.ok('users.list', {})).toEqual(
      usersBefore.map((u) => ({ ...u, lastLoginAt: expect.anything() as unknown })),
    );
    const actions = (await client.ok('audit.list', { limit: 20 })).entries.map((e) => e.action);
    expect(actions).toContain('keys.rotate');
    expect((await client.job<AuditVerifyReport>('audit.verify', {})).ok).toBe(true);
    await again.close();
  });

  it('finishes a rotation interrupted after the file was rekeyed', async () => {
    const { core, admin, dataDir } = await setUpCore();
    const key = Buffer.from(core.key);
    await admin.ok('auth.logout', {});
    await core.close();
    // Simulate a crash between "rekey the file" and "commit the slots".
    const next = newDatabaseKey();
    const slots = core.vault.dir;
    slots.updateSlots((f) => stageNextKey(f, next));
    const raw = openEncrypted(`${dataDir}/bansos.db`, key);
    rekey(raw, next);
    raw.close();

    const again = new BansosCore({ dataDir, host: folderDialogs(tempDir()), kdfCost: 'test' });
    const client = new Client(again);
    await client.ok('auth.login', { username: 'admin', password: ADMIN.password });
    expect(again.key.equals(next)).toBe(true);
    const file = JSON.parse(readFileSync(`${dataDir}/keyslots.json`, 'utf8')) as {
      slots: { nextDbKey?: unknown }[];
    };
    expect(file.slots.every((s) => s.nextDbKey === undefined)).toBe(true);
    await again.close();
  });

  it('asks for the password again and refuses others', async () => {
    const { core, admin } = await setUpCore();
    expect(await admin.call('keys.rotate', { password: 'bukan kata sandi admin ini' })).toMatchObject({
      ok: false,
      error: { code: 'WRONG_CREDENTIALS' },
    });
    const manager = await userWithRole(core, admin, 'manager');
    expect(await manager.call('keys.rotate', { password: PASSWORDS.manager })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    await core.close();
  });

  it('makes a new recovery code and retires the old one', async () => {
    const { core, admin, recoveryCode, dataDir } = await setUpCore();
    const { recoveryCode: fresh } = await admin.ok('keys.newRecoveryCode', { password: ADMIN.password });
    expect(fresh).not.toBe(recoveryCode);
    await admin.ok('auth.logout', {});
    await core.close();
    const again = new BansosCore({ dataDir, host: folderDialogs(tempDir()), kdfCost: 'test' });
    const client = new Client(again);
    expect(
      (
        await client.call('auth.recover', {
          recoveryCode,
          username: 'admin',
          newPassword: 'kode lama tidak berlaku lagi',
        })
      ).ok,
    ).toBe(false);
    expect(
      (
        await client.call('auth.recover', {
          recoveryCode: fresh,
          username: 'admin',
          newPassword: 'kode baru berlaku sekarang',
        })
      ).ok,
    ).toBe(true);
    await again.close();
  });
});

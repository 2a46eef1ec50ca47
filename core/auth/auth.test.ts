import { describe, expect, it } from 'vitest';
import { ADMIN, Client, setUpCore } from '../../tests/support/core.ts';

describe('first run and login', () => {
  it('sets up the admin, answers a recovery code once, and logs in', async () => {
    const { core, admin, recoveryCode } = await setUpCore();
    expect(recoveryCode).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){4}$/);
    const me = await admin.ok('auth.me', {});
    expect(me.user).toMatchObject({ username: 'admin', role: 'admin', mustChangePassword: false });
    expect((await admin.call('setup.init', ADMIN)).ok).toBe(false);

    const other = new Client(core);
    const wrong = await other.call('auth.login', { username: 'admin', password: 'salah sekali kata sandinya' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'WRONG_CREDENTIALS' } });
    const unknown = await other.call('auth.login', { username: 'tidakada', password: 'salah sekali kata sandinya' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'WRONG_CREDENTIALS' } });
    await other.ok('auth.login', { username: 'admin', password: ADMIN.password });
    await core.close();
  });
});

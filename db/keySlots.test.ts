import { describe, expect, it } from 'vitest';
import {
  commitNextKey,
  createSlot,
  emptySlotFile,
  keyId,
  newDatabaseKey,
  newRecoveryCode,
  normalizeRecoveryCode,
  putSlot,
  stageNextKey,
  unlockSlot,
  userSlot,
} from './keySlots.ts';

const NOW = '2026-11-28T00:00:00.000Z';
const alice = { kind: 'user' as const, username: 'alice', userId: '0197c0de-0000-7000-8000-000000000001' };
const bob = { kind: 'user' as const, username: 'bob', userId: '0197c0de-0000-7000-8000-000000000002' };

describe('key slots', () => {
  it('opens the database key with the right password only', async () => {
    const key = newDatabaseKey();
    const slot = await createSlot(alice, 'kata sandi alice yang panjang', key, 'test', NOW);
    expect((await unlockSlot(slot, 'kata sandi alice yang panjang'))?.dbKey.equals(key)).toBe(true);
    expect(await unlockSlot(slot, 'kata sandi alice yang salah')).toBeNull();
  });

  it('never stores the key or the password in clear', async () => {
    const key = newDatabaseKey();
    const slot = await createSlot(alice, 'kata sandi alice yang panjang', key, 'test', NOW);
    const text = JSON.stringify(slot);
    expect(text).not.toContain(key.toString('base64'));
    expect(text).not.toContain(key.toString('hex'));
    expect(text).not.toContain('kata sandi');
  });

  it('binds each slot to its owner: a slot copied under another name does not open', async () => {
    const key = newDatabaseKey();
    const bobSlot = await createSlot(bob, 'kata sandi bob yang panjang', key, 'test', NOW);
    const forged = { ...bobSlot, owner: { ...alice } };
    expect(await unlockSlot(forged, 'kata sandi bob yang panjang')).toBeNull();
  });

  it('detects a tampered sealed key', async () => {
    const key = newDatabaseKey();
    const slot = await createSlot(alice, 'kata sandi alice yang panjang', key, 'test', NOW);
    const ct = Buffer.from(slot.dbKey.box.ct, 'base64');
    ct[0] = (ct[0] ?? 0) ^ 1;
    const tampered = {
      ...slot,
      dbKey: { ...slot.dbKey, box: { ...slot.dbKey.box, ct: ct.toString('base64') } },
    };
    expect(await unlockSlot(tampered, 'kata sandi alice yang panjang')).toBeNull();
  });

  it('rotates to a new key for every slot without anyone’s password', async () => {
    const oldKey = newDatabaseKey();
    let file = emptySlotFile();
    file = putSlot(file, await createSlot(alice, 'kata sandi alice yang panjang', oldKey, 'test', NOW));
    file = putSlot(file, await createSlot(bob, 'kata sandi bob yang panjang', oldKey, 'test', NOW));
    const nextKey = newDatabaseKey();
    const staged = stageNextKey(file, nextKey);
    const during = await unlockSlot(userSlot(staged, 'bob')!, 'kata sandi bob yang panjang');
    expect(during?.dbKey.equals(oldKey)).toBe(true);
    expect(during?.nextDbKey?.equals(nextKey)).toBe(true);
    const done = commitNextKey(staged);
    const after = await unlockSlot(userSlot(done, 'bob')!, 'kata sandi bob yang panjang');
    expect(after?.dbKey.equals(nextKey)).toBe(true);
    expect(after?.nextDbKey).toBeNull();
    expect(keyId(nextKey)).not.toBe(keyId(oldKey));
  });

  it('puts one slot per user, replacing the old one on a new password', async () => {
    const key = newDatabaseKey();
    let file = putSlot(
      emptySlotFile(),
      await createSlot(alice, 'kata sandi alice yang panjang', key, 'test', NOW),
    );
    file = putSlot(file, await createSlot(alice, 'kata sandi baru alice juga panjang', key, 'test', NOW));
    expect(file.slots).toHaveLength(1);
    expect(await unlockSlot(userSlot(file, 'alice')!, 'kata sandi alice yang panjang')).toBeNull();
    expect(await unlockSlot(userSlot(file, 'alice')!, 'kata sandi baru alice juga panjang')).not.toBeNull();
  });
});

describe('recovery codes', () => {
  it('has 125 bits in five groups and forgives how people type it', () => {
    const code = newRecoveryCode();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){4}$/);
    expect(normalizeRecoveryCode(code.toLowerCase().replace(/-/g, ' '))).toBe(code);
    expect(normalizeRecoveryCode('ab0de-1ijkl')).toBe('AB0DE-11JK1');
    expect(normalizeRecoveryCode('abode')).toBe('AB0DE');
  });
});

import { describe, expect, it } from 'vitest';
import { checkPassword, PASSWORD_MIN_LENGTH } from './passwordPolicy.ts';

describe('password policy (NIST SP 800-63B-4, single factor)', () => {
  it('asks for at least 15 characters and suggests a passphrase', () => {
    const verdict = checkPassword('a'.repeat(0) + 'pendek sekali');
    expect(verdict).toMatchObject({ ok: false });
    if (!verdict.ok) {
      expect(verdict.message).toContain(`minimal ${PASSWORD_MIN_LENGTH} karakter`);
      expect(verdict.message).toContain('kopi pagi di alun-alun batu');
    }
  });

  it('counts characters, not bytes', () => {
    expect(checkPassword('ééééé ééééé éé').ok).toBe(false); // 14 characters, 26 bytes
    expect(checkPassword('ééééé ééééé ééé x').ok).toBe(true);
  });

  it('has no composition rules: lower-case words are fine', () => {
    expect(checkPassword('sepeda tua di lereng panderman').ok).toBe(true);
  });

  it('refuses the example it shows, which everyone would copy', () => {
    expect(checkPassword('Kopi pagi di alun-alun Batu').ok).toBe(false);
  });

  it.each([
    '123456789012345',
    'passwordpassword',
    'Dinas Sosial Kota Batu!',
    'aaaaaaaaaaaaaaaa',
    'abcabcabcabcabcabc',
    'abcdefghijklmnopq',
    'Bismillah 123456',
  ])('refuses the guessable %s', (password) => {
    expect(checkPassword(password).ok).toBe(false);
  });

  it('refuses a password that is little more than the username', () => {
    expect(checkPassword('budi.santoso.budi', { username: 'budi.santoso' }).ok).toBe(false);
    expect(checkPassword('budi.santoso pergi ke pasar batu', { username: 'budi.santoso' }).ok).toBe(true);
  });
});

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppFailure } from '../../common/errors.ts';
import { SEALED_HEADER_BYTES } from '../../common/sync/blobs.ts';
import { newOfficeCode, openFromOffice, parseOfficeCode, sealForOffice } from './officeKey.ts';

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const KEY = createHash('sha256').update('kunci uji').digest();
const OTHER_KEY = createHash('sha256').update('kunci lain').digest();
const FILE = Buffer.from('%PDF-1.4 surat keterangan tidak mampu');

/** The commonest slip: two neighbouring characters typed the other way round. */
function swapFirstDifferentNeighbours(code: string): string {
  const chars = code.replace(/-/g, '');
  const i = [...chars].findIndex((c, n) => n + 1 < chars.length && c !== chars[n + 1]);
  return chars.slice(0, i) + chars[i + 1]! + chars[i]! + chars.slice(i + 2);
}

describe('office files key code', () => {
  const code = newOfficeCode();
  const body = parseOfficeCode(code);

  it('is 13 groups of four Crockford characters, and reads back as typed', () => {
    expect(code).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){12}[0-9A-HJKMNP-TV-Z]{4}$/);
    for (const typed of [
      code.toLowerCase(),
      code.replace(/-/g, ' '),
      code.replace(/-/g, ''),
      code.replace(/0/g, 'O').replace(/1/g, 'l'),
    ])
      expect(parseOfficeCode(typed), typed).toBe(body);
  });

  it.each([
    ['one character changed', (c: string) => c.replace(/^./, (x) => (x === 'A' ? 'B' : 'A'))],
    ['two neighbours swapped', swapFirstDifferentNeighbours],
    ['a group left out', (c: string) => c.slice(5)],
    ['a character not in the alphabet', (c: string) => `U${c.slice(1)}`],
  ])('refuses a code with %s', (_case, mistype) => {
    expect(() => parseOfficeCode(mistype(code))).toThrow(/Kode kunci berkas kantor tidak cocok/);
  });
});

describe('a file sealed for the server', () => {
  const hash = sha(FILE);
  const sealed = sealForOffice(KEY, FILE, hash);

  it('holds the header and ciphertext only, and opens with the same key and hash', () => {
    expect(sealed.length).toBe(FILE.length + SEALED_HEADER_BYTES);
    expect(sealed.includes(Buffer.from('surat keterangan'))).toBe(false);
    expect(openFromOffice(KEY, sealed, hash).equals(FILE)).toBe(true);
    // A random IV each time: the same file sealed twice differs.
    expect(sealForOffice(KEY, FILE, hash).equals(sealed)).toBe(false);
  });

  const flipped = Buffer.from(sealed);
  flipped[flipped.length - 1]! ^= 1;
  const otherFile = Buffer.from('%PDF-1.4 lain');
  it.each([
    ['another office key', OTHER_KEY, sealed, hash],
    ['a changed byte', KEY, flipped, hash],
    ['another file under this hash', KEY, sealForOffice(KEY, otherFile, sha(otherFile)), hash],
    ['a truncated blob', KEY, sealed.subarray(0, 20), hash],
  ])('refuses %s with a message that says what to check', (_case, key, blob, expected) => {
    let failure: unknown;
    try {
      openFromOffice(key, blob, expected);
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(AppFailure);
    expect((failure as AppFailure).message).toMatch(/kode kunci berkas kantor di halaman Sinkronisasi/);
  });
});

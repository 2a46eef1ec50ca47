/**
 * NIST SP 800-63B-4 for a password that is the only factor: at least 15 characters, no
 * composition rules, checked against a blocklist of common and context-specific choices.
 * Shared by the renderer (live hint) and core (the rule that counts).
 */
export const PASSWORD_MIN_LENGTH = 15;
export const PASSWORD_MAX_LENGTH = 256;

export const PASSPHRASE_EXAMPLE = 'kopi pagi di alun-alun batu';

/** Long but guessable choices, folded the same way as the candidate (see `fold`). */
const BLOCKLIST = new Set(
  [
    '123456789012345',
    '1234567890123456',
    '12345678901234567890',
    '098765432109876',
    'qwertyuiopasdfgh',
    'qwertyuiopasdfghjkl',
    'qwertyuiop123456',
    'asdfghjklqwertyu',
    '1q2w3e4r5t6y7u8i',
    '1qaz2wsx3edc4rfv',
    'passwordpassword',
    'password123456789',
    'passwordpassword123',
    'iloveyouiloveyou',
    'abcdefghijklmnop',
    'abcdefghijklmnopqrstuvwxyz',
    'bismillahirrahmanirrahim',
    'bismillah123456',
    'alhamdulillah123',
    'assalamualaikum',
    'katasandirahasia',
    'katasandisaya123',
    'rahasiasekali123',
    'dinassosialkotabatu',
    'dinsoskotabatu123',
    'dinassosialbatu',
    'pemerintahkotabatu',
    'kotabatujawatimur',
    'bantuansosialbatu',
    'bansosdesk123456',
    'bansosdeskadmin',
    'administrator123',
    'adminadminadmin',
    'kopipagidialunalunbatu',
    'indonesiaraya1945',
    'merdeka17081945',
    'garudapancasila',
  ].map((p) => fold(p)),
);

/** Lower-case, letters and digits only: "Kopi Pagi!" and "kopipagi" are the same guess. */
function fold(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

function isRepetition(folded: string): boolean {
  for (let unit = 1; unit <= 4; unit++) {
    const head = folded.slice(0, unit);
    if (
      head.length === unit &&
      head.repeat(Math.ceil(folded.length / unit)).slice(0, folded.length) === folded
    ) {
      return true;
    }
  }
  return false;
}

function isSequence(folded: string): boolean {
  if (folded.length < 2) return false;
  const step = folded.charCodeAt(1) - folded.charCodeAt(0);
  if (Math.abs(step) !== 1) return false;
  for (let i = 2; i < folded.length; i++) {
    const d = folded.charCodeAt(i) - folded.charCodeAt(i - 1);
    // digits wrap 9 -> 0 in "1234567890123"
    if (d !== step && !(Math.abs(d) === 9 && /\d/.test(folded[i] ?? ''))) return false;
  }
  return true;
}

export type PasswordVerdict = { ok: true } | { ok: false; message: string };

/** Context: words a guesser would try first for this account. */
export function checkPassword(
  password: string,
  context: { username?: string; fullName?: string } = {},
): PasswordVerdict {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) {
    return {
      ok: false,
      message: `Kata sandi minimal ${PASSWORD_MIN_LENGTH} karakter (sekarang ${length}). Gunakan beberapa kata yang mudah Anda ingat, misalnya "${PASSPHRASE_EXAMPLE}".`,
    };
  }
  if (length > PASSWORD_MAX_LENGTH) {
    return { ok: false, message: `Kata sandi paling banyak ${PASSWORD_MAX_LENGTH} karakter.` };
  }
  const folded = fold(password);
  if (BLOCKLIST.has(folded) || isRepetition(folded) || isSequence(folded)) {
    return {
      ok: false,
      message:
        'Kata sandi ini terlalu umum dan mudah ditebak. Pilih rangkaian kata lain yang hanya Anda ketahui.',
    };
  }
  for (const word of [context.username, context.fullName]) {
    const w = word ? fold(word) : '';
    if (w.length >= 4 && folded.replace(w, '').length < 8) {
      return {
        ok: false,
        message:
          'Kata sandi tidak boleh hampir sama dengan nama pengguna atau nama Anda. Tambahkan kata lain.',
      };
    }
  }
  return { ok: true };
}

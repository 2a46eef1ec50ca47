/**
 * The one place typed or imported text is cleaned (names, addresses, free text), for the API's
 * zod fields and the importer alike.
 *
 * - Refused, with a message: NUL and other control characters (C0 except tab/line breaks, DEL,
 *   C1), bidi embeddings/overrides/isolates (U+202A-U+202E, U+2066-U+2069, and the marks
 *   U+200E, U+200F, U+061C), and lone surrogates (text that is not valid Unicode). Such
 *   characters are never typed on purpose; they hide or reorder what a reader sees.
 * - Stripped: zero-width characters (U+200B-U+200D, U+2060, U+FEFF), which copy-paste from web
 *   pages and BOM-prefixed CSV cells bring along invisibly.
 * - Single-line text: tabs and line breaks become spaces and runs of spaces one; multi-line
 *   text keeps line breaks (CRLF becomes LF). Both are NFC-normalised and trimmed.
 */
export type CleanedText = { ok: true; value: string } | { ok: false; code: 'TEXT_CONTROL'; message: string };

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/g;

const codePoint = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

export function cleanText(raw: string, options: { multiline?: boolean } = {}): CleanedText {
  const surrogate = LONE_SURROGATE.exec(raw);
  if (surrogate)
    return {
      ok: false,
      code: 'TEXT_CONTROL',
      message: 'berisi karakter yang rusak (bukan teks Unicode yang sah). Ketik ulang isinya.',
    };
  const control = CONTROL.exec(raw);
  if (control)
    return {
      ok: false,
      code: 'TEXT_CONTROL',
      message: `berisi karakter kontrol tak terlihat (${codePoint(control[0])}). Ketik ulang isinya tanpa menyalin dari berkas lain.`,
    };
  const bidi = BIDI.exec(raw);
  if (bidi)
    return {
      ok: false,
      code: 'TEXT_CONTROL',
      message: `berisi karakter pengatur arah teks (${codePoint(bidi[0])}) yang dapat menyamarkan isinya. Ketik ulang isinya.`,
    };
  let value = raw.replace(ZERO_WIDTH, '').normalize('NFC');
  value = options.multiline ? value.replace(/\r\n?/g, '\n').trim() : value.replace(/\s+/g, ' ').trim();
  return { ok: true, value };
}

/**
 * A person's name holds at least two letters. "0" (a formula no one calculated), "12345" (the
 * wrong column) or "-" (unknown) is no one's name, and a row under it could not be found again.
 */
export const nameHasLetters = (name: string): boolean => /\p{L}[^]*\p{L}/u.test(name);

/** Length limits of registry text, shared by the API's zod fields and the importer. */
export const TEXT_LIMITS = {
  personName: 120,
  birthPlace: 80,
  motherName: 120,
  address: 200,
} as const;

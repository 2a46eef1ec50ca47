import { z } from 'zod';
import { ROLES } from '../auth/roles.ts';
import { PASSWORD_MAX_LENGTH } from '../auth/passwordPolicy.ts';
import { cleanText } from '../domain/text.ts';

/** Field schemas reused across methods, with Indonesian messages where users will read them. */
export const id = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'ID tidak valid.');

export const username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^[a-z][a-z0-9._-]{2,31}$/,
    'Nama pengguna 3-32 karakter: huruf kecil, angka, titik, garis bawah atau tanda hubung, diawali huruf.',
  );

/**
 * Text a person typed (names, addresses, notes): control characters, bidi overrides and lone
 * surrogates refused, zero-width characters stripped, trimmed (see common/domain/text.ts).
 * A ZodString, so `.min()`/`.max()` chain as usual and check the cleaned value.
 */
export function cleanString(options: { multiline?: boolean } = {}) {
  return z
    .string()
    .superRefine((value, ctx) => {
      const cleaned = cleanText(value, options);
      if (!cleaned.ok) ctx.addIssue({ code: 'custom', message: `Teks ${cleaned.message}`, abort: true });
    })
    .overwrite((value) => {
      const cleaned = cleanText(value, options);
      return cleaned.ok ? cleaned.value : value;
    });
}

export const fullName = cleanString()
  .min(2, 'Nama lengkap minimal 2 huruf.')
  .max(100, 'Nama lengkap paling banyak 100 karakter.');

/** Length and blocklist rules are checked in core (checkPassword) so the message can use context. */
export const password = z
  .string()
  .min(1, 'Kata sandi wajib diisi.')
  .max(PASSWORD_MAX_LENGTH, 'Kata sandi terlalu panjang.');

export const role = z.enum(ROLES, 'Peran tidak dikenal.');

export const regionCode = z
  .string()
  .regex(
    /^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/,
    'Kode wilayah Kemendagri tidak valid (contoh 35.79.01.1001).',
  );

export const areaScope = z.strictObject({
  kecamatan: z.array(regionCode).max(50),
  desa: z.array(regionCode).max(200),
});

export const isoDateTime = z.iso.datetime();
export const isoDate = z.iso.date();

export const pageRequest = {
  limit: z.number().int().min(1).max(500).default(100),
  /** Opaque cursor returned by the previous page. */
  cursor: z.string().max(200).nullable().default(null),
};

/** Token for a file the user chose in a host dialog; core never takes a raw path from the UI. */
export const fileHandle = z
  .string()
  .regex(/^fh_[A-Za-z0-9_-]{16,64}$/, 'Berkas tidak dikenal. Pilih berkas lagi.');

export const emptyInput = z.strictObject({});

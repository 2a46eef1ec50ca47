import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {}

/** A path on the command line that cannot be read or written: exit 2, a plain message, no stack. */
export class PathError extends Error {}

const statOf = (path: string) => statSync(path, { throwIfNoEntry: false });

/** A file to read, as a dialog would only return one that exists. Answers the absolute path. */
export function existingFile(path: string, what: string): string {
  const full = resolve(path);
  const stat = statOf(full);
  if (!stat) throw new PathError(`${what} ${full} tidak ditemukan. Periksa nama berkas dan foldernya.`);
  if (!stat.isFile()) throw new PathError(`${what} ${full} adalah folder, bukan berkas.`);
  return full;
}

/** A file to write: its folder must exist (nothing is created silently). Answers the absolute path. */
export function writableTarget(path: string, what: string): string {
  const full = resolve(path);
  const folder = statOf(dirname(full));
  if (!folder || !folder.isDirectory())
    throw new PathError(
      `Folder ${dirname(full)} untuk ${what} tidak ada. Buat foldernya terlebih dahulu atau pilih folder lain.`,
    );
  if (statOf(full)?.isDirectory()) throw new PathError(`${what} ${full} adalah folder, bukan berkas.`);
  return full;
}

/** Options every command accepts. */
export const COMMON_OPTIONS = {
  data: { type: 'string' },
  user: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsConfig['options'];

export function parse<O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O) {
  try {
    return parseArgs({
      args: argv,
      options: { ...COMMON_OPTIONS, ...options },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export function required(value: string | undefined, flag: string): string {
  if (!value) throw new UsageError(`--${flag} wajib diisi.`);
  return value;
}

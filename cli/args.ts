import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {}

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

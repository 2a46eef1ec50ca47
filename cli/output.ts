let jsonWritten = false;

/** Human text by default; with --json, one JSON object on stdout and nothing else there. */
export function emit(json: boolean, value: unknown, human: () => string): void {
  if (json) jsonWritten = true;
  process.stdout.write(json ? `${JSON.stringify(value)}\n` : `${human()}\n`);
}

/**
 * With --json a script reads stdout, whatever happened: a command that failed before it wrote
 * its own object (a role refusal, a missing file, a wrong argument) still writes one.
 */
export function emitFailure(code: string, message: string): void {
  if (!jsonWritten) emit(true, { ok: false, error: { code, message } }, () => '');
}

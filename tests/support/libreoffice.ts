import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * LibreOffice (Debian: apt-get install -y libreoffice-calc-nogui) run headless, each run with a
 * throw-away profile so runs never share or lock one.
 */
export function findSoffice(): string | null {
  for (const candidate of [process.env.SOFFICE, '/usr/bin/soffice', '/usr/bin/libreoffice', 'soffice']) {
    if (!candidate) continue;
    try {
      execFileSync(candidate, ['--version'], { stdio: 'ignore', timeout: 60_000 });
      return candidate;
    } catch {
      // not this one
    }
  }
  return null;
}

/**
 * `soffice --headless [--infilter=...] --convert-to TARGET --outdir DIR FILE`, answering the path
 * of the (first) converted file. `target` is what --convert-to takes: "xlsx", or
 * "csv:<filter>:<options>". Several files convert in one start of LibreOffice.
 */
export async function convertWithLibreOffice(
  soffice: string,
  files: string | string[],
  outDir: string,
  target: string,
  infilter?: string,
): Promise<string> {
  const profile = mkdtempSync(join(tmpdir(), 'bansos-lo-profile-'));
  try {
    await new Promise<void>((resolve, reject) =>
      execFile(
        soffice,
        [
          `-env:UserInstallation=${pathToFileURL(profile).href}`,
          '--headless',
          ...(infilter ? [`--infilter=${infilter}`] : []),
          '--convert-to',
          target,
          '--outdir',
          outDir,
          ...[files].flat(),
        ],
        { timeout: 180_000 },
        (error, _stdout, stderr) =>
          error ? reject(new Error(`soffice: ${error.message}\n${stderr}`)) : resolve(),
      ),
    );
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  const extension = target.split(':')[0]!;
  const first = [files].flat()[0]!;
  return join(outDir, `${basename(first, extname(first))}.${extension}`);
}

/** The app's own CSV reader (RFC 4180), for files LibreOffice writes. */
export { parseCsv } from '../../core/text/csv.ts';

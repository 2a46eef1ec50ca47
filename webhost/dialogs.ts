import { existsSync, mkdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { HostAdapters } from '../core/ports.ts';

/**
 * The web host's "dialogs": a browser page cannot show a native save dialog for a server-side
 * path, so files the user saves go to the data folder's exports/ (offered for download), named
 * as suggested, never overwriting.
 */
export function scriptedDialogs(exportsDir: string, uploadsDir: string): HostAdapters {
  return {
    async chooseSaveFile(request) {
      mkdirSync(exportsDir, { recursive: true, mode: 0o700 });
      return uniquePath(exportsDir, basename(request.suggestedName));
    },
    async chooseOpenFile(request) {
      const path = join(uploadsDir, basename(request.suggestedName));
      return existsSync(path) ? path : null;
    },
  };
}

function uniquePath(dir: string, name: string): string {
  const ext = name.endsWith('.bansos-backup') ? '.bansos-backup' : extname(name);
  const stem = name.slice(0, name.length - ext.length);
  let candidate = join(dir, name);
  for (let n = 2; existsSync(candidate); n++) candidate = join(dir, `${stem} (${n})${ext}`);
  return candidate;
}

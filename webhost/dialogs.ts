import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { HostAdapters } from '../core/ports.ts';
import { reserveDownload } from './downloads.ts';

/**
 * The web host's "dialogs": a browser page cannot show a native save dialog for a server-side
 * path, so files the user saves go to the data folder's exports/ (offered for download to that
 * user alone, see downloads.ts), named as suggested plus a random part, never overwriting.
 */
export function scriptedDialogs(
  exportsDir: string,
  uploadsDir: string,
  clock: () => Date = () => new Date(),
): HostAdapters {
  return {
    async chooseSaveFile(request) {
      return reserveDownload(
        exportsDir,
        { ...request, suggestedName: basename(request.suggestedName) },
        clock().getTime(),
      );
    },
    async chooseOpenFile(request) {
      const path = join(uploadsDir, basename(request.suggestedName));
      return existsSync(path) ? path : null;
    },
  };
}

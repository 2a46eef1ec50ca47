import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import type { MethodName } from '../common/api/contract.ts';
import { AppFailure } from '../common/errors.ts';
import type { FileRequest } from './ports.ts';

export type FilePurpose = FileRequest['purpose'];

/**
 * What each method writes into the save handle it takes as `target`. The purpose a handle was
 * chosen for is what the web host's download checks (webhost/downloads.ts DOWNLOAD_PERMISSION):
 * a recipients export or a backup written into a handle chosen "for a report" could be
 * downloaded with reports.read alone, by an auditor. So a method writes only into a handle
 * chosen for what it writes. Every method with a `target` handle is listed (files.test.ts).
 */
export const SAVE_PURPOSE: Partial<Record<MethodName, FilePurpose>> = {
  'backup.start': 'backup',
  'export.start': 'export',
  'release.export': 'export',
  'reports.save': 'report',
  'import.errorWorkbook': 'errors',
};

const PURPOSE_WORDS: Record<FilePurpose, string> = {
  backup: 'cadangan',
  restore: 'pemulihan cadangan',
  import: 'impor',
  export: 'ekspor data',
  report: 'laporan',
  errors: 'daftar baris bermasalah',
};

interface Grant {
  path: string;
  mode: 'read' | 'write';
  owner: string;
  /** The purpose the host dialog was opened for (files.chooseSave); none for a file not chosen in a dialog. */
  purpose?: FilePurpose | undefined;
}

/**
 * Paths the user chose in a host dialog, handed to the renderer as opaque handles. The renderer
 * can only name files the user picked; a compromised page cannot ask core to write elsewhere.
 */
export class FileGrants {
  private readonly grants = new Map<string, Grant>();

  grant(path: string, mode: 'read' | 'write', owner: string, purpose?: FilePurpose): string {
    const handle = `fh_${randomBytes(18).toString('base64url')}`;
    this.grants.set(handle, { path, mode, owner, purpose });
    return handle;
  }

  resolve(handle: string, mode: 'read' | 'write', owner: string): string {
    const grant = this.grants.get(handle);
    if (!grant || grant.mode !== mode || grant.owner !== owner) {
      throw new AppFailure(
        'NOT_FOUND',
        'Berkas yang dipilih tidak dikenal lagi. Pilih berkasnya sekali lagi.',
      );
    }
    return grant.path;
  }

  /**
   * Refuses to write `wanted` into a save handle the owner chose for another purpose. An unknown
   * handle is left to `resolve`, which says so.
   */
  checkPurpose(handle: string, owner: string, wanted: FilePurpose): void {
    const grant = this.grants.get(handle);
    if (!grant || grant.owner !== owner || grant.purpose === undefined || grant.purpose === wanted) return;
    throw new AppFailure(
      'FORBIDDEN',
      `Berkas "${basename(grant.path)}" dipilih untuk menyimpan ${PURPOSE_WORDS[grant.purpose]}, bukan ${PURPOSE_WORDS[wanted]}. Pilih lagi tempat menyimpan ${PURPOSE_WORDS[wanted]} dari tombol simpannya.`,
    );
  }
}

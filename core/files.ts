import { randomBytes } from 'node:crypto';
import { AppFailure } from '../common/errors.ts';

/**
 * Paths the user chose in a host dialog, handed to the renderer as opaque handles. The renderer
 * can only name files the user picked; a compromised page cannot ask core to write elsewhere.
 */
export class FileGrants {
  private readonly grants = new Map<string, { path: string; mode: 'read' | 'write'; owner: string }>();

  grant(path: string, mode: 'read' | 'write', owner: string): string {
    const handle = `fh_${randomBytes(18).toString('base64url')}`;
    this.grants.set(handle, { path, mode, owner });
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
}

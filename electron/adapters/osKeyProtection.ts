import { safeStorage } from 'electron';

/**
 * Whether the OS can additionally protect secrets for this user account. Linux's "basic_text"
 * backend stores them in plain text, which is no protection: it is refused, not trusted.
 */
export function osKeyProtection(): { available: boolean; backend: string } {
  if (!safeStorage.isEncryptionAvailable()) return { available: false, backend: 'none' };
  if (process.platform !== 'linux') return { available: true, backend: process.platform };
  const backend = safeStorage.getSelectedStorageBackend();
  return { available: backend !== 'basic_text' && backend !== 'unknown', backend };
}

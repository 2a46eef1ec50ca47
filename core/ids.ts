import { createHash } from 'node:crypto';
import { v7 } from 'uuid';

/** UUIDv7: made offline, unique across devices, sortable by creation time. */
export const newId = (): string => v7();

/**
 * A UUIDv7-shaped id derived from a name: the reference rows every workstation seeds itself get
 * the same id everywhere, so their first sync merges instead of clashing (core/sync).
 */
export function stableId(name: string): string {
  const h = createHash('sha256').update(`bansos-desk:${name}`).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-7${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { AreaScope, Permission, Role } from '../common/auth/roles.ts';
import type { FileRequest } from '../core/ports.ts';
import { writeFileDurably } from '../db/dataDir.ts';

/**
 * Files the web host saves for download (the data folder's exports/). Each one belongs to the
 * user who asked for it and keeps the permission of what made it; its name carries a random
 * part; it is removed a day later. The record lives in exports/.pemilik.json (owner-only), so
 * it holds across a restart of the host.
 */
export const DOWNLOAD_LIFETIME_MS = 24 * 60 * 60_000;
const MANIFEST = '.pemilik.json';

export interface DownloadEntry {
  owner: string;
  purpose: FileRequest['purpose'];
  createdAt: number;
  /** The name the user asked for, offered again when the file is downloaded. */
  suggestedName: string;
  /** The owner's role and area when they asked (absent in records of older versions). */
  role?: Role;
  area?: AreaScope;
}

type Manifest = Record<string, DownloadEntry>;

/** What a user must still hold to download a file made for this purpose. */
export const DOWNLOAD_PERMISSION: Record<FileRequest['purpose'], Permission> = {
  backup: 'backup.run',
  restore: 'backup.run',
  export: 'export.run',
  report: 'reports.read',
  errors: 'import.run',
  import: 'import.run',
};

export function readManifest(dir: string): Manifest {
  const path = join(dir, MANIFEST);
  if (!existsSync(path)) return {};
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Manifest) : {};
  } catch {
    return {};
  }
}

function writeManifest(dir: string, manifest: Manifest): void {
  writeFileDurably(join(dir, MANIFEST), Buffer.from(JSON.stringify(manifest)));
}

/**
 * A fresh name for a file the user saves: "penerima-3f9a1c0d8e7b6a52.xlsx". Another user, or a
 * page guessing, cannot name it; and it is recorded as the owner's.
 */
export function reserveDownload(dir: string, request: FileRequest, now: number): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const suggested = request.suggestedName.replace(/[/\\]/g, '_');
  const ext = suggested.endsWith('.bansos-backup') ? '.bansos-backup' : extname(suggested);
  const stem = suggested.slice(0, suggested.length - ext.length) || 'berkas';
  let name: string;
  do name = `${stem}-${randomBytes(8).toString('hex')}${ext}`;
  while (existsSync(join(dir, name)));
  const manifest = readManifest(dir);
  // Without an owner (a core that does not say who asks) nobody may download it.
  manifest[name] = {
    owner: request.owner ?? '',
    purpose: request.purpose,
    createdAt: now,
    suggestedName: suggested,
    ...(request.ownerRole ? { role: request.ownerRole } : {}),
    ...(request.ownerArea ? { area: request.ownerArea } : {}),
  };
  writeManifest(dir, manifest);
  return join(dir, name);
}

/** The record of a file that may still be downloaded, or null (unknown, expired or gone). */
export function findDownload(dir: string, name: string, now: number): DownloadEntry | null {
  if (name === MANIFEST || name.includes('/') || name.includes('\\')) return null;
  const entry = readManifest(dir)[name];
  if (!entry || !entry.owner) return null;
  if (now - entry.createdAt >= DOWNLOAD_LIFETIME_MS || !existsSync(join(dir, name))) return null;
  return entry;
}

const areaKey = (area: AreaScope) => JSON.stringify([[...area.kecamatan].sort(), [...area.desa].sort()]);

/**
 * Whether the user still has the role and area the file was made under. A file made for a wider
 * area (a city-wide export with full NIK) or another role must not outlive a change of either
 * (probe C01); a record without them (an older version's) counts as changed.
 */
export function madeUnderCurrentAccess(entry: DownloadEntry, user: { role: Role; area: AreaScope }): boolean {
  return entry.role === user.role && entry.area !== undefined && areaKey(entry.area) === areaKey(user.area);
}

/**
 * Removes expired files and their records. At start (`everything`), also any file nobody owns
 * (pieces a crash left, files of an older version); later only such files older than a day,
 * since one may be a file being written right now.
 */
export function sweepDownloads(dir: string, now: number, options: { atStart?: boolean } = {}): string[] {
  if (!existsSync(dir)) return [];
  const removed: string[] = [];
  const manifest = readManifest(dir);
  let changed = false;
  for (const [name, entry] of Object.entries(manifest)) {
    if (now - entry.createdAt >= DOWNLOAD_LIFETIME_MS) {
      rmSync(join(dir, name), { force: true });
      delete manifest[name];
      changed = true;
      removed.push(name);
    }
  }
  if (changed) writeManifest(dir, manifest);
  for (const name of readdirSync(dir)) {
    if (name === MANIFEST || manifest[name]) continue;
    const path = join(dir, name);
    let old = options.atStart === true;
    if (!old) {
      try {
        old = now - statSync(path).mtimeMs >= DOWNLOAD_LIFETIME_MS;
      } catch {
        continue;
      }
    }
    // The record being rewritten, or a file being written just now, is left alone.
    if (!old || (!options.atStart && name.startsWith(`${MANIFEST}.tmp-`))) continue;
    rmSync(path, { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

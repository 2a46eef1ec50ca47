import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { AppFailure } from '../../common/errors.ts';
import { DataDir, writeFileDurably } from '../../db/dataDir.ts';
import {
  recoverySlot,
  unlockSlot,
  userSlot,
  normalizeRecoveryCode,
  type UnlockedSlot,
} from '../../db/keySlots.ts';
import { integrityOk } from '../../db/connection.ts';
import { Database } from '../db/database.ts';
import { decodeBackup, type BackupHeader } from './format.ts';

export type RestoreCredentials = { username: string; password: string } | { recoveryCode: string };

export interface RestoreResult {
  header: Omit<BackupHeader, 'keySlots'>;
  replacedTo: string | null;
}

/**
 * Restores a backup into a data folder. The backup must be whole (checksums), the credentials
 * must open one of its key slots, and the database inside must pass integrity_check before
 * anything in the target is touched. An existing data folder is only replaced when asked, and
 * its files are moved aside, not deleted.
 */
export async function restoreBackup(
  backupPath: string,
  targetRoot: string,
  credentials: RestoreCredentials,
  options: { replace?: boolean; clock?: () => Date } = {},
): Promise<RestoreResult> {
  if (!existsSync(backupPath))
    throw new AppFailure('NOT_FOUND', `Berkas cadangan ${backupPath} tidak ditemukan.`);
  const { header, dbImage, files } = decodeBackup(readFileSync(backupPath));
  const unlocked = await unlockBackup(header, credentials);

  const target = new DataDir(targetRoot);
  const existed = existsSync(targetRoot);
  // Any piece of a database counts: a lone bansos.db-wal would be replayed over the restored file.
  const present = existed ? readdirSync(targetRoot).filter(isDataFile) : [];
  if (present.length && !options.replace) {
    throw new AppFailure(
      'CONFLICT',
      `Folder ${targetRoot} sudah berisi data (${present.join(', ')}). Pilih folder kosong, atau nyatakan bahwa data di sana boleh diganti.`,
    );
  }
  target.ensure();
  const staging = join(targetRoot, `.restore-${process.pid}.db`);
  const removeStaging = () => {
    for (const suffix of ['', '-wal', '-shm']) rmSync(staging + suffix, { force: true });
  };
  writeFileDurably(staging, dbImage);
  try {
    await checkImage(staging, unlocked.dbKey, options.clock);
  } catch (error) {
    removeStaging();
    if (!existed) rmSync(targetRoot, { recursive: true, force: true });
    throw error;
  }

  let replacedTo: string | null = null;
  if (present.length) {
    replacedTo = join(
      targetRoot,
      `diganti-${(options.clock?.() ?? new Date()).toISOString().replace(/[:.]/g, '-')}`,
    );
    mkdirSync(replacedTo);
    for (const name of present) renameSync(join(targetRoot, name), join(replacedTo, name));
  }
  for (const suffix of ['-wal', '-shm']) rmSync(staging + suffix, { force: true });
  mkdirSync(target.filesDir, { recursive: true, mode: 0o700 });
  for (const f of files) writeFileDurably(join(target.filesDir, f.name), f.data);
  target.writeSlots(header.keySlots);
  renameSync(staging, target.dbPath);
  const { keySlots: _slots, ...rest } = header;
  return { header: rest, replacedTo };
}

const isDataFile = (name: string) =>
  name.startsWith('bansos.db') || name.startsWith('keyslots.json') || name === 'files';

/** The image must open with the key and pass integrity_check; any failure means a damaged backup. */
async function checkImage(path: string, key: Buffer, clock: (() => Date) | undefined): Promise<void> {
  const damaged = new AppFailure(
    'BACKUP_DAMAGED',
    'Berkas cadangan rusak: database di dalamnya tidak utuh. Gunakan salinan cadangan yang lain.',
  );
  let db: Database;
  try {
    db = await Database.open(path, key, { clock });
  } catch (error) {
    if (error instanceof AppFailure && error.code === 'DB_NEWER') throw error;
    throw damaged;
  }
  try {
    if (!integrityOk(db.sql.raw)) throw damaged;
    db.sql.raw.pragma('wal_checkpoint(TRUNCATE)');
  } catch {
    throw damaged;
  } finally {
    db.close();
  }
}

async function unlockBackup(header: BackupHeader, credentials: RestoreCredentials): Promise<UnlockedSlot> {
  const slot =
    'recoveryCode' in credentials
      ? recoverySlot(header.keySlots)
      : userSlot(header.keySlots, credentials.username);
  const secret =
    'recoveryCode' in credentials ? normalizeRecoveryCode(credentials.recoveryCode) : credentials.password;
  const unlocked = slot ? await unlockSlot(slot, secret) : null;
  if (!unlocked) {
    throw new AppFailure(
      'WRONG_CREDENTIALS',
      'Cadangan ini tidak dapat dibuka dengan kata sandi atau kode pemulihan tersebut. Gunakan kata sandi yang berlaku saat cadangan dibuat, atau kode pemulihan.',
    );
  }
  return unlocked;
}

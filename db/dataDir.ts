import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { emptySlotFile, parseSlotFile, type KeySlotFile } from './keySlots.ts';

/**
 * One folder holds one office's data:
 *   bansos.db (+ -wal, -shm)   the encrypted database
 *   keyslots.json              the database key, sealed per user and for the recovery code
 *   keyslots.json.bak          a second copy of keyslots.json, written just before it (losing
 *                              both loses the data)
 *   files/                     encrypted attachments
 *   exports/                   files the web host saves for download
 */
export class DataDir {
  readonly dbPath: string;
  readonly slotsPath: string;
  readonly filesDir: string;
  readonly exportsDir: string;

  constructor(readonly root: string) {
    this.dbPath = join(root, 'bansos.db');
    this.slotsPath = join(root, 'keyslots.json');
    this.filesDir = join(root, 'files');
    this.exportsDir = join(root, 'exports');
  }

  get initialized(): boolean {
    return existsSync(this.slotsPath) && existsSync(this.dbPath);
  }

  ensure(): void {
    mkdirSync(this.root, { recursive: true, mode: 0o700 });
  }

  readSlots(): KeySlotFile {
    if (!existsSync(this.slotsPath)) return emptySlotFile();
    return parseSlotFile(readFileSync(this.slotsPath, 'utf8'));
  }

  /**
   * Atomic replace: a crash leaves either the old file or the new one, never half of one. The
   * .bak is the new state too, written first, so one whole file survives any crash; it is not
   * the previous state: that kept the slot of an account just disabled, an old password or an
   * old recovery code, which still opened the database (probe C03).
   */
  writeSlots(file: KeySlotFile): void {
    this.ensure();
    const text = Buffer.from(JSON.stringify(file, null, 2));
    writeFileDurably(`${this.slotsPath}.bak`, text);
    writeFileDurably(this.slotsPath, text);
  }

  /**
   * Read-modify-write of the slot file under a lock file, so a CLI command and a running app
   * never lose each other's change (a failed-login count, a new password).
   */
  updateSlots(change: (file: KeySlotFile) => KeySlotFile): KeySlotFile {
    const lockPath = `${this.slotsPath}.lock`;
    acquireLock(lockPath);
    try {
      const next = change(this.readSlots());
      this.writeSlots(next);
      return next;
    } finally {
      unlinkSync(lockPath);
    }
  }
}

export function writeFileDurably(path: string, data: Buffer): void {
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

function acquireLock(lockPath: string): void {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      closeSync(openSync(lockPath, 'wx'));
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A process killed while holding the lock leaves it behind; the critical section takes
      // milliseconds, so a lock older than 30 s is stale.
      try {
        if (Date.now() - statSync(lockPath).mtimeMs > 30_000) unlinkSync(lockPath);
      } catch {
        /* removed meanwhile */
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockPath}`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
}

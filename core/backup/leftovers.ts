import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileDurably } from '../../db/dataDir.ts';

/**
 * A backup in progress leaves pieces next to its target: the VACUUM INTO copy
 * (`<target>.partial-db`, with SQLite's `-journal`), and the file being written
 * (`<target>.tmp-<pid>`, renamed when whole). A crash (kill -9, power cut) leaves them behind,
 * and the user may have chosen any folder, so each backup is noted in the data folder's
 * `backups-running/` while it runs; the next start removes what a dead process left.
 */
const RUNNING_DIR = 'backups-running';
const PIECES = ['.partial-db', '.partial-db-journal', '.partial-db-wal', '.partial-db-shm'];

/** Notes made by this process that are still running (two cores may share a process in tests). */
const ours = new Set<string>();

interface Note {
  pid: number;
  targetPath: string;
}

function alive(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Notes a backup about to be written to targetPath; answers the function that ends the note. */
export function noteBackupRunning(dataRoot: string, targetPath: string): () => void {
  const dir = join(dataRoot, RUNNING_DIR);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, `${process.pid}-${randomBytes(6).toString('hex')}.json`);
  const note: Note = { pid: process.pid, targetPath };
  writeFileDurably(path, Buffer.from(JSON.stringify(note)));
  ours.add(path);
  return () => {
    ours.delete(path);
    rmSync(path, { force: true });
  };
}

/** The pieces a backup to targetPath written by process pid leaves when it dies. */
export function backupPieces(targetPath: string, pid: number): string[] {
  return [...PIECES.map((suffix) => targetPath + suffix), `${targetPath}.tmp-${pid}`];
}

/**
 * At start: removes the pieces of every noted backup whose process is gone, and in `folders`
 * (the web host's exports/) any piece of a backup a dead process left there.
 */
export function removeBackupLeftovers(dataRoot: string, folders: string[] = []): string[] {
  const removed: string[] = [];
  const remove = (path: string) => {
    if (!existsSync(path)) return;
    rmSync(path, { force: true });
    removed.push(path);
  };
  const dir = join(dataRoot, RUNNING_DIR);
  if (existsSync(dir)) {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (ours.has(path)) continue;
      let note: Note | null = null;
      try {
        note = JSON.parse(readFileSync(path, 'utf8')) as Note;
      } catch {
        note = null; // a half-written note: its backup had not started writing
      }
      if (note && typeof note.pid === 'number' && alive(note.pid)) continue;
      if (note && typeof note.targetPath === 'string') {
        for (const piece of backupPieces(note.targetPath, note.pid)) remove(piece);
      }
      rmSync(path, { force: true });
    }
  }
  // A restore killed before its rename leaves its staging copy in the data folder.
  if (existsSync(dataRoot)) {
    for (const name of readdirSync(dataRoot)) {
      const staging = /^\.restore-(\d+)\.db(-wal|-shm|-journal)?$/.exec(name);
      if (staging && !alive(Number(staging[1]))) remove(join(dataRoot, name));
    }
  }
  for (const folder of folders) {
    if (!existsSync(folder)) continue;
    for (const name of readdirSync(folder)) {
      const tmp = /\.tmp-(\d+)$/.exec(name);
      const piece = PIECES.some((suffix) => name.endsWith(suffix));
      if (!tmp && !piece) continue;
      if (tmp && alive(Number(tmp[1]))) continue;
      if (!runningTarget(dataRoot, join(folder, name))) remove(join(folder, name));
    }
  }
  return removed;
}

/** Whether a piece belongs to a backup noted as running by a live process. */
function runningTarget(dataRoot: string, piecePath: string): boolean {
  const dir = join(dataRoot, RUNNING_DIR);
  if (!existsSync(dir)) return false;
  for (const name of readdirSync(dir)) {
    try {
      const note = JSON.parse(readFileSync(join(dir, name), 'utf8')) as Note;
      if (
        dirname(note.targetPath) === dirname(piecePath) &&
        piecePath.startsWith(note.targetPath) &&
        (ours.has(join(dir, name)) || alive(note.pid))
      )
        return true;
    } catch {
      // a note being written: not a running target yet
    }
  }
  return false;
}

import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { LATEST_MIGRATION } from '../../db/migrate.ts';
import { writeFileDurably } from '../../db/dataDir.ts';
import { readSettings } from '../settings/settings.ts';
import type { KeySlotFile } from '../../db/keySlots.ts';
import type { JobDefinition } from '../jobs/types.ts';
import { encodeBackup } from './format.ts';
import { APP_VERSION } from '../version.ts';

export interface BackupParams {
  targetPath: string;
  keySlots: KeySlotFile;
  /** The data folder's files/ (encrypted attachments), copied into the backup. */
  filesDir: string;
}

export interface BackupResult {
  bytes: number;
  fileName: string;
}

export const backupJob: JobDefinition<BackupParams, BackupResult> = {
  run({ targetPath, keySlots, filesDir }, ctx) {
    const imagePath = `${targetPath}.partial-db`;
    rmSync(imagePath, { force: true });
    try {
      ctx.progress(0.05, 'Menyalin database');
      // VACUUM INTO writes a consistent, encrypted copy even while others keep writing.
      ctx.db.sql.raw.prepare('VACUUM INTO ?').run(imagePath);
      ctx.checkCancelled();
      ctx.progress(0.7, 'Menyusun berkas cadangan');
      const image = readFileSync(imagePath);
      // Attachments written after the copy above are not referenced by it; extra files are harmless.
      const files = existsSync(filesDir)
        ? readdirSync(filesDir)
            .filter((name) => name.endsWith('.bin'))
            .map((name) => ({ name, data: readFileSync(join(filesDir, name)) }))
        : [];
      const file = encodeBackup(
        {
          createdAt: ctx.db.now(),
          appVersion: APP_VERSION,
          migration: LATEST_MIGRATION,
          deviceId: ctx.db.deviceId,
          officeName: readSettings(ctx.db.sql).officeName,
          // Failure counters are state of this machine, not of the data.
          keySlots: {
            ...keySlots,
            slots: keySlots.slots.map((s) => ({ ...s, failures: { count: 0, lastAt: null } })),
          },
        },
        image,
        files,
      );
      ctx.checkCancelled();
      ctx.progress(0.85, 'Menulis berkas');
      writeFileDurably(targetPath, file);
      const fileName = targetPath.split(/[\\/]/).pop() ?? targetPath;
      ctx.db.write(ctx.actor, (changes) =>
        changes.note('backup.create', 'database', null, { file: fileName, bytes: file.length }),
      );
      ctx.progress(1, 'Selesai');
      return { bytes: file.length, fileName };
    } finally {
      rmSync(imagePath, { force: true });
    }
  },
};

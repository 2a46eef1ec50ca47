import { basename } from 'node:path';
import type { JobDefinition } from '../jobs/types.ts';
import { importLimitsOf } from '../importer/limits.ts';
import { readSettings } from '../settings/settings.ts';
import { readRelease } from './readRelease.ts';
import { fileSha256, storeRelease } from './store.ts';

/** Skipped rows sent back to the screen; the count is whole. */
const SKIPPED_SHOWN = 200;

export interface ReleaseImportParams {
  /** The file the user chose, resolved from its handle by the request. */
  path: string;
  source: string;
  releaseDate: string;
  /** The request's day (ISO), which ages and dates in the file are read against. */
  today: string;
}

/**
 * A release read, matched and stored in a job thread, which the request waits for: a city's
 * release is as large as a city-wide import, and matching and reconciling it on the main
 * thread would stall every other request (and the window) meanwhile.
 */
export const releaseImportJob: JobDefinition<
  ReleaseImportParams,
  {
    releaseId: string;
    rows: number;
    matched: number;
    items: number;
    skipped: { row: number; message: string }[];
    skippedCount: number;
  }
> = {
  async run(p, ctx) {
    const { sql } = ctx.db;
    const fileName = basename(p.path);
    const read = await readRelease(
      sql,
      { path: p.path, name: fileName },
      importLimitsOf(readSettings(sql)),
      new Date(p.today),
    );
    const file = {
      source: p.source,
      releaseDate: p.releaseDate,
      fileName,
      fileSha256: await fileSha256(p.path),
    };
    const stored = ctx.db.write(ctx.actor, (changes) => storeRelease(changes, file, read.rows));
    return {
      ...stored,
      rows: read.rows.length,
      skipped: read.skipped.slice(0, SKIPPED_SHOWN),
      skippedCount: read.skipped.length,
    };
  },
};

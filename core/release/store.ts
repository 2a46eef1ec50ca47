import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { canonicalJson } from '../../common/canonicalJson.ts';
import type { DtksReleaseRowsTable } from '../../db/schema.ts';
import type { Changes } from '../db/changes.ts';
import { newId } from '../ids.ts';
import { matchRows } from './match.ts';
import type { ReleaseRow } from './readRelease.ts';
import { reconcile } from './reconcile.ts';

export interface ReleaseFile {
  source: string;
  releaseDate: string;
  fileName: string;
  fileSha256: string;
}

/** SHA-256 of the file as received: the release's audit entry names the file by it. */
export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const ROW_COLUMNS = [
  'id',
  'release_id',
  'row_no',
  'dtks_id',
  'bdt_id',
  'nik',
  'kk_number',
  'name',
  'sex',
  'birth_date',
  'address',
  'desa_code',
  'desil',
  'died',
  'person_id',
  'household_id',
  'matched_by',
] as const satisfies readonly (keyof DtksReleaseRowsTable)[];

/**
 * Stores a release in one transaction: its rows as read (one prepared statement, no audit
 * entry each: the release's own entry holds their SHA-256, as an import batch's does), each
 * matched to the registry, and the differences as items awaiting the clerk's decision.
 */
export function storeRelease(
  changes: Changes,
  file: ReleaseFile,
  rows: ReleaseRow[],
): { releaseId: string; matched: number; items: number } {
  const sql = changes.db;
  const matched = matchRows(sql, rows);
  // Before this release's rows exist: "named by an earlier release" must mean earlier.
  const items = reconcile(sql, matched);
  const releaseId = newId();
  const insert = sql.raw.prepare(
    `INSERT INTO dtks_release_rows (${ROW_COLUMNS.join(', ')}) VALUES (${ROW_COLUMNS.map(() => '?').join(', ')})`,
  );
  const sum = createHash('sha256');
  const rowIds = new Map<number, string>();
  for (const r of matched) {
    const row: DtksReleaseRowsTable = {
      id: newId(),
      release_id: releaseId,
      row_no: r.rowNo,
      dtks_id: r.dtksId,
      bdt_id: r.bdtId,
      nik: r.nik,
      kk_number: r.kk,
      name: r.name,
      sex: r.sex,
      birth_date: r.birthDate,
      address: r.address,
      desa_code: r.desaCode,
      desil: r.desil,
      died: r.died ? 1 : 0,
      person_id: r.personId,
      household_id: r.householdId,
      matched_by: r.matchedBy,
    };
    rowIds.set(r.rowNo, row.id);
    insert.run(...ROW_COLUMNS.map((c) => row[c]));
    sum.update(`${canonicalJson(row)}\n`);
  }
  changes.insert(
    'dtks_releases',
    {
      id: releaseId,
      source: file.source,
      release_date: file.releaseDate,
      file_name: file.fileName,
      file_sha256: file.fileSha256,
      row_count: matched.length,
      rows_sha256: sum.digest('hex'),
      imported_by: changes.actorId,
    } as never,
    'release.import',
  );
  for (const item of items) {
    const write = () =>
      changes.insert(
        'dtks_release_changes',
        {
          id: newId(),
          release_id: releaseId,
          category: item.category,
          household_id: item.householdId,
          person_id: item.personId,
          release_row_id: item.rowNo === null ? null : (rowIds.get(item.rowNo) ?? null),
          desa_code: item.desaCode,
          subject_name: item.subjectName,
          before_value: item.before,
          after_value: item.after,
          decision: null,
          reason: null,
          verification_id: null,
          decided_by: null,
          decided_at: null,
        } as never,
        'release.reconcile',
      );
    if (item.householdId) changes.about(item.householdId, write);
    else write();
  }
  return { releaseId, matched: matched.filter((r) => r.personId).length, items: items.length };
}

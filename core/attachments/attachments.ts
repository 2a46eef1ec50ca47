import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AppFailure, notFound } from '../../common/errors.ts';
import { MAX_ATTACHMENT_BYTES } from '../../common/sync/blobs.ts';
import { DataDir, writeFileDurably } from '../../db/dataDir.ts';
import { qb, type Sql } from '../../db/sql.ts';
import type { Changes } from '../db/changes.ts';
import { newId } from '../ids.ts';
import { officeKey, sealForOffice } from './officeKey.ts';

/**
 * Photos and documents (visit photos, letters) live as files beside the database, each
 * encrypted with AES-256-GCM under a random "files key" kept inside the encrypted database.
 * The files key is not derived from the database key, so rotating that key leaves the files
 * readable; without the database nobody can read them. To reach the other workstations a file
 * also waits in `attachment_uploads`, sealed with the office key (officeKey.ts), until the sync
 * hands it to the central server (core/sync/blobs.ts).
 */
const SIGNATURES: Record<string, (b: Buffer) => boolean> = {
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
};

function filesKey(changesOrSql: Changes | Sql): Buffer {
  const sql = 'db' in changesOrSql ? changesOrSql.db : changesOrSql;
  const stored = sql.first(qb.selectFrom('meta').select('value').where('key', '=', 'files_key'));
  if (stored) return Buffer.from(stored.value, 'hex');
  if (!('db' in changesOrSql)) throw new Error('files key missing');
  const key = randomBytes(32);
  // Not audited as a change of data: the key itself must not be copied into the audit trail.
  changesOrSql.db.run(qb.insertInto('meta').values({ key: 'files_key', value: key.toString('hex') }));
  return key;
}

export function attachmentPath(filesDir: string, id: string): string {
  return join(filesDir, `${id}.bin`);
}

/** Is the attachment's file on this workstation (or still only on the server)? */
export function hasLocalFile(filesDir: string, id: string): boolean {
  return existsSync(attachmentPath(filesDir, id));
}

export const sha256Of = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** Writes the file encrypted with this workstation's files key (the attachment id as AAD). */
export function storeLocalFile(changes: Changes, filesDir: string, id: string, data: Buffer): void {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', filesKey(changes), iv);
  cipher.setAAD(Buffer.from(id));
  const ct = Buffer.concat([cipher.update(data), cipher.final()]);
  mkdirSync(filesDir, { recursive: true, mode: 0o700 });
  writeFileDurably(attachmentPath(filesDir, id), Buffer.concat([iv, cipher.getAuthTag(), ct]));
}

export function addAttachment(
  changes: Changes,
  filesDir: string,
  owner: { entity: 'verifications' | 'cases'; id: string; householdId: string },
  file: { fileName: string; mime: keyof typeof SIGNATURES; dataBase64: string },
) {
  const data = Buffer.from(file.dataBase64, 'base64');
  if (data.length === 0) throw new AppFailure('VALIDATION', 'Berkas kosong.');
  if (data.length > MAX_ATTACHMENT_BYTES)
    throw new AppFailure('VALIDATION', 'Berkas terlalu besar: maksimal 10 MB. Perkecil foto lalu coba lagi.');
  if (!SIGNATURES[file.mime]?.(data))
    throw new AppFailure(
      'VALIDATION',
      'Isi berkas tidak sesuai jenisnya. Hanya foto JPG/PNG atau dokumen PDF.',
    );
  const id = newId();
  storeLocalFile(changes, filesDir, id, data);
  const row = {
    id,
    owner_entity: owner.entity,
    owner_id: owner.id,
    file_name: file.fileName.replace(/[/\\]/g, '_'),
    mime: file.mime,
    size: data.length,
    sha256: sha256Of(data),
    created_by: changes.actorId,
    deleted_at: null,
  };
  changes.about(owner.householdId, () => changes.insert('attachments', row as never, 'attachments.add'));
  // Sealed now when the office key is set; otherwise when it is (officeKey.ts, sealWaitingFiles).
  const key = officeKey(changes.db);
  changes.db.run(
    qb.insertInto('attachment_uploads').values({
      attachment_id: id,
      sha256: row.sha256,
      sealed: key ? sealForOffice(key, data, row.sha256) : null,
    }),
  );
  return {
    id,
    fileName: row.file_name,
    mime: row.mime,
    size: row.size,
    createdAt: changes.now,
    local: true,
  };
}

/** A purge's attachments: their files, sealed for the server, stop waiting to be sent. */
export function forgetWaitingFiles(sql: Sql, ids: string[]): void {
  if (ids.length) sql.run(qb.deleteFrom('attachment_uploads').where('attachment_id', 'in', ids));
}

export interface AttachmentRow {
  id: string;
  fileName: string;
  mime: string;
  size: number;
  sha256: string;
  ownerEntity: string;
  ownerId: string;
}

/** A live attachment's row (not its file). */
export function attachmentRow(sql: Sql, id: string): AttachmentRow {
  const row = sql.first(
    qb.selectFrom('attachments').selectAll().where('id', '=', id).where('deleted_at', 'is', null),
  );
  if (!row) throw notFound('Lampiran');
  return {
    id: row.id,
    fileName: row.file_name,
    mime: row.mime,
    size: row.size,
    sha256: row.sha256,
    ownerEntity: row.owner_entity,
    ownerId: row.owner_id,
  };
}

/** The plain file of an attachment stored on this workstation. */
export function readLocalFile(sql: Sql, filesDir: string, id: string): Buffer {
  const path = attachmentPath(filesDir, id);
  if (!existsSync(path))
    throw new AppFailure(
      'NOT_FOUND',
      'Berkas lampiran tidak ada di folder data. Pulihkan folder files/ dari cadangan.',
    );
  const blob = readFileSync(path);
  try {
    const decipher = createDecipheriv('aes-256-gcm', filesKey(sql), blob.subarray(0, 12));
    decipher.setAAD(Buffer.from(id));
    decipher.setAuthTag(blob.subarray(12, 28));
    return Buffer.concat([decipher.update(blob.subarray(28)), decipher.final()]);
  } catch {
    throw new AppFailure('DB_DAMAGED', 'Berkas lampiran rusak atau telah diubah. Pulihkan dari cadangan.');
  }
}

export function readAttachment(
  sql: Sql,
  filesDir: string,
  id: string,
): { fileName: string; mime: string; data: Buffer; ownerEntity: string; ownerId: string } {
  const row = attachmentRow(sql, id);
  return {
    fileName: row.fileName,
    mime: row.mime,
    data: readLocalFile(sql, filesDir, id),
    ownerEntity: row.ownerEntity,
    ownerId: row.ownerId,
  };
}

/**
 * The files folder beside this database (db/dataDir.ts): the list says which files are here
 * without every caller passing the folder.
 */
function filesDirOf(sql: Sql): string {
  return new DataDir(dirname(sql.raw.name)).filesDir;
}

export function attachmentsOf(sql: Sql, ownerId: string) {
  const filesDir = filesDirOf(sql);
  return sql
    .all(
      qb
        .selectFrom('attachments')
        .select(['id', 'file_name', 'mime', 'size', 'created_at'])
        .where('owner_id', '=', ownerId)
        .where('deleted_at', 'is', null)
        .orderBy('created_at'),
    )
    .map((a) => ({
      id: a.id,
      fileName: a.file_name,
      mime: a.mime,
      size: a.size,
      createdAt: a.created_at,
      local: hasLocalFile(filesDir, a.id),
    }));
}

import type { z } from 'zod';
import { AppFailure } from '../../common/errors.ts';
import { blobGetResponse, blobPutResponse } from '../../common/sync/blobs.ts';
import { qb } from '../../db/sql.ts';
import { hasLocalFile, readLocalFile, type AttachmentRow } from '../attachments/attachments.ts';
import {
  officeCode,
  officeKey,
  openFromOffice,
  parseOfficeCode,
  newOfficeCode,
  sealForOffice,
  storeOfficeCode,
} from '../attachments/officeKey.ts';
import type { Changes } from '../db/changes.ts';
import type { Database } from '../db/database.ts';
import { readState } from './state.ts';
import {
  callServer,
  NetworkFailure,
  ServerRefusal,
  target,
  type Transfer,
  type Transport,
} from './transport.ts';

/**
 * Attachment files between workstations (issue 16). A file added here waits in
 * `attachment_uploads`, sealed with the office key, and goes to the server in the sync after its
 * row (pushBlobs); another workstation fetches it when someone opens it (fetchAttachmentFile),
 * opens it with the same key and keeps it, encrypted with its own files key, like its own files.
 * The server holds sealed bytes only: it never has the office key.
 */

/** A POST to this device's server within a sync, counted in its transfer. */
type Send = <S extends z.ZodType>(path: string, body: unknown, reply: S) => Promise<z.output<S>>;

/**
 * How long one file may take each way: 10 MB (14 MB as base64) on an office line of 256 kbit/s
 * takes about seven minutes. A sync's other requests keep the transport's own limit.
 */
export const BLOB_TIMEOUT_MS = 10 * 60_000;

const blobPath = (sha256: string) => `v1/blobs/${sha256}`;

/**
 * Sets this workstation's office key: a new one (the first workstation; its code is shown to be
 * typed on the others) or the code typed from another workstation. Files added before the key
 * was set are sealed now, so they go to the server at the next sync. Answers the code.
 */
export function installOfficeKey(changes: Changes, filesDir: string, typed: string | undefined): string {
  storeOfficeCode(changes.db, parseOfficeCode(typed ?? newOfficeCode()));
  const sealed = sealWaitingFiles(changes, filesDir);
  // The code itself stays out of the trail: whoever reads the trail must not read the files.
  changes.note('sync.office_key.set', 'sync', null, { made: typed === undefined, sealed });
  return officeCode(changes.db)!;
}

function sealWaitingFiles(changes: Changes, filesDir: string): number {
  const sql = changes.db;
  const key = officeKey(sql)!;
  const waiting = sql.all(
    qb
      .selectFrom('attachment_uploads as u')
      .leftJoin('attachments as a', (j) =>
        j.onRef('a.id', '=', 'u.attachment_id').on('a.deleted_at', 'is', null),
      )
      .select(['u.attachment_id', 'u.sha256', 'a.id as live'])
      .where('u.sealed', 'is', null),
  );
  let sealed = 0;
  for (const w of waiting) {
    // A row pulled from another workstation has no file here: that workstation sends it.
    if (!w.live || !hasLocalFile(filesDir, w.attachment_id)) {
      sql.run(qb.deleteFrom('attachment_uploads').where('attachment_id', '=', w.attachment_id));
      continue;
    }
    const data = readLocalFile(sql, filesDir, w.attachment_id);
    sql.run(
      qb
        .updateTable('attachment_uploads')
        .set({ sealed: sealForOffice(key, data, w.sha256) })
        .where('attachment_id', '=', w.attachment_id),
    );
    sealed++;
  }
  return sealed;
}

/**
 * After the push (the server stores a blob only once a live row names it): each sealed file
 * waiting, one at a time, leaves the queue when the server has it. A file the server refuses
 * (its row was refused or is still in conflict) waits for the next sync; a deleted or purged
 * attachment's file is dropped unsent.
 */
export async function pushBlobs(db: Database, send: Send): Promise<number> {
  const sql = db.sql;
  sql.run(
    qb
      .deleteFrom('attachment_uploads')
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('attachments')
              .select('id')
              .whereRef('attachments.id', '=', 'attachment_uploads.attachment_id')
              .where('attachments.deleted_at', 'is', null),
          ),
        ),
      ),
  );
  const ids = sql
    .all(
      qb
        .selectFrom('attachment_uploads')
        .select('attachment_id')
        .where('sealed', 'is not', null)
        .orderBy('attachment_id'),
    )
    .map((r) => r.attachment_id);
  let sent = 0;
  for (const id of ids) {
    const waiting = sql.first(
      qb.selectFrom('attachment_uploads').select(['sha256', 'sealed']).where('attachment_id', '=', id),
    );
    if (!waiting?.sealed) continue;
    try {
      await send(blobPath(waiting.sha256), { data: waiting.sealed.toString('base64') }, blobPutResponse);
    } catch (error) {
      if (error instanceof ServerRefusal && error.status === 409) continue;
      throw error;
    }
    sql.run(qb.deleteFrom('attachment_uploads').where('attachment_id', '=', id));
    sent++;
  }
  return sent;
}

/**
 * The plain file of an attachment made on another workstation, fetched from the server and
 * opened with the office key. The caller keeps it (storeLocalFile) in the same write as the
 * audit entry of the opening. Each failure says what to do.
 */
export async function fetchAttachmentFile(
  db: Database,
  row: AttachmentRow,
  transport: Transport = callServer,
): Promise<Buffer> {
  const state = readState(db.sql);
  // Never enrolled: every attachment here was made here, so its file was lost from this folder.
  if (!state.deviceId)
    throw new AppFailure(
      'NOT_FOUND',
      'Berkas lampiran tidak ada di folder data. Pulihkan folder files/ dari cadangan.',
    );
  const key = officeKey(db.sql);
  if (!key)
    throw new AppFailure(
      'NOT_FOUND',
      'Berkas lampiran ini dibuat di workstation lain. Untuk mengunduhnya, administrator perlu memasukkan kode kunci berkas kantor di halaman Sinkronisasi (kodenya dapat ditampilkan di workstation yang sudah memakainya).',
    );
  const transfer: Transfer = { bytesSent: 0, bytesReceived: 0 };
  let answer: z.output<typeof blobGetResponse>;
  try {
    answer = await transport(
      { ...target(state), timeoutMs: BLOB_TIMEOUT_MS },
      'GET',
      blobPath(row.sha256),
      undefined,
      transfer,
      blobGetResponse,
    );
  } catch (error) {
    if (error instanceof NetworkFailure)
      throw new AppFailure(
        'OFFLINE',
        `Berkas lampiran belum ada di komputer ini dan server pusat tidak dapat dihubungi (${error.message}). Coba lagi setelah jaringan tersambung.`,
      );
    if (error instanceof ServerRefusal) throw new AppFailure('NOT_FOUND', error.message);
    throw error;
  }
  return openFromOffice(key, Buffer.from(answer.data, 'base64'), row.sha256);
}

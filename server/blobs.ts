import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import {
  blobHash,
  blobPutRequest,
  MAX_ATTACHMENT_BYTES,
  MAX_BLOB_BYTES,
  SEALED_HEADER_BYTES,
} from '../common/sync/blobs.ts';
import { visibleIn } from '../common/sync/place.ts';
import { areaOf } from './places.ts';
import type { ServerSchema } from './store.ts';
import { SyncRefused } from './sync.ts';

/**
 * Attachment files, sealed on the workstations with the office files key: the server keeps bytes
 * it cannot read, addressed by the SHA-256 of the plain file. A blob is stored and served only
 * while a live `attachments` row names its hash, so the server is no general file store and a
 * device gets only the files of rows it may see.
 */
export function registerBlobRoutes(
  app: FastifyInstance,
  device: (request: FastifyRequest) => Promise<ServerSchema['devices']>,
  db: Kysely<ServerSchema>,
  now: () => string,
): void {
  // POST, not PUT, though storing is idempotent: the workstation's transport (and the test rig's
  // wrappers around it) speak GET and POST only.
  app.post('/v1/blobs/:sha256', async (request) => {
    const d = await device(request);
    const sha256 = hashParam(request);
    const parsed = blobPutRequest.safeParse(request.body);
    if (!parsed.success)
      throw new SyncRefused(400, 'VALIDATION', 'Isi berkas tidak valid: harus base64 dalam field "data".');
    const data = Buffer.from(parsed.data.data, 'base64');
    if (data.length > MAX_BLOB_BYTES)
      throw new SyncRefused(
        413,
        'TOO_LARGE',
        `Berkas terlalu besar untuk server: maksimal ${MAX_ATTACHMENT_BYTES / (1024 * 1024)} MB per berkas.`,
      );
    const sizes = await sizesAddedBy(db, d.id, sha256);
    if (!sizes.length)
      throw new SyncRefused(
        409,
        'NO_ROW',
        'Server belum menerima lampiran yang memakai berkas ini: kirim perubahannya dulu, lalu sinkronkan lagi.',
      );
    refuseMismatch(sha256, data.length, sizes);
    // Content-addressed: the first copy stays, a resend is a no-op. Never an update: sealing
    // twice gives different bytes, so a later upload may differ and must not replace the first.
    const inserted = await db
      .insertInto('blobs')
      .values({ sha256, size: data.length, data, device_id: d.id, created_at: now() })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .executeTakeFirst();
    request.log.info({ device: d.id, sha256, bytes: data.length }, 'blob stored');
    return { stored: Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1 };
  });

  app.get('/v1/blobs/:sha256', async (request) => {
    const d = await device(request);
    const sha256 = hashParam(request);
    // The same answer whether the blob exists or not: a device learns nothing of rows it cannot see.
    if (!(await blobVisibleTo(db, d.id, sha256)))
      throw new SyncRefused(404, 'NOT_FOUND', 'Berkas lampiran ini tidak tersedia untuk perangkat ini.');
    const blob = await db.selectFrom('blobs').select('data').where('sha256', '=', sha256).executeTakeFirst();
    if (!blob)
      throw new SyncRefused(
        404,
        'NOT_UPLOADED',
        'Berkas lampiran belum dikirim ke server oleh workstation yang menambahkannya. Sinkronkan workstation itu, lalu coba lagi.',
      );
    return { sha256, data: Buffer.from(blob.data).toString('base64') };
  });
}

function hashParam(request: FastifyRequest): string {
  const parsed = blobHash.safeParse((request.params as { sha256?: string }).sha256);
  if (!parsed.success) throw new SyncRefused(400, 'VALIDATION', 'Alamat berkas tidak valid.');
  return parsed.data;
}

/**
 * May this device have the blob with this hash? Only while a live (not deleted, not purged)
 * attachment row names it, and that row goes to the device's area (common/sync/place.ts): a desa
 * workstation never fetches the photo of another desa's family.
 */
export async function blobVisibleTo(
  db: Kysely<ServerSchema> | Transaction<ServerSchema>,
  deviceId: string,
  sha256: string,
): Promise<boolean> {
  const device = await db
    .selectFrom('devices')
    .select('area_json')
    .where('id', '=', deviceId)
    .executeTakeFirst();
  const area = areaOf(device?.area_json);
  return (await liveAttachmentsNaming(db, sha256)).some((row) => visibleIn(row.place, area));
}

/**
 * The sizes of the files named by live attachment rows this device added with this hash (none:
 * the device may not upload it). Only a workstation that added such a row may upload: the first
 * copy of a hash is the one every workstation gets, so no other enrolled device may put
 * something else there first.
 */
async function sizesAddedBy(
  db: Kysely<ServerSchema> | Transaction<ServerSchema>,
  deviceId: string,
  sha256: string,
): Promise<number[]> {
  const rows = await liveAttachmentsNaming(db, sha256);
  if (!rows.length) return [];
  const named = rows.map((row) => row.id);
  const added = await db
    .selectFrom('mutations')
    .select('entity_id')
    .where('device_id', '=', deviceId)
    .where('entity', '=', 'attachments')
    .where('op', '=', 'insert')
    .where('entity_id', 'in', named)
    .execute();
  const ids = new Set(added.map((a) => a.entity_id));
  return rows.filter((row) => ids.has(row.id)).map((row) => row.size);
}

/**
 * The bytes must be the sealed file the hash names. The server cannot hash them: the name is
 * the SHA-256 of the plain file, which only the office key opens (core/attachments/officeKey.ts),
 * and each sealing draws a new IV. What it can check is the length: AES-GCM keeps the file's
 * size, so a sealed file is exactly its row's `size` plus the seal header; anything else is not
 * that file, and storing it would leave every workstation with a file it cannot open.
 */
function refuseMismatch(sha256: string, length: number, sizes: number[]): void {
  if (sizes.some((size) => size + SEALED_HEADER_BYTES === length)) return;
  throw new SyncRefused(
    400,
    'BLOB_MISMATCH',
    `Isi berkas tidak cocok dengan lampiran ${sha256.slice(0, 12)}…: server menerima ${length} byte, padahal berkas tersegel lampiran itu ${sizes[0]! + SEALED_HEADER_BYTES} byte (${sizes[0]} byte berkas + ${SEALED_HEADER_BYTES} byte segel). Berkas tidak disimpan. Hapus lampiran itu di workstation lalu tambahkan lagi dari berkas aslinya.`,
  );
}

/**
 * The live attachment rows whose file has this hash, found on the `blob_sha256` index (the hash
 * is kept in its own column when the row is published); a row removed on a workstation
 * (`deleted_at`) names no file.
 */
async function liveAttachmentsNaming(
  db: Kysely<ServerSchema> | Transaction<ServerSchema>,
  sha256: string,
): Promise<Array<{ id: string; place: string | null; size: number }>> {
  const rows = await db
    .selectFrom('entities')
    .select(['id', 'data_json', 'place'])
    .where('blob_sha256', '=', sha256)
    .where('entity', '=', 'attachments')
    .where('deleted', '=', 0)
    .execute();
  return rows.flatMap((r) => {
    const data = JSON.parse(r.data_json ?? 'null') as { deleted_at?: string | null; size?: unknown } | null;
    return data?.deleted_at ? [] : [{ id: r.id, place: r.place, size: Number(data?.size) }];
  });
}

/**
 * After a retention purge (or any removal) of attachment rows: their blobs go too, unless
 * another live attachment still names the same file.
 */
export async function dropUnnamedBlobs(
  trx: Transaction<ServerSchema>,
  attachmentIds: string[],
): Promise<void> {
  for (const id of attachmentIds) {
    const row = await trx
      .selectFrom('entities')
      .select('data_json')
      .where('entity', '=', 'attachments')
      .where('id', '=', id)
      .executeTakeFirst();
    const sha256 = (JSON.parse(row?.data_json ?? 'null') as { sha256?: string } | null)?.sha256;
    if (!sha256 || (await liveAttachmentsNaming(trx, sha256)).length) continue;
    await trx.deleteFrom('blobs').where('sha256', '=', sha256).execute();
  }
}

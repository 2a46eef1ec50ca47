import { createHash } from 'node:crypto';
import { AppFailure } from '../../common/errors.ts';
import type { KeySlotFile } from '../../db/keySlots.ts';

/**
 * A backup file:
 *   "BANSOS-BACKUP\n" | u32 header length | header JSON | database image | attachment files |
 *   SHA-256 of all before
 * The database image is a VACUUM INTO copy, encrypted with the same key as the live database
 * (never serialize() or backup(): with this driver those give plaintext or an empty file).
 * The header carries the key slots of that moment, so the backup opens with the passwords and
 * recovery code that were valid when it was made. Attachment files are copied as they are on
 * disk (already encrypted with the files key kept inside the database).
 */
const MAGIC = Buffer.from('BANSOS-BACKUP\n');

export interface BackupHeader {
  format: 1;
  createdAt: string;
  appVersion: string;
  migration: string;
  deviceId: string;
  officeName: string;
  dbBytes: number;
  dbSha256: string;
  keySlots: KeySlotFile;
  files: { name: string; bytes: number; sha256: string }[];
}

export interface BackupFile {
  name: string;
  data: Buffer;
}

export function encodeBackup(
  header: Omit<BackupHeader, 'dbBytes' | 'dbSha256' | 'format' | 'files'>,
  dbImage: Buffer,
  files: BackupFile[] = [],
): Buffer {
  const full: BackupHeader = {
    format: 1,
    ...header,
    dbBytes: dbImage.length,
    dbSha256: sha256(dbImage),
    files: files.map((f) => ({ name: f.name, bytes: f.data.length, sha256: sha256(f.data) })),
  };
  const headerBytes = Buffer.from(JSON.stringify(full));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(headerBytes.length);
  const body = Buffer.concat([MAGIC, length, headerBytes, dbImage, ...files.map((f) => f.data)]);
  return Buffer.concat([body, createHash('sha256').update(body).digest()]);
}

const damaged = (why: string) =>
  new AppFailure(
    'BACKUP_DAMAGED',
    `Berkas cadangan rusak atau tidak lengkap (${why}). Gunakan salinan cadangan yang lain.`,
  );

export function decodeBackup(file: Buffer): { header: BackupHeader; dbImage: Buffer; files: BackupFile[] } {
  if (file.length < MAGIC.length + 4 + 32 || !file.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new AppFailure(
      'BACKUP_DAMAGED',
      'Berkas ini bukan cadangan Bansos Desk. Pilih berkas berakhiran .bansos-backup.',
    );
  }
  const body = file.subarray(0, file.length - 32);
  if (
    !createHash('sha256')
      .update(body)
      .digest()
      .equals(file.subarray(file.length - 32))
  ) {
    throw damaged('isi tidak cocok dengan sidik jarinya; mungkin terpotong saat disalin');
  }
  const headerLength = file.readUInt32BE(MAGIC.length);
  const headerEnd = MAGIC.length + 4 + headerLength;
  if (headerEnd > body.length) throw damaged('kepala berkas terpotong');
  let header: BackupHeader;
  try {
    header = JSON.parse(body.subarray(MAGIC.length + 4, headerEnd).toString('utf8')) as BackupHeader;
  } catch {
    throw damaged('kepala berkas tidak terbaca');
  }
  if (header.format !== 1) throw damaged(`format ${String(header.format)} tidak dikenal`);
  const dbImage = body.subarray(headerEnd, headerEnd + header.dbBytes);
  if (dbImage.length !== header.dbBytes || sha256(dbImage) !== header.dbSha256)
    throw damaged('isi database tidak utuh');
  const files: BackupFile[] = [];
  let offset = headerEnd + header.dbBytes;
  for (const f of header.files ?? []) {
    const data = body.subarray(offset, offset + f.bytes);
    if (data.length !== f.bytes || sha256(data) !== f.sha256 || !/^[\w-]+\.bin$/.test(f.name))
      throw damaged(`lampiran ${f.name} tidak utuh`);
    files.push({ name: f.name, data });
    offset += f.bytes;
  }
  if (offset !== body.length) throw damaged('ada isi yang tidak dikenal');
  return { header, dbImage, files };
}

export const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/**
 * Attachment files between workstations (issue 16): each file travels as a blob sealed on the
 * workstation with the office files key (AES-256-GCM), which the server never holds. The server
 * stores and serves the sealed bytes by the SHA-256 of the plain file, the same hash the
 * attachment's synced row carries. See ARCHITECTURE.md "Sync", attachment files.
 */
import { z } from 'zod';

/** The largest file a workstation accepts as an attachment. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** A sealed blob: one version byte, the 12-byte IV, the 16-byte tag, then the ciphertext. */
export const SEALED_HEADER_BYTES = 1 + 12 + 16;

/** The largest sealed blob the server stores: the largest file plus its header. */
export const MAX_BLOB_BYTES = MAX_ATTACHMENT_BYTES + SEALED_HEADER_BYTES;

export const blobHash = z.string().regex(/^[0-9a-f]{64}$/, 'SHA-256 berkas tidak valid.');

/** POST /v1/blobs/<sha256>: the sealed bytes as base64 (the transport speaks JSON). */
export const blobPutRequest = z.strictObject({ data: z.base64() });
export const blobPutResponse = z.object({ stored: z.boolean() });

/** GET /v1/blobs/<sha256>. */
export const blobGetResponse = z.object({ sha256: blobHash, data: z.base64() });

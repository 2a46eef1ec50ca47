import { z } from 'zod';

/**
 * Retention purge (UU PDP): the values an audit entry or a sync mutation recorded about a purged
 * person are replaced by this marker. Field names stay, so the trail still says what was done;
 * the values, the personal data, go. Shared by the workstation and the server, which redact
 * their copies the same way.
 */
export const REDACTED = '[dihapus]';

/** The same JSON with every non-null value (at any depth) replaced by REDACTED. */
export function redactJson(json: string): string {
  return JSON.stringify(redactValue(JSON.parse(json) as unknown));
}

function redactValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.length ? [REDACTED] : [];
  if (typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, redactValue(inner)]));
  return REDACTED;
}

/** What a purge's audit entry lists, so verification can tell a redaction from an edit. */
export interface PurgeRecord {
  households: string[];
  people: string[];
  /** [seq, hash] of every audit entry whose values this purge redacted. */
  redacted: [number, string][];
}

export const PURGE_ACTION = 'retention.purge';

/**
 * A purge entry's list as core/retention/purge.ts writes it: the record, the rows it
 * overwrote ("table:id"), and the import-record lines it redacted.
 */
export type PurgeList = Partial<PurgeRecord> & {
  rows?: string[];
  batchLines?: [string, string, string, string][];
};

const purgeList = z.object({
  households: z.array(z.string()).optional(),
  people: z.array(z.string()).optional(),
  redacted: z.array(z.tuple([z.number().int(), z.string()])).optional(),
  rows: z.array(z.string()).optional(),
  batchLines: z.array(z.tuple([z.string(), z.string(), z.string(), z.string()])).optional(),
}) satisfies z.ZodType<PurgeList>;

/**
 * A purge entry's list, or null when its text is not one. The chain vouches only that a
 * device wrote these bytes, and a tampered workstation writes any: the server holds such a
 * purge, and a workstation redacts nothing by it, rather than fail a push or a sync.
 */
export function readPurgeList(changesJson: string): PurgeList | null {
  try {
    const parsed = purgeList.safeParse(JSON.parse(changesJson));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

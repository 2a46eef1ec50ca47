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

/**
 * JSON with object keys sorted, so the same value always gives the same bytes: the audit chain
 * and content hashes depend on it.
 *
 * A value whose objects are plain and already have their keys in order is written as it is:
 * the audit trail and the sync outbox build theirs that way, and copying every object of every
 * row of a bulk import only to sort it again cost a third of their serialising.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(inOrder(value) ? value : sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/**
 * True when JSON.stringify alone gives sortKeys' bytes: every object is plain (no toJSON, no
 * class) with its keys already in sorted order. Integer-like keys fail the order test (objects
 * list them first, by number) and so take the sorting path, as before.
 */
function inOrder(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) return value.every(inOrder);
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  let previous: string | null = null;
  for (const key in value) {
    if (previous !== null && !(previous < key)) return false;
    if (!inOrder((value as Record<string, unknown>)[key])) return false;
    previous = key;
  }
  return true;
}

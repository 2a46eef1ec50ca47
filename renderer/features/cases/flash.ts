/**
 * "Kasus dibuat" after creating and opening it: a message for the next page, keyed by what it
 * is about so it never shows on another record.
 */
let pending: { id: string; text: string } | null = null;

export function flashFor(id: string, text: string): void {
  pending = { id, text };
}

/** Reading does not clear (React may render twice); call clearFlash once shown. */
export function peekFlash(id: string): string | null {
  return pending?.id === id ? pending.text : null;
}

export function clearFlash(id: string): void {
  if (pending?.id === id) pending = null;
}

/** A message to show on the next page (e.g. "saved, with these warnings" after a redirect). */
export interface Flash {
  tone: 'success' | 'warning' | 'info';
  title: string;
  items?: string[];
}

let pending: Flash | null = null;

export function setFlash(flash: Flash): void {
  pending = flash;
}

export function takeFlash(): Flash | null {
  const flash = pending;
  pending = null;
  return flash;
}

import { existsSync, readFileSync } from 'node:fs';

/**
 * Looks for clear text in a file's raw bytes: UTF-8 (SQLite's encoding here), plus UTF-16 LE
 * and BE for good measure, each case-insensitively (ASCII). Answers the needles found.
 */
export function findClearText(bytes: Buffer, needles: string[]): string[] {
  const haystacks = [bytes.toString('latin1').toLowerCase()];
  const found: string[] = [];
  for (const needle of needles) {
    const lower = needle.toLowerCase();
    const forms = [
      Buffer.from(lower, 'utf8').toString('latin1'),
      Buffer.from(lower, 'utf16le').toString('latin1'),
      Buffer.from(lower, 'utf16le').swap16().toString('latin1'),
    ];
    if (haystacks.some((h) => forms.some((f) => h.includes(f)))) found.push(needle);
  }
  return found;
}

/** Same, for a file on disk (a missing file holds nothing). */
export function findClearTextInFile(path: string, needles: string[]): string[] {
  if (!existsSync(path)) return [];
  return findClearText(readFileSync(path), needles);
}

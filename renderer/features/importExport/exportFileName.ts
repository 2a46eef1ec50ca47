import type { ExportKind } from '../../../common/domain/exportKinds.ts';
import { todayWib } from '../../../common/domain/localDate.ts';

/** The first words of an exported file's name, in Indonesian. */
const KIND_WORDS: Record<ExportKind, string> = {
  recipients: 'daftar-penerima',
  enrolments: 'kepesertaan-program',
  payments: 'daftar-penyaluran',
  verifications: 'daftar-verifikasi',
  nominatif: 'daftar-nominatif',
  siksNg: 'usulan-siks-ng',
};

/** "Oro-oro Ombo" -> "oro-oro-ombo"; "Jan–Mar 2026" -> "jan-mar-2026". */
const slug = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();

/**
 * A name a clerk recognises in the Downloads folder and in an e-mail: what the list is, for which
 * programme, period and desa, and the date in Kota Batu (WIB), so a list made at 06:30 is not
 * dated yesterday. Programme codes keep their capitals (PKH, BPNT), as on every letter.
 */
export function exportFileName(
  kind: ExportKind,
  about: { programCode?: string; periodLabel?: string; desaName?: string },
  format: 'xlsx' | 'csv',
  now: Date = new Date(),
): string {
  const parts = [
    KIND_WORDS[kind],
    about.programCode?.replace(/[^A-Za-z0-9_-]+/g, '') ?? '',
    slug(about.periodLabel ?? ''),
    slug(about.desaName ?? ''),
    todayWib(now),
  ].filter(Boolean);
  return `${parts.join('-')}.${format}`;
}

/** The lists staff export; each reads back in with the matching import where one exists. */
export const EXPORT_KINDS = [
  'recipients',
  'enrolments',
  'payments',
  'verifications',
  'nominatif',
  'siksNg',
] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export const EXPORT_KIND_LABELS: Record<ExportKind, string> = {
  recipients: 'Daftar penerima (keluarga dan anggota)',
  enrolments: 'Kepesertaan program',
  payments: 'Daftar penyaluran satu periode',
  verifications: 'Daftar verifikasi',
  nominatif: 'Daftar nominatif (BNBA) untuk tanda tangan',
  siksNg: 'Usulan ke Kemensos (SIKS-NG)',
};

/**
 * What each kind of import can read, with the column names seen in real files (DOMAIN.md):
 * DTKS exports, bank/Pos disbursement results, rehabilitation (PPKS) lists, verification
 * results. Shared by the core (automatic mapping) and the renderer (the mapping screen).
 */
export const IMPORT_KINDS = ['recipients', 'payments', 'verifications'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const IMPORT_KIND_LABELS: Record<ImportKind, string> = {
  recipients: 'Daftar penerima (keluarga dan anggota)',
  payments: 'Hasil penyaluran dari bank/Pos',
  verifications: 'Hasil verifikasi lapangan',
};

export interface FieldSpec {
  label: string;
  synonyms: string[];
  required?: boolean;
}

export const IMPORT_FIELDS = {
  recipients: {
    kk: {
      label: 'No. KK',
      synonyms: ['NOMOR_KK', 'NO_KK', 'NOKK', 'KK', 'NO_KARTU_KELUARGA', 'NOMOR_KARTU_KELUARGA'],
      required: true,
    },
    nik: {
      label: 'NIK',
      synonyms: ['NOMOR_NIK', 'NIK', 'NIK_KTP', 'NO_NIK', 'NOMOR_INDUK_KEPENDUDUKAN'],
      required: true,
    },
    name: {
      label: 'Nama',
      synonyms: ['NAMA', 'NAMA_LENGKAP', 'NAMA_PENERIMA', 'NAMA_ART', 'NAMA_ANGGOTA'],
      required: true,
    },
    birthDate: { label: 'Tanggal lahir', synonyms: ['TANGGAL_LAHIR', 'TGL_LAHIR', 'TGL_LHR', 'TANGGAL_LHR'] },
    birthPlace: { label: 'Tempat lahir', synonyms: ['TEMPAT_LAHIR', 'TMP_LAHIR', 'TEMPAT_LHR'] },
    birthPlaceDate: {
      label: 'Tempat, tanggal lahir (gabungan)',
      synonyms: ['TEMPAT_TANGGAL_LAHIR', 'TTL', 'TEMPAT_TGL_LAHIR'],
    },
    sex: { label: 'Jenis kelamin', synonyms: ['JENIS_KELAMIN', 'JK', 'KELAMIN', 'SEX', 'L_P', 'GENDER'] },
    relationship: {
      label: 'Hubungan keluarga',
      synonyms: [
        'HUBUNGAN_KELUARGA',
        'HUB_KEL',
        'SHDK',
        'HUBUNGAN',
        'STATUS_HUBUNGAN_DALAM_KELUARGA',
        'HUBUNGAN_DENGAN_KK',
        'HUB_KELUARGA',
      ],
    },
    motherName: { label: 'Nama ibu kandung', synonyms: ['NAMA_IBU_KANDUNG', 'IBU_KANDUNG', 'NAMA_IBU'] },
    occupation: { label: 'Pekerjaan', synonyms: ['PEKERJAAN', 'JENIS_PEKERJAAN'] },
    address: { label: 'Alamat', synonyms: ['ALAMAT', 'ALAMAT_LENGKAP'] },
    dusun: { label: 'Dusun', synonyms: ['DUSUN', 'DUSUN_LINGKUNGAN'] },
    rt: { label: 'RT', synonyms: ['RT', 'NO_RT'] },
    rw: { label: 'RW', synonyms: ['RW', 'NO_RW'] },
    desa: {
      label: 'Desa/Kelurahan',
      synonyms: [
        'DESA_KELURAHAN',
        'DESA',
        'KELURAHAN',
        'NAMA_KEL',
        'NAMA_DESA',
        'KEL_DESA',
        'DESA_KEL',
        'KODE_DESA',
      ],
      required: true,
    },
    kecamatan: { label: 'Kecamatan', synonyms: ['KECAMATAN', 'NAMA_KEC', 'KEC'] },
    desil: { label: 'Desil', synonyms: ['DESIL', 'DESIL_NASIONAL', 'PERINGKAT_DESIL'] },
    income: {
      label: 'Penghasilan per bulan',
      synonyms: ['PENGHASILAN_RATA_RATA_PERBULAN', 'PENGHASILAN', 'PENDAPATAN', 'PENGHASILAN_PER_BULAN'],
    },
    flagPkh: { label: 'Penerima PKH (ya/tidak)', synonyms: ['BANSOS_PKH', 'PKH'] },
    flagBpnt: { label: 'Penerima BPNT (ya/tidak)', synonyms: ['BANSOS_BPNT', 'BPNT', 'SEMBAKO'] },
    flagPbi: { label: 'Peserta PBI-JK (ya/tidak)', synonyms: ['PBI_JKN', 'PBI', 'PBI_JK'] },
  },
  payments: {
    nik: { label: 'NIK penerima', synonyms: ['NIK_KTP', 'NIK', 'NOMOR_NIK', 'NIK_PENERIMA'] },
    kk: { label: 'No. KK', synonyms: ['NOKK', 'NO_KK', 'NOMOR_KK', 'KK'] },
    name: { label: 'Nama penerima', synonyms: ['NAMA_PENERIMA', 'NAMA', 'NAMA_KPM'] },
    status: {
      label: 'Status penyaluran',
      synonyms: [
        'STATUS',
        'STATUS_PENYALURAN',
        'STATUS_SALUR',
        'KETERANGAN_SALUR',
        'TERSALUR',
        'STATUS_TRANSAKSI',
      ],
      required: true,
    },
    amount: { label: 'Nominal', synonyms: ['NOMINAL', 'JUMLAH', 'NILAI', 'NOMINAL_BANSOS'] },
    date: {
      label: 'Tanggal penyaluran',
      synonyms: ['TANGGAL_SALUR', 'TGL_SALUR', 'TANGGAL_PENYALURAN', 'TANGGAL', 'TGL_TRANSAKSI'],
    },
    reason: { label: 'Keterangan / alasan', synonyms: ['KETERANGAN', 'ALASAN', 'KET', 'ALASAN_GAGAL'] },
    reference: {
      label: 'Nomor referensi',
      synonyms: ['NO_REF', 'REFERENSI', 'NO_TRANSAKSI', 'NOMOR_REFERENSI', 'ID_TRANSAKSI'],
    },
  },
  verifications: {
    nik: { label: 'NIK kepala keluarga', synonyms: ['NIK', 'NIK_KK', 'NOMOR_NIK'] },
    kk: { label: 'No. KK', synonyms: ['NO_KK', 'NOKK', 'NOMOR_KK', 'KK'] },
    outcome: {
      label: 'Hasil (layak/tidak layak)',
      synonyms: ['HASIL', 'HASIL_VERIFIKASI', 'KELAYAKAN', 'STATUS_KELAYAKAN', 'KESIMPULAN'],
      required: true,
    },
    reason: { label: 'Alasan', synonyms: ['ALASAN', 'KETERANGAN', 'KET'], required: true },
    visitDate: {
      label: 'Tanggal kunjungan',
      synonyms: ['TANGGAL_KUNJUNGAN', 'TGL_KUNJUNGAN', 'TANGGAL_VERIFIKASI', 'TGL_VERIFIKASI', 'TANGGAL'],
    },
    findings: { label: 'Temuan lapangan', synonyms: ['TEMUAN', 'CATATAN', 'HASIL_KUNJUNGAN'] },
  },
} satisfies Record<ImportKind, Record<string, FieldSpec>>;

export type ImportField<K extends ImportKind = ImportKind> = keyof (typeof IMPORT_FIELDS)[K] & string;

/** Columns that appear in real exports and are deliberately not read. */
export const IGNORED_COLUMNS = [
  'NO',
  'NOMOR',
  'IDDTKS',
  'ID_DTKS',
  'PROVINSI',
  'KABUPATEN_KOTA',
  'KABUPATEN',
  'KOTA',
  'KETERANGAN_PADAN',
  'TANDA_TANGAN',
];

/** "Desa/Kelurahan" -> DESA_KELURAHAN, "No. KK" -> NO_KK, "Tempat, Tgl Lahir" -> TEMPAT_TGL_LAHIR */
export function normalizeHeader(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** The field a header names, for one kind of import, or null. */
export function fieldForHeader(kind: ImportKind, header: string): string | null {
  const key = normalizeHeader(header);
  if (!key) return null;
  for (const [field, spec] of Object.entries(IMPORT_FIELDS[kind]) as [string, FieldSpec][]) {
    if (spec.synonyms.includes(key)) return field;
  }
  return null;
}

/**
 * What each kind of import can read, with the column names seen in real files (DOMAIN.md):
 * DTKS exports, bank/Pos disbursement results, rehabilitation (PPKS) lists, verification
 * results. Shared by the core (automatic mapping) and the renderer (the mapping screen).
 */
export const IMPORT_KINDS = ['recipients', 'enrolments', 'payments', 'verifications'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const IMPORT_KIND_LABELS: Record<ImportKind, string> = {
  recipients: 'Daftar penerima (keluarga dan anggota)',
  enrolments: 'Daftar peserta program (orang yang sudah terdaftar, dicari dengan NIK/KK)',
  payments: 'Hasil penyaluran dari bank/Pos, atau daftar salur periode',
  verifications: 'Hasil verifikasi lapangan',
};

export interface FieldSpec {
  label: string;
  /** Normalised header names (see normalizeHeader) seen in real files for this field. */
  synonyms: string[];
  required?: boolean;
  /** A value the clerk may set once for the whole file when no column carries it. */
  fileWide?: boolean;
}

const NIK_NAMES = ['NIK', 'NOMOR_NIK', 'NIK_KTP', 'NO_NIK', 'NOMOR_INDUK_KEPENDUDUKAN', 'NIK_KPM', 'NIK_ART'];
const KK_NAMES = [
  'NOMOR_KK',
  'NO_KK',
  'NOKK',
  'KK',
  'NO_KARTU_KELUARGA',
  'NOMOR_KARTU_KELUARGA',
  'NOKK_DTKS',
  'NO_KEL',
  'NOMOR_KARTU_KK',
];
/**
 * Regsosek 2022 (DTSEN) member sheet headers are question numbers: 402 Nama, 403 NIK, 405 jenis
 * kelamin, 406 tanggal lahir, 409 hubungan dengan kepala keluarga (BDT/DTKS codes).
 */
const NAME_NAMES = [
  'NAMA',
  'NAMA_LENGKAP',
  'NAMA_PENERIMA',
  'NAMA_ART',
  'NAMA_ANGGOTA',
  'NAMA_PENDUDUK',
  'NAMA_KPM',
  'NAMA_PENERIMA_MANFAAT',
  // SIAK (Dukcapil) exports.
  'NAMA_LGKP',
];
const DESA_NAMES = [
  'DESA_KELURAHAN',
  'DESA',
  'KELURAHAN',
  'NAMA_KEL',
  'NAMA_DESA',
  'KEL_DESA',
  'DESA_KEL',
  'KODE_DESA',
  'NMKEL',
  'NM_KEL',
  'NAMA_KELURAHAN',
  'KELURAHAN_DESA',
  'NAMA_DESA_KELURAHAN',
  'KEL_NAME',
];
const KECAMATAN_NAMES = ['KECAMATAN', 'NAMA_KEC', 'KEC', 'NMKEC', 'NM_KEC', 'NAMA_KECAMATAN', 'KEC_NAME'];

export const IMPORT_FIELDS = {
  recipients: {
    kk: { label: 'No. KK', synonyms: KK_NAMES, required: true },
    nik: { label: 'NIK', synonyms: NIK_NAMES, required: true },
    name: { label: 'Nama', synonyms: NAME_NAMES, required: true },
    birthDate: {
      label: 'Tanggal lahir',
      synonyms: [
        'TANGGAL_LAHIR',
        'TGL_LAHIR',
        'TGL_LHR',
        'TANGGAL_LHR',
        'TANGGALLAHIR',
        'TGL_BLN_TH',
        'TGLLAHIR',
        'TANGGAL_KELAHIRAN',
        '406',
      ],
    },
    // A date written over three columns (TGL | BLN | THN under TANGGAL LAHIR, or TGL_LAHIR |
    // BLN_LAHIR | THN_LAHIR): read as one birth date (see SPLIT_DATES).
    birthDay: {
      label: 'Tanggal lahir: hari saja',
      synonyms: [
        'HARI_LAHIR',
        'TANGGAL_LAHIR_TGL',
        'TANGGAL_LAHIR_TANGGAL',
        'TANGGAL_LAHIR_HARI',
        'TGL_LAHIR_TGL',
        'TGL_LAHIR_HARI',
        'TGL_LAHIR_TANGGAL',
      ],
    },
    birthMonth: {
      label: 'Tanggal lahir: bulan saja',
      synonyms: [
        'BLN_LAHIR',
        'BULAN_LAHIR',
        'BLN_LHR',
        'TANGGAL_LAHIR_BLN',
        'TANGGAL_LAHIR_BULAN',
        'TGL_LAHIR_BLN',
        'TGL_LAHIR_BULAN',
      ],
    },
    birthYear: {
      label: 'Tanggal lahir: tahun saja',
      synonyms: [
        'THN_LAHIR',
        'TAHUN_LAHIR',
        'TH_LAHIR',
        'THN_LHR',
        'TANGGAL_LAHIR_THN',
        'TANGGAL_LAHIR_TH',
        'TANGGAL_LAHIR_TAHUN',
        'TGL_LAHIR_THN',
        'TGL_LAHIR_TH',
        'TGL_LAHIR_TAHUN',
      ],
    },
    birthPlace: {
      label: 'Tempat lahir',
      synonyms: [
        'TEMPAT_LAHIR',
        'TMP_LAHIR',
        'TEMPAT_LHR',
        'TEMPAT',
        'TEMPATLAHIR',
        'TMPT_LAHIR',
        'TEMPAT_KELAHIRAN',
        'TMPT_LHR',
        'TMP_LHR',
      ],
    },
    birthPlaceDate: {
      label: 'Tempat, tanggal lahir (gabungan)',
      synonyms: [
        'TEMPAT_TANGGAL_LAHIR',
        'TTL',
        'TEMPAT_TGL_LAHIR',
        'TEMPAT_DAN_TANGGAL_LAHIR',
        'TEMPAT_TGL_LHR',
      ],
    },
    sex: {
      label: 'Jenis kelamin',
      synonyms: [
        'JENIS_KELAMIN',
        'JK',
        'KELAMIN',
        'SEX',
        'L_P',
        'GENDER',
        'JNS_KELAMIN',
        'KODE_JK',
        '405',
        'JENIS_KLMIN',
        'JNS_KLMIN',
      ],
    },
    relationship: {
      label: 'Hubungan keluarga',
      synonyms: [
        'HUBUNGAN_KELUARGA',
        'HUB_KEL',
        'HUBKEL',
        'SHDK',
        'HUBUNGAN',
        'STATUS_HUBUNGAN_DALAM_KELUARGA',
        'HUBUNGAN_DALAM_KELUARGA',
        'HUB_DLM_KELUARGA',
        'STATUS_DALAM_KELUARGA',
        'STATUS_HUBUNGAN',
        'HUBUNGAN_DENGAN_KK',
        'HUB_KELUARGA',
        'HUBKRT',
        'HUB_KRT',
        'HUBUNGAN_DENGAN_KRT',
        'HUBUNGAN_DENGAN_KEPALA_RUMAH_TANGGA',
        'HUBUNGAN_DENGAN_KEPALA_KELUARGA',
        'KK_LEVEL',
        '409',
        'STAT_HBKEL',
        'STAT_HUB_KEL',
        // DTSEN / SIKS-NG abbreviations.
        'HUB_KK',
        'HUBKK',
        'HUB_DGN_KK',
        'HUB_DG_KK',
        'HUB_DENGAN_KK',
        'HUBUNGAN_DGN_KK',
        'HUBUNGAN_DGN_KRT',
        'STS_HUB',
        'STATUS_HUB',
      ],
    },
    motherName: {
      label: 'Nama ibu kandung',
      synonyms: [
        'NAMA_IBU_KANDUNG',
        'IBU_KANDUNG',
        'NAMA_IBU',
        'IBU',
        'NAMA_LGKP_IBU',
        'NM_IBU_KDG',
        'NM_IBU_KANDUNG',
        'NAMA_IBU_KDG',
        'NM_IBU',
      ],
    },
    occupation: { label: 'Pekerjaan', synonyms: ['PEKERJAAN', 'JENIS_PEKERJAAN', 'JENIS_PKRJN'] },
    address: { label: 'Alamat', synonyms: ['ALAMAT', 'ALAMAT_LENGKAP', 'ALAMAT_RUMAH'] },
    dusun: { label: 'Dusun', synonyms: ['DUSUN', 'DUSUN_LINGKUNGAN'] },
    rt: { label: 'RT', synonyms: ['RT', 'NO_RT'] },
    rw: { label: 'RW', synonyms: ['RW', 'NO_RW'] },
    rtRw: { label: 'RT/RW (gabungan)', synonyms: ['RT_RW', 'RTRW', 'NO_RT_RW', 'RT_DAN_RW'] },
    desa: { label: 'Desa/Kelurahan', synonyms: DESA_NAMES, required: true, fileWide: true },
    kecamatan: { label: 'Kecamatan', synonyms: KECAMATAN_NAMES, fileWide: true },
    desil: { label: 'Desil', synonyms: ['DESIL', 'DESIL_NASIONAL', 'PERINGKAT_DESIL'] },
    income: {
      label: 'Penghasilan per bulan',
      synonyms: ['PENGHASILAN_RATA_RATA_PERBULAN', 'PENGHASILAN', 'PENDAPATAN', 'PENGHASILAN_PER_BULAN'],
    },
    lifeStatus: {
      label: 'Status hidup (Hidup/Mati)',
      synonyms: ['STATUS', 'STATUS_HIDUP', 'KETERANGAN_HIDUP', 'STATUS_KEHIDUPAN', 'STATUS_DASAR'],
    },
    dtksId: { label: 'ID DTKS', synonyms: ['ID_DTKS', 'IDDTKS', 'ID_DTSEN'] },
    bdtId: { label: 'ID ART BDT (IDARTBDT)', synonyms: ['IDARTBDT', 'ID_ART_BDT', 'IDART'] },
    familyId: {
      label: 'ID keluarga (IDKELUARGA / IDSEMESTA)',
      synonyms: ['IDKELUARGA', 'ID_KELUARGA', 'IDSEMESTA', 'ID_SEMESTA', 'IDBDT', 'ID_BDT'],
    },
    kksNumber: {
      label: 'Nomor kartu KKS',
      synonyms: ['NOMOR_KKS', 'NO_KKS', 'NOMOR_KARTU', 'NO_KARTU', 'NOMOR_KARTU_KKS', 'NO_KARTU_KKS'],
    },
    /** Specific data (UU PDP): stored as digits only, shown only to roles that may read it. */
    bankAccount: {
      label: 'Nomor rekening bank',
      synonyms: [
        'NO_REKENING',
        'NOREK',
        'NO_REK',
        'NOMOR_REKENING',
        'NOMOR_REK',
        'REKENING',
        'NO_REKENING_BANK',
        'NOMOR_REKENING_BANK',
        'REKENING_BANK',
        'NO_REKENING_KPM',
      ],
    },
    phoneNumber: {
      label: 'Nomor HP/telepon',
      synonyms: [
        'NO_HP',
        'NOMOR_HP',
        'HP',
        'NO_TELP',
        'NO_TELEPON',
        'NOMOR_TELEPON',
        'NOMOR_TELP',
        'TELEPON',
        'TELP',
        'NO_HANDPHONE',
        'HANDPHONE',
        'NO_WA',
        'NOMOR_WA',
        'NO_HP_WA',
      ],
    },
    flagPkh: { label: 'Penerima PKH (ya/tidak)', synonyms: ['BANSOS_PKH', 'PKH'] },
    flagBpnt: { label: 'Penerima BPNT (ya/tidak)', synonyms: ['BANSOS_BPNT', 'BPNT', 'SEMBAKO'] },
    flagPbi: { label: 'Peserta PBI-JK (ya/tidak)', synonyms: ['PBI_JKN', 'PBI', 'PBI_JK'] },
  },
  enrolments: {
    nik: { label: 'NIK', synonyms: NIK_NAMES },
    kk: { label: 'No. KK', synonyms: KK_NAMES },
    /** OpenSID's participant lists: the KK number for family programmes, else the NIK. */
    participant: { label: 'Peserta (No. KK atau NIK)', synonyms: ['PESERTA', 'NO_PESERTA', 'NOMOR_PESERTA'] },
    name: { label: 'Nama', synonyms: NAME_NAMES },
    program: {
      label: 'Program',
      synonyms: ['PROGRAM', 'PROGRAM_BANTUAN', 'JENIS_BANSOS', 'BANSOS', 'NAMA_PROGRAM', 'JENIS_BANTUAN'],
      fileWide: true,
    },
    /** A programme's component ("LANSIA", "SMP", "Ibu hamil"): PKH's are per member. */
    component: {
      label: 'Komponen program',
      synonyms: [
        'KOMPONEN',
        'KOMPONEN_PKH',
        'KATEGORI',
        'KATEGORI_PKH',
        'JENIS_KOMPONEN',
        'KOMPONEN_BANTUAN',
        'KATEGORI_KOMPONEN',
        'KATEGORI_PESERTA',
        'KLASTER',
        'KLUSTER',
      ],
    },
    /** "AKTIF", "TIDAK AKTIF", "DINONAKTIFKAN", "GRADUASI": whether the row's person is (still) a member. */
    membershipStatus: {
      label: 'Status kepesertaan',
      synonyms: [
        'STATUS_KEPESERTAAN',
        'STATUS_PESERTA',
        'KEPESERTAAN',
        'STATUS',
        'STATUS_AKTIF',
        'KET_STATUS',
        'KETERANGAN_STATUS',
        'STATUS_KPM',
        'STATUS_PROGRAM',
        'STATUS_BANSOS',
        'STATUS_PENERIMA',
        'STATUS_KEAKTIFAN',
        'KEAKTIFAN',
        'AKTIF_NONAKTIF',
        'AKTIF_TIDAK_AKTIF',
      ],
    },
    desa: { label: 'Desa/Kelurahan', synonyms: DESA_NAMES },
    kecamatan: { label: 'Kecamatan', synonyms: KECAMATAN_NAMES },
  },
  payments: {
    nik: { label: 'NIK penerima', synonyms: [...NIK_NAMES, 'NIK_PENERIMA'] },
    kk: { label: 'No. KK', synonyms: KK_NAMES },
    name: { label: 'Nama penerima', synonyms: NAME_NAMES },
    status: {
      label: 'Status penyaluran',
      synonyms: [
        'STATUS',
        'STATUS_PENYALURAN',
        'STATUS_SALUR',
        'KETERANGAN_SALUR',
        'TERSALUR',
        'STATUS_TRANSAKSI',
        'STATUS_PENCAIRAN',
        'STATUS_CAIR',
        'HASIL_PENYALURAN',
        'HASIL_SALUR',
        'REALISASI',
        'KET_SALUR',
        'STATUS_REALISASI_SALUR',
        'HASIL_TRANSAKSI',
        'HASIL_PENCAIRAN',
        'STATUS_REALISASI',
      ],
    },
    amount: {
      label: 'Nominal',
      synonyms: [
        'NOMINAL',
        'JUMLAH',
        'NILAI',
        'NOMINAL_BANSOS',
        'NOMINAL_CAIR',
        'NOMINAL_SALUR',
        'JUMLAH_BANTUAN',
      ],
    },
    date: {
      label: 'Tanggal penyaluran',
      synonyms: [
        'TANGGAL_SALUR',
        'TGL_SALUR',
        'TANGGAL_PENYALURAN',
        'TANGGAL',
        'TGL_TRANSAKSI',
        'TANGGAL_TRANSAKSI',
        'TANGGAL_CAIR',
        'TGL_CAIR',
        'TGL',
        'TGL_REALISASI',
        'TANGGAL_REALISASI',
      ],
    },
    reason: { label: 'Keterangan / alasan', synonyms: ['KETERANGAN', 'ALASAN', 'KET', 'ALASAN_GAGAL'] },
    reference: {
      label: 'Nomor referensi',
      synonyms: ['NO_REF', 'REFERENSI', 'NO_TRANSAKSI', 'NOMOR_REFERENSI', 'ID_TRANSAKSI'],
    },
    desa: { label: 'Desa/Kelurahan', synonyms: DESA_NAMES },
    kecamatan: { label: 'Kecamatan', synonyms: KECAMATAN_NAMES },
  },
  verifications: {
    nik: { label: 'NIK kepala keluarga', synonyms: ['NIK', 'NIK_KK', 'NOMOR_NIK', 'NIK_KRT'] },
    kk: { label: 'No. KK', synonyms: KK_NAMES },
    outcome: {
      label: 'Hasil (layak/tidak layak)',
      synonyms: [
        'HASIL',
        'HASIL_VERIFIKASI',
        'KELAYAKAN',
        'STATUS_KELAYAKAN',
        'KESIMPULAN',
        // Village deliberation (Musdes/Muskel) and verval result lists.
        'HASIL_MUSDES',
        'HASIL_MUSKEL',
        'HASIL_MUSYAWARAH',
        'HASIL_MUSDES_MUSKEL',
        'HASIL_VERVAL',
        'HASIL_VERIVALI',
      ],
      required: true,
    },
    reason: { label: 'Alasan', synonyms: ['ALASAN', 'KETERANGAN', 'KET'], required: true },
    visitDate: {
      label: 'Tanggal kunjungan',
      synonyms: [
        'TANGGAL_KUNJUNGAN',
        'TGL_KUNJUNGAN',
        'TANGGAL_VERIFIKASI',
        'TGL_VERIFIKASI',
        'TANGGAL',
        'TGL_MUSDES',
        'TANGGAL_MUSDES',
        'TGL_MUSKEL',
        'TANGGAL_MUSKEL',
        'TGL_MUSYAWARAH',
        'TANGGAL_MUSYAWARAH',
        'TGL_VERVAL',
        'TANGGAL_VERVAL',
      ],
      // Never the day of the import: a column, or one date the clerk gives for the whole file
      // (the import refuses a file with neither, naming both).
      fileWide: true,
    },
    findings: { label: 'Temuan lapangan', synonyms: ['TEMUAN', 'CATATAN', 'HASIL_KUNJUNGAN'] },
  },
} satisfies Record<ImportKind, Record<string, FieldSpec>>;

/**
 * Dates a file may write over three columns, day, month and year: read as the one field. All
 * three are read or none (a year alone is no birth date, and must not pass for one).
 */
export const SPLIT_DATES: Record<string, readonly [day: string, month: string, year: string]> = {
  birthDate: ['birthDay', 'birthMonth', 'birthYear'],
};

export type ImportField<K extends ImportKind = ImportKind> = keyof (typeof IMPORT_FIELDS)[K] & string;

/**
 * Labels of the required fields a mapping leaves without a source (a column, a value for the
 * whole file, or group rows). Shared by the core and the mapping screen.
 */
export function missingFields(kind: ImportKind, provided: Iterable<string>): string[] {
  const specs = IMPORT_FIELDS[kind] as Record<string, FieldSpec>;
  const mapped = new Set(provided);
  const missing = Object.entries(specs)
    .filter(([field, spec]) => spec.required && !mapped.has(field))
    .map(([, spec]) => spec.label);
  // Verification and payment rows are matched by NIK or KK: one of them is enough.
  if ((kind === 'payments' || kind === 'verifications') && !mapped.has('nik') && !mapped.has('kk'))
    missing.push('NIK atau No. KK');
  // A participant list finds people by NIK, KK or OpenSID's "Peserta", in one programme.
  if (kind === 'enrolments') {
    if (!mapped.has('nik') && !mapped.has('kk') && !mapped.has('participant'))
      missing.push('NIK, No. KK atau Peserta');
    if (!mapped.has('program')) missing.push('Program');
  }
  return missing;
}

/** Columns that appear in real exports and are deliberately not read. */
export const IGNORED_COLUMNS = [
  'NO',
  'NOMOR',
  'NO_URUT',
  'NO_URT',
  'PROVINSI',
  'KABUPATEN_KOTA',
  'KABUPATEN',
  'KOTA',
  'KAB_KOTA',
  'KETERANGAN_PADAN',
  'TANDA_TANGAN',
  'TTD',
  'TANDA_TANGAN_CAP_JEMPOL',
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

/**
 * The spellings of one header worth trying, most literal first, each with why it differs:
 * "Kecamatan (7)" carries its column number, "403 NIK" a questionnaire number, "NIK (Nomor
 * Induk KTP)" an explanation, "NO_KK" / "NOKK" / "No. KK" differ only in separators.
 */
export function headerKeys(text: string): { key: string; how: string | null }[] {
  const out: { key: string; how: string | null }[] = [];
  const add = (raw: string, how: string | null) => {
    const key = normalizeHeader(raw);
    if (key && !out.some((k) => k.key === key)) out.push({ key, how });
  };
  add(text, null);
  const numbered = text.replace(/\s*\(\s*\d+\s*\)\s*$/, '').replace(/^\s*\d+[a-z]?[\s.)_-]+(?=\D)/i, '');
  add(numbered, 'tanpa nomor kolom');
  add(numbered.replace(/\s*\([^()]*\)\s*$/, ''), 'tanpa keterangan dalam kurung');
  for (const k of [...out]) {
    const compact = k.key.replace(/_/g, '');
    if (!out.some((o) => o.key === compact)) out.push({ key: compact, how: 'tanpa pemisah' });
  }
  return out;
}

const compactKey = (key: string) => key.replace(/_/g, '');

export interface HeaderMatch {
  field: string;
  /** Why, in words a clerk reads on the mapping screen. */
  reason: string;
}

/** Synonym -> field for one kind, as written and without separators; the first field listed wins. */
interface SynonymIndex {
  exact: Map<string, string>;
  compact: Map<string, string>;
}

const synonymIndexes = new Map<ImportKind, SynonymIndex>();

/**
 * Built once per kind: layout detection asks about every cell of a sheet's first 30 rows,
 * and scanning every synonym of every field for each cost a small import ~150 ms.
 */
function synonymIndex(kind: ImportKind): SynonymIndex {
  let index = synonymIndexes.get(kind);
  if (!index) {
    index = { exact: new Map(), compact: new Map() };
    for (const [field, spec] of Object.entries(IMPORT_FIELDS[kind]) as [string, FieldSpec][]) {
      for (const synonym of spec.synonyms) {
        if (!index.exact.has(synonym)) index.exact.set(synonym, field);
        if (!index.compact.has(compactKey(synonym))) index.compact.set(compactKey(synonym), field);
      }
    }
    synonymIndexes.set(kind, index);
  }
  return index;
}

/** The field a header names, for one kind of import, with the reason; or null. */
export function matchHeader(kind: ImportKind, header: string): HeaderMatch | null {
  const index = synonymIndex(kind);
  for (const { key, how } of headerKeys(header)) {
    const field = (how === 'tanpa pemisah' ? index.compact : index.exact).get(key);
    if (field) {
      const spec = (IMPORT_FIELDS[kind] as Record<string, FieldSpec>)[field]!;
      return {
        field,
        reason: `Nama kolom dikenal${how ? ` (${how})` : ''}: "${header.trim()}" = ${spec.label}.`,
      };
    }
  }
  return null;
}

/** The field a header names, for one kind of import, or null. */
export function fieldForHeader(kind: ImportKind, header: string): string | null {
  return matchHeader(kind, header)?.field ?? null;
}

/** True for a column deliberately not read ("NO", "PROVINSI", "TANDA TANGAN"). */
export function isIgnoredHeader(header: string): boolean {
  return headerKeys(header).some(({ key }) => IGNORED_KEYS.has(key));
}

const IGNORED_KEYS = new Set(IGNORED_COLUMNS);

/**
 * Fields an unmatched header most resembles, closest first: shared words ("TGL" in "TGL
 * CAIR"), then shared leading letters of the compact names. Offered first on the mapping screen.
 */
export function closestFields(kind: ImportKind, header: string, limit = 3): string[] {
  const words = new Set(
    normalizeHeader(header)
      .split('_')
      .filter((w) => w.length > 1),
  );
  const compact = compactKey(normalizeHeader(header));
  const scored = (Object.entries(IMPORT_FIELDS[kind]) as [string, FieldSpec][]).map(([field, spec]) => {
    let best = 0;
    for (const synonym of spec.synonyms) {
      const shared = synonym.split('_').filter((w) => words.has(w)).length;
      let prefix = 0;
      const s = compactKey(synonym);
      while (prefix < s.length && prefix < compact.length && s[prefix] === compact[prefix]) prefix++;
      best = Math.max(best, shared * 10 + Math.min(prefix, 6));
    }
    return { field, best };
  });
  return scored
    .filter((s) => s.best >= 3)
    .sort((a, b) => b.best - a.best)
    .slice(0, limit)
    .map((s) => s.field);
}

/**
 * Numeric relationship codes differ by source (DOMAIN.md, "Code lists in real files"): SIAK /
 * OpenSID's SHDK and the BDT/DTKS relationship to the head of the household (rumah tangga).
 */
export const RELATIONSHIP_CODE_LISTS = {
  siak: {
    label: 'Dukcapil/SIAK/OpenSID (SHDK): 1 Kepala Keluarga, 2 Suami, 3 Istri, 4 Anak, 5 Menantu …',
    codes: {
      1: 'kepala_keluarga',
      2: 'suami',
      3: 'istri',
      4: 'anak',
      5: 'menantu',
      6: 'cucu',
      7: 'orang_tua',
      8: 'mertua',
      9: 'famili_lain',
      10: 'pembantu',
      11: 'lainnya',
    },
  },
  dtks: {
    label: 'BDT/DTKS (hubungan dengan kepala rumah tangga): 1 Kepala, 2 Istri/Suami, 3 Anak, 4 Menantu …',
    codes: {
      1: 'kepala_keluarga',
      2: 'pasangan',
      3: 'anak',
      4: 'menantu',
      5: 'cucu',
      6: 'orang_tua',
      7: 'pembantu',
      8: 'lainnya',
    },
  },
} as const satisfies Record<string, { label: string; codes: Record<number, string> }>;
export type RelationshipCodeList = keyof typeof RELATIONSHIP_CODE_LISTS;
export const RELATIONSHIP_CODE_LIST_NAMES = Object.keys(RELATIONSHIP_CODE_LISTS) as RelationshipCodeList[];

/**
 * The registry's fixed vocabularies (statuses and kinds the code reasons about) with their
 * Indonesian labels. Open-ended lists (occupations, PPKS categories, removal reasons...) are
 * reference data in the database, editable by admins: see DEFAULT_REF_VALUES.
 */
export const PERSON_STATUSES = ['aktif', 'meninggal', 'pindah', 'keluar', 'digabung'] as const;
export const PERSON_STATUS_LABELS: Record<(typeof PERSON_STATUSES)[number], string> = {
  aktif: 'Aktif',
  meninggal: 'Meninggal',
  pindah: 'Pindah',
  keluar: 'Keluar dari keluarga',
  digabung: 'Digabung (data ganda)',
};

export const ENROLMENT_STATUSES = ['usulan', 'aktif', 'ditangguhkan', 'graduasi', 'dikeluarkan'] as const;
export type EnrolmentStatus = (typeof ENROLMENT_STATUSES)[number];
export const ENROLMENT_STATUS_LABELS: Record<EnrolmentStatus, string> = {
  usulan: 'Usulan',
  aktif: 'Aktif',
  ditangguhkan: 'Ditangguhkan',
  graduasi: 'Graduasi',
  dikeluarkan: 'Dikeluarkan',
};
/** Statuses in which a household counts as receiving (or about to receive) the programme. */
export const LIVE_ENROLMENT: readonly EnrolmentStatus[] = ['usulan', 'aktif', 'ditangguhkan'];

export const VERIFICATION_SOURCES = ['usulan', 'sanggah', 'kualitas_data', 'semua'] as const;
export const VERIFICATION_SOURCE_LABELS: Record<(typeof VERIFICATION_SOURCES)[number], string> = {
  usulan: 'Usulan baru',
  sanggah: 'Sanggahan',
  kualitas_data: 'Masalah kualitas data',
  semua: 'Seluruh daftar',
};
export const VERIFICATION_STATUSES = ['belum_diverifikasi', 'sedang_ditinjau', 'terverifikasi'] as const;
export const VERIFICATION_STATUS_LABELS: Record<(typeof VERIFICATION_STATUSES)[number], string> = {
  belum_diverifikasi: 'Belum diverifikasi',
  sedang_ditinjau: 'Sedang ditinjau',
  terverifikasi: 'Terverifikasi',
};
export const OUTCOME_LABELS = { layak: 'Layak', tidak_layak: 'Tidak layak' } as const;

export const CHANNELS = ['bank_kks', 'pos', 'tunai'] as const;
export const CHANNEL_LABELS: Record<(typeof CHANNELS)[number], string> = {
  bank_kks: 'Bank (KKS)',
  pos: 'PT Pos',
  tunai: 'Tunai',
};
export const PAYMENT_STATUSES = ['belum', 'tersalurkan', 'dikembalikan'] as const;
export const PAYMENT_STATUS_LABELS: Record<(typeof PAYMENT_STATUSES)[number], string> = {
  belum: 'Belum tersalurkan',
  tersalurkan: 'Tersalurkan',
  dikembalikan: 'Dikembalikan',
};

export const CASE_TYPES = ['permohonan_bantuan', 'rujukan', 'atensi', 'kedaruratan', 'pengaduan'] as const;
export const CASE_TYPE_LABELS: Record<(typeof CASE_TYPES)[number], string> = {
  permohonan_bantuan: 'Permohonan bantuan',
  rujukan: 'Rujukan',
  atensi: 'ATENSI (rehabilitasi sosial)',
  kedaruratan: 'Kedaruratan / bencana',
  pengaduan: 'Pengaduan',
};
export const CASE_STATUSES = ['baru', 'asesmen', 'dalam_layanan', 'selesai', 'ditutup'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
  baru: 'Baru',
  asesmen: 'Asesmen',
  dalam_layanan: 'Dalam layanan',
  selesai: 'Selesai',
  ditutup: 'Ditutup',
};
/** baru -> asesmen -> dalam layanan -> selesai / ditutup; closing is possible from any open step. */
export const CASE_TRANSITIONS: Record<CaseStatus, readonly CaseStatus[]> = {
  baru: ['asesmen', 'ditutup'],
  asesmen: ['dalam_layanan', 'selesai', 'ditutup'],
  dalam_layanan: ['selesai', 'ditutup'],
  selesai: [],
  ditutup: [],
};
export const OPEN_CASE_STATUSES: readonly CaseStatus[] = ['baru', 'asesmen', 'dalam_layanan'];

export const ATENSI_CLUSTERS = [
  'anak',
  'disabilitas',
  'lansia',
  'tuna_sosial_korban_perdagangan',
  'korban_napza',
  'korban_bencana',
] as const;
export const ATENSI_CLUSTER_LABELS: Record<(typeof ATENSI_CLUSTERS)[number], string> = {
  anak: 'Anak',
  disabilitas: 'Penyandang disabilitas',
  lansia: 'Lanjut usia',
  tuna_sosial_korban_perdagangan: 'Tuna sosial & korban perdagangan orang',
  korban_napza: 'Korban penyalahgunaan NAPZA',
  korban_bencana: 'Korban bencana',
};

export const COMPLAINT_KINDS = ['usul', 'sanggah', 'keluhan'] as const;
export const COMPLAINT_KIND_LABELS: Record<(typeof COMPLAINT_KINDS)[number], string> = {
  usul: 'Usul (mengusulkan penerima)',
  sanggah: 'Sanggah (keberatan atas penerima)',
  keluhan: 'Keluhan',
};
export const COMPLAINT_CHANNELS = [
  'datang_langsung',
  'telepon',
  'whatsapp',
  'surat',
  'email',
  'sp4n_lapor',
  'musyawarah_desa',
  'lainnya',
] as const;
export const COMPLAINT_CHANNEL_LABELS: Record<(typeof COMPLAINT_CHANNELS)[number], string> = {
  datang_langsung: 'Datang langsung',
  telepon: 'Telepon',
  whatsapp: 'WhatsApp',
  surat: 'Surat',
  email: 'Email',
  sp4n_lapor: 'SP4N-LAPOR!',
  musyawarah_desa: 'Musyawarah desa/kelurahan',
  lainnya: 'Lainnya',
};
export const COMPLAINT_STATUSES = ['diterima', 'diproses', 'selesai'] as const;
export const COMPLAINT_STATUS_LABELS: Record<(typeof COMPLAINT_STATUSES)[number], string> = {
  diterima: 'Diterima',
  diproses: 'Diproses',
  selesai: 'Selesai',
};

/** Reference lists shipped as editable defaults (kind -> [code, label]). */
export const DEFAULT_REF_VALUES: Record<string, [string, string][]> = {
  relationship: [
    ['kepala_keluarga', 'Kepala Keluarga'],
    ['istri', 'Istri'],
    ['suami', 'Suami'],
    ['anak', 'Anak'],
    ['menantu', 'Menantu'],
    ['cucu', 'Cucu'],
    ['orang_tua', 'Orang Tua'],
    ['mertua', 'Mertua'],
    ['famili_lain', 'Famili Lain'],
    ['pembantu', 'Pembantu'],
    ['lainnya', 'Lainnya'],
  ],
  removal_reason: [
    ['pindah', 'PINDAH'],
    ['meninggal', 'MENINGGAL'],
    ['data_ganda', 'DATA GANDA'],
    ['sudah_mampu', 'SUDAH MAMPU'],
    ['double_bansos', 'DOUBLE BANSOS'],
  ],
  not_paid_reason: [
    ['tidak_diambil', 'Tidak diambil / tidak hadir'],
    ['kks_bermasalah', 'KKS hilang atau rusak'],
    ['rekening_pasif', 'Rekening pasif / dibekukan'],
    ['data_tidak_padan', 'Data tidak padan'],
    ['meninggal', 'Penerima meninggal'],
    ['pindah', 'Penerima pindah'],
    ['lainnya', 'Lainnya'],
  ],
  occupation: [
    ['belum_bekerja', 'Belum/tidak bekerja'],
    ['mengurus_rumah_tangga', 'Mengurus rumah tangga'],
    ['pelajar', 'Pelajar/mahasiswa'],
    ['petani', 'Petani/pekebun'],
    ['buruh_tani', 'Buruh tani/perkebunan'],
    ['buruh_harian', 'Buruh harian lepas'],
    ['pedagang', 'Pedagang'],
    ['wiraswasta', 'Wiraswasta'],
    ['karyawan_swasta', 'Karyawan swasta'],
    ['sopir', 'Sopir/ojek'],
    ['tukang', 'Tukang (batu, kayu, jahit)'],
    ['peternak', 'Peternak'],
    ['pensiunan', 'Pensiunan'],
    ['lainnya', 'Lainnya'],
  ],
  education: [
    ['tidak_sekolah', 'Tidak/belum sekolah'],
    ['sd', 'SD/sederajat'],
    ['smp', 'SMP/sederajat'],
    ['sma', 'SMA/sederajat'],
    ['diploma', 'Diploma'],
    ['sarjana', 'Sarjana'],
  ],
  disability: [
    ['tidak_ada', 'Tidak ada'],
    ['fisik', 'Disabilitas fisik'],
    ['intelektual', 'Disabilitas intelektual'],
    ['mental', 'Disabilitas mental'],
    ['sensorik', 'Disabilitas sensorik'],
    ['ganda', 'Disabilitas ganda/berat'],
  ],
  ppks_category: [
    ['anak_balita_terlantar', 'Anak balita terlantar'],
    ['anak_terlantar', 'Anak terlantar'],
    ['anak_berhadapan_hukum', 'Anak yang berhadapan dengan hukum'],
    ['anak_jalanan', 'Anak jalanan'],
    ['anak_disabilitas', 'Anak dengan disabilitas'],
    ['anak_korban_kekerasan', 'Anak korban tindak kekerasan'],
    ['anak_perlindungan_khusus', 'Anak yang memerlukan perlindungan khusus'],
    ['lanjut_usia_terlantar', 'Lanjut usia terlantar'],
    ['penyandang_disabilitas', 'Penyandang disabilitas'],
    ['tuna_susila', 'Tuna susila'],
    ['gelandangan', 'Gelandangan'],
    ['pengemis', 'Pengemis'],
    ['pemulung', 'Pemulung'],
    ['kelompok_minoritas', 'Kelompok minoritas'],
    ['bwblp', 'Bekas warga binaan lembaga pemasyarakatan'],
    ['odha', 'Orang dengan HIV/AIDS'],
    ['korban_napza', 'Korban penyalahgunaan NAPZA'],
    ['korban_trafficking', 'Korban perdagangan orang'],
    ['korban_kekerasan', 'Korban tindak kekerasan'],
    ['pekerja_migran_bermasalah', 'Pekerja migran bermasalah sosial'],
    ['korban_bencana_alam', 'Korban bencana alam'],
    ['korban_bencana_sosial', 'Korban bencana sosial'],
    ['perempuan_rawan_sosial_ekonomi', 'Perempuan rawan sosial ekonomi'],
    ['fakir_miskin', 'Keluarga fakir miskin'],
    ['keluarga_bermasalah_psikologis', 'Keluarga bermasalah sosial psikologis'],
    ['komunitas_adat_terpencil', 'Komunitas adat terpencil'],
  ],
};

/** Programme defaults from DOMAIN.md; every amount and schedule is editable by an admin. */
export interface ProgramDefault {
  code: string;
  name: string;
  target: 'household' | 'person';
  benefit: 'cash' | 'premium' | 'service';
  schedule: 'bulanan' | 'triwulanan' | 'tahap' | 'tahunan' | 'sesuai_kebutuhan';
  defaultChannel: 'bank_kks' | 'pos' | 'tunai' | null;
  desaOnly: boolean;
  excludes: string[];
  description: string;
  components: {
    code: string;
    name: string;
    amount: number;
    unit: 'per_bulan' | 'per_tahun' | 'per_penyaluran';
  }[];
}

export const DEFAULT_PROGRAMS: ProgramDefault[] = [
  {
    code: 'PKH',
    name: 'Program Keluarga Harapan',
    target: 'household',
    benefit: 'cash',
    schedule: 'tahap',
    defaultChannel: 'bank_kks',
    desaOnly: false,
    excludes: [],
    description: 'Bantuan bersyarat per komponen, 4 tahap setahun, dibayarkan kepada ibu/perempuan dewasa.',
    components: [
      { code: 'ibu_hamil', name: 'Ibu hamil', amount: 3_000_000, unit: 'per_tahun' },
      { code: 'anak_usia_dini', name: 'Anak usia dini (0-6 tahun)', amount: 3_000_000, unit: 'per_tahun' },
      { code: 'sd', name: 'Anak SD', amount: 900_000, unit: 'per_tahun' },
      { code: 'smp', name: 'Anak SMP', amount: 1_500_000, unit: 'per_tahun' },
      { code: 'sma', name: 'Anak SMA', amount: 2_000_000, unit: 'per_tahun' },
      {
        code: 'disabilitas_berat',
        name: 'Penyandang disabilitas berat',
        amount: 2_400_000,
        unit: 'per_tahun',
      },
      { code: 'lansia', name: 'Lanjut usia (60+)', amount: 2_400_000, unit: 'per_tahun' },
    ],
  },
  {
    code: 'BPNT',
    name: 'Program Sembako (BPNT)',
    target: 'household',
    benefit: 'cash',
    schedule: 'tahap',
    defaultChannel: 'bank_kks',
    desaOnly: false,
    excludes: [],
    description: 'Rp200.000 per bulan, disalurkan 2-3 bulan sekaligus lewat bank Himbara (KKS) atau PT Pos.',
    components: [{ code: 'sembako', name: 'Bantuan sembako', amount: 200_000, unit: 'per_bulan' }],
  },
  {
    code: 'BLT_DD',
    name: 'BLT Dana Desa',
    target: 'household',
    benefit: 'cash',
    schedule: 'bulanan',
    defaultChannel: 'tunai',
    desaOnly: true,
    excludes: ['PKH', 'BPNT'],
    description: 'Rp300.000 per bulan dari Dana Desa; hanya di 19 desa (bukan kelurahan).',
    components: [{ code: 'blt_dd', name: 'BLT Dana Desa', amount: 300_000, unit: 'per_bulan' }],
  },
  {
    code: 'BLT_PANGAN',
    name: 'BLT Mitigasi Risiko Pangan (El Nino)',
    target: 'household',
    benefit: 'cash',
    schedule: 'tahap',
    defaultChannel: 'pos',
    desaOnly: false,
    excludes: [],
    description: 'Rp200.000 per bulan, sesuai periode program.',
    components: [{ code: 'blt_pangan', name: 'BLT Pangan', amount: 200_000, unit: 'per_bulan' }],
  },
  {
    code: 'PBI_JK',
    name: 'PBI Jaminan Kesehatan',
    target: 'person',
    benefit: 'premium',
    schedule: 'bulanan',
    defaultChannel: null,
    desaOnly: false,
    excludes: [],
    description: 'Iuran BPJS Kesehatan dibayar pemerintah. Status: BARU, PENGAKTIFAN, PENGALIHAN.',
    components: [
      { code: 'baru', name: 'Baru', amount: 0, unit: 'per_bulan' },
      { code: 'pengaktifan', name: 'Pengaktifan', amount: 0, unit: 'per_bulan' },
      { code: 'pengalihan', name: 'Pengalihan', amount: 0, unit: 'per_bulan' },
    ],
  },
  {
    code: 'ATENSI',
    name: 'Asistensi Rehabilitasi Sosial (ATENSI)',
    target: 'person',
    benefit: 'service',
    schedule: 'sesuai_kebutuhan',
    defaultChannel: null,
    desaOnly: false,
    excludes: [],
    description: 'Layanan rehabilitasi sosial (Permensos 7/2021) per klaster; tidak selalu berupa uang.',
    components: [
      { code: 'anak', name: 'Klaster anak', amount: 0, unit: 'per_penyaluran' },
      { code: 'disabilitas', name: 'Klaster disabilitas', amount: 0, unit: 'per_penyaluran' },
      { code: 'lansia', name: 'Klaster lanjut usia', amount: 0, unit: 'per_penyaluran' },
      {
        code: 'tuna_sosial',
        name: 'Klaster tuna sosial & korban perdagangan orang',
        amount: 0,
        unit: 'per_penyaluran',
      },
      { code: 'napza', name: 'Klaster korban NAPZA', amount: 0, unit: 'per_penyaluran' },
      { code: 'bencana', name: 'Klaster korban bencana', amount: 0, unit: 'per_penyaluran' },
    ],
  },
  {
    code: 'INSENTIF_BATU',
    name: 'Insentif Lansia & Disabilitas Kota Batu (APBD)',
    target: 'person',
    benefit: 'cash',
    schedule: 'triwulanan',
    defaultChannel: 'bank_kks',
    desaOnly: false,
    excludes: ['PKH'],
    description:
      'Rp500.000 per bulan, dibayar per triwulan. Tidak untuk keluarga penerima PKH (dapat diubah).',
    components: [
      { code: 'lansia', name: 'Lanjut usia', amount: 500_000, unit: 'per_bulan' },
      { code: 'disabilitas', name: 'Penyandang disabilitas', amount: 500_000, unit: 'per_bulan' },
    ],
  },
];

/** Amount of one enrolment for a period of `months` months. */
export function periodAmount(
  amount: number,
  unit: 'per_bulan' | 'per_tahun' | 'per_penyaluran',
  months: number,
): number {
  switch (unit) {
    case 'per_bulan':
      return amount * months;
    case 'per_tahun':
      return Math.round((amount * months) / 12);
    case 'per_penyaluran':
      return amount;
  }
}

import { columnLabel } from '../../../common/domain/auditLabels.ts';
import { formatCount as count } from '../../../common/format.ts';

/** The Sinkronisasi page speaks plain Indonesian to people new to computers. */
export const S = {
  title: 'Sinkronisasi',
  intro:
    'Komputer ini bekerja tanpa internet dan mengirim perubahannya ke server Dinas Sosial secara berkala. Di sini terlihat kapan terakhir berhasil, apa yang masih menunggu, dan data yang perlu diputuskan.',
  syncNow: 'Sinkronkan sekarang',
  syncing: 'Sedang menyinkronkan…',
  syncDone: (pushed: number, pulled: number, conflicts: number) =>
    `Sinkronisasi selesai: ${count(pushed)} perubahan dikirim, ${count(pulled)} perubahan diterima, ${count(conflicts)} konflik menunggu keputusan.`,
  notEnrolled: 'Komputer ini belum terhubung ke server pusat',
  askAdmin:
    'Minta administrator aplikasi di kantor ini mendaftarkan komputer ini. Ia memerlukan alamat server dan kode pendaftaran dari administrator server pusat di Dinas Sosial.',
  statusTitle: 'Keadaan',
  lastErrorTitle: 'Sinkronisasi terakhir belum berhasil',
  alarmsTitle: 'Peringatan dari server',
  alarmsRaised: 'Server mencatat alarm untuk perangkat ini. Laporkan kepada administrator server.',
  lastSuccess: 'Terakhir berhasil',
  never: 'Belum pernah',
  pending: 'Menunggu dikirim',
  pendingCount: (n: number) => (n === 0 ? 'Tidak ada, semua sudah terkirim' : `${count(n)} perubahan`),
  conflictsOpen: 'Konflik terbuka',
  server: 'Server',
  area: 'Wilayah data',
  leftAreaTitle: 'Keluarga yang pindah ke luar wilayah kantor ini',
  leftAreaExplain:
    'Keluarga ini sekarang tercatat di desa lain dan diurus oleh kantor desa tujuan. Datanya sudah dihapus dari daftar di komputer ini; catatan perubahan yang pernah dibuat di kantor ini tetap ada di log audit.',
  leftAreaItem: (head: string | null, kk: string | null, to: string) =>
    `${head ?? 'Keluarga'}${kk ? ` (KK ${kk})` : ''} pindah ke ${to}`,
  next: 'Berikutnya',
  running: 'Sedang berjalan',
  interval: 'Sinkronkan setiap (menit)',
  save: 'Simpan',
  intervalSaved: 'Jadwal disimpan.',
  conflictsTitle: 'Konflik yang perlu diputuskan',
  conflictsIntro:
    'Data yang diubah di dua kantor sekaligus. Server menyimpan nilai pertama sampai seseorang memutuskan; keputusan Anda dicatat di log audit dan dikirim ke semua kantor.',
  showResolved: 'Tampilkan juga yang sudah diputuskan',
  noConflicts: 'Tidak ada konflik',
  noConflictsHint: 'Semua perubahan dari kantor-kantor sudah menyatu.',
  colWhat: 'Data',
  colServer: 'Nilai di server',
  colOther: 'Nilai dari kantor lain',
  colWho: 'Diubah oleh',
  colStatus: 'Status',
  base: 'Nilai sebelum diubah',
  wholeRow: 'seluruh data',
  system: 'sistem',
  open: 'Menunggu keputusan',
  resolvedBy: (who: string, when: string, how: string) =>
    `Diputuskan oleh ${who} ${when} (${how === 'server' ? 'nilai server' : how === 'client' ? 'nilai kantor lain' : how === 'custom' ? 'nilai baru' : how})`,
  decide: 'Putuskan',
  decideTitle: 'Putuskan konflik',
  keepServer: 'Pertahankan nilai server',
  takeOther: 'Pakai nilai kantor lain',
  newValue: 'Atau isi nilai baru',
  useNewValue: 'Pakai nilai baru',
  cancel: 'Batal',
  decided: 'Keputusan disimpan dan akan dikirim pada sinkronisasi berikutnya.',
  enrolTitle: 'Daftarkan komputer ini',
  enrolIntro:
    'Mintalah kepada administrator server pusat di Dinas Sosial: alamat server, kode pendaftaran sekali pakai untuk komputer ini (berlaku 24 jam), dan bila kantor memakai sertifikat sendiri, sidik jari sertifikatnya. Lalu isi di sini.',
  serverUrl: 'Alamat server',
  code: 'Kode pendaftaran',
  deviceName: 'Nama komputer ini',
  pin: 'Sidik jari sertifikat (opsional)',
  pinHint: 'SHA-256 sertifikat server, bila kantor memakai sertifikat sendiri.',
  enrol: 'Daftarkan',
  enrolling: 'Mendaftarkan…',
};

const ENTITIES: Record<string, string> = {
  households: 'Keluarga',
  people: 'Anggota keluarga',
  enrolments: 'Kepesertaan program',
  verifications: 'Verifikasi',
  disbursement_items: 'Penyaluran',
  disbursement_periods: 'Periode penyaluran',
  cases: 'Kasus',
  complaints: 'Pengaduan',
  programs: 'Program',
  ref_values: 'Data rujukan',
};

export const entityLabel = (entity: string) => ENTITIES[entity] ?? entity;
/** Columns in words: the same table as a household's history. */
export const fieldLabel = columnLabel;

export function describeValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(kosong)';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

import type { Role } from '../../common/auth/roles.ts';
import { defineStrings } from '../i18n/i18n.tsx';

/**
 * What a new clerk needs on a page they have not used before: "Cara pakai" per main page (a few
 * steps, the words of the buttons they will press), and the three tasks each role most often
 * comes to do, shown on Beranda at its first login.
 */

export interface Task {
  title: string;
  detail: string;
  path: string;
}

interface GuideStrings {
  skipToContent: string;
  skipToMenu: string;
  help: Record<string, string[]>;
  tasksTitle: string;
  tasksIntro: string;
  dismiss: string;
  tasks: Record<Role, Task[]>;
}

const id: GuideStrings = {
  skipToContent: 'Lewati ke isi',
  skipToMenu: 'Lewati ke menu',
  help: {
    '/beranda': [
      '"Aktivitas saya" berisi pekerjaan yang menunggu Anda; tekan satu baris untuk membukanya.',
      '"Indikator program" menunjukkan cakupan dan penyaluran; tekan batang grafik untuk melihat daftar keluarga di baliknya.',
      'Pilih program atau kecamatan di atas grafik untuk mempersempit angka.',
    ],
    '/keluarga': [
      'Ketik NIK, No. KK atau nama di kotak pencarian; ejaan yang mirip (Moch./Muhammad, oe/u) tetap ditemukan.',
      'Tekan nama keluarga untuk membuka halamannya: anggota, program, verifikasi, penyaluran dan riwayat perubahan.',
      'Keluarga yang belum ada: tekan "Daftarkan keluarga baru". Periksa dulu lewat pencarian agar tidak terdaftar dua kali.',
    ],
    '/program': [
      'Daftar program bantuan dan komponennya (misalnya PKH: ibu hamil, anak sekolah, lansia).',
      'Buka satu program untuk melihat syarat, besaran dan jumlah penerimanya.',
      'Kepesertaan satu keluarga diubah dari halaman keluarga itu, bukan dari sini.',
    ],
    '/verifikasi': [
      'Pilih desa untuk menyusun daftar kunjungan, atau mulai dari halaman keluarga ("Verifikasi keluarga ini").',
      'Di lapangan, isi hasil kunjungan dan tambahkan foto atau dokumen bila ada.',
      'Manajer menyetujui atau mengembalikan hasilnya; statusnya tampil di daftar ini.',
    ],
    '/penyaluran': [
      'Pilih program dan periode untuk melihat daftar penerima dan status penyalurannya.',
      'Tandai yang sudah diterima, atau catat alasan bila belum tersalurkan atau dikembalikan.',
      'Setelah semua dicatat, manajer menutup periode; laporan bulan itu lalu mendapat kode verifikasi.',
    ],
    '/kasus': [
      'Pengaduan warga dicatat di "Pengaduan baru": siapa, apa keluhannya, dan cara menghubunginya.',
      'Kasus yang perlu ditindaklanjuti dibuka dengan "Kasus baru" dan diberi tenggat.',
      'Tambah catatan setiap ada perkembangan; tutup bila sudah selesai.',
    ],
    '/impor-ekspor': [
      'Impor: pilih berkas Excel atau CSV dari desa; aplikasi mengenali kolomnya, Anda memeriksa dan membetulkan pasangannya.',
      'Periksa hasil pengecekan: baris salah tidak disimpan; perbaiki di berkas lalu impor lagi.',
      'Ekspor: pilih daftar dan wilayah; samarkan NIK untuk daftar yang dikirim keluar kantor.',
    ],
    '/laporan': [
      'Pilih jenis laporan dan bulannya, lalu tekan "Tampilkan pratinjau".',
      'Periksa pratinjau: angka periode yang masih dibuka ditandai SEMENTARA.',
      'Tekan "Simpan PDF" untuk dicetak dan ditandatangani, atau "Simpan Excel" untuk diolah.',
    ],
    '/rilis': [
      'Isi sumber dan tanggal data rilis, lalu tekan "Pilih berkas rilis dan impor…" dan pilih berkas DTKS/DTSEN dari Kementerian Sosial.',
      'Buka rilis yang diimpor: setiap kotak menunjukkan satu jenis perbedaan dengan data keluarga, dengan jumlah per desa.',
      'Periksa daftarnya. Tekan "Terima" bila data rilis benar; tekan "Tolak…" dan tulis alasannya bila meragukan: keluarganya masuk daftar verifikasi.',
      'Tekan "Unduh laporan rekonsiliasi (Excel)" untuk laporan semua perbedaan dan keputusannya.',
    ],
    '/sinkronisasi': [
      'Sinkronisasi mengirim perubahan kantor ini ke server pusat dan mengambil perubahan dari kantor lain.',
      'Bila diminta kode pendaftaran perangkat, mintalah kepada administrator server pusat.',
      'Perubahan yang bertentangan muncul di sini untuk dipilih mana yang benar.',
    ],
    '/pengguna': [
      'Tambah akun untuk setiap staf dengan perannya; jangan memakai satu akun bersama.',
      'Staf baru mendapat kata sandi sementara dan menggantinya saat pertama masuk.',
      'Nonaktifkan akun staf yang pindah tugas; riwayat kerjanya tetap tersimpan.',
    ],
    '/audit': [
      'Setiap perubahan data tercatat: siapa, kapan, dan apa yang berubah.',
      'Saring menurut pengguna, tindakan atau tanggal untuk menemukan satu kejadian.',
      'Periksa keutuhan log untuk memastikan tidak ada catatan yang diubah atau dihapus.',
    ],
    '/pengaturan': [
      'Atur nama kantor, kunci layar otomatis dan bahasa tampilan di sini.',
      'Tekan "Buat cadangan sekarang" secara berkala dan simpan salinannya di luar komputer ini.',
      'Kop surat dan penanda tangan laporan diatur di Laporan › Pengaturan laporan.',
    ],
    '/akun': [
      'Ganti kata sandi Anda di sini; pakai kalimat yang mudah diingat tetapi sulit ditebak.',
      'Layar terkunci sendiri bila lama tidak dipakai; masukkan kata sandi untuk melanjutkan.',
      'Tekan "Keluar" bila meninggalkan komputer yang dipakai bersama.',
    ],
  },
  tasksTitle: 'Mulai dari sini',
  tasksIntro: 'Tiga pekerjaan yang paling sering dilakukan peran Anda:',
  dismiss: 'Sudah paham, sembunyikan',
  tasks: {
    clerk: [
      {
        title: 'Impor daftar dari desa',
        detail: 'Berkas Excel atau CSV: periksa lalu simpan.',
        path: '/impor-ekspor',
      },
      {
        title: 'Cari dan perbaiki data keluarga',
        detail: 'Menurut NIK, No. KK atau nama.',
        path: '/keluarga',
      },
      {
        title: 'Catat pengaduan warga',
        detail: 'Siapa, keluhannya, dan cara menghubunginya.',
        path: '/kasus',
      },
    ],
    officer: [
      {
        title: 'Verifikasi keluarga',
        detail: 'Daftar kunjungan per desa dan hasilnya.',
        path: '/verifikasi',
      },
      {
        title: 'Catat penyaluran bantuan',
        detail: 'Sudah diterima, belum, atau dikembalikan.',
        path: '/penyaluran',
      },
      {
        title: 'Tindak lanjuti kasus dan pengaduan',
        detail: 'Catatan perkembangan dan tenggat.',
        path: '/kasus',
      },
    ],
    manager: [
      { title: 'Lihat indikator program', detail: 'Cakupan dan keberhasilan penyaluran.', path: '/beranda' },
      {
        title: 'Setujui hasil verifikasi',
        detail: 'Hasil kunjungan yang menunggu keputusan.',
        path: '/verifikasi',
      },
      {
        title: 'Cetak laporan bulanan',
        detail: 'Pratinjau, lalu PDF untuk ditandatangani.',
        path: '/laporan',
      },
    ],
    auditor: [
      { title: 'Periksa log audit', detail: 'Siapa mengubah apa, dan kapan.', path: '/audit' },
      { title: 'Baca laporan', detail: 'Laporan bulanan, rekap dan verifikasi.', path: '/laporan' },
      { title: 'Periksa kode verifikasi', detail: 'Apakah sebuah cetakan asli.', path: '/laporan/kode' },
    ],
    admin: [
      { title: 'Buat akun staf', detail: 'Satu akun per orang, dengan perannya.', path: '/pengguna' },
      {
        title: 'Atur kantor dan cadangan',
        detail: 'Nama kantor, kunci layar, cadangan.',
        path: '/pengaturan',
      },
      {
        title: 'Atur kop dan penanda tangan laporan',
        detail: 'Nama dan NIP pejabat.',
        path: '/laporan/pengaturan',
      },
    ],
  },
};

const en: GuideStrings = {
  skipToContent: 'Skip to content',
  skipToMenu: 'Skip to menu',
  help: {
    '/beranda': [
      '"My work" lists what waits for you; press a row to open it.',
      '"Programme indicators" shows coverage and payments; press a bar for the families behind it.',
      'Choose a programme or kecamatan above the charts to narrow the figures.',
    ],
    '/keluarga': [
      'Type a NIK, KK number or name in the search box; similar spellings are found too.',
      'Press a family to open its page: members, programmes, verification, payments, history.',
      'A family not yet listed: press "Register a new family", after searching first.',
    ],
    '/program': [
      'The assistance programmes and their components.',
      'Open a programme for its rules, amounts and number of recipients.',
      "A family's enrolment is changed on that family's page.",
    ],
    '/verifikasi': [
      'Choose a village to build a visit list, or start from a family page.',
      'In the field, record the visit and add photos or documents.',
      'A manager approves or returns the result.',
    ],
    '/penyaluran': [
      'Choose a programme and period for its recipients and their status.',
      'Mark what was received, or record why not.',
      'A manager closes the period; its report then gets a verification code.',
    ],
    '/kasus': [
      'Record a complaint with "New complaint".',
      'Open a case that needs follow-up with "New case" and a due date.',
      'Add a note at each step; close it when done.',
    ],
    '/impor-ekspor': [
      'Import: choose an Excel or CSV file; check how its columns are matched.',
      'Rows with errors are not saved; fix the file and import again.',
      'Export: choose a list and area; mask NIKs for lists leaving the office.',
    ],
    '/laporan': [
      'Choose a report and month, then press "Show preview".',
      'Figures of open periods are marked provisional.',
      'Save a PDF to print and sign, or Excel to work with.',
    ],
    '/rilis': [
      'Enter the source and date of the release, press "Choose the release file and import…" and pick the DTKS/DTSEN file.',
      'Open the imported release: each box is one kind of difference from the registry, counted per desa.',
      'Check the list. Accept what the release has right; refuse what is doubtful, with a reason: the family goes on the verification list.',
      'Download the reconciliation report (Excel) for every difference and its decision.',
    ],
    '/sinkronisasi': [
      "Sync sends this office's changes to the central server and fetches others'.",
      "Ask the central server's administrator for a device enrolment code.",
      'Conflicting changes appear here for you to choose.',
    ],
    '/pengguna': [
      'Add one account per staff member, with their role.',
      'New staff get a temporary password and change it at first login.',
      'Disable the account of staff who leave; their history stays.',
    ],
    '/audit': [
      'Every change is recorded: who, when, what.',
      'Filter by user, action or date.',
      'Verify the log to make sure no entry was altered or removed.',
    ],
    '/pengaturan': [
      'Office name, automatic screen lock and display language.',
      'Make backups regularly and keep them elsewhere.',
      'Report letterhead and signatories are under Reports › Report settings.',
    ],
    '/akun': [
      'Change your password here.',
      'The screen locks itself when idle; enter your password to continue.',
      'Press "Log out" when leaving a shared computer.',
    ],
  },
  tasksTitle: 'Start here',
  tasksIntro: 'The three tasks your role does most often:',
  dismiss: 'Got it, hide this',
  tasks: {
    clerk: [
      {
        title: 'Import a list from a village',
        detail: 'Excel or CSV: check, then save.',
        path: '/impor-ekspor',
      },
      { title: 'Find and correct a family', detail: 'By NIK, KK number or name.', path: '/keluarga' },
      { title: 'Record a complaint', detail: 'Who, what, and how to reach them.', path: '/kasus' },
    ],
    officer: [
      { title: 'Verify families', detail: 'Visit lists per village and results.', path: '/verifikasi' },
      { title: 'Record payments', detail: 'Received, not yet, or returned.', path: '/penyaluran' },
      { title: 'Follow up cases and complaints', detail: 'Notes and due dates.', path: '/kasus' },
    ],
    manager: [
      { title: 'See programme indicators', detail: 'Coverage and payment success.', path: '/beranda' },
      { title: 'Approve verification results', detail: 'Visits awaiting a decision.', path: '/verifikasi' },
      { title: 'Print the monthly report', detail: 'Preview, then a PDF to sign.', path: '/laporan' },
    ],
    auditor: [
      { title: 'Review the audit log', detail: 'Who changed what, and when.', path: '/audit' },
      { title: 'Read reports', detail: 'Monthly, summary and verification.', path: '/laporan' },
      { title: 'Check a verification code', detail: 'Whether a printout is genuine.', path: '/laporan/kode' },
    ],
    admin: [
      { title: 'Create staff accounts', detail: 'One per person, with a role.', path: '/pengguna' },
      {
        title: 'Office settings and backups',
        detail: 'Office name, screen lock, backups.',
        path: '/pengaturan',
      },
      { title: 'Report letterhead and signatories', detail: 'Names and NIPs.', path: '/laporan/pengaturan' },
    ],
  },
};

export const guideStrings = defineStrings(id, en);

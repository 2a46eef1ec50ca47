/** The office files key card on the Sinkronisasi page (plain Indonesian, like the page). */
export const K = {
  title: 'Kunci berkas kantor',
  intro:
    'Foto dan dokumen lampiran dikirim ke komputer lain di kantor ini dalam keadaan terkunci. Server pusat tidak memegang kuncinya, jadi tidak dapat membuka berkas warga. Setiap komputer kantor memerlukan kunci yang sama.',
  missing:
    'Komputer ini belum memiliki kunci berkas kantor: lampiran yang ditambahkan di sini belum dikirim, dan lampiran dari komputer lain belum dapat dibuka.',
  firstTitle: 'Komputer pertama di kantor ini',
  firstExplain: 'Buat kunci baru, lalu catat kodenya untuk komputer-komputer lain.',
  make: 'Buat kunci baru',
  otherTitle: 'Sudah ada komputer lain yang memakai kunci',
  otherExplain:
    'Di komputer itu, buka halaman Sinkronisasi dan tekan "Tampilkan kode". Ketik kode yang sama di sini.',
  codeLabel: 'Kode kunci berkas kantor',
  codeHint: '52 huruf dan angka, boleh dengan atau tanpa tanda hubung.',
  install: 'Pasang kunci',
  working: 'Memproses…',
  present: 'Kunci berkas kantor terpasang di komputer ini. Lampiran dikirim dan diunduh lewat sinkronisasi.',
  reveal: 'Tampilkan kode',
  codeShown:
    'Catat kode ini di kertas dan simpan di tempat aman. Ketik kode yang sama di halaman Sinkronisasi setiap komputer lain di kantor ini. Siapa pun yang memegang kode ini dan berkas dari server dapat membuka lampiran.',
  hide: 'Sembunyikan kode',
};

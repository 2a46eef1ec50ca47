import { defineStrings } from '../../i18n/i18n.tsx';

const keluarga = (n: number) => `${n.toLocaleString('id-ID')} keluarga/orang`;

export const retentionStrings = defineStrings(
  {
    title: 'Masa retensi data pribadi',
    intro:
      'Data pribadi keluarga yang sudah dihapus dari daftar disimpan selama masa retensi, lalu dihapus permanen (UU PDP). Jumlah untuk laporan tetap terhitung; nama, NIK, alamat dan catatan tidak lagi tersimpan.',
    years: 'Masa retensi (tahun setelah dihapus dari daftar)',
    yearsHint: 'Paling singkat 1 tahun, paling lama 25 tahun.',
    saveYears: 'Simpan masa retensi',
    yearsSaved: (years: number) => `Masa retensi disimpan: ${years} tahun.`,
    previewTitle: (cutoff: string) => `Yang dihapus dari daftar sebelum ${cutoff}`,
    nothingDue: 'Tidak ada data yang melewati masa retensi.',
    who: 'Keluarga/orang',
    family: 'Keluarga',
    person: 'Orang',
    desa: 'Desa/Kelurahan',
    removedAt: 'Dihapus dari daftar',
    people: 'Jumlah orang',
    state: 'Keterangan',
    willPurge: 'Akan dihapus permanen',
    purgeButton: (n: number) => `Hapus data pribadi ${keluarga(n)}…`,
    confirmTitle: 'Hapus data pribadi secara permanen?',
    confirmText: (n: number) =>
      `Nama, NIK, alamat, catatan dan lampiran ${keluarga(n)} pada daftar di atas akan dihapus permanen, juga dari log audit dan dari server pusat setelah sinkronisasi berikutnya. Penghapusan ini tidak dapat dibatalkan.`,
    confirmPurge: 'Ya, hapus data pribadi',
    back: 'Kembali',
    purged: (households: number, people: number) =>
      `Data pribadi ${households.toLocaleString('id-ID')} keluarga (${people.toLocaleString('id-ID')} orang) telah dihapus.`,
  },
  {
    title: 'Retention of personal data',
    intro:
      'Personal data of families removed from the list is kept for the retention period, then erased for good (UU PDP). Report counts stay; names, NIKs, addresses and notes are no longer kept.',
    years: 'Retention period (years after removal)',
    yearsHint: 'At least 1 year, at most 25 years.',
    saveYears: 'Save retention period',
    yearsSaved: (years: number) => `Retention period saved: ${years} years.`,
    previewTitle: (cutoff: string) => `Removed from the list before ${cutoff}`,
    nothingDue: 'Nothing has passed the retention period.',
    who: 'Family/person',
    family: 'Family',
    person: 'Person',
    desa: 'Village',
    removedAt: 'Removed',
    people: 'People',
    state: 'Note',
    willPurge: 'Will be erased',
    purgeButton: (n: number) => `Erase personal data of ${n} families/people…`,
    confirmTitle: 'Erase personal data for good?',
    confirmText: (n: number) =>
      `Names, NIKs, addresses, notes and attachments of ${n} families/people listed above will be erased for good, also from the audit log and from the central server after the next sync. This cannot be undone.`,
    confirmPurge: 'Yes, erase personal data',
    back: 'Back',
    purged: (households: number, people: number) =>
      `Personal data of ${households} families (${people} people) erased.`,
  },
);

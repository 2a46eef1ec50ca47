import { defineStrings } from '../../i18n/i18n.tsx';

/** The audit log's own words (the page title and the chain check are in i18n's `audit`). */
export const auditStrings = defineStrings(
  {
    when: 'Waktu (WIB)',
    what: 'Apa yang terjadi',
    details: 'Rinciannya',
    filterAction: 'Tindakan',
    allActions: 'Semua tindakan',
    filterUser: 'Nama pengguna',
    filterUserHint: 'Tulis lengkap, misalnya petugas1.',
    on: (subject: string) => `Data: ${subject}`,
    noDetails: 'Tidak ada rincian.',
    moreDetails: (n: number) => `dan ${n} rincian lainnya`,
    number: 'No.',
  },
  {
    when: 'Time (WIB)',
    what: 'What happened',
    details: 'Details',
    filterAction: 'Action',
    allActions: 'All actions',
    filterUser: 'Username',
    filterUserHint: 'In full, for example petugas1.',
    on: (subject: string) => `Data: ${subject}`,
    noDetails: 'No details.',
    moreDetails: (n: number) => `and ${n} more details`,
    number: 'No.',
  },
);

import { defineStrings } from '../../i18n/i18n.tsx';

/** Words about what an approved verification does to the family's programmes, and assigning visits. */
export const programChangeStrings = defineStrings(
  {
    loading: 'Memeriksa program keluarga…',
    previewTitle: 'Bila disetujui, program keluarga berubah:',
    nothingChanges: 'Bila disetujui, tidak ada program keluarga yang berubah.',
    startsOn: (date: string) => `mulai ${date}`,
    appliedTitle: 'Perubahan program karena persetujuan ini',
    nothingChanged: 'Persetujuan ini tidak mengubah program keluarga.',
    undo: 'Batalkan persetujuan…',
    undoTitle: 'Batalkan persetujuan verifikasi?',
    undoBody: (n: number) =>
      n
        ? `${n} kepesertaan program dikembalikan seperti sebelum persetujuan, dan hasil verifikasi kembali menunggu keputusan.`
        : 'Hasil verifikasi kembali menunggu keputusan. Tidak ada program yang perlu dikembalikan.',
    undoConfirm: 'Ya, batalkan persetujuan',
    undoing: 'Membatalkan…',
    back: 'Kembali',
    assignLabel: 'Ditugaskan kepada',
    anyone: 'Siapa saja di wilayahnya',
    assign: 'Tugaskan',
  },
  {
    loading: "Checking the family's programmes…",
    previewTitle: "If approved, the family's programmes change:",
    nothingChanges: "If approved, none of the family's programmes change.",
    startsOn: (date: string) => `from ${date}`,
    appliedTitle: 'Programme changes made by this approval',
    nothingChanged: "This approval did not change the family's programmes.",
    undo: 'Undo the approval…',
    undoTitle: 'Undo the verification approval?',
    undoBody: (n: number) =>
      n
        ? `${n} programme enrolments return to what they were before the approval, and the result waits for a decision again.`
        : 'The result waits for a decision again. No programme needs to be restored.',
    undoConfirm: 'Yes, undo the approval',
    undoing: 'Undoing…',
    back: 'Back',
    assignLabel: 'Assigned to',
    anyone: 'Anyone in the area',
    assign: 'Assign',
  },
);

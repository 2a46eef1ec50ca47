import { defineStrings } from '../i18n/i18n.tsx';

/** The question asked before typed work is left, and the sign-in shown when the session ended. */
export const unsavedStrings = defineStrings(
  {
    title: 'Ada isian yang belum disimpan',
    question: 'Tinggalkan halaman ini? Isian akan hilang.',
    stay: 'Tetap di sini',
    leave: 'Tinggalkan, isian hilang',
    endedTitle: 'Sesi berakhir',
    endedKeep:
      'Isian Anda belum hilang: masih ada di halaman ini, tetapi disembunyikan sampai Anda masuk lagi. Setelah masuk, tekan Simpan sekali lagi.',
    endedSameUser: (name: string) => `Masuk lagi sebagai ${name} untuk melanjutkan.`,
    endedOtherUser: 'Bila pengguna lain yang masuk, isian ini dibuang dan tidak ditampilkan kepadanya.',
    signIn: 'Masuk lagi',
    discard: 'Buang isian dan keluar',
  },
  {
    title: 'There is unsaved input',
    question: 'Leave this page? What you typed will be lost.',
    stay: 'Stay here',
    leave: 'Leave, lose the input',
    endedTitle: 'Session ended',
    endedKeep:
      'Your input is not lost: it is still on this page, hidden until you sign in again. After signing in, press Save once more.',
    endedSameUser: (name: string) => `Sign in again as ${name} to continue.`,
    endedOtherUser: 'If another user signs in, this input is discarded and not shown to them.',
    signIn: 'Sign in again',
    discard: 'Discard input and log out',
  },
);

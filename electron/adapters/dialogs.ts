import { dialog, type BrowserWindow } from 'electron';
import type { HostAdapters } from '../../core/ports.ts';

const FILTER_NAMES: Record<string, string> = {
  'bansos-backup': 'Cadangan Bansos Desk',
  xlsx: 'Buku kerja Excel',
  csv: 'Teks CSV',
  txt: 'Teks',
  xls: 'Buku kerja Excel 97-2003 atau unduhan aplikasi web (.xls)',
  ods: 'Lembar kerja LibreOffice (.ods)',
  xml: 'Buku kerja XML Excel 2003',
  html: 'Halaman web',
  htm: 'Halaman web',
  pdf: 'Dokumen PDF',
};

/** Native save/open dialogs: the only way a path reaches the core from the desktop app. */
export function nativeDialogs(window: () => BrowserWindow | null): HostAdapters {
  // The first filter is the one the dialog opens with: every kind the task takes, so a CSV is
  // not hidden behind "Buku kerja Excel".
  const filters = (extensions: string[]) => [
    ...(extensions.length > 1 ? [{ name: 'Semua berkas yang bisa dipakai', extensions }] : []),
    ...extensions.map((ext) => ({ name: FILTER_NAMES[ext] ?? ext, extensions: [ext] })),
  ];
  return {
    async chooseSaveFile(request) {
      const owner = window();
      const options = { defaultPath: request.suggestedName, filters: filters(request.extensions) };
      const result = owner
        ? await dialog.showSaveDialog(owner, options)
        : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    async chooseOpenFile(request) {
      const owner = window();
      const options = { properties: ['openFile' as const], filters: filters(request.extensions) };
      const result = owner
        ? await dialog.showOpenDialog(owner, options)
        : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
  };
}

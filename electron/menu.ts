import { Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';

/** The menu in Indonesian; only what staff need, no developer tools in a packaged app. */
export function installMenu(window: BrowserWindow, isPackaged: boolean): void {
  const template: MenuItemConstructorOptions[] = [
    {
      label: 'Berkas',
      submenu: [
        {
          label: 'Kunci layar',
          accelerator: 'CmdOrCtrl+L',
          click: () => window.webContents.send('bansos:event', 'session.lockRequested', {}),
        },
        { type: 'separator' },
        { label: 'Keluar dari aplikasi', role: 'quit' },
      ],
    },
    {
      label: 'Sunting',
      submenu: [
        { label: 'Batalkan', role: 'undo' },
        { label: 'Ulangi', role: 'redo' },
        { type: 'separator' },
        { label: 'Potong', role: 'cut' },
        { label: 'Salin', role: 'copy' },
        { label: 'Tempel', role: 'paste' },
        { label: 'Pilih semua', role: 'selectAll' },
      ],
    },
    {
      label: 'Tampilan',
      submenu: [
        { label: 'Perbesar', role: 'zoomIn' },
        { label: 'Perkecil', role: 'zoomOut' },
        { label: 'Ukuran semula', role: 'resetZoom' },
        { type: 'separator' },
        { label: 'Layar penuh', role: 'togglefullscreen' },
        ...(isPackaged ? [] : [{ label: 'Alat pengembang', role: 'toggleDevTools' as const }]),
      ],
    },
    { label: 'Bantuan', submenu: [{ label: 'Tentang Bansos Desk', role: 'about' }] },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

import { app, type BrowserWindow } from 'electron';
import { join } from 'node:path';
import { BansosCore } from '../core/app.ts';
import { nativeDialogs } from './adapters/dialogs.ts';
import { printToPdf } from './adapters/printToPdf.ts';
import { connectIpc } from './ipc.ts';
import { installMenu } from './menu.ts';
import { registerAppScheme, serveRenderer } from './protocol.ts';
import { createMainWindow } from './window.ts';

// Composition root of the desktop app: the core, wired to IPC, native dialogs and app://.
// Bundled to dist/electron/main.cjs; the renderer is dist/renderer, the job worker worker.cjs.
const here = __dirname;
process.env.BANSOS_WORKER_DIR ??= here;
if (!process.env.BANSOS_SQLITE_BINDING && !app.isPackaged) {
  // `npm start` builds the driver for Electron's ABI here, leaving node_modules for Node (tests, CLI).
  process.env.BANSOS_SQLITE_BINDING = join(here, '..', 'electron-native', 'better_sqlite3.node');
}

// Chromium's own texts (spell-check menu, date pickers, number formats) in Indonesian too.
app.commandLine.appendSwitch('lang', 'id');

if (!app.requestSingleInstanceLock()) {
  // A second copy would open the same database and key slots: hand over to the first one.
  app.quit();
} else {
  registerAppScheme();
  let window: BrowserWindow | null = null;
  const core = new BansosCore({
    dataDir: join(app.getPath('userData'), 'data'),
    host: { ...nativeDialogs(() => window), printToPdf },
  });

  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  void app.whenReady().then(() => {
    serveRenderer(join(here, '..', 'renderer'));
    window = createMainWindow(join(here, 'preload.cjs'));
    connectIpc(core, window);
    installMenu(window, app.isPackaged);
  });

  app.on('window-all-closed', () => app.quit());

  let closing = false;
  app.on('before-quit', (event) => {
    if (closing) return;
    closing = true;
    event.preventDefault();
    // One last sync (at most 10 s; unsent changes stay in the outbox otherwise), then jobs stop
    // (their transactions roll back), the database closes, the key is wiped.
    void core.sync
      .beforeQuit(10_000)
      .finally(() => core.close())
      .finally(() => app.quit());
  });
}

import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { BansosCore } from '../core/app.ts';
import { isAppUrl } from './window.ts';

/**
 * IPC to the core. Only our own page in our own window may call (sender validation); the
 * session token stays here in the main process, keyed by window, never in the renderer.
 */
export function connectIpc(core: BansosCore, window: BrowserWindow): void {
  let token: string | null = null;
  let userId: string | null = null;

  const trusted = (event: IpcMainInvokeEvent) =>
    event.sender.id === window.webContents.id &&
    event.senderFrame !== null &&
    isAppUrl(event.senderFrame.url);

  ipcMain.handle('bansos:invoke', async (event, method: unknown, input: unknown) => {
    if (!trusted(event)) return { ok: false, error: { code: 'FORBIDDEN', message: 'Permintaan ditolak.' } };
    const outcome = await core.dispatch(String(method), input, token);
    if (outcome.sessionChange?.kind === 'set') {
      token = outcome.sessionChange.token;
      userId = core.sessions.get(token)?.userId ?? null;
    }
    if (outcome.sessionChange?.kind === 'clear') {
      token = null;
      userId = null;
    }
    return outcome.result;
  });

  core.onEvent((eventUserId, name, payload) => {
    if (eventUserId !== null && eventUserId === userId && !window.isDestroyed())
      window.webContents.send('bansos:event', name, payload);
  });
}

import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { AppBridge } from '../common/api/contract.ts';

// Exposes exactly the AppBridge (invoke and on), nothing of Electron or Node.
const bridge: AppBridge = {
  invoke: (method, input) => ipcRenderer.invoke('bansos:invoke', method, input),
  on: (event, listener) => {
    const handler = (_e: IpcRendererEvent, name: string, payload: unknown) => {
      if (name === event) listener(payload as never);
    };
    ipcRenderer.on('bansos:event', handler);
    return () => ipcRenderer.removeListener('bansos:event', handler);
  },
};

contextBridge.exposeInMainWorld('bansos', bridge);

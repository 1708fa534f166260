/**
 * window.api: invoke and on, nothing else. Runs sandboxed (sandbox: true), so it is bundled
 * into one CommonJS file that requires only 'electron' (see electron.vite.config.ts). No
 * third-party imports; from shared/ only the channel names and types.
 */
import { contextBridge, type IpcRendererEvent, ipcRenderer } from 'electron';
import type { EventName } from '../../shared/events';
import { EVENT_CHANNEL, type PreloadApi, RPC_CHANNEL } from '../../shared/preload-api';
import type { Result } from '../../shared/result';

const api: PreloadApi = {
  invoke(method: string, input: unknown, token: string | null): Promise<Result<unknown>> {
    return ipcRenderer.invoke(RPC_CHANNEL, method, input, token) as Promise<Result<unknown>>;
  },
  on(listener: (name: EventName, payload: unknown) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError('api.on expects a function');
    // The IpcRendererEvent is not passed on: it would hand the page ipcRenderer itself.
    const handler = (_event: IpcRendererEvent, name: EventName, payload: unknown) => listener(name, payload);
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    };
  },
};

contextBridge.exposeInMainWorld('api', api);

/**
 * What the preload script exposes on `window.api` (contextBridge) — invoke and on, nothing else.
 * The renderer's client uses it when present and falls back to HTTP (preview host) otherwise.
 */
import type { EventName } from './events';
import type { Result } from './result';

export interface PreloadApi {
  /** One round trip through the router: `ipcRenderer.invoke('rpc', method, input, token)`. */
  invoke(method: string, input: unknown, token: string | null): Promise<Result<unknown>>;
  /** Subscribes to every push event; returns the unsubscribe function. */
  on(listener: (name: EventName, payload: unknown) => void): () => void;
}

export const RPC_CHANNEL = 'rpc';
export const EVENT_CHANNEL = 'event';

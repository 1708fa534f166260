/**
 * The renderer's only door to main: typed calls over the contract and push events.
 * Transport: `window.api` (Electron preload) when present, else the loopback HTTP host
 * (`POST /rpc/<method>`, `GET /events` as a server-sent event stream). Nothing else in the
 * renderer knows which one is in use.
 *
 * The session token lives here: in memory and in sessionStorage (a browser reload in the
 * preview keeps the session; closing the window ends it).
 */
import type { Input, Method, Output } from '../../../shared/contract';
import type { EventName, Events } from '../../../shared/events';
import type { PreloadApi } from '../../../shared/preload-api';
import type { AppErrorData, Result } from '../../../shared/result';
import type { Session } from '../../../shared/schemas/users';

declare global {
  interface Window {
    api?: PreloadApi;
  }
}

// ─── Session ────────────────────────────────────────────────────────────────────────────

const SESSION_KEY = 'salesdesk.session';

function readStoredSession(): Session | null {
  try {
    const raw = window.sessionStorage.getItem(SESSION_KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Session;
    return typeof s?.token === 'string' && s.user ? s : null;
  } catch {
    return null;
  }
}

let session: Session | null = readStoredSession();
const sessionListeners = new Set<(s: Session | null) => void>();

export function getSession(): Session | null {
  return session;
}

export function setSession(next: Session | null): void {
  session = next;
  try {
    if (next) window.sessionStorage.setItem(SESSION_KEY, JSON.stringify(next));
    else window.sessionStorage.removeItem(SESSION_KEY);
  } catch {
    // storage unavailable (private mode): the in-memory session still works
  }
  for (const l of sessionListeners) l(next);
  restartEventStream();
}

/** Updates the user/permissions of the current session (after auth.me) without a new token. */
export function updateSession(patch: Partial<Omit<Session, 'token'>>): void {
  if (session) setSession({ ...session, ...patch });
}

export function onSessionChange(listener: (s: Session | null) => void): () => void {
  sessionListeners.add(listener);
  return () => sessionListeners.delete(listener);
}

// ─── Calls ──────────────────────────────────────────────────────────────────────────────

/** Calls that answer UNAUTHENTICATED as part of their normal work (a wrong password). */
const SIGN_IN_METHODS = new Set<Method>(['auth.login', 'system.setup', 'system.status', 'system.switchCompany']);

/** A failure the renderer itself produced: the other side could not be reached or answered garbage. */
export function transportError(message: string): AppErrorData {
  return { code: 'INTERNAL', message, details: { transport: true } };
}

export function isTransportError(e: AppErrorData): boolean {
  return (e.details as { transport?: unknown } | undefined)?.transport === true;
}

async function httpInvoke(method: string, input: unknown, token: string | null): Promise<Result<unknown>> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(`/rpc/${encodeURIComponent(method)}`, { method: 'POST', headers, body: JSON.stringify(input ?? {}) });
  } catch (e) {
    return { ok: false, error: transportError(`network: ${(e as Error).message}`) };
  }
  try {
    const body = (await res.json()) as Result<unknown>;
    if (body && typeof body === 'object' && typeof body.ok === 'boolean') return body;
  } catch {
    // fall through
  }
  return { ok: false, error: transportError(`bad response (HTTP ${res.status})`) };
}

/** One typed call. Never throws: failures come back as `{ ok: false, error }`. */
export async function invoke<M extends Method>(method: M, input: Input<M>): Promise<Result<Output<M>>> {
  const token = session?.token ?? null;
  let result: Result<unknown>;
  try {
    result = window.api ? await window.api.invoke(method, input, token) : await httpInvoke(method, input, token);
  } catch (e) {
    result = { ok: false, error: transportError(`ipc: ${(e as Error).message}`) };
  }
  if (!result.ok && result.error.code === 'UNAUTHENTICATED' && !SIGN_IN_METHODS.has(method) && session && session.token === token) {
    // The session expired or was revoked: drop it; the app shows the sign-in screen.
    setSession(null);
  }
  return result as Result<Output<M>>;
}

/** Like invoke, but unwraps the data or throws an ApiError (for code that prefers try/catch). */
export class ApiError extends Error {
  constructor(readonly error: AppErrorData) {
    super(error.message);
    this.name = 'ApiError';
  }
}

export async function call<M extends Method>(method: M, input: Input<M>): Promise<Output<M>> {
  const r = await invoke(method, input);
  if (!r.ok) throw new ApiError(r.error);
  return r.data;
}

// ─── Events ─────────────────────────────────────────────────────────────────────────────

export type EventListener = <E extends EventName>(name: E, payload: Events[E]) => void;

const eventListeners = new Set<EventListener>();
let stopStream: (() => void) | null = null;

function dispatch(name: string, payload: unknown): void {
  for (const l of eventListeners) {
    try {
      (l as (n: string, p: unknown) => void)(name, payload);
    } catch (e) {
      console.warn('[events] listener failed', e);
    }
  }
}

/** Reads `GET /events` (server-sent events) with the bearer token; reconnects with backoff. */
function startHttpStream(token: string): () => void {
  let stopped = false;
  let controller: AbortController | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let delay = 1000;

  const connect = async () => {
    if (stopped) return;
    controller = new AbortController();
    try {
      const res = await fetch('/events', { headers: { Authorization: `Bearer ${token}` }, signal: controller.signal, cache: 'no-store' });
      if (res.status === 401) return; // the session is gone; the next call will notice and sign out
      if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
      delay = 1000;
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value.replace(/\r\n/g, '\n');
        let idx = buffer.indexOf('\n\n');
        while (idx >= 0) {
          const block = buffer.slice(0, idx);
          buffer = buffer.slice(idx + 2);
          parseBlock(block);
          idx = buffer.indexOf('\n\n');
        }
      }
    } catch {
      if (stopped) return;
    }
    if (!stopped) {
      timer = setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30_000);
    }
  };

  const parseBlock = (block: string) => {
    let name = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') name = value;
      else if (field === 'data') data.push(value);
    }
    if (!data.length) return;
    try {
      dispatch(name, JSON.parse(data.join('\n')));
    } catch {
      // ignore a malformed event
    }
  };

  void connect();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    controller?.abort();
  };
}

function restartEventStream(): void {
  stopStream?.();
  stopStream = null;
  if (eventListeners.size === 0) return;
  if (window.api) {
    stopStream = window.api.on((name, payload) => dispatch(name, payload));
  } else if (session) {
    stopStream = startHttpStream(session.token);
  }
}

/** Subscribes to push events (`domain.changed`); returns the unsubscribe function. */
export function onEvent(listener: EventListener): () => void {
  eventListeners.add(listener);
  if (eventListeners.size === 1) restartEventStream();
  return () => {
    eventListeners.delete(listener);
    if (eventListeners.size === 0) {
      stopStream?.();
      stopStream = null;
    }
  };
}

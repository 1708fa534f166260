/**
 * Security policy of the desktop shell as pure functions (no Electron import), so every
 * decision is unit-tested (tests/unit/security.test.ts) and electron/main/index.ts only wires
 * them to Electron's hooks. See docs/security.md for the threat model.
 *
 * "The app" is exactly one page: the URL the main window loaded, i.e. either
 *   - file:///…/out/renderer/index.html (production build; query and hash ignored), or
 *   - the electron-vite dev server origin (ELECTRON_RENDERER_URL, development only).
 */
import { CONTENT_SECURITY_POLICY } from './csp';

/** What main knows about the frame that sent an IPC message (event.senderFrame). */
export interface SenderFrameInfo {
  url: string;
  /** true when the frame has no parent (senderFrame.parent === null). */
  isMainFrame: boolean;
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** Is `url` the app's own page (same file, or same dev-server origin)? */
export function isAppUrl(url: string, appUrl: string): boolean {
  const u = parseUrl(url);
  const app = parseUrl(appUrl);
  if (!u || !app) return false;
  if (app.protocol === 'file:') {
    // The exact index.html of the build: no other local file is the app.
    return u.protocol === 'file:' && u.host === app.host && u.pathname === app.pathname && !u.username && !u.password;
  }
  if (app.protocol === 'http:' || app.protocol === 'https:') {
    return u.origin === app.origin && !u.username && !u.password;
  }
  return false;
}

/** IPC is answered only for the app's own top-level document, never for iframes or other pages. */
export function isTrustedSender(frame: SenderFrameInfo | null | undefined, appUrl: string): boolean {
  if (!frame || typeof frame.url !== 'string') return false;
  return frame.isMainFrame === true && isAppUrl(frame.url, appUrl);
}

/** will-navigate / will-redirect / will-frame-navigate: only the app itself (reloads, hash routes). */
export function shouldAllowNavigation(url: string, appUrl: string): boolean {
  return isAppUrl(url, appUrl);
}

/**
 * A link the user may open in the system browser: plain http(s) to another site, without
 * credentials in the URL. Never file:, javascript:, data:, custom schemes (those can start
 * local programs through shell.openExternal).
 */
export function isExternalLink(url: string, appUrl: string): boolean {
  const u = parseUrl(url);
  if (!u) return false;
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return false;
  if (u.username || u.password || !u.hostname) return false;
  return !isAppUrl(url, appUrl);
}

export interface WindowOpenDecision {
  /** Always 'deny': the app never opens a second Electron window for web content. */
  action: 'deny';
  /** When true, main hands the URL to shell.openExternal (the system browser). */
  openExternally: boolean;
}

/**
 * setWindowOpenHandler: no new Electron windows, ever. An external http(s) link the user
 * clicked (target="_blank" / window.open) is shown in the system browser instead.
 */
export function windowOpenPolicy(url: string, appUrl: string): WindowOpenDecision {
  return { action: 'deny', openExternally: isExternalLink(url, appUrl) };
}

/**
 * session.setPermissionRequestHandler / setPermissionCheckHandler / setDevicePermissionHandler:
 * a sales ledger needs no camera, microphone, geolocation, notifications, USB, HID, serial,
 * MIDI, clipboard-read or fullscreen API; everything is refused.
 */
export function permissionRequestPolicy(_permission: string, _requestingUrl?: string): boolean {
  return false;
}

export const permissionCheckPolicy = permissionRequestPolicy;

/** <webview> is disabled in webPreferences; attaching one is refused as well. */
export function allowWebviewAttach(): boolean {
  return false;
}

/** Directive name → its source list, for comparing policies independent of spacing/order. */
export function parseCsp(policy: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of policy.split(';')) {
    const tokens = part.trim().split(/\s+/).filter(Boolean);
    const [name, ...sources] = tokens;
    if (name) map.set(name.toLowerCase(), sources.join(' '));
  }
  return map;
}

/**
 * The policy the <meta> tag in renderer/index.html must carry: the full policy minus
 * `frame-ancestors`, which browsers ignore in a meta element (it only works as a header).
 */
export const CSP_META_CONTENT = CONTENT_SECURITY_POLICY.split(';')
  .map((d) => d.trim())
  .filter((d) => d && !d.startsWith('frame-ancestors'))
  .join('; ');

/**
 * session.webRequest.onHeadersReceived: the app's own documents get the CSP as a header too
 * (covers frame-ancestors, and the dev server, which sends no CSP of its own). Other responses
 * are left as they are. Returns the headers to use.
 */
export function withCspHeader(
  url: string,
  resourceType: string,
  headers: Record<string, string[]> | undefined,
  appUrl: string,
): Record<string, string[]> {
  const out: Record<string, string[]> = { ...(headers ?? {}) };
  const isDocument = resourceType === 'mainFrame' || resourceType === 'subFrame';
  if (!isDocument || !isAppUrl(url, appUrl)) return out;
  for (const key of Object.keys(out)) {
    if (key.toLowerCase() === 'content-security-policy') delete out[key];
  }
  out['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  return out;
}

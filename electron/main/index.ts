/**
 * Electron main process: lifecycle, the one IPC door, security guards, menu.
 * The only main-side module that imports 'electron'; every decision it makes comes from the
 * pure, tested modules next to it (security.ts, window.ts, native-binding.ts, menu.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  type IpcMainInvokeEvent,
  ipcMain,
  Menu,
  type Session,
  session,
  shell,
  type WebContents,
} from 'electron';
import { EVENT_CHANNEL, RPC_CHANNEL } from '../../shared/preload-api';
import { fail, type Result } from '../../shared/result';
import { APP_VERSION } from '../../shared/version';
import { DatabaseOpenError } from '../db/connection';
import { APP_FOLDER, companyFiles } from '../services/paths';
import { createApp, type SalesDeskApp } from './create-app';
import { menuLanguage, menuTemplate } from './menu';
import { createElectronPdf } from './pdf-electron';
import { chooseNativeBinding } from './native-binding';
import {
  allowWebviewAttach,
  isAppUrl,
  isTrustedSender,
  permissionCheckPolicy,
  permissionRequestPolicy,
  type SenderFrameInfo,
  shouldAllowNavigation,
  windowOpenPolicy,
  withCspHeader,
} from './security';
import { companyFileErrorDialog, mainWindowOptions, type OpenErrorReason } from './window';

const here = path.dirname(fileURLToPath(import.meta.url)); // out/main
const preloadPath = path.join(here, '../preload/index.cjs');
const rendererIndex = path.join(here, '../renderer/index.html');
/** The electron-vite dev server; never honoured in a packaged app. */
const devServerUrl = !app.isPackaged && process.env.ELECTRON_RENDERER_URL ? process.env.ELECTRON_RENDERER_URL : undefined;
/** The one page that is "the app" for every security decision (see security.ts). */
const appUrl = devServerUrl ? new URL(devServerUrl).href : pathToFileURL(rendererIndex).href;

let salesdesk: SalesDeskApp | null = null;
let mainWindow: BrowserWindow | null = null;
let closing = false;

function log(message: string, error?: unknown): void {
  if (error === undefined) console.warn(`[main] ${message}`);
  else console.error(`[main] ${message}`, error);
}

// Same folder as electron/services/paths.ts defaultUserDataDir() (used by the preview host).
// SALESDESK_USER_DATA moves it for tests and smoke runs.
app.setPath('userData', process.env.SALESDESK_USER_DATA ? path.resolve(process.env.SALESDESK_USER_DATA) : path.join(app.getPath('appData'), APP_FOLDER));
// Every renderer is sandboxed, whatever its webPreferences say.
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // A second start only focuses the first window (one process owns the company file).
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  if (process.platform === 'win32') app.setAppUserModelId('com.salesdesk.app');
  installGuards();
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', (event) => {
    if (!salesdesk || closing) return;
    closing = true;
    event.preventDefault();
    const running = salesdesk;
    salesdesk = null;
    running
      .close()
      .catch((e: unknown) => log('closing the company file failed', e))
      .finally(() => app.quit());
  });
  start().catch((e: unknown) => {
    log('start-up failed', e);
    dialog.showErrorBox('SalesDesk', `SalesDesk could not start:\n${(e as Error)?.message ?? String(e)}`);
    app.exit(1);
  });
}

/** Guards for every web contents the app ever creates (windows, devtools, anything else). */
function installGuards(): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents));
}

function guardWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => {
    if (shouldAllowNavigation(event.url, appUrl)) return;
    event.preventDefault();
    log(`blocked navigation to ${event.url.slice(0, 200)}`);
  });
  contents.on('will-redirect', (event) => {
    if (shouldAllowNavigation(event.url, appUrl)) return;
    event.preventDefault();
    log(`blocked redirect to ${event.url.slice(0, 200)}`);
  });
  contents.setWindowOpenHandler(({ url }) => {
    const decision = windowOpenPolicy(url, appUrl);
    if (decision.openExternally) {
      shell.openExternal(url).catch((e: unknown) => log(`could not open ${url.slice(0, 200)} in the browser`, e));
    } else {
      log(`blocked window.open of ${url.slice(0, 200)}`);
    }
    return { action: decision.action };
  });
  contents.on('will-attach-webview', (event) => {
    if (!allowWebviewAttach()) event.preventDefault();
  });
  guardSession(contents.session);
}

const guardedSessions = new WeakSet<Session>();

function guardSession(ses: Session): void {
  if (guardedSessions.has(ses)) return;
  guardedSessions.add(ses);
  ses.setPermissionRequestHandler((_wc, permission, callback, details) => {
    const granted = permissionRequestPolicy(permission, details.requestingUrl);
    if (!granted) log(`denied permission request "${permission}"`);
    callback(granted);
  });
  ses.setPermissionCheckHandler((_wc, permission, requestingOrigin) => permissionCheckPolicy(permission, requestingOrigin));
  ses.setDevicePermissionHandler(() => false);
  // Production pages also get the CSP as a header (adds frame-ancestors). Not on the dev
  // server: there the meta tag alone governs, so the renderer's dev setup (Vite's inline
  // react-refresh preamble) can relax it for development without touching main.
  if (!devServerUrl) {
    ses.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: withCspHeader(details.url, details.resourceType, details.responseHeaders, appUrl) });
    });
  }
}

function senderFrameInfo(event: IpcMainInvokeEvent): SenderFrameInfo | null {
  try {
    const frame = event.senderFrame;
    return frame ? { url: frame.url, isMainFrame: frame.parent === null } : null;
  } catch {
    return null; // the frame was disposed (navigated away or destroyed) before we looked
  }
}

/** The one IPC door: sender check, then the router (which authenticates, authorises, parses). */
function registerIpc(): void {
  ipcMain.handle(RPC_CHANNEL, async (event, method: unknown, input: unknown, token: unknown): Promise<Result<unknown>> => {
    const frame = senderFrameInfo(event);
    if (!isTrustedSender(frame, appUrl)) {
      log(`refused IPC ${String(method).slice(0, 64)} from ${frame ? `${frame.isMainFrame ? 'main frame' : 'subframe'} ${frame.url.slice(0, 200)}` : 'a disposed frame'}`);
      return fail('FORBIDDEN', 'The request did not come from the SalesDesk window.');
    }
    if (!salesdesk) return fail('INTERNAL', 'SalesDesk is closing.');
    return salesdesk.router.call({ method: method as string, input, token: typeof token === 'string' ? token : null });
  });
}

/** `domain.changed` events to every app window. */
function forwardEvents(running: SalesDeskApp): void {
  running.events.subscribe((name, payload) => {
    for (const win of BrowserWindow.getAllWindows()) {
      if (win.isDestroyed()) continue;
      const wc = win.webContents;
      if (wc.isDestroyed() || !isAppUrl(wc.getURL(), appUrl)) continue;
      wc.send(EVENT_CHANNEL, name, payload);
    }
  });
}

function iconPath(): string | undefined {
  const file = app.isPackaged ? path.join(process.resourcesPath, 'icon.png') : path.join(app.getAppPath(), 'resources', 'icon.png');
  return fs.existsSync(file) ? file : undefined;
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions({ preload: preloadPath, icon: iconPath() }));
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  const loading = devServerUrl ? win.loadURL(devServerUrl) : win.loadFile(rendererIndex);
  loading.catch((e: unknown) => log(`could not load the renderer from ${appUrl}`, e));
  mainWindow = win;
  return win;
}

function openDataFolder(): void {
  shell.openPath(app.getPath('userData')).then((error) => {
    if (error) log(`could not open the data folder: ${error}`);
  });
}

function showAbout(): void {
  const options = {
    type: 'info' as const,
    title: 'SalesDesk',
    message: `SalesDesk ${APP_VERSION}`,
    detail: `Electron ${process.versions.electron} · Chromium ${process.versions.chrome} · Node ${process.versions.node}\n${app.getPath('userData')}`,
  };
  const parent = BrowserWindow.getFocusedWindow();
  void (parent ? dialog.showMessageBox(parent, options) : dialog.showMessageBox(options));
}

async function showOpenError(error: unknown): Promise<void> {
  const reason: OpenErrorReason | 'unknown' = error instanceof DatabaseOpenError ? error.reason : 'unknown';
  const text = companyFileErrorDialog(reason, (error as Error)?.message ?? String(error), app.getPath('userData'));
  const { response } = await dialog.showMessageBox({
    type: 'error',
    title: text.title,
    message: text.message,
    detail: text.detail,
    buttons: ['打开数据文件夹 / Open data folder', '退出 / Quit'],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  });
  if (response === 0) await shell.openPath(app.getPath('userData'));
}

async function start(): Promise<void> {
  await app.whenReady();
  guardSession(session.defaultSession);
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate({ language: menuLanguage(app.getLocale()), isPackaged: app.isPackaged, platform: process.platform, openDataFolder, showAbout }),
    ),
  );
  const native = chooseNativeBinding({ isPackaged: app.isPackaged, appRoot: app.getAppPath() });
  if (native.warning) log(native.warning);
  const files = companyFiles(app.getPath('userData'));
  try {
    // Statement batches go where a clerk looks for documents, not into the hidden userData folder.
    const documentsDir = path.join(app.getPath('documents'), 'SalesDesk');
    salesdesk = await createApp({ ...files, nativeBinding: native.path, pdf: createElectronPdf(), documentsDir, log: (message, error) => log(message, error) });
  } catch (e) {
    log('could not open the company file', e);
    await showOpenError(e);
    app.exit(1);
    return;
  }
  registerIpc();
  forwardEvents(salesdesk);
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0 && salesdesk) createWindow();
  });
}

/**
 * The main window's options and the start-up error text, as plain data so that tests can
 * assert them without Electron. Only type imports from 'electron' (erased at build time).
 */
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

/** The renderer is untrusted web content: isolated, sandboxed, no Node, no webviews. */
export function windowWebPreferences(preload: string) {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    preload,
  } as const satisfies WebPreferences;
}

export interface MainWindowOptionsInput {
  preload: string;
  /** PNG icon for Linux/Windows windows (macOS takes the bundle icon). */
  icon?: string;
}

export function mainWindowOptions(input: MainWindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    title: 'SalesDesk',
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 640,
    show: false, // shown on 'ready-to-show' to avoid a white flash
    backgroundColor: '#ffffff',
    ...(input.icon ? { icon: input.icon } : {}),
    webPreferences: windowWebPreferences(input.preload),
  };
}

export type OpenErrorReason = 'not_a_database' | 'integrity' | 'newer_version' | 'io';

export interface OpenErrorDialog {
  title: string;
  message: string;
  detail: string;
}

/**
 * What the user reads when the company file cannot be opened (DatabaseOpenError). Bilingual:
 * the error can happen before the user's language setting (stored in that file) is known.
 */
export function companyFileErrorDialog(reason: OpenErrorReason | 'unknown', errorMessage: string, file: string): OpenErrorDialog {
  const title = '无法打开公司文件 / Cannot open the company file';
  const lines: Record<OpenErrorReason | 'unknown', [string, string]> = {
    not_a_database: ['该文件不是 SalesDesk 公司文件，或已损坏。', 'The file is not a SalesDesk company file, or it is damaged.'],
    integrity: ['公司文件已损坏，请从 backups 文件夹中的备份恢复。', 'The company file is damaged; restore it from a copy in the backups folder.'],
    newer_version: ['该公司文件由更新版本的 SalesDesk 创建，请先升级 SalesDesk。', 'The company file was written by a newer SalesDesk; update SalesDesk first.'],
    io: ['无法读取公司文件（权限、磁盘或数据库组件问题）。', 'The company file could not be read (permissions, disk, or the database component).'],
    unknown: ['打开公司文件时发生意外错误。', 'An unexpected error occurred while opening the company file.'],
  };
  const [zh, en] = lines[reason];
  const abiHint = /NODE_MODULE_VERSION|was compiled against a different Node\.js version/i.test(errorMessage)
    ? '\n\nbetter-sqlite3 was built for Node, not for Electron. Start the app with `npm start` (it builds the Electron copy), or run `node scripts/ensure-electron-native.mjs`.'
    : '';
  return {
    title,
    message: `${zh}\n${en}`,
    detail: `${file}\n\n${errorMessage}${abiHint}`,
  };
}

/**
 * The application menu as a template (no Electron import; index.ts builds it with
 * Menu.buildFromTemplate). Minimal: 文件 / 编辑 / 视图 / 帮助 (File / Edit / View / Help),
 * Chinese when the system locale is Chinese, English otherwise. DevTools and reload appear
 * only in development builds.
 */
import type { MenuItemConstructorOptions } from 'electron';

export type MenuLanguage = 'zh' | 'en';

export function menuLanguage(locale: string): MenuLanguage {
  return /^zh\b/i.test(locale) ? 'zh' : 'en';
}

const LABELS = {
  zh: {
    file: '文件',
    openDataFolder: '打开数据文件夹',
    quit: '退出',
    edit: '编辑',
    undo: '撤销',
    redo: '重做',
    cut: '剪切',
    copy: '复制',
    paste: '粘贴',
    selectAll: '全选',
    view: '视图',
    reload: '重新加载',
    devTools: '开发者工具',
    resetZoom: '实际大小',
    zoomIn: '放大',
    zoomOut: '缩小',
    fullscreen: '全屏',
    help: '帮助',
    about: '关于 SalesDesk',
  },
  en: {
    file: 'File',
    openDataFolder: 'Open Data Folder',
    quit: 'Quit',
    edit: 'Edit',
    undo: 'Undo',
    redo: 'Redo',
    cut: 'Cut',
    copy: 'Copy',
    paste: 'Paste',
    selectAll: 'Select All',
    view: 'View',
    reload: 'Reload',
    devTools: 'Developer Tools',
    resetZoom: 'Actual Size',
    zoomIn: 'Zoom In',
    zoomOut: 'Zoom Out',
    fullscreen: 'Toggle Full Screen',
    help: 'Help',
    about: 'About SalesDesk',
  },
} as const;

export interface MenuOptions {
  language: MenuLanguage;
  /** app.isPackaged: packaged builds get no reload and no DevTools entries. */
  isPackaged: boolean;
  platform: NodeJS.Platform;
  openDataFolder: () => void;
  showAbout: () => void;
}

export function menuTemplate(opts: MenuOptions): MenuItemConstructorOptions[] {
  const t = LABELS[opts.language];
  const isMac = opts.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [];
  if (isMac) template.push({ role: 'appMenu' });
  template.push({
    label: t.file,
    submenu: [{ label: t.openDataFolder, click: () => opts.openDataFolder() }, ...(isMac ? [] : [{ type: 'separator' as const }, { label: t.quit, role: 'quit' as const }])],
  });
  template.push({
    label: t.edit,
    submenu: [
      { label: t.undo, role: 'undo' },
      { label: t.redo, role: 'redo' },
      { type: 'separator' },
      { label: t.cut, role: 'cut' },
      { label: t.copy, role: 'copy' },
      { label: t.paste, role: 'paste' },
      { label: t.selectAll, role: 'selectAll' },
    ],
  });
  const devItems: MenuItemConstructorOptions[] = opts.isPackaged
    ? []
    : [{ label: t.reload, role: 'reload' }, { label: t.devTools, role: 'toggleDevTools' }, { type: 'separator' }];
  template.push({
    label: t.view,
    submenu: [
      ...devItems,
      { label: t.resetZoom, role: 'resetZoom' },
      { label: t.zoomIn, role: 'zoomIn' },
      { label: t.zoomOut, role: 'zoomOut' },
      { type: 'separator' },
      { label: t.fullscreen, role: 'togglefullscreen' },
    ],
  });
  template.push({ label: t.help, role: 'help', submenu: [{ label: t.about, click: () => opts.showAbout() }] });
  return template;
}

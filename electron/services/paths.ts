/** Where SalesDesk keeps its files: the same folder Electron's app.getPath('userData') gives for "SalesDesk". */
import os from 'node:os';
import path from 'node:path';

export const APP_FOLDER = 'SalesDesk';

export function defaultUserDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), APP_FOLDER);
  if (platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', APP_FOLDER);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), APP_FOLDER);
}

export function companyFiles(dataDir: string) {
  return {
    mainFile: path.join(dataDir, 'salesdesk.sqlite'),
    demoFile: path.join(dataDir, 'salesdesk-demo.sqlite'),
    stateFile: path.join(dataDir, 'workspace.json'),
  };
}

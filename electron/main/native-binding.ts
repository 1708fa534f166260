/**
 * Which better_sqlite3.node the Electron main process loads (no Electron import; tested in
 * tests/unit/native-binding.test.ts). See docs/native-modules.md.
 *
 * node_modules/better-sqlite3/build holds the build for Node's ABI (used by `npm test`).
 * Electron has its own ABI (process.versions.modules differs), so in development the app uses
 * a second build that scripts/ensure-electron-native.mjs puts in
 *   .native/electron-<modules>-<platform>-<arch>/better_sqlite3.node
 * In a packaged app electron-builder has rebuilt node_modules/better-sqlite3 for Electron
 * (npmRebuild), so the default lookup is right and this returns undefined.
 */
import fs from 'node:fs';
import path from 'node:path';

export const NATIVE_DIR = '.native';
export const NATIVE_FILE = 'better_sqlite3.node';
/**
 * Points a development run at a specific better_sqlite3.node (diagnostics). Ignored in a
 * packaged app: loading native code named by an environment variable would undo the fuses
 * that turn off ELECTRON_RUN_AS_NODE and NODE_OPTIONS (see electron-builder.yml).
 */
export const NATIVE_BINDING_ENV = 'SALESDESK_NATIVE_BINDING';

export interface RuntimeAbi {
  /** process.versions.modules of the runtime that will load the file (Electron's, in main). */
  modules: string;
  platform: string;
  arch: string;
}

/** `electron-<modules>-<platform>-<arch>`; scripts/ensure-electron-native.mjs uses the same name. */
export function nativeBindingDirName(abi: RuntimeAbi): string {
  return `electron-${abi.modules}-${abi.platform}-${abi.arch}`;
}

export function devNativeBindingPath(appRoot: string, abi: RuntimeAbi): string {
  return path.join(appRoot, NATIVE_DIR, nativeBindingDirName(abi), NATIVE_FILE);
}

export interface ResolveNativeBindingOptions {
  /** app.isPackaged */
  isPackaged: boolean;
  /** app.getAppPath(): the repository root in development (the folder holding package.json). */
  appRoot: string;
  abi?: RuntimeAbi;
  env?: NodeJS.ProcessEnv;
  exists?: (file: string) => boolean;
}

export type NativeBindingSource = 'env' | 'dev-build' | 'default';

export interface NativeBindingChoice {
  /** Path for better-sqlite3's `nativeBinding` option; undefined = its default lookup. */
  path: string | undefined;
  source: NativeBindingSource;
  /** Set when a development run has no Electron build: what the user should do. */
  warning?: string;
}

export function currentAbi(): RuntimeAbi {
  return { modules: process.versions.modules, platform: process.platform, arch: process.arch };
}

export function chooseNativeBinding(opts: ResolveNativeBindingOptions): NativeBindingChoice {
  const env = opts.env ?? process.env;
  const exists = opts.exists ?? ((f: string) => fs.existsSync(f));
  if (opts.isPackaged) return { path: undefined, source: 'default' };
  const override = env[NATIVE_BINDING_ENV];
  if (override) {
    const file = path.resolve(override);
    if (exists(file)) return { path: file, source: 'env' };
    return { path: undefined, source: 'default', warning: `${NATIVE_BINDING_ENV}=${override} does not exist; using the default better-sqlite3 build.` };
  }
  const abi = opts.abi ?? currentAbi();
  const dev = devNativeBindingPath(opts.appRoot, abi);
  if (exists(dev)) return { path: dev, source: 'dev-build' };
  return {
    path: undefined,
    source: 'default',
    warning: `No better-sqlite3 build for this Electron (ABI ${abi.modules}) at ${dev}; run \`node scripts/ensure-electron-native.mjs\` or start the app with \`npm start\`.`,
  };
}

/** The `nativeBinding` to pass to createApp(). */
export function resolveNativeBinding(opts: ResolveNativeBindingOptions): string | undefined {
  return chooseNativeBinding(opts).path;
}

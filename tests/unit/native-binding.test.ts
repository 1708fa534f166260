/**
 * Which better_sqlite3.node the Electron app loads (electron/main/native-binding.ts) and the
 * script that builds it (scripts/ensure-electron-native.mjs), without Electron: a small shell
 * shim stands in for the Electron binary and answers as Node (ELECTRON_RUN_AS_NODE style).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chooseNativeBinding,
  currentAbi,
  devNativeBindingPath,
  NATIVE_BINDING_ENV,
  nativeBindingDirName,
  resolveNativeBinding,
} from '../../electron/main/native-binding';
import { companyFileErrorDialog } from '../../electron/main/window';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ABI = { modules: '150', platform: 'linux', arch: 'x64' };

interface EnsureScript {
  nativeDirName(abi: { modules: string; platform: string; arch: string }): string;
  findElectron(root: string, env: NodeJS.ProcessEnv): { path: string | null; reason?: string };
  targetFor(root: string, runtime: { modules: string; platform: string; arch: string }): { dir: string; file: string; stamp: string };
  ensureElectronNative(opts: {
    root: string;
    electronPath: string;
    force?: boolean;
    log?: (m: string) => void;
    build?: (args: { srcDir: string; work: string }) => Promise<string>;
  }): Promise<string>;
}
let script: EnsureScript;
let tmp: string;

beforeAll(async () => {
  script = (await import(pathToFileURL(path.join(root, 'scripts/ensure-electron-native.mjs')).href)) as EnsureScript;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-native-'));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('native binding path', () => {
  it.each([
    [{ modules: '150', platform: 'linux', arch: 'x64' }, 'electron-150-linux-x64'],
    [{ modules: '143', platform: 'win32', arch: 'x64' }, 'electron-143-win32-x64'],
    [{ modules: '150', platform: 'darwin', arch: 'arm64' }, 'electron-150-darwin-arm64'],
  ])('%o → %s, the same in the app and in the build script', (abi, name) => {
    expect(nativeBindingDirName(abi)).toBe(name);
    expect(script.nativeDirName(abi)).toBe(name);
  });

  it('lives under .native/ of the app root', () => {
    expect(devNativeBindingPath('/repo', ABI)).toBe(path.join('/repo', '.native', 'electron-150-linux-x64', 'better_sqlite3.node'));
    expect(script.targetFor('/repo', ABI).file).toBe(devNativeBindingPath('/repo', ABI));
  });

  it('currentAbi describes this process', () => {
    expect(currentAbi()).toEqual({ modules: process.versions.modules, platform: process.platform, arch: process.arch });
  });
});

describe('chooseNativeBinding', () => {
  const dev = devNativeBindingPath('/repo', ABI);
  const base = { appRoot: '/repo', abi: ABI, env: {} as NodeJS.ProcessEnv };

  it.each([
    ['packaged: electron-builder rebuilt node_modules, use the default', { ...base, isPackaged: true }, [dev], undefined, 'default'],
    ['packaged ignores the env override', { ...base, isPackaged: true, env: { [NATIVE_BINDING_ENV]: '/x/b.node' } }, ['/x/b.node'], undefined, 'default'],
    ['development with the Electron build present', { ...base, isPackaged: false }, [dev], dev, 'dev-build'],
    ['development without it: default (and a warning)', { ...base, isPackaged: false }, [], undefined, 'default'],
    ['development with an existing override', { ...base, isPackaged: false, env: { [NATIVE_BINDING_ENV]: '/x/b.node' } }, ['/x/b.node', dev], path.resolve('/x/b.node'), 'env'],
    ['development with a missing override falls back to the default', { ...base, isPackaged: false, env: { [NATIVE_BINDING_ENV]: '/x/none.node' } }, [dev], undefined, 'default'],
  ] as const)('%s', (_name, opts, existing, expected, source) => {
    const present = new Set<string>(existing.map((f) => path.resolve(f)));
    const choice = chooseNativeBinding({ ...opts, exists: (f) => present.has(path.resolve(f)) });
    expect(choice.path).toBe(expected);
    expect(choice.source).toBe(source);
    expect(resolveNativeBinding({ ...opts, exists: (f) => present.has(path.resolve(f)) })).toBe(expected);
  });

  it('the warning tells the developer what to run', () => {
    const choice = chooseNativeBinding({ ...base, isPackaged: false, exists: () => false });
    expect(choice.warning).toMatch(/ensure-electron-native\.mjs|npm start/);
    expect(choice.warning).toContain(dev);
  });

  it('an ABI mismatch at open time gets the same hint in the error dialog', () => {
    const msg = "The module '/repo/node_modules/better-sqlite3/build/Release/better_sqlite3.node' was compiled against a different Node.js version using NODE_MODULE_VERSION 115. This version of Node.js requires NODE_MODULE_VERSION 150.";
    const d = companyFileErrorDialog('io', msg, '/home/u/.config/SalesDesk');
    expect(d.detail).toContain('npm start');
    expect(d.message).toMatch(/无法读取公司文件/);
    expect(companyFileErrorDialog('newer_version', 'schema 9 > 3', '/d').message).toMatch(/newer SalesDesk/);
    expect(companyFileErrorDialog('integrity', 'x', '/d').detail).not.toContain('npm start');
  });
});

describe('findElectron (no require("electron"): that would try to download)', () => {
  function fakeElectronPackage(name: string, opts: { pathTxt?: string; binary?: boolean }) {
    const dir = path.join(tmp, name);
    const pkg = path.join(dir, 'node_modules', 'electron');
    fs.mkdirSync(pkg, { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"x"}');
    fs.writeFileSync(path.join(pkg, 'package.json'), '{"name":"electron","version":"45.0.0"}');
    if (opts.pathTxt !== undefined) fs.writeFileSync(path.join(pkg, 'path.txt'), opts.pathTxt);
    if (opts.binary && opts.pathTxt) {
      fs.mkdirSync(path.join(pkg, 'dist'), { recursive: true });
      fs.writeFileSync(path.join(pkg, 'dist', opts.pathTxt), '');
    }
    return dir;
  }

  it('no binary downloaded (no path.txt)', () => {
    expect(script.findElectron(fakeElectronPackage('a', {}), {})).toEqual({ path: null, reason: 'its binary could not be downloaded' });
  });

  it('path.txt but the file is gone', () => {
    expect(script.findElectron(fakeElectronPackage('b', { pathTxt: 'electron' }), {}).path).toBeNull();
  });

  it('binary present', () => {
    const dir = fakeElectronPackage('c', { pathTxt: 'electron', binary: true });
    expect(script.findElectron(dir, {}).path).toBe(path.join(dir, 'node_modules', 'electron', 'dist', 'electron'));
  });

  it('ELECTRON_EXEC_PATH wins when it exists', () => {
    const dir = fakeElectronPackage('d', {});
    const exe = path.join(tmp, 'my-electron');
    fs.writeFileSync(exe, '');
    expect(script.findElectron(dir, { ELECTRON_EXEC_PATH: exe }).path).toBe(exe);
    expect(script.findElectron(dir, { ELECTRON_EXEC_PATH: `${exe}-missing` }).path).toBeNull();
  });
});

describe.skipIf(process.platform === 'win32')('ensureElectronNative (Electron played by Node)', () => {
  const nodeBuild = path.join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
  const sha = (f: string) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex');

  function fakeProject() {
    const dir = fs.mkdtempSync(path.join(tmp, 'proj-'));
    fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"x"}');
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    // The "Electron" binary: answers the ABI probe with a fake version, runs everything else as Node.
    const shim = path.join(dir, 'electron-shim');
    const probe = JSON.stringify({ electron: '0.0.0-test', modules: process.versions.modules, platform: process.platform, arch: process.arch });
    fs.writeFileSync(shim, `#!/bin/sh\ncase "$2" in *versions.modules*) printf '%s' '${probe}'; exit 0;; esac\nexec "${process.execPath}" "$@"\n`, { mode: 0o755 });
    return { dir, shim };
  }

  it('builds once into .native/, verifies it loads, skips next time, and leaves node_modules alone', async () => {
    const before = sha(nodeBuild);
    const { dir, shim } = fakeProject();
    const builds: string[] = [];
    const build = async ({ work }: { srcDir: string; work: string }) => {
      builds.push(work);
      expect(path.dirname(work)).toBe(path.join(dir, '.native')); // scratch space, not node_modules
      return nodeBuild; // for the Node "Electron", the Node build is the right ABI
    };
    const file = await script.ensureElectronNative({ root: dir, electronPath: shim, build, log: () => {} });
    const abi = { modules: process.versions.modules, platform: process.platform, arch: process.arch };
    expect(file).toBe(devNativeBindingPath(dir, abi));
    expect(fs.existsSync(file)).toBe(true);
    const stamp = JSON.parse(fs.readFileSync(path.join(path.dirname(file), 'build.json'), 'utf8'));
    expect(stamp).toMatchObject({ electron: '0.0.0-test', modules: process.versions.modules, betterSqlite3: expect.any(String), sqlite: expect.stringMatching(/^3\./) });
    expect(fs.readdirSync(path.join(dir, '.native')).filter((f) => f.startsWith('.work-'))).toEqual([]);

    await script.ensureElectronNative({ root: dir, electronPath: shim, build, log: () => {} });
    expect(builds).toHaveLength(1); // already there for this Electron + better-sqlite3

    await script.ensureElectronNative({ root: dir, electronPath: shim, build, log: () => {}, force: true });
    expect(builds).toHaveLength(2);

    expect(sha(nodeBuild)).toBe(before);
    // The app side finds it.
    expect(chooseNativeBinding({ isPackaged: false, appRoot: dir, abi, env: {} })).toMatchObject({ path: file, source: 'dev-build' });
  });

  it('refuses a build that the runtime cannot load, and leaves nothing behind', async () => {
    const { dir, shim } = fakeProject();
    const bogus = path.join(dir, 'bogus.node');
    fs.writeFileSync(bogus, 'not a shared object');
    await expect(script.ensureElectronNative({ root: dir, electronPath: shim, build: async () => bogus, log: () => {} })).rejects.toThrow(/cannot load/);
    const target = script.targetFor(dir, { modules: process.versions.modules, platform: process.platform, arch: process.arch });
    expect(fs.existsSync(target.file)).toBe(false);
    expect(fs.existsSync(target.dir) ? fs.readdirSync(target.dir) : []).toEqual([]);
  });
});

#!/usr/bin/env node
/**
 * Makes sure a better_sqlite3.node built for the installed Electron exists at
 *   .native/electron-<modules>-<platform>-<arch>/better_sqlite3.node
 * (the path electron/main/native-binding.ts looks for), WITHOUT touching
 * node_modules/better-sqlite3/build, which stays the Node build that `npm test` loads.
 *
 * How: copy node_modules/better-sqlite3 (without its build/) into a scratch project under
 * .native/, run @electron/rebuild on that copy only (prebuilt download first, node-gyp with
 * Electron's headers otherwise), check that Electron can load the result, then move the .node
 * file into place. Skipped when the file for this Electron and this better-sqlite3 exists.
 *
 * Usage: node scripts/ensure-electron-native.mjs [--force]
 * See docs/native-modules.md.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const NATIVE_DIR = '.native';
export const NATIVE_FILE = 'better_sqlite3.node';

/** Same naming as electron/main/native-binding.ts nativeBindingDirName (a test keeps them equal). */
export function nativeDirName({ modules, platform, arch }) {
  return `electron-${modules}-${platform}-${arch}`;
}

/**
 * The Electron executable of node_modules/electron, or null with the reason. Reads the
 * package's path.txt instead of require('electron'): that require tries to download the
 * binary when it is missing, which is slow and fails offline.
 */
export function findElectron(root = ROOT, env = process.env) {
  if (env.ELECTRON_EXEC_PATH) {
    return fs.existsSync(env.ELECTRON_EXEC_PATH) ? { path: env.ELECTRON_EXEC_PATH } : { path: null, reason: `ELECTRON_EXEC_PATH ${env.ELECTRON_EXEC_PATH} does not exist` };
  }
  let pkgDir;
  try {
    pkgDir = path.dirname(createRequire(path.join(root, 'package.json')).resolve('electron/package.json'));
  } catch {
    return { path: null, reason: 'the electron package is not installed' };
  }
  const pathFile = path.join(pkgDir, 'path.txt');
  const relative = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : '';
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const file = path.join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron');
    return fs.existsSync(file) ? { path: file } : { path: null, reason: `no Electron binary at ${file}` };
  }
  if (!relative) return { path: null, reason: 'its binary could not be downloaded' };
  const file = path.join(pkgDir, 'dist', relative);
  return fs.existsSync(file) ? { path: file } : { path: null, reason: 'its binary could not be downloaded' };
}

/** Electron's own view of its ABI, asked from the binary (ELECTRON_RUN_AS_NODE). */
export function electronRuntime(electronPath, root = ROOT) {
  const probe = spawnSync(
    electronPath,
    ['-e', 'process.stdout.write(JSON.stringify({electron:process.versions.electron,modules:process.versions.modules,platform:process.platform,arch:process.arch}))'],
    { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, encoding: 'utf8', timeout: 60_000 },
  );
  if (probe.status === 0 && probe.stdout) {
    try {
      return JSON.parse(probe.stdout);
    } catch {
      /* fall through */
    }
  }
  // Fallback: what the npm package says (abi_version ships with electron >= 33).
  const require = createRequire(path.join(root, 'package.json'));
  const pkgDir = path.dirname(require.resolve('electron/package.json'));
  const version = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;
  const abiFile = path.join(pkgDir, 'abi_version');
  if (!fs.existsSync(abiFile)) throw new Error(`cannot tell Electron ${version}'s ABI (the binary did not answer and abi_version is missing)`);
  return { electron: version, modules: fs.readFileSync(abiFile, 'utf8').trim(), platform: process.platform, arch: process.arch };
}

function betterSqliteDir(root) {
  return path.dirname(createRequire(path.join(root, 'package.json')).resolve('better-sqlite3/package.json'));
}

export function targetFor(root, runtime) {
  const dir = path.join(root, NATIVE_DIR, nativeDirName(runtime));
  return { dir, file: path.join(dir, NATIVE_FILE), stamp: path.join(dir, 'build.json') };
}

/** Loads the built file in Electron-as-Node and runs one query; throws if it does not load. */
function verify(electronPath, root, nativeFile) {
  const lib = path.join(betterSqliteDir(root), 'lib', 'index.js');
  const script = `const D=require(${JSON.stringify(lib)});const db=new D(':memory:',{nativeBinding:${JSON.stringify(nativeFile)}});process.stdout.write(db.prepare('select sqlite_version() v').get().v);db.close();`;
  const res = spawnSync(electronPath, ['-e', script], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, encoding: 'utf8', timeout: 60_000 });
  if (res.status !== 0) throw new Error(`Electron cannot load ${nativeFile}:\n${res.stderr || res.stdout}`);
  return res.stdout.trim();
}

/**
 * Ensures the Electron build exists; returns its path. `build` is injectable for tests
 * (default: @electron/rebuild on a scratch copy).
 */
export async function ensureElectronNative({ root = ROOT, electronPath, force = false, log = console.log, build = rebuildCopy, check = verify } = {}) {
  const found = electronPath ? { path: electronPath } : findElectron(root);
  if (!found.path) throw new Error(`Electron is not available (${found.reason}); nothing to build for.`);
  const runtime = electronRuntime(found.path, root);
  const srcDir = betterSqliteDir(root);
  const bsqVersion = JSON.parse(fs.readFileSync(path.join(srcDir, 'package.json'), 'utf8')).version;
  const target = targetFor(root, runtime);
  const want = { electron: runtime.electron, modules: String(runtime.modules), platform: runtime.platform, arch: runtime.arch, betterSqlite3: bsqVersion };
  if (!force && fs.existsSync(target.file) && fs.existsSync(target.stamp)) {
    try {
      const have = JSON.parse(fs.readFileSync(target.stamp, 'utf8'));
      if (have.electron === want.electron && have.betterSqlite3 === want.betterSqlite3) return target.file;
    } catch {
      /* rebuild */
    }
  }
  log(`Building better-sqlite3 ${bsqVersion} for Electron ${runtime.electron} (ABI ${runtime.modules}, ${runtime.platform}-${runtime.arch}); node_modules stays the Node build…`);
  const work = path.join(root, NATIVE_DIR, `.work-${process.pid}-${Date.now()}`);
  try {
    const built = await build({ srcDir, work, runtime, version: bsqVersion });
    fs.mkdirSync(target.dir, { recursive: true });
    // better-sqlite3 appends '.node' to a nativeBinding path that lacks it, so keep the extension.
    const tmp = path.join(target.dir, `better_sqlite3.${process.pid}.tmp.node`);
    fs.copyFileSync(built, tmp);
    const sqliteVersion = check(found.path, root, tmp);
    fs.renameSync(tmp, target.file); // atomic on the same volume: a second start never sees half a file
    fs.writeFileSync(target.stamp, `${JSON.stringify({ ...want, sqlite: sqliteVersion, builtAt: new Date().toISOString() }, null, 2)}\n`);
    log(`Electron build of better-sqlite3 ready: ${path.relative(root, target.file)}`);
    return target.file;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
    for (const f of fs.existsSync(target.dir) ? fs.readdirSync(target.dir) : []) {
      if (f.endsWith('.tmp.node')) fs.rmSync(path.join(target.dir, f), { force: true });
    }
  }
}

/** @electron/rebuild on a copy of better-sqlite3 in a scratch project; returns the built .node. */
async function rebuildCopy({ srcDir, work, runtime, version }) {
  const moduleDir = path.join(work, 'node_modules', 'better-sqlite3');
  fs.mkdirSync(path.dirname(moduleDir), { recursive: true });
  fs.cpSync(srcDir, moduleDir, {
    recursive: true,
    filter: (src) => {
      const rel = path.relative(srcDir, src);
      return rel !== 'build' && !rel.startsWith(`build${path.sep}`) && rel !== 'node_modules' && !rel.startsWith(`node_modules${path.sep}`);
    },
  });
  fs.writeFileSync(path.join(work, 'package.json'), JSON.stringify({ name: 'salesdesk-native-build', private: true, dependencies: { 'better-sqlite3': version } }));
  // A user/CI `nodedir` setting would make node-gyp compile against Node's headers instead of
  // Electron's, silently producing the wrong ABI.
  for (const key of Object.keys(process.env)) {
    if (/^npm_config_(nodedir|target|runtime|disturl|dist_url)$/i.test(key)) delete process.env[key];
  }
  const { rebuild } = await import(pathToFileURL(createRequire(path.join(ROOT, 'package.json')).resolve('@electron/rebuild')).href);
  await rebuild({
    buildPath: work,
    projectRootPath: work, // never walk up to the real node_modules/better-sqlite3
    electronVersion: runtime.electron,
    arch: runtime.arch,
    onlyModules: ['better-sqlite3'],
    force: true,
    mode: 'sequential',
  });
  const built = path.join(moduleDir, 'build', 'Release', NATIVE_FILE);
  if (!fs.existsSync(built)) throw new Error(`@electron/rebuild finished but ${built} is missing`);
  return built;
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const force = process.argv.includes('--force');
  const electron = findElectron();
  if (!electron.path) {
    console.log(`Electron is not available on this machine (${electron.reason}); no Electron build of better-sqlite3 is needed.`);
    process.exit(0);
  }
  ensureElectronNative({ electronPath: electron.path, force }).then(
    (file) => console.log(file),
    (e) => {
      console.error(`Could not build better-sqlite3 for Electron: ${e?.message ?? e}`);
      process.exit(1);
    },
  );
}

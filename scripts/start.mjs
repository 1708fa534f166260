#!/usr/bin/env node
/**
 * `npm start [-- --browser] [-- preview options]`
 *  1. builds with electron-vite when out/ is missing or older than the sources;
 *  2. if Electron can run here (binary downloaded; on Linux a DISPLAY/WAYLAND_DISPLAY), makes
 *     sure better-sqlite3 is built for Electron (.native/, see ensure-electron-native.mjs) and
 *     launches Electron on out/main;
 *  3. otherwise says so in one sentence, starts the browser preview host (as `npm run
 *     preview`) and opens the default browser when there is one.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureElectronNative, findElectron } from './ensure-electron-native.mjs';
import { buildApp, startPreviewHost } from './preview.mjs';
import { ROOT } from './run-ts.mjs';

const DEFAULT_PORT = '5310';
const OUTPUTS = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'];
const SOURCES = ['electron', 'shared', 'renderer', 'resources', 'electron.vite.config.ts', 'package.json'];

function newestMtime(p) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(p, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(path.join(p, entry.name)));
  }
  return newest;
}

/** Missing outputs, or a source newer than the oldest output. */
export function buildIsStale(root = ROOT) {
  const outputs = OUTPUTS.map((f) => path.join(root, f));
  if (outputs.some((f) => !fs.existsSync(f))) return true;
  const oldestOutput = Math.min(...outputs.map((f) => fs.statSync(f).mtimeMs));
  return Math.max(...SOURCES.map((s) => newestMtime(path.join(root, s)))) > oldestOutput;
}

/** Why Electron cannot show a window here, or null when it can. */
export function electronUnavailable(env = process.env, platform = process.platform) {
  const electron = findElectron(ROOT, env);
  if (!electron.path) return { sentence: `Electron is not available on this machine (${electron.reason})` };
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return { sentence: 'Electron cannot open a window here (there is no DISPLAY or WAYLAND_DISPLAY)' };
  }
  return { electronPath: electron.path };
}

/** Opens the URL in the default browser; silently does nothing when there is none. */
export function openBrowser(url, env = process.env, platform = process.platform) {
  if (env.CI || env.SALESDESK_NO_BROWSER) return false;
  let cmd;
  let args;
  if (platform === 'win32') [cmd, args] = ['cmd', ['/c', 'start', '""', url]];
  else if (platform === 'darwin') [cmd, args] = ['open', [url]];
  else {
    // Without a display xdg-open would fall back to a text browser inside this terminal.
    if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return false;
    [cmd, args] = ['xdg-open', [url]];
  }
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true, windowsVerbatimArguments: platform === 'win32' });
    child.on('error', () => {});
    child.unref();
    return true;
  } catch {
    return false;
  }
}

function withoutFlag(args, flag) {
  return args.filter((a) => a !== flag);
}

function hasOption(args, name) {
  return args.some((a) => a === name || a.startsWith(`${name}=`));
}

/** The child being run (preview host or Electron), for signal forwarding. */
let current = null;
function forward(signal) {
  if (current && current.exitCode === null && current.signalCode === null) current.kill(signal);
}
function forwardSignals() {
  // Ctrl+C in a terminal reaches the child too; pass SIGINT on only if it was sent to us alone.
  process.on('SIGINT', () => setTimeout(() => forward('SIGINT'), 1000).unref());
  process.on('SIGTERM', () => forward('SIGTERM'));
  if (process.platform !== 'win32') process.on('SIGHUP', () => forward('SIGHUP'));
}

/** One run of the preview host; resolves when it exits. Prints the sentence once it listens. */
function runPreviewHost(sentence, hostArgs) {
  return new Promise((resolve) => {
    const child = startPreviewHost(hostArgs, { stdio: ['inherit', 'pipe', 'pipe'] });
    current = child;
    let announced = false;
    let stderr = '';
    let buffered = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      if (announced) return void process.stdout.write(chunk);
      buffered += chunk;
      const m = /SalesDesk preview: (\S+)\s*(?:\(company file: (.*)\))?\r?\n/.exec(buffered);
      if (!m) return;
      announced = true;
      console.log(`${sentence}, so SalesDesk opens in your browser instead: ${m[1]}`);
      console.log(`  (company file: ${m[2] ?? 'default'}; press Ctrl+C to stop)`);
      const rest = buffered.slice(m.index + m[0].length);
      if (rest) process.stdout.write(rest);
      if (stderr) process.stderr.write(stderr);
      openBrowser(m[1]);
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      // Held back until the host listens, so a taken default port (retried below) stays quiet.
      if (announced) process.stderr.write(chunk);
      else stderr += chunk;
    });
    child.on('error', (e) => resolve({ code: 1, announced, addressInUse: false, error: e }));
    child.on('exit', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), announced, addressInUse: /EADDRINUSE/.test(stderr), stderr }));
  });
}

/** The browser fallback: preview host, one sentence with its URL, default browser. */
async function startBrowserPreview(sentence, args) {
  const portGiven = hasOption(args, '--port');
  let result = await runPreviewHost(sentence, portGiven ? args : [...args, '--port', DEFAULT_PORT]);
  if (!portGiven && !result.announced && result.addressInUse) {
    // The usual port is taken (another preview?): any free port will do.
    result = await runPreviewHost(sentence, [...args, '--port', '0']);
  }
  if (!result.announced && result.stderr) process.stderr.write(result.stderr);
  if (result.error) console.error(result.error.message);
  process.exit(result.code);
}

async function main() {
  forwardSignals();
  let args = process.argv.slice(2);
  const forceBrowser = args.includes('--browser');
  args = withoutFlag(args, '--browser');

  if (buildIsStale()) {
    console.log('Building SalesDesk (electron-vite build)…');
    if (!buildApp()) {
      if (OUTPUTS.every((f) => fs.existsSync(path.join(ROOT, f)))) {
        console.error('The build failed (see above); starting the previous build.');
      } else {
        console.error('SalesDesk cannot start: the build failed (see the errors above).');
        process.exit(1);
      }
    }
  }

  const where = forceBrowser ? { sentence: 'You asked for the browser (--browser)' } : electronUnavailable();
  if (where.electronPath) {
    try {
      await ensureElectronNative({ electronPath: where.electronPath });
    } catch (e) {
      console.error(e?.message ?? e);
      return startBrowserPreview('The database module could not be built for Electron (see above)', args);
    }
    const env = { ...process.env };
    delete env.ELECTRON_RUN_AS_NODE;
    const electron = spawn(where.electronPath, ['.'], { cwd: ROOT, stdio: 'inherit', env });
    current = electron;
    electron.on('error', (e) => {
      console.error(`Electron could not be started: ${e.message}`);
      process.exit(1);
    });
    electron.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
    return;
  }
  return startBrowserPreview(where.sentence, args);
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  main().catch((e) => {
    console.error(`SalesDesk could not start: ${e?.message ?? e}`);
    process.exit(1);
  });
}

#!/usr/bin/env node
/**
 * `npm run preview -- [--db <file>] [--port <n>] [--no-demo] [--renderer <dir>]`
 * The real app in a browser: builds the app if out/renderer is missing, then runs the loopback
 * preview host (electron/host/cli.ts, via tsx) with the arguments forwarded.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { followChild, ROOT, runTs } from './run-ts.mjs';

export const HOST_CLI = 'electron/host/cli.ts';

export function rendererBuilt(root = ROOT) {
  return fs.existsSync(path.join(root, 'out', 'renderer', 'index.html'));
}

/** `electron-vite build` (main, preload, renderer) with the current Node; returns true on success. */
export function buildApp(root = ROOT) {
  const require = createRequire(path.join(root, 'package.json'));
  const pkgFile = require.resolve('electron-vite/package.json');
  const { bin } = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
  const cli = path.join(path.dirname(pkgFile), typeof bin === 'string' ? bin : bin['electron-vite']);
  const res = spawnSync(process.execPath, [cli, 'build'], { cwd: root, stdio: 'inherit' });
  return res.status === 0;
}

/** Starts the preview host; `stdio` lets npm start read the URL line. */
export function startPreviewHost(args, { stdio = 'inherit' } = {}) {
  return runTs(HOST_CLI, args, { cwd: ROOT, stdio });
}

/** True when the host will have a renderer to serve (building it first if needed). */
export function ensureRendererBuilt(args, log = console.log) {
  if (args.includes('--renderer') || rendererBuilt()) return true;
  log('Building SalesDesk (out/renderer is missing)…');
  if (buildApp() && rendererBuilt()) return true;
  console.error('The renderer could not be built (see the errors above); the preview serves the API only until `npm run build` succeeds.');
  return false;
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const args = process.argv.slice(2);
  ensureRendererBuilt(args);
  followChild(startPreviewHost(args));
}

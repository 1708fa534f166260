#!/usr/bin/env node
/**
 * `node scripts/run-ts.mjs <file.ts> [args…]`: runs a TypeScript file with tsx, forwarding the
 * remaining arguments and the exit code (`npm run demo`, `npm run bench`). Uses tsx's JS entry
 * with the current Node (process.execPath), so it works the same on Windows, macOS and Linux.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The JS file behind the `tsx` command (node_modules/tsx/dist/cli.mjs). */
export function tsxCli(root = ROOT) {
  const require = createRequire(path.join(root, 'package.json'));
  const pkgFile = require.resolve('tsx/package.json');
  const { bin } = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
  const rel = typeof bin === 'string' ? bin : bin.tsx;
  return path.join(path.dirname(pkgFile), rel);
}

/**
 * Spawns `node tsx <file> …args` and ties its life to ours: Ctrl+C reaches both (same process
 * group), SIGTERM/SIGHUP sent to us are passed on, and we exit with the child's code.
 */
export function runTs(file, args = [], { cwd = ROOT, stdio = 'inherit', env = process.env } = {}) {
  return spawn(process.execPath, [tsxCli(), file, ...args], { cwd, stdio, env });
}

/** Exit with the child's status once it ends; forward termination signals to it meanwhile. */
export function followChild(child) {
  const forward = (signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  // Ctrl+C in a terminal already reaches the child (same process group); pass SIGINT on only if
  // it was sent to us alone, so the child is not interrupted twice in the middle of closing.
  process.on('SIGINT', () => setTimeout(() => forward('SIGINT'), 1000).unref());
  process.on('SIGTERM', () => forward('SIGTERM'));
  if (process.platform !== 'win32') process.on('SIGHUP', () => forward('SIGHUP'));
  child.on('error', (e) => {
    console.error(e.message);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const [file, ...args] = process.argv.slice(2);
  if (!file) {
    console.error('Usage: node scripts/run-ts.mjs <file.ts> [args…]');
    process.exit(2);
  }
  if (!fs.existsSync(path.resolve(file))) {
    console.error(`run-ts: ${file} does not exist.`);
    process.exit(2);
  }
  followChild(runTs(path.resolve(file), args, { cwd: process.cwd() }));
}

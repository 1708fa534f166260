#!/usr/bin/env node
/**
 * Smoke test of a packaged build (CI, after electron-builder): launches the app once with
 * Playwright, waits for the first window, checks the title, that window.api is exactly
 * { invoke, on } with no Node in the page, and one real IPC round trip (router + SQLite through
 * the rebuilt better-sqlite3), then closes. On Linux run it under xvfb-run.
 *
 *   node tests/smoke/packaged.mjs [path/to/executable]   (default: found under dist/)
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function findExecutable() {
  const dist = path.join(root, 'dist');
  const candidates = {
    win32: ['win-unpacked/SalesDesk.exe', 'win-arm64-unpacked/SalesDesk.exe'],
    darwin: ['mac-arm64/SalesDesk.app/Contents/MacOS/SalesDesk', 'mac/SalesDesk.app/Contents/MacOS/SalesDesk', 'mac-universal/SalesDesk.app/Contents/MacOS/SalesDesk'],
    linux: ['linux-unpacked/salesdesk', 'linux-arm64-unpacked/salesdesk'],
  }[process.platform] ?? [];
  const found = candidates.map((c) => path.join(dist, c)).find((f) => fs.existsSync(f));
  if (!found) throw new Error(`No packaged SalesDesk under ${dist} (looked for ${candidates.join(', ')}); run electron-builder first.`);
  return found;
}

const executablePath = process.argv[2] ? path.resolve(process.argv[2]) : findExecutable();
const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'salesdesk-smoke-'));
console.log(`smoke: launching ${executablePath}`);

const app = await _electron.launch({
  executablePath,
  env: { ...process.env, SALESDESK_USER_DATA: userData },
  timeout: 90_000,
});
try {
  const win = await app.firstWindow({ timeout: 90_000 });
  await win.waitForLoadState('domcontentloaded');

  const title = await win.title();
  assert.match(title, /SalesDesk/, `window title is "${title}"`);

  const api = await win.evaluate(() => ({
    keys: Object.keys(window.api ?? {}).sort(),
    types: [typeof window.api?.invoke, typeof window.api?.on],
    node: [typeof globalThis.require, typeof globalThis.process, typeof globalThis.module],
  }));
  assert.deepEqual(api.keys, ['invoke', 'on'], 'window.api exposes exactly invoke and on');
  assert.deepEqual(api.types, ['function', 'function']);
  assert.deepEqual(api.node, ['undefined', 'undefined', 'undefined'], 'no Node globals in the page');

  const status = await win.evaluate(() => window.api.invoke('system.status', {}, null));
  assert.equal(status.ok, true, `system.status answered ${JSON.stringify(status)}`);

  const unsubscribe = await win.evaluate(() => typeof window.api.on(() => {}));
  assert.equal(unsubscribe, 'function', 'api.on returns an unsubscribe function');

  console.log(`smoke: OK (title "${title}", window.api = {${api.keys.join(', ')}}, schema ${status.data?.schemaVersion})`);
} finally {
  await app.close();
  fs.rmSync(userData, { recursive: true, force: true });
}

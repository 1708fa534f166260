/**
 * SQLite's quick_check reads every page: ~3 s for a 1.3 GB company file on the reference
 * machine. Small files are checked before the app is ready; large ones are checked in a worker
 * thread on a read-only connection while the user works, and a failure is reported as soon as
 * it is known (system.status and a `system.integrity` event; the shell shows a banner).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export interface IntegrityResult {
  ok: boolean;
  /** 'ok', or what quick_check (or opening) reported. */
  detail: string;
}

/** Files up to this size are checked synchronously on open. */
export const SYNC_CHECK_MAX_BYTES = 64 * 1024 * 1024;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
let db;
try {
  const Database = require(workerData.module);
  db = new Database(workerData.file, { readonly: true, fileMustExist: true, nativeBinding: workerData.nativeBinding });
  const rows = db.pragma('quick_check(20)', { simple: false }).map((r) => Object.values(r)[0]);
  parentPort.postMessage({ ok: rows.length === 1 && rows[0] === 'ok', detail: rows.join('; ') });
} catch (e) {
  parentPort.postMessage({ ok: false, detail: String(e && e.message || e) });
} finally {
  if (db) db.close();
}
`;

export function quickCheckInWorker(file: string, nativeBinding?: string): Promise<IntegrityResult> {
  const module = createRequire(import.meta.url).resolve('better-sqlite3');
  return new Promise((resolve) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, nativeBinding, module } });
    worker.once('message', (r: IntegrityResult) => resolve(r));
    worker.once('error', (e) => resolve({ ok: false, detail: e.message }));
    worker.once('exit', (code) => {
      if (code !== 0) resolve({ ok: false, detail: `integrity worker exited with code ${code}` });
    });
  });
}

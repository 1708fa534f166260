/**
 * Issue #4 §8: two confirmations for the same customer, on two connections to one file in two
 * threads, racing each other, can never both pass when together they exceed the limit.
 * Each side runs enforceCredit + the order's status write in one inTransaction (BEGIN
 * IMMEDIATE), on the real migrations and tables. A control run without the transaction shows
 * the race is real (both pass), so the safe result is not an accident of timing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../electron/db/connection';
import { tempDir } from '../helpers/app';

const ROUNDS = 8;
const LIMIT = 1_000_00;
const ORDER = 600_00; // either fits, both do not
let dir: string;
let file: string;
let db: Db;
let workers: Worker[] = [];
let barrier: SharedArrayBuffer;

/** The worker is TypeScript: bundled once with esbuild next to node_modules (better-sqlite3 stays external). */
async function bundleWorker(): Promise<string> {
  const outfile = path.join(__dirname, '../../node_modules/.cache/salesdesk-tests', `credit-race-worker-${process.pid}.mjs`);
  await build({ entryPoints: [path.join(__dirname, 'credit-race.worker.ts')], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', external: ['better-sqlite3', 'kysely'], logLevel: 'error' });
  return outfile;
}
let workerFile: string;

function startWorker(): Promise<Worker> {
  const w = new Worker(workerFile, { workerData: { file, barrier } });
  return new Promise((resolve, reject) => {
    w.once('message', (m) => (m === 'ready' ? resolve(w) : reject(new Error(String(m)))));
    w.once('error', reject);
  });
}

type Answer = { orderId: number; passed?: boolean; error?: string };

async function race(round: number, mode: 'safe' | 'unsafe'): Promise<Answer[]> {
  const s = db.sqlite;
  s.prepare(`UPDATE orders SET status = 'draft', confirmed_at = NULL WHERE customer_id = 1`).run();
  const flag = new Int32Array(barrier);
  Atomics.store(flag, 1, 0);
  const answers = workers.map((w) => new Promise<Answer>((resolve) => w.once('message', resolve)));
  for (const [i, w] of workers.entries()) w.postMessage({ round, orderId: i + 1, customerId: 1, amount: ORDER, mode });
  while (Atomics.load(flag, 1) < workers.length) await new Promise((r) => setTimeout(r, 1));
  Atomics.store(flag, 0, round); // open the barrier for both at once
  Atomics.notify(flag, 0);
  return Promise.all(answers);
}

beforeAll(async () => {
  dir = tempDir('salesdesk-race-');
  file = path.join(dir, 'race.sqlite');
  db = await openDatabase(file, { appVersion: '0.0.0-race' });
  const t = '2026-01-01T00:00:00Z';
  db.sqlite.prepare(`INSERT INTO customers (id, code, name, type, credit_limit, created_at, updated_at) VALUES (1, 'C1', '甲公司', 'direct', ?, ?, ?)`).run(LIMIT, t, t);
  const o = db.sqlite.prepare(`INSERT INTO orders (id, number, customer_id, status, order_date, amount, created_at, updated_at) VALUES (?, ?, 1, 'draft', '2026-11-20', ?, ?, ?)`);
  o.run(1, 'SO-1', ORDER, t, t);
  o.run(2, 'SO-2', ORDER, t, t);
  barrier = new SharedArrayBuffer(8);
  workerFile = await bundleWorker();
  workers = await Promise.all([startWorker(), startWorker()]);
}, 60_000);

afterAll(async () => {
  await Promise.all(workers.map((w) => new Promise((r) => { w.once('message', r); w.postMessage('stop'); })));
  await Promise.all(workers.map((w) => w.terminate()));
  await db?.close();
  fs.rmSync(workerFile, { force: true });
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('two connections racing to confirm orders that together exceed the limit', () => {
  it(`exactly one passes, in each of ${ROUNDS} rounds`, async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      const answers = await race(round, 'safe');
      expect(answers.map((a) => a.error ?? null), `round ${round}`).toEqual([null, null]);
      expect(answers.filter((a) => a.passed).length, `round ${round}`).toBe(1);
      const confirmed = db.sqlite.prepare(`SELECT count(*) FROM orders WHERE customer_id = 1 AND status = 'confirmed'`).pluck().get();
      expect(confirmed, `round ${round}`).toBe(1);
      const exposure = db.sqlite.prepare(`SELECT sum(amount - shipped_amount) FROM orders WHERE customer_id = 1 AND status IN ('confirmed', 'partly_shipped')`).pluck().get();
      expect(exposure).toBeLessThanOrEqual(LIMIT);
    }
  }, 60_000);

  it('control: the same steps without the transaction let both pass (the race is real)', async () => {
    const answers = await race(ROUNDS + 1, 'unsafe');
    expect(answers.filter((a) => a.passed).length).toBe(2);
  }, 30_000);
});

/**
 * One side of the credit race (tests/db/credit-race.test.ts): its own connection to the shared
 * file, waits at a barrier, then confirms its order the way orders.confirm does — enforceCredit
 * and the status write in one inTransaction (BEGIN IMMEDIATE). `mode: 'unsafe'` runs the same
 * steps without the transaction (the control that shows the test can see a lost race).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../electron/db/connection';
import { inTransaction } from '../../electron/db/transaction';
import type { CallContext } from '../../electron/services/context';
import { enforceCredit } from '../../electron/services/credit-check';
import { SettingsStore } from '../../electron/services/settings-store';

const { file, barrier } = workerData as { file: string; barrier: SharedArrayBuffer };
const flag = new Int32Array(barrier);
const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

const db = await openDatabase(file, { appVersion: '0.0.0-race', skipIntegrityCheck: true });
const ctx = { db: db.kysely, sqlite: db.sqlite, clock: { now: () => new Date('2026-11-20T02:00:00Z') }, settings: new SettingsStore(db.kysely), session: null } as unknown as CallContext;

type Job = { round: number; orderId: number; customerId: number; amount: number; mode: 'safe' | 'unsafe' };

async function confirm(trx: typeof db.kysely, job: Job): Promise<boolean> {
  const out = await enforceCredit(trx, ctx, { customerId: job.customerId, orderId: job.orderId, amount: job.amount, stage: 'confirm', date: '2026-11-20' });
  // Widen the window between the check and the write: a missing lock would lose the race here.
  pause(15);
  if (!out.released) return false;
  await trx.updateTable('orders').set({ status: 'confirmed', confirmed_at: '2026-11-20T02:00:00Z' }).where('id', '=', job.orderId).where('status', '=', 'draft').execute();
  return true;
}

parentPort?.on('message', async (msg: Job | 'stop') => {
  if (msg === 'stop') {
    await db.close();
    parentPort?.postMessage('stopped');
    return;
  }
  Atomics.add(flag, 1, 1); // ready
  Atomics.wait(flag, 0, msg.round - 1); // until the main thread opens this round
  try {
    const passed = msg.mode === 'safe' ? await inTransaction(db.kysely, (trx) => confirm(trx, msg)) : await confirm(db.kysely, msg);
    parentPort?.postMessage({ orderId: msg.orderId, passed });
  } catch (e) {
    parentPort?.postMessage({ orderId: msg.orderId, error: String(e) });
  }
});
parentPort?.postMessage('ready');

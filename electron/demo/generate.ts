/**
 * Demo company generator: a realistic Chinese trading company (华东恒信商贸有限公司 and the like)
 * with regions, staff, a sales force, a product catalogue and customers, reproducible from a
 * seed. The app builds the `small` company when a user opens the demo company; `large` is the
 * benchmark company.
 *
 * Why it bypasses kysely for the rows: this is a bulk loader. It inserts tens of thousands of
 * rows now (millions once orders arrive) through a handful of prepared better-sqlite3
 * statements inside one transaction, which is several times faster than building and
 * compiling a kysely query per row, and the schema comes from the real migrations (it opens the
 * file with openDatabase), so the rows meet the same constraints as the app's own writes. The
 * one audit row goes through appendAudit so the hash chain is the app's.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { withBulkCache } from '../db/bulk';
import { type Db, openDatabase } from '../db/connection';
import { inTransaction } from '../db/transaction';
import { DEFAULT_SCRYPT_N, hashPassword } from '../services/passwords';
import { type DemoScale, SCALES, emptyDemoData } from './context';
import { demoTime, rngFor } from './random';
import { DEMO_MODULES, generatorVersion } from './registry';

export type { DemoScale } from './context';
export { DEMO_SCALES } from './context';

export interface DemoOptions {
  file: string;
  scale: DemoScale;
  seed: number;
  appVersion: string;
  /** The "today" of the demo company; fixed for reproducible output. */
  today?: string;
  scryptN?: number;
  /** better_sqlite3.node for the running runtime (Electron). */
  nativeBinding?: string;
}

export interface DemoStats {
  file: string;
  scale: DemoScale;
  seed: number;
  today: string;
  generatorVersion: string;
  /** Rows per table, every table of the schema. */
  counts: Record<string, number>;
  /** Milliseconds per module (inside the transaction). */
  phases: Record<string, number>;
  ms: number;
}

/** Every demo user (admin, neiqin, caiwu, jingli, rep01 …) signs in with this password. */
export const DEMO_PASSWORD = 'demo1234';
export const DEFAULT_DEMO_TODAY = '2026-11-20';

export class DemoFileExistsError extends Error {
  constructor(readonly file: string) {
    super(`${file} already exists; the demo generator never overwrites a file. Remove it first (the CLI does so with --force).`);
    this.name = 'DemoFileExistsError';
  }
}

export async function generateDemo(opts: DemoOptions): Promise<DemoStats> {
  const started = performance.now();
  const scale = SCALES[opts.scale];
  if (!scale) throw new RangeError(`unknown demo scale "${String(opts.scale)}" (small, medium or large)`);
  if (!Number.isSafeInteger(opts.seed)) throw new RangeError(`the seed must be an integer, got ${opts.seed}`);
  const today = opts.today ?? DEFAULT_DEMO_TODAY;
  const time = demoTime(today, scale.historyYears);
  if (opts.file === ':memory:' || opts.file === '') throw new RangeError('the demo company needs a file path');
  if (fs.existsSync(opts.file)) throw new DemoFileExistsError(opts.file);

  // Built under a temporary name and renamed at the end, so a crash or a failed run never leaves
  // a half-filled company file where the app would open it.
  const partial = path.join(path.dirname(path.resolve(opts.file)), `${path.basename(opts.file)}.partial-${process.pid}`);
  // Hashing (scrypt, ~0.1 s at the production cost) runs on the thread pool while migrations run.
  const hashing = hashPassword(DEMO_PASSWORD, opts.scryptN ?? DEFAULT_SCRYPT_N);
  hashing.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
  let db: Db | null = null;
  try {
    db = await openDatabase(partial, { appVersion: opts.appVersion, nativeBinding: opts.nativeBinding, now: () => new Date(time.setupAt) });
    const open = db;
    const passwordHash = await hashing;
    const data = emptyDemoData();
    const phases: Record<string, number> = {};
    await inTransaction(open.kysely, async (trx) => {
      // One transaction of millions of rows: a large page cache keeps the randomly touched index
      // pages (by customer, by receivable) in memory until COMMIT instead of spilling them to the
      // WAL again and again. The cache only grows as pages are used, so small stays small.
      await withBulkCache(trx, async () => {
        for (const m of DEMO_MODULES) {
          const t = performance.now();
          await m.run({ sqlite: open.sqlite, trx, scale, seed: opts.seed, rng: rngFor(opts.seed, m.name), time, passwordHash, data });
          phases[m.name] = Math.round(performance.now() - t);
        }
      }, 524_288);
    });
    const counts = countRows(open);
    db = null;
    await open.close();
    if (fs.existsSync(opts.file)) throw new DemoFileExistsError(opts.file);
    fs.renameSync(partial, opts.file);
    return {
      file: opts.file,
      scale: opts.scale,
      seed: opts.seed,
      today,
      generatorVersion: generatorVersion(),
      counts,
      phases,
      ms: Math.round(performance.now() - started),
    };
  } catch (e) {
    if (db) await db.close().catch(() => undefined);
    removeDatabaseFiles(partial);
    throw e;
  }
}

function countRows(db: Db): Record<string, number> {
  const tables = db.sqlite
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  const counts: Record<string, number> = {};
  for (const t of tables) counts[t] = Number(db.sqlite.prepare(`SELECT count(*) FROM "${t.replaceAll('"', '""')}"`).pluck().get());
  return counts;
}

/** Removes a database file and its WAL companions (callers only pass files they own). */
export function removeDatabaseFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
}

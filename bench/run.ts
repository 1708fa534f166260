/**
 * SalesDesk benchmarks (not part of `npm test`):
 *
 *   npm run bench [-- --quick] [-- --regen]
 *
 * - demo generator time for small, medium and large;
 * - main-process cold start (open + quick_check + migrate + first system.status) on a fresh
 *   file and on the large demo company;
 * - router overhead per call (router.call vs the handler called directly);
 * - preview-host round trip per call (HTTP POST /rpc/… on loopback).
 *
 * The large company is generated once into bench/.data/large.sqlite (git-ignored) and reused
 * while the generator version is unchanged; --regen rebuilds it. Prints a table and writes
 * bench/results/latest.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { openDatabase } from '../electron/db/connection';
import { DEMO_PASSWORD, type DemoScale, generateDemo, removeDatabaseFiles } from '../electron/demo/generate';
import { rngFor } from '../electron/demo/random';
import { generatorVersion } from '../electron/demo/registry';
import { startHost } from '../electron/host/server';
import { createApp } from '../electron/main/create-app';
import { createRouter } from '../electron/main/ipc/router';
import { handlers } from '../electron/services';
import type { CallContext } from '../electron/services/context';
import { contract } from '../shared/contract';
import { APP_VERSION } from '../shared/version';
import { type Row, type Summary, machine, row, summarize, table, timeInterleaved, timeRuns } from './lib';
import { benchPricing } from './pricing';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const DATA_DIR = path.join(BENCH_DIR, '.data');
const RESULTS_FILE = path.join(BENCH_DIR, 'results', 'latest.json');
const LARGE_FILE = path.join(DATA_DIR, 'large.sqlite');
const LARGE_META = path.join(DATA_DIR, 'large.json');
const LARGE_SEED = 1;

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    regen: { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
  },
  strict: true,
});
const Q = args.quick;
const progress = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);
const silent = () => {};

const rows: Row[] = [];
const details: Record<string, unknown> = {};
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'salesdesk-bench-'));
let tmpSeq = 0;
const tmpFile = (name: string) => path.join(tmp, `${++tmpSeq}-${name}.sqlite`);

// ---------------------------------------------------------------------------------------------

interface LargeMeta {
  generatorVersion: string;
  seed: number;
  ms: number;
  measuredAt: string;
  counts: Record<string, number>;
}

/** The cached large company; generated (and timed) when missing, stale or --regen. */
async function ensureLarge(): Promise<{ meta: LargeMeta; fresh: boolean }> {
  let meta: LargeMeta | null = null;
  try {
    meta = JSON.parse(fs.readFileSync(LARGE_META, 'utf8')) as LargeMeta;
  } catch {
    meta = null;
  }
  if (!args.regen && meta && meta.generatorVersion === generatorVersion() && meta.seed === LARGE_SEED && fs.existsSync(LARGE_FILE)) {
    return { meta, fresh: false };
  }
  progress(`generating the large company into ${path.relative(process.cwd(), LARGE_FILE)} …`);
  fs.mkdirSync(DATA_DIR, { recursive: true });
  removeDatabaseFiles(LARGE_FILE);
  fs.rmSync(LARGE_META, { force: true });
  const stats = await generateDemo({ file: LARGE_FILE, scale: 'large', seed: LARGE_SEED, appVersion: APP_VERSION });
  meta = { generatorVersion: stats.generatorVersion, seed: LARGE_SEED, ms: stats.ms, measuredAt: new Date().toISOString(), counts: stats.counts };
  fs.writeFileSync(LARGE_META, `${JSON.stringify(meta, null, 2)}\n`);
  return { meta, fresh: true };
}

async function benchGenerator(): Promise<void> {
  const plan: [DemoScale, number][] = [
    ['small', Q ? 2 : 5],
    ['medium', Q ? 1 : 2],
  ];
  for (const [scale, runs] of plan) {
    progress(`generator ${scale} ×${runs}`);
    const s = await timeRuns(runs, () => generateDemo({ file: tmpFile(scale), scale, seed: 1, appVersion: APP_VERSION }));
    rows.push(row('generator', `${scale} (production scrypt N)`, 'ms', s, undefined, false));
  }
  const { meta, fresh } = await ensureLarge();
  const total = Object.values(meta.counts).reduce((a, b) => a + b, 0);
  rows.push(
    row('generator', 'large (production scrypt N)', 'ms', summarize([meta.ms]), fresh ? `${total} rows` : `cached, measured ${meta.measuredAt.slice(0, 10)}; --regen to re-measure`, false),
  );
  details.large = { file: path.relative(process.cwd(), LARGE_FILE), ...meta, fresh };
}

// ---------------------------------------------------------------------------------------------

async function coldStart(file: string): Promise<{ open: number; status: number; total: number }> {
  const t0 = performance.now();
  const app = await createApp({ mainFile: file, log: silent });
  const t1 = performance.now();
  const r = await app.router.call({ method: 'system.status', input: {} });
  const t2 = performance.now();
  if (!r.ok) throw new Error(`system.status failed: ${JSON.stringify(r.error)}`);
  await app.close();
  return { open: t1 - t0, status: t2 - t1, total: t2 - t0 };
}

async function benchColdStart(): Promise<void> {
  const runs = Q ? 5 : 15;
  for (const [label, fileFor] of [
    ['fresh file', () => tmpFile('fresh')],
    ['large demo', () => LARGE_FILE],
  ] as const) {
    progress(`cold start, ${label} ×${runs}`);
    const samples: { open: number; status: number; total: number }[] = [];
    for (let r = 0; r < runs; r++) samples.push(await coldStart(fileFor()));
    const first = samples[0] as { total: number };
    const s = summarize(samples.map((x) => x.total));
    rows.push(row('cold start', `${label}: open+check+migrate+status`, 'ms', s, `1st in process ${first.total.toFixed(1)} ms (includes JIT warm-up)`));
    rows.push(row('cold start', `${label}: …of which open (createApp)`, 'ms', summarize(samples.map((x) => x.open))));
    rows.push(row('cold start', `${label}: …of which first system.status`, 'ms', summarize(samples.map((x) => x.status))));
  }
  // What the integrity check costs on its own: openDatabase with and without PRAGMA quick_check.
  const openRuns = Q ? 3 : 10;
  const size = `${(fs.statSync(LARGE_FILE).size / 2 ** 20).toFixed(1)} MiB file`;
  for (const skip of [false, true]) {
    const s = await timeRuns(openRuns, async () => {
      const db = await openDatabase(LARGE_FILE, { appVersion: APP_VERSION, skipIntegrityCheck: skip });
      await db.close();
    });
    rows.push(row('cold start', `large demo: openDatabase ${skip ? 'without' : 'with'} quick_check (+close)`, 'ms', s, skip ? undefined : size));
  }
  const ro = await timeRuns(openRuns, async () => {
    const db = new Database(LARGE_FILE, { readonly: true });
    try {
      if (db.pragma('quick_check', { simple: true }) !== 'ok') throw new Error('quick_check failed');
    } finally {
      db.close();
    }
  });
  rows.push(row('cold start', 'large demo: quick_check on a read-only connection', 'ms', ro, 'for comparison'));
}

// ---------------------------------------------------------------------------------------------

async function benchCalls(): Promise<void> {
  const file = tmpFile('calls');
  await generateDemo({ file, scale: 'small', seed: 1, appVersion: APP_VERSION, scryptN: 1024 });
  const app = await createApp({ mainFile: file, scryptN: 1024, log: silent });
  try {
    const login = await app.router.call({ method: 'auth.login', input: { username: 'admin', password: DEMO_PASSWORD } });
    if (!login.ok) throw new Error(`login failed: ${JSON.stringify(login.error)}`);
    const token = (login.data as { token: string }).token;
    const appCtx = app.workspace.current();
    const session = await appCtx.sessions.resolve(appCtx, token);
    const ctx: CallContext = { ...appCtx, session };

    const ids = appCtx.sqlite.prepare('SELECT id FROM customers ORDER BY id').pluck().all() as number[];
    const rng = rngFor(1, 'bench');
    const order = Array.from({ length: 4096 }, () => ids[rng.int(0, ids.length - 1)] as number);
    const idAt = (i: number) => order[i & 4095] as number;
    const parsed = order.map((id) => contract['customers.get'].input.parse({ id }));
    const emptyParsed = contract['settings.get'].input.parse({});

    const check = (r: { ok: boolean }) => {
      if (!r.ok) throw new Error(`call failed: ${JSON.stringify(r)}`);
    };
    check(await app.router.call({ method: 'customers.get', input: { id: idAt(0) }, token }));

    // The same router over handlers that return at once: what routing alone costs per call.
    const noopRouter = createRouter({
      handlers: { ...handlers, 'customers.get': async () => ({}) as never, 'settings.get': async () => ({}) as never },
      context: () => app.workspace.current(),
      log: silent,
    });

    const plan = Q ? { warmup: 500, rounds: 4, batch: 500 } : { warmup: 3000, rounds: 20, batch: 1000 };
    const overhead: Record<string, unknown> = {};
    for (const method of ['customers.get', 'settings.get'] as const) {
      progress(`router vs direct, ${method} (${plan.rounds * plan.batch} calls each)`);
      const variants =
        method === 'customers.get'
          ? {
              router: (i: number) => app.router.call({ method, input: { id: idAt(i) }, token }),
              direct: (i: number) => handlers['customers.get'](parsed[i & 4095] as { id: number }, ctx),
              noop: (i: number) => noopRouter.call({ method, input: { id: idAt(i) }, token }),
            }
          : {
              router: () => app.router.call({ method, input: {}, token }),
              direct: () => handlers['settings.get'](emptyParsed, ctx),
              noop: () => noopRouter.call({ method, input: {}, token }),
            };
      const res = await timeInterleaved(variants, plan);
      const r = res.router as Summary;
      const d = res.direct as Summary;
      const ratioP50 = r.p50 / d.p50;
      const ratioMean = r.mean / d.mean;
      rows.push(row('router', `${method} via router.call`, 'µs', r, `×${ratioP50.toFixed(2)} of direct at p50, ×${ratioMean.toFixed(2)} mean (+${(r.p50 - d.p50).toFixed(1)} µs)`));
      rows.push(row('router', `${method} handler called directly`, 'µs', d));
      const n = res.noop as Summary;
      rows.push(row('router', `${method} via router.call, no-op handler`, 'µs', n, "the router's own work: session, permission, zod, envelope"));
      overhead[method] = { router: r, direct: d, noopHandler: n, ratioP50, ratioMean, addedMicrosP50: r.p50 - d.p50 };
    }
    details.routerOverhead = overhead;

    // Where the time goes around the handler: session resolution and the handler itself
    // (kysely's statements are served from the connection's prepared-statement cache).
    progress('customers.get anatomy');
    const anatomy = await timeInterleaved(
      {
        direct: (i) => handlers['customers.get'](parsed[i & 4095] as { id: number }, ctx),
        afterResolve: async (i) => {
          await appCtx.sessions.resolve(appCtx, token);
          return handlers['customers.get'](parsed[i & 4095] as { id: number }, ctx);
        },
        resolve: () => appCtx.sessions.resolve(appCtx, token),
      },
      { warmup: plan.warmup, rounds: Math.max(2, plan.rounds / 2), batch: plan.batch },
    );
    const a = anatomy as Record<'direct' | 'afterResolve' | 'resolve', Summary>;
    rows.push(row('anatomy', 'customers.get handler called directly', 'µs', a.direct));
    rows.push(row('anatomy', 'sessions.resolve alone', 'µs', a.resolve));
    rows.push(row('anatomy', 'sessions.resolve, then the handler', 'µs', a.afterResolve, `+${(a.afterResolve.p50 - a.direct.p50).toFixed(1)} µs over the handler alone at p50`));
    details.anatomy = a;

    progress('preview host round trip');
    const host = await startHost({ router: app.router, events: app.events, context: () => app.workspace.current(), rendererDir: null, port: 0 });
    try {
      const url = `${host.url}rpc/customers.get`;
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
      const viaHttp = async (i: number) => {
        const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ id: idAt(i) }) });
        const body = (await res.json()) as { ok: boolean };
        if (res.status !== 200 || !body.ok) throw new Error(`host call failed: ${res.status} ${JSON.stringify(body)}`);
      };
      await viaHttp(0);
      const hostPlan = Q ? { warmup: 200, rounds: 3, batch: 200 } : { warmup: 1000, rounds: 10, batch: 500 };
      const res = await timeInterleaved({ http: viaHttp, router: (i) => app.router.call({ method: 'customers.get', input: { id: idAt(i) }, token }) }, hostPlan);
      const h = res.http as Summary;
      const r = res.router as Summary;
      rows.push(row('host', 'customers.get via HTTP POST /rpc (fetch, keep-alive)', 'µs', h, `+${(h.p50 - r.p50).toFixed(0)} µs over router.call at p50`));
      rows.push(row('host', 'customers.get via router.call (same run)', 'µs', r));
      details.host = { http: h, router: r };
    } finally {
      await host.close();
    }
  } finally {
    await app.close();
  }
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const started = performance.now();
  try {
    await benchGenerator();
    await benchColdStart();
    await benchCalls();
    await benchPricing({ rows, details, quick: Q, progress });
    await (await import('./credit')).benchCredit({ rows, details, quick: Q, progress, regen: args.regen });
    await (await import('./imports')).benchImports({ rows, details, progress, companyFile: LARGE_FILE });
    await (await import('./masterdata')).benchMasterdata({ rows, details, quick: Q, progress });
    await (await import('./orders')).benchOrders({ rows, details, quick: Q, progress });
    await (await import('./receipts')).benchReceipts({ rows, details, quick: Q, progress });
    await (await import('./statements')).benchStatements({ rows, details, quick: Q, progress });
    await (await import('./bank')).benchBank({ rows, details, quick: Q, progress });
    await (await import('./collections')).benchCollections({ rows, details, quick: Q, progress });
    await (await import('./aging')).benchAging({ rows, details, quick: Q, progress, regen: args.regen });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const m = machine();
  const seconds = (performance.now() - started) / 1000;
  console.log(`SalesDesk ${APP_VERSION} benchmarks — ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.platform}, Node ${m.node}`);
  console.log(`demo generator ${generatorVersion()}${Q ? ' (quick mode: fewer iterations)' : ''}\n`);
  console.log(table(rows));
  console.log(`\nfinished in ${seconds.toFixed(1)} s`);
  if (!args['no-write']) {
    fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
    const out = { appVersion: APP_VERSION, ranAt: new Date().toISOString(), quick: Q, seconds: Math.round(seconds), machine: m, generatorVersion: generatorVersion(), rows, details };
    // Three decimals are plenty for timings (ns resolution in µs, µs in ms).
    const round = (_key: string, v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 1000) / 1000 : v);
    fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(out, round, 2)}\n`);
    console.log(`results written to ${path.relative(process.cwd(), RESULTS_FILE)}`);
  }
}

await main();

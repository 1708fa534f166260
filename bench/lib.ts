/** Small measuring kit for the benchmarks: per-call samples, percentiles, a plain-text table. */
import os from 'node:os';
import { performance } from 'node:perf_hooks';

export interface Summary {
  n: number;
  p50: number;
  p99: number;
  mean: number;
  min: number;
  max: number;
}

/** Nearest-rank percentile over a sorted copy. */
export function summarize(samples: ArrayLike<number>): Summary {
  const xs = Float64Array.from(samples).sort();
  const n = xs.length;
  if (n === 0) return { n: 0, p50: Number.NaN, p99: Number.NaN, mean: Number.NaN, min: Number.NaN, max: Number.NaN };
  const rank = (p: number) => xs[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))] as number;
  let sum = 0;
  for (const x of xs) sum += x;
  return { n, p50: rank(50), p99: rank(99), mean: sum / n, min: xs[0] as number, max: xs[n - 1] as number };
}

/** Microseconds between two process.hrtime.bigint() readings. */
export const usBetween = (a: bigint, b: bigint) => Number(b - a) / 1000;

/**
 * Times `fn` once per call. Variants are interleaved in rounds (A-block, B-block, A-block …)
 * so that drift (GC, CPU frequency, a neighbour process) lands on both, not on whichever ran last.
 */
export async function timeInterleaved(
  variants: Record<string, (i: number) => Promise<unknown>>,
  opts: { warmup: number; rounds: number; batch: number },
): Promise<Record<string, Summary>> {
  const names = Object.keys(variants);
  for (const name of names) {
    const fn = variants[name] as (i: number) => Promise<unknown>;
    for (let i = 0; i < opts.warmup; i++) await fn(i);
  }
  const samples = Object.fromEntries(names.map((n) => [n, new Float64Array(opts.rounds * opts.batch)]));
  for (let r = 0; r < opts.rounds; r++) {
    for (const name of names) {
      const fn = variants[name] as (i: number) => Promise<unknown>;
      const out = samples[name] as Float64Array;
      for (let k = 0; k < opts.batch; k++) {
        const i = r * opts.batch + k;
        const t0 = process.hrtime.bigint();
        await fn(i);
        out[i] = usBetween(t0, process.hrtime.bigint());
      }
    }
  }
  return Object.fromEntries(names.map((n) => [n, summarize(samples[n] as Float64Array)]));
}

/** Runs `fn` `runs` times and summarises the wall time in milliseconds. */
export async function timeRuns(runs: number, fn: (run: number) => Promise<unknown>): Promise<Summary> {
  const ms: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    await fn(r);
    ms.push(performance.now() - t0);
  }
  return summarize(ms);
}

export function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
  };
}

export interface Row {
  group: string;
  name: string;
  unit: 'µs' | 'ms';
  n: number;
  p50: number;
  p99: number | null;
  mean: number;
  note?: string;
}

export function row(group: string, name: string, unit: Row['unit'], s: Summary, note?: string, withP99 = true): Row {
  return { group, name, unit, n: s.n, p50: s.p50, p99: withP99 ? s.p99 : null, mean: s.mean, ...(note ? { note } : {}) };
}

const fmt = (x: number | null) => {
  if (x === null || Number.isNaN(x)) return '-';
  if (x >= 100) return x.toFixed(0);
  if (x >= 10) return x.toFixed(1);
  return x.toFixed(2);
};

/** Display width: CJK and other wide characters count two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}
const pad = (s: string, w: number, right = false) => (right ? ' '.repeat(Math.max(0, w - width(s))) + s : s + ' '.repeat(Math.max(0, w - width(s))));

export function table(rows: readonly Row[]): string {
  const header = ['benchmark', 'unit', 'n', 'p50', 'p99', 'mean', 'note'];
  const body = rows.map((r) => [`${r.group}: ${r.name}`, r.unit, String(r.n), fmt(r.p50), fmt(r.p99), fmt(r.mean), r.note ?? '']);
  const all = [header, ...body];
  const widths = header.map((_, c) => Math.max(...all.map((line) => width(line[c] as string))));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => pad(cell, widths[c] as number, c >= 2 && c <= 5))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/**
 * Deterministic randomness and time for the demo generator. No Math.random, no Date.now: the
 * same (seed, today) always yields the same file, so tests can compare checksums and a bug
 * report can name the seed that shows it.
 *
 * Each generator module draws from its own stream, derived from the seed and the module's
 * name, so adding a module (or changing one) never shifts the data of the others.
 */

/** 32-bit FNV-1a over the joined parts, then a murmur3 finaliser for a better spread. */
export function hashSeed(...parts: readonly (string | number)[]): number {
  const text = parts.join('\u0000');
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** mulberry32: tiny, fast, good enough for test data (not for anything secret). */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Float in [min, max). */
  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(xs: readonly T[]): T {
    if (xs.length === 0) throw new RangeError('pick from an empty list');
    return xs[Math.floor(this.next() * xs.length)] as T;
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.next(); // (0, 1]
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Fisher–Yates, in place; returns the same array. */
  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const t = xs[i] as T;
      xs[i] = xs[j] as T;
      xs[j] = t;
    }
    return xs;
  }

  /** A new independent stream (for a sub-task whose draw count may change). */
  fork(label: string): Rng {
    return new Rng(hashSeed(this.state, label));
  }
}

export function rngFor(seed: number, label: string): Rng {
  return new Rng(hashSeed('salesdesk-demo', seed, label));
}

/** Picks from a fixed list by weight in O(log n) per draw. */
export class WeightedPicker<T> {
  private readonly cumulative: number[] = [];
  private readonly total: number;

  constructor(
    readonly items: readonly T[],
    weights: readonly number[],
  ) {
    if (items.length === 0 || items.length !== weights.length) throw new RangeError('weighted picker needs one weight per item');
    let sum = 0;
    for (const w of weights) {
      if (!(w >= 0)) throw new RangeError(`bad weight ${w}`);
      sum += w;
      this.cumulative.push(sum);
    }
    if (sum <= 0) throw new RangeError('weights sum to zero');
    this.total = sum;
  }

  pick(rng: Rng): T {
    const x = rng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cumulative[mid] as number) > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo] as T;
  }
}

/** xs[i], or a thrown RangeError instead of undefined (index bugs fail loudly). */
export function at<T>(xs: readonly T[], i: number): T {
  if (i < 0 || i >= xs.length) throw new RangeError(`index ${i} outside 0..${xs.length - 1}`);
  return xs[i] as T;
}

/** Splits `total` into integer parts proportional to `weights` (largest remainder), each ≥ `min` when possible. */
export function apportion(total: number, weights: readonly number[], min = 0): number[] {
  const n = weights.length;
  if (n === 0) return [];
  const floorTotal = Math.min(total, min * n);
  const base = Math.floor(floorTotal / n);
  const rest = total - base * n;
  const sum = weights.reduce((a, b) => a + b, 0) || 1;
  const exact = weights.map((w) => (rest * w) / sum);
  const parts = exact.map((x) => base + Math.floor(x));
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, frac: x - Math.floor(x) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % n, left--) {
    const i = (order[k] as { i: number }).i;
    parts[i] = (parts[i] ?? 0) + 1;
  }
  return parts;
}

// ---------------------------------------------------------------------------------------------
// Time: everything derives from the demo's "today" (a date in the company's time zone,
// Asia/Shanghai, UTC+8 without daylight saving). Stored timestamps are UTC ISO-8601.

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_S = 8 * 3600;

export interface DemoTime {
  /** The demo's today, YYYY-MM-DD. */
  today: string;
  /** Day numbers (days since 1970-01-01). */
  todayDay: number;
  /** The day the company started using SalesDesk: history runs from here to today. */
  startDay: number;
  /** 09:00 Beijing time on the start day: the setup instant (migrations, admin, audit). */
  setupAt: string;
  dayToIso(day: number): string;
  /** A timestamp on `day` at `secondOfDay` local (Beijing) time. */
  at(day: number, secondOfDay: number): string;
  /** A random timestamp in office hours (08:30–18:30 Beijing) on a random day in [fromDay, toDay]. */
  officeTimestamp(rng: Rng, fromDay: number, toDay: number): string;
}

export function parseIsoDay(s: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) throw new RangeError(`expected YYYY-MM-DD, got "${s}"`);
  const ms = Date.parse(`${s}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== s) throw new RangeError(`not a real date: "${s}"`);
  return Math.round(ms / DAY_MS);
}

export function demoTime(today: string, historyYears: number): DemoTime {
  const todayDay = parseIsoDay(today);
  const y = Number(today.slice(0, 4)) - historyYears;
  // Start on the 1st of the month historyYears back, so monthly reports have whole months.
  const startDay = parseIsoDay(`${y}-${today.slice(5, 7)}-01`);
  const at = (day: number, secondOfDay: number) => new Date(day * DAY_MS + (secondOfDay - SHANGHAI_OFFSET_S) * 1000).toISOString();
  return {
    today,
    todayDay,
    startDay,
    setupAt: at(startDay, 9 * 3600),
    dayToIso: (day) => new Date(day * DAY_MS).toISOString().slice(0, 10),
    at,
    officeTimestamp: (rng, fromDay, toDay) => at(rng.int(fromDay, toDay), rng.int(8.5 * 3600, 18.5 * 3600)),
  };
}

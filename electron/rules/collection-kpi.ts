/**
 * Pure rules of dunning and collection (DOMAIN.md §5 Dunning, §8 collection rate and DSO):
 * dunning levels, the KPI formulas, the periods of a range, and the FIFO fill of a contract's
 * collection plan. No database here; every function is table-tested in tests/unit.
 */
import { addDays } from '../../shared/dates';

/** Integer division rounded half up (non-negative operands), exact for any safe integers. */
function divHalfUp(n: bigint, d: bigint): bigint {
  const q = n / d;
  return (n - q * d) * 2n >= d ? q + 1n : q;
}

/**
 * Collection rate 回款率 in basis points, half up: numerator ÷ denominator. A zero (or negative)
 * denominator has no rate: null, shown as —.
 */
export function collectionRateBp(numerator: number, denominator: number): number | null {
  if (denominator <= 0) return null;
  return Number(divHalfUp(BigInt(Math.max(0, numerator)) * 10_000n, BigInt(denominator)));
}

/**
 * DSO 应收账款周转天数 = closing receivables ÷ credit sales × days, to one decimal (half up).
 * No credit sales in the period (or net returns): null.
 */
export function dso(closing: number, creditSales: number, days: number): number | null {
  if (creditSales <= 0) return null;
  const tenths = divHalfUp(BigInt(Math.max(0, closing)) * BigInt(days) * 10n, BigInt(creditSales));
  return Number(tenths) / 10;
}

/**
 * Dunning level for the oldest days overdue: level k from thresholds[k-1] days on
 * ([1,31,61,91]: 1–30 → 1, 31–60 → 2, 61–90 → 3, ≥ 91 → 4). Below the first threshold: 0.
 */
export function dunningLevel(daysOverdue: number, thresholds: readonly number[]): number {
  let level = 0;
  for (let k = 0; k < thresholds.length; k++) if (daysOverdue >= (thresholds[k] ?? Number.POSITIVE_INFINITY)) level = k + 1;
  return level;
}

// ─── Dates ────────────────────────────────────────────────────────────────────────────────

const iso = (d: Date) => d.toISOString().slice(0, 10);
const utc = (s: string) => new Date(`${s}T00:00:00Z`);

/** Monday and Sunday of the (Chinese, ISO) week holding `date`. */
export function weekOf(date: string): { start: string; end: string } {
  const dow = (utc(date).getUTCDay() + 6) % 7; // Monday = 0
  const start = addDays(date, -dow);
  return { start, end: addDays(start, 6) };
}

export type Granularity = 'month' | 'quarter' | 'year';
export interface Period {
  /** 2026-03, 2026-Q1, 2026 */
  key: string;
  start: string;
  end: string;
}

const lastDay = (y: number, m: number) => iso(new Date(Date.UTC(y, m, 0)));
const pad = (n: number) => String(n).padStart(2, '0');

/** The periods covering the months from…to ('YYYY-MM'), whole quarters / years. */
export function periodsOf(granularity: Granularity, from: string, to: string): Period[] {
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  const out: Period[] = [];
  const step = granularity === 'month' ? 1 : granularity === 'quarter' ? 3 : 12;
  let y = fy;
  let m = granularity === 'month' ? fm : granularity === 'quarter' ? fm - ((fm - 1) % 3) : 1;
  while (y * 12 + m <= ty * 12 + tm) {
    const endM = m + step - 1;
    const key = granularity === 'month' ? `${y}-${pad(m)}` : granularity === 'quarter' ? `${y}-Q${(m + 2) / 3}` : String(y);
    out.push({ key, start: `${y}-${pad(m)}-01`, end: lastDay(y, endM) });
    m += step;
    if (m > 12) {
      y += 1;
      m -= 12;
    }
  }
  return out;
}

// ─── Collection plans 回款计划 ─────────────────────────────────────────────────────────────

export type InstalmentStatus = 'received' | 'overdue' | 'due_this_week' | 'partial' | 'not_due';

/**
 * Fills what was received on a contract into its instalments in due-date order (FIFO, then by
 * seq): each takes up to its amount; anything beyond the plan stays unassigned (`excess`).
 */
export function fillInstalments<T extends { dueDate: string; seq: number; amount: number }>(instalments: readonly T[], received: number): { filled: Map<T, number>; excess: number } {
  const ordered = [...instalments].sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.seq - b.seq));
  let left = Math.max(0, received);
  const filled = new Map<T, number>();
  for (const i of ordered) {
    const take = Math.min(i.amount, left);
    filled.set(i, take);
    left -= take;
  }
  return { filled, excess: left };
}

/**
 * One status per instalment as of a date, the first that applies: 已回款 fully received;
 * 逾期 due before the date; 本周到期 due from the date to this week's Sunday; 部分回款 partly
 * received and due later; 未到期 otherwise. (A partly received overdue instalment is 逾期: that
 * is what the clerk must chase; the progress bar shows the part received.)
 */
export function instalmentStatus(dueDate: string, amount: number, filled: number, asOf: string): InstalmentStatus {
  if (filled >= amount) return 'received';
  if (dueDate < asOf) return 'overdue';
  if (dueDate <= weekOf(asOf).end) return 'due_this_week';
  if (filled > 0) return 'partial';
  return 'not_due';
}

/**
 * A promise to pay 承诺付款 as of a date: kept when what the customer paid from the note's date
 * through the promise date reaches the promised amount (any payment when no amount was given);
 * broken when the promise date has passed without that; else pending.
 */
export function promiseStatus(promiseDate: string, promiseAmount: number | null, paidInWindow: number, asOf: string): 'kept' | 'broken' | 'pending' {
  const kept = promiseAmount === null ? paidInWindow > 0 : paidInWindow >= promiseAmount;
  if (kept) return 'kept';
  return promiseDate < asOf ? 'broken' : 'pending';
}

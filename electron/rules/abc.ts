/**
 * ABC grading (DOMAIN.md §1): rank customers by net sales of the trailing 12 months, highest
 * first, ties by code. A customer is A when the customers ranked above it hold less than
 * `thresholds.a` of the total, B when they hold less than `thresholds.b`, else C. Customers with
 * no sales in the window (zero, or a net return) are C. A manual grade wins and stays marked.
 *
 * Pure: the caller sums the sales. Shares are compared exactly (BigInt cross-multiplication),
 * never through a rounded percentage; the basis points reported are floored, for display.
 */
export type Grade = 'A' | 'B' | 'C';

export interface AbcCustomer {
  id: number;
  code: string;
  /** Net sales in the window, 分 (may be ≤ 0). */
  sales: number;
  manualGrade: Grade | null;
}

export interface AbcThresholds {
  /** Basis points, a < b. */
  a: number;
  b: number;
}

export interface AbcResult {
  id: number;
  code: string;
  sales: number;
  /** 1 = highest sales. */
  rank: number;
  /** Sum of the sales of the customers ranked above (with positive sales). */
  above: number;
  /** floor(above / total × 10000); 0 when the total is 0. */
  shareAboveBp: number;
  /** floor((above + own) / total × 10000) for positive sales, else the share above. */
  cumulativeBp: number;
  computed: Grade;
  grade: Grade;
  manual: boolean;
}

export interface AbcOutcome {
  /** Sum of the positive sales: what the shares are shares of. */
  total: number;
  results: AbcResult[];
}

const bp = (part: bigint, total: bigint) => (total > 0n ? Number((part * 10_000n) / total) : 0);

/** Ranks and grades; the result is in rank order. */
export function gradeCustomers(customers: readonly AbcCustomer[], thresholds: AbcThresholds): AbcOutcome {
  const ranked = [...customers].sort((x, y) => {
    const px = x.sales > 0 ? 0 : 1;
    const py = y.sales > 0 ? 0 : 1;
    if (px !== py) return px - py;
    if (x.sales !== y.sales) return y.sales - x.sales;
    return x.code < y.code ? -1 : x.code > y.code ? 1 : x.id - y.id;
  });
  let totalN = 0n;
  for (const c of ranked) if (c.sales > 0) totalN += BigInt(c.sales);
  const a = BigInt(thresholds.a);
  const b = BigInt(thresholds.b);
  let above = 0n;
  const results = ranked.map((c, i): AbcResult => {
    let computed: Grade = 'C';
    const aboveNow = above;
    if (c.sales > 0) {
      if (aboveNow * 10_000n < a * totalN) computed = 'A';
      else if (aboveNow * 10_000n < b * totalN) computed = 'B';
      above += BigInt(c.sales);
    }
    return {
      id: c.id,
      code: c.code,
      sales: c.sales,
      rank: i + 1,
      above: Number(aboveNow),
      shareAboveBp: bp(aboveNow, totalN),
      cumulativeBp: bp(above, totalN),
      computed,
      grade: c.manualGrade ?? computed,
      manual: c.manualGrade !== null,
    };
  });
  return { total: Number(totalN), results };
}

/** The trailing-12-month window ending on `asOf` (inclusive): from the day after the same date a year earlier. */
export function trailingYear(asOf: string): { from: string; to: string } {
  const d = new Date(`${asOf}T00:00:00Z`);
  const y = d.getUTCFullYear() - 1;
  const m = d.getUTCMonth();
  const day = d.getUTCDate();
  // 2024-02-29 → a year earlier is 2023-02-28 (clamped); the window starts the day after.
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const start = new Date(Date.UTC(y, m, Math.min(day, lastDay) + 1));
  return { from: start.toISOString().slice(0, 10), to: asOf };
}

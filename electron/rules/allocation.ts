/**
 * Pure allocation rules (issue #5): the FIFO planner and the small-difference planner. No I/O:
 * the services load open items, call these, and post the result through the ledger.
 */

export interface OpenItem {
  id: number;
  date: string;
  dueDate: string;
  balance: number;
}
export interface PlannedLine {
  receivableId: number;
  amount: number;
}

/** Oldest due first: due date, then document date, then id (a total order, so plans are stable). */
export function fifoOrder(a: OpenItem, b: OpenItem): number {
  if (a.dueDate !== b.dueDate) return a.dueDate < b.dueDate ? -1 : 1;
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  return a.id - b.id;
}

/**
 * Spreads `available` 分 over the open items oldest due first; each item gets at most its
 * balance; the last one touched may be partly paid. Items with no balance are skipped.
 */
export function planFifo(items: readonly OpenItem[], available: number): PlannedLine[] {
  const out: PlannedLine[] = [];
  let left = Math.max(0, Math.trunc(available));
  for (const it of [...items].sort(fifoOrder)) {
    if (left <= 0) break;
    if (it.balance <= 0) continue;
    const a = Math.min(left, it.balance);
    out.push({ receivableId: it.id, amount: a });
    left -= a;
  }
  return out;
}

export type DifferencePlan =
  | { ok: true; writeOffs: PlannedLine[] }
  | { ok: false; receivableId: number; remainder: number };

/**
 * What a 尾差核销 (small-difference write-off) closes after an allocation: each touched item's
 * remaining balance when 0 < remainder ≤ tolerance. A remainder above the tolerance is refused
 * (the first one found is reported) rather than silently left open: the clerk asked to close.
 */
export function planSmallDifferences(touched: readonly { receivableId: number; remainder: number }[], tolerance: number): DifferencePlan {
  const writeOffs: PlannedLine[] = [];
  for (const t of touched) {
    if (t.remainder <= 0) continue;
    if (t.remainder > tolerance) return { ok: false, receivableId: t.receivableId, remainder: t.remainder };
    writeOffs.push({ receivableId: t.receivableId, amount: t.remainder });
  }
  return { ok: true, writeOffs };
}

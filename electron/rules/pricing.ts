/**
 * The pricing engine (DOMAIN.md §2): for (customer, product, quantity, date) take the most
 * specific price list that has a valid item — customer > grade > channel > base — and within it
 * the item with the highest minimum quantity not above the ordered quantity. Pure: the caller
 * loads the candidate lists; the answer carries a trace of every list and item considered.
 */

export const LIST_KINDS = ['customer', 'grade', 'channel', 'base'] as const;
export type ListKind = (typeof LIST_KINDS)[number];

export interface PriceItem {
  id: number;
  minQty: number;
  /** Minor units (分) per unit. */
  price: number;
  /** Inclusive ISO dates; null is open-ended. */
  validFrom: string | null;
  validTo: string | null;
}

export interface CandidateList {
  id: number;
  name: string;
  kind: ListKind;
  active: boolean;
  /** Items of this list for the product being quoted. */
  items: PriceItem[];
}

export interface QuoteQuery {
  quantity: number;
  /** ISO date of the order. */
  date: string;
}

export type ItemOutcome = 'taken' | 'quantity_below_minimum' | 'not_yet_valid' | 'expired' | 'lower_break';
export type ListOutcome = 'used' | 'inactive' | 'no_valid_item' | 'not_needed';

export interface ListTrace {
  listId: number;
  listName: string;
  kind: ListKind;
  outcome: ListOutcome;
  items: { itemId: number; minQty: number; price: number; validFrom: string | null; validTo: string | null; outcome: ItemOutcome }[];
}

export type QuoteDecision =
  | { found: true; price: number; listId: number; listName: string; kind: ListKind; itemId: number; minQty: number }
  | { found: false };

export interface QuoteResult {
  decision: QuoteDecision;
  trace: ListTrace[];
}

const RANK: Record<ListKind, number> = { customer: 0, grade: 1, channel: 2, base: 3 };

function itemOutcome(item: PriceItem, q: QuoteQuery): ItemOutcome | null {
  if (item.validFrom !== null && q.date < item.validFrom) return 'not_yet_valid';
  if (item.validTo !== null && q.date > item.validTo) return 'expired';
  if (item.minQty > q.quantity) return 'quantity_below_minimum';
  return null; // eligible
}

/** Orders lists by specificity (ties by id, so the answer never depends on load order). */
export function quote(lists: readonly CandidateList[], q: QuoteQuery): QuoteResult {
  const ordered = [...lists].sort((a, b) => RANK[a.kind] - RANK[b.kind] || a.id - b.id);
  const trace: ListTrace[] = [];
  let decision: QuoteDecision = { found: false };
  for (const list of ordered) {
    const items = [...list.items].sort((a, b) => b.minQty - a.minQty || a.id - b.id);
    const base = { listId: list.id, listName: list.name, kind: list.kind };
    const describe = (i: PriceItem, outcome: ItemOutcome) => ({ itemId: i.id, minQty: i.minQty, price: i.price, validFrom: i.validFrom, validTo: i.validTo, outcome });
    if (decision.found) {
      trace.push({ ...base, outcome: 'not_needed', items: [] });
      continue;
    }
    if (!list.active) {
      trace.push({ ...base, outcome: 'inactive', items: [] });
      continue;
    }
    let taken: PriceItem | null = null;
    const itemTrace = items.map((i) => {
      const blocked = itemOutcome(i, q);
      if (blocked) return describe(i, blocked);
      if (taken) return describe(i, 'lower_break');
      taken = i;
      return describe(i, 'taken');
    });
    const chosen = taken as PriceItem | null;
    if (chosen) {
      decision = { found: true, price: chosen.price, listId: list.id, listName: list.name, kind: list.kind, itemId: chosen.id, minQty: chosen.minQty };
    }
    trace.push({ ...base, outcome: chosen ? 'used' : 'no_valid_item', items: itemTrace });
  }
  return { decision, trace };
}

/** Two items of one list for one product and minimum quantity must not be valid on the same day. */
export function overlaps(a: Pick<PriceItem, 'validFrom' | 'validTo'>, b: Pick<PriceItem, 'validFrom' | 'validTo'>): boolean {
  const aFrom = a.validFrom ?? '0000-01-01';
  const aTo = a.validTo ?? '9999-12-31';
  const bFrom = b.validFrom ?? '0000-01-01';
  const bTo = b.validTo ?? '9999-12-31';
  return aFrom <= bTo && bFrom <= aTo;
}

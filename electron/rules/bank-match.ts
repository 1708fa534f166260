/**
 * Bank line → customer and open items (银行对账 matching). Pure: the service loads customers,
 * open debit items, document numbers and the payer names/accounts confirmed before, builds a
 * MatchIndex once per import, and asks for one proposal per line.
 *
 * Score 0–100 = identity + amount (+10 when two identity signals agree), capped at 100:
 *   identity  reference quotes a document number 70 · payer account confirmed before 65 ·
 *             payer name confirmed before 60 · name similarity 50 × similarity (≥ 0.5)
 *   amount    equals the referenced items / one open item 30 · a FIFO prefix of open items 25 ·
 *             another combination of the oldest ≤ 25 items 20 · nothing sums exactly 0
 *             (FIFO allocation, the rest stays as 预收 prepayment)
 * An amount that equals exactly one open item in the whole company (and nothing else points
 * anywhere) proposes that item at 35: worth a look, never enough for bulk confirmation.
 */
import { bigrams, companyNameVariants, compareGrams, isAbbreviation, normaliseCompanyName } from './company-names';

export interface MatchCustomer {
  id: number;
  name: string;
  shortName: string | null;
}
export interface MatchItem {
  id: number;
  customerId: number;
  number: string;
  externalRef: string | null;
  orderNumber: string | null;
  date: string;
  balance: number;
}
export interface MatchLine {
  amount: number;
  payerName: string | null;
  payerAccount: string | null;
  reference: string | null;
  memo: string | null;
}
export type ReasonCode =
  | 'reference'
  | 'known_account'
  | 'known_payer'
  | 'name_exact'
  | 'name_abbreviation'
  | 'name_similar'
  | 'amount_exact'
  | 'amount_fifo'
  | 'amount_combination'
  | 'amount_unique'
  | 'prepayment';
export interface Reason {
  code: ReasonCode;
  /** A document number, a percentage or an amount in 分 — whatever the code needs to be explained. */
  detail?: string | number;
}
export interface ProposalItem {
  receivableId: number;
  number: string;
  amount: number;
}
export interface Proposal {
  customerId: number;
  score: number;
  reasons: Reason[];
  items: ProposalItem[];
  /** Left unallocated on the receipt (预收). */
  prepayment: number;
  /** Runner-up customers, best first (at most 3). */
  alternatives: { customerId: number; score: number }[];
}

type NameHit = { similarity: number; kind: 'exact' | 'abbreviation' | 'similar' };

const SUBSET_MAX_ITEMS = 25;
const SUBSET_MAX_NODES = 50_000;
/** A bigram shared by more customers than this says nothing about who paid. */
const MAX_POSTING = 5_000;
/** Names starting with the same two characters as this many customers (广州…) cannot single one out. */
const MAX_HEAD = 300;

export interface MatchIndex {
  customers: Map<number, { id: number; names: string[]; grams: string[][]; minGrams: number }>;
  /** Name matches per payer name: statements repeat the same payers. */
  nameCache: Map<string, Map<number, NameHit>>;
  /** Open debit items per customer, oldest first (FIFO). */
  items: Map<number, MatchItem[]>;
  /** Upper-cased document number (receivable number, invoice number, order number) → items. */
  docs: Map<string, MatchItem[]>;
  /** amount → number of open items with that balance, and one of them. */
  amounts: Map<number, { n: number; item: MatchItem }>;
  /** Normalised payer name confirmed before → customers. */
  knownPayers: Map<string, Set<number>>;
  knownAccounts: Map<string, Set<number>>;
  /** Bigram → customers whose (normalised) name contains it. */
  /** Bigram → dense customer indexes (positions in `dense`), counted per line in `counts`. */
  byBigram: Map<string, number[]>;
  dense: { id: number; minGrams: number }[];
  counts: Int32Array;
  /**
   * Abbreviation candidates without a shared bigram (深国投 ↔ 深圳国际信托投资):
   * name[0] + name[j] (any later j) → customers, looked up with a short payer's first two characters;
   * name[0] + name[1] → customers, looked up with a long payer's (first, any later) pairs.
   */
  byHeadPair: Map<string, number[]>;
  byHead2: Map<string, number[]>;
}

const fifo = (a: MatchItem, b: MatchItem) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id - b.id);
const push = <K, V>(m: Map<K, V[]>, k: K, v: V) => {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
};
const addToSet = <K, V>(m: Map<K, Set<V>>, k: K, v: V) => {
  const s = m.get(k);
  if (s) s.add(v);
  else m.set(k, new Set([v]));
};
export const normaliseAccount = (s: string) => s.normalize('NFKC').replace(/[\s-]/g, '');
const docKey = (s: string) => s.normalize('NFKC').trim().toUpperCase();

export function buildIndex(input: {
  customers: readonly MatchCustomer[];
  items: readonly MatchItem[];
  knownPayers: readonly { name: string; customerId: number }[];
  knownAccounts: readonly { account: string; customerId: number }[];
}): MatchIndex {
  const idx: MatchIndex = {
    customers: new Map(), items: new Map(), docs: new Map(), amounts: new Map(), knownPayers: new Map(), knownAccounts: new Map(), byBigram: new Map(), dense: [], counts: new Int32Array(input.customers.length), byHeadPair: new Map(), byHead2: new Map(), nameCache: new Map(),
  };
  for (const c of input.customers) {
    const names = [...new Set([c.name, c.shortName].filter((n): n is string => !!n).flatMap(companyNameVariants))];
    const grams = names.map(bigrams);
    idx.customers.set(c.id, { id: c.id, names, grams, minGrams: Math.min(...grams.map((g) => g.length)) });
    const k = idx.dense.length;
    idx.dense.push({ id: c.id, minGrams: Math.min(...grams.map((g) => g.length)) });
    for (const g of new Set(grams.flat())) push(idx.byBigram, g, k);
    const pairs = new Set<string>();
    const heads = new Set<string>();
    for (const n of names) {
      const ch = [...n];
      if (ch.length < 2) continue;
      heads.add((ch[0] as string) + (ch[1] as string));
      for (let j = 1; j < ch.length; j++) pairs.add((ch[0] as string) + (ch[j] as string));
    }
    for (const k of pairs) push(idx.byHeadPair, k, c.id);
    for (const k of heads) push(idx.byHead2, k, c.id);
  }
  for (const it of input.items) {
    if (it.balance <= 0) continue;
    push(idx.items, it.customerId, it);
    for (const k of [it.number, it.externalRef, it.orderNumber]) if (k) push(idx.docs, docKey(k), it);
    const a = idx.amounts.get(it.balance);
    if (a) a.n++;
    else idx.amounts.set(it.balance, { n: 1, item: it });
  }
  for (const list of idx.items.values()) list.sort(fifo);
  for (const p of input.knownPayers) {
    const n = normaliseCompanyName(p.name);
    if (n) addToSet(idx.knownPayers, n, p.customerId);
  }
  for (const a of input.knownAccounts) {
    const n = normaliseAccount(a.account);
    if (n) addToSet(idx.knownAccounts, n, a.customerId);
  }
  return idx;
}

/** Candidate document numbers quoted in a reference or memo: runs of letters, digits and dashes. */
export function referenceTokens(text: string): string[] {
  const s = text.normalize('NFKC').toUpperCase();
  const out = new Set<string>();
  for (const m of s.matchAll(/[A-Z0-9][A-Z0-9-]{3,}[A-Z0-9]/g)) {
    out.add(m[0]);
    // 发票04512345/04512346 or AR-2026-000001,AR-2026-000002 are caught whole; a number glued to
    // letters (HT2026001) is also tried without the leading letters.
    const digits = /^[A-Z]+(\d{5,})$/.exec(m[0]);
    if (digits) out.add(digits[1] as string);
  }
  return [...out];
}

interface Candidate {
  customerId: number;
  identity: number;
  signals: number;
  reasons: Reason[];
  refItems: MatchItem[];
}

const NAME_CACHE_MAX = 50_000;

function nameCandidates(idx: MatchIndex, payerName: string): Map<number, NameHit> {
  const cached = idx.nameCache.get(payerName);
  if (cached) return cached;
  const out = findNames(idx, payerName);
  if (idx.nameCache.size < NAME_CACHE_MAX) idx.nameCache.set(payerName, out);
  return out;
}

function findNames(idx: MatchIndex, payerName: string): Map<number, NameHit> {
  const out = new Map<number, NameHit>();
  const variants = companyNameVariants(payerName);
  if (variants.length === 0) return out;
  const variantGrams = variants.map(bigrams);
  const ids = new Set<number>();
  // Similar names: enough shared bigrams for a Dice coefficient of 0.5 (2·shared ≥ ½·(|A| + |B|)).
  const payerGrams = Math.min(...variantGrams.map((g) => g.length));
  const touched: number[] = [];
  const counts = idx.counts;
  for (const g of new Set(variantGrams.flat())) {
    const list = idx.byBigram.get(g);
    if (!list || list.length > MAX_POSTING) continue;
    for (const k of list) if ((counts[k] as number) === 0) {
      counts[k] = 1;
      touched.push(k);
    } else counts[k] = (counts[k] as number) + 1;
  }
  for (const k of touched) {
    const c = idx.dense[k] as { id: number; minGrams: number };
    if (4 * (counts[k] as number) >= payerGrams + c.minGrams) ids.add(c.id);
    counts[k] = 0;
  }
  // Abbreviations either way, through the head-pair indexes. The payer abbreviates a name: the
  // name starts with the payer's first character and holds each of its other characters later
  // (intersection of the pair lists). A name abbreviates the payer: its first two characters are
  // the payer's first and a later one; kept only when it really is an abbreviation.
  for (const v of variants) {
    const ch = [...v];
    if (ch.length < 2) continue;
    const first = ch[0] as string;
    // The shortest pair list, checked name by name (no set intersections: those lists can be long).
    let shortest: number[] | null = null;
    for (const c of new Set(ch.slice(1))) {
      const l = idx.byHeadPair.get(first + c) ?? [];
      if (!shortest || l.length < shortest.length) shortest = l;
    }
    if (shortest && shortest.length <= MAX_HEAD) {
      for (const id of shortest) if (!ids.has(id) && idx.customers.get(id)?.names.some((n) => isAbbreviation(v, n))) ids.add(id);
    }
    const heads = new Set<string>();
    for (let j = 1; j < ch.length; j++) heads.add(first + (ch[j] as string));
    for (const k of heads) {
      const list = idx.byHead2.get(k) ?? [];
      if (list.length > MAX_HEAD) continue;
      for (const id of list) {
        if (!ids.has(id) && idx.customers.get(id)?.names.some((n) => isAbbreviation(n, v))) ids.add(id);
      }
    }
  }
  for (const id of ids) {
    const c = idx.customers.get(id);
    if (!c) continue;
    let best: NameHit | null = null;
    for (let i = 0; i < variants.length; i++) {
      for (let k = 0; k < c.names.length; k++) {
        const r = compareGrams(variants[i] as string, variantGrams[i] as string[], c.names[k] as string, c.grams[k] as string[]);
        if (r && (!best || r.similarity > best.similarity)) best = r;
      }
    }
    if (best) out.set(id, best);
  }
  return out;
}

function candidates(idx: MatchIndex, line: MatchLine): Candidate[] {
  const byId = new Map<number, Candidate>();
  const get = (customerId: number) => {
    let c = byId.get(customerId);
    if (!c) {
      c = { customerId, identity: 0, signals: 0, reasons: [], refItems: [] };
      byId.set(customerId, c);
    }
    return c;
  };
  const signal = (c: Candidate, points: number, reason: Reason) => {
    c.identity = Math.max(c.identity, points);
    if (points >= 40) c.signals++;
    c.reasons.push(reason);
  };

  const text = [line.reference, line.memo].filter(Boolean).join(' ');
  const seenDocs = new Set<number>();
  for (const tok of referenceTokens(text)) {
    for (const it of idx.docs.get(tok) ?? []) {
      if (seenDocs.has(it.id)) continue;
      seenDocs.add(it.id);
      const c = get(it.customerId);
      // The number as quoted, and the receivable it found when that is another document's number.
      const detail = tok === docKey(it.number) ? it.number : `${tok} → ${it.number}`;
      if (c.refItems.length === 0) signal(c, 70, { code: 'reference', detail });
      else c.reasons.push({ code: 'reference', detail });
      c.refItems.push(it);
    }
  }
  if (line.payerAccount) {
    for (const id of idx.knownAccounts.get(normaliseAccount(line.payerAccount)) ?? []) signal(get(id), 65, { code: 'known_account', detail: line.payerAccount });
  }
  const payer = line.payerName ? normaliseCompanyName(line.payerName) : '';
  if (payer) {
    for (const id of idx.knownPayers.get(payer) ?? []) signal(get(id), 60, { code: 'known_payer', detail: line.payerName ?? '' });
    for (const [id, m] of nameCandidates(idx, line.payerName ?? '')) {
      const code = m.kind === 'exact' ? 'name_exact' : m.kind === 'abbreviation' ? 'name_abbreviation' : 'name_similar';
      signal(get(id), Math.round(50 * m.similarity), { code, detail: Math.round(m.similarity * 100) });
    }
  }
  return [...byId.values()];
}

/** Allocates `amount` over items in order, each up to its balance; the rest is prepayment. */
export function allocateInOrder(items: readonly MatchItem[], amount: number): { items: ProposalItem[]; prepayment: number } {
  const out: ProposalItem[] = [];
  let left = amount;
  for (const it of items) {
    if (left <= 0) break;
    const a = Math.min(left, it.balance);
    out.push({ receivableId: it.id, number: it.number, amount: a });
    left -= a;
  }
  return { items: out, prepayment: left };
}

/**
 * Items (oldest ≤ 25) whose balances sum exactly to `amount`, or null. Depth-first over the
 * items sorted by balance descending with a "what is left can still reach it" bound and a node
 * budget, so the work is bounded whatever the balances are.
 */
export function exactSubset(items: readonly MatchItem[], amount: number): MatchItem[] | null {
  const pool = items.slice(0, SUBSET_MAX_ITEMS).filter((i) => i.balance <= amount);
  pool.sort((a, b) => b.balance - a.balance);
  const suffix: number[] = new Array(pool.length + 1).fill(0);
  for (let i = pool.length - 1; i >= 0; i--) suffix[i] = (suffix[i + 1] as number) + (pool[i] as MatchItem).balance;
  let nodes = 0;
  const chosen: MatchItem[] = [];
  const dfs = (i: number, left: number): boolean => {
    if (left === 0) return true;
    if (i >= pool.length || (suffix[i] as number) < left || ++nodes > SUBSET_MAX_NODES) return false;
    const it = pool[i] as MatchItem;
    if (it.balance <= left) {
      chosen.push(it);
      if (dfs(i + 1, left - it.balance)) return true;
      chosen.pop();
    }
    return dfs(i + 1, left);
  };
  return dfs(0, amount) ? [...chosen].sort(fifo) : null;
}

/** The amount part of one candidate's proposal. */
function allocateFor(idx: MatchIndex, c: Candidate, amount: number): { points: number; reason: Reason; items: ProposalItem[]; prepayment: number } {
  const open = idx.items.get(c.customerId) ?? [];
  if (c.refItems.length > 0) {
    const refSum = c.refItems.reduce((a, i) => a + i.balance, 0);
    const rest = open.filter((i) => !c.refItems.includes(i));
    const alloc = allocateInOrder([...c.refItems, ...rest], amount);
    if (refSum === amount) return { points: 30, reason: { code: 'amount_exact', detail: c.refItems.map((i) => i.number).join(', ') }, ...alloc };
    return { points: 0, reason: { code: 'prepayment', detail: alloc.prepayment }, ...alloc };
  }
  const single = open.find((i) => i.balance === amount);
  if (single) return { points: 30, reason: { code: 'amount_exact', detail: single.number }, items: [{ receivableId: single.id, number: single.number, amount }], prepayment: 0 };
  let sum = 0;
  for (let k = 0; k < open.length && sum < amount; k++) {
    sum += (open[k] as MatchItem).balance;
    if (sum === amount) return { points: 25, reason: { code: 'amount_fifo', detail: k + 1 }, ...allocateInOrder(open.slice(0, k + 1), amount) };
  }
  const subset = exactSubset(open, amount);
  if (subset) return { points: 20, reason: { code: 'amount_combination', detail: subset.length }, ...allocateInOrder(subset, amount) };
  const alloc = allocateInOrder(open, amount);
  return { points: 0, reason: { code: 'prepayment', detail: alloc.prepayment }, ...alloc };
}

/** The best proposal for one line, or null when nothing points at any customer. */
export function proposeMatch(idx: MatchIndex, line: MatchLine): Proposal | null {
  const cands = candidates(idx, line);
  if (cands.length === 0) {
    const unique = idx.amounts.get(line.amount);
    if (unique?.n !== 1) return null;
    const it = unique.item;
    return {
      customerId: it.customerId, score: 35, reasons: [{ code: 'amount_unique', detail: it.number }],
      items: [{ receivableId: it.id, number: it.number, amount: line.amount }], prepayment: 0, alternatives: [],
    };
  }
  // Amount matching only for identities within 30 (the most an amount adds) of the strongest:
  // the others cannot win.
  cands.sort((a, b) => b.identity - a.identity || a.customerId - b.customerId);
  const top = (cands[0] as Candidate).identity;
  const scored = cands.filter((c, i) => i < 6 && c.identity >= top - 30).map((c) => {
    const a = allocateFor(idx, c, line.amount);
    const bonus = c.signals >= 2 ? 10 : 0;
    const reasons = a.reason.code === 'prepayment' && a.prepayment === 0 ? c.reasons : [...c.reasons, a.reason];
    return { c, score: Math.min(100, c.identity + a.points + bonus), reasons, items: a.items, prepayment: a.prepayment };
  });
  scored.sort((a, b) => b.score - a.score || a.c.customerId - b.c.customerId);
  const best = scored[0] as (typeof scored)[number];
  return {
    customerId: best.c.customerId, score: best.score, reasons: best.reasons, items: best.items, prepayment: best.prepayment,
    alternatives: scored.slice(1, 4).map((s) => ({ customerId: s.c.customerId, score: s.score })),
  };
}

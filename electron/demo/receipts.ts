/**
 * Receipts 回款 of the demo company, paying the invoices the orders module left open, exactly as
 * the ledger model of docs/receivables.md moves money (the app's own path is ledger.ts; this is
 * the same arithmetic done in memory and bulk-inserted):
 *
 * - every customer gets a payment profile: most pay on time or a little late, some pay late,
 *   some pay only part of each invoice, a few stopped paying at some point; some also prepay
 *   (an advance 预收款 left unapplied) and some pay larger sums by 承兑汇票 acceptance bill
 *   (maturity 3–6 months after receipt);
 * - each receipt is allocated FIFO (oldest invoice first) over the customer's open invoices dated
 *   on or before it; an allocation is dated max(receipt date, invoice date), which here is always
 *   the receipt date because a receipt never pays a later invoice (allowReceiptBeforeInvoice off);
 * - a receipt short by less than ¥1 (bank charges) gets a small-difference write-off of the rest
 *   (write_offs.receipt_id = that receipt); invoices of stopped customers more than a year
 *   overdue are partly written off as bad debt 坏账; a few receipts bounce and are reversed a few
 *   days later (allocations keep their rows, marked reversed_on) and are paid again;
 * - receivables end with balance = amount − Σ active allocations, status and closed_on (the date
 *   of the last active allocation) as ledger.refreshItems computes them;
 * - customers with invoices more than 30 days overdue get collection notes 催收记录.
 *
 * Nothing is dated after today. Only two forward-looking attributes may lie ahead: a bill's
 * maturity date and a collection note's promised payment date.
 *
 * Simulation runs per customer in memory (column-wise arrays: a million receipts stay small);
 * receipts and write-offs are then numbered in date order (RC-/WO-YYYY-…) and everything is
 * written with prepared statements inside the generator's transaction.
 */
import { DEFAULT_SEQUENCES, formatNumber } from '../db/repositories/sequences';
import { type DemoContext, type DemoModule, prepareInsert } from './context';
import { type Rng, WeightedPicker } from './random';

type Profile = 'prompt' | 'slightly_late' | 'late' | 'partial' | 'stopped';
const PROFILES = new WeightedPicker<Profile>(['prompt', 'slightly_late', 'late', 'partial', 'stopped'], [50, 24, 14, 8, 4]);
const HOLD_PROFILES = new WeightedPicker<Profile>(['late', 'partial', 'stopped'], [40, 30, 30]);
const METHODS = ['bank_transfer', 'cash', 'acceptance_bill', 'other'] as const;
const BANK = 0;
const CASH = 1;
const BILL = 2;
const OTHER = 3;

/** Days after the due date a customer of each profile pays (inclusive range). */
const DELAY: Record<Profile, readonly [number, number]> = {
  prompt: [-10, 3],
  slightly_late: [0, 25],
  late: [15, 120],
  partial: [5, 60],
  stopped: [0, 30],
};

const NOTE_TEMPLATES: readonly { channel: string; text: string; promise: boolean }[] = [
  { channel: 'phone', text: '电话催收，客户财务称月底前安排付款', promise: true },
  { channel: 'phone', text: '电话联系对方财务，称资金紧张，申请延期付款', promise: true },
  { channel: 'phone', text: '多次致电未接通，已留言', promise: false },
  { channel: 'visit', text: '上门拜访，与老板面谈，承诺分批付款', promise: true },
  { channel: 'message', text: '微信发送对账单，客户已确认欠款金额', promise: false },
  { channel: 'message', text: '客户称发票未收到，已重新寄送发票', promise: false },
  { channel: 'email', text: '邮件发送对账单及催款通知', promise: false },
  { channel: 'letter', text: '寄送催款函（挂号信）', promise: false },
];
const BOUNCE_REASONS = ['付款退回（收款账户信息有误）', '承兑汇票被拒付'];
const BAD_DEBT_REASONS = ['客户已停业，多次催收无果，经总经理批准核销坏账', '账龄超过一年，客户失联，经批准核销'];
const SMALL_DIFF_REASON = '尾差核销（银行手续费）';

/** A planned receipt of one customer, before it is allocated. */
interface Plan {
  day: number;
  amount: number;
  method: number;
  /** Short by a few 分: write off the rest of the last invoice it pays. */
  short: boolean;
  /** Reversed this many days later (0 = stays). */
  bounceAfter: number;
  /** An advance: kept unapplied. */
  advance: boolean;
  notes: string | null;
}
/** Events of one customer in date order: receipts, reversals, bad-debt write-offs. */
type Event = { day: number; order: number } & ({ t: 'receipt'; plan: Plan } | { t: 'reverse'; receipt: number; reason: string; replan: Plan } | { t: 'bad_debt'; item: number });

const round100 = (cents: number) => Math.round(cents / 10_000) * 10_000; // whole ¥100

export const receiptsModule: DemoModule = {
  name: 'receipts',
  tables: ['receipts', 'allocations', 'write_offs', 'receivables', 'collection_notes', 'sequences'],
  run(ctx) {
    const t0 = performance.now();
    const { data, rng, time } = ctx;
    const today = time.todayDay;
    const rs = data.receivables;
    const n = rs.id.length;
    const iso: string[] = [];
    const isoOf = (day: number) => (iso[day - time.startDay + 400] ??= time.dayToIso(day));

    // Debit items per customer, oldest first (FIFO order: the due date is date + the customer's terms).
    const byCustomer = new Map<number, number[]>();
    for (let g = 0; g < n; g++) {
      const c = rs.customerId[g] as number;
      const list = byCustomer.get(c);
      if (list) list.push(g);
      else byCustomer.set(c, [g]);
    }
    const balance = Float64Array.from(rs.amount);
    const lastActive = new Int32Array(n).fill(-1);
    const badDebt = new Uint8Array(n);
    const touched = new Uint8Array(n);

    // Output, column-wise. Receipts and write-offs are indexed in creation order and numbered later.
    const R = { cust: [] as number[], day: [] as number[], amount: [] as number[], unalloc: [] as number[], method: [] as number[], maturity: [] as number[],
      bill: [] as (string | null)[], notes: [] as (string | null)[], revDay: [] as number[], revReason: [] as (string | null)[], payer: [] as (string | null)[] };
    const A = { cust: [] as number[], item: [] as number[], receipt: [] as number[], writeOff: [] as number[], day: [] as number[], amount: [] as number[], revDay: [] as number[] };
    const W = { cust: [] as number[], item: [] as number[], kind: [] as ('bad_debt' | 'small_difference')[], day: [] as number[], amount: [] as number[], receipt: [] as number[], reason: [] as string[] };
    const notes: { cust: number; owner: number; item: number; day: number; channel: string; text: string; promiseDay: number; promiseAmount: number }[] = [];

    const billNumber = (r: Rng) => `5${String(r.int(0, 999_999_999)).padStart(9, '0')}${String(r.int(0, 999_999_999)).padStart(10, '0')}${String(r.int(0, 999_999_999)).padStart(10, '0')}`;

    for (const c of data.customers) {
      const items = byCustomer.get(c.id);
      if (!items) continue;
      items.sort((a, b) => (rs.day[a] as number) - (rs.day[b] as number) || (rs.id[a] as number) - (rs.id[b] as number));
      const pos = new Map<number, number>(items.map((g, k) => [g, k])); // global index → place in `items`
      const profile = c.creditStatus === 'hold' ? HOLD_PROFILES.pick(rng) : PROFILES.pick(rng);
      const usesBills = rng.chance(c.grade === 'C' ? 0.08 : 0.25);
      const prepays = profile !== 'stopped' && profile !== 'partial' && rng.chance(0.06);
      const stopDay = profile === 'stopped' ? today - rng.int(120, 560) : Number.POSITIVE_INFINITY;
      const [lo, hi] = DELAY[profile];
      const method = (amount: number) => {
        if (usesBills && amount >= 1_000_000 && rng.chance(0.6)) return BILL;
        if (amount < 200_000 && rng.chance(0.3)) return CASH;
        return rng.chance(0.01) ? OTHER : BANK;
      };
      const plan = (day: number, amount: number, extra: Partial<Plan> = {}): Plan => ({
        day, amount, method: method(amount), short: false, bounceAfter: 0, advance: false, notes: null, ...extra,
      });

      // 1. What the customer pays, invoice by invoice.
      // Invoices are paid in the order they were issued (a later one never before an earlier one):
      // receipts then meet FIFO one invoice each, as a clerk's remittance-based matching would.
      const plans: Plan[] = [];
      let lastPay = 0;
      for (const g of items) {
        const day = rs.day[g] as number;
        const amount = rs.amount[g] as number;
        if (day > stopDay || amount <= 0) continue;
        const payDay = Math.max(day, (rs.dueDay[g] as number) + rng.int(lo, hi), lastPay);
        lastPay = payDay;
        const pay = profile === 'partial' ? Math.min(amount, Math.max(10_000, round100(amount * rng.between(0.5, 0.9)))) : amount;
        if (amount >= 200_000 && rng.chance(0.08)) {
          // Two instalments.
          const first = Math.min(pay - 1, Math.max(10_000, round100(pay * rng.between(0.3, 0.7))));
          plans.push(plan(payDay, first));
          plans.push(plan(payDay + rng.int(10, 40), pay - first));
        } else if (pay === amount && amount > 10_000 && rng.chance(0.02)) {
          plans.push(plan(payDay, amount - rng.int(1, 99), { short: true }));
        } else plans.push(plan(payDay, pay));
      }
      if (prepays) plans.push(plan(today - rng.int(1, 60), Math.max(500_000, round100((rs.amount[items[items.length - 1] as number] as number) * rng.between(0.5, 1.5))), { advance: true, notes: '预付货款' }));
      const events: Event[] = [];
      let order = 0;
      for (const p of plans) {
        if (p.day > today) continue;
        if (!p.short && !p.advance && rng.chance(0.002)) p.bounceAfter = rng.int(1, 7);
        events.push({ day: p.day, order: order++, t: 'receipt', plan: p });
      }
      if (profile === 'stopped') {
        for (const g of items) {
          const writeDay = (rs.dueDay[g] as number) + 365 + rng.int(0, 60);
          if ((rs.day[g] as number) > stopDay && writeDay <= today && rng.chance(0.6)) events.push({ day: writeDay, order: order++, t: 'bad_debt', item: g });
        }
      }
      const byDay = (a: Event, b: Event) => a.day - b.day || a.order - b.order;
      events.sort(byDay);

      // 2. Post them in date order, FIFO.
      let head = 0;
      const firstAlloc = A.day.length;
      const allocsOf = new Map<number, number[]>(); // receipt index → allocation indexes
      const allocate = (day: number, amount: number, receipt: number, writeOff: number, g: number) => {
        A.cust.push(c.id);
        A.item.push(g);
        A.receipt.push(receipt);
        A.writeOff.push(writeOff);
        A.day.push(day);
        A.amount.push(amount);
        A.revDay.push(-1);
        balance[g] = (balance[g] as number) - amount;
        lastActive[g] = Math.max(lastActive[g] as number, day);
        touched[g] = 1;
        return A.day.length - 1;
      };
      const writeOff = (day: number, g: number, amount: number, kind: 'bad_debt' | 'small_difference', receipt: number, reason: string) => {
        W.cust.push(c.id);
        W.item.push(g);
        W.kind.push(kind);
        W.day.push(day);
        W.amount.push(amount);
        W.receipt.push(receipt);
        W.reason.push(reason);
        allocate(Math.max(day, rs.day[g] as number), amount, -1, W.day.length - 1, g);
        if (kind === 'bad_debt') badDebt[g] = 1;
      };
      for (let e = 0; e < events.length; e++) {
        const ev = events[e] as Event;
        if (ev.t === 'receipt') {
          const p = ev.plan;
          const ri = R.day.length;
          R.cust.push(c.id);
          R.day.push(p.day);
          R.amount.push(p.amount);
          R.method.push(p.method);
          R.maturity.push(p.method === BILL ? p.day + rng.int(90, 180) : -1);
          R.bill.push(p.method === BILL ? billNumber(rng) : null);
          R.notes.push(p.notes);
          R.payer.push(p.method === CASH ? null : c.name);
          R.revDay.push(-1);
          R.revReason.push(null);
          let left = p.amount;
          const mine: number[] = [];
          let last = -1;
          for (let k = head; !p.advance && k < items.length && left > 0; k++) {
            const g = items[k] as number;
            if ((rs.day[g] as number) > p.day) break;
            const b = balance[g] as number;
            if (b === 0) {
              if (k === head) head++;
              continue;
            }
            const a = Math.min(left, b);
            mine.push(allocate(p.day, a, ri, -1, g));
            left -= a;
            last = g;
            if (balance[g] === 0 && k === head) head++;
          }
          R.unalloc.push(left);
          allocsOf.set(ri, mine);
          if (p.short && last >= 0 && left === 0) {
            const rest = balance[last] as number;
            if (rest > 0 && rest <= 100) writeOff(p.day, last, rest, 'small_difference', ri, SMALL_DIFF_REASON);
          }
          if (p.bounceAfter > 0 && p.day + p.bounceAfter <= today) {
            const day = p.day + p.bounceAfter;
            const reason = BOUNCE_REASONS[p.method === BILL ? 1 : 0] as string;
            const rev: Event = { day, order: order++, t: 'reverse', receipt: ri, reason, replan: plan(day, p.amount, { method: BANK, notes: '退回后重新付款' }) };
            // Keep the queue in date order (reversals are rare: a linear insert is fine).
            let at = e + 1;
            while (at < events.length && byDay(events[at] as Event, rev) <= 0) at++;
            events.splice(at, 0, rev);
          }
        } else if (ev.t === 'reverse') {
          // The receipt bounced: its allocations stay, marked reversed; the invoices reopen.
          const reopened = new Set<number>();
          for (const ai of allocsOf.get(ev.receipt) ?? []) {
            const g = A.item[ai] as number;
            A.revDay[ai] = ev.day;
            balance[g] = (balance[g] as number) + (A.amount[ai] as number);
            reopened.add(g);
            head = Math.min(head, pos.get(g) ?? head);
          }
          R.revDay[ev.receipt] = ev.day;
          R.revReason[ev.receipt] = ev.reason;
          R.unalloc[ev.receipt] = 0;
          // The last active allocation of each reopened item, now that some are reversed.
          for (const g of reopened) lastActive[g] = -1;
          for (let ai = firstAlloc; ai < A.day.length; ai++) {
            const g = A.item[ai] as number;
            if (reopened.has(g) && A.revDay[ai] === -1) lastActive[g] = Math.max(lastActive[g] as number, A.day[ai] as number);
          }
          // The customer pays again on the day the money came back.
          const again: Event = { day: ev.day, order: order++, t: 'receipt', plan: ev.replan };
          let at = e + 1;
          while (at < events.length && byDay(events[at] as Event, again) <= 0) at++;
          events.splice(at, 0, again);
        } else {
          const g = ev.item;
          const b = balance[g] as number;
          if (b > 0) writeOff(ev.day, g, b, 'bad_debt', -1, rng.pick(BAD_DEBT_REASONS));
        }
      }

      // 3. Collection notes for customers more than 30 days overdue now.
      const overdue = items.filter((g) => (balance[g] as number) > 0 && (rs.dueDay[g] as number) < today - 30);
      if (overdue.length > 0 && rng.chance(0.7)) {
        const oldest = overdue[0] as number;
        const owed = overdue.reduce((a, g) => a + (balance[g] as number), 0);
        const from = Math.max((rs.dueDay[oldest] as number) + 1, today - 90);
        const count = rng.int(1, 4);
        for (let k = 0; k < count; k++) {
          const t = rng.pick(NOTE_TEMPLATES);
          const promise = t.promise && rng.chance(0.6);
          notes.push({
            cust: c.id, owner: c.ownerId, item: oldest, day: rng.int(from, today), channel: t.channel, text: t.text,
            promiseDay: promise ? -2 : -1, promiseAmount: promise ? Math.max(10_000, round100(owed * rng.between(0.3, 1))) : 0,
          });
          const note = notes[notes.length - 1] as (typeof notes)[number];
          if (promise) note.promiseDay = note.day + rng.int(3, 21);
        }
      }
    }

    const started = performance.now();
    write(ctx, { R, A, W, notes, balance, lastActive, badDebt, touched, isoOf });
    if (process.env.DEMO_TIMING) console.error(`receipts: simulate ${Math.round(started - t0)} ms, write ${Math.round(performance.now() - started)} ms`);
  },
};

interface Simulated {
  R: { cust: number[]; day: number[]; amount: number[]; unalloc: number[]; method: number[]; maturity: number[]; bill: (string | null)[]; notes: (string | null)[]; revDay: number[]; revReason: (string | null)[]; payer: (string | null)[] };
  /** `item` is the index into ctx.data.receivables; `receipt` / `writeOff` index R / W (−1 for none). */
  A: { cust: number[]; item: number[]; receipt: number[]; writeOff: number[]; day: number[]; amount: number[]; revDay: number[] };
  W: { cust: number[]; item: number[]; kind: ('bad_debt' | 'small_difference')[]; day: number[]; amount: number[]; receipt: number[]; reason: string[] };
  notes: { cust: number; owner: number; item: number; day: number; channel: string; text: string; promiseDay: number; promiseAmount: number }[];
  balance: Float64Array;
  lastActive: Int32Array;
  badDebt: Uint8Array;
  touched: Uint8Array;
  isoOf: (day: number) => string;
}

/** Ranks of small integers (day numbers, receivable indexes) in order, stable (ties keep creation order): a counting sort. */
function dateRanks(days: readonly number[]): Int32Array {
  const ranks = new Int32Array(days.length);
  if (days.length === 0) return ranks;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const d of days) {
    if (d < min) min = d;
    if (d > max) max = d;
  }
  const start = new Int32Array(max - min + 2);
  for (const d of days) start[d - min + 1] = (start[d - min + 1] as number) + 1;
  for (let k = 1; k < start.length; k++) start[k] = (start[k] as number) + (start[k - 1] as number);
  days.forEach((d, i) => {
    ranks[i] = start[d - min] as number;
    start[d - min] = (start[d - min] as number) + 1;
  });
  return ranks;
}

function write(ctx: DemoContext, s: Simulated): void {
  const { sqlite, time, data } = ctx;
  const rs = data.receivables;
  const { R, A, W, isoOf } = s;
  const max = (table: string) => Number(sqlite.prepare(`SELECT coalesce(max(id), 0) FROM ${table}`).pluck().get());
  const thisYear = Number(time.today.slice(0, 4));
  const clock = (day: number, i: number) => time.at(day, 9 * 3600 + ((i * 7919) % (9 * 3600)));

  /** Numbers in date order per yearly series; returns the ids (base + rank + 1) and the current year's count. */
  const numberInDateOrder = (days: readonly number[], base: number, name: 'receipt' | 'write_off') => {
    const ranks = dateRanks(days);
    const byRank = new Int32Array(days.length);
    ranks.forEach((r, i) => {
      byRank[r] = i;
    });
    const numbers: string[] = new Array(days.length);
    const d = DEFAULT_SEQUENCES[name];
    let year = 0;
    let v = 0;
    for (const i of byRank) {
      const y = Number(isoOf(days[i] as number).slice(0, 4));
      if (y !== year) {
        year = y;
        v = 0;
      }
      numbers[i] = formatNumber(d.prefix, d.padding, ++v, y);
    }
    return { ids: ranks.map((r) => base + r + 1), numbers, byRank, current: year === thisYear ? v : 0 };
  };

  // Receipts, in date order.
  const rBase = max('receipts');
  const rn = numberInDateOrder(R.day, rBase, 'receipt');
  const insReceipt = prepareInsert(sqlite, 'receipts', [
    'id', 'number', 'customer_id', 'date', 'amount', 'unallocated', 'method', 'bill_number', 'bill_maturity_date', 'reference', 'payer_name', 'notes',
    'status', 'reversed_on', 'reverse_reason', 'reversed_by', 'created_by', 'created_at', 'updated_at',
  ]);
  const REFERENCES = ['货款', '承兑汇票', '现金缴款', null];
  for (const i of rn.byRank) {
    const day = R.day[i] as number;
    const rev = R.revDay[i] as number;
    const method = R.method[i] as number;
    const created = clock(day, i);
    insReceipt([
      rn.ids[i], rn.numbers[i], R.cust[i], isoOf(day), R.amount[i], R.unalloc[i], METHODS[method], R.bill[i], method === BILL ? isoOf(R.maturity[i] as number) : null,
      REFERENCES[method], R.payer[i], R.notes[i], rev >= 0 ? 'reversed' : 'posted', rev >= 0 ? isoOf(rev) : null, R.revReason[i],
      rev >= 0 ? data.financeId : null, data.financeId, created, rev >= 0 ? clock(rev, i) : created,
    ]);
  }

  // Write-offs, in date order.
  const wn = numberInDateOrder(W.day, max('write_offs'), 'write_off');
  const insWriteOff = prepareInsert(sqlite, 'write_offs', [
    'id', 'number', 'customer_id', 'receivable_id', 'kind', 'date', 'amount', 'reason', 'receipt_id', 'created_by', 'created_at',
  ]);
  for (const i of wn.byRank) {
    const r = W.receipt[i] as number;
    insWriteOff([
      wn.ids[i], wn.numbers[i], W.cust[i], rs.id[W.item[i] as number], W.kind[i], isoOf(W.day[i] as number), W.amount[i], W.reason[i],
      r >= 0 ? rn.ids[r] : null, data.financeId, clock(W.day[i] as number, i),
    ]);
  }

  // Allocations, customer by customer as they were made.
  const insAllocation = prepareInsert(sqlite, 'allocations', [
    'customer_id', 'receivable_id', 'source', 'receipt_id', 'write_off_id', 'date', 'amount', 'reversed_on', 'created_by', 'created_at',
  ]);
  // In receivable order (≈ chronological): the receivable, receipt and date indexes then grow in runs.
  const byItem = new Int32Array(A.day.length);
  dateRanks(A.item).forEach((rank, i) => {
    byItem[rank] = i;
  });
  for (const i of byItem) {
    const r = A.receipt[i] as number;
    const w = A.writeOff[i] as number;
    const rev = A.revDay[i] as number;
    insAllocation([
      A.cust[i], rs.id[A.item[i] as number], r >= 0 ? 'receipt' : 'write_off', r >= 0 ? rn.ids[r] : null, w >= 0 ? wn.ids[w] : null, isoOf(A.day[i] as number),
      A.amount[i], rev >= 0 ? isoOf(rev) : null, data.financeId, clock(A.day[i] as number, i),
    ]);
  }

  // Receivables: balance, status and closed_on as ledger.refreshItems sets them.
  const upd = sqlite.prepare('UPDATE receivables SET balance = ?, status = ?, closed_on = ?, updated_at = ? WHERE id = ?');
  for (let g = 0; g < rs.id.length; g++) {
    if (!s.touched[g]) continue;
    const b = s.balance[g] as number;
    const amount = rs.amount[g] as number;
    const status = b === 0 ? (s.badDebt[g] ? 'written_off' : 'paid') : b === amount ? 'open' : 'partly_paid';
    const last = s.lastActive[g] as number;
    upd.run(b, status, b === 0 ? isoOf(last) : null, clock(Math.max(last, rs.day[g] as number), g), rs.id[g]);
  }

  const insNote = prepareInsert(sqlite, 'collection_notes', [
    'customer_id', 'receivable_id', 'date', 'channel', 'note', 'promise_date', 'promise_amount', 'created_by', 'created_at',
  ]);
  s.notes.sort((a, b) => a.day - b.day || a.cust - b.cust);
  s.notes.forEach((x, i) => {
    insNote([x.cust, rs.id[x.item], isoOf(x.day), x.channel, x.text, x.promiseDay >= 0 ? isoOf(x.promiseDay) : null, x.promiseAmount || null, x.owner, clock(x.day, i)]);
  });

  // The app continues this year's series after the generated documents.
  const seq = sqlite.prepare(
    'INSERT INTO sequences (name, prefix, padding, next_value, yearly, year) VALUES (?, ?, ?, ?, 1, ?) ON CONFLICT(name) DO UPDATE SET next_value = excluded.next_value, year = excluded.year',
  );
  for (const [name, current] of [['receipt', rn.current], ['write_off', wn.current]] as const) {
    const d = DEFAULT_SEQUENCES[name];
    seq.run(name, d.prefix, d.padding, current + 1, thisYear);
  }
}

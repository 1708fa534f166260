/**
 * Column layouts of the main Chinese banks' statement exports 账户明细 (built in), the header
 * synonyms a mapping is guessed from, and picking the preset a file fits.
 * Layouts differ per bank and even per channel (网银 vs 银企直连); the clerk can adjust the mapping
 * and save it as their own preset.
 */
import type { BankField, BankMapping } from '../../../shared/schemas/bank';

export const BUILTIN_PRESETS: { name: string; mapping: BankMapping }[] = [
  {
    name: '工商银行',
    mapping: { date: '交易时间', debit: '借方发生额', credit: '贷方发生额', payerName: '对方单位名称', payerAccount: '对方账号', memo: '摘要', reference: '用途', serial: '凭证号', account: '本方账号' },
  },
  {
    name: '建设银行',
    mapping: { date: '记账日期', debit: '借方发生额（支取）', credit: '贷方发生额（收入）', payerName: '对方户名', payerAccount: '对方账号', memo: '摘要', reference: '备注', serial: '账户明细编号-交易流水号', account: '账号' },
  },
  {
    name: '农业银行',
    mapping: { date: '交易日期', debit: '支出金额', credit: '收入金额', payerName: '对方户名', payerAccount: '对方账号', memo: '摘要', reference: '交易用途', serial: '交易流水号' },
  },
  {
    name: '中国银行',
    mapping: { date: '交易日期', amount: '交易金额', payerName: '付款人名称', payerAccount: '付款人账号', memo: '摘要', reference: '用途', serial: '交易流水号', account: '收款人账号' },
  },
  {
    name: '招商银行',
    mapping: { date: '交易日', debit: '借方金额', credit: '贷方金额', payerName: '收(付)方名称', payerAccount: '收(付)方帐号', memo: '摘要', reference: '用途', serial: '流水号' },
  },
  {
    name: '交通银行',
    mapping: { date: '交易日期', debit: '借方发生额', credit: '贷方发生额', payerName: '对方户名', payerAccount: '对方账号', memo: '摘要', reference: '附言', serial: '会计流水号' },
  },
];

/** Lower-cased, NFKC header texts per field, best first. */
const SYNONYMS: Record<BankField, readonly string[]> = {
  date: ['交易日期', '记账日期', '交易日', '入账日期', '交易时间', '日期', 'date', 'transaction date', 'value date'],
  credit: ['贷方发生额', '贷方发生额(收入)', '贷方金额', '收入金额', '收入', '存入金额', '贷方', 'credit', 'credit amount', 'deposit'],
  debit: ['借方发生额', '借方发生额(支取)', '借方金额', '支出金额', '支出', '支取金额', '借方', 'debit', 'debit amount', 'withdrawal'],
  amount: ['交易金额', '发生额', '金额', 'amount'],
  payerName: ['对方户名', '对方账户名称', '对方单位名称', '对方名称', '收(付)方名称', '付款人名称', '付款人', '对方单位', 'payer', 'payer name', 'counterparty'],
  payerAccount: ['对方账号', '对方帐号', '收(付)方帐号', '收(付)方账号', '付款人账号', '对方账户', 'payer account', 'counterparty account'],
  memo: ['摘要', '交易摘要', 'memo', 'summary', 'description'],
  reference: ['用途', '附言', '备注', '交易用途', '交易附言', 'reference', 'remark', 'purpose'],
  serial: ['交易流水号', '流水号', '凭证号', '会计流水号', '账户明细编号-交易流水号', '交易参考号', '业务参考号', 'serial', 'transaction id', 'reference no'],
  account: ['本方账号', '账号', '本方帐号', '我方账号', 'account', 'account no'],
};

export const normaliseHeader = (h: string) => h.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, '').replace(/[：:*]$/, '');

/** Guesses a mapping from the headers: an exact synonym first, then a header that starts with one. */
export function guessMapping(headers: readonly string[]): BankMapping {
  const norm = headers.map(normaliseHeader);
  const used = new Set<number>();
  const out: BankMapping = {};
  for (const pass of ['exact', 'prefix'] as const) {
    for (const [field, syns] of Object.entries(SYNONYMS) as [BankField, readonly string[]][]) {
      if (out[field]) continue;
      for (const syn of syns) {
        const s = normaliseHeader(syn);
        const i = norm.findIndex((h, k) => !used.has(k) && (pass === 'exact' ? h === s : h.startsWith(s)));
        if (i >= 0) {
          out[field] = headers[i] as string;
          used.add(i);
          break;
        }
      }
    }
  }
  // A file with credit/debit columns has no single signed amount column.
  if (out.credit && out.amount) delete out.amount;
  return out;
}

/** Header of the file that a preset's header text names (compared normalised), or null. */
export function findHeader(headers: readonly string[], wanted: string): string | null {
  const w = normaliseHeader(wanted);
  return headers.find((h) => normaliseHeader(h) === w) ?? null;
}

/** The preset all of whose mapped headers the file has (most fields wins), with the mapping in the file's spelling. */
export function pickPreset(headers: readonly string[], presets: readonly { name: string; mapping: BankMapping }[]): { name: string; mapping: BankMapping } | null {
  let best: { name: string; mapping: BankMapping; n: number } | null = null;
  for (const p of presets) {
    const mapped: BankMapping = {};
    let all = true;
    let n = 0;
    for (const [field, header] of Object.entries(p.mapping) as [BankField, string | undefined][]) {
      if (!header) continue;
      const h = findHeader(headers, header);
      if (!h) {
        all = false;
        break;
      }
      mapped[field] = h;
      n++;
    }
    if (all && n > 0 && (!best || n > best.n)) best = { name: p.name, mapping: mapped, n };
  }
  return best && { name: best.name, mapping: best.mapping };
}

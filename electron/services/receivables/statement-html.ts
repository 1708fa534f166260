/**
 * A statement of account as one self-contained HTML page (inline CSS, no script, no external
 * resource) for printing to A4 PDF: the same HTML goes through Electron's printToPDF in the app
 * and headless Chromium in the preview host and tests. Pure: data + language → string.
 *
 * Layout as Chinese statements 对账单 are laid out: title, customer and period, a summary row,
 * the dated lines with a running balance (header repeated on every page), aging at the end of
 * the period, and a confirmation block 客户确认 with signature and stamp lines. Every text from
 * the database is escaped.
 */
import type { Statement, StatementLanguage, StatementLineKind } from '../../../shared/schemas/statements';

const zh = {
  title: '对账单',
  customer: '客户',
  address: '地址',
  contact: '联系人',
  period: '对账期间',
  periodSep: ' 至 ',
  currency: '币种',
  unit: '金额单位：元',
  generated: '制表日期',
  opening: '期初余额',
  invoiced: '本期应收',
  received: '本期收款',
  credited: '红字冲销',
  writtenOff: '坏账核销',
  closing: '期末余额',
  date: '日期',
  kind: '业务类型',
  number: '单据号',
  due: '到期日',
  memo: '摘要',
  debit: '应收（借方）',
  credit: '收款/冲减（贷方）',
  balance: '余额',
  periodTotal: '本期合计',
  noLines: '本期无业务往来',
  aging: '账龄（截至 {{date}}）',
  notDue: '未到期',
  days: '{{a}}–{{b}} 天',
  over: '{{a}} 天以上',
  openItems: '未清应收合计',
  unapplied: '未核销预收/贷项',
  net: '应收净额',
  kinds: {
    opening: '期初应收', invoice: '销售应收', credit_note: '红字冲销', receipt: '收款',
    write_off: '坏账核销', receipt_reversal: '收款冲回', write_off_reversal: '核销冲回',
  } satisfies Record<StatementLineKind, string>,
  request: '请贵公司核对上述账目。如无误，请在“客户确认”处签字盖章后回传；如有不符，请列明不符事项及金额，以便及时核对。',
  confirm: '客户确认',
  agree: '□ 以上对账信息相符',
  disagree: '□ 以上对账信息不符，不符事项：',
  signature: '经办人签字',
  stamp: '单位盖章',
  signDate: '日期',
  preparedBy: '编制单位',
  pageFooter: '"第 " counter(page) " 页 / 共 " counter(pages) " 页"',
  colon: '：',
  /** 对 账 单: spaced as Chinese forms print it; English is not. */
  titleSpacing: '4pt',
  gap: '　　',
  paren: (s: string) => `（${s}）`,
};
type Texts = typeof zh;

const en: Texts = {
  title: 'Statement of Account',
  customer: 'Customer',
  address: 'Address',
  contact: 'Contact',
  period: 'Period',
  periodSep: ' to ',
  currency: 'Currency',
  unit: 'Amounts in yuan',
  generated: 'Prepared on',
  opening: 'Opening balance',
  invoiced: 'Invoiced',
  received: 'Received',
  credited: 'Credit notes',
  writtenOff: 'Written off',
  closing: 'Closing balance',
  date: 'Date',
  kind: 'Type',
  number: 'Document',
  due: 'Due',
  memo: 'Reference',
  debit: 'Debit',
  credit: 'Credit',
  balance: 'Balance',
  periodTotal: 'Period total',
  noLines: 'No transactions in this period',
  aging: 'Aging as of {{date}}',
  notDue: 'Not yet due',
  days: '{{a}}–{{b}} days',
  over: 'Over {{a}} days',
  openItems: 'Open items',
  unapplied: 'Unapplied credits',
  net: 'Net balance due',
  kinds: {
    opening: 'Opening item', invoice: 'Invoice', credit_note: 'Credit note', receipt: 'Receipt',
    write_off: 'Write-off', receipt_reversal: 'Receipt reversed', write_off_reversal: 'Write-off reversed',
  },
  request: 'Please check the entries above. If they agree with your records, sign and stamp the confirmation below and return this statement; if not, list the differences and amounts so that we can reconcile them.',
  confirm: 'Customer confirmation',
  agree: '□ The balance above agrees with our records',
  disagree: '□ The balance does not agree; differences:',
  signature: 'Signature',
  stamp: 'Company stamp',
  signDate: 'Date',
  preparedBy: 'Prepared by',
  pageFooter: '"Page " counter(page) " of " counter(pages)',
  colon: ': ',
  titleSpacing: '0.5pt',
  gap: ' · ',
  paren: (s: string) => ` (${s})`,
};

export const STATEMENT_TEXTS: Record<StatementLanguage, Texts> = { 'zh-CN': zh, en };

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(s: string | null | undefined): string {
  return (s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** Integer 分 → "1,234,567.89" (exact: no float division); negatives as "-1,234.50". */
export function formatCents(cents: number): string {
  const neg = cents < 0;
  const abs = Math.abs(cents);
  const yuan = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}${yuan}.${String(abs % 100).padStart(2, '0')}`;
}

const fill = (t: string, vars: Record<string, string | number>) => t.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(vars[k] ?? ''));

/** Labels of the aging buckets for bounds [30, 60, 90, 180]: 未到期, 1–30 天, …, 180 天以上. */
export function agingLabels(bounds: readonly number[], t: Texts): string[] {
  const out = [t.notDue];
  let lo = 1;
  for (const b of bounds) {
    out.push(fill(t.days, { a: lo, b }));
    lo = b + 1;
  }
  out.push(fill(t.over, { a: bounds[bounds.length - 1] ?? 0 }));
  return out;
}

const FONTS = '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Source Han Sans SC", sans-serif';

const CSS = (t: Texts) => `
@page { size: A4; margin: 14mm 12mm 16mm 12mm;
  @bottom-center { content: ${t.pageFooter}; font-family: ${FONTS}; font-size: 8pt; color: #666; } }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font-family: ${FONTS};
  font-size: 9pt; color: #111; line-height: 1.45; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 1mm; letter-spacing: 0.5pt; }
h2 { font-size: 12pt; text-align: center; margin: 0 0 4mm; font-weight: normal; letter-spacing: ${t.titleSpacing}; }
h3 { font-size: 10pt; margin: 5mm 0 2mm; }
table { width: 100%; border-collapse: collapse; }
.head td { padding: 0.6mm 1mm; vertical-align: top; }
.head .k { color: #555; white-space: nowrap; width: 1%; }
.summary { margin: 3mm 0; table-layout: fixed; }
.summary th, .summary td { border: 0.3mm solid #999; padding: 1.2mm 1.5mm; }
.summary th { background: #f0f2f5; font-weight: normal; text-align: center; }
.lines { table-layout: auto; }
.lines thead { display: table-header-group; }
.lines tfoot { display: table-row-group; }
.lines tr { break-inside: avoid; page-break-inside: avoid; }
.lines th { background: #f0f2f5; border: 0.3mm solid #999; padding: 1.2mm 1.2mm; font-weight: bold; white-space: nowrap; }
.lines td { border: 0.3mm solid #bbb; padding: 0.9mm 1.2mm; vertical-align: top; }
.lines .sub td { background: #fafafa; font-weight: bold; }
.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.nowrap { white-space: nowrap; }
.memo { word-break: break-all; max-width: 45mm; color: #333; }
.neg { color: #b00; }
.empty { text-align: center; color: #777; padding: 3mm; }
.aging th, .aging td { border: 0.3mm solid #999; padding: 1.2mm 1.5mm; }
.aging th { background: #f0f2f5; font-weight: normal; text-align: center; white-space: nowrap; }
.keep { break-inside: avoid; page-break-inside: avoid; }
.request { margin: 4mm 0 2mm; }
.confirm { border: 0.3mm solid #999; padding: 3mm 4mm; }
.confirm .title { font-weight: bold; margin-bottom: 2mm; }
.sign { margin-top: 6mm; display: flex; gap: 8mm; }
.sign div { flex: 1; border-bottom: 0.3mm solid #333; padding-bottom: 6mm; white-space: nowrap; }
.prepared { margin-top: 4mm; text-align: right; }
`;

const money = (cents: number) => `<span${cents < 0 ? ' class="neg"' : ''}>${formatCents(cents)}</span>`;

/** The complete HTML document of a statement in `language`. */
export function statementHtml(s: Statement, language: StatementLanguage): string {
  const t = STATEMENT_TEXTS[language];
  const c = s.customer;
  const contact = [c.contact, c.phone].filter(Boolean).join('  ');
  const head = [
    [t.customer, `${c.code}  ${c.name}`],
    [t.address, c.address ?? ''],
    [t.contact, contact],
  ];
  const head2 = [
    [t.period, `${s.from}${t.periodSep}${s.to}`],
    [t.currency, `${s.currency}${t.paren(t.unit)}`],
    [t.generated, s.generatedAt.slice(0, 10)],
  ];
  const headRows = head
    .map(([k, v], i) => {
      const [k2, v2] = head2[i] ?? ['', ''];
      return `<tr><td class="k">${escapeHtml(k)}</td><td>${escapeHtml(v)}</td><td class="k">${escapeHtml(k2)}</td><td class="nowrap">${escapeHtml(v2)}</td></tr>`;
    })
    .join('');

  const summaryCells: [string, number][] = [
    [t.opening, s.openingBalance],
    [t.invoiced, s.totals.invoiced],
    [t.received, s.totals.received],
    [t.credited, s.totals.credited],
    [t.writtenOff, s.totals.writtenOff],
    [t.closing, s.closingBalance],
  ];

  const lineRows = s.lines
    .map(
      (l) =>
        `<tr><td class="nowrap">${escapeHtml(l.date)}</td><td class="nowrap">${escapeHtml(t.kinds[l.kind])}</td><td class="nowrap">${escapeHtml(l.number)}</td>` +
        `<td class="nowrap">${escapeHtml(l.dueDate ?? '')}</td><td class="memo">${escapeHtml(l.memo ?? '')}</td>` +
        `<td class="num">${l.debit ? money(l.debit) : ''}</td><td class="num">${l.credit ? money(l.credit) : ''}</td><td class="num">${money(l.balance)}</td></tr>`,
    )
    .join('\n');

  const labels = agingLabels(s.aging.bounds, t);
  const a = s.aging;

  return `<!DOCTYPE html>
<html lang="${language === 'en' ? 'en' : 'zh-CN'}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(`${t.title} ${c.code} ${s.from}–${s.to}`)}</title>
<style>${CSS(t)}</style></head>
<body>
<h1>${escapeHtml(s.company.name)}</h1>
<h2>${escapeHtml(t.title)}</h2>
<table class="head">${headRows}</table>
<table class="summary"><tr>${summaryCells.map(([k]) => `<th>${escapeHtml(k)}</th>`).join('')}</tr>
<tr>${summaryCells.map(([, v]) => `<td class="num">${money(v)}</td>`).join('')}</tr></table>
<table class="lines">
<thead><tr><th>${escapeHtml(t.date)}</th><th>${escapeHtml(t.kind)}</th><th>${escapeHtml(t.number)}</th><th>${escapeHtml(t.due)}</th><th>${escapeHtml(t.memo)}</th>` +
    `<th class="num">${escapeHtml(t.debit)}</th><th class="num">${escapeHtml(t.credit)}</th><th class="num">${escapeHtml(t.balance)}</th></tr></thead>
<tbody>
<tr class="sub"><td class="nowrap">${escapeHtml(s.from)}</td><td colspan="4">${escapeHtml(t.opening)}</td><td></td><td></td><td class="num">${money(s.openingBalance)}</td></tr>
${lineRows || `<tr><td colspan="8" class="empty">${escapeHtml(t.noLines)}</td></tr>`}
<tr class="sub"><td></td><td colspan="4">${escapeHtml(t.periodTotal)}</td><td class="num">${money(s.totals.debit)}</td><td class="num">${money(s.totals.credit)}</td><td></td></tr>
<tr class="sub"><td class="nowrap">${escapeHtml(s.to)}</td><td colspan="4">${escapeHtml(t.closing)}</td><td></td><td></td><td class="num">${money(s.closingBalance)}</td></tr>
</tbody></table>
<div class="keep">
<h3>${escapeHtml(fill(t.aging, { date: a.asOf }))}</h3>
<table class="aging"><tr>${labels.map((l) => `<th>${escapeHtml(l)}</th>`).join('')}<th>${escapeHtml(t.openItems)}</th><th>${escapeHtml(t.unapplied)}</th><th>${escapeHtml(t.net)}</th></tr>
<tr>${a.buckets.map((b) => `<td class="num">${money(b)}</td>`).join('')}<td class="num">${money(a.openItems)}</td><td class="num">${money(a.unappliedCredits)}</td><td class="num">${money(a.openItems - a.unappliedCredits)}</td></tr></table>
</div>
<div class="keep">
<p class="request">${escapeHtml(t.request)}</p>
<div class="confirm"><div class="title">${escapeHtml(t.confirm)}</div>
<div>${escapeHtml(t.agree)}</div><div>${escapeHtml(t.disagree)}</div>
<div class="sign"><div>${escapeHtml(t.signature + t.colon)}</div><div>${escapeHtml(t.stamp + t.colon)}</div><div>${escapeHtml(t.signDate + t.colon)}</div></div></div>
<p class="prepared">${escapeHtml(t.preparedBy + t.colon + s.company.name + t.gap + t.generated + t.colon + s.generatedAt.slice(0, 10))}</p>
</div>
</body></html>
`;
}

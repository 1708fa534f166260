/** The statement's HTML (statement-html.ts) and file names (statement-files.ts): pure functions. */
import { describe, expect, it } from 'vitest';
import type { Statement } from '../../shared/schemas/statements';
import { safeFileNamePart, statementFileName } from '../../electron/services/receivables/statement-files';
import { agingLabels, escapeHtml, formatCents, STATEMENT_TEXTS, statementHtml } from '../../electron/services/receivables/statement-html';

const invoiceLine: Statement['lines'][number] = { date: '2026-01-05', kind: 'invoice', number: 'AR-2026-000001', dueDate: '2026-02-04', memo: null, debit: 100_000, credit: 0, balance: 1_234_667_89 };
const base: Statement = {
  company: { name: '杭州云帆贸易有限公司' },
  customer: { id: 1, code: 'C0001', name: '杭州联华超市有限公司', address: '浙江省 杭州市 文三路 1 号', contact: '王芳', phone: '0571-88888888' },
  from: '2026-01-01',
  to: '2026-03-31',
  currency: 'CNY',
  openingBalance: 1_234_567_89,
  lines: [
    invoiceLine,
    { date: '2026-01-06', kind: 'receipt', number: 'RC-2026-000001', dueDate: null, memo: '货款', credit: 50, debit: 0, balance: 1_234_667_39 },
  ],
  totals: { debit: 100_000, credit: 50, invoiced: 100_000, received: 50, credited: 0, writtenOff: 0 },
  closingBalance: 1_234_667_39,
  aging: { asOf: '2026-03-31', bounds: [30, 60, 90, 180], buckets: [0, 100_000, 0, 0, 0, 1_234_567_39], openItems: 1_234_667_39, unappliedCredits: 0 },
  generatedAt: '2026-11-20T02:00:00.000Z',
};

describe('statement HTML', () => {
  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [100, '1.00'],
    [123_456_789, '1,234,567.89'],
    [-150, '-1.50'],
    [-100_000_000_00, '-100,000,000.00'],
    [Number.MAX_SAFE_INTEGER, '90,071,992,547,409.91'],
  ])('formats %i 分 as %s', (cents, text) => {
    expect(formatCents(cents)).toBe(text);
  });

  it('escapes every text that comes from the database', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const evil = '<script>alert(1)</script>';
    const html = statementHtml(
      {
        ...base,
        company: { name: `${evil}公司` },
        customer: { ...base.customer, code: `C"><img src=x>`, name: evil, address: evil, contact: evil, phone: '&lt;' },
        lines: [{ ...invoiceLine, number: evil, memo: `</td></tr></table>${evil}` }],
      },
      'zh-CN',
    );
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('</td></tr></table><');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;公司');
    expect(html).toContain('&amp;lt;');
  });

  it('has both languages, the CJK font stack, A4, a repeated header, page numbers and the confirmation block', () => {
    const zh = statementHtml(base, 'zh-CN');
    const en = statementHtml(base, 'en');
    for (const word of ['对账单', '期初余额', '本期应收', '本期收款', '红字冲销', '坏账核销', '期末余额', '账龄', '客户确认', '单位盖章', '销售应收']) expect(zh).toContain(word);
    for (const word of ['Statement of Account', 'Opening balance', 'Closing balance', 'Aging as of 2026-03-31', 'Customer confirmation', 'Company stamp']) expect(en).toContain(word);
    expect(en).not.toMatch(/对账单|期初余额|：/);
    for (const html of [zh, en]) {
      expect(html).toMatch(/font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei"/);
      expect(html).toContain('size: A4');
      expect(html).toContain('thead { display: table-header-group; }');
      expect(html).toContain('counter(page)');
      expect(html).not.toMatch(/<script|src=|href=/i);
      // Amounts right-aligned with thousands separators.
      expect(html).toContain('<td class="num"><span>1,234,567.89</span></td>');
    }
    expect(zh).toContain('<html lang="zh-CN">');
    expect(statementHtml({ ...base, lines: [] }, 'zh-CN')).toContain('本期无业务往来');
  });

  it('labels aging buckets from the settings bounds', () => {
    expect(agingLabels([30, 60, 90, 180], STATEMENT_TEXTS['zh-CN'])).toEqual(['未到期', '1–30 天', '31–60 天', '61–90 天', '91–180 天', '180 天以上']);
    expect(agingLabels([15], STATEMENT_TEXTS.en)).toEqual(['Not yet due', '1–15 days', 'Over 15 days']);
  });
});

describe('statement file names', () => {
  it.each([
    ['C0001', '杭州联华超市有限公司', 'zh-CN', '对账单_C0001_杭州联华超市有限公司_2026-01-01_2026-03-31.pdf'],
    ['A/B:1', 'Foo* "Bar" <Ltd>.', 'en', 'Statement_A_B_1_Foo_ _Bar_ _Ltd>_2026-01-01_2026-03-31.pdf'.replace('>', '_')],
    ['C2', '   ', 'zh-CN', '对账单_C2___2026-01-01_2026-03-31.pdf'],
  ] as const)('%s %s → %s', (code, name, lang, expected) => {
    expect(statementFileName(code, name, '2026-01-01', '2026-03-31', lang)).toBe(expected);
  });
  it('never returns an empty or dot-ended part', () => {
    expect(safeFileNamePart('...')).toBe('_');
    expect(safeFileNamePart('a\u0000b\nc')).toBe('a_b_c');
    expect(safeFileNamePart('x'.repeat(100), 10)).toBe('x'.repeat(10));
  });
});

/** Pure rules of bank matching: company names, reference tokens, exact subsets, proposals. */
import { describe, expect, it } from 'vitest';
import { type MatchItem, buildIndex, exactSubset, proposeMatch, referenceTokens } from '../../electron/rules/bank-match';
import { companyNameVariants, compareNames, dice, isAbbreviation, normaliseCompanyName } from '../../electron/rules/company-names';

describe('normaliseCompanyName', () => {
  it.each([
    ['华润万家生活超市（广州）有限公司', '华润万家生活超市'],
    ['广东省深圳市华润万家有限公司', '华润万家'],
    ['深圳国际信托投资有限责任公司', '深圳国际信托投资'],
    ['上海 宝钢集团股份有限公司', '宝钢'],
    ['ＡＢＣ贸易（香港）有限公司', 'abc贸易'],
    ['杭州市西湖区某某商行', '某某商行'],
    ['北京华联集团有限公司北京分公司', '华联集团有限公司北京'],
    ['深圳市公司', '深圳市'],
    ['Acme Trading Co., Ltd.', 'acmetrading'],
  ])('%s → %s', (raw, want) => {
    expect(normaliseCompanyName(raw)).toBe(want);
  });
});

describe('companyNameVariants', () => {
  it.each([
    ['杭州联华超市有限公司', ['杭州联华超市', '联华超市']],
    ['深圳国际信托投资有限责任公司', ['深圳国际信托投资', '国际信托投资']],
    ['华润万家', ['华润万家']],
    ['上海市', ['上海市']],
  ])('%s → %j', (raw, want) => {
    expect(companyNameVariants(raw)).toEqual(want);
  });
});

describe('name comparison', () => {
  it.each([
    ['华润万家', '华润万家生活超市', 'abbreviation'],
    ['深国投', '深圳国际信托投资', 'abbreviation'],
    ['宝钢', '宝钢', 'exact'],
    ['华润万佳生活超市', '华润万家生活超市', 'similar'],
    ['华润万家超市', '华润万家生活超市', 'abbreviation'],
    ['国投', '深圳国际信托投资', null], // must start with the same character
    ['万家华润', '华润万家', 'similar'], // out of order: not an abbreviation, but 2 of 3 bigrams shared
    ['润华', '华润万家', null],
    ['永辉超市', '华润万家生活超市', null],
  ])('%s vs %s → %s', (a, b, kind) => {
    expect(compareNames(a, b)?.kind ?? null).toBe(kind);
  });
  it('dice and abbreviation basics', () => {
    expect(dice('华润万家', '华润万家')).toBe(1);
    expect(dice('ab', 'cd')).toBe(0);
    expect(isAbbreviation('深国投', '深圳国际信托投资')).toBe(true);
    expect(isAbbreviation('深', '深圳')).toBe(false);
  });
});

describe('referenceTokens', () => {
  it.each([
    ['货款 AR-2026-000001', ['AR-2026-000001']],
    ['发票04512345,04512346', ['04512345', '04512346']],
    ['ｓｏ－２０２６－０００００７付款', ['SO-2026-000007']],
    ['HT2026001', ['HT2026001', '2026001']],
    ['货款', []],
  ])('%s', (text, want) => {
    expect(referenceTokens(text)).toEqual(want);
  });
});

const item = (id: number, customerId: number, balance: number, date = `2026-01-${String(id % 28 + 1).padStart(2, '0')}`, extra: Partial<MatchItem> = {}): MatchItem => ({
  id, customerId, number: `AR-${id}`, externalRef: null, orderNumber: null, date, balance, ...extra,
});

describe('exactSubset', () => {
  it.each([
    [[100, 200, 300], 500, [200, 300]],
    [[100, 200, 300], 600, [100, 200, 300]],
    [[100, 200, 300], 50, null],
    [[700, 250, 130, 90], 340, [250, 90]],
  ])('%j → %d', (balances, amount, want) => {
    const items = balances.map((b, i) => item(i + 1, 1, b));
    const r = exactSubset(items, amount);
    expect(r ? r.map((i) => i.balance).sort((a, b) => a - b) : null).toEqual(want ? [...want].sort((a, b) => a - b) : null);
  });
  it('is bounded: 25 items that never sum exactly return quickly', () => {
    const items = Array.from({ length: 200 }, (_, i) => item(i + 1, 1, 1000 * (i + 1) + 2));
    const t = Date.now();
    expect(exactSubset(items, 7_777_777)).toBeNull();
    expect(Date.now() - t).toBeLessThan(2000); // a guard against exponential search, not a benchmark
  });
});

describe('proposeMatch', () => {
  const customers = [
    { id: 1, name: '华润万家生活超市（广州）有限公司', shortName: null },
    { id: 2, name: '深圳国际信托投资有限责任公司', shortName: null },
    { id: 3, name: '永辉超市股份有限公司', shortName: '永辉' },
    { id: 4, name: '宝钢集团有限公司', shortName: null },
  ];
  const items: MatchItem[] = [
    item(11, 1, 10_000, '2026-01-01'),
    item(12, 1, 20_000, '2026-01-02'),
    item(13, 1, 35_000, '2026-01-03'),
    item(21, 2, 88_800, '2026-02-01', { externalRef: '04512345' }),
    item(22, 2, 11_100, '2026-02-02'),
    item(31, 3, 50_000, '2026-03-01', { orderNumber: 'SO-2026-000031' }),
    item(41, 4, 77_777, '2026-04-01'),
    item(42, 4, 12_345, '2026-04-02'),
  ];
  const idx = buildIndex({ customers, items, knownPayers: [{ name: '广州万佳贸易商行', customerId: 1 }], knownAccounts: [{ account: '6222 0000 1111', customerId: 3 }] });
  const line = (o: Partial<{ amount: number; payerName: string; payerAccount: string; reference: string; memo: string }>) => ({
    amount: o.amount ?? 1, payerName: o.payerName ?? null, payerAccount: o.payerAccount ?? null, reference: o.reference ?? null, memo: o.memo ?? null,
  });

  it.each([
    // [case, line, customer, score, reason codes, items [id, amount], prepayment]
    ['invoice number in the memo, exact amount', line({ amount: 88_800, payerName: '某某公司', memo: '付发票04512345' }), 2, 100, ['reference', 'amount_exact'], [[21, 88_800]], 0],
    ['order number in the reference', line({ amount: 50_000, reference: 'SO-2026-000031 货款' }), 3, 100, ['reference', 'amount_exact'], [[31, 50_000]], 0],
    ['abbreviated payer, one item exact', line({ amount: 11_100, payerName: '深国投' }), 2, 73, ['name_abbreviation', 'amount_exact'], [[22, 11_100]], 0],
    ['full legal name vs trading name, FIFO prefix', line({ amount: 30_000, payerName: '广东省华润万家生活超市（广州）有限公司' }), 1, 75, ['name_exact', 'amount_fifo'], [[11, 10_000], [12, 20_000]], 0],
    ['combination that is not a FIFO prefix', line({ amount: 45_000, payerName: '华润万家' }), 1, 63, ['name_abbreviation', 'amount_combination'], [[11, 10_000], [13, 35_000]], 0],
    ['nothing sums: FIFO then 预收', line({ amount: 100_000, payerName: '华润万家' }), 1, 43, ['name_abbreviation', 'prepayment'], [[11, 10_000], [12, 20_000], [13, 35_000]], 35_000],
    ['payer name confirmed before', line({ amount: 10_000, payerName: '广州万佳贸易商行' }), 1, 90, ['known_payer', 'amount_exact'], [[11, 10_000]], 0],
    ['payer account confirmed before', line({ amount: 50_000, payerName: '张三', payerAccount: '622200001111' }), 3, 95, ['known_account', 'amount_exact'], [[31, 50_000]], 0],
    ['amount unique in the company, nothing else', line({ amount: 77_777, payerName: '李四' }), 4, 35, ['amount_unique'], [[41, 77_777]], 0],
  ])('%s', (_case, l, customerId, score, reasons, alloc, prepayment) => {
    const p = proposeMatch(idx, l);
    expect(p).not.toBeNull();
    expect(p?.customerId).toBe(customerId);
    expect(p?.score).toBe(score);
    expect(p?.reasons.map((r) => r.code)).toEqual(reasons);
    expect(p?.items.map((i) => [i.receivableId, i.amount])).toEqual(alloc);
    expect(p?.prepayment).toBe(prepayment);
  });

  it('nothing points anywhere → no proposal', () => {
    expect(proposeMatch(idx, line({ amount: 1234, payerName: '张三' }))).toBeNull();
  });
  it('a referenced invoice and a matching name corroborate (+10)', () => {
    const p = proposeMatch(idx, line({ amount: 88_800, payerName: '深圳国际信托投资有限公司', memo: '04512345' }));
    expect(p?.customerId).toBe(2);
    expect(p?.score).toBe(100);
    const partial = proposeMatch(idx, line({ amount: 50_000, payerName: '深圳国际信托投资有限公司', memo: '04512345' }));
    expect(partial?.score).toBe(80); // 70 + 10, the amount does not equal the invoice
    expect(partial?.items).toEqual([{ receivableId: 21, number: 'AR-21', amount: 50_000 }]);
  });
});

/**
 * Property: however a day's statement is cut into overlapping files and imported (in any order,
 * any number of times), the stored lines never exceed the statement's lines, and once the whole
 * statement has been imported they are exactly its lines — identical payments included.
 * Without serial numbers, via the (tuple, occurrence) fingerprint.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app';

let app: TestApp;
let admin: string;

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.setup();
});
afterAll(() => app.dispose());

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEAD = '交易日期,贷方发生额,对方户名,摘要';
const mapping = { date: '交易日期', credit: '贷方发生额', payerName: '对方户名', memo: '摘要' };
const file = (lines: string[]) => Buffer.from([HEAD, ...lines].join('\n'), 'utf8').toString('base64');

describe('bank import, overlapping files', () => {
  it('never stores more lines than the statement, and exactly its lines once it is imported whole', async () => {
    const sqlite = app.workspace.current().sqlite;
    for (let round = 0; round < 25; round++) {
      const r = rng(round + 1);
      const day = `2026-${String(1 + (round % 12)).padStart(2, '0')}-${String(1 + Math.floor(round / 12)).padStart(2, '0')}`;
      // Few distinct payments, so identical lines are common.
      const n = 3 + Math.floor(r() * 12);
      const lines = Array.from({ length: n }, () => `${day},${(1 + Math.floor(r() * 3)) * 50}.00,付款人${Math.floor(r() * 2)},货款`);
      const stored = () => (sqlite.prepare('SELECT count(*) n FROM bank_lines WHERE date = ?').get(day) as { n: number }).n;
      for (let k = 0; k < 4; k++) {
        const i = Math.floor(r() * n);
        const j = i + Math.floor(r() * (n - i));
        await app.ok('bank.import', { fileName: `part-${round}-${k}.csv`, contentBase64: file(lines.slice(i, j + 1)), mapping }, admin);
        expect(stored()).toBeLessThanOrEqual(n);
      }
      await app.ok('bank.import', { fileName: `whole-${round}.csv`, contentBase64: file(lines), mapping }, admin);
      expect(stored()).toBe(n);
      const again = await app.ok('bank.import', { fileName: `whole-${round}.csv`, contentBase64: file(lines), mapping }, admin);
      expect(again).toMatchObject({ importId: null, newLines: 0, duplicateCount: n });
      // Per distinct payment, as many stored lines as the statement has.
      const counts = new Map<string, number>();
      for (const l of lines) counts.set(l, (counts.get(l) ?? 0) + 1);
      const rows = sqlite.prepare('SELECT amount, payer_name FROM bank_lines WHERE date = ?').all(day) as { amount: number; payer_name: string }[];
      const got = new Map<string, number>();
      for (const row of rows) {
        const key = `${day},${(row.amount / 100).toFixed(2)},${row.payer_name},货款`;
        got.set(key, (got.get(key) ?? 0) + 1);
      }
      expect(got).toEqual(counts);
    }
  });
});

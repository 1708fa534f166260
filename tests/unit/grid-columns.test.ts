/** The grid's date and decimal cells (renderer/src/components/grid/columns.ts) and quantity display (format.ts). */
import { describe, expect, it } from 'vitest';
import { exportValue, isoDate, parseInput, type SheetColumn } from '../../renderer/src/components/grid/columns';
import { formatQuantity } from '../../renderer/src/format';

type Row = { id: number; d: string | null; q: string };
const loc = { currency: 'CNY', locale: 'zh-CN' };
const t = (k: string) => k;
const date: SheetColumn<Row> = { field: 'd', headerName: 'd', kind: 'date', nullable: true };
const qty: SheetColumn<Row> = { field: 'q', headerName: 'q', kind: 'decimal' };
const row: Row = { id: 1, d: null, q: '0' };

describe('date cells', () => {
  it.each([
    ['2026-01-31', '2026-01-31'],
    ['2026/1/5', '2026-01-05'],
    ['2026.12.1', '2026-12-01'],
    ['2024-02-29', '2024-02-29'],
    ['2026-02-29', null],
    ['2026-13-01', null],
    ['05/03/2026', null],
    ['2026-1', null],
  ])('%s → %s', (text, iso) => {
    expect(isoDate(text)).toBe(iso);
    expect(parseInput(date, text, loc, t)).toEqual(iso ? { ok: true, value: iso } : { ok: false, message: 'masterdata.cellErrors.date' });
  });

  it('an empty cell clears a nullable date; the export is ISO text', () => {
    expect(parseInput(date, '  ', loc, t)).toEqual({ ok: true, value: null });
    expect(exportValue(date, '2026-01-05', row, loc)).toBe('2026-01-05');
    expect(exportValue(date, null, row, loc)).toBeNull();
  });
});

describe('decimal cells', () => {
  it.each([
    ['10', '10'],
    ['1,000', '1000'],
    ['2.50', '2.5'],
    ['007', '7'],
    ['0', '0'],
    ['0.125', '0.125'],
    ['3.0', '3'],
  ])('%s → %s', (text, value) => {
    expect(parseInput(qty, text, loc, t)).toEqual({ ok: true, value });
  });

  it.each(['-3', 'abc', '1.2.3', '1e3'])('%s is refused', (text) => {
    expect(parseInput(qty, text, loc, t).ok).toBe(false);
  });

  it('exports as a number', () => {
    expect(exportValue(qty, '2.5', row, loc)).toBe(2.5);
  });
});

describe('formatQuantity', () => {
  it.each([
    ['1800', '1,800'],
    ['1234567.125', '1,234,567.125'],
    ['0.5', '0.5'],
    ['-20', '-20'],
    ['n/a', 'n/a'],
  ])('%s → %s', (text, shown) => {
    expect(formatQuantity(text, 'en-US')).toBe(shown);
  });
});

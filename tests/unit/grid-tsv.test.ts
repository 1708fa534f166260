/** Clipboard text of Excel / WPS → cells, and CSV for Excel (renderer/src/components/grid/tsv.ts). */
import { describe, expect, it } from 'vitest';
import { parseTsv, toCsv, toTsv } from '../../renderer/src/components/grid/tsv';

describe('parseTsv', () => {
  it.each([
    ['one cell', 'C001', [['C001']]],
    ['rows and columns with CRLF and a trailing line break', 'C001\t甲\r\nC002\t乙\r\n', [['C001', '甲'], ['C002', '乙']]],
    ['empty cells kept', 'a\t\tc\n\tb\t', [['a', '', 'c'], ['', 'b', '']]],
    ['quoted cell with a tab, a line break and a quote', '"x\ty"\t"line1\nline2"\t"say ""hi"""', [['x\ty', 'line1\nline2', 'say "hi"']]],
    ['blank lines at the end dropped (WPS whole-row selection)', 'a\tb\n\t\n\n', [['a', 'b']]],
    ['a quote inside an unquoted cell stays', '5" screen\tx', [['5" screen', 'x']]],
  ])('%s', (_label, text, rows) => {
    expect(parseTsv(text)).toEqual(rows);
  });

  it('round-trips through toTsv', () => {
    const rows = [['C001', '杭州 "联华"', 'a\tb'], ['', 'x\ny', '']];
    expect(parseTsv(toTsv(rows))).toEqual(rows);
  });
});

describe('toCsv', () => {
  it('starts with a UTF-8 byte-order mark, quotes what needs it, CRLF rows', () => {
    const csv = toCsv([['编码', '名称', '额度'], ['C001', '杭州,联华 "超市"', 12345.5], ['C002', null, 0]]);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.slice(1)).toBe('编码,名称,额度\r\nC001,"杭州,联华 ""超市""",12345.5\r\nC002,,0\r\n');
  });

  it('neutralises cells that Excel would run as formulas', () => {
    expect(toCsv([['=HYPERLINK("x")', '+1', '-2', '@a', 'ok']]).slice(1)).toBe(`"'=HYPERLINK(""x"")",'+1,'-2,'@a,ok\r\n`);
  });
});

/** Import parsing: encodings, delimiters, RFC 4180 quoting, XLSX (dates, numbers, merged headers), garbage, amounts. */
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { detectDelimiter, parseCsv, parseCsvRecords } from '../../electron/services/import/csv';
import { parseFile } from '../../electron/services/import/parse';
import { ImportFileError } from '../../electron/services/import/table';
import { parseAmount, parseDate, parseDiscount, parseInteger, parseQuantity } from '../../electron/services/import/values';
import { guessMapping } from '../../shared/schemas/imports';

const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const SAMPLE = '订单号,日期,客户编码,数量,金额\nSO-1,2024-03-05,C001,2,"1,234.50"\n';

async function refused(name: string, bytes: Uint8Array): Promise<ImportFileError> {
  try {
    await parseFile(name, bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(ImportFileError);
    return e as ImportFileError;
  }
  throw new Error('expected the file to be refused');
}

describe('CSV encodings', () => {
  it('reads UTF-8 without and with a BOM and reports which', async () => {
    const plain = await parseFile('a.csv', utf8(SAMPLE));
    expect(plain).toMatchObject({ format: 'csv', encoding: 'utf-8', delimiter: ',' });
    expect(plain.tables[0]?.headers).toEqual(['订单号', '日期', '客户编码', '数量', '金额']);
    const bom = await parseFile('a.csv', new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(SAMPLE)]));
    expect(bom.encoding).toBe('utf-8-bom');
    expect(bom.tables[0]?.headers[0]).toBe('订单号');
    expect(bom.tables[0]?.rows).toEqual(plain.tables[0]?.rows);
  });

  it('falls back to GB18030 for a GBK file (as Excel on Chinese Windows saves it)', async () => {
    const gbk = new Uint8Array(iconv.encode('客户编码,客户名称,区域\nC001,杭州恒信商贸有限公司,华东\n', 'gbk'));
    const f = await parseFile('客户.csv', gbk);
    expect(f.encoding).toBe('gb18030');
    expect(f.tables[0]?.headers).toEqual(['客户编码', '客户名称', '区域']);
    expect(f.tables[0]?.rows).toEqual([['C001', '杭州恒信商贸有限公司', '华东']]);
  });

  it('reads UTF-16 with a BOM (Excel "Unicode text")', async () => {
    const bytes = new Uint8Array([0xff, 0xfe, ...iconv.encode('编码\t名称\r\nA1\t甲\r\n', 'utf-16le')]);
    const f = await parseFile('u.txt', bytes);
    expect(f).toMatchObject({ encoding: 'utf-16le', delimiter: '\t' });
    expect(f.tables[0]?.rows).toEqual([['A1', '甲']]);
  });
});

describe('CSV delimiters and quoting', () => {
  it.each([
    [',', 'a,b,c\n1,2,3\n'],
    [';', 'a;b;c\n1;"2,5";3\n'],
    ['\t', 'a\tb\tc\n1,5\t2\t3\n'],
  ])('detects %j', (d, text) => {
    expect(detectDelimiter(text)).toBe(d);
  });

  it('prefers the delimiter that splits every line the same way', () => {
    expect(detectDelimiter('name;amount\n"Smith, J";1,5\n"Lee, K";2,0\n')).toBe(';');
  });

  it('parses RFC 4180: doubled quotes, delimiters and line breaks inside quotes, CRLF', () => {
    const { records, lines } = parseCsvRecords('a,b\r\n"x ""y""","1,2"\r\n"multi\r\nline",z\r\n\r\nlast,row', ',');
    expect(records).toEqual([['a', 'b'], ['x "y"', '1,2'], ['multi\r\nline', 'z'], ['last', 'row']]);
    // Row numbers as a spreadsheet shows them: the blank line counts, the quoted break does not.
    expect(lines).toEqual([1, 2, 3, 5]);
  });

  it('names the line of an unclosed quote', () => {
    expect(() => parseCsvRecords('a,b\n1,"open\n2,3\n', ',')).toThrow(/Line 2: a quoted field is never closed/);
  });

  it('keeps row numbers, trims cells and skips blank rows', () => {
    const { table } = parseCsv('编码,名称\n A1 , 甲 \n,\nA2,乙\n');
    expect(table.rows).toEqual([['A1', '甲'], ['A2', '乙']]);
    expect(table.rowNumbers).toEqual([2, 4]);
  });

  it('makes empty and repeated headers unique', () => {
    expect(parseCsv('金额,,金额\n1,2,3\n').table.headers).toEqual(['金额', '(column B)', '金额 (2)']);
  });
});

describe('files that are neither CSV nor XLSX', () => {
  it('refuses a PNG renamed .csv', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);
    expect((await refused('photo.csv', png)).message).toMatch(/not a CSV or XLSX file.*PNG/);
  });

  it('refuses 10 MB of random bytes quickly', async () => {
    const bytes = new Uint8Array(10 * 1024 * 1024);
    let x = 12345;
    for (let i = 0; i < bytes.length; i++) {
      x = (x * 1103515245 + 12345) >>> 0;
      bytes[i] = x >>> 24;
    }
    const t = performance.now();
    const e = await refused('garbage.csv', bytes);
    expect(e.code).toBe('not_text');
    expect(performance.now() - t).toBeLessThan(3000);
  });

  it('refuses printable text without columns, an empty file, a zip that is not a workbook, and a text file named .xlsx', async () => {
    expect((await refused('a.csv', utf8('lorem ipsum dolor\nsit amet\n'))).code).toBe('no_delimiter');
    expect((await refused('a.csv', new Uint8Array())).code).toBe('empty_file');
    expect((await refused('a.xlsx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]))).code).toBe('bad_xlsx');
    expect((await refused('a.xlsx', utf8(SAMPLE))).code).toBe('not_csv_or_xlsx');
    expect((await refused('old.xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).message).toMatch(/\.xls/);
  });
});

async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('XLSX', () => {
  it('reads every sheet; dates, numbers, formulas and rich text come out right', async () => {
    const bytes = await workbook((wb) => {
      const ws = wb.addWorksheet('销售明细');
      ws.addRow(['订单号', '日期', '数量', '金额', '备注']);
      ws.addRow(['SO-1', new Date(Date.UTC(2024, 2, 5)), 3, 1234.5, { richText: [{ text: '加' }, { text: '急' }] }]);
      ws.addRow(['SO-2', new Date(Date.UTC(2024, 11, 31, 14, 30)), 0.1 + 0.2, { formula: 'C3*2', result: 0.6 }, null]);
      wb.addWorksheet('空表');
    });
    const f = await parseFile('sales.xlsx', bytes);
    expect(f).toMatchObject({ format: 'xlsx', encoding: null });
    expect(f.tables.map((t) => [t.name, t.error])).toEqual([
      ['销售明细', null],
      ['空表', 'The sheet is empty.'],
    ]);
    expect(f.tables[0]?.rows).toEqual([
      ['SO-1', '2024-03-05', '3', '1234.5', '加急'],
      ['SO-2', '2024-12-31 14:30:00', '0.3', '0.6', ''],
    ]);
    expect(f.tables[0]?.rowNumbers).toEqual([2, 3]);
  });

  it('refuses merged header cells and names them', async () => {
    const bytes = await workbook((wb) => {
      const ws = wb.addWorksheet('报表');
      ws.addRow(['客户', '', '金额']);
      ws.addRow(['编码', '名称', '']);
      ws.mergeCells('A1:B1');
      ws.mergeCells('C1:C2');
    });
    const f = await parseFile('merged.xlsx', bytes);
    expect(f.tables[0]?.error).toMatch(/row 1.*merged cells: A1:B1, C1:C2/);
  });
});

describe('amounts (refuse what is ambiguous, round half-up to 分)', () => {
  it.each([
    ['1234.5', 123450],
    ['1,234.5', 123450],
    ['1,234,567.89', 123456789],
    ['¥1,234.00', 123400],
    ['1234元', 123400],
    ['0.005', 1],
    ['0.004', 0],
    ['12.345', 1235],
    ['.5', 50],
    ['１２３４．５０', 123450],
    ['  99  ', 9900],
  ])('%j → %i 分', (text, cents) => {
    expect(parseAmount(text, false)).toMatchObject({ ok: true, value: cents });
  });

  it.each([
    ['1,23', 'number_decimal_comma'],
    ['1234,5', 'number_decimal_comma'],
    ['1.234,50', 'number_decimal_comma'],
    ['1,2345.00', 'number_thousands'],
    ['12,34,567', 'number_thousands'],
    ['1 234', 'number_format'],
    ['1e5', 'number_format'],
    ['12.3.4', 'number_format'],
    ['abc', 'number_format'],
    ['-5', 'number_negative'],
    ['(1,234.50)', 'number_negative'],
    ['99999999999999', 'number_too_large'],
  ])('%j is refused (%s)', (text, code) => {
    expect(parseAmount(text, false)).toMatchObject({ ok: false, code });
  });

  it('reads negatives (minus or accountants’ parentheses) only where allowed; rounds half away from zero', () => {
    expect(parseAmount('(1,234.50)', true)).toMatchObject({ ok: true, value: -123450 });
    expect(parseAmount('-0.005', true)).toMatchObject({ ok: true, value: -1 });
    expect(parseAmount('-(5)', true)).toMatchObject({ ok: false, code: 'number_format' });
  });

  it('says visibly when full-width text was normalised', () => {
    expect(parseAmount('１２３４．５０')).toMatchObject({ ok: true, value: 123450, note: 'full-width "１２３４．５０" read as "1234.50"' });
    expect(parseAmount('1234.50')).not.toHaveProperty('note');
  });

  it('quantities in thousandths, integers, discounts as money or as a rate of the gross', () => {
    expect(parseQuantity('2.5')).toMatchObject({ ok: true, value: 2500 });
    expect(parseQuantity('-1', true)).toMatchObject({ ok: true, value: -1000 });
    expect(parseInteger('30', 0, 3650)).toMatchObject({ ok: true, value: 30 });
    expect(parseInteger('30.5', 0, 3650)).toMatchObject({ ok: false, code: 'integer_format' });
    expect(parseInteger('4000', 0, 3650)).toMatchObject({ ok: false, code: 'out_of_range' });
    expect(parseDiscount('12.50', 10000)).toMatchObject({ ok: true, value: 1250 });
    // net 95.00 at 5% off: gross 100.00, discount 5.00
    expect(parseDiscount('5%', 9500)).toMatchObject({ ok: true, value: 500 });
    expect(parseDiscount('100%', 9500)).toMatchObject({ ok: false });
  });
});

describe('dates', () => {
  it.each([
    ['2024-03-05', '2024-03-05'],
    ['2024/3/5', '2024-03-05'],
    ['2024.03.05', '2024-03-05'],
    ['20240305', '2024-03-05'],
    ['2024年3月5日', '2024-03-05'],
    ['2024-03-05 14:30:00', '2024-03-05'],
    ['２０２４－０３－０５', '2024-03-05'],
    ['2024-02-29', '2024-02-29'],
  ])('%j → %s', (text, iso) => {
    expect(parseDate(text)).toMatchObject({ ok: true, value: iso });
  });

  it.each([
    ['05/03/2024', 'date_ambiguous'],
    ['3/5/24', 'date_ambiguous'],
    ['2023-02-29', 'date_invalid'],
    ['2024-13-01', 'date_invalid'],
    ['yesterday', 'date_format'],
    ['45356', 'date_format'],
  ])('%j is refused (%s)', (text, code) => {
    expect(parseDate(text)).toMatchObject({ ok: false, code });
  });

  it('reads an Excel serial number only from XLSX', () => {
    expect(parseDate('45356', true)).toMatchObject({ ok: true, value: '2024-03-05' });
  });
});

describe('mapping guess', () => {
  it('maps Chinese and English headers of a sales export', () => {
    expect(guessMapping('sales_history', ['单号', '日期', '客户编码', '客户名称', '存货编码', '存货名称', '数量', '价税合计', '折扣额'])).toEqual({
      orderNo: '单号',
      date: '日期',
      customerCode: '客户编码',
      customerName: '客户名称',
      productCode: '存货编码',
      productName: '存货名称',
      quantity: '数量',
      amount: '价税合计',
      discount: '折扣额',
    });
    expect(guessMapping('sales_history', ['Order No', 'Date', 'Customer Code', 'SKU', 'Qty', 'Amount'])).toEqual({
      orderNo: 'Order No',
      date: 'Date',
      customerCode: 'Customer Code',
      productCode: 'SKU',
      quantity: 'Qty',
      amount: 'Amount',
    });
    expect(guessMapping('customers', ['客户编码(新)', '客户名称', '信用额度（元）'])).toMatchObject({ code: '客户编码(新)', name: '客户名称', creditLimit: '信用额度（元）' });
  });
});

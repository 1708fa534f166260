/**
 * XLSX through exceljs: every sheet becomes a table whose header row is its first non-empty
 * row. Dates come back as YYYY-MM-DD (with the time when it is not midnight), numbers as plain
 * decimal text (never in exponent notation or with a locale's separators), formulas as their
 * cached result. A sheet whose header row has merged cells is refused with the cells named.
 */
import ExcelJS from 'exceljs';
import { ImportFileError, type Table, columnLetter, uniqueHeaders } from './table';

/** A number as decimal text: integers as is, fractions to at most 6 places without trailing zeros. */
export function numberText(n: number): string {
  if (!Number.isFinite(n)) return '';
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return n.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 0 });
  return n.toFixed(6).replace(/\.?0+$/, '');
}

const pad = (n: number) => String(n).padStart(2, '0');

/** exceljs gives dates as JS Dates whose UTC fields are the cell's wall-clock value. */
export function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const h = d.getUTCHours();
  const m = d.getUTCMinutes();
  const s = d.getUTCSeconds();
  return h || m || s ? `${day} ${pad(h)}:${pad(m)}:${pad(s)}` : day;
}

export function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number') return numberText(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return dateText(v);
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((t) => t.text).join('').trim();
    if ('result' in v) return cellText((v as { result?: ExcelJS.CellValue }).result ?? null);
    if ('formula' in v || 'sharedFormula' in v) return '';
    if ('text' in v && typeof v.text === 'string') return v.text.trim();
    if ('error' in v) return String((v as { error: unknown }).error);
  }
  return String(v).trim();
}

interface MergeRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
  range: string;
}

/** exceljs keeps merges in a private map keyed by the master cell; `model.merges` would build the whole sheet model. */
function merges(ws: ExcelJS.Worksheet): MergeRange[] {
  const m = (ws as unknown as { _merges?: Record<string, { model: MergeRange; range: string } | undefined> })._merges ?? {};
  return Object.values(m)
    .filter((x): x is { model: MergeRange; range: string } => !!x)
    .map((x) => ({ ...x.model, range: x.range }));
}

export function sheetToTable(ws: ExcelJS.Worksheet): Table {
  const name = ws.name;
  const raw: { rowNumber: number; cells: string[] }[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = row.values as ExcelJS.CellValue[]; // 1-based, values[0] is undefined
    const cells: string[] = [];
    for (let c = 1; c < values.length; c++) cells.push(cellText(values[c] ?? null));
    if (cells.some((x) => x !== '')) raw.push({ rowNumber, cells });
  });
  const first = raw[0];
  if (!first) return { name, headers: [], rows: [], rowNumbers: [], error: 'The sheet is empty.' };
  const headerRow = first.rowNumber;
  const mergedInHeader = merges(ws).filter((m) => m.top <= headerRow && m.bottom >= headerRow);
  if (mergedInHeader.length > 0) {
    const cells = mergedInHeader.map((m) => m.range).join(', ');
    return {
      name,
      headers: [],
      rows: [],
      rowNumbers: [],
      error: `The header row (row ${headerRow}) of sheet "${name}" has merged cells: ${cells}. Unmerge them so that every column has its own header.`,
    };
  }
  let width = first.cells.length;
  while (width > 0 && first.cells[width - 1] === '') width--;
  if (width > 500) return { name, headers: [], rows: [], rowNumbers: [], error: `The header row has ${width} columns; at most 500 are supported.` };
  const headers = uniqueHeaders(first.cells.slice(0, width));
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  for (let i = 1; i < raw.length; i++) {
    const r = raw[i] as { rowNumber: number; cells: string[] };
    const cells = r.cells.slice(0, width);
    while (cells.length < width) cells.push('');
    if (cells.every((x) => x === '')) continue;
    rows.push(cells);
    rowNumbers.push(r.rowNumber);
  }
  return { name, headers, rows, rowNumbers, error: null };
}

export { columnLetter };

export async function parseXlsx(bytes: Uint8Array): Promise<Table[]> {
  const wb = new ExcelJS.Workbook();
  try {
    // exceljs wants a Node Buffer (its typings lag behind @types/node's generic Buffer).
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
  } catch (e) {
    throw new ImportFileError('bad_xlsx', `The file is a zip archive but not a readable XLSX workbook (${(e as Error).message.slice(0, 200)}).`);
  }
  const tables = wb.worksheets.filter((ws) => ws.state !== 'veryHidden').map(sheetToTable);
  if (tables.length === 0) throw new ImportFileError('bad_xlsx', 'The workbook has no sheets.');
  return tables;
}

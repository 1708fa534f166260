/**
 * XLSX through exceljs: every sheet becomes a table whose header row is its first non-empty
 * row. Dates come back as YYYY-MM-DD (with the time when it is not midnight), numbers as plain
 * decimal text (never in exponent notation or with a locale's separators), formulas as their
 * cached result. A sheet whose header row has merged cells is refused with the cells named.
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { ImportFileError, type Table, columnLetter, uniqueHeaders } from './table';

/** A number as decimal text: integers as is, fractions to at most 6 places without trailing zeros. */
export function numberText(n: number): string {
  if (!Number.isFinite(n)) return '';
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n); // no exponent below 1e21
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

/** "A1" → { row: 1, col: 1 }. */
function cellRef(ref: string): { row: number; col: number } {
  const m = /^\$?([A-Z]+)\$?(\d+)$/.exec(ref);
  if (!m) return { row: 0, col: 0 };
  let col = 0;
  for (const ch of m[1] as string) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]), col };
}

export interface MergeRange {
  range: string;
  top: number;
  bottom: number;
}

/**
 * Merged ranges per worksheet file number (xl/worksheets/sheetN.xml → N). exceljs's streaming
 * reader skips <mergeCell>, so they are read from the sheet XML directly (they follow the data).
 */
async function mergesBySheet(bytes: Uint8Array): Promise<Map<string, MergeRange[]>> {
  const zip = await JSZip.loadAsync(bytes);
  const out = new Map<string, MergeRange[]>();
  for (const [name, file] of Object.entries(zip.files)) {
    const m = /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(name);
    if (!m) continue;
    const xml = await file.async('string');
    const at = xml.indexOf('<mergeCells');
    if (at < 0) continue;
    const ranges: MergeRange[] = [];
    for (const r of xml.slice(at).matchAll(/<mergeCell\s+ref="([A-Z]+\d+):([A-Z]+\d+)"/g)) {
      const a = cellRef(r[1] as string);
      const b = cellRef(r[2] as string);
      ranges.push({ range: `${r[1]}:${r[2]}`, top: Math.min(a.row, b.row), bottom: Math.max(a.row, b.row) });
    }
    out.set(m[1] as string, ranges);
  }
  return out;
}

/** Rows (as cell texts, with their sheet row numbers) → a table; the header row is the first non-empty one. */
export function rowsToTable(name: string, raw: { rowNumber: number; cells: string[] }[], merges: readonly MergeRange[]): Table {
  const first = raw[0];
  if (!first) return { name, headers: [], rows: [], rowNumbers: [], error: 'The sheet is empty.' };
  const headerRow = first.rowNumber;
  const mergedInHeader = merges.filter((m) => m.top <= headerRow && m.bottom >= headerRow);
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

function rowCells(row: ExcelJS.Row): string[] {
  const values = row.values as ExcelJS.CellValue[]; // 1-based, values[0] is undefined
  const cells: string[] = [];
  for (let c = 1; c < values.length; c++) cells.push(cellText(values[c] ?? null));
  return cells;
}

export { columnLetter };

/**
 * Streams the workbook (exceljs's WorkbookReader: about four times faster than loading the
 * whole model, which matters at 100k rows) and reads the merged ranges separately.
 */
export async function parseXlsx(bytes: Uint8Array): Promise<Table[]> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tables: Table[] = [];
  try {
    const merges = await mergesBySheet(buffer);
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([buffer]), {
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      styles: 'cache',
      worksheets: 'emit',
      entries: 'ignore',
    });
    for await (const ws of reader) {
      const sheet = ws as unknown as AsyncIterable<ExcelJS.Row> & { id: string | number; name: string };
      const raw: { rowNumber: number; cells: string[] }[] = [];
      for await (const row of sheet) {
        const cells = rowCells(row);
        if (cells.some((x) => x !== '')) raw.push({ rowNumber: row.number, cells });
      }
      tables.push(rowsToTable(sheet.name, raw, merges.get(String(sheet.id)) ?? []));
    }
  } catch (e) {
    throw new ImportFileError('bad_xlsx', `The file is a zip archive but not a readable XLSX workbook (${(e as Error).message.slice(0, 200)}).`);
  }
  if (tables.length === 0) throw new ImportFileError('bad_xlsx', 'The workbook has no sheets.');
  return tables;
}

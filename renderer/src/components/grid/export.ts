/**
 * Export of a grid's current view (every row of the current sort and filter, fetched page by
 * page from the paged method) to XLSX (exceljs, loaded on first use) or CSV (UTF-8 with BOM).
 */
import { toCsv } from './tsv';

export interface ExportColumn {
  header: string;
  width: number;
  /** Excel number format for numeric columns ('#,##0.00' for money). */
  numFmt?: string;
}

export type ExportCell = string | number | null;

const PAGE = 1000;

/** Reads every row through `fetchPage` (offset/limit), reporting progress. */
export async function fetchAll<R>(
  fetchPage: (offset: number, limit: number) => Promise<{ rows: R[]; total: number }>,
  progress?: (done: number, total: number) => void,
): Promise<R[]> {
  const out: R[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await fetchPage(offset, PAGE);
    out.push(...page.rows);
    progress?.(out.length, page.total);
    if (page.rows.length < PAGE || out.length >= page.total) return out;
  }
}

export function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function timestampedName(base: string, ext: string, now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}`;
  return `${base.replace(/[\\/:*?"<>|]/g, '_')}-${stamp}.${ext}`;
}

export function csvBlob(columns: readonly ExportColumn[], rows: readonly ExportCell[][]): Blob {
  return new Blob([toCsv([columns.map((c) => c.header), ...rows])], { type: 'text/csv;charset=utf-8' });
}

export async function xlsxBlob(sheetName: string, columns: readonly ExportColumn[], rows: readonly ExportCell[][]): Promise<Blob> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'SalesDesk';
  wb.created = new Date();
  const ws = wb.addWorksheet(sheetName.slice(0, 31).replace(/[\\/?*[\]:]/g, '_'), { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c, i) => ({ header: c.header, key: `c${i}`, width: Math.max(8, Math.round(c.width / 7)), style: c.numFmt ? { numFmt: c.numFmt } : {} }));
  for (const r of rows) ws.addRow(r);
  ws.getRow(1).font = { bold: true };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  const buf = await wb.xlsx.writeBuffer();
  return new Blob([buf], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
}

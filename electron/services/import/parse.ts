/** Bytes of an uploaded file → tables, or an ImportFileError saying why not. */
import { parseCsv } from './csv';
import { type ParsedFile, ImportFileError } from './table';
import { decodeText, detectFormat } from './text';
import { parseXlsx } from './xlsx';

export async function parseFile(fileName: string, bytes: Uint8Array): Promise<ParsedFile> {
  const format = detectFormat(bytes);
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (format === 'xlsx') {
    if (ext && !['xlsx', 'xlsm'].includes(ext)) {
      throw new ImportFileError('not_csv_or_xlsx', `"${fileName}" is a zip archive, not a CSV or XLSX file.`);
    }
    return { format, encoding: null, delimiter: null, tables: await parseXlsx(bytes) };
  }
  if (ext === 'xlsx' || ext === 'xls') {
    throw new ImportFileError('not_csv_or_xlsx', `"${fileName}" is not a real Excel workbook (an .xlsx file is a zip archive). Save it again from Excel or WPS as .xlsx or CSV.`);
  }
  const { text, encoding } = decodeText(bytes);
  const { table, delimiter } = parseCsv(text, 'CSV');
  return { format, encoding, delimiter, tables: [table] };
}

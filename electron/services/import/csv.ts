/**
 * CSV per RFC 4180 (quoted fields, doubled quotes, line breaks inside quotes, CRLF or LF), with
 * the delimiter (comma, semicolon or tab) detected from the first lines.
 */
import { ImportFileError, type Table, uniqueHeaders } from './table';

export const DELIMITERS = [',', ';', '\t'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/** Longest field and widest row accepted: a longer one means the file is not what it claims. */
const MAX_FIELD = 32_000;
const MAX_COLUMNS = 500;

/** Field counts of the first lines for one delimiter, honouring quotes. */
function fieldCounts(sample: string, delimiter: string, maxLines = 50): number[] {
  const counts: number[] = [];
  let fields = 1;
  let inQuotes = false;
  let lineHasContent = false;
  for (let i = 0; i < sample.length && counts.length < maxLines; i++) {
    const c = sample[i];
    if (inQuotes) {
      if (c === '"') {
        if (sample[i + 1] === '"') i++;
        else inQuotes = false;
      }
      continue;
    }
    if (c === '"') {
      inQuotes = true;
      lineHasContent = true;
    } else if (c === delimiter) {
      fields++;
      lineHasContent = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && sample[i + 1] === '\n') i++;
      if (lineHasContent) counts.push(fields);
      fields = 1;
      lineHasContent = false;
    } else if (c !== ' ') {
      lineHasContent = true;
    }
  }
  if (lineHasContent && counts.length < maxLines) counts.push(fields);
  return counts;
}

/**
 * The delimiter whose field count is the same (and above one) on most of the first lines; ties
 * go to the one giving more columns. Null when no candidate splits the lines.
 */
export function detectDelimiter(text: string): Delimiter | null {
  const sample = text.slice(0, 64 * 1024);
  let best: { d: Delimiter; score: number; columns: number } | null = null;
  for (const d of DELIMITERS) {
    const counts = fieldCounts(sample, d);
    if (counts.length === 0) continue;
    const header = counts[0] as number;
    if (header < 2) continue;
    const consistent = counts.filter((n) => n === header).length / counts.length;
    const score = consistent;
    if (!best || score > best.score + 1e-9 || (Math.abs(score - best.score) < 1e-9 && header > best.columns)) best = { d, score, columns: header };
  }
  return best && best.score >= 0.5 ? best.d : null;
}

/**
 * Parses the whole text into records; each record remembers its row number as Excel or WPS
 * would show it (blank lines count; a line break inside quotes does not start a row).
 */
export function parseCsvRecords(text: string, delimiter: string): { records: string[][]; lines: number[] } {
  const records: string[][] = [];
  const lines: number[] = [];
  let record: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let recordNo = 1;
  let inQuotes = false;
  let quoteStartLine = 0;
  let i = 0;
  const n = text.length;
  const pushField = () => {
    if (field.length > MAX_FIELD) {
      throw new ImportFileError('field_too_long', `Line ${recordLine}: a field is longer than ${MAX_FIELD} characters; this does not look like a CSV file.`, { line: recordLine });
    }
    record.push(field);
    field = '';
    if (record.length > MAX_COLUMNS) throw new ImportFileError('too_many_columns', `Line ${recordLine} has more than ${MAX_COLUMNS} columns.`, { line: recordLine });
  };
  const pushRecord = () => {
    pushField();
    if (!(record.length === 1 && record[0] === '')) {
      records.push(record);
      lines.push(recordNo);
    }
    recordNo++;
    record = [];
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (inQuotes) {
      if (c === 34) {
        if (text.charCodeAt(i + 1) === 34) {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
        i++;
        continue;
      }
      // Copy a run of ordinary characters at once.
      let j = i;
      while (j < n) {
        const cj = text.charCodeAt(j);
        if (cj === 34) break;
        if (cj === 10) line++;
        j++;
      }
      field += text.slice(i, j);
      i = j;
      continue;
    }
    if (c === 34 && field.length === 0) {
      inQuotes = true;
      quoteStartLine = line;
      i++;
      continue;
    }
    if (text[i] === delimiter) {
      pushField();
      i++;
      continue;
    }
    if (c === 13 || c === 10) {
      pushRecord();
      i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    // An unquoted run up to the next special character.
    let j = i + 1;
    while (j < n) {
      const cj = text.charCodeAt(j);
      if (cj === 13 || cj === 10 || text[j] === delimiter) break;
      j++;
    }
    field += text.slice(i, j);
    i = j;
  }
  if (inQuotes) {
    throw new ImportFileError('unclosed_quote', `Line ${quoteStartLine}: a quoted field is never closed (a " is missing).`, { line: quoteStartLine });
  }
  if (field.length > 0 || record.length > 0) pushRecord();
  return { records, lines };
}

/** A CSV text → one table (header row = first non-empty record). */
export function parseCsv(text: string, name = 'CSV'): { table: Table; delimiter: Delimiter } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const delimiter = detectDelimiter(body);
  if (!delimiter) {
    throw new ImportFileError(
      'no_delimiter',
      'Could not find the columns: the first lines are not split by commas, semicolons or tabs consistently. Is this a CSV file?',
    );
  }
  const { records, lines } = parseCsvRecords(body, delimiter);
  const header = records[0];
  if (!header) throw new ImportFileError('empty_file', 'The file has no rows.');
  const headers = uniqueHeaders(header.map((h) => h.trim()));
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  for (let r = 1; r < records.length; r++) {
    const rec = records[r] as string[];
    if (rec.every((v) => v.trim() === '')) continue;
    rows.push(rec.map((v) => v.trim()));
    rowNumbers.push(lines[r] as number);
  }
  return { table: { name, headers, rows, rowNumbers, error: null }, delimiter };
}

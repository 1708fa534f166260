/** What a parsed file looks like in main: one table per sheet (a CSV is one sheet). */
export interface Table {
  name: string;
  headers: string[];
  /** Cell texts per data row (trimmed; '' for empty). */
  rows: string[][];
  /** The row number the user sees in the file for each data row (1-based, header row counted). */
  rowNumbers: number[];
  /** Why this sheet cannot be imported (merged header cells, no header row …), or null. */
  error: string | null;
}

export interface ParsedFile {
  format: 'csv' | 'xlsx';
  encoding: string | null;
  delimiter: string | null;
  tables: Table[];
}

/** A file the import refuses as a whole: the message names the problem (and the cells where there are some). */
export class ImportFileError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ImportFileError';
  }
}

/** Headers made unique and non-empty: an empty header becomes "(column C)", a repeat gets " (2)". */
export function uniqueHeaders(raw: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return raw.map((h, i) => {
    let name = h.trim() || `(column ${columnLetter(i)})`;
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    if (n > 1) name = `${name} (${n})`;
    return name;
  });
}

/** 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let s = '';
  let n = index + 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/**
 * Clipboard text of Excel / WPS (tab-separated, CRLF rows, fields with tabs, quotes or line
 * breaks wrapped in double quotes with "" for a quote) to rows of cells, and back; CSV for export.
 */

/** Parses tab-separated clipboard text; a trailing line break does not make an empty row. */
export function parseTsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  const s = text.replace(/\r\n?/g, '\n');
  while (i < s.length) {
    const c = s[i] as string;
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      cell += c;
      i++;
      continue;
    }
    if (c === '"' && cell === '') {
      quoted = true;
      i++;
    } else if (c === '\t') {
      row.push(cell);
      cell = '';
      i++;
    } else if (c === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else {
      cell += c;
      i++;
    }
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  // Blank lines at the end (a selection of whole rows in WPS ends with them).
  while (rows.length && (rows[rows.length - 1] as string[]).every((c) => c === '')) rows.pop();
  return rows;
}

const needsQuotes = (v: string, sep: string) => v.includes(sep) || v.includes('"') || v.includes('\n') || v.includes('\r');
const quote = (v: string, sep: string) => (needsQuotes(v, sep) ? `"${v.replace(/"/g, '""')}"` : v);

export function toTsv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map((v) => quote(v, '\t')).join('\t')).join('\r\n');
}

/**
 * CSV for Excel: UTF-8 with a byte-order mark (without it Excel reads Chinese as GBK and shows
 * mojibake), CRLF line ends, RFC 4180 quoting. Cells starting with = + - @ are prefixed with an
 * apostrophe so a name like "=cmd|…" is not run as a formula (CSV injection).
 */
export function toCsv(rows: readonly (readonly (string | number | null)[])[]): string {
  const cell = (v: string | number | null) => {
    if (v === null) return '';
    if (typeof v === 'number') return String(v);
    const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
    return quote(safe, ',');
  };
  return `\uFEFF${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}

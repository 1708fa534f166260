/**
 * Column descriptions for the spreadsheet grid: how a value is shown, edited, checked, pasted
 * and exported. Money is integer minor units (分) everywhere except what the user sees and
 * types (decimal text), converted exactly by format.ts.
 */
import type { CellValue } from '../../../../shared/schemas/masterdata';
import { formatDate, formatDateTime, formatInteger, formatQuantity, formatMoney, minorDigits, minorToDecimalString, parseDecimalToMinor } from '../../format';

/**
 * `date`: ISO `YYYY-MM-DD` text (typed as 2026-01-31 or 2026/1/31, exported as ISO text);
 * `decimal`: a decimal number kept as text (quantities with up to three decimals), right-aligned.
 */
export type ColumnKind = 'text' | 'integer' | 'decimal' | 'money' | 'enum' | 'boolean' | 'date' | 'datetime';

/** Numeric kinds are right-aligned and exported as numbers. */
export const isNumericKind = (k: ColumnKind) => k === 'money' || k === 'integer' || k === 'decimal';

export interface SheetColumn<T> {
  /** Row property and AG Grid colId (also the sort/filter column of the paged method). */
  field: keyof T & string;
  headerName: string;
  kind: ColumnKind;
  width?: number;
  minWidth?: number;
  flex?: number;
  pinned?: 'left' | 'right';
  /** Editable inline (a save call per cell). */
  editable?: boolean;
  /** Field name in the *.upsertMany row; a column without one cannot be pasted into. */
  pasteField?: string;
  /** Optional text: an empty cell clears it (null) instead of being "required". */
  nullable?: boolean;
  /** enum / boolean: stored value ↔ label (both languages' labels are accepted when typed). */
  options?: { value: string | boolean; label: string }[];
  sortable?: boolean;
  /** Text filter in the column header (done in SQL). */
  filter?: boolean;
  /** Client-side mirror of the server's field check; returns an error text or null. */
  check?: (value: unknown) => string | null;
  /** Display text for a value (also the export text of non-numeric columns). */
  format?: (value: unknown, row: T) => string;
  cellRenderer?: unknown;
  tooltip?: boolean;
}

export interface Locale {
  currency: string;
  locale: string;
}

/** Value → text shown in the cell and written to CSV (money without the symbol in CSV, see exportValue). */
export function displayText<T>(col: SheetColumn<T>, value: unknown, row: T, loc: Locale): string {
  if (col.format) return col.format(value, row);
  if (value === null || value === undefined) return '';
  switch (col.kind) {
    case 'money':
      return typeof value === 'number' ? formatMoney(value, loc.currency, loc.locale) : String(value);
    case 'integer':
      return typeof value === 'number' ? formatInteger(value, loc.locale) : String(value);
    case 'decimal':
      return formatQuantity(String(value), loc.locale);
    case 'datetime':
      return formatDateTime(String(value), loc.locale);
    case 'date':
      return formatDate(String(value), loc.locale);
    case 'enum':
    case 'boolean':
      return col.options?.find((o) => o.value === value)?.label ?? String(value);
    default:
      return String(value);
  }
}

/** Value → the text put into the editor and onto the clipboard (money as plain decimal "1234.50"). */
export function editText<T>(col: SheetColumn<T>, value: unknown, loc: Locale): string {
  if (value === null || value === undefined) return '';
  if (col.kind === 'money' && typeof value === 'number') return minorToDecimalString(value, minorDigits(loc.currency));
  if (col.kind === 'enum' || col.kind === 'boolean') return col.options?.find((o) => o.value === value)?.label ?? String(value);
  return String(value);
}

/** Value → a typed cell for XLSX (numbers stay numbers; money in major units). */
export function exportValue<T>(col: SheetColumn<T>, value: unknown, row: T, loc: Locale): string | number | null {
  if (value === null || value === undefined) return null;
  if (col.kind === 'money' && typeof value === 'number') return value / 10 ** minorDigits(loc.currency);
  if (col.kind === 'integer' && typeof value === 'number') return value;
  if (col.kind === 'decimal' && Number.isFinite(Number(value))) return Number(value);
  // ISO text, so the file reads back the same day in every locale.
  if (col.kind === 'date') return String(value);
  return displayText(col, value, row, loc);
}

export type Parsed = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * What the user typed or pasted (text), or a typed value (fill-down, undo) → the stored value,
 * or the reason it is not acceptable. `t` gives the localized reason texts.
 */
export function parseInput<T>(col: SheetColumn<T>, input: unknown, loc: Locale, t: (k: string) => string): Parsed {
  const text = typeof input === 'string' ? input.trim() : input;
  const empty = text === '' || text === null || text === undefined;
  let value: unknown = text;
  if (empty) value = null;
  else if (col.kind === 'money' && typeof text === 'string') {
    const minor = parseDecimalToMinor(text.replace(/[¥￥$€\s]/g, ''), minorDigits(loc.currency));
    if (minor === null) return { ok: false, message: t('masterdata.cellErrors.money') };
    value = minor;
  } else if (col.kind === 'integer' && typeof text === 'string') {
    const n = Number(text.replace(/,/g, ''));
    if (!Number.isFinite(n)) return { ok: false, message: t('masterdata.cellErrors.not_a_number') };
    value = n;
  } else if (col.kind === 'decimal' && typeof text === 'string') {
    const d = text.replace(/,/g, '');
    if (!/^\d+(\.\d+)?$/.test(d)) return { ok: false, message: t('masterdata.cellErrors.not_a_number') };
    value = d.replace(/^0+(?=\d)/, '').replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
  } else if (col.kind === 'date' && typeof text === 'string') {
    const iso = isoDate(text);
    if (!iso) return { ok: false, message: t('masterdata.cellErrors.date') };
    value = iso;
  } else if ((col.kind === 'enum' || col.kind === 'boolean') && typeof text === 'string') {
    const lower = text.toLowerCase();
    const o = col.options?.find((x) => String(x.value).toLowerCase() === lower || x.label.toLowerCase() === lower);
    if (!o) return { ok: false, message: t('masterdata.cellErrors.not_allowed') };
    value = o.value;
  }
  if (value === null && !col.nullable) return { ok: false, message: t('masterdata.cellErrors.required') };
  const problem = col.check?.(value) ?? null;
  return problem ? { ok: false, message: problem } : { ok: true, value };
}

/** `2026-1-5`, `2026/01/05`, `2026.1.5` → `2026-01-05` when it is a real day; else null. */
export function isoDate(text: string): string | null {
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null;
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Pasted text → the cell sent in an upsert row (money converted to 分 when it reads as an amount). */
export function pasteCell<T>(col: SheetColumn<T>, text: string, loc: Locale): CellValue {
  const s = text.trim();
  if (s === '') return null;
  if (col.kind === 'money') return parseDecimalToMinor(s.replace(/[¥￥$€\s]/g, ''), minorDigits(loc.currency)) ?? s;
  return s;
}

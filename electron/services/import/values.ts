/**
 * Cell text → typed values, refusing what is ambiguous instead of guessing. Every function
 * returns either a value (with a note when the text had to be normalised visibly) or an error
 * code with an English message; the preview shows both next to the row and column.
 */
import { type Cents, divRoundHalfUp, parseMajorUnits } from '../../../shared/money';

export type Parsed<T> = { ok: true; value: T; note?: string } | { ok: false; code: string; message: string };

const okv = <T>(value: T, note?: string): Parsed<T> => (note ? { ok: true, value, note } : { ok: true, value });
const bad = (code: string, message: string): Parsed<never> => ({ ok: false, code, message });

const FULL_WIDTH: Record<string, string> = { '．': '.', '，': ',', '－': '-', '＋': '+', '（': '(', '）': ')', '￥': '¥', '％': '%', '　': ' ' };

/** Full-width digits and punctuation (１２３４．５０) → ASCII; returns whether anything changed. */
export function toHalfWidth(s: string): { text: string; changed: boolean } {
  let changed = false;
  let out = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (c >= 0xff10 && c <= 0xff19) {
      out += String.fromCharCode(c - 0xff10 + 48);
      changed = true;
    } else if (FULL_WIDTH[ch] !== undefined) {
      out += FULL_WIDTH[ch];
      changed = true;
    } else out += ch;
  }
  return { text: out, changed };
}

export interface DecimalOptions {
  /** Negative values (a leading minus or accountants' parentheses) are accepted. */
  allowNegative: boolean;
  /** Decimal places kept; more are rounded half-up (2 for money, 3 for quantities). */
  places: number;
  /** Currency marks (¥, ￥, 元, RMB, CNY) may surround the number. */
  currency?: boolean;
}

/**
 * Parses a decimal in major units into an integer of 10^-places units.
 * Accepted: 1234.5 · 1,234.50 (thousands groups of exactly three) · -12 · (1,234.50) · ¥1,234 ·
 * full-width １２３４．５０ (normalised, with a note). Refused: 1,23 · 1234,5 · 1.234,50 · 1 234 ·
 * 1e5 · 12.3.4 and anything else.
 */
export function parseDecimal(raw: string, opts: DecimalOptions): Parsed<number> {
  const original = raw.trim();
  const hw = toHalfWidth(original);
  let s = hw.text.trim();
  const notes: string[] = [];
  if (hw.changed) notes.push(`full-width "${original}" read as "${s}"`);
  if (opts.currency) s = s.replace(/^(¥|RMB|CNY)\s*/i, '').replace(/\s*(元|RMB|CNY)$/i, '');
  let negative = false;
  const paren = /^\((.*)\)$/.exec(s);
  if (paren) {
    negative = true;
    s = (paren[1] as string).trim();
  }
  if (s.startsWith('-')) {
    if (negative) return bad('number_format', `"${original}" has both parentheses and a minus sign.`);
    negative = true;
    s = s.slice(1).trim();
  } else if (s.startsWith('+')) s = s.slice(1).trim();
  if (opts.currency) s = s.replace(/^(¥|RMB|CNY)\s*/i, '');
  if (s === '') return bad('number_format', `"${original}" is not a number.`);
  if (s.includes(',')) {
    if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) {
      s = s.replaceAll(',', '');
    } else if (/^\d+,\d{1,2}$/.test(s) || /^\d{1,3}(\.\d{3})+,\d+$/.test(s)) {
      return bad('number_decimal_comma', `"${original}" looks like a decimal comma (European style); write it as ${s.replaceAll('.', '').replace(',', '.')} if that is what it means.`);
    } else {
      return bad('number_thousands', `"${original}" has commas that are not a consistent thousands separator (groups of three digits).`);
    }
  }
  if (!/^\d+(\.\d+)?$/.test(s) && !/^\.\d+$/.test(s)) return bad('number_format', `"${original}" is not a number.`);
  if (s.startsWith('.')) s = `0${s}`;
  if (negative && !opts.allowNegative) return bad('number_negative', `"${original}" is negative; negative values are not allowed here.`);
  const [whole = '', frac = ''] = s.split('.');
  if (whole.replace(/^0+/, '').length > 13) return bad('number_too_large', `"${original}" is too large.`);
  let value: number;
  try {
    value = parseMajorUnits(`${negative ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`, opts.places);
  } catch {
    return bad('number_format', `"${original}" is not a number.`);
  }
  if (Object.is(value, -0)) value = 0;
  return okv(value, notes.length ? notes.join('; ') : undefined);
}

export const parseAmount = (raw: string, allowNegative = false): Parsed<Cents> =>
  parseDecimal(raw, { allowNegative, places: 2, currency: true }) as Parsed<Cents>;

/** Quantity in thousandths (qty_milli). */
export const parseQuantity = (raw: string, allowNegative = false): Parsed<number> => parseDecimal(raw, { allowNegative, places: 3 });

export function parseInteger(raw: string, min: number, max: number): Parsed<number> {
  const r = parseDecimal(raw, { allowNegative: min < 0, places: 3 });
  if (!r.ok) return r;
  if (r.value % 1000 !== 0) return bad('integer_format', `"${raw}" is not a whole number.`);
  const v = r.value / 1000;
  if (v < min || v > max) return bad('out_of_range', `"${raw}" must be between ${min} and ${max}.`);
  return okv(v, r.note);
}

/**
 * A discount: money ("12.50") or a rate of the gross ("5%"), turned into a discount amount
 * given the net amount: gross = net / (1 − rate), discount = gross − net.
 */
export function parseDiscount(raw: string, netAmount: number): Parsed<Cents> {
  const hw = toHalfWidth(raw.trim()).text;
  if (hw.endsWith('%')) {
    const r = parseDecimal(hw.slice(0, -1), { allowNegative: false, places: 4 }); // percent with 4 places = 10^-6 of a unit
    if (!r.ok) return r;
    const ppm = r.value; // 5% → 50000 (percent × 10^4) = rate × 10^6
    if (ppm >= 1_000_000) return bad('discount_rate', `"${raw}" is not a discount rate below 100%.`);
    return okv(divRoundHalfUp(netAmount * ppm, 1_000_000 - ppm) as Cents, raw.trim() === hw ? undefined : `full-width "${raw}" read as "${hw}"`);
  }
  return parseAmount(raw, false);
}

const MONTHS_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function ymd(y: number, m: number, d: number, original: string): Parsed<string> {
  if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > (MONTHS_DAYS[m - 1] as number)) return bad('date_invalid', `"${original}" is not a real date.`);
  if (m === 2 && d === 29 && !((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0)) return bad('date_invalid', `"${original}" is not a real date.`);
  return okv(`${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
}

/**
 * Dates with the year first: 2024-03-05, 2024/3/5, 2024.3.5, 20240305, 2024年3月5日, optionally
 * followed by a time. From XLSX, a bare serial number (45356) is read as an Excel date.
 * Day-first or month-first (05/03/2024) is ambiguous and refused.
 */
export function parseDate(raw: string, fromXlsx = false): Parsed<string> {
  const original = raw.trim();
  const s = toHalfWidth(original).text.trim();
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/.exec(s);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]), original);
  m = /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/.exec(s);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]), original);
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]), original);
  if (fromXlsx && /^\d{5}(\.\d+)?$/.test(s)) {
    const serial = Math.floor(Number(s));
    const d = new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000);
    return ymd(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), original);
  }
  if (/^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$/.test(s)) return bad('date_ambiguous', `"${original}" is ambiguous (day or month first?); write dates as YYYY-MM-DD.`);
  return bad('date_format', `"${original}" is not a date (expected YYYY-MM-DD).`);
}

/** yyyymm of an ISO date. */
export const periodOf = (isoDate: string) => Number(isoDate.slice(0, 4)) * 100 + Number(isoDate.slice(5, 7));

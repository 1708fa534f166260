/**
 * Display formatting, the only place money becomes a decimal: amounts arrive as integer minor
 * units (分 for CNY) and are divided by 10^digits for display only. Parsing goes the other way
 * exactly (decimal text → integer minor units, no binary floats).
 */
import { cents } from '../../shared/money';

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let f = cache.get(key);
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f as T;
}

function moneyFormat(locale: string, currency: string): Intl.NumberFormat {
  // narrowSymbol: ¥ for CNY in every language (not "CN¥").
  return cached(`m|${locale}|${currency}`, () => new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'narrowSymbol' }));
}

/** "¥" for CNY, "$" for USD … */
export function currencySymbol(currency: string, locale: string): string {
  return moneyFormat(locale, currency).formatToParts(0).find((p) => p.type === 'currency')?.value ?? currency;
}

/** Number of minor-unit digits of a currency (CNY 2, JPY 0). */
export function minorDigits(currency: string): number {
  return moneyFormat('en-US', currency).resolvedOptions().maximumFractionDigits ?? 2;
}

/** Integer minor units → "¥1,234.50". */
export function formatMoney(minor: number | null | undefined, currency: string, locale: string): string {
  if (minor === null || minor === undefined || !Number.isFinite(minor)) return '';
  return moneyFormat(locale, currency).format(minor / 10 ** minorDigits(currency));
}

export function formatInteger(n: number | null | undefined, locale: string): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '';
  return cached(`i|${locale}`, () => new Intl.NumberFormat(locale, { maximumFractionDigits: 0 })).format(n);
}

/** A decimal quantity kept as text ("1800", "2.5") with digit grouping; the decimals are kept exactly. */
export function formatQuantity(text: string | null | undefined, locale: string): string {
  if (text === null || text === undefined) return '';
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return text;
  return `${m[1]}${formatInteger(Number(m[2]), locale)}${m[3] ? `.${m[3]}` : ''}`;
}

function toDate(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  // A plain ISO date is a calendar day, not an instant: read it at local midnight.
  const d = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T00:00:00`) : new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function formatDate(iso: string | null | undefined, locale: string): string {
  const d = toDate(iso);
  if (!d) return '';
  return cached(`d|${locale}`, () => new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit' })).format(d);
}

export function formatDateTime(iso: string | null | undefined, locale: string): string {
  const d = toDate(iso);
  if (!d) return '';
  return cached(
    `dt|${locale}`,
    () => new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }),
  ).format(d);
}

/** Basis points → "12.5%". */
export function formatPercentBp(bp: number, locale: string): string {
  return cached(`p|${locale}`, () => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 })).format(bp / 10_000);
}

// ─── Exact conversions for inputs ───────────────────────────────────────────────────────

/** Integer minor units → plain decimal text for an input ("123456" → "1234.56"); integer arithmetic only. */
export function minorToDecimalString(minor: number, digits: number): string {
  const neg = minor < 0;
  const abs = Math.abs(minor);
  if (digits === 0) return `${neg ? '-' : ''}${abs}`;
  const scale = 10 ** digits;
  const whole = Math.floor(abs / scale);
  const frac = String(abs - whole * scale).padStart(digits, '0');
  return `${neg ? '-' : ''}${whole}.${frac}`;
}

/**
 * Decimal text in major units → integer minor units, exactly. Accepts "50000", "50,000.5",
 * "50000.50", full-width digits are not accepted. Returns null when the text is not an amount
 * with at most `digits` decimals (no silent rounding of what the user typed).
 */
export function parseDecimalToMinor(text: string, digits: number): number | null {
  const t = text.trim().replace(/,/g, '');
  const m = /^(\d{1,15})(?:\.(\d*))?$/.exec(t);
  if (!m) return null;
  const [, whole = '0', frac = ''] = m;
  if (frac.length > digits) return null;
  const minor = Number(whole) * 10 ** digits + (digits ? Number(frac.padEnd(digits, '0')) : 0);
  if (!Number.isSafeInteger(minor)) return null;
  return cents(minor);
}

/** "12.5" (percent) → 1250 basis points, exactly; null when not 0–100 with ≤ 2 decimals. */
export function parsePercentToBp(text: string): number | null {
  const bp = parseDecimalToMinor(text, 2);
  return bp === null || bp > 10_000 ? null : bp;
}

/** 1250 basis points → "12.5" (percent, trailing zeros dropped). */
export function bpToPercentString(bp: number): string {
  return minorToDecimalString(bp, 2).replace(/\.?0+$/, '');
}

/**
 * Client-side mirror of the server's field checks: the same zod field schemas
 * (shared/schemas/masterdata.ts), with the error codes turned into the current language.
 */
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { type CellError, checkCell } from '../../../../shared/schemas/masterdata';
import { formatInteger } from '../../format';

export function cellErrorText(t: TFunction, code: CellError['code'], fallback: string): string {
  const key = `masterdata.cellErrors.${code}`;
  const text = t(key as 'masterdata.cellErrors.required');
  return text === key ? fallback : text;
}

/** A `check` for a SheetColumn: null when the value passes the schema, else the reason. */
export function zodCheck(t: TFunction, schema: z.ZodType) {
  return (value: unknown): string | null => {
    const r = checkCell(schema, value, '');
    return r.ok ? null : cellErrorText(t, r.error.code, r.error.message);
  };
}

export function daysText(t: TFunction, days: unknown, locale: string): string {
  if (typeof days !== 'number') return '';
  return days === 0 ? t('customers.cashTerms') : t('customers.paymentTermsValue', { days: formatInteger(days, locale) });
}

/** Receipts' and the allocation workbench's texts (receiptsZh / receiptsEn) for the current language. */
import { useTranslation } from 'react-i18next';
import { parseMajorUnits } from '../../../../shared/money';
import { currentLanguage } from '../../i18n';
import { receiptsEn } from '../../i18n/receipts.en';
import { type ReceiptsMessages, receiptsZh } from '../../i18n/receipts.zh-CN';

export type ReceiptTexts = ReceiptsMessages;

export function fill(template: string, vars: Record<string, string | number> = {}): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(vars[k] ?? ''));
}

export function useReceiptTexts(): ReceiptTexts {
  useTranslation(); // re-render on language change
  return currentLanguage() === 'en' ? receiptsEn : (receiptsZh as ReceiptTexts);
}

/**
 * A typed amount in yuan ("1,234.5", "１２３４．５", "¥99.70") → 分, or null when it is not a plain
 * non-negative decimal with at most two decimals (never guessed).
 */
export function parseYuan(text: string): number | null {
  const normal = text
    .replace(/[０-９．]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/[,，\s¥￥]/g, '');
  if (normal === '') return 0;
  if (!/^\d+(\.\d{1,2})?$/.test(normal)) return null;
  return parseMajorUnits(normal);
}

/** 分 → "1234.50" for an editable cell (no grouping, so it parses back). */
export const yuanText = (cents: number) => (cents === 0 ? '' : (cents / 100).toFixed(2));

/** Sales orders' texts (ordersZh / ordersEn in the i18n files) for the current language. */
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n';
import { ordersEn } from '../../i18n/en';
import { type OrdersMessages, ordersZh } from '../../i18n/zh-CN';

export type OrderTexts = OrdersMessages;

export function fill(template: string, vars: Record<string, string | number> = {}): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(vars[k] ?? ''));
}

export function useOrderTexts(): OrderTexts {
  useTranslation(); // re-render on language change
  return currentLanguage() === 'en' ? ordersEn : (ordersZh as OrderTexts);
}

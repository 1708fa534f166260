/** Shipments', returns', contracts' and distributors' texts (shipmentsZh / shipmentsEn) for the current language. */
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n';
import { shipmentsEn } from '../../i18n/en';
import { type ShipmentsMessages, shipmentsZh } from '../../i18n/zh-CN';

export type ShipmentTexts = ShipmentsMessages;

export function fill(template: string, vars: Record<string, string | number> = {}): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(vars[k] ?? ''));
}

export function useShipmentTexts(): ShipmentTexts {
  useTranslation(); // re-render on language change
  return currentLanguage() === 'en' ? shipmentsEn : (shipmentsZh as ShipmentTexts);
}

/** Quantities are thousandths: 1500 → "1.5". */
export function qtyText(milli: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 3 }).format(milli / 1000);
}

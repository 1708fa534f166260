/** Bank reconciliation texts (bankZh / bankEn) for the current language. */
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n';
import { bankEn } from '../../i18n/bank.en';
import { type BankMessages, bankZh } from '../../i18n/bank.zh-CN';

export function useBankTexts(): BankMessages {
  useTranslation(); // re-render on language change
  return currentLanguage() === 'en' ? bankEn : (bankZh as BankMessages);
}

export function fill(template: string, vars: Record<string, string | number> = {}): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(vars[k] ?? ''));
}

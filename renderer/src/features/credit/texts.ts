/** Credit control texts (creditZh / creditEn in the i18n files) for the current language. */
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n';
import { creditEn } from '../../i18n/en';
import { type CreditMessages, creditZh } from '../../i18n/zh-CN';

export type CreditTexts = CreditMessages;

export function fill(template: string, vars: Record<string, string | number> = {}): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(vars[k] ?? ''));
}

export function useCreditTexts(): CreditTexts {
  useTranslation(); // re-render on language change
  return currentLanguage() === 'en' ? creditEn : (creditZh as CreditTexts);
}

/** Collections texts (collectionsZh / collectionsEn) for the current language. */
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n';
import { collectionsEn } from '../../i18n/collections.en';
import { type CollectionsMessages, collectionsZh } from '../../i18n/collections.zh-CN';

export type CollectionsTexts = CollectionsMessages;

export function fill(template: string, vars: Record<string, string | number> = {}): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(vars[k] ?? ''));
}

export function useCollectionsTexts(): CollectionsTexts {
  useTranslation(); // re-render on language change
  return currentLanguage() === 'en' ? collectionsEn : (collectionsZh as CollectionsTexts);
}

/** Tag colours of dunning levels: 1 gold → 4+ red. */
export const LEVEL_COLORS = ['default', 'gold', 'orange', 'volcano', 'red', 'magenta', 'purple'] as const;

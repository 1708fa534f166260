/**
 * The import wizard's texts (importsZh / importsEn in the i18n files) for the current language,
 * with {{name}} interpolation, and lookups by run-time keys (kinds, fields, error codes).
 */
import { useTranslation } from 'react-i18next';
import { importsEn } from '../../i18n/en';
import { currentLanguage } from '../../i18n';
import { type ImportsMessages, importsZh } from '../../i18n/zh-CN';

export type ImportTexts = ImportsMessages;

export function fill(template: string, vars: Record<string, string | number> = {}): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(vars[k] ?? ''));
}

/** A text of a map by a key known only at run time, or the fallback. */
export function pick(map: Record<string, unknown>, key: string, fallback: string): string {
  const v = map[key];
  return typeof v === 'string' ? v : fallback;
}

export function useImportTexts(): ImportTexts {
  useTranslation(); // re-render on language change
  return currentLanguage() === 'en' ? importsEn : (importsZh as ImportTexts);
}

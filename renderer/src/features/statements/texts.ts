/** Statements' texts (statementsZh / statementsEn) for the current language. */
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n';
import { statementsEn } from '../../i18n/statements.en';
import { type StatementsMessages, statementsZh } from '../../i18n/statements.zh-CN';

export function fill(template: string, vars: Record<string, string | number> = {}): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(vars[k] ?? ''));
}

export function useStatementTexts(): StatementsMessages {
  useTranslation(); // re-render on language change
  return currentLanguage() === 'en' ? statementsEn : statementsZh;
}

/** Aging bucket labels for bounds like [30, 60, 90, 180]: 未到期, 1–30 天, …, 180 天以上. */
export function agingLabels(bounds: readonly number[], x: StatementsMessages): string[] {
  const out = [x.aging.notDue];
  let lo = 1;
  for (const b of bounds) {
    out.push(fill(x.aging.days, { a: lo, b }));
    lo = b + 1;
  }
  out.push(fill(x.aging.over, { a: bounds[bounds.length - 1] ?? 0 }));
  return out;
}

/** Aging texts (agingZh / agingEn) for the current language, and the bucket labels built from the bounds. */
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n';
import { agingEn } from '../../i18n/aging.en';
import { type AgingMessages, agingZh } from '../../i18n/aging.zh-CN';

export function fill(template: string, vars: Record<string, string | number> = {}): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(vars[k] ?? ''));
}

export function useAgingTexts(): AgingMessages {
  useTranslation(); // re-render on language change
  return currentLanguage() === 'en' ? agingEn : (agingZh as AgingMessages);
}

/** [30, 60, 90, 180] → 未到期, 1–30天, 31–60天, 61–90天, 91–180天, 180天以上 (one per bucket). */
export function bucketLabels(bounds: readonly number[], tx: AgingMessages): string[] {
  const ranges = bounds.map((b, i) => fill(tx.bucket.range, { from: i === 0 ? 1 : (bounds[i - 1] ?? 0) + 1, to: b }));
  return [tx.bucket.notDue, ...ranges, fill(tx.bucket.over, { n: bounds[bounds.length - 1] ?? 0 })];
}

/** Green (not due) through yellow to red (the oldest bucket). */
export function bucketColors(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `hsl(${Math.round(120 * (1 - i / Math.max(1, n - 1)))}, 70%, ${i === 0 ? 40 : 48}%)`);
}

/** Small pieces of the bank workbench: the score tag and reason texts. */
import { Tag } from 'antd';
import type { BankLineStatus } from '../../../../shared/schemas/bank';
import type { BankMessages } from '../../i18n/bank.zh-CN';
import { fill } from './texts';

export const STATUS_COLORS: Record<BankLineStatus, string> = { unmatched: 'default', proposed: 'blue', confirmed: 'green', rejected: 'red' };

/** ≥ 80 green (safe for bulk confirmation), ≥ 50 gold (look first), below red. */
export function ScoreTag({ score }: { score: number | null }) {
  if (score === null) return null;
  const color = score >= 80 ? 'green' : score >= 50 ? 'gold' : 'red';
  return (
    <Tag color={color} className="sd-num" style={{ minWidth: 40, textAlign: 'center', marginInlineEnd: 0 }}>
      {score}
    </Tag>
  );
}

export function reasonText(x: BankMessages, r: { code: string; detail?: string | number | undefined }, money: (v: number) => string): string {
  const template = (x.reasons as Record<string, string>)[r.code];
  if (!template) return r.code;
  const detail = r.code === 'prepayment' && typeof r.detail === 'number' ? money(r.detail) : String(r.detail ?? '');
  return fill(template, { detail });
}

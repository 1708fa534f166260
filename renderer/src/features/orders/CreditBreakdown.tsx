/**
 * A credit evaluation as a sales administrator reads it: the limit in force, each component of
 * exposure, available credit, overdue beyond grace (with the items), hold, and the rules that
 * fired. Used live beside the order lines and in the blocked-confirmation dialog.
 */
import { Descriptions, Table, Tag, Typography } from 'antd';
import type { CreditEvaluationData } from '../../../../shared/schemas/credit';
import { useApp } from '../../app/AppContext';
import { formatDate, formatMoney } from '../../format';
import { currentLanguage, intlLocale } from '../../i18n';
import { fill, useOrderTexts } from './texts';

/** hideDecision: for an order already confirmed the position is shown without a would-pass/would-block verdict. */
export function CreditBreakdown({ evaluation, showItems, testId, hideDecision }: { evaluation: CreditEvaluationData; showItems?: boolean; testId?: string; hideDecision?: boolean }) {
  const tx = useOrderTexts().credit;
  const { currency } = useApp();
  const locale = intlLocale(currentLanguage());
  const money = (v: number) => formatMoney(v, currency, locale);
  const tr = evaluation.trace;
  const over = (v: number) => (v < 0 ? <Typography.Text type="danger">{money(v)}</Typography.Text> : money(v));
  return (
    <div data-testid={testId}>
      <div style={{ marginBottom: 8 }}>
        {!hideDecision && (
          <Tag color={evaluation.decision === 'pass' ? 'green' : 'red'} data-testid={testId ? `${testId}-decision` : undefined}>
            {evaluation.decision === 'pass' ? tx.pass : tx.block}
          </Tag>
        )}
        {tr.hold && <Tag color="red">{tx.hold}</Tag>}
      </div>
      <Descriptions size="small" column={1} bordered styles={{ label: { width: '55%' }, content: { textAlign: 'right' } }}>
        <Descriptions.Item label={tr.limit.source === 'temporary' && tr.limit.temporaryExpires ? fill(tx.temporary, { date: formatDate(tr.limit.temporaryExpires, locale) }) : tx.limit}>
          {money(tr.limit.inForce)}
        </Descriptions.Item>
        <Descriptions.Item label={tx.openReceivables}>{money(tr.exposure.openReceivables)}</Descriptions.Item>
        <Descriptions.Item label={tx.openOrders}>{money(tr.exposure.openOrders)}</Descriptions.Item>
        <Descriptions.Item label={tx.thisOrder}>{money(tr.exposure.thisOrder)}</Descriptions.Item>
        <Descriptions.Item label={<strong>{tx.exposure}</strong>}>
          <strong>{money(tr.exposure.total)}</strong>
        </Descriptions.Item>
        <Descriptions.Item label={tx.available}>{over(tr.available)}</Descriptions.Item>
        <Descriptions.Item label={tx.overdue}>{money(tr.overdue.total)}</Descriptions.Item>
        <Descriptions.Item label={fill(tx.overdueBeyond, { days: tr.overdue.graceDays })}>
          {tr.overdue.beyondGraceTotal > 0 ? <Typography.Text type="danger">{money(tr.overdue.beyondGraceTotal)}</Typography.Text> : money(0)}
        </Descriptions.Item>
      </Descriptions>
      {!hideDecision && evaluation.fired.length > 0 && (
        <div style={{ marginTop: 8 }}>
          <Typography.Text type="secondary">{tx.rules}：</Typography.Text>
          {evaluation.fired.map((r) => (
            <Tag key={r} color="volcano" data-testid={`credit-rule-${r}`}>
              {tx.rule[r]}
            </Tag>
          ))}
        </div>
      )}
      {showItems && tr.overdue.items.length > 0 && (
        <Table
          style={{ marginTop: 8 }}
          size="small"
          pagination={false}
          rowKey="id"
          title={() => tx.overdueItems}
          dataSource={tr.overdue.items}
          columns={[
            { title: '#', dataIndex: 'number', render: (v: string | undefined, r) => v ?? r.id },
            { title: tx.dueDate, dataIndex: 'dueDate', render: (v: string) => formatDate(v, locale) },
            { title: tx.balance, dataIndex: 'balance', align: 'right', render: (v: number) => money(v) },
          ]}
        />
      )}
    </div>
  );
}

/**
 * The credit engine's answer, explained: limit in force (standing or temporary), each component
 * of exposure, available credit, every rule with its numbers (fired or not) and the overdue items
 * beyond grace. Reusable: the credit screen, the order screen's live position and the dialog of
 * a blocked confirmation all show an evaluation from `credit.position` / `enforceCredit` with it.
 *
 *   <CreditBreakdown evaluation={position.evaluation} />
 *   <CreditBreakdown evaluation={e} compact />   // no overdue-items table, no rule list for passes
 */
import { CheckCircleFilled, CloseCircleFilled, MinusCircleOutlined } from '@ant-design/icons';
import { Alert, Descriptions, Space, Table, Tag, Typography } from 'antd';
import type { CreditEvaluationData } from '../../../../shared/schemas/credit';
import { useApp } from '../../app/AppContext';
import { formatDate, formatMoney } from '../../format';
import { currentLanguage, intlLocale } from '../../i18n';
import { fill, useCreditTexts } from './texts';

export interface CreditBreakdownProps {
  evaluation: CreditEvaluationData;
  /** Hide the overdue-items table (order screen side panel). */
  compact?: boolean;
  /** Show the pass/block banner on top (default true). */
  banner?: boolean;
}

export function CreditBreakdown({ evaluation, compact = false, banner = true }: CreditBreakdownProps) {
  const tx = useCreditTexts().breakdown;
  const { currency } = useApp();
  const locale = intlLocale(currentLanguage());
  const money = (v: number | null | undefined) => formatMoney(v, currency, locale);
  const { trace, decision } = evaluation;
  const lim = trace.limit;
  const num = (v: unknown) => (typeof v === 'number' ? v : null);

  const ruleDetail = (r: CreditEvaluationData['trace']['rules'][number]): string => {
    const d = r.detail;
    switch (r.rule) {
      case 'over_limit':
        return fill(tx.ruleDetail.over_limit, { exposure: money(num(d.exposure)), limit: money(num(d.limit)) });
      case 'on_hold':
        return '';
      case 'overdue_beyond_grace':
        return fill(tx.ruleDetail.overdue_beyond_grace, { items: String(d.items ?? 0), amount: money(num(d.amount)) });
      case 'overdue_amount_over_threshold':
        return d.threshold === null ? tx.ruleDetail.thresholdOff : fill(tx.ruleDetail.overdue_amount_over_threshold, { overdue: money(num(d.overdueTotal)), threshold: money(num(d.threshold)) });
    }
  };

  return (
    <Space direction="vertical" size="small" style={{ width: '100%' }} data-testid="credit-breakdown" data-decision={decision}>
      {banner && (
        <Alert
          type={decision === 'pass' ? 'success' : 'error'}
          showIcon
          message={decision === 'pass' ? tx.pass : tx.block}
          description={trace.hold ? tx.hold : undefined}
        />
      )}
      <Descriptions size="small" column={1} bordered styles={{ label: { width: '45%' } }}>
        <Descriptions.Item label={lim.source === 'temporary' ? fill(tx.limitTemporary, { date: formatDate(lim.temporaryExpires, locale) }) : tx.limit}>
          <Typography.Text strong className="sd-num" data-testid="credit-limit">
            {money(lim.inForce)}
          </Typography.Text>
          {lim.source === 'temporary' && (
            <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
              {tx.limitStanding} {money(lim.standing)}
            </Typography.Text>
          )}
          {lim.source === 'standing' && lim.temporary !== null && lim.temporaryExpires !== null && (
            <div>
              <Typography.Text type="secondary">{fill(tx.limitTemporaryExpired, { amount: money(lim.temporary), date: formatDate(lim.temporaryExpires, locale) })}</Typography.Text>
            </div>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={tx.openReceivables}>
          <span className="sd-num">{money(trace.exposure.openReceivables)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={tx.openOrders}>
          <span className="sd-num">{money(trace.exposure.openOrders)}</span>
        </Descriptions.Item>
        {trace.exposure.thisOrder > 0 && (
          <Descriptions.Item label={tx.thisOrder}>
            <span className="sd-num">{money(trace.exposure.thisOrder)}</span>
          </Descriptions.Item>
        )}
        <Descriptions.Item label={tx.exposure}>
          <Typography.Text strong className="sd-num" data-testid="credit-exposure">
            {money(trace.exposure.total)}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={tx.available}>
          <Typography.Text strong type={trace.available < 0 ? 'danger' : undefined} className="sd-num" data-testid="credit-available">
            {money(trace.available)}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={tx.overdue}>
          <Typography.Text type={trace.overdue.total > 0 ? 'warning' : undefined} className="sd-num">
            {money(trace.overdue.total)}
          </Typography.Text>
        </Descriptions.Item>
      </Descriptions>
      <div data-testid="credit-rules">
        <Typography.Text type="secondary">{tx.rules}</Typography.Text>
        {trace.rules.map((r) => (
          <div key={r.rule} style={{ display: 'flex', gap: 8, alignItems: 'baseline', padding: '2px 0' }} data-rule={r.rule} data-fired={r.fired}>
            {r.fired ? <CloseCircleFilled style={{ color: '#ff4d4f' }} /> : decision === 'pass' ? <CheckCircleFilled style={{ color: '#52c41a' }} /> : <MinusCircleOutlined style={{ color: '#bfbfbf' }} />}
            <span style={{ flex: 1 }}>
              {fill(tx.rule[r.rule], { days: trace.overdue.graceDays })}
              {ruleDetail(r) && (
                <Typography.Text type="secondary" style={{ marginLeft: 8 }} className="sd-num">
                  {ruleDetail(r)}
                </Typography.Text>
              )}
            </span>
            <Tag color={r.fired ? 'red' : 'default'} style={{ marginInlineEnd: 0 }}>
              {r.fired ? tx.fired : tx.notFired}
            </Tag>
          </div>
        ))}
      </div>
      {!compact && trace.overdue.items.length > 0 && (
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          title={() => fill(tx.overdueItems, { n: trace.overdue.items.length })}
          dataSource={trace.overdue.items}
          columns={[
            { title: tx.number, dataIndex: 'number', render: (v: string | undefined, r) => v ?? `#${r.id}` },
            { title: tx.dueDate, dataIndex: 'dueDate', render: (v: string) => formatDate(v, locale) },
            {
              title: tx.daysPastDue,
              key: 'days',
              align: 'right',
              render: (_: unknown, r) => Math.round((Date.parse(`${trace.date}T00:00:00Z`) - Date.parse(`${r.dueDate}T00:00:00Z`)) / 86_400_000),
            },
            { title: tx.balance, dataIndex: 'balance', align: 'right', render: (v: number) => money(v) },
          ]}
        />
      )}
    </Space>
  );
}

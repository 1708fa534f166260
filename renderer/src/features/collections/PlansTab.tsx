/**
 * 回款计划: each contract with its instalments, planned versus received (receipts and credit
 * notes filled oldest due first), a progress bar per instalment, quick filters 本周到期 / 已逾期.
 */
import { Alert, Empty, Input, Progress, Segmented, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../shared/contract';
import type { AppErrorData } from '../../../../shared/result';
import type { ContractPlan } from '../../../../shared/schemas/collections';
import { invoke, onEvent } from '../../api/client';
import { useApp } from '../../app/AppContext';
import { errorText } from '../../errors';
import { formatDate, formatMoney } from '../../format';
import { currentLanguage, intlLocale } from '../../i18n';
import { fill, useCollectionsTexts } from './texts';

type Instalment = ContractPlan['instalments'][number];
const STATUS_COLOR: Record<Instalment['status'], string> = { received: 'green', overdue: 'red', due_this_week: 'orange', partial: 'blue', not_due: 'default' };
const pct = (part: number, whole: number) => (whole > 0 ? Math.min(100, Math.floor((part * 100) / whole)) : 0);

export function PlansTab() {
  const tx = useCollectionsTexts();
  const { t } = useTranslation();
  const { currency } = useApp();
  const locale = intlLocale(currentLanguage());
  const money = useCallback((v: number) => formatMoney(v, currency, locale), [currency, locale]);
  const [status, setStatus] = useState<'all' | 'due_this_week' | 'overdue'>('all');
  const [search, setSearch] = useState('');
  const [data, setData] = useState<Output<'collections.plans'> | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);

  const load = useCallback(async () => {
    const r = await invoke('collections.plans', { ...(status === 'all' ? {} : { status }), ...(search.trim() ? { search: search.trim() } : {}), limit: 1000 });
    if (!r.ok) return setError(r.error);
    setError(null);
    setData(r.data);
  }, [status, search]);
  useEffect(() => void load(), [load]);
  useEffect(() => onEvent((name) => name === 'receivables.changed' && void load()), [load]);

  const instalmentTable = (p: ContractPlan) => (
    <Table<Instalment>
      size="small"
      pagination={false}
      rowKey="seq"
      dataSource={p.instalments}
      data-testid={`plan-instalments-${p.number}`}
      rowClassName={(i) => `sd-plan-${i.status}`}
      columns={[
        { title: tx.plans.col.seq, dataIndex: 'seq', width: 64, align: 'center' },
        { title: tx.plans.col.dueDate, dataIndex: 'dueDate', width: 120, render: (d: string) => formatDate(d, locale) },
        { title: tx.plans.col.planned, dataIndex: 'amount', width: 140, align: 'right', render: (v: number) => <span className="sd-num">{money(v)}</span> },
        { title: tx.plans.col.received, dataIndex: 'received', width: 140, align: 'right', render: (v: number) => <span className="sd-num">{money(v)}</span> },
        {
          title: tx.plans.col.progress,
          width: 200,
          render: (_: unknown, i) => (
            <Progress percent={pct(i.received, i.amount)} size="small" status={i.status === 'overdue' ? 'exception' : i.status === 'received' ? 'success' : 'normal'} />
          ),
        },
        {
          title: tx.plans.col.status,
          dataIndex: 'status',
          width: 120,
          render: (s: Instalment['status']) => (
            <Tag color={STATUS_COLOR[s]} data-testid={`instalment-status-${s}`}>
              {tx.plans.status[s]}
            </Tag>
          ),
        },
        { title: tx.plans.col.note, dataIndex: 'note', render: (n: string | null) => n ?? '' },
      ]}
    />
  );

  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
      <div className="sd-toolbar">
        <Segmented
          value={status}
          onChange={(v) => setStatus(v as typeof status)}
          options={[
            { value: 'all', label: tx.plans.all },
            { value: 'due_this_week', label: tx.plans.dueThisWeek },
            { value: 'overdue', label: tx.plans.overdue },
          ]}
          data-testid="plans-filter"
        />
        <Input.Search allowClear style={{ width: 220 }} placeholder={tx.plans.search} onSearch={setSearch} />
        {data && <Typography.Text type="secondary">{fill(tx.plans.week, { start: formatDate(data.week.start, locale), end: formatDate(data.week.end, locale) })}</Typography.Text>}
      </div>
      {error && <Alert type="error" showIcon title={errorText(t, error)} />}
      {data && (
        <Typography.Text data-testid="plans-summary">
          {fill(tx.plans.summary, { planned: money(data.totals.planned), received: money(data.totals.received), week: money(data.totals.dueThisWeek), overdue: money(data.totals.overdue) })}
        </Typography.Text>
      )}
      {data && data.rows.length === 0 ? (
        <Empty description={tx.plans.none} />
      ) : (
        <Table<ContractPlan>
          size="middle"
          rowKey="contractId"
          dataSource={data?.rows ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          expandable={{ expandedRowRender: instalmentTable, defaultExpandAllRows: true }}
          data-testid="plans-table"
          key={`${status}|${search}|${data?.rows.length ?? 0}`}
          columns={[
            {
              title: tx.plans.col.contract,
              render: (_: unknown, p) => (
                <div>
                  <strong>{p.number}</strong> {p.title && <span style={{ color: 'rgba(0,0,0,0.55)' }}>{p.title}</span>}
                  <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>
                    {fill(tx.plans.contractLine, { amount: money(p.amount), invoiced: money(p.invoiced), receipts: money(p.receipts), credits: money(p.credits) })}
                    {p.excess > 0 && ` · ${fill(tx.plans.excess, { amount: money(p.excess) })}`}
                  </div>
                </div>
              ),
            },
            { title: tx.plans.col.customer, width: 280, render: (_: unknown, p) => `${p.customerCode} ${p.customerName}` },
            { title: tx.plans.col.planned, dataIndex: 'planned', width: 140, align: 'right', render: (v: number) => <span className="sd-num">{money(v)}</span> },
            {
              title: tx.plans.col.received,
              width: 140,
              align: 'right',
              render: (_: unknown, p) => <span className="sd-num">{money(p.instalments.reduce((a, i) => a + i.received, 0))}</span>,
            },
            {
              title: tx.plans.col.progress,
              width: 200,
              render: (_: unknown, p) => <Progress percent={pct(p.instalments.reduce((a, i) => a + i.received, 0), p.planned)} size="small" />,
            },
          ]}
        />
      )}
    </div>
  );
}

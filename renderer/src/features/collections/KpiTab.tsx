/**
 * 回款率与 DSO: periods over a range, grouped by company / rep / region. A monthly trend chart
 * (rate as bars on the left axis, DSO as a line on the right) and a table with the numerator and
 * denominator of every rate, so each figure can be checked by hand.
 */
import { Alert, DatePicker, Empty, Segmented, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { LineChart } from 'echarts/charts';
import * as echarts from 'echarts/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../shared/contract';
import type { AppErrorData } from '../../../../shared/result';
import type { KpiRow } from '../../../../shared/schemas/collections';
import { invoke, onEvent } from '../../api/client';
import { useApp } from '../../app/AppContext';
import { type ChartOption, EChart } from '../../components/EChart';
import { errorText } from '../../errors';
import { formatDate, formatInteger, formatMoney, formatPercentBp } from '../../format';
import { currentLanguage, intlLocale } from '../../i18n';
import { fill, useCollectionsTexts } from './texts';

// The shared chart host registers bars and pies; the DSO trend needs lines too.
echarts.use([LineChart]);

type Granularity = 'month' | 'quarter' | 'year';
const dsoText = (d: number | null) => (d === null ? '—' : d.toFixed(1));
type GroupBy = 'company' | 'rep' | 'region';

export function KpiTab() {
  const tx = useCollectionsTexts();
  const { t } = useTranslation();
  const { currency } = useApp();
  const locale = intlLocale(currentLanguage());
  const money = useCallback((v: number) => formatMoney(v, currency, locale), [currency, locale]);
  const [granularity, setGranularity] = useState<Granularity>('month');
  const [groupBy, setGroupBy] = useState<GroupBy>('company');
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().subtract(11, 'month'), dayjs()]);
  const [data, setData] = useState<Output<'collections.kpi'> | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);

  const load = useCallback(async () => {
    const r = await invoke('collections.kpi', { granularity, groupBy, from: range[0].format('YYYY-MM'), to: range[1].format('YYYY-MM') });
    if (!r.ok) return setError(r.error);
    setError(null);
    setData(r.data);
  }, [granularity, groupBy, range]);
  useEffect(() => void load(), [load]);
  useEffect(() => onEvent((name) => name === 'receivables.changed' && void load()), [load]);

  const rateText = useCallback((bp: number | null) => (bp === null ? '—' : formatPercentBp(bp, locale)), [locale]);

  const option = useMemo<ChartOption>(() => {
    const trend = data?.trend ?? [];
    return {
      tooltip: {
        trigger: 'axis',
        valueFormatter: undefined,
        formatter: (ps: { seriesIndex: number; dataIndex: number; marker: string; seriesName: string }[]) => {
          const row = trend[ps[0]?.dataIndex ?? 0];
          if (!row) return '';
          return [
            row.period,
            `${ps.find((p) => p.seriesIndex === 0)?.marker ?? ''}${tx.kpi.rate}: ${rateText(row.rateBp)}  (${money(row.numerator)} / ${money(row.denominator)})`,
            `${ps.find((p) => p.seriesIndex === 1)?.marker ?? ''}${tx.kpi.dso}: ${dsoText(row.dso)}`,
          ].join('<br/>');
        },
      },
      legend: { top: 0 },
      grid: { left: 56, right: 56, top: 40, bottom: 28 },
      xAxis: { type: 'category', data: trend.map((r) => r.period) },
      yAxis: [
        { type: 'value', name: tx.kpi.rate, min: 0, axisLabel: { formatter: (v: number) => `${v}%` } },
        { type: 'value', name: tx.kpi.dso, min: 0, splitLine: { show: false } },
      ],
      series: [
        { name: tx.kpi.rate, type: 'bar', barMaxWidth: 28, yAxisIndex: 0, data: trend.map((r) => (r.rateBp === null ? null : r.rateBp / 100)) },
        { name: tx.kpi.dso, type: 'line', yAxisIndex: 1, smooth: false, symbolSize: 7, connectNulls: false, data: trend.map((r) => r.dso) },
      ],
    };
  }, [data, tx, money, rateText]);

  const groupLabel = (r: KpiRow) => (groupBy === 'company' ? tx.kpi.company : (r.groupName ?? tx.kpi.noGroup));
  const num = (v: number) => <span className="sd-num">{money(v)}</span>;

  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
      <div className="sd-toolbar">
        <Segmented value={granularity} onChange={(v) => setGranularity(v as Granularity)} options={(['month', 'quarter', 'year'] as const).map((g) => ({ value: g, label: tx.kpi.granularity[g] }))} data-testid="kpi-granularity" />
        <Segmented value={groupBy} onChange={(v) => setGroupBy(v as GroupBy)} options={(['company', 'rep', 'region'] as const).map((g) => ({ value: g, label: tx.kpi.groupBy[g] }))} data-testid="kpi-groupby" />
        <span>{tx.kpi.range}</span>
        <DatePicker.RangePicker
          picker="month"
          allowClear={false}
          value={range}
          disabledDate={(d) => d.isAfter(dayjs(), 'month')}
          onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
          data-testid="kpi-range"
        />
      </div>
      {error && <Alert type="error" showIcon title={errorText(t, error)} />}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {tx.kpi.formula}
      </Typography.Text>
      {data && data.trend.length === 0 ? (
        <Empty description={tx.kpi.none} />
      ) : (
        <>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {tx.kpi.chartTitle}
          </Typography.Title>
          <EChart option={option} height={280} testId="chart-kpi" />
          <Table<KpiRow>
            size="small"
            rowKey={(r) => `${r.period}|${r.groupId ?? 'none'}`}
            dataSource={data?.rows ?? []}
            pagination={false}
            data-testid="kpi-table"
            columns={[
              {
                title: tx.kpi.col.period,
                dataIndex: 'period',
                width: 110,
                render: (p: string, r) => (
                  <div>
                    {p}
                    {r.end === data?.asOf && <div style={{ fontSize: 11, color: 'rgba(0,0,0,0.45)' }}>{fill(tx.kpi.toDate, { date: formatDate(r.end, locale) })}</div>}
                  </div>
                ),
              },
              ...(groupBy === 'company' ? [] : [{ title: tx.kpi.col.group, width: 110, render: (_: unknown, r: KpiRow) => groupLabel(r) }]),
              { title: tx.kpi.col.numerator, dataIndex: 'numerator', align: 'right' as const, render: num },
              { title: tx.kpi.col.openingDue, dataIndex: 'openingDue', align: 'right' as const, render: num },
              { title: tx.kpi.col.issuedDue, dataIndex: 'issuedDue', align: 'right' as const, render: num },
              { title: tx.kpi.col.denominator, dataIndex: 'denominator', align: 'right' as const, render: num },
              { title: tx.kpi.col.rate, dataIndex: 'rateBp', width: 90, align: 'right' as const, render: (v: number | null) => <strong className="sd-num">{rateText(v)}</strong> },
              { title: tx.kpi.col.closing, dataIndex: 'closing', align: 'right' as const, render: num },
              { title: tx.kpi.col.creditSales, dataIndex: 'creditSales', align: 'right' as const, render: num },
              { title: tx.kpi.col.days, dataIndex: 'days', width: 64, align: 'right' as const, render: (v: number) => formatInteger(v, locale) },
              { title: tx.kpi.col.dso, dataIndex: 'dso', width: 72, align: 'right' as const, render: (v: number | null) => <strong className="sd-num">{dsoText(v)}</strong> },
            ]}
          />
        </>
      )}
    </div>
  );
}

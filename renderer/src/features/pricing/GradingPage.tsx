/**
 * ABC grading 客户分级: the Pareto chart as of a date (bars: each customer's trailing-12-month
 * sales, highest first; line: cumulative share; mark lines at the A and B thresholds), the grid
 * of customers with computed and manual grade, "regrade" (grading.run) and the manual override.
 */
import { EditOutlined, ReloadOutlined } from '@ant-design/icons';
import type { ColDef, ValueFormatterParams } from 'ag-grid-community';
import { Alert, App, Button, Card, DatePicker, Form, Input, Modal, Select, Space, Statistic, Tag, Tooltip } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../../../shared/result';
import { GRADES } from '../../../../shared/schemas/customers';
import type { Pareto } from '../../../../shared/schemas/pricing';
import { invoke } from '../../api/client';
import { useApp } from '../../app/AppContext';
import { DataGrid } from '../../components/DataGrid';
import { PageHeader } from '../../components/PageHeader';
import { errorText } from '../../errors';
import { formatDate, formatInteger, formatMoney, formatPercentBp } from '../../format';
import { currentLanguage, intlLocale } from '../../i18n';
import { NUMBER_COLUMN } from '../../theme';
import { Chart, type ChartOption } from '../analysis/Chart';

type ParetoRow = Pareto['rows'][number];
const GRADE_COLOR = { A: '#1677ff', B: '#13c2c2', C: '#bfbfbf' } as const;

export function GradingPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { currency, session } = useApp();
  const lng = currentLanguage();
  const locale = intlLocale(lng);
  const canRun = session?.permissions.includes('prices.write') ?? false;
  const [asOf, setAsOf] = useState<Dayjs>(dayjs());
  const [data, setData] = useState<Pareto | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [running, setRunning] = useState(false);
  const [manual, setManual] = useState<ParetoRow | null>(null);
  const [form] = Form.useForm<{ grade: 'A' | 'B' | 'C' | 'auto'; reason: string }>();

  const load = useCallback(async () => {
    const r = await invoke('grading.pareto', { asOf: asOf.format('YYYY-MM-DD'), limit: 2000 });
    if (r.ok) {
      setData(r.data);
      setError(null);
    } else setError(r.error);
  }, [asOf]);
  useEffect(() => {
    void load();
  }, [load]);

  const run = async () => {
    setRunning(true);
    const r = await invoke('grading.run', { asOf: asOf.format('YYYY-MM-DD') });
    setRunning(false);
    if (!r.ok) return void message.error(errorText(t, r.error));
    void message.success(t('grading.runDone', { changed: formatInteger(r.data.changed, locale) }));
    void load();
  };

  const saveManual = async () => {
    if (!manual) return;
    const v = await form.validateFields();
    const r = await invoke('grading.setManual', { customerId: manual.customerId, grade: v.grade === 'auto' ? null : v.grade, reason: v.reason });
    if (!r.ok) return void message.error(errorText(t, r.error));
    void message.success(t('grading.manualSaved'));
    setManual(null);
    void load();
  };

  const money = useCallback((v: number) => formatMoney(v, currency, locale), [currency, locale]);
  const pct = useCallback((bp: number) => formatPercentBp(bp, locale), [locale]);

  const option = useMemo<ChartOption>(() => {
    const rows = (data?.rows ?? []).filter((r) => r.sales > 0);
    const a = data?.thresholds.a ?? 7000;
    const b = data?.thresholds.b ?? 9000;
    return {
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (ps: { dataIndex: number }[]) => {
          const r = rows[ps[0]?.dataIndex ?? 0];
          return r ? `${r.code} ${r.name}<br/>${t('grading.rank')} ${r.rank} · ${r.computed}<br/>${t('grading.sales')}: ${money(r.sales)}<br/>${t('grading.cumulative')}: ${pct(r.cumulativeBp)}` : '';
        },
      },
      legend: { top: 0, data: [t('grading.sales'), t('grading.cumulative')] },
      grid: { left: 8, right: 16, top: 36, bottom: rows.length > 60 ? 40 : 8, containLabel: true },
      dataZoom: rows.length > 60 ? [{ type: 'slider', height: 18, bottom: 8, start: 0, end: Math.min(100, (200 / rows.length) * 100) }, { type: 'inside' }] : [],
      xAxis: { type: 'category', data: rows.map((r) => r.code), axisLabel: { show: rows.length <= 60, rotate: 45 } },
      yAxis: [
        { type: 'value', name: t('grading.sales'), axisLabel: { formatter: (v: number) => formatInteger(v / 100, locale) } },
        { type: 'value', name: t('grading.cumulative'), min: 0, max: 100, axisLabel: { formatter: '{value}%' }, splitLine: { show: false } },
      ],
      series: [
        {
          type: 'bar',
          name: t('grading.sales'),
          large: rows.length > 500,
          data: rows.map((r) => ({ value: r.sales, itemStyle: { color: GRADE_COLOR[r.computed] } })),
          barMaxWidth: 24,
        },
        {
          type: 'line',
          name: t('grading.cumulative'),
          yAxisIndex: 1,
          showSymbol: false,
          smooth: false,
          data: rows.map((r) => r.cumulativeBp / 100),
          lineStyle: { color: '#fa8c16', width: 2 },
          itemStyle: { color: '#fa8c16' },
          markLine: {
            symbol: 'none',
            silent: true,
            lineStyle: { type: 'dashed' },
            label: { position: 'insideEndTop' },
            data: [
              { yAxis: a / 100, name: 'A', label: { formatter: t('grading.lineA', { v: pct(a) }) }, lineStyle: { color: GRADE_COLOR.A } },
              { yAxis: b / 100, name: 'B', label: { formatter: t('grading.lineB', { v: pct(b) }) }, lineStyle: { color: '#08979c' } },
            ],
          },
        },
      ],
    };
  }, [data, t, locale, pct, money]);

  const columnDefs = useMemo<ColDef<ParetoRow>[]>(
    () => [
      { field: 'rank', headerName: t('grading.rank'), width: 80, ...NUMBER_COLUMN },
      { field: 'code', headerName: t('customers.code'), width: 115, cellClass: 'sd-num' },
      { field: 'name', headerName: t('customers.name'), minWidth: 200, flex: 1, tooltipField: 'name' },
      { field: 'sales', headerName: t('grading.sales'), width: 160, ...NUMBER_COLUMN, valueFormatter: (p: ValueFormatterParams<ParetoRow, number>) => money(p.value ?? 0) },
      { field: 'shareAboveBp', headerName: t('grading.shareAbove'), width: 120, ...NUMBER_COLUMN, valueFormatter: (p: ValueFormatterParams<ParetoRow, number>) => pct(p.value ?? 0) },
      { field: 'cumulativeBp', headerName: t('grading.cumulative'), width: 140, ...NUMBER_COLUMN, valueFormatter: (p: ValueFormatterParams<ParetoRow, number>) => pct(p.value ?? 0) },
      { field: 'computed', headerName: t('grading.computed'), width: 100, cellRenderer: (p: { value?: string }) => (p.value ? <span className="sd-cell-tag sd-cell-tag-blue">{p.value}</span> : null) },
      {
        field: 'grade',
        headerName: t('grading.grade'),
        width: 120,
        cellRenderer: (p: { data?: ParetoRow }) =>
          p.data ? (
            <span>
              <span className="sd-cell-tag sd-cell-tag-blue">{p.data.grade}</span>
              {p.data.manual && <Tag color="orange">{t('grading.manual')}</Tag>}
            </span>
          ) : null,
      },
      ...(canRun
        ? [
            {
              colId: 'actions',
              headerName: t('common.actions'),
              width: 90,
              sortable: false,
              cellRenderer: (p: { data?: ParetoRow }) =>
                p.data ? (
                  <Tooltip title={t('grading.setManual')}>
                    <Button
                      size="small"
                      type="text"
                      icon={<EditOutlined />}
                      aria-label={t('grading.setManual')}
                      onClick={() => {
                        if (!p.data) return;
                        form.setFieldsValue({ grade: p.data.manual ? p.data.grade : 'auto', reason: '' });
                        setManual(p.data);
                      }}
                    />
                  </Tooltip>
                ) : null,
            },
          ]
        : []),
    ],
    [t, canRun, money, pct, form.setFieldsValue],
  );
  const defaultColDef = useMemo<ColDef>(() => ({ sortable: true, resizable: true, suppressHeaderMenuButton: true }), []);

  return (
    <div className="sd-page" data-testid="page-grading">
      <PageHeader
        title={t('grading.title')}
        subtitle={t('grading.subtitle')}
        extra={
          <Space>
            <span>{t('grading.asOf')}</span>
            <DatePicker allowClear={false} value={asOf} onChange={(d) => d && setAsOf(d)} data-testid="grading-asof" />
            <Button icon={<ReloadOutlined />} onClick={() => void load()} aria-label={t('common.refresh')} />
            {canRun && (
              <Button type="primary" loading={running} onClick={() => void run()} data-testid="grading-run">
                {t('grading.run')}
              </Button>
            )}
          </Space>
        }
      />
      {error && <Alert type="error" showIcon title={errorText(t, error)} />}
      {data && (
        <div className="sd-stat-row" style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(180px, 1fr))', gap: 16 }}>
          <Card size="small">
            <Statistic title={t('grading.total')} value={money(data.total)} />
            <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>{t('grading.window', { from: formatDate(data.from, locale), to: formatDate(data.to, locale) })}</div>
          </Card>
          <Card size="small">
            <Statistic title={t('grading.customers')} value={formatInteger(data.customers, locale)} />
            <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>
              {t('grading.withSales')} {formatInteger(data.withSales, locale)}
            </div>
          </Card>
          <Card size="small" data-testid="grading-counts">
            <div style={{ color: 'rgba(0,0,0,0.45)', marginBottom: 6 }}>{t('grading.computed')}</div>
            <Space wrap>
              {GRADES.map((g) => (
                <Tag key={g} color={g === 'C' ? 'default' : g === 'A' ? 'blue' : 'cyan'} style={{ fontSize: 14, padding: '2px 8px' }}>
                  {t(`grading.count${g}`, { n: formatInteger(data.counts[g], locale) })}
                </Tag>
              ))}
            </Space>
            <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)', marginTop: 6 }}>{t('grading.thresholds', { a: pct(data.thresholds.a), b: pct(data.thresholds.b) })}</div>
          </Card>
        </div>
      )}
      <Card title={t('grading.pareto')} extra={data && data.rows.length < data.customers ? t('grading.shown', { n: formatInteger(data.rows.length, locale) }) : null}>
        <Chart option={option} height={340} testId="chart-pareto" />
      </Card>
      <div style={{ height: 420, display: 'flex', flexDirection: 'column' }}>
        <DataGrid<ParetoRow> testId="grading-grid" rowData={data?.rows ?? []} columnDefs={columnDefs} defaultColDef={defaultColDef} getRowId={(p) => String(p.data.customerId)} />
      </div>
      <Modal open={manual !== null} title={`${t('grading.setManual')} · ${manual?.code ?? ''} ${manual?.name ?? ''}`} onCancel={() => setManual(null)} onOk={() => void saveManual()} okText={t('common.save')} destroyOnHidden>
        <Form form={form} layout="vertical">
          <Form.Item name="grade" label={t('grading.grade')} rules={[{ required: true }]}>
            <Select
              options={[
                { value: 'auto', label: `${t('grading.clearManual')}（${manual?.computed ?? ''}）` },
                ...GRADES.map((g) => ({ value: g, label: t('dashboard.gradeLabel', { grade: g }) })),
              ]}
            />
          </Form.Item>
          <Form.Item name="reason" label={t('grading.reason')} rules={[{ required: true, whitespace: true, message: t('validation.required', { field: t('grading.reason') }) }]}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}

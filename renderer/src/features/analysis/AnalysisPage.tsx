/**
 * Sales analysis 销售分析 over the one sales fact: region × year (grid + chart), by month for a
 * year, top customers and products, year over year. Every chart bar and grid cell drills down to
 * the rows behind it (analysis.rows, paged in SQL through AG Grid's infinite row model). Every
 * table exports what it shows to XLSX (money as numbers) or CSV with the grid's export helpers.
 */
import type { ColDef, IDatasource, IGetRowsParams, ValueFormatterParams } from 'ag-grid-community';
import type { AgGridReact } from 'ag-grid-react';
import { DownloadOutlined, FileExcelOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Empty, InputNumber, Segmented, Space, Table, Tabs, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../shared/contract';
import type { AppErrorData } from '../../../../shared/result';
import type { FactFilter } from '../../../../shared/schemas/analysis';
import { invoke } from '../../api/client';
import { useApp } from '../../app/AppContext';
import { DataGrid } from '../../components/DataGrid';
import { csvBlob, download, type ExportCell, type ExportColumn, fetchAll, timestampedName, xlsxBlob } from '../../components/grid/export';
import { PageHeader } from '../../components/PageHeader';
import { errorText } from '../../errors';
import { formatDate, formatInteger, formatMoney, formatPercentBp, formatQuantity, minorDigits } from '../../format';
import { currentLanguage, intlLocale } from '../../i18n';
import { NUMBER_COLUMN } from '../../theme';
import { Chart, type ChartOption } from './Chart';

type FactRow = Output<'analysis.rows'>['rows'][number];
type RegionYear = Output<'analysis.regionYear'>;
type Yoy = Output<'analysis.yoy'>;
interface Drill {
  filter: FactFilter;
  label: string;
}

function useLoad<T>(load: () => Promise<{ ok: true; data: T } | { ok: false; error: AppErrorData }>, deps: unknown[]) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  useEffect(() => {
    let live = true;
    void load().then((r) => {
      if (!live) return;
      if (r.ok) {
        setData(r.data);
        setError(null);
      } else setError(r.error);
    });
    return () => {
      live = false;
    };
    // biome-ignore lint/correctness/useExhaustiveDependencies: the caller lists the inputs of load
  }, deps);
  return { data, error };
}

/** XLSX / CSV of a table as shown: `build` gives the columns and rows when a button is clicked. */
function TableExport({ name, testId, build }: { name: string; testId: string; build: () => { columns: ExportColumn[]; rows: ExportCell[][] } }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async (kind: 'xlsx' | 'csv') => {
    setBusy(true);
    try {
      const { columns, rows } = build();
      download(kind === 'xlsx' ? await xlsxBlob(name, columns, rows) : csvBlob(columns, rows), timestampedName(name, kind));
      void message.success(t('masterdata.grid.exported', { n: rows.length }));
    } catch (e) {
      void message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space size={4}>
      <Button size="small" icon={<FileExcelOutlined />} loading={busy} onClick={() => void run('xlsx')} data-testid={`${testId}-export-xlsx`}>
        {t('masterdata.grid.exportXlsx')}
      </Button>
      <Button size="small" icon={<DownloadOutlined />} loading={busy} onClick={() => void run('csv')} data-testid={`${testId}-export-csv`}>
        {t('masterdata.grid.exportCsv')}
      </Button>
    </Space>
  );
}

const MONEY_FMT = '#,##0.00';
const PERCENT_FMT = '0.00%';

/** Compact axis labels: 12,345 (yuan, no decimals). */
const axisMoney = (locale: string) => (v: number) => formatInteger(Math.round(v / 100), locale);

export function AnalysisPage() {
  const { t } = useTranslation();
  const { currency } = useApp();
  const lng = currentLanguage();
  const locale = intlLocale(lng);
  const money = useCallback((v: number | null | undefined) => formatMoney(v, currency, locale), [currency, locale]);
  /** Minor units → a number in major units for the export (an exact decimal for 2-digit currencies). */
  const major = (v: number | null | undefined) => (v === null || v === undefined ? null : v / 10 ** minorDigits(currency));
  const moneyCol = (header: string): ExportColumn => ({ header, width: 130, numFmt: MONEY_FMT });
  const textCol = (header: string, width = 160): ExportColumn => ({ header, width });
  const [tab, setTab] = useState('regionYear');
  const [drill, setDrill] = useState<Drill | null>(null);
  const thisYear = dayjs().year();
  const [year, setYear] = useState(thisYear);
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().subtract(1, 'year').add(1, 'day'), dayjs()]);
  const [dimension, setDimension] = useState<'month' | 'region' | 'productLine'>('month');

  const regionYear = useLoad(() => invoke('analysis.regionYear', {}), []);
  const monthly = useLoad(() => invoke('analysis.monthly', { year }), [year]);
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  const topCustomers = useLoad(() => invoke('analysis.topCustomers', { from, to, limit: 20 }), [from, to]);
  const topProducts = useLoad(() => invoke('analysis.topProducts', { from, to, limit: 20 }), [from, to]);
  const yoy = useLoad(() => invoke('analysis.yoy', { year, dimension }), [year, dimension]);
  const error = regionYear.error ?? monthly.error ?? topCustomers.error ?? topProducts.error ?? yoy.error;

  const regionName = useCallback((ry: RegionYear | null, id: number) => (id === 0 ? t('analysis.noRegion') : (ry?.regions.find((r) => r.regionId === id)?.name ?? String(id))), [t]);

  // ── region × year ──────────────────────────────────────────────────────────────────
  const ry = regionYear.data;
  const pivot = useMemo(() => {
    if (!ry) return [];
    return ry.regions.map((r) => {
      const row: Record<string, number | string> = { regionId: r.regionId, region: regionName(ry, r.regionId), total: 0 };
      for (const c of ry.cells.filter((c) => c.regionId === r.regionId)) {
        row[`y${c.year}`] = c.netAmount;
        row.total = (row.total as number) + c.netAmount;
      }
      return row;
    });
  }, [ry, regionName]);
  const ryOption = useMemo<ChartOption>(() => {
    if (!ry) return {};
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => money(v) },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: ry.regions.map((r) => regionName(ry, r.regionId)) },
      yAxis: { type: 'value', axisLabel: { formatter: axisMoney(locale) } },
      series: ry.years.map((y) => ({
        type: 'bar',
        name: String(y),
        barMaxWidth: 28,
        data: ry.regions.map((r) => ry.cells.find((c) => c.regionId === r.regionId && c.year === y)?.netAmount ?? 0),
      })),
    };
  }, [ry, money, locale, regionName]);

  // ── monthly ────────────────────────────────────────────────────────────────────────
  const monthLabels = useMemo(() => Array.from({ length: 12 }, (_, i) => t('analysis.monthLabel', { m: i + 1 })), [t]);
  const monthlyOption = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => money(v) },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: monthLabels },
      yAxis: { type: 'value', axisLabel: { formatter: axisMoney(locale) } },
      series: [{ type: 'bar', name: t('analysis.netSales'), barMaxWidth: 36, itemStyle: { borderRadius: [4, 4, 0, 0] }, data: (monthly.data?.months ?? []).map((m) => m.netAmount) }],
    }),
    [monthly.data, monthLabels, money, locale, t],
  );

  // ── top ────────────────────────────────────────────────────────────────────────────
  const topOption = (labels: string[], values: number[]): ChartOption => ({
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => money(v) },
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', axisLabel: { formatter: axisMoney(locale) } },
    yAxis: { type: 'category', inverse: true, data: labels, axisLabel: { width: 140, overflow: 'truncate' } },
    series: [{ type: 'bar', data: values, barMaxWidth: 18, itemStyle: { borderRadius: [0, 4, 4, 0] } }],
  });

  // ── yoy ────────────────────────────────────────────────────────────────────────────
  const yoyLabel = useCallback(
    (y: Yoy, key: number, label: string) =>
      y.dimension === 'month' ? t('analysis.monthLabel', { m: key }) : key === 0 ? (y.dimension === 'region' ? t('analysis.noRegion') : t('analysis.noLine')) : label,
    [t],
  );
  const yoyOption = useMemo<ChartOption>(() => {
    const y = yoy.data;
    if (!y) return {};
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => money(v) },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: y.rows.map((r) => yoyLabel(y, r.key, r.label)), axisLabel: { interval: 0, rotate: y.rows.length > 8 ? 30 : 0 } },
      yAxis: { type: 'value', axisLabel: { formatter: axisMoney(locale) } },
      series: [
        { type: 'bar', name: t('analysis.previous', { year: y.year - 1 }), data: y.rows.map((r) => r.previous), barMaxWidth: 24, itemStyle: { color: '#91caff' } },
        { type: 'bar', name: t('analysis.current', { year: y.year }), data: y.rows.map((r) => r.current), barMaxWidth: 24 },
      ],
    };
  }, [yoy.data, money, locale, t, yoyLabel]);

  const yoyFilter = (y: Yoy, key: number, whichYear: number): FactFilter =>
    y.dimension === 'month' ? { year: whichYear, month: key } : y.dimension === 'region' ? { year: whichYear, regionId: key } : { year: whichYear, productLineId: key };

  const changeText = (bp: number | null) => (bp === null ? '—' : `${bp > 0 ? '+' : ''}${formatPercentBp(bp, locale)}`);
  const changeStyle = (bp: number | null) => ({ color: bp === null ? undefined : bp >= 0 ? '#389e0d' : '#cf1322' });

  const yearInput = <InputNumber min={1900} max={2999} value={year} onChange={(v) => v && setYear(v)} style={{ width: 100 }} data-testid="analysis-year" />;
  const empty = (n: number | undefined) => !n;

  return (
    <div className="sd-page" data-testid="page-analysis">
      <PageHeader title={t('analysis.title')} subtitle={t('analysis.subtitle')} />
      {error && <Alert type="error" showIcon title={errorText(t, error)} />}
      <Card>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            {
              key: 'regionYear',
              label: t('analysis.regionYear'),
              children: empty(ry?.cells.length) ? (
                <Empty description={t('analysis.noData')} />
              ) : (
                <>
                  <Chart
                    option={ryOption}
                    testId="chart-region-year"
                    onClick={(e) => {
                      if (!ry) return;
                      const r = ry.regions[e.dataIndex];
                      const y = Number(e.seriesName);
                      if (r) setDrill({ filter: { regionId: r.regionId, year: y }, label: `${regionName(ry, r.regionId)} · ${y}` });
                    }}
                  />
                  <div className="sd-toolbar" style={{ marginTop: 12, justifyContent: 'flex-end' }}>
                    <TableExport
                      name={`${t('analysis.title')}-${t('analysis.regionYear')}`}
                      testId="region-year"
                      build={() => ({
                        columns: [textCol(t('analysis.region')), ...(ry?.years ?? []).map((y) => moneyCol(String(y))), moneyCol(t('analysis.total'))],
                        rows: pivot.map((row) => [String(row.region), ...(ry?.years ?? []).map((y) => major((row[`y${y}`] as number | undefined) ?? 0)), major(row.total as number)]),
                      })}
                    />
                  </div>
                  <Table
                    size="small"
                    style={{ marginTop: 8 }}
                    pagination={false}
                    rowKey="regionId"
                    dataSource={pivot}
                    data-testid="grid-region-year"
                    columns={[
                      { title: t('analysis.region'), dataIndex: 'region', fixed: 'left' },
                      ...(ry?.years ?? []).map((y) => ({
                        title: String(y),
                        dataIndex: `y${y}`,
                        align: 'right' as const,
                        render: (v: number | undefined, row: Record<string, number | string>) => (
                          <Typography.Link className="sd-num" onClick={() => setDrill({ filter: { regionId: row.regionId as number, year: y }, label: `${row.region} · ${y}` })}>
                            {money(v ?? 0)}
                          </Typography.Link>
                        ),
                      })),
                      { title: t('analysis.total'), dataIndex: 'total', align: 'right' as const, render: (v: number) => <strong className="sd-num">{money(v)}</strong> },
                    ]}
                  />
                </>
              ),
            },
            {
              key: 'monthly',
              label: t('analysis.monthly'),
              children: (
                <>
                  <Space style={{ marginBottom: 8 }}>
                    <span>{t('analysis.year')}</span>
                    {yearInput}
                    <span className="sd-num" style={{ color: 'rgba(0,0,0,0.45)' }}>
                      {t('analysis.total')} {money(monthly.data?.total ?? 0)}
                    </span>
                    <TableExport
                      name={`${t('analysis.title')}-${t('analysis.monthly')}-${year}`}
                      testId="monthly"
                      build={() => ({
                        columns: [textCol(t('analysis.monthly'), 100), moneyCol(t('analysis.netSales'))],
                        rows: [...(monthly.data?.months ?? []).map((m, i) => [monthLabels[i] ?? String(i + 1), major(m.netAmount)]), [t('analysis.total'), major(monthly.data?.total ?? 0)]],
                      })}
                    />
                  </Space>
                  <Chart option={monthlyOption} testId="chart-monthly" onClick={(e) => setDrill({ filter: { year, month: e.dataIndex + 1 }, label: `${year} · ${monthLabels[e.dataIndex] ?? ''}` })} />
                </>
              ),
            },
            {
              key: 'top',
              label: t('analysis.top'),
              children: (
                <>
                  <Space style={{ marginBottom: 8 }}>
                    <DatePicker.RangePicker allowClear={false} value={range} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} />
                  </Space>
                  <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(420px, 1fr))', gap: 16 }}>
                    <Card
                      size="small"
                      title={t('analysis.topCustomers')}
                      extra={
                        <TableExport
                          name={`${t('analysis.topCustomers')}-${from}-${to}`}
                          testId="top-customers"
                          build={() => ({
                            columns: [textCol(t('customers.code'), 100), textCol(t('customers.name'), 240), textCol(t('analysis.region'), 90), moneyCol(t('analysis.netSales')), { header: t('analysis.share'), width: 80, numFmt: PERCENT_FMT }],
                            rows: (topCustomers.data?.rows ?? []).map((r) => [r.code, r.name, r.regionName ?? null, major(r.netAmount), r.shareBp / 10_000]),
                          })}
                        />
                      }
                    >
                      <Chart
                        height={Math.max(240, (topCustomers.data?.rows.length ?? 0) * 22)}
                        testId="chart-top-customers"
                        option={topOption((topCustomers.data?.rows ?? []).map((r) => r.name), (topCustomers.data?.rows ?? []).map((r) => r.netAmount))}
                        onClick={(e) => {
                          const r = topCustomers.data?.rows[e.dataIndex];
                          if (r) setDrill({ filter: { customerId: r.customerId, from, to }, label: `${r.code} ${r.name}` });
                        }}
                      />
                      <Table
                        size="small"
                        pagination={false}
                        rowKey="customerId"
                        dataSource={topCustomers.data?.rows ?? []}
                        columns={[
                          { title: t('analysis.customer'), key: 'c', render: (_, r) => <Typography.Link onClick={() => setDrill({ filter: { customerId: r.customerId, from, to }, label: `${r.code} ${r.name}` })}>{`${r.code} ${r.name}`}</Typography.Link> },
                          { title: t('analysis.region'), dataIndex: 'regionName', width: 90 },
                          { title: t('analysis.netSales'), dataIndex: 'netAmount', align: 'right', render: (v: number) => <span className="sd-num">{money(v)}</span> },
                          { title: t('analysis.share'), dataIndex: 'shareBp', align: 'right', width: 80, render: (v: number) => <span className="sd-num">{formatPercentBp(v, locale)}</span> },
                        ]}
                      />
                    </Card>
                    <Card
                      size="small"
                      title={t('analysis.topProducts')}
                      extra={
                        <TableExport
                          name={`${t('analysis.topProducts')}-${from}-${to}`}
                          testId="top-products"
                          build={() => ({
                            columns: [textCol(t('masterdata.products.sku'), 100), textCol(t('masterdata.products.name'), 240), { header: t('analysis.qty'), width: 90, numFmt: '#,##0.###' }, moneyCol(t('analysis.netSales')), { header: t('analysis.share'), width: 80, numFmt: PERCENT_FMT }],
                            rows: (topProducts.data?.rows ?? []).map((r) => [r.sku, r.name, Number(r.qty), major(r.netAmount), r.shareBp / 10_000]),
                          })}
                        />
                      }
                    >
                      <Chart
                        height={Math.max(240, (topProducts.data?.rows.length ?? 0) * 22)}
                        testId="chart-top-products"
                        option={topOption((topProducts.data?.rows ?? []).map((r) => r.name), (topProducts.data?.rows ?? []).map((r) => r.netAmount))}
                        onClick={(e) => {
                          const r = topProducts.data?.rows[e.dataIndex];
                          if (r) setDrill({ filter: { productId: r.productId, from, to }, label: `${r.sku} ${r.name}` });
                        }}
                      />
                      <Table
                        size="small"
                        pagination={false}
                        rowKey="productId"
                        dataSource={topProducts.data?.rows ?? []}
                        columns={[
                          { title: t('analysis.product'), key: 'p', render: (_, r) => <Typography.Link onClick={() => setDrill({ filter: { productId: r.productId, from, to }, label: `${r.sku} ${r.name}` })}>{`${r.sku} ${r.name}`}</Typography.Link> },
                          { title: t('analysis.qty'), dataIndex: 'qty', align: 'right', width: 90, render: (v: string) => <span className="sd-num">{formatQuantity(v, locale)}</span> },
                          { title: t('analysis.netSales'), dataIndex: 'netAmount', align: 'right', render: (v: number) => <span className="sd-num">{money(v)}</span> },
                          { title: t('analysis.share'), dataIndex: 'shareBp', align: 'right', width: 80, render: (v: number) => <span className="sd-num">{formatPercentBp(v, locale)}</span> },
                        ]}
                      />
                    </Card>
                  </div>
                </>
              ),
            },
            {
              key: 'yoy',
              label: t('analysis.yoy'),
              children: (
                <>
                  <Space style={{ marginBottom: 8 }} wrap>
                    <span>{t('analysis.year')}</span>
                    {yearInput}
                    <span>{t('analysis.dimension')}</span>
                    <Segmented value={dimension} onChange={(v) => setDimension(v as typeof dimension)} options={(['month', 'region', 'productLine'] as const).map((d) => ({ value: d, label: t(`analysis.dimensions.${d}`) }))} />
                    {yoy.data && (
                      <span className="sd-num" data-testid="yoy-summary">
                        {t('analysis.current', { year: yoy.data.year })} {money(yoy.data.current)} · {t('analysis.previous', { year: yoy.data.year - 1 })} {money(yoy.data.previous)} · {t('analysis.change')}{' '}
                        <span style={changeStyle(yoy.data.changeBp)}>{changeText(yoy.data.changeBp)}</span>
                      </span>
                    )}
                    <TableExport
                      name={`${t('analysis.title')}-${t('analysis.yoy')}-${year}`}
                      testId="yoy"
                      build={() => ({
                        columns: [textCol(t(`analysis.dimensions.${dimension}`)), moneyCol(t('analysis.previous', { year: year - 1 })), moneyCol(t('analysis.current', { year })), { header: t('analysis.change'), width: 90, numFmt: PERCENT_FMT }],
                        rows: (yoy.data?.rows ?? []).map((r) => [yoy.data ? yoyLabel(yoy.data, r.key, r.label) : '', major(r.previous), major(r.current), r.changeBp === null ? null : r.changeBp / 10_000]),
                      })}
                    />
                  </Space>
                  <Chart
                    option={yoyOption}
                    testId="chart-yoy"
                    onClick={(e) => {
                      const y = yoy.data;
                      const r = y?.rows[e.dataIndex];
                      if (!y || !r) return;
                      const which = e.seriesIndex === 0 ? y.year - 1 : y.year;
                      setDrill({ filter: yoyFilter(y, r.key, which), label: `${which} · ${yoyLabel(y, r.key, r.label)}` });
                    }}
                  />
                  <Table
                    size="small"
                    style={{ marginTop: 12 }}
                    pagination={false}
                    rowKey="key"
                    dataSource={yoy.data?.rows ?? []}
                    columns={[
                      { title: t(`analysis.dimensions.${dimension}`), key: 'k', render: (_, r) => (yoy.data ? yoyLabel(yoy.data, r.key, r.label) : '') },
                      { title: t('analysis.previous', { year: year - 1 }), dataIndex: 'previous', align: 'right', render: (v: number) => <span className="sd-num">{money(v)}</span> },
                      { title: t('analysis.current', { year }), dataIndex: 'current', align: 'right', render: (v: number) => <span className="sd-num">{money(v)}</span> },
                      { title: t('analysis.change'), dataIndex: 'changeBp', align: 'right', render: (v: number | null) => <span className="sd-num" style={changeStyle(v)}>{changeText(v)}</span> },
                    ]}
                  />
                </>
              ),
            },
          ]}
        />
      </Card>
      <DrillGrid drill={drill} money={money} locale={locale} currency={currency} />
    </div>
  );
}

function DrillGrid({ drill, money, locale, currency }: { drill: Drill | null; money: (v: number) => string; locale: string; currency: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [exporting, setExporting] = useState(false);
  const grid = useRef<AgGridReact<FactRow>>(null);
  const [summary, setSummary] = useState<{ total: number; netAmount: number } | null>(null);
  const filter = useRef<FactFilter | null>(null);
  filter.current = drill?.filter ?? null;
  const datasource = useMemo<IDatasource>(
    () => ({
      getRows: (params: IGetRowsParams) => {
        const f = filter.current;
        if (!f) return params.successCallback([], 0);
        void invoke('analysis.rows', { filter: f, offset: params.startRow, limit: Math.min(1000, params.endRow - params.startRow) }).then((r) => {
          if (!r.ok) return params.failCallback();
          setSummary({ total: r.data.total, netAmount: r.data.netAmount });
          params.successCallback(r.data.rows, r.data.total);
        });
      },
    }),
    [],
  );
  useEffect(() => {
    if (drill) grid.current?.api?.purgeInfiniteCache();
  }, [drill]);
  const columnDefs = useMemo<ColDef<FactRow>[]>(
    () => [
      { field: 'date', headerName: t('analysis.date'), width: 120, cellClass: 'sd-num', valueFormatter: (p: ValueFormatterParams<FactRow, string>) => formatDate(p.value, locale) },
      { field: 'customerCode', headerName: t('customers.code'), width: 110, cellClass: 'sd-num' },
      { field: 'customerName', headerName: t('analysis.customer'), minWidth: 180, flex: 1 },
      { field: 'sku', headerName: t('pricing.sku'), width: 120, cellClass: 'sd-num' },
      { field: 'productName', headerName: t('analysis.product'), minWidth: 160, flex: 1 },
      { field: 'regionName', headerName: t('analysis.region'), width: 90 },
      { field: 'repName', headerName: t('analysis.rep'), width: 90 },
      { field: 'qty', headerName: t('analysis.qty'), width: 90, ...NUMBER_COLUMN, valueFormatter: (p) => formatQuantity(p.value, locale) },
      { field: 'netAmount', headerName: t('analysis.netSales'), width: 140, ...NUMBER_COLUMN, valueFormatter: (p: ValueFormatterParams<FactRow, number>) => money(p.value ?? 0) },
      { field: 'discountAmount', headerName: t('analysis.discount'), width: 120, ...NUMBER_COLUMN, valueFormatter: (p: ValueFormatterParams<FactRow, number>) => money(p.value ?? 0) },
      { field: 'sourceType', headerName: t('analysis.source'), width: 80, valueFormatter: (p: ValueFormatterParams<FactRow, string>) => (p.value ? t(`analysis.sources.${p.value}` as 'analysis.sources.import', { defaultValue: p.value }) : '') },
      { field: 'sourceRef', headerName: t('analysis.sourceRef'), width: 140, cellClass: 'sd-num' },
    ],
    [t, locale, money],
  );
  /** Every row of the drill-down (paged through analysis.rows) to an XLSX file; amounts in major units. */
  const exportXlsx = async () => {
    if (!drill) return;
    setExporting(true);
    try {
      const rows = await fetchAll(async (offset, limit) => {
        const r = await invoke('analysis.rows', { filter: drill.filter, offset, limit });
        if (!r.ok) throw new Error(r.error.message);
        return r.data;
      });
      const scale = 10 ** minorDigits(currency);
      const moneyFmt = minorDigits(currency) ? '#,##0.00' : '#,##0';
      const columns: ExportColumn[] = [
        { header: t('analysis.date'), width: 90 },
        { header: t('customers.code'), width: 90 },
        { header: t('analysis.customer'), width: 200 },
        { header: t('pricing.sku'), width: 100 },
        { header: t('analysis.product'), width: 200 },
        { header: t('analysis.region'), width: 80 },
        { header: t('analysis.rep'), width: 80 },
        { header: t('analysis.qty'), width: 80, numFmt: '#,##0.###' },
        { header: t('analysis.netSales'), width: 110, numFmt: moneyFmt },
        { header: t('analysis.discount'), width: 100, numFmt: moneyFmt },
        { header: t('analysis.source'), width: 70 },
        { header: t('analysis.sourceRef'), width: 120 },
      ];
      const cells: ExportCell[][] = rows.map((r) => [
        r.date, r.customerCode, r.customerName, r.sku, r.productName, r.regionName, r.repName, Number(r.qty),
        r.netAmount / scale, r.discountAmount / scale, t(`analysis.sources.${r.sourceType}` as 'analysis.sources.import', { defaultValue: r.sourceType }), r.sourceRef,
      ]);
      download(await xlsxBlob(drill.label, columns, cells), timestampedName(`${t('analysis.title')}-${drill.label}`, 'xlsx'));
      void message.success(t('masterdata.grid.exported', { n: formatInteger(rows.length, locale) }));
    } catch (e) {
      void message.error((e as Error).message);
    } finally {
      setExporting(false);
    }
  };

  return (
    <Card
      size="small"
      title={drill ? t('analysis.drill', { what: drill.label }) : t('analysis.drillHint')}
      extra={
        drill && summary ? (
          <Space>
            <span className="sd-num" data-testid="drill-summary">
              {t('analysis.rowsTotal', { n: formatInteger(summary.total, locale), amount: money(summary.netAmount) })}
            </span>
            <Button size="small" icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportXlsx()} data-testid="drill-export">
              {t('masterdata.grid.exportXlsx')}
            </Button>
          </Space>
        ) : null
      }
      data-testid="drill-card"
    >
      {drill ? (
        <div style={{ height: 360, display: 'flex', flexDirection: 'column' }}>
          <DataGrid<FactRow> gridRef={grid} testId="drill-grid" rowModelType="infinite" datasource={datasource} cacheBlockSize={100} columnDefs={columnDefs} defaultColDef={{ resizable: true, sortable: false, suppressHeaderMenuButton: true }} />
        </div>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('analysis.drillHint')} />
      )}
    </Card>
  );
}

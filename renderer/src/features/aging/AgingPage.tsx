/**
 * Aging 账龄分析 (`#/aging`): open receivables by days past due as of any date (quick picks for
 * today and the last month, quarter and year end), grouped by customer, rep or region; one
 * right-aligned money column per bucket plus total, overdue, unapplied credit and net, with a
 * pinned totals row. Clicking an amount (or a bar of the per-rep chart) opens the items behind
 * it. Export writes the grid as shown to XLSX.
 */
import { DownloadOutlined, ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import type { CellClickedEvent, CellStyle, ColDef, ValueFormatterParams } from 'ag-grid-community';
import { Alert, Button, Card, DatePicker, Input, Segmented, Space, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../shared/contract';
import type { AppErrorData } from '../../../../shared/result';
import type { AgingGroupBy, AgingRow } from '../../../../shared/schemas/aging';
import { invoke, onEvent } from '../../api/client';
import { useApp } from '../../app/AppContext';
import { DataGrid } from '../../components/DataGrid';
import { PageHeader } from '../../components/PageHeader';
import { download, timestampedName, xlsxBlob } from '../../components/grid/export';
import { errorText } from '../../errors';
import { formatDate, formatInteger, formatMoney } from '../../format';
import { currentLanguage, intlLocale } from '../../i18n';
import { NUMBER_COLUMN } from '../../theme';
import { Chart, type ChartOption } from '../analysis/Chart';
import { AgingDrawer, type DrillTarget } from './AgingDrawer';
import { bucketColors, bucketLabels, fill, useAgingTexts } from './texts';

type Report = Output<'aging.report'>;
type GridRow = AgingRow & { pinned?: boolean };
const ISO = 'YYYY-MM-DD';

/** The quick picks: today and the ends of the last month, quarter and year. */
export function quickDates(today: Dayjs) {
  const quarterStart = today.month(Math.floor(today.month() / 3) * 3).startOf('month');
  return {
    today,
    lastMonthEnd: today.startOf('month').subtract(1, 'day'),
    lastQuarterEnd: quarterStart.subtract(1, 'day'),
    lastYearEnd: today.startOf('year').subtract(1, 'day'),
  };
}

export function AgingPage() {
  const { t } = useTranslation();
  const tx = useAgingTexts();
  const { currency } = useApp();
  const locale = intlLocale(currentLanguage());
  const money = useCallback((v: number | null | undefined) => formatMoney(v, currency, locale), [currency, locale]);
  const [asOf, setAsOf] = useState<Dayjs>(() => dayjs());
  const [groupBy, setGroupBy] = useState<AgingGroupBy>('customer');
  const [search, setSearch] = useState('');
  const [applied, setApplied] = useState('');
  const [report, setReport] = useState<Report | null>(null);
  const [byRep, setByRep] = useState<Report | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [loading, setLoading] = useState(false);
  const [drill, setDrill] = useState<DrillTarget | null>(null);
  const [version, setVersion] = useState(0);
  const date = asOf.format(ISO);

  useEffect(() => onEvent((name) => name === 'receivables.changed' && setVersion((v) => v + 1)), []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` reloads (refresh button, receivables.changed)
  useEffect(() => {
    let live = true;
    setLoading(true);
    const common = { asOf: date, search: applied || undefined, limit: 20_000 };
    void Promise.all([invoke('aging.report', { ...common, groupBy }), groupBy === 'rep' ? null : invoke('aging.report', { ...common, groupBy: 'rep' })]).then(([r, reps]) => {
      if (!live) return;
      setLoading(false);
      if (!r.ok) return setError(r.error);
      if (reps && !reps.ok) return setError(reps.error);
      setError(null);
      setReport(r.data);
      setByRep(reps ? reps.data : r.data);
    });
    return () => {
      live = false;
    };
  }, [date, groupBy, applied, version]);

  const labels = useMemo(() => (report ? bucketLabels(report.bounds, tx) : []), [report, tx]);
  const nameOf = useCallback((r: { key: number | null; name: string | null }) => r.name ?? tx.unassigned, [tx]);

  const columnDefs = useMemo<ColDef<GridRow>[]>(() => {
    const moneyCol = (colId: string, headerName: string, value: (r: AgingRow) => number, width = 118): ColDef<GridRow> => ({
      ...NUMBER_COLUMN,
      colId,
      headerName,
      width,
      sortable: true,
      valueGetter: (p) => (p.data ? value(p.data) : null),
      valueFormatter: (p: ValueFormatterParams<GridRow, number>) => money(p.value),
      cellClass: `${NUMBER_COLUMN.cellClass} sd-aging-cell`,
    });
    const label = groupBy === 'customer' ? tx.col.customer : groupBy === 'rep' ? tx.col.rep : tx.col.region;
    return [
      { colId: 'code', headerName: tx.col.code, width: 92, pinned: 'left', sortable: true, valueGetter: (p) => (p.data?.pinned ? '' : (p.data?.code ?? '')) },
      {
        colId: 'name',
        headerName: label,
        minWidth: groupBy === 'customer' ? 210 : 120,
        flex: 1,
        pinned: 'left',
        // Long Chinese company names wrap rather than being cut off.
        wrapText: true,
        autoHeight: true,
        sortable: true,
        valueGetter: (p) => (p.data?.pinned ? tx.totalsRow : p.data ? nameOf(p.data) : ''),
        cellStyle: (p): CellStyle | null => (p.data?.pinned ? { fontWeight: '600' } : p.data?.key === null ? { color: '#8c8c8c' } : null),
        tooltipValueGetter: (p) => (p.data ? nameOf(p.data) : ''),
      },
      ...(groupBy === 'customer' ? [] : [{ ...NUMBER_COLUMN, colId: 'customers', headerName: tx.col.customers, width: 108, sortable: true, valueGetter: (p: { data?: GridRow }) => p.data?.customers, valueFormatter: (p: ValueFormatterParams<GridRow, number>) => formatInteger(p.value, locale) } as ColDef<GridRow>]),
      // The open balance first, right after the name (as 用友's 账龄分析 does): always in view.
      { ...moneyCol('total', tx.col.total, (r) => r.total, 130), cellStyle: { fontWeight: 600 } },
      // A zero bucket stays blank so the amounts stand out (as in 用友's aging); totals show ¥0.00.
      ...labels.map((l, i) => ({ ...moneyCol(`b${i}`, l, (r) => r.buckets[i] ?? 0, 112), valueFormatter: (p: ValueFormatterParams<GridRow, number>) => (p.value ? money(p.value) : '') })),
      { ...moneyCol('overdue', tx.col.overdue, (r) => r.overdue, 124), cellStyle: (p) => (typeof p.value === 'number' && p.value > 0 ? { color: '#d46b08' } : null) },
      { ...moneyCol('unapplied', tx.col.unapplied, (r) => r.unapplied, 124), cellClass: NUMBER_COLUMN.cellClass },
      moneyCol('net', tx.col.net, (r) => r.net, 130),
    ];
  }, [labels, groupBy, tx, money, locale, nameOf]);

  const pinned = useMemo<GridRow[]>(() => (report ? [{ key: null, code: null, name: null, ...report.totals, pinned: true }] : []), [report]);

  const onCell = (e: CellClickedEvent<GridRow>) => {
    const col = e.column.getColId();
    const r = e.data;
    if (!r || !report) return;
    const bucket = /^b(\d+)$/.exec(col);
    if (!bucket && col !== 'total' && col !== 'overdue') return;
    const cell = bucket ? (labels[Number(bucket[1])] ?? '') : col === 'total' ? tx.col.total : tx.col.overdue;
    setDrill({
      asOf: date,
      groupBy,
      key: r.pinned ? undefined : r.key,
      name: r.pinned ? tx.totalsRow : nameOf(r),
      cell,
      bucket: bucket ? Number(bucket[1]) : undefined,
      overdueOnly: col === 'overdue',
      search: applied || undefined,
    });
  };

  const chart = useMemo<ChartOption | null>(() => {
    if (!byRep || byRep.rows.length === 0) return null;
    const reps = [...byRep.rows].sort((a, b) => b.total - a.total);
    const colors = bucketColors(labels.length);
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => money(v) },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: reps.map(nameOf), axisLabel: { interval: 0, rotate: reps.length > 8 ? 30 : 0 } },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatInteger(v / 100, locale) } },
      series: labels.map((l, i) => ({ name: l, type: 'bar', stack: 'aging', itemStyle: { color: colors[i] }, data: reps.map((r) => r.buckets[i] ?? 0), barMaxWidth: 48 })),
    };
  }, [byRep, labels, money, nameOf, locale]);

  const exportXlsx = async () => {
    if (!report) return;
    const cols = columnDefs.map((c) => ({ header: c.headerName ?? '', width: Number(c.width ?? 160), numFmt: c.colId === 'code' || c.colId === 'name' || c.colId === 'customers' ? undefined : '#,##0.00' }));
    const cell = (r: GridRow, colId: string): string | number => {
      if (colId === 'code') return r.pinned ? '' : (r.code ?? '');
      if (colId === 'name') return r.pinned ? tx.totalsRow : nameOf(r);
      if (colId === 'customers') return r.customers;
      const b = /^b(\d+)$/.exec(colId);
      const cents = b ? (r.buckets[Number(b[1])] ?? 0) : (r[colId as 'total' | 'overdue' | 'unapplied' | 'net'] ?? 0);
      return cents / 100;
    };
    const rows = [...report.rows, ...pinned].map((r) => columnDefs.map((c) => cell(r, c.colId ?? '')));
    download(await xlsxBlob(`${tx.title} ${date}`, cols, rows), timestampedName(`${tx.title}-${date}`, 'xlsx'));
  };

  const quick = quickDates(dayjs());
  return (
    <div className="sd-page sd-page-full" data-testid="page-aging" style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
      <PageHeader title={tx.title} subtitle={tx.subtitle} />
      <div className="sd-toolbar">
        <Space size={4} wrap>
          <span>{tx.asOf}</span>
          <DatePicker value={asOf} onChange={(d) => d && setAsOf(d)} allowClear={false} data-testid="aging-asof" />
          {(Object.keys(quick) as (keyof typeof quick)[]).map((k) => (
            <Button key={k} size="small" type={quick[k].isSame(asOf, 'day') ? 'primary' : 'default'} onClick={() => setAsOf(quick[k])} data-testid={`aging-quick-${k}`}>
              {tx.quick[k]}
            </Button>
          ))}
        </Space>
        <Segmented
          value={groupBy}
          onChange={(v) => setGroupBy(v as AgingGroupBy)}
          options={(['customer', 'rep', 'region'] as const).map((g) => ({ value: g, label: tx.groupBy[g] }))}
          data-testid="aging-groupby"
        />
        <Input
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onPressEnter={() => setApplied(search.trim())}
          onBlur={() => setApplied(search.trim())}
          placeholder={tx.searchPlaceholder}
          prefix={<SearchOutlined />}
          allowClear
          style={{ width: 230 }}
          data-testid="aging-search"
        />
        <Button icon={<ReloadOutlined />} onClick={() => setVersion((v) => v + 1)}>
          {tx.refresh}
        </Button>
        <Button icon={<DownloadOutlined />} onClick={() => void exportXlsx()} disabled={!report} data-testid="aging-export">
          {tx.export}
        </Button>
        {report && (
          <Typography.Text type="secondary" data-testid="aging-summary">
            {fill(tx.rowCount, { n: formatInteger(report.rowCount, locale) })}
            {report.method === 'replay' && <Tag style={{ marginInlineStart: 8 }}>{fill(tx.replayNote, { date: formatDate(report.asOf, locale) })}</Tag>}
          </Typography.Text>
        )}
      </div>
      {error && <Alert type="error" showIcon title={errorText(t, error)} />}
      {report && (
        <div className="sd-aging-totals" data-testid="aging-totals" style={{ display: 'flex', gap: 24, flexWrap: 'wrap' }}>
          {(
            [
              ['total', report.totals.total],
              ['overdue', report.totals.overdue],
              ['unapplied', report.totals.unapplied],
              ['net', report.totals.net],
            ] as const
          ).map(([k, v]) => (
            <div key={k}>
              <Typography.Text type="secondary">{tx.col[k]}</Typography.Text>
              <div className="sd-num" style={{ fontSize: 18, fontWeight: 600 }} data-testid={`aging-total-${k}`}>
                {money(v)}
              </div>
            </div>
          ))}
        </div>
      )}
      <DataGrid<GridRow>
        testId="aging-grid"
        rowData={report?.rows ?? []}
        pinnedBottomRowData={pinned}
        columnDefs={columnDefs}
        loading={loading}
        getRowId={(p) => (p.data.pinned ? 'totals' : String(p.data.key ?? 'none'))}
        defaultColDef={{ resizable: true, suppressHeaderMenuButton: true, wrapHeaderText: true, autoHeaderHeight: true }}
        onCellClicked={onCell}
        suppressColumnVirtualisation
        overlayNoRowsTemplate={tx.empty}
        tooltipShowDelay={300}
          />
      {chart && (
        <Card size="small" title={tx.chart.title} extra={<Typography.Text type="secondary">{tx.chart.hint}</Typography.Text>}>
          <Chart
            option={chart}
            height={220}
            testId="aging-chart"
            onClick={(e) => {
              const reps = [...(byRep?.rows ?? [])].sort((a, b) => b.total - a.total);
              const r = reps[e.dataIndex];
              if (!r || e.seriesIndex === undefined) return;
              setDrill({ asOf: date, groupBy: 'rep', key: r.key, name: nameOf(r), cell: labels[e.seriesIndex] ?? '', bucket: e.seriesIndex, overdueOnly: false, search: applied || undefined });
            }}
          />
        </Card>
      )}
      <AgingDrawer target={drill} onClose={() => setDrill(null)} money={money} locale={locale} />
    </div>
  );
}

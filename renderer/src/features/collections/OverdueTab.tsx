/**
 * 逾期催收: customers with overdue items as of a date, most severe level first. Reps appear as
 * chips with their count and amount (click to filter: AG Grid Community has no row grouping);
 * each row opens the 'log contact' dialog or the contact history drawer.
 */
import type { ColDef, ICellRendererParams, ValueFormatterParams } from 'ag-grid-community';
import { Alert, Button, DatePicker, Input, Select, Space, Tag, Tooltip, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Input as In, Output } from '../../../../shared/contract';
import type { AppErrorData } from '../../../../shared/result';
import type { OverdueRow } from '../../../../shared/schemas/collections';
import { invoke, onEvent } from '../../api/client';
import { useApp } from '../../app/AppContext';
import { DataGrid } from '../../components/DataGrid';
import { errorText } from '../../errors';
import { formatDate, formatMoney } from '../../format';
import { currentLanguage, intlLocale } from '../../i18n';
import { NUMBER_COLUMN } from '../../theme';
import { NoteDialog } from './NoteDialog';
import { NotesDrawer } from './NotesDrawer';
import { fill, LEVEL_COLORS, useCollectionsTexts } from './texts';

type Filter = Omit<In<'collections.overdue'>, 'asOf' | 'limit'>;

export function OverdueTab() {
  const tx = useCollectionsTexts();
  const { t } = useTranslation();
  const { currency, can } = useApp();
  const locale = intlLocale(currentLanguage());
  const money = useCallback((v: number | null | undefined) => formatMoney(v, currency, locale), [currency, locale]);
  const [asOf, setAsOf] = useState<Dayjs>(dayjs());
  const [filter, setFilter] = useState<Filter>({});
  const [search, setSearch] = useState('');
  const [data, setData] = useState<Output<'collections.overdue'> | null>(null);
  const [allReps, setAllReps] = useState<Output<'collections.overdue'>['byRep']>([]);
  const [regions, setRegions] = useState<{ id: number; name: string; parentId: number | null }[]>([]);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [noteFor, setNoteFor] = useState<OverdueRow | null>(null);
  const [historyFor, setHistoryFor] = useState<OverdueRow | null>(null);

  const load = useCallback(async () => {
    const r = await invoke('collections.overdue', { ...filter, asOf: asOf.format('YYYY-MM-DD') });
    if (!r.ok) return setError(r.error);
    setError(null);
    setData(r.data);
    // The rep chips stay the full list while a rep is selected.
    if (filter.repId === undefined) setAllReps(r.data.byRep);
  }, [filter, asOf]);
  useEffect(() => void load(), [load]);
  useEffect(() => onEvent((name) => name === 'receivables.changed' && void load()), [load]);
  useEffect(() => {
    void invoke('regions.list', {}).then((r) => r.ok && setRegions(r.data.map((g) => ({ id: g.id, name: g.name, parentId: g.parentId }))));
  }, []);

  const levelTag = useCallback((level: number) => <Tag color={LEVEL_COLORS[Math.min(level, LEVEL_COLORS.length - 1)]}>{level === 0 ? tx.overdue.belowLevel : fill(tx.overdue.levelTag, { n: level })}</Tag>, [tx]);

  const columns = useMemo<ColDef<OverdueRow>[]>(() => {
    const moneyCol = (field: 'overdueAmount' | 'unappliedCredit', headerName: string, width = 124): ColDef<OverdueRow> => ({
      field,
      headerName,
      width,
      sortable: true,
      ...NUMBER_COLUMN,
      valueFormatter: (p: ValueFormatterParams<OverdueRow, number>) => (p.value ? money(p.value) : ''),
    });
    const two = (top: ReactNode, bottom: ReactNode, testId?: string) => (
      <div style={{ lineHeight: '20px', paddingTop: 7, overflow: 'hidden' }} data-testid={testId}>
        <div style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{top}</div>
        <div style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', fontSize: 12, color: 'rgba(0,0,0,0.5)' }}>{bottom}</div>
      </div>
    );
    return [
      { field: 'level', headerName: tx.overdue.col.level, width: 84, sortable: true, cellRenderer: (p: ICellRendererParams<OverdueRow, number>) => levelTag(p.value ?? 0) },
      {
        colId: 'customer',
        headerName: tx.overdue.col.customer,
        minWidth: 210,
        flex: 1,
        valueGetter: (p) => (p.data ? `${p.data.customerName} ${p.data.customerCode}` : ''),
        tooltipValueGetter: (p) => p.data?.customerName,
        sortable: true,
        cellRenderer: (p: ICellRendererParams<OverdueRow>) =>
          p.data ? two(p.data.customerName, [p.data.customerCode, p.data.regionName].filter(Boolean).join(' · ')) : null,
      },
      { field: 'repName', headerName: tx.overdue.col.rep, width: 74, sortable: true, valueFormatter: (p) => p.value ?? tx.overdue.noRep },
      {
        ...moneyCol('overdueAmount', tx.overdue.col.overdueAmount, 130),
        cellRenderer: (p: ICellRendererParams<OverdueRow>) =>
          p.data ? two(<strong>{money(p.data.overdueAmount)}</strong>, fill(tx.overdue.openLine, { amount: money(p.data.openAmount) })) : null,
      },
      {
        field: 'oldestDaysOverdue',
        headerName: tx.overdue.col.oldestDays,
        width: 80,
        sortable: true,
        ...NUMBER_COLUMN,
        valueFormatter: (p) => fill(tx.overdue.days, { n: p.value as number }),
      },
      { ...moneyCol('unappliedCredit', tx.overdue.col.unapplied, 108), cellStyle: { color: '#389e0d' }, wrapHeaderText: true, autoHeaderHeight: true },
      {
        colId: 'contact',
        headerName: tx.overdue.col.lastContact,
        minWidth: 280,
        flex: 1.5,
        tooltipValueGetter: (p) => p.data?.lastContact?.note,
        cellRenderer: (p: ICellRendererParams<OverdueRow>) => {
          const r = p.data;
          if (!r) return null;
          const c = r.lastContact;
          const pr = r.promise;
          const contact = c ? `${formatDate(c.date, locale)} · ${tx.channel[c.channel]} · ${c.note}` : '—';
          const promise = pr ? (
            <span data-testid={`promise-${r.customerCode}`}>
              <Tag color={pr.status === 'broken' ? 'red' : pr.status === 'kept' ? 'green' : 'blue'} style={{ fontSize: 11, lineHeight: '16px', marginInlineEnd: 4 }}>
                {tx.overdue.promiseStatus[pr.status]}
              </Tag>
              {pr.amount === null ? fill(tx.overdue.promiseAny, { date: formatDate(pr.date, locale) }) : fill(tx.overdue.promiseText, { date: formatDate(pr.date, locale), amount: money(pr.amount) })}
            </span>
          ) : (
            ''
          );
          return two(<span style={{ color: c ? undefined : '#bfbfbf' }}>{contact}</span>, promise);
        },
      },
      {
        colId: 'actions',
        headerName: tx.overdue.col.actions,
        width: 112,
        pinned: 'right',
        cellRenderer: (p: ICellRendererParams<OverdueRow>) =>
          p.data ? (
            <Space size={0}>
              {can('receivables.write') && (
                <Button size="small" type="link" style={{ paddingInline: 4 }} onClick={() => setNoteFor(p.data ?? null)} data-testid={`overdue-note-${p.data.customerCode}`}>
                  {tx.overdue.addNote}
                </Button>
              )}
              <Button size="small" type="link" style={{ paddingInline: 4 }} onClick={() => setHistoryFor(p.data ?? null)} data-testid={`overdue-history-${p.data.customerCode}`}>
                {tx.overdue.history}
              </Button>
            </Space>
          ) : null,
      },
    ];
  }, [tx, money, locale, levelTag, can]);

  const levelDays = data?.levelDays ?? [];
  const topRegions = regions.filter((g) => g.parentId === null);

  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 12, minHeight: 0, flex: 1 }}>
      <div className="sd-toolbar">
        <span>{tx.asOf}</span>
        <DatePicker value={asOf} allowClear={false} onChange={(d) => d && setAsOf(d)} data-testid="overdue-asof" />
        <Select
          style={{ width: 140 }}
          value={filter.level ?? -1}
          onChange={(v: number) => setFilter((f) => ({ ...f, level: v < 0 ? undefined : v }))}
          options={[{ value: -1, label: tx.overdue.allLevels }, ...levelDays.map((_, i) => ({ value: i + 1, label: fill(tx.overdue.levelTag, { n: i + 1 }) }))]}
          data-testid="overdue-level"
        />
        <Select
          style={{ width: 140 }}
          value={filter.regionId ?? 0}
          onChange={(v: number) => setFilter((f) => ({ ...f, regionId: v === 0 ? undefined : v }))}
          options={[{ value: 0, label: tx.overdue.allRegions }, ...topRegions.map((g) => ({ value: g.id, label: g.name }))]}
        />
        <Input.Search
          allowClear
          style={{ width: 250 }}
          placeholder={tx.overdue.search}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onSearch={(v) => setFilter((f) => ({ ...f, search: v.trim() || undefined }))}
          data-testid="overdue-search"
        />
      </div>
      {allReps.length > 0 && (
        <div className="sd-toolbar" data-testid="overdue-reps">
          <Tag.CheckableTag checked={filter.repId === undefined} onChange={() => setFilter((f) => ({ ...f, repId: undefined }))}>
            {tx.overdue.allReps}
          </Tag.CheckableTag>
          {allReps.map((g) => (
            <Tag.CheckableTag
              key={g.repId ?? 0}
              checked={filter.repId === g.repId && g.repId !== null}
              onChange={() => g.repId !== null && setFilter((f) => ({ ...f, repId: f.repId === g.repId ? undefined : (g.repId ?? undefined) }))}
            >
              {g.repName ?? tx.overdue.noRep} · {g.customers} · <span className="sd-num">{money(g.overdueAmount)}</span>
            </Tag.CheckableTag>
          ))}
        </div>
      )}
      {error && <Alert type="error" showIcon title={errorText(t, error)} />}
      {data && (
        <Space size={16} wrap>
          <Typography.Text data-testid="overdue-summary">
            {fill(tx.overdue.summary, { n: data.totals.customers, amount: money(data.totals.overdueAmount), broken: data.totals.brokenPromises })}
          </Typography.Text>
          <Tooltip title={fill(tx.overdue.levelHint, { rules: levelDays.map((d, i) => fill(tx.overdue.levelRule, { n: i + 1, days: d })).join('，') })}>
            <Space size={4}>{levelDays.map((_, i) => levelTag(i + 1))}</Space>
          </Tooltip>
        </Space>
      )}
      <div style={{ height: 'max(360px, calc(100vh - 400px))', display: 'flex', flexDirection: 'column' }}>
      <DataGrid<OverdueRow>
        testId="grid-overdue"
        rowData={data?.rows ?? []}
        columnDefs={columns}
        getRowId={(p) => String(p.data.customerId)}
        rowHeight={54}
        overlayNoRowsTemplate={tx.overdue.none}
        tooltipShowDelay={300}
      />
      </div>
      {noteFor && (
        <NoteDialog
          customer={{ id: noteFor.customerId, name: noteFor.customerName }}
          onClose={() => setNoteFor(null)}
          onSaved={() => {
            setNoteFor(null);
            void load();
          }}
        />
      )}
      {historyFor && <NotesDrawer customer={{ id: historyFor.customerId, name: historyFor.customerName }} onClose={() => setHistoryFor(null)} />}
    </div>
  );
}

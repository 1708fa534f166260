/**
 * Customers 客户: AG Grid's infinite row model over customers.list. Paging, sorting and
 * filtering happen in SQL: getRows' startRow/endRow → offset/limit, sortModel → sort,
 * text filters → filter {type, value}; the toolbar adds name / type / grade / status filters.
 */
import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import type { AgGridReact } from 'ag-grid-react';
import type { ColDef, IDatasource, IGetRowsParams, ITextFilterParams, ValueFormatterParams } from 'ag-grid-community';
import { Alert, Button, Input, Select, Tooltip } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Input as In } from '../../../../shared/contract';
import type { AppErrorData } from '../../../../shared/result';
import { CREDIT_STATUSES, CUSTOMER_SORTABLE, CUSTOMER_TYPES, type CustomerRow, GRADES } from '../../../../shared/schemas/customers';
import { invoke, onEvent } from '../../api/client';
import { useApp } from '../../app/AppContext';
import { DataGrid } from '../../components/DataGrid';
import { PageHeader } from '../../components/PageHeader';
import { errorText } from '../../errors';
import { formatDateTime, formatInteger, formatMoney } from '../../format';
import { currentLanguage, intlLocale } from '../../i18n';
import { NUMBER_COLUMN } from '../../theme';

type Filter = In<'customers.list'>['filter'];
type FilterItem = NonNullable<Filter>[string];
const FILTER_TYPES = new Set(['contains', 'equals', 'startsWith']);
const SORTABLE = new Set<string>(CUSTOMER_SORTABLE);

/** AG Grid's filterModel (text filters only, one condition) → the contract's filter map. */
export function toContractFilter(filterModel: Record<string, unknown> | null | undefined): Record<string, FilterItem> {
  const out: Record<string, FilterItem> = {};
  for (const [col, raw] of Object.entries(filterModel ?? {})) {
    const m = raw as { filterType?: string; type?: string; filter?: unknown };
    if (m.filterType !== 'text' || typeof m.type !== 'string' || !FILTER_TYPES.has(m.type)) continue;
    if (typeof m.filter !== 'string' || !m.filter.trim()) continue;
    out[col] = { type: m.type as FilterItem['type'], value: m.filter.trim().slice(0, 200) };
  }
  return out;
}

const textFilter: ITextFilterParams = {
  filterOptions: ['contains', 'equals', 'startsWith'],
  maxNumConditions: 1,
  debounceMs: 400,
  trimInput: true,
  buttons: ['reset'],
};

interface Toolbar {
  name: string;
  type?: (typeof CUSTOMER_TYPES)[number];
  grade?: (typeof GRADES)[number];
  creditStatus?: (typeof CREDIT_STATUSES)[number];
}

export function CustomersPage() {
  const { t } = useTranslation();
  const { currency } = useApp();
  const lng = currentLanguage();
  const locale = intlLocale(lng);
  const grid = useRef<AgGridReact<CustomerRow>>(null);
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [toolbar, setToolbar] = useState<Toolbar>({ name: '' });
  const [nameInput, setNameInput] = useState('');
  const toolbarRef = useRef(toolbar);
  toolbarRef.current = toolbar;

  const datasource = useMemo<IDatasource>(
    () => ({
      getRows: (params: IGetRowsParams) => {
        const tb = toolbarRef.current;
        const filter: Record<string, FilterItem> = toContractFilter(params.filterModel);
        if (tb.name.trim()) filter.name = { type: 'contains', value: tb.name.trim().slice(0, 200) };
        if (tb.type) filter.type = { type: 'equals', value: tb.type };
        if (tb.grade) filter.grade = { type: 'equals', value: tb.grade };
        if (tb.creditStatus) filter.creditStatus = { type: 'equals', value: tb.creditStatus };
        const sort = params.sortModel.filter((s) => SORTABLE.has(s.colId)).slice(0, 4).map((s) => ({ colId: s.colId, sort: s.sort }));
        void invoke('customers.list', { offset: params.startRow, limit: Math.min(1000, params.endRow - params.startRow), sort, filter }).then((r) => {
          if (!r.ok) {
            setError(r.error);
            params.failCallback();
            return;
          }
          setError(null);
          setTotal(r.data.total);
          params.successCallback(r.data.rows, r.data.total);
        });
      },
    }),
    [],
  );

  // Toolbar changes (and data changes elsewhere) re-read the visible blocks.
  useEffect(() => {
    grid.current?.api?.purgeInfiniteCache();
  }, [toolbar]);
  useEffect(() => onEvent((name) => name === 'customers.changed' && grid.current?.api?.refreshInfiniteCache()), []);

  const columnDefs = useMemo<ColDef<CustomerRow>[]>(
    () => [
      { field: 'code', headerName: t('customers.code'), width: 115, pinned: 'left', filter: 'agTextColumnFilter', filterParams: textFilter, cellClass: 'sd-num' },
      { field: 'name', headerName: t('customers.name'), minWidth: 200, flex: 1, pinned: 'left', tooltipField: 'name' },
      {
        field: 'type',
        headerName: t('customers.type'),
        width: 105,
        valueFormatter: (p: ValueFormatterParams<CustomerRow, CustomerRow['type']>) => (p.value ? t(`customers.types.${p.value}`) : ''),
      },
      { field: 'regionName', headerName: t('customers.region'), width: 95, filter: 'agTextColumnFilter', filterParams: textFilter },
      { field: 'industry', headerName: t('customers.industry'), width: 110, filter: 'agTextColumnFilter', filterParams: textFilter },
      { field: 'ownerName', headerName: t('customers.owner'), width: 100, filter: 'agTextColumnFilter', filterParams: textFilter },
      {
        field: 'grade',
        headerName: t('customers.grade'),
        width: 90,
        cellRenderer: (p: { data?: CustomerRow }) =>
          p.data ? (
            <span>
              <span className="sd-cell-tag sd-cell-tag-blue">{p.data.grade}</span>
              {p.data.gradeManual && (
                <Tooltip title={t('customers.gradeManual')}>
                  <span style={{ color: 'rgba(0,0,0,0.45)', fontSize: 12 }}>✎</span>
                </Tooltip>
              )}
            </span>
          ) : null,
      },
      {
        field: 'paymentTermsDays',
        headerName: t('customers.paymentTerms'),
        width: 100,
        ...NUMBER_COLUMN,
        valueFormatter: (p: ValueFormatterParams<CustomerRow, number>) => p.value === undefined || p.value === null ? '' : p.value === 0 ? t('customers.cashTerms') : t('customers.paymentTermsValue', { days: formatInteger(p.value, locale) }),
      },
      {
        field: 'creditLimit',
        headerName: t('customers.creditLimit'),
        width: 140,
        ...NUMBER_COLUMN,
        valueFormatter: (p: ValueFormatterParams<CustomerRow, number>) => formatMoney(p.value, currency, locale),
      },
      {
        field: 'creditStatus',
        headerName: t('customers.creditStatus'),
        width: 105,
        cellRenderer: (p: { value?: CustomerRow['creditStatus'] }) =>
          p.value ? <span className={`sd-cell-tag ${p.value === 'hold' ? 'sd-cell-tag-hold' : 'sd-cell-tag-ok'}`}>{t(`customers.statuses.${p.value}`)}</span> : null,
      },
      { field: 'updatedAt', headerName: t('customers.updatedAt'), width: 175, cellClass: 'sd-num', valueFormatter: (p: ValueFormatterParams<CustomerRow, string>) => formatDateTime(p.value, locale) },
    ],
    [t, locale, currency],
  );

  const defaultColDef = useMemo<ColDef>(() => ({ sortable: true, resizable: true, filter: false, suppressHeaderMenuButton: true, wrapHeaderText: true, autoHeaderHeight: true }), []);

  return (
    <div className="sd-page sd-page-full" data-testid="page-customers">
      <PageHeader
        title={t('customers.title')}
        subtitle={
          <span data-testid="customers-total">{total === null ? t('customers.subtitle') : t('customers.totalCount', { n: formatInteger(total, locale) })}</span>
        }
      />
      <div className="sd-toolbar">
        <Input
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t('customers.searchPlaceholder')}
          style={{ width: 240 }}
          value={nameInput}
          onChange={(e) => {
            setNameInput(e.target.value);
            if (!e.target.value) setToolbar((s) => ({ ...s, name: '' }));
          }}
          onPressEnter={() => setToolbar((s) => ({ ...s, name: nameInput }))}
          data-testid="customers-search"
        />
        <Select
          allowClear
          style={{ width: 140 }}
          placeholder={t('customers.allTypes')}
          value={toolbar.type}
          onChange={(v) => setToolbar((s) => ({ ...s, type: v }))}
          options={CUSTOMER_TYPES.map((v) => ({ value: v, label: t(`customers.types.${v}`) }))}
        />
        <Select
          allowClear
          style={{ width: 130 }}
          placeholder={t('customers.allGrades')}
          value={toolbar.grade}
          onChange={(v) => setToolbar((s) => ({ ...s, grade: v }))}
          options={GRADES.map((g) => ({ value: g, label: t('dashboard.gradeLabel', { grade: g }) }))}
        />
        <Select
          allowClear
          style={{ width: 130 }}
          placeholder={t('customers.allStatuses')}
          value={toolbar.creditStatus}
          onChange={(v) => setToolbar((s) => ({ ...s, creditStatus: v }))}
          options={CREDIT_STATUSES.map((v) => ({ value: v, label: t(`customers.statuses.${v}`) }))}
        />
        <Button icon={<SearchOutlined />} type="primary" onClick={() => setToolbar((s) => ({ ...s, name: nameInput }))}>
          {t('common.search')}
        </Button>
        <Button icon={<ReloadOutlined />} onClick={() => grid.current?.api?.refreshInfiniteCache()}>
          {t('common.refresh')}
        </Button>
      </div>
      {error && <Alert type="error" showIcon title={errorText(t, error)} />}
      <DataGrid<CustomerRow>
        gridRef={grid}
        testId="customers-grid"
        rowModelType="infinite"
        datasource={datasource}
        cacheBlockSize={100}
        maxBlocksInCache={20}
        getRowId={(p) => String(p.data.id)}
        columnDefs={columnDefs}
        defaultColDef={defaultColDef}
        tooltipShowDelay={400}
      />
    </div>
  );
}

/**
 * Customers 客户: the editable spreadsheet grid (components/grid/SheetGrid) over customers.list —
 * paging, sorting and filtering in SQL; inline edits saved with customers.update; pasted rows
 * checked and saved with customers.upsertMany; export of the view. The toolbar adds name /
 * type / grade / status filters and "new customer"; the card 客户资料卡 opens from each row.
 */
import { PlusOutlined, ReloadOutlined, } from '@ant-design/icons';
import type { ColDef } from 'ag-grid-community';
import { Alert, Button, Select, Tooltip } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Input as In, Output } from '../../../../shared/contract';
import type { AppErrorData } from '../../../../shared/result';
import type { PageRequest } from '../../../../shared/schemas/common';
import { CREDIT_STATUSES, CUSTOMER_TYPES, type CustomerRow, GRADES } from '../../../../shared/schemas/customers';
import { type CellValue, customerFields } from '../../../../shared/schemas/masterdata';
import { invoke, onEvent } from '../../api/client';
import { useApp } from '../../app/AppContext';
import type { SheetColumn } from '../../components/grid/columns';
import { SheetGrid, type SheetGridHandle } from '../../components/grid/SheetGrid';
import { SearchBox } from '../../components/SearchBox';
import { PageHeader } from '../../components/PageHeader';
import { errorText } from '../../errors';
import { formatInteger } from '../../format';
import { currentLanguage, intlLocale } from '../../i18n';
import { daysText, zodCheck } from '../masterdata/checks';
import { CustomerCardDrawer } from './CustomerCard';
import { CustomerCreateDialog } from './CustomerCreateDialog';

type FilterItem = PageRequest['filter'][string];
type Region = Output<'regions.list'>[number];

interface Toolbar {
  name: string;
  type?: (typeof CUSTOMER_TYPES)[number];
  grade?: (typeof GRADES)[number];
  creditStatus?: (typeof CREDIT_STATUSES)[number];
}

export function CustomersPage() {
  const { t } = useTranslation();
  const { currency, can } = useApp();
  const lng = currentLanguage();
  const locale = intlLocale(lng);
  const loc = useMemo(() => ({ currency, locale }), [currency, locale]);
  const sheet = useRef<SheetGridHandle>(null);
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [toolbar, setToolbar] = useState<Toolbar>({ name: '' });
  const [regions, setRegions] = useState<Region[]>([]);
  const [cardId, setCardId] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  const toolbarRef = useRef(toolbar);
  toolbarRef.current = toolbar;
  const regionsRef = useRef(regions);
  regionsRef.current = regions;

  const canWrite = can('customers.write');
  const canCredit = can('credit.manage');

  useEffect(() => {
    void invoke('regions.list', {}).then((r) => r.ok && setRegions(r.data));
  }, []);

  // Toolbar changes (and data changes elsewhere) re-read the grid.
  const first = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the toolbar changes (read through toolbarRef)
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    sheet.current?.purge();
  }, [toolbar]);
  useEffect(() => onEvent((name) => name === 'customers.changed' && sheet.current?.refresh()), []);

  const extraFilter = useCallback(() => {
    const tb = toolbarRef.current;
    const filter: Record<string, FilterItem> = {};
    if (tb.name.trim()) filter.name = { type: 'contains', value: tb.name.trim().slice(0, 200) };
    if (tb.type) filter.type = { type: 'equals', value: tb.type };
    if (tb.grade) filter.grade = { type: 'equals', value: tb.grade };
    if (tb.creditStatus) filter.creditStatus = { type: 'equals', value: tb.creditStatus };
    return filter;
  }, []);

  const fetchPage = useCallback((req: PageRequest) => invoke('customers.list', req), []);

  const saveCell = useCallback(async (id: number, field: keyof CustomerRow & string, value: unknown) => {
    if (field === 'regionName') {
      const region = value === null ? null : regionsRef.current.find((r) => r.name === value || r.code === value);
      if (region === undefined) return { ok: false as const, error: { code: 'VALIDATION' as const, message: 'unknown region' } };
      return invoke('customers.update', { id, regionId: region ? region.id : null });
    }
    return invoke('customers.update', { id, [field]: value });
  }, []);

  const upsert = useCallback(
    (rows: Record<string, CellValue>[], opts: { dryRun: boolean; skipInvalid: boolean }) =>
      invoke('customers.upsertMany', { rows: rows as In<'customers.upsertMany'>['rows'], ...opts }),
    [],
  );

  const columns = useMemo<SheetColumn<CustomerRow>[]>(
    () => [
      { field: 'code', headerName: t('customers.code'), kind: 'text', width: 110, pinned: 'left', editable: true, pasteField: 'code', filter: true, check: zodCheck(t, customerFields.code) },
      { field: 'name', headerName: t('customers.name'), kind: 'text', minWidth: 158, flex: 1, pinned: 'left', editable: true, pasteField: 'name', filter: true, tooltip: true, check: zodCheck(t, customerFields.name) },
      {
        field: 'type',
        headerName: t('customers.type'),
        kind: 'enum',
        width: 100,
        editable: true,
        pasteField: 'type',
        options: CUSTOMER_TYPES.map((v) => ({ value: v, label: t(`customers.types.${v}`) })),
      },
      {
        field: 'regionName',
        headerName: t('customers.region'),
        kind: 'enum',
        width: 84,
        editable: true,
        nullable: true,
        pasteField: 'region',
        filter: true,
        options: regions.map((r) => ({ value: r.name, label: r.name })),
      },
      {
        field: 'grade',
        headerName: t('customers.gradeShort'),
        kind: 'text',
        width: 66,
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
        kind: 'integer',
        width: 84,
        editable: true,
        pasteField: 'paymentTermsDays',
        check: zodCheck(t, customerFields.paymentTermsDays),
        format: (v) => daysText(t, v, locale),
      },
      {
        field: 'creditLimit',
        headerName: t('customers.creditLimit'),
        kind: 'money',
        width: 135,
        editable: canCredit,
        pasteField: 'creditLimit',
        check: zodCheck(t, customerFields.creditLimit),
      },
      {
        field: 'creditStatus',
        headerName: t('customers.creditStatus'),
        kind: 'enum',
        width: 88,
        editable: canCredit,
        pasteField: 'creditStatus',
        options: CREDIT_STATUSES.map((v) => ({ value: v, label: t(`customers.statuses.${v}`) })),
        cellRenderer: (p: { data?: CustomerRow }) =>
          p.data ? (
            <span className={`sd-cell-tag ${p.data.creditStatus === 'hold' ? 'sd-cell-tag-hold' : 'sd-cell-tag-ok'}`}>{t(`customers.statuses.${p.data.creditStatus}`)}</span>
          ) : null,
      },
      { field: 'industry', headerName: t('customers.industry'), kind: 'text', width: 96, editable: true, nullable: true, pasteField: 'industry', filter: true, check: zodCheck(t, customerFields.industry) },
      // Pasting an owner (username or display name) reassigns customers; reps may only name themselves.
      { field: 'ownerName', headerName: t('customers.owner'), kind: 'text', width: 100, filter: true, pasteField: 'owner' },
      { field: 'updatedAt', headerName: t('customers.updatedAt'), kind: 'datetime', width: 160 },
    ],
    [t, locale, regions, canCredit],
  );

  const extraColumns = useMemo<ColDef<CustomerRow>[]>(
    () => [
      {
        colId: 'card',
        headerName: '',
        width: 84,
        pinned: 'right',
        sortable: false,
        resizable: false,
        cellRenderer: (p: { data?: CustomerRow }) =>
          p.data ? (
            <Button size="small" type="link" onClick={() => setCardId(p.data?.id ?? null)} data-testid={`open-card-${p.data.code}`}>
              {t('masterdata.customers.card')}
            </Button>
          ) : null,
      },
    ],
    [t],
  );

  return (
    <div className="sd-page sd-page-full" data-testid="page-customers">
      <PageHeader
        title={t('customers.title')}
        subtitle={<span data-testid="customers-total">{total === null ? t('customers.subtitle') : t('customers.totalCount', { n: formatInteger(total, locale) })}</span>}
      />
      {error && <Alert type="error" showIcon title={errorText(t, error)} />}
      <SheetGrid<CustomerRow>
        handleRef={sheet}
        gridKey="customers"
        testId="customers-grid"
        title={t('customers.title')}
        columns={columns}
        extraColumns={extraColumns}
        keyField="code"
        keyPasteField="code"
        fetchPage={fetchPage}
        extraFilter={extraFilter}
        saveCell={canWrite ? saveCell : undefined}
        upsert={canWrite ? upsert : undefined}
        canEdit={canWrite}
        loc={loc}
        onTotal={setTotal}
        onError={setError}
        toolbar={
          <>
            <SearchBox placeholder={t('customers.searchPlaceholder')} width={230} onSearch={(name) => setToolbar((s) => ({ ...s, name }))} testId="customers-search" />
            <Select
              allowClear
              style={{ width: 120 }}
              placeholder={t('customers.allTypes')}
              value={toolbar.type}
              onChange={(v) => setToolbar((s) => ({ ...s, type: v }))}
              options={CUSTOMER_TYPES.map((v) => ({ value: v, label: t(`customers.types.${v}`) }))}
            />
            <Select
              allowClear
              style={{ width: 110 }}
              placeholder={t('customers.allGrades')}
              value={toolbar.grade}
              onChange={(v) => setToolbar((s) => ({ ...s, grade: v }))}
              options={GRADES.map((g) => ({ value: g, label: t('dashboard.gradeLabel', { grade: g }) }))}
            />
            <Select
              allowClear
              style={{ width: 125 }}
              placeholder={t('customers.allStatuses')}
              value={toolbar.creditStatus}
              onChange={(v) => setToolbar((s) => ({ ...s, creditStatus: v }))}
              options={CREDIT_STATUSES.map((v) => ({ value: v, label: t(`customers.statuses.${v}`) }))}
            />
            <Button icon={<ReloadOutlined />} onClick={() => sheet.current?.refresh()} aria-label={t('common.refresh')} />
            {canWrite && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="customers-create">
                {t('masterdata.customers.create')}
              </Button>
            )}
          </>
        }
      />
      {cardId !== null && <CustomerCardDrawer id={cardId} onClose={() => setCardId(null)} />}
      {creating && (
        <CustomerCreateDialog
          regions={regions}
          canCredit={canCredit}
          onClose={(created) => {
            setCreating(false);
            if (created) sheet.current?.purge();
          }}
        />
      )}
    </div>
  );
}

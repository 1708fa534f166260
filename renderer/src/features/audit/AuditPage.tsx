/**
 * Audit log 审计日志: AG Grid (infinite row model) over audit.list with date / action / entity /
 * actor / text filters, a drawer with the before/after of one entry, and audit.verify.
 */
import { FileSearchOutlined, ReloadOutlined, SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import type { AgGridReact } from 'ag-grid-react';
import type { ColDef, ICellRendererParams, IDatasource, IGetRowsParams, ValueFormatterParams } from 'ag-grid-community';
import { Alert, AutoComplete, Button, DatePicker, Descriptions, Drawer, Input, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Input as In, Output } from '../../../../shared/contract';
import type { AppErrorData } from '../../../../shared/result';
import type { AuditEntry } from '../../../../shared/schemas/audit';
import { invoke, onEvent } from '../../api/client';
import { useApp } from '../../app/AppContext';
import { DataGrid } from '../../components/DataGrid';
import { PageHeader } from '../../components/PageHeader';
import { errorText } from '../../errors';
import { formatDateTime, formatInteger } from '../../format';
import { currentLanguage, i18n, intlLocale } from '../../i18n';
import { NUMBER_COLUMN } from '../../theme';
import { AUDIT_ACTIONS, AUDIT_ENTITIES, auditLabelKey } from '../../../../shared/audit-catalogue';

type AuditFilters = Omit<In<'audit.list'>, 'offset' | 'limit'>;

export const KNOWN_ACTIONS: readonly string[] = AUDIT_ACTIONS;
const KNOWN_ENTITIES: readonly string[] = AUDIT_ENTITIES;

/** Dynamic keys: the catalogue's test guarantees they exist; untyped to keep i18next's key types shallow. */
function label(kind: 'actions' | 'entities', code: string): string {
  const key = auditLabelKey(kind, code);
  return i18n.exists(key) ? (i18n.t as unknown as (k: string) => string)(key) : code;
}

function actionLabel(_t: unknown, action: string): string {
  return label('actions', action);
}

function entityLabel(_t: unknown, entity: string): string {
  return label('entities', entity);
}

/** A readable name for a changed settings field ("逾期金额上限"); other entities keep the raw key. */
function fieldLabel(t: ReturnType<typeof useTranslation>['t'], entity: string, field: string): string | null {
  if (entity !== 'settings') return null;
  const [head, sub] = field.split('.');
  const simple: Record<string, string> = {
    companyName: t('settings.companyName'),
    currency: t('settings.currency'),
    timeZone: t('settings.timeZone'),
    fiscalYearStartMonth: t('settings.fiscalYearStartMonth'),
    agingBuckets: t('settings.agingBuckets'),
    creditGraceDays: t('settings.creditGraceDays'),
    overdueAmountThreshold: t('settings.overdueAmountThreshold'),
    lostCustomerDays: t('settings.lostCustomerDays'),
    sessionIdleMinutes: t('settings.sessionIdleMinutes'),
    writeOffTolerance: t('settings.writeOffTolerance'),
    allowReceiptBeforeInvoice: t('settings.allowReceiptBeforeInvoice'),
    dunningLevelDays: t('settings.dunningLevelDays'),
  };
  if (!sub) return simple[field] ?? null;
  if (head === 'discountAuthorityBp' && i18n.exists(`roles.${sub}`)) return `${t('settings.discountAuthority')} · ${t(`roles.${sub}` as 'roles.admin')}`;
  if (head === 'followUpDays') return `${t('settings.followUpDays')} · ${t('settings.followUpGrade', { grade: sub })}`;
  if (head === 'abcThresholdsBp') return `${t('settings.abcThresholds')} · ${sub.toUpperCase()}`;
  return null;
}

const show = (v: unknown): string => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));

/** Field-by-field view of before/after (objects), or one row for scalar values. */
function diffRows(before: unknown, after: unknown): { field: string; before: string; after: string; changed: boolean }[] {
  const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
  if (!isObj(before) && !isObj(after)) {
    if (before === null && after === null) return [];
    return [{ field: '—', before: show(before ?? undefined), after: show(after ?? undefined), changed: show(before) !== show(after) }];
  }
  // Nested objects are flattened to dotted keys, so a change shows on the leaf that changed.
  const flatten = (o: Record<string, unknown>, prefix = '', out: Record<string, unknown> = {}, depth = 0) => {
    for (const [k, v] of Object.entries(o)) {
      if (isObj(v) && depth < 3) flatten(v, `${prefix}${k}.`, out, depth + 1);
      else out[`${prefix}${k}`] = v;
    }
    return out;
  };
  const b = isObj(before) ? flatten(before) : {};
  const a = isObj(after) ? flatten(after) : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys.map((k) => ({ field: k, before: show(b[k]), after: show(a[k]), changed: show(b[k]) !== show(a[k]) }));
}

export function AuditPage() {
  const { t } = useTranslation();
  const { can } = useApp();
  const locale = intlLocale(currentLanguage());
  const grid = useRef<AgGridReact<AuditEntry>>(null);
  const filtersRef = useRef<AuditFilters>({});
  /** New filters: the datasource reads the ref, then the grid re-reads from the first block. */
  const setFilters = (f: AuditFilters) => {
    filtersRef.current = f;
    grid.current?.api?.purgeInfiniteCache();
  };
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [action, setAction] = useState('');
  const [entity, setEntity] = useState('');
  const [actor, setActor] = useState('');
  const [search, setSearch] = useState('');
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [detail, setDetail] = useState<AuditEntry | null>(null);
  const [verify, setVerify] = useState<Output<'audit.verify'> | AppErrorData | null>(null);
  const [verifying, setVerifying] = useState(false);

  const datasource = useMemo<IDatasource>(
    () => ({
      getRows: (p: IGetRowsParams) => {
        void invoke('audit.list', { ...filtersRef.current, offset: p.startRow, limit: Math.min(1000, p.endRow - p.startRow) }).then((r) => {
          if (!r.ok) {
            setError(r.error);
            p.failCallback();
            return;
          }
          setError(null);
          setTotal(r.data.total);
          p.successCallback(r.data.rows, r.data.total);
        });
      },
    }),
    [],
  );

  useEffect(() => onEvent((name) => name === 'audit.changed' && grid.current?.api?.refreshInfiniteCache()), []);

  const apply = () => {
    const f: AuditFilters = {};
    if (range?.[0]) f.from = range[0].format('YYYY-MM-DD');
    if (range?.[1]) f.to = range[1].format('YYYY-MM-DD');
    if (action.trim()) f.action = action.trim();
    if (entity.trim()) f.entity = entity.trim();
    if (actor.trim()) f.actor = actor.trim();
    if (search.trim()) f.search = search.trim();
    setFilters(f);
  };

  const reset = () => {
    setRange(null);
    setAction('');
    setEntity('');
    setActor('');
    setSearch('');
    setFilters({});
  };

  const runVerify = async () => {
    setVerifying(true);
    const r = await invoke('audit.verify', {});
    setVerifying(false);
    setVerify(r.ok ? r.data : r.error);
  };

  const columnDefs = useMemo<ColDef<AuditEntry>[]>(
    () => [
      { field: 'id', headerName: t('audit.id'), width: 90, ...NUMBER_COLUMN },
      { field: 'at', headerName: t('audit.at'), width: 180, cellClass: 'sd-num', valueFormatter: (p: ValueFormatterParams<AuditEntry, string>) => formatDateTime(p.value, locale) },
      { field: 'actorName', headerName: t('audit.actor'), width: 130 },
      {
        field: 'action',
        headerName: t('audit.action'),
        width: 200,
        cellRenderer: (p: ICellRendererParams<AuditEntry, string>) =>
          p.value ? (
            <span>
              {actionLabel(t, p.value)} <Typography.Text type="secondary" style={{ fontSize: 12 }}>{p.value}</Typography.Text>
            </span>
          ) : null,
      },
      { field: 'entity', headerName: t('audit.entity'), width: 110, valueFormatter: (p: ValueFormatterParams<AuditEntry, string>) => (p.value ? entityLabel(t, p.value) : '') },
      { field: 'entityId', headerName: t('audit.entityId'), width: 120 },
      { field: 'reason', headerName: t('audit.reason'), minWidth: 200, flex: 1, tooltipField: 'reason' },
      {
        colId: 'details',
        headerName: t('common.details'),
        width: 100,
        pinned: 'right',
        cellRenderer: (p: ICellRendererParams<AuditEntry>) =>
          p.data ? (
            <Button size="small" type="link" icon={<FileSearchOutlined />} onClick={() => p.data && setDetail(p.data)}>
              {t('common.details')}
            </Button>
          ) : null,
      },
    ],
    [t, locale],
  );

  const verifyAlert = (() => {
    if (!verify) return null;
    if ('code' in verify) return <Alert type="error" showIcon closable={{ onClose: () => setVerify(null) }} title={errorText(t, verify)} data-testid="verify-result" />;
    if (verify.ok) {
      return (
        <Alert type="success" showIcon closable={{ onClose: () => setVerify(null) }} title={t('audit.verifyOk', { count: verify.checked })} data-testid="verify-result" />
      );
    }
    return (
      <Alert
        type="error"
        showIcon
        closable={{ onClose: () => setVerify(null) }}
        title={verify.firstBrokenId !== null ? t('audit.verifyBroken', { id: verify.firstBrokenId, reason: verify.reason ?? '' }) : t('audit.verifyBrokenNoId', { reason: verify.reason ?? '' })}
        data-testid="verify-result"
      />
    );
  })();

  const rows = detail ? diffRows(detail.before, detail.after) : [];

  return (
    <div className="sd-page sd-page-full" data-testid="page-audit">
      <PageHeader
        title={t('audit.title')}
        subtitle={
          <span data-testid="audit-total">
            {t('audit.subtitle')}
            {total !== null && ` · ${t('common.total', { n: formatInteger(total, locale) })}`}
          </span>
        }
        extra={
          can('audit.verify') && (
            <Button icon={<SafetyCertificateOutlined />} loading={verifying} onClick={() => void runVerify()} data-testid="audit-verify">
              {verifying ? t('audit.verifying') : t('audit.verify')}
            </Button>
          )
        }
      />
      {verifyAlert}
      <div className="sd-toolbar">
        <DatePicker.RangePicker value={range} onChange={(v) => setRange(v)} allowEmpty={[true, true]} style={{ width: 250 }} />
        <AutoComplete
          value={action}
          onChange={setAction}
          options={KNOWN_ACTIONS.map((a) => ({ value: a, label: `${actionLabel(t, a)}  ${a}` }))}
          placeholder={t('audit.action')}
          style={{ width: 180 }}
          allowClear
          data-testid="audit-action"
        />
        <AutoComplete
          value={entity}
          onChange={setEntity}
          options={KNOWN_ENTITIES.map((e) => ({ value: e, label: `${entityLabel(t, e)}  ${e}` }))}
          placeholder={t('audit.entity')}
          style={{ width: 130 }}
          allowClear
        />
        <Input value={actor} onChange={(e) => setActor(e.target.value)} placeholder={t('audit.actor')} style={{ width: 120 }} allowClear onPressEnter={apply} />
        <Input
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          placeholder={t('audit.searchPlaceholder')}
          style={{ width: 240 }}
          allowClear
          prefix={<SearchOutlined />}
          onPressEnter={apply}
          data-testid="audit-search"
        />
        <Button type="primary" icon={<SearchOutlined />} onClick={apply} data-testid="audit-apply">
          {t('common.search')}
        </Button>
        <Button icon={<ReloadOutlined />} onClick={reset}>
          {t('common.reset')}
        </Button>
      </div>
      {error && <Alert type="error" showIcon title={errorText(t, error)} />}
      <DataGrid<AuditEntry>
        gridRef={grid}
        testId="audit-grid"
        rowModelType="infinite"
        datasource={datasource}
        cacheBlockSize={100}
        maxBlocksInCache={20}
        getRowId={(p) => String(p.data.id)}
        columnDefs={columnDefs}
        defaultColDef={{ sortable: false, resizable: true, suppressHeaderMenuButton: true, wrapHeaderText: true, autoHeaderHeight: true }}
        onRowDoubleClicked={(e) => e.data && setDetail(e.data)}
      />
      <Drawer open={detail !== null} onClose={() => setDetail(null)} size={640} title={detail ? t('audit.detailTitle', { id: detail.id }) : ''} destroyOnHidden>
        {detail && (
          <div data-testid="audit-detail">
            <Descriptions column={1} size="small" bordered styles={{ label: { width: 120 } }}>
              <Descriptions.Item label={t('audit.at')}>{formatDateTime(detail.at, locale)}</Descriptions.Item>
              <Descriptions.Item label={t('audit.actor')}>{detail.actorName}</Descriptions.Item>
              <Descriptions.Item label={t('audit.action')}>
                {actionLabel(t, detail.action)} <Typography.Text type="secondary">{detail.action}</Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('audit.entity')}>
                {entityLabel(t, detail.entity)}
                {detail.entityId !== null && ` #${detail.entityId}`}
              </Descriptions.Item>
              {detail.reason && <Descriptions.Item label={t('audit.reason')}>{detail.reason}</Descriptions.Item>}
            </Descriptions>
            <Typography.Title level={5} style={{ marginTop: 20 }}>
              {t('audit.before')} → {t('audit.after')}
            </Typography.Title>
            {rows.length === 0 ? (
              <Typography.Text type="secondary">{t('audit.noChangeData')}</Typography.Text>
            ) : (
              <table className="sd-diff">
                <thead>
                  <tr>
                    <th>{t('audit.field')}</th>
                    <th>{t('audit.before')}</th>
                    <th>{t('audit.after')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.field} className={r.changed ? 'sd-diff-changed' : undefined}>
                      <td>
                        {fieldLabel(t, detail.entity, r.field) ?? r.field}
                        {fieldLabel(t, detail.entity, r.field) && (
                          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                            {r.field}
                          </Typography.Text>
                        )}
                      </td>
                      <td>{r.before}</td>
                      <td>{r.after}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <Typography.Title level={5} style={{ marginTop: 20 }}>
              {t('audit.raw')}
            </Typography.Title>
            <pre className="sd-json">{JSON.stringify({ before: detail.before, after: detail.after }, null, 2)}</pre>
          </div>
        )}
      </Drawer>
    </div>
  );
}

/**
 * Credit control 信用管理 for the sales administrator: every customer's limit, temporary limit,
 * exposure, available credit, overdue and status in an AG Grid paged and sorted in SQL
 * (credit.list); row actions set the limit (refused below exposure unless forced with a reason),
 * a temporary limit, hold / release with a reason; a drawer shows the live CreditBreakdown and
 * the history (audit rows and overrides).
 */
import { HistoryOutlined, LockOutlined, ReloadOutlined, SearchOutlined, UnlockOutlined } from '@ant-design/icons';
import type { ColDef, ICellRendererParams, IDatasource, IGetRowsParams, SortModelItem, ValueFormatterParams } from 'ag-grid-community';
import type { AgGridReact } from 'ag-grid-react';
import { Alert, App, Button, Checkbox, DatePicker, Drawer, Form, Input, Modal, Space, Switch, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Input as In } from '../../../../shared/contract';
import type { AppErrorData } from '../../../../shared/result';
import type { CreditHistory, CreditPosition, CreditRow } from '../../../../shared/schemas/credit';
import { invoke, onEvent } from '../../api/client';
import { useApp } from '../../app/AppContext';
import { DataGrid } from '../../components/DataGrid';
import { PageHeader } from '../../components/PageHeader';
import { errorText } from '../../errors';
import { formatDate, formatDateTime, formatInteger, formatMoney, minorDigits, parseDecimalToMinor } from '../../format';
import { currentLanguage, intlLocale } from '../../i18n';
import { NUMBER_COLUMN } from '../../theme';
import { CreditBreakdown } from './CreditBreakdown';
import { fill, useCreditTexts } from './texts';

type Dialog = { kind: 'limit' | 'temp' | 'hold' | 'release'; row: CreditRow } | null;

export function CreditPage() {
  const { t } = useTranslation();
  const tx = useCreditTexts();
  const { message } = App.useApp();
  const { currency, can } = useApp();
  const locale = intlLocale(currentLanguage());
  const digits = minorDigits(currency);
  const money = (v: number | null | undefined) => formatMoney(v, currency, locale);
  const manage = can('credit.manage');
  const grid = useRef<AgGridReact<CreditRow>>(null);
  const filterRef = useRef<In<'credit.list'>['filter']>({});
  const [search, setSearch] = useState('');
  const [onlyHold, setOnlyHold] = useState(false);
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [drawer, setDrawer] = useState<CreditRow | null>(null);

  const datasource = useMemo<IDatasource>(
    () => ({
      getRows: (p: IGetRowsParams) => {
        const sort = p.sortModel.map((s: SortModelItem) => ({ colId: s.colId, sort: s.sort }));
        void invoke('credit.list', { offset: p.startRow, limit: Math.min(1000, p.endRow - p.startRow), sort, filter: filterRef.current }).then((r) => {
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

  const refresh = () => grid.current?.api?.refreshInfiniteCache();
  useEffect(() => onEvent((name) => name === 'customers.changed' && grid.current?.api?.refreshInfiniteCache()), []);

  const apply = (text = search, hold = onlyHold) => {
    const f: In<'credit.list'>['filter'] = {};
    if (text.trim()) f.search = { type: 'contains', value: text.trim() };
    if (hold) f.creditStatus = { type: 'equals', value: 'hold' };
    filterRef.current = f;
    grid.current?.api?.purgeInfiniteCache();
  };

  const columnDefs = useMemo<ColDef<CreditRow>[]>(() => {
    const moneyCol = (field: keyof CreditRow, width = 122): ColDef<CreditRow> => ({
      field,
      headerName: tx.col[field as keyof typeof tx.col],
      width,
      sortable: true,
      ...NUMBER_COLUMN,
      valueFormatter: (p: ValueFormatterParams<CreditRow, number | null>) => (p.value === null || p.value === undefined ? '' : formatMoney(p.value, currency, locale)),
    });
    const money = (v: number | null | undefined) => formatMoney(v, currency, locale);
    return [
      { field: 'code', headerName: tx.col.code, width: 96, sortable: true },
      { field: 'name', headerName: tx.col.name, minWidth: 110, flex: 1, sortable: true, tooltipField: 'name' },
      { field: 'ownerName', headerName: tx.col.ownerName, width: 80, sortable: true },
      moneyCol('creditLimit'),
      {
        ...moneyCol('tempCreditLimit', 136),
        cellRenderer: (p: ICellRendererParams<CreditRow>) => {
          const r = p.data;
          if (!r || r.tempCreditLimit === null) return '';
          const valid = r.tempCreditExpires !== null && r.limitInForce === r.tempCreditLimit;
          return (
            <div style={{ lineHeight: '15px', paddingTop: 5, textAlign: 'right', color: valid ? undefined : '#bfbfbf' }} title={r.tempCreditExpires ?? ''}>
              <div>{money(r.tempCreditLimit)}</div>
              <div style={{ fontSize: 11, color: '#8c8c8c' }}>≤ {formatDate(r.tempCreditExpires, locale)}</div>
            </div>
          );
        },
      },
      moneyCol('exposure'),
      {
        ...moneyCol('available'),
        cellStyle: (p) => (typeof p.value === 'number' && p.value < 0 ? { color: '#cf1322', fontWeight: 600 } : null),
      },
      {
        ...moneyCol('overdue', 112),
        cellStyle: (p) => (typeof p.value === 'number' && p.value > 0 ? { color: '#d46b08' } : null),
      },
      {
        field: 'creditStatus',
        headerName: tx.col.creditStatus,
        width: 76,
        sortable: true,
        cellRenderer: (p: ICellRendererParams<CreditRow, CreditRow['creditStatus']>) =>
          p.value ? <Tag color={p.value === 'hold' ? 'red' : 'green'}>{tx.status[p.value]}</Tag> : null,
      },
      {
        colId: 'actions',
        headerName: tx.col.actions,
        width: manage ? 212 : 70,
        pinned: 'right',
        cellRenderer: (p: ICellRendererParams<CreditRow>) => {
          const r = p.data;
          if (!r) return null;
          return (
            <Space size={0} className="sd-credit-actions" data-testid={`credit-actions-${r.code}`}>
              {manage && (
                <>
                  <Button size="small" type="link" style={{ paddingInline: 4 }} onClick={() => setDialog({ kind: 'limit', row: r })} data-testid="credit-set-limit">
                    {tx.action.setLimit}
                  </Button>
                  <Button size="small" type="link" style={{ paddingInline: 4 }} onClick={() => setDialog({ kind: 'temp', row: r })} data-testid="credit-temp-limit">
                    {tx.action.tempLimit}
                  </Button>
                  {r.creditStatus === 'hold' ? (
                    <Button size="small" type="link" style={{ paddingInline: 4 }} icon={<UnlockOutlined />} onClick={() => setDialog({ kind: 'release', row: r })} data-testid="credit-release">
                      {tx.action.release}
                    </Button>
                  ) : (
                    <Button size="small" type="link" style={{ paddingInline: 4 }} danger icon={<LockOutlined />} onClick={() => setDialog({ kind: 'hold', row: r })} data-testid="credit-hold">
                      {tx.action.hold}
                    </Button>
                  )}
                </>
              )}
              <Button size="small" type="link" style={{ paddingInline: 4 }} icon={<HistoryOutlined />} onClick={() => setDrawer(r)} data-testid="credit-history" title={tx.action.history} />
            </Space>
          );
        },
      },
    ];
  }, [tx, locale, currency, manage]);

  const done = (text: string) => {
    void message.success(text);
    setDialog(null);
    refresh();
  };

  return (
    <div className="sd-page sd-page-full" data-testid="page-credit">
      <PageHeader
        title={tx.title}
        subtitle={
          <span data-testid="credit-total">
            {tx.subtitle}
            {total !== null && ` · ${t('common.total', { n: formatInteger(total, locale) })}`}
          </span>
        }
      />
      <div className="sd-toolbar">
        <Input
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onPressEnter={() => apply()}
          onBlur={() => apply()}
          placeholder={tx.searchPlaceholder}
          prefix={<SearchOutlined />}
          allowClear
          style={{ width: 240 }}
          data-testid="credit-search"
        />
        <Space>
          <Switch
            checked={onlyHold}
            onChange={(v) => {
              setOnlyHold(v);
              apply(search, v);
            }}
            data-testid="credit-only-hold"
          />
          {tx.onlyHold}
        </Space>
        <Button icon={<ReloadOutlined />} onClick={refresh}>
          {t('common.refresh')}
        </Button>
      </div>
      {error && <Alert type="error" showIcon title={errorText(t, error)} />}
      <DataGrid<CreditRow>
        gridRef={grid}
        testId="credit-grid"
        rowModelType="infinite"
        datasource={datasource}
        cacheBlockSize={100}
        maxBlocksInCache={20}
        getRowId={(p) => String(p.data.id)}
        columnDefs={columnDefs}
        defaultColDef={{ resizable: true, suppressHeaderMenuButton: true, wrapHeaderText: true, autoHeaderHeight: true }}
        onRowDoubleClicked={(e) => e.data && setDrawer(e.data)}
      />
      {dialog?.kind === 'limit' && <LimitDialog row={dialog.row} digits={digits} money={money} onClose={() => setDialog(null)} onDone={() => done(tx.setLimit.saved)} />}
      {dialog?.kind === 'temp' && <TempDialog row={dialog.row} digits={digits} money={money} onClose={() => setDialog(null)} onDone={(cleared) => done(cleared ? tx.temp.cleared : tx.temp.saved)} />}
      {(dialog?.kind === 'hold' || dialog?.kind === 'release') && (
        <HoldDialog kind={dialog.kind} row={dialog.row} onClose={() => setDialog(null)} onDone={() => done(dialog.kind === 'hold' ? tx.hold.held : tx.hold.released)} />
      )}
      <CreditDrawer row={drawer} onClose={() => setDrawer(null)} money={money} locale={locale} />
    </div>
  );
}

function LimitDialog({ row, digits, money, onClose, onDone }: { row: CreditRow; digits: number; money: (v: number | null) => string; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const tx = useCreditTexts().setLimit;
  const [amount, setAmount] = useState((row.creditLimit / 10 ** digits).toFixed(digits));
  const [force, setForce] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const minor = parseDecimalToMinor(amount, digits);
  const below = minor !== null && minor < row.exposure;
  const submit = async () => {
    if (minor === null) return setError(tx.invalid);
    if (below && (!force || !reason.trim())) return setError(tx.reasonNeeded);
    setBusy(true);
    const r = await invoke('credit.setLimit', { customerId: row.id, creditLimit: minor, force, ...(reason.trim() && { reason: reason.trim() }) });
    setBusy(false);
    if (!r.ok) return setError(errorText(t, r.error));
    onDone();
  };
  return (
    <Modal open title={fill(tx.title, { name: row.name })} onCancel={onClose} onOk={() => void submit()} confirmLoading={busy} okButtonProps={{ 'data-testid': 'credit-limit-ok' } } destroyOnHidden>
      <Typography.Paragraph type="secondary">{fill(tx.current, { limit: money(row.creditLimit), exposure: money(row.exposure) })}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={tx.amount} validateStatus={minor === null ? 'error' : undefined} help={minor === null ? tx.invalid : undefined}>
          <Input value={amount} onChange={(e) => setAmount(e.target.value)} inputMode="decimal" className="sd-num" data-testid="credit-limit-amount" autoFocus />
        </Form.Item>
        {below && (
          <>
            <Alert type="warning" showIcon message={fill(tx.belowExposure, { exposure: money(row.exposure) })} style={{ marginBottom: 12 }} />
            <Form.Item>
              <Checkbox checked={force} onChange={(e) => setForce(e.target.checked)} data-testid="credit-limit-force">
                {tx.force}
              </Checkbox>
            </Form.Item>
          </>
        )}
        <Form.Item label={tx.reason}>
          <Input.TextArea value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} rows={2} data-testid="credit-limit-reason" />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon message={error} data-testid="credit-dialog-error" />}
    </Modal>
  );
}

function TempDialog({ row, digits, money, onClose, onDone }: { row: CreditRow; digits: number; money: (v: number | null) => string; onClose: () => void; onDone: (cleared: boolean) => void }) {
  const { t } = useTranslation();
  const tx = useCreditTexts().temp;
  const [amount, setAmount] = useState(row.tempCreditLimit === null ? '' : (row.tempCreditLimit / 10 ** digits).toFixed(digits));
  const [expires, setExpires] = useState<Dayjs | null>(row.tempCreditExpires ? dayjs(row.tempCreditExpires) : null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const send = async (clear: boolean) => {
    const minor = clear ? null : parseDecimalToMinor(amount, digits);
    if (!clear && (minor === null || !expires)) return setError(tx.needBoth);
    setBusy(true);
    const r = await invoke('credit.setTemporaryLimit', {
      customerId: row.id,
      amount: minor,
      expires: clear || !expires ? null : expires.format('YYYY-MM-DD'),
      ...(reason.trim() && { reason: reason.trim() }),
    });
    setBusy(false);
    if (!r.ok) return setError(errorText(t, r.error));
    onDone(clear);
  };
  return (
    <Modal
      open
      title={fill(tx.title, { name: row.name })}
      onCancel={onClose}
      destroyOnHidden
      footer={[
        row.tempCreditLimit !== null && (
          <Button key="clear" danger onClick={() => void send(true)} disabled={busy}>
            {tx.clear}
          </Button>
        ),
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button key="ok" type="primary" loading={busy} onClick={() => void send(false)} data-testid="credit-temp-ok">
          {t('common.save')}
        </Button>,
      ]}
    >
      <Typography.Paragraph type="secondary">{money(row.creditLimit)}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={tx.amount}>
          <Input value={amount} onChange={(e) => setAmount(e.target.value)} inputMode="decimal" className="sd-num" data-testid="credit-temp-amount" autoFocus />
        </Form.Item>
        <Form.Item label={tx.expires}>
          <DatePicker value={expires} onChange={setExpires} disabledDate={(d) => d.isBefore(dayjs(), 'day')} style={{ width: '100%' }} data-testid="credit-temp-expires" />
        </Form.Item>
        <Form.Item label={tx.reason}>
          <Input.TextArea value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} rows={2} />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon message={error} data-testid="credit-dialog-error" />}
    </Modal>
  );
}

function HoldDialog({ kind, row, onClose, onDone }: { kind: 'hold' | 'release'; row: CreditRow; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const tx = useCreditTexts().hold;
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    if (!reason.trim()) return setError(tx.reasonRequired);
    setBusy(true);
    const r = await invoke(kind === 'hold' ? 'credit.hold' : 'credit.release', { customerId: row.id, reason: reason.trim() });
    setBusy(false);
    if (!r.ok) return setError(errorText(t, r.error));
    onDone();
  };
  return (
    <Modal
      open
      title={fill(kind === 'hold' ? tx.holdTitle : tx.releaseTitle, { name: row.name })}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={busy}
      okButtonProps={{ danger: kind === 'hold', 'data-testid': 'credit-hold-ok' } }
      destroyOnHidden
    >
      <Form layout="vertical">
        <Form.Item label={tx.reason} required>
          <Input.TextArea value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} rows={3} autoFocus data-testid="credit-hold-reason" />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon message={error} data-testid="credit-dialog-error" />}
    </Modal>
  );
}

function CreditDrawer({ row, onClose, money, locale }: { row: CreditRow | null; onClose: () => void; money: (v: number | null) => string; locale: string }) {
  const tx = useCreditTexts();
  const [position, setPosition] = useState<CreditPosition | null>(null);
  const [history, setHistory] = useState<CreditHistory | null>(null);
  useEffect(() => {
    setPosition(null);
    setHistory(null);
    if (!row) return;
    void invoke('credit.position', { customerId: row.id }).then((r) => r.ok && setPosition(r.data));
    void invoke('credit.history', { customerId: row.id, limit: 100 }).then((r) => r.ok && setHistory(r.data));
  }, [row]);
  const h = tx.history;
  const change = (before: unknown, after: unknown) => {
    const show = (v: unknown) => {
      if (v === null || v === undefined) return '—';
      if (typeof v !== 'object') return String(v);
      return Object.entries(v as Record<string, unknown>)
        .filter(([k]) => k !== 'forcedBelowExposure')
        .map(([k, x]) => (typeof x === 'number' && /limit/i.test(k) ? money(x) : k === 'creditStatus' ? tx.status[x as 'normal' | 'hold'] ?? String(x) : x === null ? '—' : String(x)))
        .join(' ');
    };
    return `${show(before)} → ${show(after)}`;
  };
  return (
    <Drawer open={row !== null} onClose={onClose} size={620} title={row ? fill(h.title, { name: row.name }) : ''} destroyOnHidden>
      <div data-testid="credit-drawer">
        {position && <CreditBreakdown evaluation={position.evaluation} />}
        <Typography.Title level={5} style={{ marginTop: 20 }}>
          {h.changes}
        </Typography.Title>
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          locale={{ emptyText: h.empty }}
          dataSource={history?.audit.filter((a) => a.action !== 'credit.override') ?? []}
          data-testid="credit-history-changes"
          columns={[
            { title: h.at, dataIndex: 'at', width: 150, render: (v: string) => formatDateTime(v, locale) },
            { title: h.who, dataIndex: 'actorName', width: 90 },
            {
              title: h.what,
              key: 'what',
              render: (_: unknown, a) => (
                <span>
                  <Typography.Text type="secondary">{h.action[a.action as keyof typeof h.action] ?? a.action}</Typography.Text> {change(a.before, a.after)}
                </span>
              ),
            },
            { title: h.reason, dataIndex: 'reason', render: (v: string | null) => v ?? '' },
          ]}
        />
        <Typography.Title level={5} style={{ marginTop: 20 }}>
          {h.overrides}
        </Typography.Title>
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          locale={{ emptyText: h.empty }}
          dataSource={history?.overrides ?? []}
          columns={[
            { title: h.at, dataIndex: 'at', width: 150, render: (v: string) => formatDateTime(v, locale) },
            { title: h.who, dataIndex: 'userName', width: 90 },
            { title: h.order, dataIndex: 'orderNumber', render: (v: string | null, o) => v ?? (o.orderId ? `#${o.orderId}` : '') },
            { title: h.stage, dataIndex: 'stage', width: 60, render: (v: 'confirm' | 'ship') => (v === 'ship' ? h.stageShip : h.stageConfirm) },
            { title: h.exposureLimit, key: 'el', align: 'right', render: (_: unknown, o) => `${money(o.exposure)} / ${money(o.limit)}` },
            { title: h.reason, dataIndex: 'reason' },
          ]}
        />
      </div>
    </Drawer>
  );
}

/**
 * Shipments 发货单 (`#/shipments`, or `#/shipments?order=<id>` to ship that order at once): the list (paged in SQL), ship an order, a shipment's detail with its lines
 * and returns, cancel (reverses the receivable while nothing is allocated) and returns (credit notes).
 */
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Descriptions, Drawer, Input, InputNumber, Modal, Select, Space, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../shared/contract';
import type { AppErrorData } from '../../../../shared/result';
import { invoke } from '../../api/client';
import { useApp } from '../../app/AppContext';
import { PageHeader } from '../../components/PageHeader';
import { errorText } from '../../errors';
import { formatDate, formatDateTime, formatMoney } from '../../format';
import { currentLanguage, intlLocale } from '../../i18n';
import { ShipDialog } from './ShipDialog';
import { fill, qtyText, useShipmentTexts } from './texts';

type Row = Output<'shipments.list'>['rows'][number];
type Detail = Output<'shipments.get'>;

export function ShipmentsPage() {
  const { t } = useTranslation();
  const x = useShipmentTexts();
  const { currency, can } = useApp();
  const locale = intlLocale(currentLanguage());
  const money = (v: number | null) => formatMoney(v, currency, locale);
  const [rows, setRows] = useState<Row[]>([]);
  const [total, setTotal] = useState(0);
  const [page, setPage] = useState(1);
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<'posted' | 'cancelled' | undefined>(undefined);
  const [error, setError] = useState<AppErrorData | null>(null);
  // `#/shipments?order=123` opens the ship dialog for that order (a link from the order screen).
  const [shipOrderId, setShipOrderId] = useState<number | undefined>(() => {
    const m = /[?&]order=(\d+)/.exec(window.location.hash);
    return m ? Number(m[1]) : undefined;
  });
  const [shipping, setShipping] = useState(shipOrderId !== undefined);
  const [open, setOpen] = useState<number | null>(null);
  const [loading, setLoading] = useState(false);
  const pageSize = 50;

  const load = useCallback(async () => {
    setLoading(true);
    const r = await invoke('shipments.list', { search: search || undefined, status, offset: (page - 1) * pageSize, limit: pageSize });
    setLoading(false);
    if (r.ok) {
      setRows(r.data.rows);
      setTotal(r.data.total);
      setError(null);
    } else setError(r.error);
  }, [search, status, page]);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <div className="sd-page" data-testid="page-shipments">
      <PageHeader
        title={x.title}
        subtitle={x.subtitle}
        extra={
          <Space wrap>
            <Input.Search allowClear placeholder={x.searchPlaceholder} style={{ width: 240 }} onSearch={(v) => {
                setPage(1);
                setSearch(v.trim());
              }} data-testid="shipments-search" />
            <Select
              style={{ width: 120 }}
              value={status ?? ''}
              onChange={(v: string) => {
                setPage(1);
                setStatus(v === '' ? undefined : (v as 'posted' | 'cancelled'));
              }}
              options={[{ value: '', label: x.allStatuses }, { value: 'posted', label: x.status.posted }, { value: 'cancelled', label: x.status.cancelled }]}
            />
            <Button icon={<ReloadOutlined />} onClick={() => void load()} aria-label={t('common.refresh')} />
            {can('orders.write') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setShipping(true)} data-testid="shipments-ship">
                {x.shipOrder}
              </Button>
            )}
          </Space>
        }
      />
      {error && <Alert type="error" showIcon title={errorText(t, error)} style={{ marginBottom: 12 }} />}
      <Table
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={rows}
        data-testid="shipments-table"
        scroll={{ x: 1000 }}
        onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
        pagination={{ current: page, pageSize, total, showSizeChanger: false, showTotal: (n) => fill(x.totalCount, { n }), onChange: setPage }}
        columns={[
          {
            title: x.col.number,
            dataIndex: 'number',
            width: 210,
            render: (v: string, r) => (
              <Space size={4} style={{ whiteSpace: 'nowrap' }}>
                <span className="sd-num">{v}</span>
                {r.crossRegion && <Tag color="red">{x.crossRegion}</Tag>}
              </Space>
            ),
          },
          { title: x.col.date, dataIndex: 'date', width: 110, render: (v: string) => formatDate(v, locale) },
          { title: x.col.customer, dataIndex: 'customerName', ellipsis: true },
          { title: x.col.order, dataIndex: 'orderNumber', width: 150, render: (v: string) => <span className="sd-num">{v}</span> },
          { title: x.col.region, dataIndex: 'shipToRegionName', width: 124, render: (v: string | null) => v ?? t('common.none') },
          { title: x.col.amount, dataIndex: 'amount', align: 'right', width: 130, render: (v: number) => <span className="sd-num">{money(v)}</span> },
          { title: x.col.receivable, dataIndex: 'receivableNumber', width: 150, render: (v: string | null) => <span className="sd-num">{v ?? ''}</span> },
          { title: x.col.balance, dataIndex: 'receivableBalance', align: 'right', width: 120, render: (v: number | null, r) => (r.status === 'posted' ? <span className="sd-num">{money(v)}</span> : '') },
          {
            title: x.col.status,
            dataIndex: 'status',
            width: 90,
            render: (v: 'posted' | 'cancelled') => <Tag color={v === 'posted' ? 'green' : 'default'}>{x.status[v]}</Tag>,
          },
        ]}
      />
      {shipping && (
        <ShipDialog
          orderId={shipOrderId}
          onClose={(posted) => {
            setShipping(false);
            setShipOrderId(undefined);
            if (window.location.hash.includes('?')) window.history.replaceState(null, '', '#/shipments');
            if (posted) void load();
          }}
        />
      )}
      {open !== null && (
        <ShipmentDrawer
          id={open}
          onClose={(changed) => {
            setOpen(null);
            if (changed) void load();
          }}
        />
      )}
    </div>
  );
}

export function ShipmentDrawer({ id, onClose }: { id: number; onClose: (changed: boolean) => void }) {
  const { t } = useTranslation();
  const x = useShipmentTexts();
  const { message, modal } = App.useApp();
  const { currency, can } = useApp();
  const locale = intlLocale(currentLanguage());
  const money = (v: number | null) => formatMoney(v, currency, locale);
  const [d, setD] = useState<Detail | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [changed, setChanged] = useState(false);
  const [returning, setReturning] = useState(false);

  const load = useCallback(async () => {
    const r = await invoke('shipments.get', { id });
    if (r.ok) setD(r.data);
    else setError(r.error);
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);

  const cancel = () => {
    if (!d) return;
    let reason = '';
    modal.confirm({
      title: fill(x.cancel.title, { number: d.number }),
      content: (
        <div>
          <p style={{ color: 'rgba(0,0,0,0.65)' }}>{x.cancel.hint}</p>
          <Input placeholder={x.cancel.reason} maxLength={500} onChange={(e) => (reason = e.target.value)} data-testid="cancel-reason" />
        </div>
      ),
      okText: x.cancel.action,
      okButtonProps: { danger: true },
      cancelText: t('common.close'),
      onOk: async () => {
        const r = await invoke('shipments.cancel', { id: d.id, reason: reason.trim() || '-' });
        if (!r.ok) {
          void message.error(errorText(t, r.error));
          return;
        }
        void message.success(x.cancel.done);
        setChanged(true);
        setD(r.data);
      },
    });
  };

  const canWrite = can('orders.write') && d?.status === 'posted';
  return (
    <Drawer
      open
      size={Math.min(960, window.innerWidth - 80)}
      onClose={() => onClose(changed)}
      title={d ? `${x.detail.title} · ${d.number}` : x.detail.title}
      extra={
        canWrite && (
          <Space>
            <Button onClick={() => setReturning(true)} data-testid="shipment-return">
              {x.ret.action}
            </Button>
            <Button danger onClick={cancel} data-testid="shipment-cancel">
              {x.cancel.action}
            </Button>
          </Space>
        )
      }
      destroyOnHidden
    >
      <div data-testid="shipment-detail">
        {error && <Alert type="error" showIcon title={errorText(t, error)} />}
        {d && (
          <>
            {d.status === 'cancelled' && (
              <Alert type="info" showIcon style={{ marginBottom: 12 }} title={fill(x.detail.cancelled, { at: formatDateTime(d.cancelledAt, locale), reason: d.cancelReason ?? '' })} />
            )}
            <Descriptions size="small" column={3} bordered style={{ marginBottom: 16 }}>
              <Descriptions.Item label={x.col.customer}>{d.customerName}</Descriptions.Item>
              <Descriptions.Item label={x.col.order}>{d.orderNumber}</Descriptions.Item>
              <Descriptions.Item label={x.col.date}>{formatDate(d.date, locale)}</Descriptions.Item>
              <Descriptions.Item label={x.col.region}>
                {d.shipToRegionName ?? t('common.none')} {d.crossRegion && <Tag color="red">{x.crossRegion}</Tag>}
              </Descriptions.Item>
              <Descriptions.Item label={x.col.amount}>{money(d.amount)}</Descriptions.Item>
              <Descriptions.Item label={x.col.receivable}>
                {d.receivableNumber} {d.status === 'posted' && `(${x.col.balance} ${money(d.receivableBalance)})`}
              </Descriptions.Item>
            </Descriptions>
            <h4>{x.detail.lines}</h4>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={d.lines}
              columns={[
                { title: x.col.line, dataIndex: 'lineNo', width: 48 },
                { title: x.col.product, dataIndex: 'productName', render: (v: string, r) => `${r.sku} ${v}` },
                { title: x.col.shipped, dataIndex: 'qtyMilli', align: 'right', render: (v: number, r) => <span className="sd-num">{`${qtyText(v, locale)} ${r.unit}`}</span> },
                { title: x.col.returned, dataIndex: 'returnedQtyMilli', align: 'right', render: (v: number) => <span className="sd-num">{qtyText(v, locale)}</span> },
                { title: x.col.amount, dataIndex: 'amount', align: 'right', render: (v: number) => <span className="sd-num">{money(v)}</span> },
              ]}
            />
            {d.returns.length > 0 && (
              <>
                <h4 style={{ marginTop: 16 }}>{x.detail.returns}</h4>
                <Table
                  size="small"
                  rowKey="id"
                  pagination={false}
                  dataSource={d.returns}
                  columns={[
                    { title: x.col.number, dataIndex: 'number', render: (v: string) => <span className="sd-num">{v}</span> },
                    { title: x.col.date, dataIndex: 'date', render: (v: string) => formatDate(v, locale) },
                    { title: x.ret.reason, dataIndex: 'reason' },
                    { title: x.receivables.kinds.credit_note, dataIndex: 'creditNoteNumber', render: (v: string | null) => <span className="sd-num">{v ?? ''}</span> },
                    { title: x.col.amount, dataIndex: 'amount', align: 'right', render: (v: number) => <span className="sd-num">{money(v)}</span> },
                  ]}
                />
              </>
            )}
          </>
        )}
      </div>
      {returning && d && (
        <ReturnDialog
          shipment={d}
          onClose={(posted) => {
            setReturning(false);
            if (posted) {
              setChanged(true);
              void load();
            }
          }}
        />
      )}
    </Drawer>
  );
}

function ReturnDialog({ shipment, onClose }: { shipment: Detail; onClose: (posted: boolean) => void }) {
  const { t } = useTranslation();
  const x = useShipmentTexts();
  const { message } = App.useApp();
  const { currency } = useApp();
  const locale = intlLocale(currentLanguage());
  const [qty, setQty] = useState<Record<number, number | null>>({});
  const [date, setDate] = useState(dayjs());
  const [reason, setReason] = useState('');
  const [error, setError] = useState<AppErrorData | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const lines = shipment.lines.map((l) => ({ shipmentLineId: l.id, qtyMilli: Math.round((qty[l.id] ?? 0) * 1000) })).filter((l) => l.qtyMilli > 0);
    if (!lines.length) return void message.warning(x.ret.nothing);
    setBusy(true);
    const r = await invoke('returns.create', { shipmentId: shipment.id, date: date.format('YYYY-MM-DD'), reason: reason.trim(), lines });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    void message.success(
      fill(x.ret.done, {
        number: r.data.return.number,
        cn: r.data.creditNote.number,
        amount: formatMoney(r.data.creditNote.amount, currency, locale),
        applied: formatMoney(r.data.appliedToInvoice, currency, locale),
      }),
    );
    onClose(true);
  };
  return (
    <Modal
      open
      width={760}
      title={fill(x.ret.title, { number: shipment.number })}
      onCancel={() => onClose(false)}
      onOk={() => void submit()}
      okText={x.ret.submit}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: !reason.trim() }}
      confirmLoading={busy}
    >
      {error && <Alert type="error" showIcon title={errorText(t, error)} style={{ marginBottom: 12 }} />}
      <Space wrap style={{ marginBottom: 12 }}>
        <span>{x.ret.date}</span>
        <DatePicker value={date} onChange={(d) => d && setDate(d)} allowClear={false} />
        <Input placeholder={x.ret.reason} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} style={{ width: 300 }} data-testid="return-reason" />
      </Space>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={shipment.lines}
        columns={[
          { title: x.col.line, dataIndex: 'lineNo', width: 48 },
          { title: x.col.product, dataIndex: 'productName', render: (v: string, r) => `${r.sku} ${v}` },
          { title: x.col.shipped, dataIndex: 'qtyMilli', align: 'right', render: (v: number) => <span className="sd-num">{qtyText(v, locale)}</span> },
          { title: x.col.returned, dataIndex: 'returnedQtyMilli', align: 'right', render: (v: number) => <span className="sd-num">{qtyText(v, locale)}</span> },
          {
            title: x.col.returnQty,
            width: 130,
            render: (_: unknown, r) => (
              <InputNumber
                size="small"
                min={0}
                max={(r.qtyMilli - r.returnedQtyMilli) / 1000}
                value={qty[r.id] ?? null}
                disabled={r.qtyMilli === r.returnedQtyMilli}
                onChange={(v) => setQty((q) => ({ ...q, [r.id]: v }))}
                style={{ width: '100%' }}
              />
            ),
          },
        ]}
      />
    </Modal>
  );
}

/**
 * Ship an order 订单发货: pick an open order (or receive one), enter the quantity to ship per line
 * (defaults to what is left), the date and the ship-to region; post. A credit block shows the
 * rules that fired and, for a user with credit.override, a release with a mandatory reason.
 */
import { Alert, App, Button, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../shared/contract';
import type { AppErrorData } from '../../../../shared/result';
import { invoke } from '../../api/client';
import { useApp } from '../../app/AppContext';
import { errorText } from '../../errors';
import { formatDate, formatMoney } from '../../format';
import { currentLanguage, intlLocale } from '../../i18n';
import { fill, qtyText, useShipmentTexts } from './texts';

type Shippable = Output<'shipments.shippable'>;
type Credit = Extract<Output<'shipments.create'>, { status: 'blocked' }>['credit'];

export function ShipDialog({ orderId: initialOrderId, onClose }: { orderId?: number; onClose: (posted: boolean) => void }) {
  const { t } = useTranslation();
  const x = useShipmentTexts();
  const { message } = App.useApp();
  const { currency, can } = useApp();
  const locale = intlLocale(currentLanguage());
  const money = (v: number) => formatMoney(v, currency, locale);
  const [orderId, setOrderId] = useState<number | undefined>(initialOrderId);
  const [orders, setOrders] = useState<Output<'shipments.openOrders'>>([]);
  const [search, setSearch] = useState('');
  const [order, setOrder] = useState<Shippable | null>(null);
  const [qty, setQty] = useState<Record<number, number | null>>({});
  const [date, setDate] = useState(dayjs());
  const [region, setRegion] = useState<number | null | undefined>(undefined);
  const [regions, setRegions] = useState<Output<'regions.list'>>([]);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [credit, setCredit] = useState<Credit | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void invoke('regions.list', {}).then((r) => r.ok && setRegions(r.data));
  }, []);
  useEffect(() => {
    if (initialOrderId) return;
    const h = setTimeout(() => {
      void invoke('shipments.openOrders', { search: search || undefined, limit: 50 }).then((r) => r.ok && setOrders(r.data));
    }, 200);
    return () => clearTimeout(h);
  }, [search, initialOrderId]);

  const load = useCallback(async (id: number) => {
    const r = await invoke('shipments.shippable', { orderId: id });
    if (!r.ok) return setError(r.error);
    setOrder(r.data);
    setQty(Object.fromEntries(r.data.lines.map((l) => [l.orderLineId, l.leftQtyMilli / 1000])));
    setError(null);
    setCredit(null);
  }, []);
  useEffect(() => {
    if (orderId) void load(orderId);
  }, [orderId, load]);

  const submit = async (override?: string) => {
    if (!order) return;
    const lines = order.lines
      .map((l) => ({ orderLineId: l.orderLineId, qtyMilli: Math.round((qty[l.orderLineId] ?? 0) * 1000) }))
      .filter((l) => l.qtyMilli > 0);
    if (!lines.length) return void message.warning(x.ship.nothing);
    setBusy(true);
    const r = await invoke('shipments.create', {
      orderId: order.orderId,
      customerId: order.customerId,
      date: date.format('YYYY-MM-DD'),
      ...(region !== undefined ? { shipToRegionId: region } : {}),
      lines,
      ...(override ? { override: { reason: override } } : {}),
    });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    if (r.data.status === 'blocked') {
      setCredit(r.data.credit);
      setError(null);
      return;
    }
    void message.success(
      fill(x.ship.posted, { number: r.data.shipment.number, receivable: r.data.receivable.number, amount: money(r.data.receivable.amount), due: formatDate(r.data.receivable.dueDate, locale) }),
    );
    onClose(true);
  };

  return (
    <Modal
      open
      width={920}
      title={order ? `${x.ship.title} · ${order.orderNumber} · ${order.customerName}` : x.ship.title}
      onCancel={() => onClose(false)}
      footer={[
        <Button key="cancel" onClick={() => onClose(false)}>
          {t('common.cancel')}
        </Button>,
        <Button key="ok" type="primary" loading={busy} disabled={!order} onClick={() => void submit()} data-testid="ship-submit">
          {x.ship.submit}
        </Button>,
      ]}
      destroyOnHidden
    >
      <div data-testid="ship-dialog">
        {!initialOrderId && (
          <Form.Item label={x.ship.pickOrder} style={{ marginBottom: 12 }}>
            <Select
              showSearch={{ filterOption: false, onSearch: setSearch }}
              value={orderId}
              onChange={(v: number) => setOrderId(v)}
              placeholder={x.ship.pickOrderPlaceholder}
              notFoundContent={x.ship.noOrders}
              options={orders.map((o) => ({ value: o.id, label: `${o.number} · ${o.customerName} · ${money(o.amount - o.shippedAmount)}` }))}
              data-testid="ship-order"
            />
          </Form.Item>
        )}
        {error && <Alert type="error" showIcon title={errorText(t, error)} style={{ marginBottom: 12 }} />}
        {credit && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            title={x.ship.blocked}
            data-testid="ship-blocked"
            description={
              <div>
                <div>
                  {x.ship.fired}: {credit.fired.map((f) => <Tag key={f}>{f}</Tag>)}
                </div>
                {can('credit.override') && (
                  <Space style={{ marginTop: 8 }} wrap>
                    <Input
                      value={reason}
                      onChange={(e) => setReason(e.target.value)}
                      placeholder={x.ship.overrideReason}
                      style={{ width: 360 }}
                      maxLength={500}
                      data-testid="ship-override-reason"
                    />
                    <Button danger disabled={!reason.trim()} loading={busy} onClick={() => void submit(reason.trim())} data-testid="ship-override-submit">
                      {x.ship.override}
                    </Button>
                  </Space>
                )}
                {!can('credit.override') && <div style={{ marginTop: 4 }}>{x.ship.overrideHint}</div>}
              </div>
            }
          />
        )}
        {order && (
          <>
            <Space wrap style={{ marginBottom: 12 }}>
              <span>{x.ship.date}</span>
              <DatePicker value={date} onChange={(d) => d && setDate(d)} allowClear={false} data-testid="ship-date" />
              <span style={{ marginInlineStart: 12 }}>{x.ship.region}</span>
              <Select
                style={{ width: 180 }}
                value={region === undefined ? -1 : (region ?? -2)}
                onChange={(v: number) => setRegion(v === -1 ? undefined : v === -2 ? null : v)}
                options={[{ value: -1, label: x.ship.regionDefault }, ...regions.map((r) => ({ value: r.id, label: r.name }))]}
                data-testid="ship-region"
              />
              <Button size="small" onClick={() => setQty(Object.fromEntries(order.lines.map((l) => [l.orderLineId, l.leftQtyMilli / 1000])))}>
                {x.ship.allLeft}
              </Button>
              <Button size="small" onClick={() => setQty({})}>
                {x.ship.none}
              </Button>
            </Space>
            <Table
              size="small"
              rowKey="orderLineId"
              pagination={false}
              dataSource={order.lines}
              data-testid="ship-lines"
              columns={[
                { title: x.col.line, dataIndex: 'lineNo', width: 48 },
                { title: x.col.product, dataIndex: 'productName', ellipsis: true, render: (v: string, r) => <span title={r.sku}>{`${r.sku} ${v}`}</span> },
                { title: x.col.ordered, dataIndex: 'qtyMilli', align: 'right', width: 96, render: (v: number, r) => <span className="sd-num">{`${qtyText(v, locale)} ${r.unit}`}</span> },
                { title: x.col.shipped, dataIndex: 'shippedQtyMilli', align: 'right', width: 90, render: (v: number) => <span className="sd-num">{qtyText(v, locale)}</span> },
                { title: x.col.left, dataIndex: 'leftQtyMilli', align: 'right', width: 90, render: (v: number) => <span className="sd-num">{qtyText(v, locale)}</span> },
                {
                  title: x.col.qty,
                  width: 130,
                  render: (_: unknown, r) => (
                    <InputNumber
                      size="small"
                      min={0}
                      max={r.leftQtyMilli / 1000}
                      step={1}
                      value={qty[r.orderLineId] ?? null}
                      disabled={r.leftQtyMilli === 0}
                      onChange={(v) => setQty((q) => ({ ...q, [r.orderLineId]: v }))}
                      style={{ width: '100%' }}
                      data-testid={`ship-qty-${r.lineNo}`}
                    />
                  ),
                },
              ]}
            />
          </>
        )}
      </div>
    </Modal>
  );
}

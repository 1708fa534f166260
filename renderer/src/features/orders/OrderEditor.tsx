/**
 * One sales order: the header (customer, date, optional contract, ship-to), a grid-style line
 * editor (product by code/name/pinyin initials, quantity, price resolved by pricing.quote with
 * its trace one click away, discount, tax rate, amounts computed as you type with the same
 * integer arithmetic as main) and, beside the lines, the customer's credit position for this
 * order, live. Confirm: a credit block opens the breakdown; a user with credit.override may
 * release it with a reason.
 */
import { ArrowLeftOutlined, DeleteOutlined, PlusOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, DatePicker, Form, Input, InputNumber, Modal, Popover, Row, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Input as In, Output } from '../../../../shared/contract';
import { discounted, lineAmountOf, taxOf } from '../../../../shared/order-math';
import type { CreditEvaluationData } from '../../../../shared/schemas/credit';
import type { OrderDetail, ProductHit } from '../../../../shared/schemas/orders';
import { decimalToMilli, type Quote } from '../../../../shared/schemas/pricing';
import { invoke } from '../../api/client';
import { useApp } from '../../app/AppContext';
import { PageHeader } from '../../components/PageHeader';
import { errorText } from '../../errors';
import { bpToPercentString, formatMoney, minorDigits, minorToDecimalString, parseDecimalToMinor, parsePercentToBp } from '../../format';
import { currentLanguage, intlLocale } from '../../i18n';
import { CustomerSelect } from '../pricing/pickers';
import { ShipDialog } from '../shipments/ShipDialog';
import { CreditBreakdown } from './CreditBreakdown';
import { STATUS_COLOR } from './status';
import { fill, useOrderTexts } from './texts';

interface LineState {
  key: number;
  product: ProductHit | null;
  quantity: string;
  discount: string;
  netPrice: string;
  taxRate: string;
  approvalId: string;
  /** Resolved price (分) from the last quote, or as stored. */
  resolved: number | null;
  quote: Quote | null;
}

interface Header {
  customerId?: number;
  orderDate: Dayjs;
  contractId?: number | null;
  shipToRegionId?: number | null;
  shipToAddress?: string;
  notes?: string;
}

let nextKey = 1;
const emptyLine = (): LineState => ({ key: nextKey++, product: null, quantity: '1', discount: '', netPrice: '', taxRate: '13', approvalId: '', resolved: null, quote: null });

/** What a line costs as typed: null where the input is not (yet) valid. */
function computeLine(l: LineState, digits: number) {
  const qty = decimalToMilli(l.quantity);
  const rate = parsePercentToBp(l.taxRate || '0');
  const bp = l.discount.trim() ? parsePercentToBp(l.discount) : null;
  const typedNet = l.netPrice.trim() ? parseDecimalToMinor(l.netPrice, digits) : null;
  if (l.resolved === null || qty === null || qty === 0 || rate === null) return null;
  if (l.discount.trim() && bp === null) return null;
  if (l.netPrice.trim() && typedNet === null) return null;
  const net = typedNet ?? (bp !== null ? discounted(l.resolved, bp) : l.resolved);
  const amount = lineAmountOf(net, qty);
  return { qty, rate, bp, typedNet, net, amount, tax: taxOf(amount, rate) };
}

function ProductSearch({ value, onChange, disabled, testId }: { value: ProductHit | null; onChange: (p: ProductHit | null) => void; disabled?: boolean; testId: string }) {
  const [options, setOptions] = useState<ProductHit[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const search = (text: string) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      void invoke('orders.searchProducts', { search: text.trim().slice(0, 50), limit: 20 }).then((r) => r.ok && setOptions(r.data));
    }, 200);
  };
  const all = value && !options.some((o) => o.id === value.id) ? [value, ...options] : options;
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: search }}
      value={value?.id}
      disabled={disabled}
      style={{ width: '100%' }}
      data-testid={testId}
      popupMatchSelectWidth={360}
      onFocus={() => options.length === 0 && search('')}
      onChange={(id: number) => onChange(all.find((o) => o.id === id) ?? null)}
      options={all.map((o) => ({ value: o.id, label: `${o.sku} ${o.name}` }))}
    />
  );
}

function QuoteTrace({ quote }: { quote: Quote }) {
  const { t } = useTranslation();
  const tx = useOrderTexts().editor;
  const { currency } = useApp();
  const locale = intlLocale(currentLanguage());
  const validity = (from: string | null, to: string | null) => (from || to ? ` · ${from ?? '…'} – ${to ?? '…'}` : '');
  return (
    <div style={{ maxWidth: 460 }} data-testid="order-line-trace">
      {!quote.found && <Alert type="info" showIcon title={tx.noPrice} style={{ marginBottom: 8 }} />}
      {quote.trace.map((l) => (
        <div key={l.listId} style={{ marginBottom: 6 }}>
          <strong>
            {l.listCode} {l.listName}
          </strong>{' '}
          <Tag color={l.outcome === 'used' ? 'green' : 'default'}>{t(`pricing.listOutcomes.${l.outcome}`)}</Tag>
          <div style={{ paddingLeft: 12 }}>
            {l.items.map((i) => (
              <div key={i.itemId} style={{ fontSize: 12 }}>
                ≥ {i.minQty} · {formatMoney(i.price, currency, locale)}
                {validity(i.validFrom, i.validTo)} ·{' '}
                <Typography.Text type={i.outcome === 'taken' ? 'success' : 'secondary'}>{t(`pricing.itemOutcomes.${i.outcome}`)}</Typography.Text>
              </div>
            ))}
          </div>
        </div>
      ))}
    </div>
  );
}

export function OrderEditor({ orderId, onBack }: { orderId: number | null; onBack: () => void }) {
  const { t } = useTranslation();
  const tx = useOrderTexts();
  const { message } = App.useApp();
  const { currency, can } = useApp();
  const locale = intlLocale(currentLanguage());
  const digits = minorDigits(currency);
  const money = (v: number | null | undefined) => formatMoney(v, currency, locale);
  const [form] = Form.useForm<Header>();
  const [order, setOrder] = useState<OrderDetail | null>(null);
  const [lines, setLines] = useState<LineState[]>(() => [emptyLine()]);
  const [regions, setRegions] = useState<Output<'regions.list'>>([]);
  const [credit, setCredit] = useState<CreditEvaluationData | null>(null);
  const [blocked, setBlocked] = useState<CreditEvaluationData | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [shipping, setShipping] = useState(false);
  const [dirty, setDirty] = useState(orderId === null);
  const [customerId, setCustomerId] = useState<number | undefined>();
  const editable = order === null || order.status === 'draft';
  const canWrite = can('orders.write');
  const canOverride = can('credit.override');

  const load = useCallback(
    async (id: number) => {
      const r = await invoke('orders.get', { id });
      if (!r.ok) {
        void message.error(errorText(t, r.error));
        return;
      }
      const o = r.data;
      setOrder(o);
      setCustomerId(o.customerId);
      form.setFieldsValue({
        customerId: o.customerId,
        orderDate: dayjs(o.orderDate),
        contractId: o.contractId,
        shipToRegionId: o.shipToRegionId,
        shipToAddress: o.shipToAddress ?? '',
        notes: o.notes ?? '',
      });
      setLines(
        o.lines.map((l) => {
          const byDiscount = l.discountBp >= 0 && discounted(l.resolvedPrice, l.discountBp) === l.netPrice;
          return {
            key: nextKey++,
            product: { id: l.productId, sku: l.sku, name: l.productName, unit: l.unit, listPrice: l.listPrice, active: l.productActive, initials: '' },
            quantity: l.quantity,
            discount: byDiscount && l.discountBp > 0 ? bpToPercentString(l.discountBp) : '',
            netPrice: byDiscount ? '' : minorToDecimalString(l.netPrice, digits),
            taxRate: bpToPercentString(l.taxRateBp),
            approvalId: l.priceApprovalId ? String(l.priceApprovalId) : '',
            resolved: l.resolvedPrice,
            quote: null,
          };
        }),
      );
      setDirty(false);
    },
    [digits, form, message, t],
  );

  useEffect(() => {
    void invoke('regions.list', {}).then((r) => r.ok && setRegions(r.data));
    if (orderId !== null) void load(orderId);
    else form.setFieldsValue({ orderDate: dayjs() });
  }, [orderId, load, form]);

  const computed = useMemo(() => lines.map((l) => computeLine(l, digits)), [lines, digits]);
  const total = computed.reduce((a, c) => a + (c?.amount ?? 0), 0);
  const totalTax = computed.reduce((a, c) => a + (c?.tax ?? 0), 0);

  // Live credit position for this order's total (debounced).
  useEffect(() => {
    if (!customerId) {
      setCredit(null);
      return;
    }
    const open = order && order.status !== 'draft' ? order.amount - order.shippedAmount : total;
    const h = setTimeout(() => {
      void invoke('credit.position', { customerId, amount: Math.max(0, open), orderId: order?.id ?? null }).then((r) => setCredit(r.ok ? r.data.evaluation : null));
    }, 300);
    return () => clearTimeout(h);
  }, [customerId, total, order]);

  const requote = async (key: number, patch: Partial<LineState>) => {
    const current = lines.find((l) => l.key === key);
    if (!current) return;
    const next = { ...current, ...patch };
    const qty = decimalToMilli(next.quantity);
    const date = form.getFieldValue('orderDate') as Dayjs | undefined;
    if (!customerId || !next.product || qty === null || qty === 0 || !date) return;
    const r = await invoke('pricing.quote', { customerId, productId: next.product.id, quantity: next.quantity.trim(), date: date.format('YYYY-MM-DD') });
    if (!r.ok) return;
    setLines((ls) => ls.map((l) => (l.key === key ? { ...l, quote: r.data, resolved: r.data.price ?? r.data.product.listPrice } : l)));
  };

  const update = (key: number, patch: Partial<LineState>, reprice = false) => {
    setLines((ls) => ls.map((l) => (l.key === key ? { ...l, ...patch } : l)));
    setDirty(true);
    if (reprice) void requote(key, patch);
  };

  const draftInput = (): In<'orders.saveDraft'> | null => {
    const h = form.getFieldsValue();
    if (!customerId) {
      void message.warning(tx.editor.needCustomer);
      return null;
    }
    const out: In<'orders.saveDraft'>['lines'] = [];
    for (const l of lines) {
      if (!l.product) continue;
      const c = computeLine(l, digits);
      out.push({
        productId: l.product.id,
        quantity: l.quantity.trim(),
        netPrice: l.netPrice.trim() ? (c?.typedNet ?? parseDecimalToMinor(l.netPrice, digits) ?? -1) : null,
        discountBp: !l.netPrice.trim() && l.discount.trim() ? (parsePercentToBp(l.discount) ?? -1) : null,
        taxRateBp: parsePercentToBp(l.taxRate || '0') ?? -1,
        priceApprovalId: l.approvalId.trim() ? Number(l.approvalId) : null,
      });
    }
    return {
      ...(order ? { id: order.id, version: order.version } : {}),
      customerId,
      orderDate: (h.orderDate ?? dayjs()).format('YYYY-MM-DD'),
      contractId: h.contractId ?? null,
      shipToRegionId: h.shipToRegionId ?? null,
      shipToAddress: h.shipToAddress?.trim() || null,
      notes: h.notes?.trim() || null,
      lines: out,
    };
  };

  const save = async (): Promise<OrderDetail | null> => {
    const input = draftInput();
    if (!input) return null;
    setBusy(true);
    const r = await invoke('orders.saveDraft', input);
    setBusy(false);
    if (!r.ok) {
      void message.error(errorText(t, r.error));
      return null;
    }
    setOrder(r.data);
    setDirty(false);
    void message.success(tx.editor.saved);
    return r.data;
  };

  const confirm = async (override?: { reason: string }) => {
    let o = order;
    if (!o || dirty) o = await save();
    if (!o) return;
    setBusy(true);
    const r = await invoke('orders.confirm', { id: o.id, version: o.version, ...(override ? { override } : {}) });
    setBusy(false);
    if (!r.ok) {
      void message.error(errorText(t, r.error));
      return;
    }
    if (r.data.status === 'blocked') {
      setBlocked(r.data.credit);
      return;
    }
    setBlocked(null);
    setReason('');
    void message.success(tx.editor.confirmed);
    await load(o.id);
  };

  const transition = async (kind: 'cancel' | 'close' | 'reopen') => {
    if (!order) return;
    let r: { ok: boolean; error?: Parameters<typeof errorText>[1]; data?: unknown };
    if (kind === 'cancel') {
      let why = '';
      const ok = await new Promise<boolean>((resolve) =>
        Modal.confirm({
          title: tx.editor.cancel,
          content: <Input.TextArea data-testid="order-cancel-reason" maxLength={500} onChange={(e) => (why = e.target.value)} placeholder={tx.editor.cancelReason} />,
          onOk: () => resolve(true),
          onCancel: () => resolve(false),
        }),
      );
      if (!ok) return;
      r = await invoke('orders.cancel', { id: order.id, version: order.version, reason: why });
    } else if (kind === 'close') r = await invoke('orders.close', { id: order.id, version: order.version });
    else {
      const x = await invoke('orders.reopen', { id: order.id, version: order.version });
      if (x.ok && x.data.status === 'blocked') {
        setBlocked(x.data.credit);
        return;
      }
      r = x;
    }
    if (!r.ok) {
      if (r.error) void message.error(errorText(t, r.error));
      return;
    }
    void message.success(kind === 'cancel' ? tx.editor.cancelled : kind === 'close' ? tx.editor.closed : tx.editor.reopened);
    await load(order.id);
  };

  const columns = [
    { title: '#', width: 32, render: (_: unknown, __: LineState, i: number) => i + 1 },
    {
      title: tx.editor.product,
      width: 210,
      render: (_: unknown, l: LineState, i: number) => (
        <ProductSearch value={l.product} disabled={!editable} testId={`order-line-product-${i}`} onChange={(p) => update(l.key, { product: p, quote: null, resolved: null }, true)} />
      ),
    },
    {
      title: tx.editor.quantity,
      width: 72,
      render: (_: unknown, l: LineState, i: number) => (
        <Input value={l.quantity} disabled={!editable} data-testid={`order-line-qty-${i}`} status={decimalToMilli(l.quantity) ? undefined : 'error'} onChange={(e) => update(l.key, { quantity: e.target.value }, true)} style={{ textAlign: 'right' }} />
      ),
    },
    {
      title: tx.editor.resolvedPrice,
      width: 104,
      align: 'right' as const,
      render: (_: unknown, l: LineState) => (
        <Space size={4}>
          <span>{l.resolved === null ? '—' : money(l.resolved)}</span>
          {l.product && (
            <Popover
              title={tx.editor.trace}
              trigger="click"
              content={l.quote ? <QuoteTrace quote={l.quote} /> : '…'}
              onOpenChange={(open) => open && !l.quote && void requote(l.key, {})}
            >
              <QuestionCircleOutlined style={{ color: '#1677ff', cursor: 'pointer' }} data-testid="order-line-trace-open" />
            </Popover>
          )}
        </Space>
      ),
    },
    {
      title: tx.editor.discount,
      width: 64,
      render: (_: unknown, l: LineState, i: number) => (
        <Input value={l.discount} disabled={!editable || Boolean(l.netPrice.trim())} data-testid={`order-line-discount-${i}`} onChange={(e) => update(l.key, { discount: e.target.value })} style={{ textAlign: 'right' }} />
      ),
    },
    {
      title: tx.editor.netPrice,
      width: 90,
      render: (_: unknown, l: LineState, i: number) => {
        const c = computed[i];
        return (
          <Input
            value={l.netPrice}
            placeholder={c ? minorToDecimalString(c.net, digits) : ''}
            disabled={!editable}
            data-testid={`order-line-net-${i}`}
            onChange={(e) => update(l.key, { netPrice: e.target.value })}
            style={{ textAlign: 'right' }}
          />
        );
      },
    },
    {
      title: tx.editor.taxRate,
      width: 62,
      render: (_: unknown, l: LineState) => <Input value={l.taxRate} disabled={!editable} onChange={(e) => update(l.key, { taxRate: e.target.value })} style={{ textAlign: 'right' }} />,
    },
    {
      title: tx.editor.amount,
      width: 112,
      align: 'right' as const,
      render: (_: unknown, __: LineState, i: number) => (
        <Tooltip title={computed[i] ? `${tx.editor.tax} ${money(computed[i]?.tax)}` : undefined}>
          <span data-testid={`order-line-amount-${i}`}>{money(computed[i]?.amount)}</span>
        </Tooltip>
      ),
    },
    {
      title: tx.editor.approvalId,
      width: 76,
      render: (_: unknown, l: LineState) => <Input value={l.approvalId} disabled={!editable} onChange={(e) => update(l.key, { approvalId: e.target.value.replace(/\D/g, '') })} />,
    },
    {
      title: '',
      width: 36,
      render: (_: unknown, l: LineState) =>
        editable ? <Button type="text" size="small" icon={<DeleteOutlined />} aria-label={tx.editor.remove} onClick={() => { setLines((ls) => ls.filter((x) => x.key !== l.key)); setDirty(true); }} /> : null,
    },
  ];

  const status = order?.status ?? 'draft';
  return (
    <div className="sd-page" data-testid="page-order-editor">
      <PageHeader
        title={
          <Space>
            <Button icon={<ArrowLeftOutlined />} type="text" onClick={onBack} aria-label={tx.back} data-testid="order-back" />
            {order ? fill(tx.editor.editTitle, { number: order.number }) : tx.editor.newTitle}
            <Tag color={STATUS_COLOR[status]} data-testid="order-status">
              {tx.status[status]}
            </Tag>
          </Space>
        }
        extra={
          canWrite && (
            <Space>
              {editable && (
                <Button onClick={() => void save()} loading={busy} data-testid="order-save">
                  {tx.editor.save}
                </Button>
              )}
              {editable && (
                <Button type="primary" onClick={() => void confirm()} loading={busy} data-testid="order-confirm">
                  {tx.editor.confirm}
                </Button>
              )}
              {order && (status === 'confirmed' || status === 'partly_shipped') && (
                <Button type="primary" onClick={() => setShipping(true)} data-testid="order-ship">
                  {tx.editor.ship}
                </Button>
              )}
              {order && (status === 'draft' || status === 'confirmed') && (
                <Button danger onClick={() => void transition('cancel')} data-testid="order-cancel">
                  {tx.editor.cancel}
                </Button>
              )}
              {order && ['confirmed', 'partly_shipped', 'shipped', 'invoiced'].includes(status) && (
                <Button onClick={() => void transition('close')} data-testid="order-close">
                  {tx.editor.close}
                </Button>
              )}
              {order && status === 'closed' && (
                <Button onClick={() => void transition('reopen')} data-testid="order-reopen">
                  {tx.editor.reopen}
                </Button>
              )}
            </Space>
          )
        }
      />
      {shipping && order && (
        <ShipDialog
          orderId={order.id}
          onClose={(posted) => {
            setShipping(false);
            if (posted) void load(order.id);
          }}
        />
      )}
      {!editable && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={fill(tx.editor.readOnly, { status: tx.status[status] })} />}
      <Row gutter={16} wrap={false}>
        <Col flex="auto" style={{ minWidth: 0 }}>
          <Card size="small" style={{ marginBottom: 12 }}>
            <Form form={form} layout="inline" disabled={!editable} onValuesChange={() => setDirty(true)} style={{ rowGap: 8 }}>
              <Form.Item label={tx.editor.customer} name="customerId" rules={[{ required: true }]}>
                {order ? (
                  <Typography.Text strong data-testid="order-customer-name">
                    {order.customerCode} {order.customerName}
                  </Typography.Text>
                ) : (
                  <CustomerSelect
                    style={{ width: 240 }}
                    testId="order-customer"
                    value={customerId}
                    onChange={(id) => {
                      setCustomerId(id);
                      form.setFieldValue('customerId', id);
                    }}
                  />
                )}
              </Form.Item>
              <Form.Item label={tx.editor.orderDate} name="orderDate">
                <DatePicker allowClear={false} />
              </Form.Item>
              <Form.Item label={tx.editor.contract} name="contractId">
                <InputNumber min={1} precision={0} placeholder={tx.editor.contractPlaceholder} style={{ width: 110 }} />
              </Form.Item>
              <Form.Item label={tx.editor.shipToRegion} name="shipToRegionId">
                <Select allowClear style={{ width: 140 }} options={regions.map((r) => ({ value: r.id, label: r.name }))} />
              </Form.Item>
              <Form.Item label={tx.editor.shipToAddress} name="shipToAddress">
                <Input maxLength={300} style={{ width: 260 }} />
              </Form.Item>
            </Form>
          </Card>
          <Card size="small" title={tx.editor.lines}>
            <Table<LineState> size="small" rowKey="key" pagination={false} dataSource={lines} columns={columns} scroll={{ x: 860 }} data-testid="order-lines" />
            {editable && (
              <Button icon={<PlusOutlined />} type="dashed" style={{ marginTop: 8 }} onClick={() => setLines((ls) => [...ls, emptyLine()])} data-testid="order-add-line">
                {tx.editor.addLine}
              </Button>
            )}
            <div style={{ textAlign: 'right', marginTop: 8, fontSize: 16 }} data-testid="order-total">
              {tx.editor.total}：<strong>{money(order && !editable ? order.amount : total)}</strong>
              <Typography.Text type="secondary" style={{ marginLeft: 12, fontSize: 13 }}>
                {tx.editor.totalTax} {money(order && !editable ? order.taxAmount : totalTax)}
              </Typography.Text>
            </div>
          </Card>
        </Col>
        <Col flex="300px">
          <Card size="small" title={tx.credit.title} data-testid="order-credit">
            {credit ? <CreditBreakdown evaluation={credit} testId="order-credit-live" hideDecision={!editable} /> : <Typography.Text type="secondary">{tx.credit.none}</Typography.Text>}
          </Card>
        </Col>
      </Row>
      <Modal
        open={blocked !== null}
        title={tx.credit.blockedTitle}
        width={560}
        onCancel={() => setBlocked(null)}
        footer={
          canOverride
            ? [
                <Button key="close" onClick={() => setBlocked(null)}>
                  {t('common.cancel')}
                </Button>,
                <Button
                  key="release"
                  type="primary"
                  danger
                  disabled={!reason.trim()}
                  loading={busy}
                  data-testid="credit-override-submit"
                  onClick={() => {
                    if (!reason.trim()) return void message.warning(tx.credit.reasonRequired);
                    if (order?.status === 'closed') {
                      void invoke('orders.reopen', { id: order.id, version: order.version, override: { reason: reason.trim() } }).then(async (r) => {
                        if (!r.ok) return void message.error(errorText(t, r.error));
                        setBlocked(null);
                        await load(order.id);
                      });
                      return;
                    }
                    void confirm({ reason: reason.trim() });
                  }}
                >
                  {tx.credit.override}
                </Button>,
              ]
            : [
                <Button key="close" onClick={() => setBlocked(null)}>
                  {t('common.cancel')}
                </Button>,
              ]
        }
      >
        <div data-testid="credit-blocked-dialog">
          <Typography.Paragraph type="secondary">{tx.credit.blockedText}</Typography.Paragraph>
          {blocked && <CreditBreakdown evaluation={blocked} showItems testId="credit-blocked" />}
          {canOverride ? (
            <Form layout="vertical" style={{ marginTop: 12 }}>
              <Form.Item label={tx.credit.overrideReason} required>
                <Input.TextArea rows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="credit-override-reason" />
              </Form.Item>
            </Form>
          ) : (
            <Alert type="warning" showIcon style={{ marginTop: 12 }} title={tx.credit.noOverride} />
          )}
        </div>
      </Modal>
    </div>
  );
}

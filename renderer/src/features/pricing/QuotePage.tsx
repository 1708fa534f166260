/**
 * "What would this customer pay" 报价查询: customer, product, quantity and date → the price, the
 * list and item used, and the engine's trace as a timeline (each list in resolution order, each
 * item with why it was taken or skipped). Below, the price check of a proposed net price against
 * the user's discount authority and the floor, and the approval for those who may give it.
 */
import { CheckCircleTwoTone, CloseCircleTwoTone, MinusCircleTwoTone, SearchOutlined, WarningTwoTone } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Descriptions, Empty, Form, Input, Space, Table, Tag, Timeline, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../shared/contract';
import type { ListTrace, Quote } from '../../../../shared/schemas/pricing';
import { invoke } from '../../api/client';
import { useApp } from '../../app/AppContext';
import { PageHeader } from '../../components/PageHeader';
import { errorText } from '../../errors';
import { formatDate, formatMoney, formatPercentBp, minorDigits, parseDecimalToMinor } from '../../format';
import { currentLanguage, intlLocale } from '../../i18n';
import { CustomerSelect, ProductSelect } from './pickers';

interface QuoteForm {
  customerId?: number;
  productId?: number;
  quantity: string;
  date: Dayjs;
}

const LIST_ICON: Record<ListTrace['outcome'], React.ReactNode> = {
  used: <CheckCircleTwoTone twoToneColor="#52c41a" />,
  inactive: <MinusCircleTwoTone twoToneColor="#bfbfbf" />,
  no_valid_item: <CloseCircleTwoTone twoToneColor="#faad14" />,
  not_needed: <MinusCircleTwoTone twoToneColor="#bfbfbf" />,
};
const LIST_COLOR: Record<ListTrace['outcome'], string> = { used: 'green', inactive: 'gray', no_valid_item: 'orange', not_needed: 'gray' };

export function QuotePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { currency, session } = useApp();
  const locale = intlLocale(currentLanguage());
  const digits = minorDigits(currency);
  const [form] = Form.useForm<QuoteForm>();
  const [quote, setQuote] = useState<Quote | null>(null);
  const [loading, setLoading] = useState(false);
  const [netPrice, setNetPrice] = useState('');
  const [check, setCheck] = useState<Output<'pricing.check'> | null>(null);
  const [reason, setReason] = useState('');
  const [last, setLast] = useState<{ customerId: number; productId: number; quantity: string; date: string } | null>(null);
  const canCheck = session?.permissions.includes('orders.write') ?? false;
  const canApprove = session?.permissions.includes('price.approve_below_floor') ?? false;
  const money = (v: number | null | undefined) => formatMoney(v, currency, locale);

  const run = async () => {
    const v = await form.validateFields();
    if (!v.customerId || !v.productId) return;
    const input = { customerId: v.customerId, productId: v.productId, quantity: v.quantity.trim(), date: v.date.format('YYYY-MM-DD') };
    setLoading(true);
    const r = await invoke('pricing.quote', input);
    setLoading(false);
    setCheck(null);
    if (!r.ok) {
      setQuote(null);
      void message.error(errorText(t, r.error));
      return;
    }
    setQuote(r.data);
    setLast(input);
  };

  const runCheck = async () => {
    const price = parseDecimalToMinor(netPrice, digits);
    if (price === null || !last) return void message.error(t('validation.money', { digits }));
    const r = await invoke('pricing.check', { ...last, netPrice: price });
    if (!r.ok) return void message.error(errorText(t, r.error));
    setCheck(r.data);
  };

  const approve = async () => {
    const price = parseDecimalToMinor(netPrice, digits);
    if (price === null || !last || !reason.trim()) return void message.error(t('validation.required', { field: t('pricing.approveReason') }));
    const r = await invoke('pricing.approve', { ...last, netPrice: price, reason: reason.trim() });
    if (!r.ok) return void message.error(errorText(t, r.error));
    void message.success(t('pricing.approved'));
    setReason('');
  };

  const validity = (from: string | null, to: string | null) =>
    `${from ? formatDate(from, locale) : t('pricing.openEnded')} – ${to ? formatDate(to, locale) : t('pricing.openEnded')}`;

  return (
    <div className="sd-page" data-testid="page-quote">
      <PageHeader title={t('pricing.quoteTitle')} subtitle={t('pricing.quoteSubtitle')} />
      <Card>
        <Form form={form} layout="inline" initialValues={{ quantity: '1', date: dayjs() }} onFinish={() => void run()} style={{ rowGap: 12 }}>
          <Form.Item name="customerId" label={t('pricing.customer')} rules={[{ required: true, message: t('validation.select', { field: t('pricing.customer') }) }]}>
            <CustomerSelect placeholder={t('pricing.searchCustomer')} style={{ width: 260 }} testId="quote-customer" />
          </Form.Item>
          <Form.Item name="productId" label={t('pricing.product')} rules={[{ required: true, message: t('validation.select', { field: t('pricing.product') }) }]}>
            <ProductSelect placeholder={t('pricing.searchProduct')} style={{ width: 260 }} testId="quote-product" />
          </Form.Item>
          <Form.Item name="quantity" label={t('pricing.quantity')} rules={[{ required: true, pattern: /^\d{1,9}(\.\d{1,3})?$/, message: t('pricing.quantity') }]}>
            <Input style={{ width: 100, textAlign: 'right' }} inputMode="decimal" data-testid="quote-quantity" />
          </Form.Item>
          <Form.Item name="date" label={t('pricing.date')} rules={[{ required: true }]}>
            <DatePicker allowClear={false} data-testid="quote-date" />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />} loading={loading} data-testid="quote-run">
              {t('pricing.run')}
            </Button>
          </Form.Item>
        </Form>
      </Card>

      {quote && (
        <div style={{ display: 'grid', gridTemplateColumns: 'minmax(320px, 2fr) 3fr', gap: 16, alignItems: 'start' }}>
          <Card title={t('pricing.result')} data-testid="quote-result">
            {quote.found ? (
              <div style={{ marginBottom: 16 }}>
                <div style={{ color: 'rgba(0,0,0,0.45)' }}>{t('pricing.unitPrice')}</div>
                <div className="sd-num" style={{ fontSize: 30, fontWeight: 600 }} data-testid="quote-price">
                  {money(quote.price)}
                  <span style={{ fontSize: 14, fontWeight: 400, color: 'rgba(0,0,0,0.45)' }}> / {quote.product.unit}</span>
                </div>
              </div>
            ) : (
              <Alert type="warning" showIcon title={t('pricing.noPrice')} style={{ marginBottom: 16 }} />
            )}
            <Descriptions column={1} size="small" bordered styles={{ label: { width: 120 } }}>
              <Descriptions.Item label={t('pricing.customer')}>
                {quote.customer.code} {quote.customer.name}
              </Descriptions.Item>
              <Descriptions.Item label={t('pricing.grade')}>
                <Tag color="blue">{quote.customer.grade}</Tag>
                {t(`pricing.channels.${quote.customer.type}`)}
              </Descriptions.Item>
              <Descriptions.Item label={t('pricing.product')}>
                {quote.product.sku} {quote.product.name}
              </Descriptions.Item>
              <Descriptions.Item label={t('pricing.quantity')}>
                <span className="sd-num">{quote.quantity}</span> {quote.product.unit} · {formatDate(quote.date, locale)}
              </Descriptions.Item>
              {quote.found && (
                <Descriptions.Item label={t('pricing.amount')}>
                  <span className="sd-num" data-testid="quote-amount">{money(quote.amount)}</span>
                </Descriptions.Item>
              )}
              {quote.list && (
                <Descriptions.Item label={t('pricing.usedList')}>
                  <Tag>{t(`pricing.kinds.${quote.list.kind}`)}</Tag>
                  {quote.list.code} {quote.list.name}
                </Descriptions.Item>
              )}
              {quote.item && (
                <Descriptions.Item label={t('pricing.usedItem')}>
                  #{quote.item.id} · {t('pricing.minQty')} {quote.item.minQty} · {validity(quote.item.validFrom, quote.item.validTo)}
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('pricing.listPrice')}>
                <span className="sd-num">{money(quote.product.listPrice)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('pricing.floorPrice')}>
                <span className="sd-num">{money(quote.product.floorPrice)}</span>
              </Descriptions.Item>
            </Descriptions>

            {canCheck && (
              <div style={{ marginTop: 20 }} data-testid="price-check">
                <Typography.Title level={5}>{t('pricing.check')}</Typography.Title>
                <Space.Compact>
                  <Input
                    style={{ width: 160, textAlign: 'right' }}
                    placeholder={t('pricing.netPrice')}
                    value={netPrice}
                    onChange={(e) => setNetPrice(e.target.value)}
                    onPressEnter={() => void runCheck()}
                    data-testid="check-net-price"
                  />
                  <Button onClick={() => void runCheck()} data-testid="check-run">
                    {t('pricing.checkRun')}
                  </Button>
                </Space.Compact>
                {check && (
                  <div style={{ marginTop: 12 }}>
                    <Alert
                      type={check.decision === 'allowed' ? 'success' : 'warning'}
                      showIcon
                      icon={check.decision === 'allowed' ? undefined : <WarningTwoTone twoToneColor="#faad14" />}
                      title={check.decision === 'allowed' ? t('pricing.allowed') : `${t('pricing.needsApproval')}：${check.fired.map((f) => t(`pricing.rules.${f}`)).join(t('common.sep'))}`}
                      description={
                        <span className="sd-num">
                          {t('pricing.discount')} {formatPercentBp(check.trace.discountBp, locale)} · {t('pricing.authority')} {formatPercentBp(check.trace.authorityBp, locale)} (
                          {t(`roles.${check.trace.authorityRole}` as 'roles.admin', { defaultValue: check.trace.authorityRole })}) · {t('pricing.floorPrice')} {money(check.trace.floorPrice)}
                        </span>
                      }
                      data-testid="check-result"
                    />
                    {check.decision === 'needs_approval' && canApprove && (
                      <Space.Compact style={{ marginTop: 8, width: '100%' }}>
                        <Input placeholder={t('pricing.approveReason')} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
                        <Button type="primary" onClick={() => void approve()}>
                          {t('pricing.approve')}
                        </Button>
                      </Space.Compact>
                    )}
                  </div>
                )}
              </div>
            )}
          </Card>

          <Card title={t('pricing.trace')} data-testid="quote-trace">
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: -4 }}>
              {t('pricing.traceHelp')}
            </Typography.Paragraph>
            {quote.trace.length === 0 ? (
              <Empty description={t('pricing.noPrice')} />
            ) : (
              <Timeline
                items={quote.trace.map((l, idx) => ({
                  key: l.listId,
                  icon: LIST_ICON[l.outcome],
                  content: (
                    <div data-testid={`trace-list-${idx}`}>
                      <div style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
                        <Tag>{t(`pricing.kinds.${l.kind}`)}</Tag>
                        <strong>
                          {l.listCode} {l.listName}
                        </strong>
                        <Tag color={LIST_COLOR[l.outcome]}>{t(`pricing.listOutcomes.${l.outcome}`)}</Tag>
                      </div>
                      {l.outcome !== 'not_needed' && l.outcome !== 'inactive' && (
                        l.items.length === 0 ? (
                          <Typography.Text type="secondary">{t('pricing.noItems')}</Typography.Text>
                        ) : (
                          <Table
                            size="small"
                            style={{ marginTop: 8 }}
                            pagination={false}
                            rowKey="itemId"
                            dataSource={l.items}
                            columns={[
                              { title: '#', dataIndex: 'itemId', width: 80 },
                              { title: t('pricing.minQty'), dataIndex: 'minQty', align: 'right', width: 90 },
                              { title: t('pricing.price'), dataIndex: 'price', align: 'right', width: 120, render: (v: number) => <span className="sd-num">{money(v)}</span> },
                              { title: `${t('pricing.validFrom')} – ${t('pricing.validTo')}`, key: 'validity', render: (_, i) => validity(i.validFrom, i.validTo) },
                              {
                                title: t('common.details'),
                                dataIndex: 'outcome',
                                render: (o: ListTrace['items'][number]['outcome']) => <Tag color={o === 'taken' ? 'green' : 'default'}>{t(`pricing.itemOutcomes.${o}`)}</Tag>,
                              },
                            ]}
                          />
                        )
                      )}
                    </div>
                  ),
                }))}
              />
            )}
          </Card>
        </div>
      )}
    </div>
  );
}

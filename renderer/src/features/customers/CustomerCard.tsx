/**
 * Customer card 客户资料卡 (customers.card): profile, grade with how it was computed, sales
 * totals, the monthly trend (bars: the last 12 months; line: the same months a year earlier),
 * top products, contacts, addresses and tags. Contacts and addresses are edited in place
 * (contacts.save / addresses.save). Later issues add orders, receivables and visits.
 */
import { EditOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Col, Descriptions, Drawer, Empty, Form, Input, Modal, Row, Select, Space, Spin, Statistic, Table, Tag } from 'antd';
import { LineChart } from 'echarts/charts';
import { use as registerCharts } from 'echarts/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Input as In, Output } from '../../../../shared/contract';
import type { AppErrorData } from '../../../../shared/result';
import { invoke } from '../../api/client';
import { useApp } from '../../app/AppContext';
import { type ChartOption, EChart } from '../../components/EChart';
import { applyIssuesToForm, errorText } from '../../errors';
import { formatDate, formatMoney, formatPercentBp } from '../../format';
import { currentLanguage, intlLocale } from '../../i18n';
import { daysText } from '../masterdata/checks';
import { CustomerCardActivity } from './CustomerCardActivity';

registerCharts([LineChart]);

type CardData = Output<'customers.card'>;

interface Basis {
  asOf: string;
  sales: number;
  rank: number;
  shareAboveBp: number;
  total: number;
}
const isBasis = (b: unknown): b is Basis =>
  typeof b === 'object' && b !== null && ['asOf', 'sales', 'rank', 'shareAboveBp', 'total'].every((k) => k in (b as Record<string, unknown>));

export function CustomerCardDrawer({ id, onClose }: { id: number; onClose: () => void }) {
  const { t } = useTranslation();
  const { currency, can } = useApp();
  const locale = intlLocale(currentLanguage());
  const [card, setCard] = useState<CardData | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [editing, setEditing] = useState<'contacts' | 'addresses' | null>(null);
  const money = useCallback((v: number | null | undefined) => formatMoney(v, currency, locale), [currency, locale]);

  const load = useCallback(async () => {
    const r = await invoke('customers.card', { id, months: 24 });
    if (r.ok) {
      setCard(r.data);
      setError(null);
    } else setError(r.error);
  }, [id]);

  useEffect(() => {
    void load();
  }, [load]);

  const trend = useMemo<ChartOption | null>(() => {
    if (!card) return null;
    const months = card.salesByMonth.slice(-12);
    const earlier = card.salesByMonth.slice(-24, -12);
    const major = (v: number) => v / 100;
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => money(Math.round(Number(v) * 100)) },
      legend: { top: 0, right: 0 },
      grid: { left: 8, right: 8, top: 32, bottom: 4, containLabel: true },
      xAxis: { type: 'category', data: months.map((m) => m.month) },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => new Intl.NumberFormat(locale, { notation: 'compact' }).format(v) } },
      series: [
        { name: t('masterdata.card.amount'), type: 'bar', barMaxWidth: 28, data: months.map((m) => major(m.amount)) },
        ...(earlier.length === 12 ? [{ name: t('masterdata.card.lastYear'), type: 'line', smooth: true, symbolSize: 5, data: earlier.map((m) => major(m.amount)) }] : []),
      ],
    };
  }, [card, money, locale, t]);

  const c = card?.customer;
  const yoy = card && card.totals.previous12 > 0 ? Math.round(((card.totals.trailing12 - card.totals.previous12) * 10_000) / card.totals.previous12) : null;
  const basis = c && isBasis(c.gradeBasis) ? c.gradeBasis : null;
  const canWrite = can('customers.write');

  return (
    <Drawer
      open
      size={Math.min(1080, window.innerWidth - 80)}
      onClose={onClose}
      title={
        c ? (
          <Space size={8} wrap>
            <span>{t('masterdata.card.title')}</span>
            <span style={{ fontWeight: 400, color: 'rgba(0,0,0,0.45)' }}>·</span>
            <span data-testid="card-name">{c.name}</span>
            <Tag>{c.code}</Tag>
          </Space>
        ) : (
          t('masterdata.card.title')
        )
      }
      destroyOnHidden
    >
      <div data-testid="customer-card">
        {error && <Alert type="error" showIcon title={errorText(t, error)} />}
        {!card && !error && <Spin style={{ display: 'block', margin: '48px auto' }} />}
        {card && c && (
          <>
            <Row gutter={[12, 12]} className="sd-card-section">
              <Col xs={12} md={6}>
                <Card size="small">
                  <Statistic
                    title={
                      <span>
                        {t('masterdata.card.trailing12')}
                        {yoy !== null && (
                          <span style={{ marginInlineStart: 8, color: yoy >= 0 ? '#389e0d' : '#cf1322' }} data-testid="card-yoy">
                            {t('masterdata.card.yoy')} {yoy >= 0 ? '+' : ''}
                            {formatPercentBp(yoy, locale)}
                          </span>
                        )}
                      </span>
                    }
                    value={money(card.totals.trailing12)}
                    className="sd-card-stat"
                    data-testid="card-trailing12"
                  />
                </Card>
              </Col>
              <Col xs={12} md={6}>
                <Card size="small">
                  <Statistic title={t('masterdata.card.previous12')} value={money(card.totals.previous12)} className="sd-card-stat" />
                </Card>
              </Col>
              <Col xs={12} md={6}>
                <Card size="small">
                  <Statistic title={t('masterdata.card.allTime')} value={money(card.totals.allTime)} className="sd-card-stat" />
                </Card>
              </Col>
              <Col xs={12} md={6}>
                <Card size="small">
                  <Statistic title={t('masterdata.card.lastSale')} value={card.totals.lastSaleDate ? formatDate(card.totals.lastSaleDate, locale) : t('common.none')} className="sd-card-stat" />
                </Card>
              </Col>
            </Row>

            <Row gutter={[12, 12]} className="sd-card-section">
              <Col xs={24} lg={14}>
                <Card size="small" title={t('masterdata.card.profile')}>
                  <Descriptions size="small" column={2} styles={{ label: { whiteSpace: 'nowrap' } }}>
                    <Descriptions.Item label={t('customers.code')}>{c.code}</Descriptions.Item>
                    <Descriptions.Item label={t('masterdata.customers.shortName')}>{c.shortName ?? t('common.none')}</Descriptions.Item>
                    <Descriptions.Item label={t('customers.type')}>{t(`customers.types.${c.type}`)}</Descriptions.Item>
                    <Descriptions.Item label={t('customers.region')}>{c.regionName ?? t('common.none')}</Descriptions.Item>
                    <Descriptions.Item label={t('customers.industry')}>{c.industry ?? t('common.none')}</Descriptions.Item>
                    <Descriptions.Item label={t('customers.owner')}>{c.ownerName ?? t('common.none')}</Descriptions.Item>
                    <Descriptions.Item label={t('customers.paymentTerms')}>{daysText(t, c.paymentTermsDays, locale)}</Descriptions.Item>
                    <Descriptions.Item label={t('customers.creditLimit')}>
                      <span className="sd-num">{money(c.creditLimit)}</span>
                    </Descriptions.Item>
                    <Descriptions.Item label={t('customers.creditStatus')}>
                      <span className={`sd-cell-tag ${c.creditStatus === 'hold' ? 'sd-cell-tag-hold' : 'sd-cell-tag-ok'}`}>{t(`customers.statuses.${c.creditStatus}`)}</span>
                    </Descriptions.Item>
                    <Descriptions.Item label={t('masterdata.card.createdAt')}>{formatDate(c.createdAt.slice(0, 10), locale)}</Descriptions.Item>
                    <Descriptions.Item label={t('masterdata.card.tags')} span={2}>
                      {c.tags.length ? c.tags.map((tag) => <Tag key={tag}>{tag}</Tag>) : <span style={{ color: 'rgba(0,0,0,0.45)' }}>{t('masterdata.card.noTags')}</span>}
                    </Descriptions.Item>
                    {c.notes && (
                      <Descriptions.Item label={t('masterdata.customers.notes')} span={2}>
                        {c.notes}
                      </Descriptions.Item>
                    )}
                  </Descriptions>
                </Card>
              </Col>
              <Col xs={24} lg={10}>
                <Card size="small" title={t('masterdata.card.grade')} data-testid="card-grade" style={{ height: '100%' }}>
                  <Space align="center" size={12} style={{ marginBottom: 8 }}>
                    <span style={{ fontSize: 32, fontWeight: 600, color: '#1677ff', lineHeight: 1 }}>{c.grade}</span>
                    {c.gradeManual && <Tag color="orange">{t('customers.gradeManual')}</Tag>}
                    {c.gradeComputed && (
                      <span style={{ color: 'rgba(0,0,0,0.45)' }}>
                        {t('masterdata.card.gradeComputed')}: {c.gradeComputed}
                      </span>
                    )}
                  </Space>
                  {c.gradeManual && <div style={{ color: 'rgba(0,0,0,0.65)', marginBottom: 6 }}>{t('masterdata.card.gradeManualNote')}</div>}
                  <div style={{ color: 'rgba(0,0,0,0.65)', lineHeight: 1.7 }}>
                    <div style={{ fontWeight: 500 }}>{t('masterdata.card.gradeBasis')}</div>
                    {basis
                      ? t('masterdata.card.gradeBasisText', {
                          asOf: formatDate(basis.asOf, locale),
                          sales: money(basis.sales),
                          rank: basis.rank,
                          share: formatPercentBp(basis.shareAboveBp, locale),
                          total: money(basis.total),
                        })
                      : c.gradeBasis
                        ? JSON.stringify(c.gradeBasis)
                        : t('masterdata.card.gradeNoBasis')}
                  </div>
                </Card>
              </Col>
            </Row>

            <Row gutter={[12, 12]} className="sd-card-section">
              <Col xs={24} lg={14}>
                <Card size="small" title={t('masterdata.card.salesTrend', { n: 12 })}>
                  {card.totals.allTime === 0 ? <Empty description={t('masterdata.card.noSales')} /> : trend && <EChart option={trend} height={260} testId="card-trend" />}
                </Card>
              </Col>
              <Col xs={24} lg={10}>
                <Card size="small" title={t('masterdata.card.topProducts')}>
                  <Table
                    size="small"
                    rowKey="productId"
                    pagination={false}
                    data-testid="card-top-products"
                    dataSource={card.topProducts}
                    locale={{ emptyText: t('masterdata.card.noSales') }}
                    columns={[
                      { title: t('masterdata.products.name'), dataIndex: 'name', ellipsis: true, render: (v: string, r) => <span title={`${r.sku} ${v}`}>{v}</span> },
                      { title: t('masterdata.card.amount'), dataIndex: 'amount', align: 'right', width: 120, render: (v: number) => <span className="sd-num">{money(v)}</span> },
                      { title: t('masterdata.card.share'), dataIndex: 'share', align: 'right', width: 72, render: (v: number) => <span className="sd-num">{formatPercentBp(v, locale)}</span> },
                    ]}
                  />
                </Card>
              </Col>
            </Row>

            <CustomerCardActivity customerId={id} />

            <Row gutter={[12, 12]}>
              <Col xs={24} lg={12}>
                <Card
                  size="small"
                  title={t('masterdata.card.contacts')}
                  extra={canWrite && <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setEditing('contacts')} data-testid="card-edit-contacts">{t('common.edit')}</Button>}
                >
                  <Table
                    size="small"
                    rowKey="id"
                    pagination={false}
                    dataSource={card.contacts}
                    locale={{ emptyText: t('masterdata.card.noContacts') }}
                    columns={[
                      {
                        title: t('masterdata.card.contactName'),
                        dataIndex: 'name',
                        render: (v: string, r) => (
                          <Space size={4}>
                            {v}
                            {r.isPrimary && <Tag color="blue">{t('masterdata.card.primary')}</Tag>}
                          </Space>
                        ),
                      },
                      { title: t('masterdata.card.contactTitle'), dataIndex: 'title', render: (v: string | null) => v ?? '' },
                      { title: t('masterdata.card.phone'), dataIndex: 'phone', render: (v: string | null) => <span className="sd-num">{v ?? ''}</span> },
                      { title: t('masterdata.card.email'), dataIndex: 'email', ellipsis: true, render: (v: string | null) => v ?? '' },
                    ]}
                  />
                </Card>
              </Col>
              <Col xs={24} lg={12}>
                <Card
                  size="small"
                  title={t('masterdata.card.addresses')}
                  extra={canWrite && <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setEditing('addresses')}>{t('common.edit')}</Button>}
                >
                  <Table
                    size="small"
                    rowKey="id"
                    pagination={false}
                    dataSource={card.addresses}
                    locale={{ emptyText: t('masterdata.card.noAddresses') }}
                    columns={[
                      {
                        title: t('masterdata.card.kind'),
                        dataIndex: 'kind',
                        width: 96,
                        render: (v: 'billing' | 'shipping', r) => (
                          <Space size={4}>
                            {t(`masterdata.card.kinds.${v}`)}
                            {r.isDefault && <Tag color="blue">{t('masterdata.card.isDefault')}</Tag>}
                          </Space>
                        ),
                      },
                      { title: t('masterdata.card.address'), dataIndex: 'address', render: (v: string, r) => [r.province, r.city, v].filter(Boolean).join(' ') },
                    ]}
                  />
                </Card>
              </Col>
            </Row>
          </>
        )}
      </div>
      {editing === 'contacts' && card && (
        <ContactsEditor
          customerId={id}
          initial={card.contacts}
          onClose={(saved) => {
            setEditing(null);
            if (saved) void load();
          }}
        />
      )}
      {editing === 'addresses' && card && (
        <AddressesEditor
          customerId={id}
          initial={card.addresses}
          onClose={(saved) => {
            setEditing(null);
            if (saved) void load();
          }}
        />
      )}
    </Drawer>
  );
}

type ContactsIn = In<'contacts.save'>['contacts'];
type AddressesIn = In<'addresses.save'>['addresses'];

function ContactsEditor({ customerId, initial, onClose }: { customerId: number; initial: CardData['contacts']; onClose: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ contacts: ContactsIn }>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    const r = await invoke('contacts.save', { customerId, contacts: v.contacts ?? [] });
    setBusy(false);
    if (r.ok) {
      void message.success(t('common.saved'));
      onClose(true);
    } else {
      applyIssuesToForm(form, t, r.error);
      void message.error(errorText(t, r.error));
    }
  };
  return (
    <Modal open title={t('masterdata.card.editContacts')} width={860} onOk={() => void submit()} onCancel={() => onClose(false)} confirmLoading={busy} okText={t('common.save')} cancelText={t('common.cancel')}>
      <Form form={form} initialValues={{ contacts: initial.map(({ id: _id, ...c }) => c) }} data-testid="contacts-form">
        <Form.List name="contacts">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" wrap>
                  <Form.Item name={[f.name, 'name']} rules={[{ required: true, whitespace: true, message: t('validation.required', { field: t('masterdata.card.contactName') }) }, { max: 50 }]}>
                    <Input placeholder={t('masterdata.card.contactName')} style={{ width: 130 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'title']} rules={[{ max: 50 }]}>
                    <Input placeholder={t('masterdata.card.contactTitle')} style={{ width: 120 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'phone']} rules={[{ max: 40 }, { pattern: /^[0-9+\-() #]*$/, message: t('masterdata.cellErrors.invalid') }]}>
                    <Input placeholder={t('masterdata.card.phone')} style={{ width: 150 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'email']} rules={[{ type: 'email', message: t('masterdata.cellErrors.invalid') }, { max: 120 }]}>
                    <Input placeholder={t('masterdata.card.email')} style={{ width: 190 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'isPrimary']} valuePropName="checked">
                    <Checkbox
                      onChange={(e) => {
                        if (!e.target.checked) return;
                        const all = (form.getFieldValue('contacts') as ContactsIn) ?? [];
                        form.setFieldValue('contacts', all.map((c, i) => ({ ...c, isPrimary: i === f.name })));
                      }}
                    >
                      {t('masterdata.card.primary')}
                    </Checkbox>
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(f.name)} aria-label={t('common.remove')} />
                </Space>
              ))}
              <Button type="dashed" onClick={() => add({ name: '', isPrimary: fields.length === 0 })} icon={<PlusOutlined />} block>
                {t('masterdata.card.addContact')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

function AddressesEditor({ customerId, initial, onClose }: { customerId: number; initial: CardData['addresses']; onClose: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ addresses: AddressesIn }>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    const r = await invoke('addresses.save', { customerId, addresses: v.addresses ?? [] });
    setBusy(false);
    if (r.ok) {
      void message.success(t('common.saved'));
      onClose(true);
    } else {
      applyIssuesToForm(form, t, r.error);
      void message.error(errorText(t, r.error));
    }
  };
  return (
    <Modal open title={t('masterdata.card.editAddresses')} width={900} onOk={() => void submit()} onCancel={() => onClose(false)} confirmLoading={busy} okText={t('common.save')} cancelText={t('common.cancel')}>
      <Form form={form} initialValues={{ addresses: initial.map(({ id: _id, ...a }) => a) }}>
        <Form.List name="addresses">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" wrap>
                  <Form.Item name={[f.name, 'kind']}>
                    <Select style={{ width: 110 }} options={(['shipping', 'billing'] as const).map((k) => ({ value: k, label: t(`masterdata.card.kinds.${k}`) }))} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'province']} rules={[{ max: 30 }]}>
                    <Input placeholder={t('masterdata.card.province')} style={{ width: 90 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'city']} rules={[{ max: 30 }]}>
                    <Input placeholder={t('masterdata.card.city')} style={{ width: 90 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'address']} rules={[{ required: true, whitespace: true, message: t('validation.required', { field: t('masterdata.card.address') }) }, { max: 300 }]}>
                    <Input placeholder={t('masterdata.card.address')} style={{ width: 300 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'postcode']} rules={[{ max: 12 }]}>
                    <Input placeholder={t('masterdata.card.postcode')} style={{ width: 90 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'isDefault']} valuePropName="checked">
                    <Checkbox
                      onChange={(e) => {
                        if (!e.target.checked) return;
                        const all = (form.getFieldValue('addresses') as AddressesIn) ?? [];
                        form.setFieldValue('addresses', all.map((a, i) => ({ ...a, isDefault: i === f.name })));
                      }}
                    >
                      {t('masterdata.card.isDefault')}
                    </Checkbox>
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(f.name)} aria-label={t('common.remove')} />
                </Space>
              ))}
              <Button type="dashed" onClick={() => add({ kind: 'shipping', address: '', isDefault: fields.length === 0 })} icon={<PlusOutlined />} block>
                {t('masterdata.card.addAddress')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}


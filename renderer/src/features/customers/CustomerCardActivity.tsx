/**
 * The customer card's activity section (customers.cardActivity, issue #4): credit position,
 * open receivables with days overdue, unsettled shipments, recent orders, contracts and a
 * distributor's regions. Refreshes when the customer changes (shipments emit customers.changed).
 */
import { Card, Col, Empty, Row, Statistic, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { Output } from '../../../../shared/contract';
import { invoke, onEvent } from '../../api/client';
import { useApp } from '../../app/AppContext';
import { formatDate, formatMoney } from '../../format';
import { currentLanguage, intlLocale } from '../../i18n';
import { useShipmentTexts } from '../shipments/texts';

type Activity = Output<'customers.cardActivity'>;

export function CustomerCardActivity({ customerId }: { customerId: number }) {
  const x = useShipmentTexts();
  const { currency, can } = useApp();
  const locale = intlLocale(currentLanguage());
  const money = (v: number | null | undefined) => formatMoney(v, currency, locale);
  const [a, setA] = useState<Activity | null>(null);

  const load = useCallback(async () => {
    const r = await invoke('customers.cardActivity', { id: customerId });
    if (r.ok) setA(r.data);
  }, [customerId]);
  useEffect(() => {
    void load();
    return onEvent((name, payload) => {
      if (name === 'customers.changed' && (payload as { ids: number[] }).ids.includes(customerId)) void load();
    });
  }, [load, customerId]);

  if (!a) return null;
  const showReceivables = can('receivables.read') || can('customers.read');
  const stat = (title: string, value: number, testId: string, color?: string) => (
    <Col xs={12} md={6} lg={4}>
      <Card size="small">
        <Statistic title={title} value={money(value)} className="sd-card-stat" data-testid={testId} styles={color ? { content: { color } } : undefined} />
      </Card>
    </Col>
  );
  return (
    <div className="sd-card-section" data-testid="card-activity">
      <Card size="small" title={x.card.credit} style={{ marginBottom: 12 }} extra={a.credit.fired.length ? a.credit.fired.map((f) => <Tag key={f} color="red">{(x.card.rules as Record<string, string>)[f] ?? f}</Tag>) : <Tag color="green">{x.card.pass}</Tag>}>
        <Row gutter={[12, 12]}>
          {stat(x.card.limit, a.credit.limitInForce, 'card-credit-limit')}
          {stat(x.card.exposure, a.credit.exposure, 'card-credit-exposure')}
          {stat(x.card.available, a.credit.available, 'card-credit-available', a.credit.available < 0 ? '#cf1322' : undefined)}
          {stat(x.card.openReceivables, a.totals.openInvoices, 'card-open-receivables')}
          {stat(x.card.unshipped, a.credit.unshippedOrders, 'card-unshipped')}
          {stat(x.card.overdue, a.totals.overdue, 'card-overdue', a.totals.overdue > 0 ? '#cf1322' : undefined)}
        </Row>
      </Card>
      {showReceivables && (
        <Card size="small" title={x.receivables.title} style={{ marginBottom: 12 }}>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={a.receivables}
            data-testid="card-receivables"
            locale={{ emptyText: x.receivables.none }}
            columns={[
              { title: x.receivables.number, dataIndex: 'number', render: (v: string) => <span className="sd-num">{v}</span> },
              { title: x.receivables.kind, dataIndex: 'kind', width: 96, render: (v: Activity['receivables'][number]['kind']) => x.receivables.kinds[v] },
              { title: x.col.number, dataIndex: 'shipmentNumber', render: (v: string | null) => <span className="sd-num">{v ?? ''}</span> },
              { title: x.receivables.date, dataIndex: 'date', width: 104, render: (v: string) => formatDate(v, locale) },
              { title: x.receivables.dueDate, dataIndex: 'dueDate', width: 104, render: (v: string) => formatDate(v, locale) },
              { title: x.receivables.amount, dataIndex: 'amount', align: 'right', render: (v: number) => <span className="sd-num">{money(v)}</span> },
              { title: x.receivables.balance, dataIndex: 'balance', align: 'right', render: (v: number) => <span className="sd-num">{money(v)}</span> },
              {
                title: x.receivables.daysOverdue,
                dataIndex: 'daysOverdue',
                align: 'right',
                width: 100,
                render: (v: number) => (v > 0 ? <Tag color={v > 30 ? 'red' : 'orange'}>{v}</Tag> : <span style={{ color: 'rgba(0,0,0,0.45)' }}>0</span>),
              },
            ]}
          />
        </Card>
      )}
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={x.card.orders}>
            {a.orders.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={x.card.noOrders} />
            ) : (
              <Table
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={a.orders}
                data-testid="card-orders"
                columns={[
                  { title: x.col.order, dataIndex: 'number', render: (v: string) => <span className="sd-num">{v}</span> },
                  { title: x.card.orderDate, dataIndex: 'orderDate', width: 104, render: (v: string) => formatDate(v, locale) },
                  { title: x.col.status, dataIndex: 'status', width: 112, render: (v: string) => (x.card.orderStatus as Record<string, string>)[v] ?? v },
                  { title: x.col.amount, dataIndex: 'amount', align: 'right', render: (v: number) => <span className="sd-num">{money(v)}</span> },
                ]}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={x.card.openShipments}>
            {a.openShipments.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={x.card.noShipments} />
            ) : (
              <Table
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={a.openShipments}
                data-testid="card-shipments"
                columns={[
                  {
                    title: x.col.number,
                    dataIndex: 'number',
                    render: (v: string, r) => (
                      <span className="sd-num">
                        {v} {r.crossRegion && <Tag color="red">{x.crossRegion}</Tag>}
                      </span>
                    ),
                  },
                  { title: x.col.date, dataIndex: 'date', width: 104, render: (v: string) => formatDate(v, locale) },
                  { title: x.col.amount, dataIndex: 'amount', align: 'right', render: (v: number) => <span className="sd-num">{money(v)}</span> },
                  { title: x.col.balance, dataIndex: 'receivableBalance', align: 'right', render: (v: number | null) => <span className="sd-num">{money(v)}</span> },
                ]}
              />
            )}
          </Card>
        </Col>
      </Row>
      {(a.contracts.length > 0 || a.distributorRegions.length > 0) && (
        <Card size="small" style={{ marginTop: 12 }} title={x.card.contracts}>
          {a.distributorRegions.length > 0 && (
            <div style={{ marginBottom: 8 }}>
              {x.card.regions}: {a.distributorRegions.map((r) => <Tag key={r}>{r}</Tag>)}
            </div>
          )}
          {a.contracts.map((k) => (
            <div key={k.id}>
              <span className="sd-num">{k.number}</span> {k.title ?? ''} · {money(k.amount)} · {x.contracts.statuses[k.status]}
            </div>
          ))}
        </Card>
      )}
    </div>
  );
}

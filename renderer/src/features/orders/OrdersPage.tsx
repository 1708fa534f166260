/**
 * Sales orders 销售订单: the orders grid (SheetGrid, infinite model over orders.list: paging,
 * sort and filter in SQL, read-only here) with status tags and right-aligned totals; a status
 * filter and a search in the toolbar; "open" and "new" lead to the order editor.
 */
import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import type { ColDef } from 'ag-grid-community';
import { Alert, Button, Input, Select, Tag } from 'antd';
import { useCallback, useMemo, useRef, useState } from 'react';
import type { AppErrorData } from '../../../../shared/result';
import type { PageRequest } from '../../../../shared/schemas/common';
import { ORDER_STATUSES, type OrderRow, type OrderStatusCode } from '../../../../shared/schemas/orders';
import { invoke } from '../../api/client';
import { useApp } from '../../app/AppContext';
import type { SheetColumn } from '../../components/grid/columns';
import { SheetGrid, type SheetGridHandle } from '../../components/grid/SheetGrid';
import { PageHeader } from '../../components/PageHeader';
import { errorText } from '../../errors';
import { formatDate, formatInteger } from '../../format';
import { currentLanguage, intlLocale } from '../../i18n';
import { useTranslation } from 'react-i18next';
import { OrderEditor } from './OrderEditor';
import { STATUS_COLOR } from './status';
import { fill, useOrderTexts } from './texts';

export function OrdersPage() {
  const { t } = useTranslation();
  const tx = useOrderTexts();
  const { currency, can } = useApp();
  const locale = intlLocale(currentLanguage());
  const loc = useMemo(() => ({ currency, locale }), [currency, locale]);
  const sheet = useRef<SheetGridHandle>(null);
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [status, setStatus] = useState<OrderStatusCode | undefined>();
  const [search, setSearch] = useState('');
  const filters = useRef({ status: undefined as OrderStatusCode | undefined, search: '' });

  const fetchPage = useCallback((req: PageRequest) => invoke('orders.list', req), []);
  const extraFilter = useCallback(() => {
    const f: PageRequest['filter'] = {};
    if (filters.current.status) f.status = { type: 'equals', value: filters.current.status };
    const s = filters.current.search.trim();
    if (s) f[/^[A-Za-z]{2}-?\d/.test(s) ? 'number' : 'customerName'] = { type: 'contains', value: s };
    return f;
  }, []);

  const columns = useMemo<SheetColumn<OrderRow>[]>(
    () => [
      { field: 'number', headerName: tx.col.number, kind: 'text', width: 150, pinned: 'left', filter: true },
      { field: 'orderDate', headerName: tx.col.orderDate, kind: 'text', width: 110, format: (v) => formatDate(String(v), locale) },
      { field: 'customerCode', headerName: tx.col.customerCode, kind: 'text', width: 110, filter: true },
      { field: 'customerName', headerName: tx.col.customerName, kind: 'text', flex: 1, minWidth: 180, filter: true },
      {
        field: 'status',
        headerName: tx.col.status,
        kind: 'enum',
        width: 100,
        options: ORDER_STATUSES.map((s) => ({ value: s, label: tx.status[s] })),
        cellRenderer: (p: { data?: OrderRow }) => (p.data ? <Tag color={STATUS_COLOR[p.data.status]}>{tx.status[p.data.status]}</Tag> : null),
      },
      { field: 'amount', headerName: tx.col.amount, kind: 'money', width: 140 },
      { field: 'shippedAmount', headerName: tx.col.shippedAmount, kind: 'money', width: 130 },
      { field: 'lineCount', headerName: tx.col.lineCount, kind: 'integer', width: 70, sortable: false },
      { field: 'repName', headerName: tx.col.repName, kind: 'text', width: 100, filter: true },
    ],
    [tx, locale],
  );

  const extraColumns = useMemo<ColDef<OrderRow>[]>(
    () => [
      {
        colId: 'open',
        headerName: '',
        width: 72,
        pinned: 'right',
        sortable: false,
        resizable: false,
        cellRenderer: (p: { data?: OrderRow }) =>
          p.data ? (
            <Button size="small" type="link" onClick={() => setEditing(p.data?.id ?? null)} data-testid={`open-order-${p.data.number}`}>
              {tx.open}
            </Button>
          ) : null,
      },
    ],
    [tx],
  );

  if (editing !== null) {
    return (
      <OrderEditor
        orderId={editing === 'new' ? null : editing}
        onBack={() => {
          setEditing(null);
        }}
      />
    );
  }

  return (
    <div className="sd-page sd-page-full" data-testid="page-orders">
      <PageHeader
        title={tx.title}
        subtitle={<span data-testid="orders-total">{total === null ? tx.subtitle : fill(tx.totalCount, { n: formatInteger(total, locale) })}</span>}
      />
      {error && <Alert type="error" showIcon title={errorText(t, error)} />}
      <SheetGrid<OrderRow>
        handleRef={sheet}
        gridKey="orders"
        testId="orders-grid"
        title={tx.title}
        columns={columns}
        extraColumns={extraColumns}
        keyField="number"
        keyPasteField="number"
        fetchPage={fetchPage}
        extraFilter={extraFilter}
        canEdit={false}
        loc={loc}
        onTotal={setTotal}
        onError={setError}
        toolbar={
          <>
            {can('orders.write') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="order-new">
                {tx.newOrder}
              </Button>
            )}
            <Select
              allowClear
              style={{ width: 130 }}
              placeholder={tx.col.status}
              value={status}
              data-testid="orders-status-filter"
              options={ORDER_STATUSES.map((s) => ({ value: s, label: tx.status[s] }))}
              onChange={(v: OrderStatusCode | undefined) => {
                setStatus(v);
                filters.current.status = v;
                sheet.current?.purge();
              }}
            />
            <Input
              allowClear
              prefix={<SearchOutlined />}
              placeholder={tx.searchPlaceholder}
              style={{ width: 220 }}
              value={search}
              onChange={(e) => {
                setSearch(e.target.value);
                if (!e.target.value) {
                  filters.current.search = '';
                  sheet.current?.purge();
                }
              }}
              onPressEnter={() => {
                filters.current.search = search;
                sheet.current?.purge();
              }}
              onBlur={() => {
                if (filters.current.search !== search) {
                  filters.current.search = search;
                  sheet.current?.purge();
                }
              }}
            />
          </>
        }
      />
    </div>
  );
}

/** 收款单: the receipts list (paged and sorted in SQL), a receipt's allocations, reverse and unallocate. */
import { ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, DatePicker, Descriptions, Drawer, Input, Select, Space, Table, Tag } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Input as In, Output } from '../../../../shared/contract';
import type { AppErrorData } from '../../../../shared/result';
import { RECEIPT_METHODS, type ReceiptMethodName } from '../../../../shared/schemas/receipts';
import { invoke } from '../../api/client';
import { useApp } from '../../app/AppContext';
import { errorText } from '../../errors';
import { formatDate, formatMoney } from '../../format';
import { currentLanguage, intlLocale } from '../../i18n';
import { fill, useReceiptTexts } from './texts';

type Row = Output<'receipts.list'>['rows'][number];
type Sort = NonNullable<In<'receipts.list'>['sort']>;

export function ReceiptsTab({ reloadKey, onAllocate }: { reloadKey: number; onAllocate: (customerId: number, receiptId: number) => void }) {
  const { t } = useTranslation();
  const x = useReceiptTexts();
  const { currency, can } = useApp();
  const locale = intlLocale(currentLanguage());
  const money = (v: number) => formatMoney(v, currency, locale);
  const [rows, setRows] = useState<Row[]>([]);
  const [total, setTotal] = useState(0);
  const [page, setPage] = useState(1);
  const [search, setSearch] = useState('');
  const [method, setMethod] = useState<ReceiptMethodName | undefined>();
  const [status, setStatus] = useState<'posted' | 'reversed' | undefined>();
  const [unallocatedOnly, setUnallocatedOnly] = useState(false);
  const [sort, setSort] = useState<Sort | undefined>();
  const [error, setError] = useState<AppErrorData | null>(null);
  const [loading, setLoading] = useState(false);
  const [open, setOpen] = useState<number | null>(null);
  const pageSize = 50;

  const load = useCallback(async () => {
    setLoading(true);
    const r = await invoke('receipts.list', { search: search || undefined, method, status, unallocatedOnly, sort, offset: (page - 1) * pageSize, limit: pageSize });
    setLoading(false);
    if (r.ok) {
      setRows(r.data.rows);
      setTotal(r.data.total);
      setError(null);
    } else setError(r.error);
  }, [search, method, status, unallocatedOnly, sort, page]);
  useEffect(() => {
    void reloadKey;
    void load();
  }, [load, reloadKey]);

  const sortOrder = (col: Sort['colId']) => (sort?.colId === col ? (sort.sort === 'asc' ? 'ascend' : 'descend') : null);
  const writable = can('receivables.write');
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={x.searchPlaceholder} style={{ width: 300 }} onSearch={(v) => { setPage(1); setSearch(v.trim()); }} data-testid="receipts-search" />
        <Select
          style={{ width: 130 }}
          value={method ?? ''}
          onChange={(v: string) => { setPage(1); setMethod(v === '' ? undefined : (v as ReceiptMethodName)); }}
          options={[{ value: '', label: x.allMethods }, ...RECEIPT_METHODS.map((m) => ({ value: m, label: x.method[m] }))]}
        />
        <Select
          style={{ width: 120 }}
          value={status ?? ''}
          onChange={(v: string) => { setPage(1); setStatus(v === '' ? undefined : (v as 'posted' | 'reversed')); }}
          options={[{ value: '', label: x.allStatuses }, { value: 'posted', label: x.status.posted }, { value: 'reversed', label: x.status.reversed }]}
        />
        <Checkbox checked={unallocatedOnly} onChange={(e) => { setPage(1); setUnallocatedOnly(e.target.checked); }}>{x.unallocatedOnly}</Checkbox>
        <Button icon={<ReloadOutlined />} onClick={() => void load()} aria-label={t('common.refresh')} />
      </Space>
      {error && <Alert type="error" showIcon title={errorText(t, error)} style={{ marginBottom: 12 }} />}
      <Table<Row>
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={rows}
        data-testid="receipts-table"
        scroll={{ x: 1080 }}
        onChange={(_p, _f, s) => {
          const one = (Array.isArray(s) ? s[0] : s) as SorterResult<Row> | undefined;
          setSort(one?.order ? { colId: one.columnKey as Sort['colId'], sort: one.order === 'ascend' ? 'asc' : 'desc' } : undefined);
        }}
        pagination={{ current: page, pageSize, total, showSizeChanger: false, showTotal: (n) => fill(x.totalCount, { n }), onChange: setPage }}
        columns={[
          { key: 'number', title: x.col.number, dataIndex: 'number', width: 150, sorter: true, sortOrder: sortOrder('number'), render: (v: string, r) => <Button type="link" size="small" className="sd-num rc-link" onClick={() => setOpen(r.id)}>{v}</Button> },
          { key: 'date', title: x.col.date, dataIndex: 'date', width: 110, sorter: true, sortOrder: sortOrder('date'), render: (v: string) => formatDate(v, locale) },
          { key: 'customerName', title: x.col.customer, dataIndex: 'customerName', sorter: true, sortOrder: sortOrder('customerName'), ellipsis: true },
          { key: 'method', title: x.col.method, dataIndex: 'method', width: 124, render: (v: ReceiptMethodName) => x.method[v] },
          { key: 'amount', title: x.col.amount, dataIndex: 'amount', width: 130, align: 'right', sorter: true, sortOrder: sortOrder('amount'), render: (v: number) => <span className="sd-num">{money(v)}</span> },
          { key: 'unallocated', title: x.col.unallocated, dataIndex: 'unallocated', width: 130, align: 'right', sorter: true, sortOrder: sortOrder('unallocated'), render: (v: number) => <span className="sd-num">{money(v)}</span> },
          { key: 'status', title: x.col.status, dataIndex: 'status', width: 90, render: (v: Row['status']) => <Tag color={v === 'posted' ? 'green' : 'default'}>{x.status[v]}</Tag> },
          { key: 'reference', title: x.col.reference, dataIndex: 'reference', ellipsis: true, render: (v: string | null) => v ?? '' },
          {
            key: 'actions',
            title: x.col.actions,
            width: 130,
            render: (_: unknown, r) => (
              <Space size={8}>
                {writable && r.status === 'posted' && r.unallocated > 0 && <Button type="link" size="small" className="rc-link" onClick={() => onAllocate(r.customerId, r.id)} data-testid={`receipt-allocate-${r.id}`}>{x.action.allocate}</Button>}
                <Button type="link" size="small" className="rc-link" onClick={() => setOpen(r.id)} data-testid={`receipt-open-${r.id}`}>{writable && r.status === 'posted' ? x.action.reverse : x.action.detail}</Button>
              </Space>
            ),
          },
        ]}
      />
      {open !== null && (
        <ReceiptDrawer
          id={open}
          onClose={(changed) => {
            setOpen(null);
            if (changed) void load();
          }}
        />
      )}
    </>
  );
}

type Detail = Output<'receipts.get'>;

export function ReceiptDrawer({ id, onClose }: { id: number; onClose: (changed: boolean) => void }) {
  const { t } = useTranslation();
  const x = useReceiptTexts();
  const { message, modal } = App.useApp();
  const { currency, can } = useApp();
  const locale = intlLocale(currentLanguage());
  const money = (v: number) => formatMoney(v, currency, locale);
  const [d, setD] = useState<Detail | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [changed, setChanged] = useState(false);

  const load = useCallback(async () => {
    const r = await invoke('receipts.get', { id });
    if (r.ok) setD(r.data);
    else setError(r.error);
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);

  const reverse = () => {
    if (!d) return;
    let reason = '';
    let date: Dayjs = dayjs();
    modal.confirm({
      title: fill(x.reverse.title, { number: d.number }),
      width: 480,
      content: (
        <Space direction="vertical" style={{ width: '100%' }}>
          <div style={{ color: 'rgba(0,0,0,0.65)' }}>{x.reverse.hint}</div>
          <DatePicker defaultValue={date} allowClear={false} onChange={(v) => { if (v) date = v; }} aria-label={x.reverse.date} />
          <Input placeholder={x.reverse.reason} maxLength={500} onChange={(e) => (reason = e.target.value)} data-testid="reverse-reason" />
        </Space>
      ),
      okText: x.action.reverse,
      okButtonProps: { danger: true, 'data-testid': 'reverse-ok' },
      cancelText: t('common.close'),
      onOk: async () => {
        const r = await invoke('receipts.reverse', { id: d.id, date: date.format('YYYY-MM-DD'), reason: reason.trim() });
        if (!r.ok) {
          void message.error(errorText(t, r.error));
          throw new Error('refused'); // keep the dialog open
        }
        void message.success(x.reverse.done);
        setChanged(true);
        setD(r.data);
      },
    });
  };

  const unallocate = (allocationId: number) => {
    let reason = '';
    modal.confirm({
      title: x.unallocate.title,
      content: (
        <Space direction="vertical" style={{ width: '100%' }}>
          <div style={{ color: 'rgba(0,0,0,0.65)' }}>{x.unallocate.hint}</div>
          <Input placeholder={x.unallocate.reason} maxLength={500} onChange={(e) => (reason = e.target.value)} />
        </Space>
      ),
      okText: x.action.unallocate,
      cancelText: t('common.close'),
      onOk: async () => {
        const r = await invoke('allocations.reverse', { ids: [allocationId], reason: reason.trim() });
        if (!r.ok) {
          void message.error(errorText(t, r.error));
          throw new Error('refused');
        }
        void message.success(x.unallocate.done);
        setChanged(true);
        await load();
      },
    });
  };

  const writable = can('receivables.write') && d?.status === 'posted';
  return (
    <Drawer open size={720} title={d ? `${x.col.number} ${d.number}` : ''} onClose={() => onClose(changed)} data-testid="receipt-drawer"
      extra={writable && <Button danger onClick={reverse} data-testid="receipt-reverse">{x.action.reverse}</Button>}>
      {error && <Alert type="error" showIcon title={errorText(t, error)} />}
      {d && (
        <>
          <Descriptions size="small" column={2} bordered styles={{ label: { whiteSpace: 'nowrap' } }}>
            <Descriptions.Item label={x.col.customer} span={2}>{`${d.customerCode} ${d.customerName}`}</Descriptions.Item>
            <Descriptions.Item label={x.col.date}>{formatDate(d.date, locale)}</Descriptions.Item>
            <Descriptions.Item label={x.col.method}>{x.method[d.method]}</Descriptions.Item>
            <Descriptions.Item label={x.col.amount}><span className="sd-num">{money(d.amount)}</span></Descriptions.Item>
            <Descriptions.Item label={x.col.unallocated}><span className="sd-num">{money(d.unallocated)}</span></Descriptions.Item>
            <Descriptions.Item label={x.col.status}>
              <Tag color={d.status === 'posted' ? 'green' : 'default'}>{x.status[d.status]}</Tag>
              {d.reversedOn && `${fill(x.detail.reversedOn, { date: formatDate(d.reversedOn, locale) })} · ${d.reverseReason ?? ''}`}
            </Descriptions.Item>
            <Descriptions.Item label={x.col.reference}>{d.reference ?? ''}</Descriptions.Item>
            {d.billMaturityDate && <Descriptions.Item label={x.form.billMaturityDate}>{`${formatDate(d.billMaturityDate, locale)} ${d.billNumber ?? ''}`}</Descriptions.Item>}
            {d.payerName && <Descriptions.Item label={x.form.payerName}>{d.payerName}</Descriptions.Item>}
            {d.bankLineId !== null && <Descriptions.Item label={x.detail.bankLine}>#{d.bankLineId}</Descriptions.Item>}
          </Descriptions>
          <h4 style={{ marginTop: 16 }}>{x.detail.allocations}</h4>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={d.allocations}
            locale={{ emptyText: x.detail.none }}
            data-testid="receipt-allocations"
            columns={[
              { title: x.col.receivable, dataIndex: 'receivableNumber', render: (v: string) => <span className="sd-num">{v}</span> },
              { title: x.col.date, dataIndex: 'date', width: 110, render: (v: string) => formatDate(v, locale) },
              { title: x.col.amount, dataIndex: 'amount', width: 130, align: 'right', render: (v: number) => <span className="sd-num">{money(v)}</span> },
              {
                title: x.col.status,
                dataIndex: 'reversedOn',
                width: 150,
                render: (v: string | null, a) =>
                  v ? <Tag>{fill(x.detail.reversedOn, { date: formatDate(v, locale) })}</Tag> : writable ? <Button type="link" size="small" className="rc-link" onClick={() => unallocate(a.id)}>{x.action.unallocate}</Button> : null,
              },
            ]}
          />
          {d.writeOffs.length > 0 && (
            <>
              <h4 style={{ marginTop: 16 }}>{x.detail.writeOffs}</h4>
              <Table
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={d.writeOffs}
                columns={[
                  { title: x.col.writeOff, dataIndex: 'number', render: (v: string) => <span className="sd-num">{v}</span> },
                  { title: x.col.receivable, dataIndex: 'receivableNumber', render: (v: string) => <span className="sd-num">{v}</span> },
                  { title: x.col.amount, dataIndex: 'amount', width: 110, align: 'right', render: (v: number) => <span className="sd-num">{money(v)}</span> },
                  { title: x.col.status, dataIndex: 'reversedOn', width: 150, render: (v: string | null) => (v ? <Tag>{fill(x.detail.reversedOn, { date: formatDate(v, locale) })}</Tag> : '') },
                ]}
              />
            </>
          )}
        </>
      )}
    </Drawer>
  );
}

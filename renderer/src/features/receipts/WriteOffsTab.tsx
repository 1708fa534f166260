/** 核销记录: write-offs (bad debt and small differences) with their reversal for writeoff.approve. */
import { Button, App, Checkbox, Input, Space, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../shared/contract';
import { invoke } from '../../api/client';
import { useApp } from '../../app/AppContext';
import { errorText } from '../../errors';
import { formatDate, formatMoney } from '../../format';
import { currentLanguage, intlLocale } from '../../i18n';
import { fill, useReceiptTexts } from './texts';

type Row = Output<'writeoffs.list'>['rows'][number];

export function WriteOffsTab({ reloadKey }: { reloadKey: number }) {
  const { t } = useTranslation();
  const x = useReceiptTexts();
  const { message, modal } = App.useApp();
  const { currency, can } = useApp();
  const locale = intlLocale(currentLanguage());
  const [rows, setRows] = useState<Row[]>([]);
  const [total, setTotal] = useState(0);
  const [page, setPage] = useState(1);
  const [includeReversed, setIncludeReversed] = useState(true);
  const pageSize = 50;
  const load = useCallback(async () => {
    const r = await invoke('writeoffs.list', { includeReversed, offset: (page - 1) * pageSize, limit: pageSize });
    if (r.ok) {
      setRows(r.data.rows);
      setTotal(r.data.total);
    } else void message.error(errorText(t, r.error));
  }, [includeReversed, page, message, t]);
  useEffect(() => {
    void reloadKey;
    void load();
  }, [load, reloadKey]);

  const reverse = (w: Row) => {
    let reason = '';
    modal.confirm({
      title: fill(x.writeOff.reverseTitle, { number: w.number }),
      content: <Input placeholder={x.writeOff.reason} maxLength={500} onChange={(e) => (reason = e.target.value)} />,
      okText: x.action.reverseWriteOff,
      cancelText: t('common.close'),
      onOk: async () => {
        const r = await invoke('writeoffs.reverse', { id: w.id, reason: reason.trim() });
        if (!r.ok) {
          void message.error(errorText(t, r.error));
          throw new Error('refused');
        }
        void message.success(x.writeOff.reversed);
        void load();
      },
    });
  };

  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Checkbox checked={includeReversed} onChange={(e) => { setPage(1); setIncludeReversed(e.target.checked); }}>{x.writeOff.includeReversed}</Checkbox>
      </Space>
      <Table<Row>
        size="small"
        rowKey="id"
        dataSource={rows}
        scroll={{ x: 1000 }}
        pagination={{ current: page, pageSize, total, showSizeChanger: false, onChange: setPage }}
        data-testid="writeoffs-table"
        columns={[
          { title: x.col.writeOff, dataIndex: 'number', width: 150, render: (v: string) => <span className="sd-num">{v}</span> },
          { title: x.col.date, dataIndex: 'date', width: 110, render: (v: string) => formatDate(v, locale) },
          { title: x.col.customer, dataIndex: 'customerName', ellipsis: true },
          { title: x.col.receivable, dataIndex: 'receivableNumber', width: 150, render: (v: string) => <span className="sd-num">{v}</span> },
          { title: x.col.kind, dataIndex: 'kind', width: 90, render: (v: Row['kind']) => <Tag color={v === 'bad_debt' ? 'red' : 'blue'}>{x.writeOff.kind[v]}</Tag> },
          { title: x.col.amount, dataIndex: 'amount', width: 120, align: 'right', render: (v: number) => <span className="sd-num">{formatMoney(v, currency, locale)}</span> },
          { title: x.col.reason, dataIndex: 'reason', ellipsis: true },
          {
            title: x.col.status,
            dataIndex: 'reversedOn',
            width: 150,
            render: (v: string | null, w) =>
              v ? <Tag>{fill(x.detail.reversedOn, { date: formatDate(v, locale) })}</Tag> : can('writeoff.approve') ? <Button type="link" size="small" className="rc-link" onClick={() => reverse(w)}>{x.action.reverseWriteOff}</Button> : '',
          },
        ]}
      />
    </>
  );
}

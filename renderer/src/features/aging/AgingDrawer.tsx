/**
 * The items behind an aging cell or chart bar (aging.items): number, customer, dates, days past
 * due, amount and the balance as of the date, paged on the server.
 */
import { Alert, Drawer, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../shared/contract';
import type { AppErrorData } from '../../../../shared/result';
import type { AgingGroupBy } from '../../../../shared/schemas/aging';
import { invoke } from '../../api/client';
import { errorText } from '../../errors';
import { formatDate, formatInteger } from '../../format';
import { bucketColors, bucketLabels, fill, useAgingTexts } from './texts';

export interface DrillTarget {
  asOf: string;
  groupBy: AgingGroupBy;
  /** Row key (null = 未分配); undefined = the totals row. */
  key: number | null | undefined;
  name: string;
  /** Column or bar label shown in the title. */
  cell: string;
  bucket: number | undefined;
  overdueOnly: boolean;
  search: string | undefined;
}

type Items = Output<'aging.items'>;
const PAGE = 100;

export function AgingDrawer({ target, onClose, money, locale }: { target: DrillTarget | null; onClose: () => void; money: (v: number) => string; locale: string }) {
  const { t } = useTranslation();
  const tx = useAgingTexts();
  const [data, setData] = useState<Items | null>(null);
  const [page, setPage] = useState(1);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    if (target) setPage(1);
  }, [target]);
  useEffect(() => {
    if (!target) return setData(null);
    let live = true;
    setLoading(true);
    void invoke('aging.items', {
      asOf: target.asOf,
      groupBy: target.groupBy,
      ...(target.key !== undefined && { key: target.key }),
      ...(target.bucket !== undefined && { bucket: target.bucket }),
      overdueOnly: target.overdueOnly,
      search: target.search,
      offset: (page - 1) * PAGE,
      limit: PAGE,
    }).then((r) => {
      if (!live) return;
      setLoading(false);
      if (r.ok) {
        setData(r.data);
        setError(null);
      } else setError(r.error);
    });
    return () => {
      live = false;
    };
  }, [target, page]);

  const labels = data ? bucketLabels(data.bounds, tx) : [];
  const colors = bucketColors(labels.length);
  return (
    <Drawer open={target !== null} onClose={onClose} size={1100} title={target ? fill(tx.drawer.title, { name: target.name, cell: target.cell }) : ''} destroyOnHidden>
      <div data-testid="aging-drawer">
        {error && <Alert type="error" showIcon title={errorText(t, error)} style={{ marginBottom: 12 }} />}
        {data && (
          <Typography.Paragraph data-testid="aging-drawer-summary">
            {fill(tx.drawer.summary, { date: formatDate(data.asOf, locale), n: formatInteger(data.total, locale), sum: money(data.sum) })}
          </Typography.Paragraph>
        )}
        <Table
          size="small"
          rowKey="id"
          loading={loading}
          dataSource={data?.rows ?? []}
          data-testid="aging-items"
          scroll={{ x: 1040 }}
          pagination={{ current: page, pageSize: PAGE, total: data?.total ?? 0, showSizeChanger: false, onChange: setPage }}
          columns={[
            {
              title: tx.drawer.col.number,
              dataIndex: 'number',
              width: 196,
              render: (v: string, r) => (
                <span className="sd-num" style={{ whiteSpace: 'nowrap' }}>
                  {v}
                  {r.kind === 'opening' && <Tag style={{ marginInlineStart: 4 }}>{tx.drawer.kind.opening}</Tag>}
                </span>
              ),
            },
            // Chinese company names wrap, never cut off.
            { title: tx.drawer.col.customer, dataIndex: 'customerName', render: (v: string) => <span style={{ wordBreak: 'break-all' }}>{v}</span> },
            { title: tx.drawer.col.date, dataIndex: 'date', width: 104, render: (v: string) => formatDate(v, locale) },
            { title: tx.drawer.col.dueDate, dataIndex: 'dueDate', width: 104, render: (v: string) => formatDate(v, locale) },
            {
              title: tx.drawer.col.daysPastDue,
              dataIndex: 'daysPastDue',
              align: 'right',
              width: 92,
              render: (v: number) => <span className="sd-num">{v > 0 ? formatInteger(v, locale) : tx.drawer.notDue}</span>,
            },
            { title: tx.drawer.col.amount, dataIndex: 'amount', align: 'right', width: 120, render: (v: number) => <span className="sd-num">{money(v)}</span> },
            { title: tx.drawer.col.balance, dataIndex: 'balance', align: 'right', width: 120, render: (v: number) => <span className="sd-num" style={{ fontWeight: 600 }}>{money(v)}</span> },
            {
              title: tx.drawer.col.bucket,
              dataIndex: 'bucket',
              width: 108,
              render: (b: number) => <Tag color={colors[b]} style={{ whiteSpace: 'nowrap' }}>{labels[b]}</Tag>,
            },
          ]}
        />
      </div>
    </Drawer>
  );
}

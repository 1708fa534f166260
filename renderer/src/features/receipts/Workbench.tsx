/**
 * 核销工作台: one customer's open items (editable 本次核销 column) beside their receipts and credit
 * notes with available amounts; running totals; FIFO fill, clear, 尾差 write-off, confirm.
 * Keyboard-first: Tab or Enter moves to the next amount, Ctrl+Enter confirms.
 */
import { Alert, App, Button, Checkbox, Empty, Input, Space, Table, Tag } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../shared/contract';
import type { AppErrorData } from '../../../../shared/result';
import { invoke } from '../../api/client';
import { useApp } from '../../app/AppContext';
import { errorText } from '../../errors';
import { formatDate, formatMoney } from '../../format';
import { currentLanguage, intlLocale } from '../../i18n';
import { CustomerSelect } from '../pricing/pickers';
import { fill, parseYuan, useReceiptTexts, yuanText } from './texts';
import { WriteOffDialog } from './WriteOffDialog';

type Data = Output<'receivables.openItems'>;
type Item = Data['items'][number];
type Credit = Data['credits'][number];
const keyOf = (c: { kind: string; id: number }) => `${c.kind}:${c.id}`;

export function Workbench({ customerId, sourceId, onCustomer, onPosted }: { customerId?: number; sourceId?: number; onCustomer: (id?: number) => void; onPosted: () => void }) {
  const { t } = useTranslation();
  const x = useReceiptTexts();
  const { message } = App.useApp();
  const { currency, can } = useApp();
  const locale = intlLocale(currentLanguage());
  const money = (v: number) => formatMoney(v, currency, locale);
  const [data, setData] = useState<Data | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [source, setSource] = useState<string | null>(null);
  const [amounts, setAmounts] = useState<Record<number, string>>({});
  const [diff, setDiff] = useState(false);
  const [busy, setBusy] = useState(false);
  const [writeOff, setWriteOff] = useState<Item | null>(null);
  const inputs = useRef(new Map<number, HTMLInputElement | null>());

  const load = useCallback(async () => {
    if (!customerId) {
      setData(null);
      return;
    }
    const r = await invoke('receivables.openItems', { customerId });
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setError(null);
    setData(r.data);
    setAmounts({});
    const wanted = r.data.credits.find((c) => c.kind === 'receipt' && c.id === sourceId) ?? r.data.credits[0];
    setSource(wanted ? keyOf(wanted) : null);
  }, [customerId, sourceId]);
  useEffect(() => {
    void load();
  }, [load]);

  const credit: Credit | undefined = data?.credits.find((c) => keyOf(c) === source);
  const parsed = useMemo(() => Object.fromEntries(Object.entries(amounts).map(([k, v]) => [k, parseYuan(v)])) as Record<string, number | null>, [amounts]);
  const allocated = Object.values(parsed).reduce<number>((a, v) => a + (v ?? 0), 0);
  const available = credit?.available ?? 0;
  const badItem = data?.items.find((i) => {
    const v = parsed[i.id];
    return v === null || (v !== undefined && v > i.balance);
  });
  const leftOnItems = (data?.items ?? []).reduce((a, i) => {
    const v = parsed[i.id] ?? 0;
    return v > 0 ? a + i.balance - v : a;
  }, 0);
  const over = allocated > available;
  const canConfirm = !!credit && allocated > 0 && !over && !badItem && !busy;

  /** Fills oldest due first (items come sorted by due date, date, id) up to what the source has. */
  const fifo = () => {
    if (!data || !credit) return;
    let left = credit.available;
    const next: Record<number, string> = {};
    for (const i of data.items) {
      if (left <= 0) break;
      if (i.date > credit.date) continue; // the server refuses paying an item before it was issued (unless settings allow)
      const a = Math.min(left, i.balance);
      next[i.id] = yuanText(a);
      left -= a;
    }
    setAmounts(next);
  };

  const confirm = async () => {
    if (!credit || !canConfirm) return;
    setBusy(true);
    const lines = Object.entries(parsed)
      .filter(([, v]) => (v ?? 0) > 0)
      .map(([k, v]) => ({ receivableId: Number(k), amount: v as number }));
    const r = await invoke('receipts.allocate', { source: { kind: credit.kind, id: credit.id }, mode: 'manual', lines, writeOffDifference: diff });
    setBusy(false);
    if (!r.ok) {
      void message.error(errorText(t, r.error));
      return;
    }
    const wo = r.data.writeOffs.reduce((a, w) => a + w.amount, 0);
    void message.success(wo > 0 ? fill(x.bench.doneWithWriteOff, { allocated: money(r.data.allocated), writeOff: money(wo) }) : fill(x.bench.done, { allocated: money(r.data.allocated) }));
    onPosted();
    await load();
  };

  const focusNext = (id: number) => {
    const ids = (data?.items ?? []).map((i) => i.id);
    const next = ids[ids.indexOf(id) + 1];
    if (next !== undefined) inputs.current.get(next)?.focus();
  };

  const tolerance = data?.tolerance ?? 0;
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: Ctrl+Enter anywhere in the workbench confirms.
    <div
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          void confirm();
        }
      }}
      data-testid="workbench"
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <span>{x.bench.pickCustomer}</span>
        <CustomerSelect value={customerId} onChange={(v) => onCustomer(v)} placeholder={x.bench.customerPlaceholder} style={{ width: 320 }} testId="bench-customer" />
        {data && (
          <span style={{ color: 'rgba(0,0,0,0.65)' }}>
            {x.bench.totalOpen} <b className="sd-num">{money(data.totals.open)}</b> · {x.bench.totalOverdue} <b className="sd-num" style={{ color: '#cf1322' }}>{money(data.totals.overdue)}</b>
          </span>
        )}
      </Space>
      {error && <Alert type="error" showIcon title={errorText(t, error)} style={{ marginBottom: 12 }} />}
      {!data ? (
        <Empty description={x.bench.empty} />
      ) : (
        <>
          <div className="rc-totals" data-testid="bench-totals">
            {[
              [x.bench.available, available, ''],
              [x.bench.allocated, allocated, ''],
              [x.bench.remaining, available - allocated, over ? '#cf1322' : ''],
              [x.bench.difference, leftOnItems, ''],
            ].map(([label, v, color]) => (
              <div key={label as string} className="rc-total">
                <div className="rc-total-label">{label}</div>
                <div className="rc-total-value sd-num" style={{ color: (color as string) || undefined }}>{money(v as number)}</div>
              </div>
            ))}
            <Space wrap style={{ marginLeft: 'auto' }}>
              <Button onClick={fifo} disabled={!credit} data-testid="bench-fifo">{x.bench.fifo}</Button>
              <Button onClick={() => setAmounts({})} data-testid="bench-clear">{x.bench.clear}</Button>
              <Checkbox checked={diff} disabled={tolerance === 0} onChange={(e) => setDiff(e.target.checked)} data-testid="bench-diff">
                {tolerance === 0 ? x.bench.toleranceOff : fill(x.bench.tolerance, { tolerance: money(tolerance) })}
              </Checkbox>
              <Button type="primary" disabled={!canConfirm} loading={busy} onClick={() => void confirm()} data-testid="bench-confirm">{x.bench.confirm}</Button>
            </Space>
          </div>
          {over && <Alert type="warning" showIcon style={{ marginBottom: 8 }} title={fill(x.bench.overSource, { allocated: money(allocated), available: money(available) })} />}
          {badItem && <Alert type="warning" showIcon style={{ marginBottom: 8 }} title={fill(x.bench.overItem, { number: badItem.number })} />}
          <div className="rc-bench">
            <div className="rc-bench-items">
              <h4>{x.bench.openItems}</h4>
              <Table<Item>
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={data.items}
                scroll={{ y: 460 }}
                locale={{ emptyText: x.bench.noItems }}
                data-testid="bench-items"
                columns={[
                  { title: x.col.receivable, dataIndex: 'number', width: 150, render: (v: string) => <span className="sd-num">{v}</span> },
                  { title: x.col.date, dataIndex: 'date', width: 104, render: (v: string) => formatDate(v, locale) },
                  { title: x.col.dueDate, dataIndex: 'dueDate', width: 104, render: (v: string) => formatDate(v, locale) },
                  { title: x.col.overdue, dataIndex: 'daysOverdue', width: 104, align: 'right', render: (v: number) => (v > 0 ? <Tag color={v > 90 ? 'red' : 'orange'}>{v}</Tag> : '') },
                  { title: x.col.balance, dataIndex: 'balance', width: 124, align: 'right', render: (v: number) => <span className="sd-num">{money(v)}</span> },
                  {
                    title: x.col.thisTime,
                    key: 'amount',
                    width: 136,
                    render: (_: unknown, i) => (
                      <Input
                        size="small"
                        className="sd-num"
                        style={{ textAlign: 'right' }}
                        status={parsed[i.id] === null || (parsed[i.id] ?? 0) > i.balance ? 'error' : undefined}
                        value={amounts[i.id] ?? ''}
                        ref={(el) => { inputs.current.set(i.id, el?.input ?? null); }}
                        onChange={(e) => setAmounts((a) => ({ ...a, [i.id]: e.target.value }))}
                        onDoubleClick={() => setAmounts((a) => ({ ...a, [i.id]: yuanText(Math.min(i.balance, Math.max(0, available - allocated + (parsed[i.id] ?? 0)))) }))}
                        onKeyDown={(e) => {
                          if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey) {
                            e.preventDefault();
                            focusNext(i.id);
                          }
                        }}
                        data-testid={`bench-amount-${i.number}`}
                      />
                    ),
                  },
                  ...(can('writeoff.approve')
                    ? [{ title: '', key: 'wo', width: 90, render: (_: unknown, i: Item) => <Button type="link" size="small" className="rc-link" onClick={() => setWriteOff(i)} data-testid={`bench-writeoff-${i.number}`}>{x.action.writeOff}</Button> }]
                    : []),
                ]}
              />
            </div>
            <div className="rc-bench-credits">
              <h4>{x.bench.credits}</h4>
              <Table<Credit>
                size="small"
                rowKey={keyOf}
                pagination={false}
                dataSource={data.credits}
                locale={{ emptyText: x.bench.noCredits }}
                rowSelection={{ type: 'radio', selectedRowKeys: source ? [source] : [], onChange: (keys) => { setSource(String(keys[0] ?? '')); setAmounts({}); } }}
                onRow={(c) => ({ onClick: () => { setSource(keyOf(c)); setAmounts({}); }, style: { cursor: 'pointer' } })}
                data-testid="bench-credits"
                columns={[
                  {
                    title: x.col.source,
                    dataIndex: 'number',
                    render: (v: string, c) => (
                      <div style={{ lineHeight: 1.3 }}>
                        <div className="sd-num">{v}</div>
                        <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.5)', whiteSpace: 'nowrap' }}>
                          {c.kind === 'receipt' ? (c.method ? x.method[c.method] : x.bench.receiptKind) : x.bench.creditNoteKind} · {formatDate(c.date, locale)}
                        </div>
                      </div>
                    ),
                  },
                  { title: x.col.available, dataIndex: 'available', width: 124, align: 'right', render: (v: number) => <span className="sd-num">{money(v)}</span> },
                ]}
              />
              {!credit && data.credits.length > 0 && <div style={{ marginTop: 8, color: 'rgba(0,0,0,0.5)' }}>{x.bench.selectSource}</div>}
              <div style={{ marginTop: 12, fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>{x.bench.confirmHint}</div>
            </div>
          </div>
        </>
      )}
      {writeOff && (
        <WriteOffDialog
          item={writeOff}
          onClose={(done) => {
            setWriteOff(null);
            if (done) {
              onPosted();
              void load();
            }
          }}
        />
      )}
    </div>
  );
}

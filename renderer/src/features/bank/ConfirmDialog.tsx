/**
 * 修改: confirm a bank line by hand — pick (or keep) the customer, edit the allocation to each
 * open invoice with a running total; what is not allocated stays on the receipt as 预收.
 */
import { Alert, App, Button, Input, Modal, Select, Space, Table } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../shared/contract';
import type { AppErrorData } from '../../../../shared/result';
import type { BankLineRow } from '../../../../shared/schemas/bank';
import { invoke } from '../../api/client';
import { useApp } from '../../app/AppContext';
import { errorText } from '../../errors';
import { formatDate, formatMoney, minorToDecimalString, parseDecimalToMinor } from '../../format';
import { currentLanguage, intlLocale } from '../../i18n';
import { fill, useBankTexts } from './texts';

type Item = Output<'receivables.listByCustomer'>['rows'][number];
type CustomerOption = { value: number; label: string };

/**
 * Remote customer search (code prefix or name) that always shows the proposed customer by name,
 * even when it is not among the first results.
 */
function CustomerPicker({ value, initial, onChange, placeholder }: { value?: number; initial: CustomerOption | null; onChange: (id?: number) => void; placeholder: string }) {
  const [options, setOptions] = useState<CustomerOption[]>(initial ? [initial] : []);
  const seq = useRef(0);
  const search = useCallback(
    async (text: string) => {
      const n = ++seq.current;
      const v = text.trim().slice(0, 200);
      const calls = v
        ? [invoke('customers.list', { limit: 20, filter: { code: { type: 'startsWith', value: v } } }), invoke('customers.list', { limit: 20, filter: { name: { type: 'contains', value: v } } })]
        : [invoke('customers.list', { limit: 20, sort: [{ colId: 'code', sort: 'asc' }] })];
      const found = new Map<number, CustomerOption>(initial ? [[initial.value, initial]] : []);
      for (const r of await Promise.all(calls)) if (r.ok) for (const c of r.data.rows) found.set(c.id, { value: c.id, label: `${c.code} ${c.name}` });
      if (n === seq.current) setOptions([...found.values()]);
    },
    [initial],
  );
  useEffect(() => {
    void search('');
  }, [search]);
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: (t) => void search(t) }}
      value={value}
      placeholder={placeholder}
      style={{ width: 360 }}
      data-testid="bank-edit-customer"
      onChange={(v: number | undefined) => onChange(v)}
      options={options}
    />
  );
}

export function ConfirmDialog({ line, onClose }: { line: BankLineRow; onClose: (done: boolean) => void }) {
  const { t } = useTranslation();
  const x = useBankTexts();
  const { message } = App.useApp();
  const { currency } = useApp();
  const locale = intlLocale(currentLanguage());
  const money = (v: number) => formatMoney(v, currency, locale);
  const [customerId, setCustomerId] = useState<number | undefined>(line.customerId ?? undefined);
  const initialCustomer = useMemo(() => (line.customerId && line.customerName ? { value: line.customerId, label: line.customerName } : null), [line]);
  const [items, setItems] = useState<Item[]>([]);
  // Allocation per receivable as the clerk typed it (major units), parsed exactly to 分.
  const [typed, setTyped] = useState<Record<number, string>>({});
  const [error, setError] = useState<AppErrorData | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setItems([]);
    if (!customerId) return;
    void invoke('receivables.listByCustomer', { customerId, openOnly: true, limit: 500 }).then((r) => {
      if (!r.ok) return setError(r.error);
      const open = r.data.rows.filter((i) => i.kind !== 'credit_note' && i.balance > 0).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id - b.id));
      setItems(open);
      // Start from the proposal when it is for this customer.
      const init: Record<number, string> = {};
      if (customerId === line.customerId) for (const p of line.items) init[p.receivableId] = minorToDecimalString(p.amount, 2);
      setTyped(init);
    });
  }, [customerId, line]);

  const parsed = useMemo(() => {
    const out: { receivableId: number; amount: number }[] = [];
    let bad = false;
    for (const it of items) {
      const s = typed[it.id]?.trim();
      if (!s) continue;
      const v = parseDecimalToMinor(s, 2);
      if (v === null || v > it.balance) bad = true;
      else if (v > 0) out.push({ receivableId: it.id, amount: v });
    }
    return { lines: out, bad, total: out.reduce((a, l) => a + l.amount, 0) };
  }, [items, typed]);
  const over = parsed.total > line.amount;

  const fifo = () => {
    let left = line.amount;
    const next: Record<number, string> = {};
    for (const it of items) {
      if (left <= 0) break;
      const a = Math.min(left, it.balance);
      next[it.id] = minorToDecimalString(a, 2);
      left -= a;
    }
    setTyped(next);
  };

  async function confirm() {
    if (!customerId) return;
    setBusy(true);
    const r = await invoke('bank.confirm', { lineId: line.id, customerId, allocations: parsed.lines });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    message.success(fill(x.confirmed, { number: r.data.receiptNumber }));
    onClose(true);
  }

  return (
    <Modal
      open
      width={860}
      title={fill(x.edit.title, { date: formatDate(line.date, locale), payer: line.payerName ?? '', amount: money(line.amount) })}
      onCancel={() => onClose(false)}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={() => onClose(false)}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} disabled={!customerId || parsed.bad || over} onClick={() => void confirm()} data-testid="bank-edit-ok">
            {x.edit.ok}
          </Button>
        </Space>
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }} size={12}>
        {error && <Alert type="error" showIcon title={error.code === 'VALIDATION' ? error.message : errorText(t, error)} />}
        <Space wrap>
          <span>{x.edit.customer}</span>
          <CustomerPicker value={customerId} initial={initialCustomer} onChange={setCustomerId} placeholder={x.edit.pickCustomer} />
        </Space>
        {customerId && items.length === 0 && <Alert type="info" showIcon title={x.edit.noItems} />}
        {items.length > 0 && (
          <>
            <Space>
              <Button size="small" onClick={fifo}>
                {x.edit.fifo}
              </Button>
              <Button size="small" onClick={() => setTyped({})}>
                {x.edit.clear}
              </Button>
            </Space>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              scroll={{ y: 300 }}
              dataSource={items}
              data-testid="bank-edit-items"
              columns={[
                { title: x.edit.number, dataIndex: 'number', width: 170, render: (v: string) => <span className="sd-num">{v}</span> },
                { title: x.edit.date, dataIndex: 'date', width: 110, render: (v: string) => formatDate(v, locale) },
                { title: x.edit.due, dataIndex: 'dueDate', width: 110, render: (v: string) => formatDate(v, locale) },
                { title: x.edit.balance, dataIndex: 'balance', width: 140, align: 'right', render: (v: number) => <span className="sd-num">{money(v)}</span> },
                {
                  title: x.edit.allocate,
                  dataIndex: 'id',
                  width: 160,
                  align: 'right',
                  render: (id: number, it: Item) => {
                    const s = typed[id] ?? '';
                    const v = s.trim() ? parseDecimalToMinor(s, 2) : 0;
                    return (
                      <Input
                        size="small"
                        inputMode="decimal"
                        maxLength={20}
                        style={{ textAlign: 'right' }}
                        status={v === null || (v ?? 0) > it.balance ? 'error' : undefined}
                        value={s}
                        onChange={(e) => setTyped((m) => ({ ...m, [id]: e.target.value }))}
                      />
                    );
                  },
                },
              ]}
            />
          </>
        )}
        <Space size={24} style={{ justifyContent: 'flex-end', width: '100%' }} data-testid="bank-edit-totals">
          <span>
            {x.edit.total}: <strong className="sd-num">{money(parsed.total)}</strong>
          </span>
          <span>
            {x.edit.rest}: <strong className="sd-num">{money(Math.max(0, line.amount - parsed.total))}</strong>
          </span>
        </Space>
        {over && <Alert type="error" showIcon title={x.edit.over} />}
      </Space>
    </Modal>
  );
}

/**
 * 登记收款: records a receipt (acceptance bills with their maturity date) and optionally allocates
 * it at once oldest due first (with the 尾差 write-off), or leaves it for the workbench.
 */
import { App, Checkbox, DatePicker, Form, Input, Modal, Radio, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RECEIPT_METHODS, type ReceiptMethodName } from '../../../../shared/schemas/receipts';
import { invoke } from '../../api/client';
import { useApp } from '../../app/AppContext';
import { applyIssuesToForm, errorText } from '../../errors';
import { formatMoney } from '../../format';
import { currentLanguage, intlLocale } from '../../i18n';
import { CustomerSelect } from '../pricing/pickers';
import { fill, parseYuan, useReceiptTexts } from './texts';

interface Values {
  customerId: number;
  date: Dayjs;
  amount: string;
  method: ReceiptMethodName;
  billNumber?: string;
  billMaturityDate?: Dayjs;
  reference?: string;
  payerName?: string;
  notes?: string;
  allocate: 'fifo' | 'manual' | 'later';
  writeOffDifference: boolean;
}

export function ReceiptDialog({ tolerance, onClose }: { tolerance: number; onClose: (posted: null | { customerId: number; receiptId: number; manual: boolean }) => void }) {
  const { t } = useTranslation();
  const x = useReceiptTexts();
  const { message } = App.useApp();
  const { currency } = useApp();
  const locale = intlLocale(currentLanguage());
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const method = Form.useWatch('method', form);
  const allocate = Form.useWatch('allocate', form);

  const submit = async (v: Values) => {
    const amount = parseYuan(v.amount);
    if (amount === null || amount <= 0) return;
    setSaving(true);
    const r = await invoke('receipts.create', {
      customerId: v.customerId,
      date: v.date.format('YYYY-MM-DD'),
      amount,
      method: v.method,
      billNumber: v.method === 'acceptance_bill' ? v.billNumber?.trim() || undefined : undefined,
      billMaturityDate: v.method === 'acceptance_bill' ? v.billMaturityDate?.format('YYYY-MM-DD') : undefined,
      reference: v.reference?.trim() || undefined,
      payerName: v.payerName?.trim() || undefined,
      notes: v.notes?.trim() || undefined,
      allocate: v.allocate === 'fifo' ? { mode: 'fifo', writeOffDifference: v.writeOffDifference } : undefined,
    });
    setSaving(false);
    if (!r.ok) {
      applyIssuesToForm(form, t, r.error);
      void message.error(errorText(t, r.error));
      return;
    }
    const allocated = r.data.allocation?.allocated ?? 0;
    void message.success(allocated > 0 ? fill(x.createdAllocated, { number: r.data.receipt.number, allocated: formatMoney(allocated, currency, locale) }) : fill(x.created, { number: r.data.receipt.number }));
    onClose({ customerId: v.customerId, receiptId: r.data.receipt.id, manual: v.allocate === 'manual' });
  };

  return (
    <Modal
      open
      title={x.newReceipt}
      width={620}
      okText={x.newReceipt}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={() => onClose(null)}
      cancelText={t('common.close')}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'receipt-save' }}
    >
      <Form<Values>
        form={form}
        layout="horizontal"
        labelCol={{ flex: '150px' }}
        labelWrap
        className="rc-form"
        wrapperCol={{ flex: 1 }}
        initialValues={{ date: dayjs(), method: 'bank_transfer', allocate: 'fifo', writeOffDifference: false }}
        onFinish={(v) => void submit(v)}
        data-testid="receipt-form"
      >
        <Form.Item name="customerId" label={x.form.customer} rules={[{ required: true, message: x.form.required }]}>
          <CustomerSelect placeholder={x.bench.customerPlaceholder} testId="receipt-customer" />
        </Form.Item>
        <Form.Item name="date" label={x.form.date} rules={[{ required: true, message: x.form.required }]}>
          <DatePicker allowClear={false} style={{ width: 180 }} />
        </Form.Item>
        <Form.Item
          name="amount"
          label={x.form.amount}
          rules={[
            { required: true, message: x.form.required },
            { validator: async (_, v: string) => { const n = parseYuan(v ?? ''); if (n === null || n <= 0) throw new Error(x.form.amountInvalid); } },
          ]}
        >
          <Input inputMode="decimal" style={{ width: 180, textAlign: 'right' }} className="sd-num" data-testid="receipt-amount" />
        </Form.Item>
        <Form.Item name="method" label={x.form.method}>
          <Select style={{ width: 180 }} options={RECEIPT_METHODS.map((m) => ({ value: m, label: x.method[m] }))} data-testid="receipt-method" />
        </Form.Item>
        {method === 'acceptance_bill' && (
          <>
            <Form.Item name="billNumber" label={x.form.billNumber}>
              <Input maxLength={60} style={{ width: 260 }} />
            </Form.Item>
            <Form.Item
              name="billMaturityDate"
              label={x.form.billMaturityDate}
              dependencies={['date']}
              rules={[
                { required: true, message: x.form.required },
                ({ getFieldValue }) => ({
                  validator: async (_, v: Dayjs | undefined) => {
                    const d = getFieldValue('date') as Dayjs | undefined;
                    if (v && d && v.isBefore(d, 'day')) throw new Error(x.form.maturityBeforeDate);
                  },
                }),
              ]}
            >
              <DatePicker style={{ width: 180 }} data-testid="receipt-maturity" />
            </Form.Item>
          </>
        )}
        <Form.Item name="reference" label={x.form.reference}>
          <Input maxLength={200} data-testid="receipt-reference" />
        </Form.Item>
        <Form.Item name="payerName" label={x.form.payerName}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="notes" label={x.form.notes}>
          <Input.TextArea maxLength={500} autoSize={{ minRows: 1, maxRows: 3 }} />
        </Form.Item>
        <Form.Item name="allocate" label={x.form.allocateNow}>
          <Radio.Group
            data-testid="receipt-allocate"
            style={{ display: 'flex', flexDirection: 'column', gap: 4, paddingTop: 5 }}
            options={[
              { value: 'fifo', label: x.form.allocateFifo },
              { value: 'manual', label: x.form.allocateManual },
              { value: 'later', label: x.form.allocateLater },
            ]}
          />
        </Form.Item>
        {allocate === 'fifo' && (
          <Form.Item name="writeOffDifference" valuePropName="checked" label=" " colon={false}>
            <Checkbox disabled={tolerance === 0} data-testid="receipt-writeoff-diff">
              {tolerance === 0 ? x.bench.toleranceOff : fill(x.form.writeOffDifference, { tolerance: formatMoney(tolerance, currency, locale) })}
            </Checkbox>
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

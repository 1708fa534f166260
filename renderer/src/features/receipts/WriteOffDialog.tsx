/** 坏账核销: writes off part or all of one receivable's balance (writeoff.approve; reason required). */
import { App, DatePicker, Form, Input, Modal } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { invoke } from '../../api/client';
import { useApp } from '../../app/AppContext';
import { applyIssuesToForm, errorText } from '../../errors';
import { formatMoney } from '../../format';
import { currentLanguage, intlLocale } from '../../i18n';
import { fill, parseYuan, useReceiptTexts, yuanText } from './texts';

export function WriteOffDialog({ item, onClose }: { item: { id: number; number: string; balance: number }; onClose: (done: boolean) => void }) {
  const { t } = useTranslation();
  const x = useReceiptTexts();
  const { message } = App.useApp();
  const { currency } = useApp();
  const locale = intlLocale(currentLanguage());
  const [form] = Form.useForm<{ amount: string; date: Dayjs; reason: string }>();
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open
      title={fill(x.writeOff.title, { number: item.number })}
      okText={x.action.writeOff}
      okButtonProps={{ danger: true, 'data-testid': 'writeoff-ok' }}
      confirmLoading={busy}
      cancelText={t('common.close')}
      onCancel={() => onClose(false)}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <p style={{ color: 'rgba(0,0,0,0.65)' }}>{fill(x.writeOff.hint, { balance: formatMoney(item.balance, currency, locale) })}</p>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ amount: yuanText(item.balance), date: dayjs() }}
        onFinish={async (v) => {
          const amount = parseYuan(v.amount);
          if (amount === null || amount <= 0) return;
          setBusy(true);
          const r = await invoke('writeoffs.create', { receivableId: item.id, amount, date: v.date.format('YYYY-MM-DD'), reason: v.reason.trim() });
          setBusy(false);
          if (!r.ok) {
            applyIssuesToForm(form, t, r.error);
            void message.error(errorText(t, r.error));
            return;
          }
          void message.success(fill(x.writeOff.done, { number: r.data.number }));
          onClose(true);
        }}
      >
        <Form.Item
          name="amount"
          label={x.writeOff.amount}
          rules={[{ validator: async (_, v: string) => { const n = parseYuan(v ?? ''); if (n === null || n <= 0) throw new Error(x.form.amountInvalid); } }]}
        >
          <Input className="sd-num" style={{ width: 200, textAlign: 'right' }} data-testid="writeoff-amount" />
        </Form.Item>
        <Form.Item name="date" label={x.writeOff.date}>
          <DatePicker allowClear={false} />
        </Form.Item>
        <Form.Item name="reason" label={x.writeOff.reason} rules={[{ required: true, whitespace: true, message: x.form.required }]}>
          <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 4 }} data-testid="writeoff-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

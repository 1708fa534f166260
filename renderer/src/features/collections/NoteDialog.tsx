/** The 'log contact' dialog: date, channel, what was said, and an optional promise to pay. */
import { App, DatePicker, Form, Input, Modal, Radio } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { COLLECTION_CHANNELS, type CollectionChannel } from '../../../../shared/schemas/collections';
import { invoke } from '../../api/client';
import { useApp } from '../../app/AppContext';
import { errorText } from '../../errors';
import { minorDigits, parseDecimalToMinor } from '../../format';
import { fill, useCollectionsTexts } from './texts';

interface Values {
  date: Dayjs;
  channel: CollectionChannel;
  note: string;
  promiseDate?: Dayjs | null;
  promiseAmount?: string;
}

export function NoteDialog({ customer, onClose, onSaved }: { customer: { id: number; name: string }; onClose: () => void; onSaved: () => void }) {
  const tx = useCollectionsTexts();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { currency } = useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const digits = minorDigits(currency);

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    const amount = v.promiseAmount?.trim() ? parseDecimalToMinor(v.promiseAmount, digits) : null;
    const r = await invoke('collections.addNote', {
      customerId: customer.id,
      date: v.date.format('YYYY-MM-DD'),
      channel: v.channel,
      note: v.note,
      ...(v.promiseDate ? { promiseDate: v.promiseDate.format('YYYY-MM-DD') } : {}),
      ...(amount ? { promiseAmount: amount } : {}),
    });
    setBusy(false);
    if (!r.ok) {
      message.error(errorText(t, r.error));
      return;
    }
    message.success(tx.note.saved);
    onSaved();
  };

  return (
    <Modal open title={fill(tx.note.title, { customer: customer.name })} onCancel={onClose} onOk={submit} confirmLoading={busy} width={560} destroyOnHidden>
      <div data-testid="note-dialog">
      <Form form={form} layout="vertical" initialValues={{ date: dayjs(), channel: 'phone' }} requiredMark={false}>
        <Form.Item name="date" label={tx.note.date} rules={[{ required: true, message: tx.note.required }]}>
          <DatePicker allowClear={false} disabledDate={(d) => d.isAfter(dayjs(), 'day')} data-testid="note-date" />
        </Form.Item>
        <Form.Item name="channel" label={tx.note.channel}>
          <Radio.Group optionType="button" size="small" options={COLLECTION_CHANNELS.map((c) => ({ value: c, label: tx.channel[c] }))} />
        </Form.Item>
        <Form.Item name="note" label={tx.note.note} rules={[{ required: true, whitespace: true, message: tx.note.required }]}>
          <Input.TextArea rows={3} maxLength={1000} showCount placeholder={tx.note.notePlaceholder} data-testid="note-text" />
        </Form.Item>
        <div style={{ display: 'flex', gap: 12 }}>
          <Form.Item
            name="promiseDate"
            label={tx.note.promiseDate}
            style={{ flex: 1 }}
            dependencies={['date', 'promiseAmount']}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_, value: Dayjs | null | undefined) => {
                  const d = getFieldValue('date') as Dayjs | undefined;
                  if (value && d && value.isBefore(d, 'day')) return Promise.reject(new Error(tx.note.badPromiseDate));
                  if (!value && String(getFieldValue('promiseAmount') ?? '').trim()) return Promise.reject(new Error(tx.note.required));
                  return Promise.resolve();
                },
              }),
            ]}
          >
            <DatePicker style={{ width: '100%' }} data-testid="note-promise-date" />
          </Form.Item>
          <Form.Item
            name="promiseAmount"
            label={tx.note.promiseAmount}
            style={{ flex: 1 }}
            rules={[{ validator: (_, v: string | undefined) => (!v?.trim() || (parseDecimalToMinor(v, digits) ?? 0) > 0 ? Promise.resolve() : Promise.reject(new Error(tx.note.badAmount))) }]}
          >
            <Input inputMode="decimal" style={{ textAlign: 'right' }} data-testid="note-promise-amount" />
          </Form.Item>
        </div>
        <div style={{ color: 'rgba(0,0,0,0.45)', fontSize: 12, marginTop: -8 }}>{tx.note.promiseHint}</div>
      </Form>
      </div>
    </Modal>
  );
}

/** New customer: the form mirrors customers.create; server issues land next to their fields. */
import { Alert, App, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../shared/contract';
import { CUSTOMER_TYPES } from '../../../../shared/schemas/customers';
import { invoke } from '../../api/client';
import { useApp } from '../../app/AppContext';
import { applyIssuesToForm, errorText } from '../../errors';
import { minorDigits, parseDecimalToMinor } from '../../format';
import { integerRule, requiredText } from '../forms';

interface Values {
  code: string;
  name: string;
  type: (typeof CUSTOMER_TYPES)[number];
  regionId?: number;
  industry?: string;
  paymentTermsDays: number;
  creditLimit?: string;
  tags?: string[];
}

export function CustomerCreateDialog({ regions, canCredit, onClose }: { regions: Output<'regions.list'>; canCredit: boolean; onClose: (created: boolean) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { currency } = useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const digits = minorDigits(currency);

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    const r = await invoke('customers.create', {
      code: v.code.trim(),
      name: v.name.trim(),
      type: v.type,
      regionId: v.regionId ?? null,
      industry: v.industry?.trim() || null,
      paymentTermsDays: v.paymentTermsDays,
      ...(canCredit && v.creditLimit ? { creditLimit: parseDecimalToMinor(v.creditLimit, digits) ?? 0 } : {}),
      tags: v.tags ?? [],
    });
    setBusy(false);
    if (r.ok) {
      void message.success(t('masterdata.customers.created'));
      onClose(true);
      return;
    }
    if (r.error.code === 'CONFLICT') {
      form.setFields([{ name: 'code', errors: [errorText(t, r.error)] }]);
      return;
    }
    const rest = applyIssuesToForm(form, t, r.error);
    setFailure(rest.length || r.error.code !== 'VALIDATION' ? errorText(t, r.error) : null);
  };

  return (
    <Modal
      open
      title={t('masterdata.customers.create')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={() => onClose(false)}
      destroyOnHidden
      width={560}
    >
      <Form<Values> form={form} layout="vertical" initialValues={{ type: 'direct', paymentTermsDays: 30 }} data-testid="customer-create-form" requiredMark>
        {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 12 }} />}
        <div style={{ display: 'grid', gridTemplateColumns: '1fr 2fr', gap: '0 12px' }}>
          <Form.Item name="code" label={t('customers.code')} rules={requiredText(t, t('customers.code'), 32)}>
            <Input autoFocus maxLength={32} />
          </Form.Item>
          <Form.Item name="name" label={t('customers.name')} rules={requiredText(t, t('customers.name'), 200)}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="type" label={t('customers.type')}>
            <Select options={CUSTOMER_TYPES.map((v) => ({ value: v, label: t(`customers.types.${v}`) }))} />
          </Form.Item>
          <Form.Item name="regionId" label={t('customers.region')}>
            <Select allowClear options={regions.map((r) => ({ value: r.id, label: r.name }))} />
          </Form.Item>
          <Form.Item name="paymentTermsDays" label={t('customers.paymentTerms')} rules={[integerRule(t, 0, 3650)]}>
            <InputNumber min={0} max={3650} precision={0} style={{ width: '100%' }} addonAfter={t('common.days')} />
          </Form.Item>
          <Form.Item name="industry" label={t('customers.industry')} rules={[{ max: 50, message: t('validation.maxLength', { field: t('customers.industry'), max: 50 }) }]}>
            <Input maxLength={50} />
          </Form.Item>
          {canCredit && (
            <Form.Item
              name="creditLimit"
              label={t('customers.creditLimit')}
              rules={[{ validator: (_r, v: string | undefined) => (!v || parseDecimalToMinor(v, digits) !== null ? Promise.resolve() : Promise.reject(new Error(t('validation.money', { digits })))) }]}
            >
              <Input inputMode="decimal" placeholder="0.00" />
            </Form.Item>
          )}
          <Form.Item name="tags" label={t('masterdata.card.tags')} style={{ gridColumn: canCredit ? undefined : '1 / span 2' }}>
            <Select mode="tags" maxCount={20} tokenSeparators={[',', '，']} />
          </Form.Item>
        </div>
        {!canCredit && <div style={{ color: 'rgba(0,0,0,0.45)', fontSize: 12 }}>{t('masterdata.customers.ownerHint')}</div>}
      </Form>
    </Modal>
  );
}

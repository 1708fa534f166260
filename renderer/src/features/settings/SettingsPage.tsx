/**
 * Settings 系统设置 over settings.get / settings.update. Amounts are typed in major units (元)
 * and converted to integer minor units exactly; percentages become basis points exactly.
 * Only the keys that changed are sent; server VALIDATION issues are shown on the fields.
 */
import { DeleteOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Form, Input, InputNumber, Row, Select, Skeleton, Space, Switch } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Input as In } from '../../../../shared/contract';
import { ROLES, type Role } from '../../../../shared/permissions';
import type { AppErrorData } from '../../../../shared/result';
import type { Settings } from '../../../../shared/schemas/settings';
import { invoke } from '../../api/client';
import { useApp } from '../../app/AppContext';
import { PageHeader } from '../../components/PageHeader';
import { applyIssuesToForm, errorText, issueText, type Issue } from '../../errors';
import { bpToPercentString, currencySymbol, minorDigits, minorToDecimalString, parseDecimalToMinor, parsePercentToBp } from '../../format';
import { currentLanguage, intlLocale } from '../../i18n';
import { integerRule, monthOptions, requiredText } from '../forms';

type Patch = In<'settings.update'>['patch'];

interface SettingsForm {
  companyName: string;
  currency: string;
  timeZone: string;
  fiscalYearStartMonth: number;
  agingBuckets: (number | null)[];
  creditGraceDays: number | null;
  overdueAmountThreshold: string;
  discountAuthorityBp: Record<Role, string | null>;
  followUpDays: { A: number | null; B: number | null; C: number | null };
  lostCustomerDays: number | null;
  abcThresholdsBp: { a: string | null; b: string | null };
  sessionIdleMinutes: number | null;
  writeOffTolerance: string;
  allowReceiptBeforeInvoice: boolean;
  dunningLevelDays: (number | null)[];
  reason: string;
}

export function toForm(s: Settings): SettingsForm {
  const digits = minorDigits(s.currency);
  return {
    companyName: s.companyName,
    currency: s.currency,
    timeZone: s.timeZone,
    fiscalYearStartMonth: s.fiscalYearStartMonth,
    agingBuckets: [...s.agingBuckets],
    creditGraceDays: s.creditGraceDays,
    overdueAmountThreshold: s.overdueAmountThreshold === null ? '' : minorToDecimalString(s.overdueAmountThreshold, digits),
    discountAuthorityBp: Object.fromEntries(ROLES.map((r) => [r, bpToPercentString(s.discountAuthorityBp[r])])) as Record<Role, string>,
    followUpDays: { ...s.followUpDays },
    lostCustomerDays: s.lostCustomerDays,
    abcThresholdsBp: { a: bpToPercentString(s.abcThresholdsBp.a), b: bpToPercentString(s.abcThresholdsBp.b) },
    sessionIdleMinutes: s.sessionIdleMinutes,
    writeOffTolerance: minorToDecimalString(s.writeOffTolerance, digits),
    allowReceiptBeforeInvoice: s.allowReceiptBeforeInvoice,
    dunningLevelDays: [...s.dunningLevelDays],
    reason: '',
  };
}

/** Form values (already validated) → the settings they stand for, in the contract's units. */
export function fromForm(v: SettingsForm, currency: string): Omit<Settings, 'currency'> {
  const digits = minorDigits(currency);
  const pct = (x: string | null) => parsePercentToBp(String(x ?? '')) ?? 0;
  return {
    companyName: v.companyName.trim(),
    timeZone: v.timeZone,
    fiscalYearStartMonth: v.fiscalYearStartMonth,
    agingBuckets: v.agingBuckets.map((n) => Number(n)),
    creditGraceDays: Number(v.creditGraceDays),
    overdueAmountThreshold: v.overdueAmountThreshold.trim() === '' ? null : parseDecimalToMinor(v.overdueAmountThreshold, digits),
    discountAuthorityBp: Object.fromEntries(ROLES.map((r) => [r, pct(v.discountAuthorityBp[r])])) as Record<Role, number>,
    followUpDays: { A: Number(v.followUpDays.A), B: Number(v.followUpDays.B), C: Number(v.followUpDays.C) },
    lostCustomerDays: Number(v.lostCustomerDays),
    abcThresholdsBp: { a: pct(v.abcThresholdsBp.a), b: pct(v.abcThresholdsBp.b) },
    sessionIdleMinutes: Number(v.sessionIdleMinutes),
    writeOffTolerance: parseDecimalToMinor(v.writeOffTolerance.trim() || '0', digits) ?? 0,
    allowReceiptBeforeInvoice: v.allowReceiptBeforeInvoice,
    dunningLevelDays: v.dunningLevelDays.map((n) => Number(n)),
  };
}

/** Only the keys whose value differs from what was loaded. */
export function diffPatch(before: Settings, after: Omit<Settings, 'currency'>): Patch {
  const patch: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(after)) {
    if (JSON.stringify(before[k as keyof Settings]) !== JSON.stringify(v)) patch[k] = v;
  }
  return patch as Patch;
}

function timeZones(current: string): string[] {
  let zones: string[] = [];
  try {
    zones = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  } catch {
    zones = [];
  }
  if (!zones.includes(current)) zones = [current, ...zones];
  if (!zones.includes('Asia/Shanghai')) zones = ['Asia/Shanghai', ...zones];
  return zones;
}

export function SettingsPage() {
  const { t } = useTranslation();
  const app = useApp();
  const { message } = App.useApp();
  const [form] = Form.useForm<SettingsForm>();
  const [loaded, setLoaded] = useState<Settings | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [otherIssues, setOtherIssues] = useState<Issue[]>([]);
  const [busy, setBusy] = useState(false);
  const canEdit = app.can('settings.manage');
  const locale = intlLocale(currentLanguage());

  const load = useCallback(async () => {
    const r = await invoke('settings.get', {});
    if (r.ok) {
      setLoaded(r.data);
      form.setFieldsValue(toForm(r.data));
    } else setError(r.error);
  }, [form]);

  useEffect(() => {
    void load();
  }, [load]);

  const currency = loaded?.currency ?? 'CNY';
  const digits = minorDigits(currency);
  const zoneOptions = useMemo(() => timeZones(loaded?.timeZone ?? 'Asia/Shanghai').map((z) => ({ value: z, label: z })), [loaded?.timeZone]);

  const save = async () => {
    if (!loaded) return;
    setError(null);
    setOtherIssues([]);
    const v = await form.validateFields().catch(() => null);
    if (!v) {
      void message.error(t('settings.fixErrors'));
      return;
    }
    const patch = diffPatch(loaded, fromForm(v, currency));
    if (Object.keys(patch).length === 0) {
      void message.info(t('settings.noChanges'));
      return;
    }
    setBusy(true);
    const reason = v.reason?.trim();
    const r = await invoke('settings.update', reason ? { patch, reason } : { patch });
    setBusy(false);
    if (r.ok) {
      setLoaded(r.data);
      form.setFieldsValue(toForm(r.data));
      void app.refreshSettings();
      void message.success(t('settings.saved'));
      return;
    }
    if (r.error.code === 'VALIDATION') {
      const rest = applyIssuesToForm(form, t, r.error, (path) => {
        const p = path[0] === 'patch' ? path.slice(1) : path;
        if (p[0] === 'abcThresholdsBp' && p.length === 1) return ['abcThresholdsBp', 'b'];
        if ((p[0] === 'agingBuckets' || p[0] === 'dunningLevelDays') && p.length === 1) return [p[0], 0];
        return p.map((x) => (/^\d+$/.test(x) ? Number(x) : x));
      });
      setOtherIssues(rest);
      if (rest.length === 0) {
        void message.error(t('settings.fixErrors'));
        return;
      }
    }
    setError(r.error);
  };

  const pctInput = (
    <InputNumber<string> stringMode min="0" max="100" step="1" suffix="%" style={{ width: '100%' }} disabled={!canEdit} />
  );
  const pctRule = {
    validator: (_r: unknown, v: unknown) =>
      v !== null && v !== undefined && v !== '' && parsePercentToBp(String(v)) !== null ? Promise.resolve() : Promise.reject(new Error(t('validation.percentRange'))),
  };
  const moneyRule = {
    validator: (_r: unknown, v: string | undefined) =>
      !v?.trim() || parseDecimalToMinor(v, digits) !== null
        ? Promise.resolve()
        : Promise.reject(new Error(digits ? t('validation.money', { digits }) : t('validation.moneyNoDecimals'))),
  };
  const moneyPrefix = <span style={{ color: 'rgba(0,0,0,0.45)' }}>{currencySymbol(currency, locale)}</span>;
  const daysInput = (max = 3650) => <InputNumber<number> min={0} max={max} precision={0} suffix={t('common.days')} style={{ width: '100%' }} disabled={!canEdit} />;

  return (
    <div className="sd-page sd-page-narrow" data-testid="page-settings">
      <PageHeader
        title={t('settings.title')}
        subtitle={t('settings.subtitle')}
        extra={
          canEdit && (
            <Button type="primary" icon={<SaveOutlined />} loading={busy} onClick={() => void save()} disabled={!loaded} data-testid="settings-save">
              {t('settings.save')}
            </Button>
          )
        }
      />
      {!canEdit && <Alert type="info" showIcon title={t('settings.readOnly')} />}
      {error && (
        <Alert
          type="error"
          showIcon
          title={errorText(t, error)}
          description={otherIssues.length ? otherIssues.map((i) => `${i.path.join('.')}: ${issueText(t, i)}`).join('\n') : undefined}
          data-testid="settings-error"
        />
      )}
      {!loaded && !error && <Skeleton active paragraph={{ rows: 12 }} />}
      <Form<SettingsForm> form={form} layout="vertical" className="sd-settings-form" style={{ display: loaded ? undefined : 'none' }} data-testid="settings-form">
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Card title={t('settings.company')}>
            <Row gutter={24}>
              <Col xs={24} md={12}>
                <Form.Item name="companyName" label={t('settings.companyName')} rules={requiredText(t, t('settings.companyName'), 100)}>
                  <Input maxLength={100} disabled={!canEdit} data-testid="settings-companyName" />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="currency" label={t('settings.currency')} extra={t('settings.currencyReadOnly')}>
                  <Select disabled options={[{ value: currency, label: t(`currencies.${currency as 'CNY'}`, { defaultValue: currency }) }]} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="timeZone" label={t('settings.timeZone')} rules={[{ required: true, message: t('validation.select', { field: t('settings.timeZone') }) }]}>
                  <Select showSearch options={zoneOptions} disabled={!canEdit} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="fiscalYearStartMonth" label={t('settings.fiscalYearStartMonth')} rules={[{ required: true }]}>
                  <Select options={monthOptions(t)} disabled={!canEdit} />
                </Form.Item>
              </Col>
            </Row>
          </Card>

          <Card title={t('settings.credit')}>
            <Row gutter={24}>
              <Col xs={24} lg={12}>
                <Form.Item label={t('settings.agingBuckets')} extra={t('settings.agingHelp')} required>
                  <DaysListField name="agingBuckets" max={10} disabled={!canEdit} addLabel={t('settings.addBucket')} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12} lg={6}>
                <Form.Item name="creditGraceDays" label={t('settings.creditGraceDays')} extra={t('settings.creditGraceHelp')} rules={[integerRule(t, 0, 3650)]}>
                  {daysInput()}
                </Form.Item>
              </Col>
              <Col xs={24} md={12} lg={6}>
                <Form.Item
                  name="overdueAmountThreshold"
                  label={t('settings.overdueAmountThreshold')}
                  extra={t('settings.overdueAmountHelp')}
                  rules={[moneyRule]}
                >
                  <Input
                    prefix={moneyPrefix}
                    placeholder={t('settings.overdueAmountOff')}
                    inputMode="decimal"
                    allowClear
                    disabled={!canEdit}
                    data-testid="settings-overdueAmountThreshold"
                  />
                </Form.Item>
              </Col>
            </Row>
          </Card>

          <Row gutter={16}>
            <Col xs={24} lg={12}>
              <Card title={t('settings.pricing')} style={{ height: '100%' }}>
                <div style={{ color: 'rgba(0,0,0,0.45)', marginBottom: 12 }}>{t('settings.discountHelp')}</div>
                <Row gutter={16}>
                  {ROLES.map((r) => (
                    <Col xs={12} key={r}>
                      <Form.Item name={['discountAuthorityBp', r]} label={t(`roles.${r}`)} rules={[pctRule]}>
                        {pctInput}
                      </Form.Item>
                    </Col>
                  ))}
                </Row>
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card title={t('settings.customers')} style={{ height: '100%' }}>
                <Form.Item label={t('settings.followUpDays')} extra={t('settings.followUpHelp')} style={{ marginBottom: 12 }}>
                  <Row gutter={12}>
                    {(['A', 'B', 'C'] as const).map((g) => (
                      <Col span={8} key={g}>
                        <Form.Item name={['followUpDays', g]} rules={[integerRule(t, 1, 3650)]} style={{ marginBottom: 0 }}>
                          <InputNumber<number> min={1} max={3650} precision={0} prefix={t('settings.followUpGrade', { grade: g })} suffix={t('common.days')} style={{ width: '100%' }} disabled={!canEdit} />
                        </Form.Item>
                      </Col>
                    ))}
                  </Row>
                </Form.Item>
                <Form.Item name="lostCustomerDays" label={t('settings.lostCustomerDays')} extra={t('settings.lostCustomerHelp')} rules={[integerRule(t, 1, 3650)]}>
                  {daysInput()}
                </Form.Item>
                <Form.Item label={t('settings.abcThresholds')} extra={t('settings.abcHelp')} style={{ marginBottom: 0 }}>
                  <Row gutter={12}>
                    <Col span={12}>
                      <Form.Item name={['abcThresholdsBp', 'a']} rules={[pctRule]} style={{ marginBottom: 0 }}>
                        <InputNumber<string> stringMode min="0" max="100" step="1" prefix={t('settings.abcA')} suffix="%" style={{ width: '100%' }} disabled={!canEdit} />
                      </Form.Item>
                    </Col>
                    <Col span={12}>
                      <Form.Item
                        name={['abcThresholdsBp', 'b']}
                        dependencies={[['abcThresholdsBp', 'a']]}
                        rules={[
                          pctRule,
                          ({ getFieldValue }) => ({
                            validator: (_r, v) => {
                              const a = parsePercentToBp(String(getFieldValue(['abcThresholdsBp', 'a']) ?? ''));
                              const b = parsePercentToBp(String(v ?? ''));
                              return a === null || b === null || a < b ? Promise.resolve() : Promise.reject(new Error(t('validation.abcOrder')));
                            },
                          }),
                        ]}
                        style={{ marginBottom: 0 }}
                      >
                        <InputNumber<string> stringMode min="0" max="100" step="1" prefix={t('settings.abcB')} suffix="%" style={{ width: '100%' }} disabled={!canEdit} />
                      </Form.Item>
                    </Col>
                  </Row>
                </Form.Item>
              </Card>
            </Col>
          </Row>

          <Card title={t('settings.receivables')}>
            <Row gutter={24}>
              <Col xs={24} md={12} lg={6}>
                <Form.Item name="writeOffTolerance" label={t('settings.writeOffTolerance')} extra={t('settings.writeOffToleranceHelp')} rules={[moneyRule]}>
                  <Input prefix={moneyPrefix} inputMode="decimal" disabled={!canEdit} data-testid="settings-writeOffTolerance" />
                </Form.Item>
              </Col>
              <Col xs={24} md={12} lg={6}>
                <Form.Item name="allowReceiptBeforeInvoice" label={t('settings.allowReceiptBeforeInvoice')} extra={t('settings.allowReceiptBeforeInvoiceHelp')} valuePropName="checked">
                  <Switch disabled={!canEdit} />
                </Form.Item>
              </Col>
              <Col xs={24} lg={12}>
                <Form.Item label={t('settings.dunningLevelDays')} extra={t('settings.dunningLevelHelp')} required>
                  <DaysListField name="dunningLevelDays" max={6} disabled={!canEdit} addLabel={t('settings.addLevel')} />
                </Form.Item>
              </Col>
            </Row>
          </Card>

          <Card title={t('settings.security')}>
            <Row gutter={24}>
              <Col xs={24} md={12}>
                <Form.Item name="sessionIdleMinutes" label={t('settings.sessionIdleMinutes')} extra={t('settings.sessionIdleHelp')} rules={[integerRule(t, 5, 7 * 24 * 60)]}>
                  <InputNumber<number> min={5} max={7 * 24 * 60} precision={0} suffix={t('common.minutes')} style={{ width: '100%' }} disabled={!canEdit} />
                </Form.Item>
              </Col>
            </Row>
          </Card>

          {canEdit && (
            <Card>
              <Row gutter={16} align="bottom">
                <Col flex="auto">
                  <Form.Item name="reason" label={`${t('settings.reason')}${t('common.optional')}`} rules={[{ max: 500 }]} style={{ marginBottom: 0 }}>
                    <Input placeholder={t('settings.reasonPlaceholder')} maxLength={500} />
                  </Form.Item>
                </Col>
                <Col>
                  <Button type="primary" icon={<SaveOutlined />} loading={busy} onClick={() => void save()} size="middle">
                    {t('settings.save')}
                  </Button>
                </Col>
              </Row>
            </Card>
          )}
        </Space>
      </Form>
    </div>
  );
}

/** An editable list of strictly increasing day counts (aging buckets, dunning levels). */
function DaysListField({ name, max, disabled, addLabel }: { name: 'agingBuckets' | 'dunningLevelDays'; max: number; disabled: boolean; addLabel: string }) {
  const { t } = useTranslation();
  return (
    <Form.List
      name={name}
      rules={[
        {
          validator: async (_r, list: (number | null)[]) => {
            const xs = (list ?? []).map(Number);
            if (xs.length < 1 || xs.length > max) throw new Error(t('validation.integerRange', { min: 1, max }));
            if (!xs.every((x, i) => i === 0 || x > (xs[i - 1] ?? 0))) throw new Error(t('validation.increasing'));
          },
        },
      ]}
    >
      {(fields, { add, remove }, { errors }) => (
        <div data-testid={`settings-${name}`}>
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
            {fields.map((f) => (
              <Space.Compact key={f.key}>
                <Form.Item name={f.name} noStyle rules={[integerRule(t, 1, 3650)]}>
                  <InputNumber<number> min={1} max={3650} precision={0} style={{ width: 76 }} disabled={disabled} />
                </Form.Item>
                {!disabled && <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} disabled={fields.length <= 1} aria-label={t('common.remove')} />}
              </Space.Compact>
            ))}
            {!disabled && fields.length < max && (
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add(null)}>
                {addLabel}
              </Button>
            )}
          </div>
          <Form.ErrorList errors={errors} />
        </div>
      )}
    </Form.List>
  );
}

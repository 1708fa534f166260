/**
 * First run: the open company file has no users yet. Two clear choices: create my company
 * (system.setup) or open the demo company (system.switchCompany → generated on first open).
 */
import { ArrowLeftOutlined, ExperimentOutlined, ShopOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Divider, Form, Input, Row, Select, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Input as In } from '../../../../shared/contract';
import type { AppErrorData } from '../../../../shared/result';
import { CURRENCIES } from '../../../../shared/schemas/settings';
import { invoke } from '../../api/client';
import { type SystemStatus, useApp } from '../../app/AppContext';
import { Brand } from '../../components/Brand';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { applyIssuesToForm, errorText } from '../../errors';
import { monthOptions, passwordRules, requiredText, usernameRules } from '../forms';

type Mode = 'choose' | 'create' | 'demo';

interface SetupForm {
  companyName: string;
  currency: (typeof CURRENCIES)[number];
  fiscalYearStartMonth: number;
  adminUsername: string;
  adminDisplayName: string;
  adminPassword: string;
  confirmPassword: string;
}

export function SetupScreen({ status }: { status: SystemStatus }) {
  const { t } = useTranslation();
  const app = useApp();
  const [mode, setMode] = useState<Mode>('choose');
  const [error, setError] = useState<AppErrorData | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<SetupForm>();

  const openDemo = async () => {
    setMode('demo');
    setError(null);
    const e = await app.switchCompany('demo');
    if (e) {
      setError(e);
      setMode('choose');
    }
  };

  const create = async (v: SetupForm) => {
    setBusy(true);
    setError(null);
    const input: In<'system.setup'> = {
      companyName: v.companyName.trim(),
      currency: v.currency,
      fiscalYearStartMonth: v.fiscalYearStartMonth,
      adminUsername: v.adminUsername.trim(),
      adminDisplayName: v.adminDisplayName.trim(),
      adminPassword: v.adminPassword,
    };
    const r = await invoke('system.setup', input);
    setBusy(false);
    if (r.ok) {
      app.signIn(r.data);
      return;
    }
    if (r.error.code === 'CONFLICT') {
      await app.reload();
      return;
    }
    const rest = r.error.code === 'VALIDATION' ? applyIssuesToForm(form, t, r.error) : [];
    if (r.error.code !== 'VALIDATION' || rest.length) setError(r.error);
  };

  return (
    <div className="sd-center-screen" data-testid="screen-setup">
      <div className="sd-top-right">
        <LanguageSwitch />
      </div>
      <div style={{ width: '100%', maxWidth: 880 }}>
        <div style={{ marginBottom: 24 }}>
          <Brand />
        </div>
        <Card styles={{ body: { padding: 32 } }}>
          {mode === 'choose' && (
            <>
              <Typography.Title level={3} style={{ marginTop: 0 }}>
                {t('setup.welcome')}
              </Typography.Title>
              <Typography.Paragraph type="secondary" style={{ marginBottom: 24 }}>
                {t('setup.intro')}
              </Typography.Paragraph>
              {error && <Alert type="error" showIcon title={t('setup.demoFailed')} description={errorText(t, error)} style={{ marginBottom: 16 }} />}
              <Row gutter={[20, 20]}>
                <Col xs={24} md={status.demoAvailable ? 12 : 24}>
                  <Card className="sd-choice" onClick={() => setMode('create')} data-testid="choice-create" role="button">
                    <ShopOutlined className="sd-choice-icon" />
                    <Typography.Title level={4} style={{ marginTop: 12 }}>
                      {t('setup.createTitle')}
                    </Typography.Title>
                    <Typography.Paragraph type="secondary" style={{ marginBottom: 16 }}>
                      {t('setup.createDesc')}
                    </Typography.Paragraph>
                    <Button type="primary">{t('setup.createTitle')}</Button>
                  </Card>
                </Col>
                {status.demoAvailable && (
                  <Col xs={24} md={12}>
                    <Card className="sd-choice" onClick={() => void openDemo()} data-testid="choice-demo" role="button">
                      <ExperimentOutlined className="sd-choice-icon" style={{ color: '#13c2c2' }} />
                      <Typography.Title level={4} style={{ marginTop: 12 }}>
                        {t('setup.demoTitle')}
                      </Typography.Title>
                      <Typography.Paragraph type="secondary" style={{ marginBottom: 16 }}>
                        {t('setup.demoDesc')}
                      </Typography.Paragraph>
                      <Button>{t('setup.demoTitle')}</Button>
                    </Card>
                  </Col>
                )}
              </Row>
            </>
          )}

          {mode === 'demo' && (
            <div style={{ padding: '48px 0', textAlign: 'center' }} data-testid="demo-generating">
              <Spin size="large" />
              <Typography.Paragraph style={{ marginTop: 20, marginBottom: 0 }}>{t('setup.demoGenerating')}</Typography.Paragraph>
            </div>
          )}

          {mode === 'create' && (
            <>
              <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => setMode('choose')} style={{ paddingInline: 0, marginBottom: 8 }}>
                {t('setup.back')}
              </Button>
              <Typography.Title level={3} style={{ marginTop: 0 }}>
                {t('setup.createTitle')}
              </Typography.Title>
              {error && <Alert type="error" showIcon title={errorText(t, error)} style={{ marginBottom: 16 }} />}
              <Form<SetupForm>
                form={form}
                layout="vertical"
                requiredMark
                onFinish={(v) => void create(v)}
                initialValues={{ currency: 'CNY', fiscalYearStartMonth: 1 }}
                data-testid="setup-form"
              >
                <Divider titlePlacement="start" plain>
                  {t('setup.companySection')}
                </Divider>
                <Row gutter={20}>
                  <Col xs={24}>
                    <Form.Item name="companyName" label={t('setup.companyName')} rules={requiredText(t, t('setup.companyName'), 100)}>
                      <Input placeholder={t('setup.companyNamePlaceholder')} maxLength={100} autoFocus />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={12}>
                    <Form.Item name="currency" label={t('setup.currency')} extra={t('setup.currencyHelp')} rules={[{ required: true, message: t('validation.select', { field: t('setup.currency') }) }]}>
                      <Select options={CURRENCIES.map((c) => ({ value: c, label: t(`currencies.${c}`) }))} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={12}>
                    <Form.Item name="fiscalYearStartMonth" label={t('setup.fiscalYearStartMonth')} rules={[{ required: true }]}>
                      <Select options={monthOptions(t)} />
                    </Form.Item>
                  </Col>
                </Row>
                <Divider titlePlacement="start" plain>
                  {t('setup.adminSection')}
                </Divider>
                <Row gutter={20}>
                  <Col xs={24} md={12}>
                    <Form.Item name="adminUsername" label={t('setup.adminUsername')} rules={usernameRules(t, t('setup.adminUsername'))}>
                      <Input placeholder={t('setup.adminUsernamePlaceholder')} autoComplete="username" maxLength={32} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={12}>
                    <Form.Item name="adminDisplayName" label={t('setup.adminDisplayName')} rules={requiredText(t, t('setup.adminDisplayName'), 50)}>
                      <Input placeholder={t('setup.adminDisplayNamePlaceholder')} maxLength={50} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={12}>
                    <Form.Item name="adminPassword" label={t('setup.password')} extra={t('setup.passwordHelp')} rules={passwordRules(t, t('setup.password'))}>
                      <Input.Password autoComplete="new-password" maxLength={128} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={12}>
                    <Form.Item
                      name="confirmPassword"
                      label={t('setup.confirmPassword')}
                      dependencies={['adminPassword']}
                      rules={[
                        { required: true, message: t('validation.required', { field: t('setup.confirmPassword') }) },
                        ({ getFieldValue }) => ({
                          validator: (_r, v) => (!v || v === getFieldValue('adminPassword') ? Promise.resolve() : Promise.reject(new Error(t('validation.passwordMismatch')))),
                        }),
                      ]}
                    >
                      <Input.Password autoComplete="new-password" maxLength={128} />
                    </Form.Item>
                  </Col>
                </Row>
                <Button type="primary" htmlType="submit" size="large" loading={busy} block>
                  {t('setup.submit')}
                </Button>
              </Form>
            </>
          )}
        </Card>
      </div>
    </div>
  );
}

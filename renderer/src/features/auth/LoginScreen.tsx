import { LockOutlined, SwapOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Spin, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../../../shared/result';
import { invoke } from '../../api/client';
import { type SystemStatus, useApp } from '../../app/AppContext';
import { Brand } from '../../components/Brand';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { errorText, retryAfterSeconds } from '../../errors';

interface LoginForm {
  username: string;
  password: string;
}

/** Wrong password, throttling (with the wait) and any other failure, as one line of text. */
function loginErrorText(t: ReturnType<typeof useTranslation>['t'], error: AppErrorData, secondsLeft: number | null): string {
  if (error.code === 'RATE_LIMITED') return t('errors.tooManyAttempts', { seconds: secondsLeft ?? retryAfterSeconds(error) ?? 1 });
  if (error.code === 'UNAUTHENTICATED') {
    const wait = secondsLeft ?? retryAfterSeconds(error);
    return wait ? t('errors.wrongPasswordLocked', { seconds: wait }) : t('errors.wrongPassword');
  }
  return errorText(t, error);
}

export function LoginScreen({ status }: { status: SystemStatus }) {
  const { t } = useTranslation();
  const app = useApp();
  const [form] = Form.useForm<LoginForm>();
  const [error, setError] = useState<AppErrorData | null>(null);
  const [busy, setBusy] = useState(false);
  const [switching, setSwitching] = useState(false);
  const [lockedUntil, setLockedUntil] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (!lockedUntil) return;
    const timer = setInterval(() => {
      const n = Date.now();
      setNow(n);
      if (n >= lockedUntil) {
        setLockedUntil(null);
        clearInterval(timer);
      }
    }, 250);
    return () => clearInterval(timer);
  }, [lockedUntil]);

  const secondsLeft = lockedUntil ? Math.max(1, Math.ceil((lockedUntil - now) / 1000)) : null;
  const isDemo = status.company === 'demo';

  const submit = async (v: LoginForm) => {
    setBusy(true);
    setError(null);
    const r = await invoke('auth.login', { username: v.username.trim(), password: v.password });
    setBusy(false);
    if (r.ok) {
      app.signIn(r.data);
      return;
    }
    setError(r.error);
    const wait = retryAfterSeconds(r.error);
    if (wait) {
      setNow(Date.now());
      setLockedUntil(Date.now() + wait * 1000);
    }
    form.setFieldValue('password', '');
  };

  const switchCompany = async () => {
    setSwitching(true);
    setError(null);
    const e = await app.switchCompany(isDemo ? 'main' : 'demo');
    setSwitching(false);
    if (e) setError(e);
    form.resetFields();
  };

  return (
    <div className="sd-center-screen" data-testid="screen-login">
      <div className="sd-top-right">
        <LanguageSwitch />
      </div>
      <div style={{ width: '100%', maxWidth: 420 }}>
        <div style={{ marginBottom: 24, display: 'flex', justifyContent: 'center' }}>
          <Brand />
        </div>
        <Card styles={{ body: { padding: '28px 32px 24px' } }}>
          <Spin spinning={switching} description={isDemo ? t('login.switching') : t('setup.demoGenerating')}>
            <div style={{ display: 'flex', alignItems: 'center', gap: 8, marginBottom: 4, minWidth: 0 }}>
              <Typography.Title level={4} style={{ margin: 0, overflowWrap: 'anywhere' }} data-testid="login-company">
                {status.companyName}
              </Typography.Title>
              {isDemo && (
                <Tag color="orange" style={{ marginInlineEnd: 0 }}>
                  {t('app.demoTag')}
                </Tag>
              )}
            </div>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 20 }}>
              {t('login.title')}
            </Typography.Paragraph>
            {isDemo && <Alert type="info" showIcon title={t('login.demoHint')} style={{ marginBottom: 16 }} data-testid="demo-hint" />}
            {error && (
              <Alert type="error" showIcon title={loginErrorText(t, error, secondsLeft)} style={{ marginBottom: 16 }} data-testid="login-error" role="alert" />
            )}
            <Form<LoginForm> form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false} data-testid="login-form">
              <Form.Item name="username" label={t('login.username')} rules={[{ required: true, whitespace: true, message: t('validation.required', { field: t('login.username') }) }]}>
                <Input prefix={<UserOutlined />} autoComplete="username" autoFocus size="large" maxLength={64} />
              </Form.Item>
              <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('validation.required', { field: t('login.password') }) }]}>
                <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" maxLength={128} />
              </Form.Item>
              <Button type="primary" htmlType="submit" size="large" block loading={busy} disabled={Boolean(lockedUntil)} data-testid="login-submit">
                {secondsLeft ? `${t('login.submit')} (${secondsLeft}s)` : t('login.submit')}
              </Button>
            </Form>
            {(isDemo || status.demoAvailable) && (
              <div style={{ textAlign: 'center', marginTop: 16 }}>
                <Button type="link" icon={<SwapOutlined />} onClick={() => void switchCompany()} data-testid="switch-company">
                  {isDemo ? t('login.backToMain') : t('login.openDemo')}
                </Button>
              </div>
            )}
          </Spin>
        </Card>
      </div>
    </div>
  );
}

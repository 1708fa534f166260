import { App as AntApp, Button, ConfigProvider, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText } from '../errors';
import { LoginScreen } from '../features/auth/LoginScreen';
import { SetupScreen } from '../features/setup/SetupScreen';
import { Shell } from '../features/shell/Shell';
import { antdLocale, currentLanguage } from '../i18n';
import { antdTheme } from '../theme';
import { AppProvider, useApp } from './AppContext';

export function Root() {
  useTranslation();
  const lng = currentLanguage();
  return (
    <ConfigProvider locale={antdLocale(lng)} theme={antdTheme}>
      <AntApp style={{ height: '100%' }}>
        <AppProvider>
          <Screens />
        </AppProvider>
      </AntApp>
    </ConfigProvider>
  );
}

function Screens() {
  const { t } = useTranslation();
  const { phase, reload } = useApp();
  switch (phase.kind) {
    case 'loading':
      return (
        <div className="sd-center-screen" data-testid="screen-loading">
          <Spin size="large" description={t('app.loading')}>
            <div style={{ width: 200, height: 80 }} />
          </Spin>
        </div>
      );
    case 'failed':
      return (
        <div className="sd-center-screen">
          <Result
            status="warning"
            title={t('app.startFailed')}
            subTitle={errorText(t, phase.error)}
            extra={
              <Button type="primary" onClick={() => void reload()}>
                {t('app.retry')}
              </Button>
            }
          />
        </div>
      );
    case 'setup':
      return <SetupScreen status={phase.status} />;
    case 'login':
      return <LoginScreen status={phase.status} />;
    case 'shell':
      return <Shell status={phase.status} session={phase.session} />;
  }
}

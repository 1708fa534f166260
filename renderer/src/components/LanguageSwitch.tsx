import { GlobalOutlined } from '@ant-design/icons';
import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { changeLanguage, currentLanguage, type Language } from '../i18n';

/** 中文 / English; the choice is remembered on this computer. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const lng = currentLanguage();
  return (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }} data-testid="language-switch">
      <GlobalOutlined style={{ color: 'rgba(0,0,0,0.45)' }} aria-label={t('lang.label')} />
      <Segmented<Language>
        size="small"
        value={lng}
        onChange={(v) => void changeLanguage(v)}
        options={[
          { label: t('lang.zh'), value: 'zh-CN' },
          { label: t('lang.en'), value: 'en' },
        ]}
      />
    </span>
  );
}

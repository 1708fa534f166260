import { useTranslation } from 'react-i18next';

export function Brand({ subtitle = true }: { subtitle?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="sd-brand">
      <span className="sd-brand-mark">S</span>
      <span>
        {t('app.name')}
        {subtitle && <span style={{ fontWeight: 400, fontSize: 14, color: 'rgba(0,0,0,0.45)', marginLeft: 10 }}>{t('app.tagline')}</span>}
      </span>
    </div>
  );
}

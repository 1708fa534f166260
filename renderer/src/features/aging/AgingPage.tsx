import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';

export function AgingPage() {
  const { t } = useTranslation();
  return (
    <div className="sd-page" data-testid="page-aging">
      <PageHeader title={t('nav.aging')} />
    </div>
  );
}

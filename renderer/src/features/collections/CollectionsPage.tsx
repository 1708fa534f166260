import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';

export function CollectionsPage() {
  const { t } = useTranslation();
  return (
    <div className="sd-page" data-testid="page-collections">
      <PageHeader title={t('nav.collections')} />
    </div>
  );
}

import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';

export function StatementsPage() {
  const { t } = useTranslation();
  return (
    <div className="sd-page" data-testid="page-statements">
      <PageHeader title={t('nav.statements')} />
    </div>
  );
}

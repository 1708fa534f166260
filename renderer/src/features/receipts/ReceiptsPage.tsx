import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';

export function ReceiptsPage() {
  const { t } = useTranslation();
  return (
    <div className="sd-page" data-testid="page-receipts">
      <PageHeader title={t('nav.receipts')} />
    </div>
  );
}

import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';

export function BankPage() {
  const { t } = useTranslation();
  return (
    <div className="sd-page" data-testid="page-bank">
      <PageHeader title={t('nav.bank')} />
    </div>
  );
}

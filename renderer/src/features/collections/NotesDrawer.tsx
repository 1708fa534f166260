/** A customer's contact history 催收记录, newest first, with promises to pay. */
import { Alert, Drawer, Empty, Tag, Timeline } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../shared/contract';
import type { AppErrorData } from '../../../../shared/result';
import { invoke } from '../../api/client';
import { useApp } from '../../app/AppContext';
import { errorText } from '../../errors';
import { formatDate, formatMoney } from '../../format';
import { currentLanguage, intlLocale } from '../../i18n';
import { fill, useCollectionsTexts } from './texts';

export function NotesDrawer({ customer, onClose }: { customer: { id: number; name: string }; onClose: () => void }) {
  const tx = useCollectionsTexts();
  const { t } = useTranslation();
  const { currency } = useApp();
  const locale = intlLocale(currentLanguage());
  const [data, setData] = useState<Output<'collections.notes'> | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);

  useEffect(() => {
    void invoke('collections.notes', { customerId: customer.id }).then((r) => (r.ok ? setData(r.data) : setError(r.error)));
  }, [customer.id]);

  return (
    <Drawer open title={fill(tx.historyTitle, { customer: customer.name })} onClose={onClose} size={480}>
      <div data-testid="notes-drawer">
      {error && <Alert type="error" showIcon title={errorText(t, error)} />}
      {data && data.rows.length === 0 && <Empty description={tx.historyEmpty} />}
      {data && data.rows.length > 0 && (
        <Timeline
          items={data.rows.map((n) => ({
            key: n.id,
            color: n.promiseDate ? 'blue' : 'gray',
            content: (
              <div data-testid="note-item">
                <div style={{ display: 'flex', gap: 8, alignItems: 'baseline', flexWrap: 'wrap' }}>
                  <strong>{formatDate(n.date, locale)}</strong>
                  <Tag>{tx.channel[n.channel]}</Tag>
                  {n.by && <span style={{ color: 'rgba(0,0,0,0.45)', fontSize: 12 }}>{fill(tx.historyBy, { by: n.by })}</span>}
                </div>
                <div style={{ whiteSpace: 'pre-wrap', margin: '4px 0' }}>{n.note}</div>
                {n.receivableNumber && <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>{fill(tx.historyReceivable, { number: n.receivableNumber })}</div>}
                {n.promiseDate && (
                  <Tag color="blue" style={{ marginTop: 4 }}>
                    {tx.note.promise}：
                    {n.promiseAmount === null
                      ? fill(tx.overdue.promiseAny, { date: formatDate(n.promiseDate, locale) })
                      : fill(tx.overdue.promiseText, { date: formatDate(n.promiseDate, locale), amount: formatMoney(n.promiseAmount, currency, locale) })}
                  </Tag>
                )}
              </div>
            ),
          }))}
        />
      )}
      </div>
    </Drawer>
  );
}

/**
 * Distributors' regions 经销商区域 and the cross-region list 窜货清单: assign a distributor's
 * regions (distributors.setRegions); shipments sent outside them are listed for the sales manager.
 */
import { Alert, App, Button, Card, Select, Space, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../shared/contract';
import type { AppErrorData } from '../../../../shared/result';
import { invoke } from '../../api/client';
import { useApp } from '../../app/AppContext';
import { PageHeader } from '../../components/PageHeader';
import { errorText } from '../../errors';
import { formatDate, formatMoney } from '../../format';
import { currentLanguage, intlLocale } from '../../i18n';
import { CustomerSelect } from '../pricing/pickers';
import { useShipmentTexts } from './texts';

type Cross = Output<'distributors.crossRegionList'>['rows'][number];

export function DistributorsPage() {
  const { t } = useTranslation();
  const x = useShipmentTexts();
  const { message } = App.useApp();
  const { currency, can } = useApp();
  const locale = intlLocale(currentLanguage());
  const [customerId, setCustomerId] = useState<number | undefined>();
  const [regions, setRegions] = useState<Output<'regions.list'>>([]);
  const [assigned, setAssigned] = useState<number[]>([]);
  const [cross, setCross] = useState<Cross[]>([]);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [busy, setBusy] = useState(false);
  const canWrite = can('customers.write');
  const canCross = can('reports.read');

  const loadCross = useCallback(async () => {
    if (!canCross) return;
    const r = await invoke('distributors.crossRegionList', { limit: 200 });
    if (r.ok) setCross(r.data.rows);
    else setError(r.error);
  }, [canCross]);
  useEffect(() => {
    void invoke('regions.list', {}).then((r) => r.ok && setRegions(r.data));
    void loadCross();
  }, [loadCross]);
  useEffect(() => {
    if (!customerId) return setAssigned([]);
    void invoke('distributors.regions', { customerId }).then((r) => (r.ok ? setAssigned(r.data.regions.map((g) => g.id)) : setError(r.error)));
  }, [customerId]);

  const save = async () => {
    if (!customerId) return;
    setBusy(true);
    const r = await invoke('distributors.setRegions', { customerId, regionIds: assigned });
    setBusy(false);
    if (!r.ok) return void message.error(errorText(t, r.error));
    void message.success(x.distributors.saved);
  };

  return (
    <div className="sd-page" data-testid="page-distributors">
      <PageHeader title={x.distributors.title} subtitle={x.distributors.subtitle} />
      {error && <Alert type="error" showIcon title={errorText(t, error)} style={{ marginBottom: 12 }} />}
      <Card size="small" style={{ marginBottom: 16 }}>
        <Space wrap>
          <span>{x.distributors.customer}</span>
          <CustomerSelect value={customerId} onChange={(v) => setCustomerId(v)} placeholder={x.distributors.customerPlaceholder} style={{ width: 260 }} testId="distributor-customer" />
          <span>{x.distributors.regions}</span>
          <Select
            mode="multiple"
            style={{ minWidth: 320 }}
            value={assigned}
            onChange={setAssigned}
            disabled={!customerId || !canWrite}
            options={regions.map((r) => ({ value: r.id, label: r.name }))}
            data-testid="distributor-regions"
          />
          {canWrite && (
            <Button type="primary" disabled={!customerId} loading={busy} onClick={() => void save()} data-testid="distributor-save">
              {t('common.save')}
            </Button>
          )}
        </Space>
      </Card>
      {canCross && (
        <Card size="small" title={x.distributors.crossTitle} extra={<span style={{ color: 'rgba(0,0,0,0.45)' }}>{x.distributors.crossHint}</span>}>
          <Table
            size="small"
            rowKey="id"
            dataSource={cross}
            data-testid="cross-region-table"
            locale={{ emptyText: x.distributors.none }}
            pagination={{ pageSize: 50, showSizeChanger: false }}
            columns={[
              { title: x.col.number, dataIndex: 'number', width: 150, render: (v: string) => <span className="sd-num">{v}</span> },
              { title: x.col.date, dataIndex: 'date', width: 110, render: (v: string) => formatDate(v, locale) },
              { title: x.col.customer, dataIndex: 'customerName', ellipsis: true },
              { title: x.distributors.owner, dataIndex: 'ownerName', width: 100, render: (v: string | null) => v ?? '' },
              { title: x.distributors.assigned, dataIndex: 'assignedRegions', render: (v: string[]) => v.map((r) => <Tag key={r}>{r}</Tag>) },
              { title: x.col.region, dataIndex: 'shipToRegionName', width: 110, render: (v: string | null) => <Tag color="red">{v ?? ''}</Tag> },
              { title: x.col.amount, dataIndex: 'amount', align: 'right', width: 130, render: (v: number) => <span className="sd-num">{formatMoney(v, currency, locale)}</span> },
            ]}
          />
        </Card>
      )}
    </div>
  );
}

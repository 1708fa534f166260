/**
 * 催收与回款: the finance clerk's collection desk (issue #5 item 6). Three tabs: the overdue list
 * by dunning level with contact notes and promises, contract collection plans, and the
 * collection rate / DSO with the working of each figure.
 */
import { Card, Tabs } from 'antd';
import { useState } from 'react';
import { PageHeader } from '../../components/PageHeader';
import { KpiTab } from './KpiTab';
import { OverdueTab } from './OverdueTab';
import { PlansTab } from './PlansTab';
import { useCollectionsTexts } from './texts';

export function CollectionsPage() {
  const tx = useCollectionsTexts();
  const [tab, setTab] = useState('overdue');
  return (
    <div className="sd-page" data-testid="page-collections">
      <PageHeader title={tx.title} subtitle={tx.subtitle} />
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          destroyOnHidden
          items={[
            { key: 'overdue', label: <span data-testid="tab-overdue">{tx.tabs.overdue}</span>, children: <OverdueTab /> },
            { key: 'plans', label: <span data-testid="tab-plans">{tx.tabs.plans}</span>, children: <PlansTab /> },
            { key: 'kpi', label: <span data-testid="tab-kpi">{tx.tabs.kpi}</span>, children: <KpiTab /> },
          ]}
        />
      </Card>
    </div>
  );
}

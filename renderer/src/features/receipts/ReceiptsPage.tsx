/**
 * 收款核销 (`#/receipts`): receipts 收款单, the allocation workbench 核销工作台 and write-offs.
 * See docs/receivables-receipts.md.
 */
import { PlusOutlined } from '@ant-design/icons';
import { Button, Tabs } from 'antd';
import { useEffect, useState } from 'react';
import { invoke, onEvent } from '../../api/client';
import { useApp } from '../../app/AppContext';
import { PageHeader } from '../../components/PageHeader';
import { ReceiptDialog } from './ReceiptDialog';
import { ReceiptsTab } from './ReceiptsTab';
import { useReceiptTexts } from './texts';
import { Workbench } from './Workbench';
import { WriteOffsTab } from './WriteOffsTab';
import './receipts.css';

export function ReceiptsPage() {
  const x = useReceiptTexts();
  const { can } = useApp();
  const [tab, setTab] = useState('receipts');
  const [creating, setCreating] = useState(false);
  const [benchCustomer, setBenchCustomer] = useState<number | undefined>();
  const [benchSource, setBenchSource] = useState<number | undefined>();
  const [reloadKey, setReloadKey] = useState(0);
  const [tolerance, setTolerance] = useState(0);

  useEffect(() => {
    // The tolerance shown in the dialog comes with any customer's open items; settings.read may be missing.
    void invoke('settings.get', {}).then((r) => r.ok && setTolerance(r.data.writeOffTolerance));
    return onEvent((name) => {
      if (name === 'receivables.changed') setReloadKey((k) => k + 1);
    });
  }, []);

  const openBench = (customerId: number, receiptId?: number) => {
    setBenchCustomer(customerId);
    setBenchSource(receiptId);
    setTab('workbench');
  };

  return (
    <div className="sd-page" data-testid="page-receipts">
      <PageHeader
        title={x.title}
        subtitle={x.subtitle}
        extra={
          can('receivables.write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="receipts-new">
              {x.newReceipt}
            </Button>
          )
        }
      />
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'receipts', label: x.tabs.receipts, children: <ReceiptsTab reloadKey={reloadKey} onAllocate={openBench} /> },
          ...(can('receivables.write')
            ? [{
                key: 'workbench',
                label: x.tabs.workbench,
                children: (
                  <Workbench
                    customerId={benchCustomer}
                    sourceId={benchSource}
                    onCustomer={(id) => { setBenchCustomer(id); setBenchSource(undefined); }}
                    onPosted={() => setReloadKey((k) => k + 1)}
                  />
                ),
              }]
            : []),
          { key: 'writeoffs', label: x.tabs.writeOffs, children: <WriteOffsTab reloadKey={reloadKey} /> },
        ]}
      />
      {creating && (
        <ReceiptDialog
          tolerance={tolerance}
          onClose={(posted) => {
            setCreating(false);
            if (!posted) return;
            setReloadKey((k) => k + 1);
            if (posted.manual) openBench(posted.customerId, posted.receiptId);
          }}
        />
      )}
    </div>
  );
}

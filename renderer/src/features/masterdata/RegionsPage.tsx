/** Regions 销售区域 and product lines 产品线: two small lists with create and edit dialogs. */
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Form, Input, Modal, Row, Select, Table } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../shared/contract';
import type { AppErrorData } from '../../../../shared/result';
import { invoke } from '../../api/client';
import { useApp } from '../../app/AppContext';
import { PageHeader } from '../../components/PageHeader';
import { applyIssuesToForm, errorText } from '../../errors';
import { formatInteger } from '../../format';
import { currentLanguage, intlLocale } from '../../i18n';
import { requiredText } from '../forms';

type Region = Output<'regions.list'>[number];
type Line = Output<'productLines.list'>[number];
type Editing = { kind: 'region'; row: Region | null } | { kind: 'line'; row: Line | null };

export function RegionsPage() {
  const { t } = useTranslation();
  const { can } = useApp();
  const locale = intlLocale(currentLanguage());
  const [regions, setRegions] = useState<Region[] | null>(null);
  const [lines, setLines] = useState<Line[] | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const canWrite = can('products.write');
  const canLines = can('products.read');

  const load = useCallback(async () => {
    const r = await invoke('regions.list', {});
    if (r.ok) setRegions(r.data);
    else setError(r.error);
    if (canLines) {
      const l = await invoke('productLines.list', {});
      if (l.ok) setLines(l.data);
      else setError(l.error);
    }
  }, [canLines]);
  useEffect(() => {
    void load();
  }, [load]);

  const count = (n: number) => <span className="sd-num">{formatInteger(n, locale)}</span>;
  const editButton = (onClick: () => void, testId: string) =>
    canWrite ? (
      <Button size="small" type="link" icon={<EditOutlined />} onClick={onClick} data-testid={testId}>
        {t('common.edit')}
      </Button>
    ) : null;

  return (
    <div className="sd-page" data-testid="page-masterdata">
      <PageHeader title={t('masterdata.regions.title')} subtitle={t('masterdata.regions.subtitle')} />
      {error && <Alert type="error" showIcon title={errorText(t, error)} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={13}>
          <Card
            title={t('masterdata.regions.regions')}
            extra={
              canWrite && (
                <Button type="primary" size="small" icon={<PlusOutlined />} onClick={() => setEditing({ kind: 'region', row: null })} data-testid="regions-add">
                  {t('masterdata.regions.addRegion')}
                </Button>
              )
            }
          >
            <Table<Region>
              size="small"
              rowKey="id"
              loading={regions === null}
              dataSource={regions ?? []}
              pagination={false}
              data-testid="regions-table"
              columns={[
                { title: t('masterdata.regions.code'), dataIndex: 'code', width: 110 },
                { title: t('masterdata.regions.name'), dataIndex: 'name' },
                { title: t('masterdata.regions.parent'), dataIndex: 'parentName', render: (v: string | null) => v ?? t('common.none') },
                { title: t('masterdata.regions.customers'), dataIndex: 'customers', align: 'right', width: 90, render: count },
                { title: '', key: 'edit', width: 80, render: (_v, r) => editButton(() => setEditing({ kind: 'region', row: r }), `region-edit-${r.code}`) },
              ]}
            />
          </Card>
        </Col>
        {canLines && (
          <Col xs={24} xl={11}>
            <Card
              title={t('masterdata.regions.productLines')}
              extra={
                canWrite && (
                  <Button type="primary" size="small" icon={<PlusOutlined />} onClick={() => setEditing({ kind: 'line', row: null })} data-testid="lines-add">
                    {t('masterdata.regions.addLine')}
                  </Button>
                )
              }
            >
              <Table<Line>
                size="small"
                rowKey="id"
                loading={lines === null}
                dataSource={lines ?? []}
                pagination={false}
                data-testid="lines-table"
                columns={[
                  { title: t('masterdata.regions.code'), dataIndex: 'code', width: 110 },
                  { title: t('masterdata.regions.name'), dataIndex: 'name' },
                  { title: t('masterdata.regions.products'), dataIndex: 'products', align: 'right', width: 90, render: count },
                  { title: '', key: 'edit', width: 80, render: (_v, r) => editButton(() => setEditing({ kind: 'line', row: r }), `line-edit-${r.code}`) },
                ]}
              />
            </Card>
          </Col>
        )}
      </Row>
      {editing && (
        <ReferenceDialog
          editing={editing}
          regions={regions ?? []}
          onClose={(saved) => {
            setEditing(null);
            if (saved) void load();
          }}
        />
      )}
    </div>
  );
}

function ReferenceDialog({ editing, regions, onClose }: { editing: Editing; regions: Region[]; onClose: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ code: string; name: string; parentId?: number | null }>();
  const [busy, setBusy] = useState(false);
  const isRegion = editing.kind === 'region';
  const row = editing.row;
  const title = isRegion ? (row ? t('masterdata.regions.editRegion') : t('masterdata.regions.addRegion')) : row ? t('masterdata.regions.editLine') : t('masterdata.regions.addLine');

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    const code = v.code.trim();
    const name = v.name.trim();
    const r = isRegion
      ? row
        ? await invoke('regions.update', { id: row.id, code, name, parentId: v.parentId ?? null })
        : await invoke('regions.create', { code, name, parentId: v.parentId ?? null })
      : row
        ? await invoke('productLines.update', { id: row.id, code, name })
        : await invoke('productLines.create', { code, name });
    setBusy(false);
    if (r.ok) {
      void message.success(t('common.saved'));
      onClose(true);
      return;
    }
    if (r.error.code === 'CONFLICT') form.setFields([{ name: 'code', errors: [errorText(t, r.error)] }]);
    else if (applyIssuesToForm(form, t, r.error).length || r.error.code !== 'VALIDATION') void message.error(errorText(t, r.error));
  };

  return (
    <Modal open title={title} onOk={() => void submit()} onCancel={() => onClose(false)} confirmLoading={busy} okText={t('common.save')} cancelText={t('common.cancel')} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ code: row?.code ?? '', name: row?.name ?? '', parentId: editing.kind === 'region' ? (editing.row?.parentId ?? null) : null }} data-testid="reference-form">
        <Form.Item name="code" label={t('masterdata.regions.code')} rules={[...requiredText(t, t('masterdata.regions.code'), 32), { pattern: /^\S+$/, message: t('masterdata.cellErrors.invalid') }]}>
          <Input maxLength={32} autoFocus />
        </Form.Item>
        <Form.Item name="name" label={t('masterdata.regions.name')} rules={requiredText(t, t('masterdata.regions.name'), 50)}>
          <Input maxLength={50} />
        </Form.Item>
        {isRegion && (
          <Form.Item name="parentId" label={t('masterdata.regions.parent')}>
            <Select
              allowClear
              placeholder={t('masterdata.regions.noParent')}
              options={regions.filter((r) => r.id !== row?.id).map((r) => ({ value: r.id, label: `${r.name}（${r.code}）` }))}
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

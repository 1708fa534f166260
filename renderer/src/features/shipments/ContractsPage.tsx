/**
 * Contracts 合同: list, edit with the collection plan 回款计划 (instalments; their total may not
 * exceed the amount), attach files (≤ 20 MB) and download them.
 */
import { DownloadOutlined, MinusCircleOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select, Space, Table, Tag, Upload } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../shared/contract';
import type { AppErrorData } from '../../../../shared/result';
import { invoke } from '../../api/client';
import { useApp } from '../../app/AppContext';
import { PageHeader } from '../../components/PageHeader';
import { applyIssuesToForm, errorText } from '../../errors';
import { formatDate, formatMoney } from '../../format';
import { currentLanguage, intlLocale } from '../../i18n';
import { CustomerSelect } from '../pricing/pickers';
import { fill, useShipmentTexts } from './texts';

type ContractRow = Output<'contracts.list'>['rows'][number];
type Detail = Output<'contracts.get'>;
const MAX_BYTES = 20 * 1024 * 1024;

export function ContractsPage() {
  const { t } = useTranslation();
  const x = useShipmentTexts();
  const { currency, can } = useApp();
  const locale = intlLocale(currentLanguage());
  const money = (v: number) => formatMoney(v, currency, locale);
  const [rows, setRows] = useState<ContractRow[]>([]);
  const [total, setTotal] = useState(0);
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [editing, setEditing] = useState<Detail | 'new' | null>(null);

  const load = useCallback(async () => {
    const r = await invoke('contracts.list', { search: search || undefined, offset: (page - 1) * 50, limit: 50 });
    if (r.ok) {
      setRows(r.data.rows);
      setTotal(r.data.total);
    } else setError(r.error);
  }, [search, page]);
  useEffect(() => {
    void load();
  }, [load]);

  const open = async (id: number) => {
    const r = await invoke('contracts.get', { id });
    if (r.ok) setEditing(r.data);
    else setError(r.error);
  };

  return (
    <div className="sd-page" data-testid="page-contracts">
      <PageHeader
        title={x.contracts.title}
        subtitle={x.contracts.subtitle}
        extra={
          <Space>
            <Input.Search allowClear placeholder={x.contracts.searchPlaceholder} style={{ width: 240 }} onSearch={(v) => {
                setPage(1);
                setSearch(v.trim());
              }} />
            {can('customers.write') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="contracts-new">
                {x.contracts.create}
              </Button>
            )}
          </Space>
        }
      />
      {error && <Alert type="error" showIcon title={errorText(t, error)} style={{ marginBottom: 12 }} />}
      <Table
        size="small"
        rowKey="id"
        dataSource={rows}
        data-testid="contracts-table"
        onRow={(r) => ({ onClick: () => void open(r.id), style: { cursor: 'pointer' } })}
        pagination={{ current: page, pageSize: 50, total, showSizeChanger: false, showTotal: (n) => fill(x.contracts.totalCount, { n }), onChange: setPage }}
        columns={[
          { title: x.contracts.number, dataIndex: 'number', width: 150, render: (v: string) => <span className="sd-num">{v}</span> },
          { title: x.contracts.customer, dataIndex: 'customerName', ellipsis: true },
          { title: x.contracts.titleField, dataIndex: 'title', ellipsis: true, render: (v: string | null) => v ?? '' },
          { title: x.contracts.signedOn, dataIndex: 'signedOn', width: 110, render: (v: string) => formatDate(v, locale) },
          { title: x.contracts.amount, dataIndex: 'amount', align: 'right', width: 140, render: (v: number) => <span className="sd-num">{money(v)}</span> },
          { title: x.contracts.planned, dataIndex: 'plannedTotal', align: 'right', width: 140, render: (v: number) => <span className="sd-num">{money(v)}</span> },
          { title: x.contracts.terms, dataIndex: 'paymentTermsDays', align: 'right', width: 110 },
          { title: x.contracts.status, dataIndex: 'status', width: 90, render: (v: ContractRow['status']) => <Tag color={v === 'active' ? 'green' : 'default'}>{x.contracts.statuses[v]}</Tag> },
          { title: x.contracts.files, dataIndex: 'files', align: 'right', width: 70 },
        ]}
      />
      {editing && (
        <ContractEditor
          initial={editing === 'new' ? null : editing}
          onClose={(saved) => {
            setEditing(null);
            if (saved) void load();
          }}
        />
      )}
    </div>
  );
}

interface FormValues {
  customerId?: number;
  number?: string;
  title?: string;
  signedOn: Dayjs;
  startsOn: Dayjs;
  endsOn?: Dayjs | null;
  amount: number;
  paymentTermsDays: number;
  status: ContractRow['status'];
  notes?: string;
  instalments: { dueDate: Dayjs; amount: number; note?: string }[];
}

const toMinor = (major: number | null | undefined) => Math.round((major ?? 0) * 100);
/** Thousands separators in money inputs (1,200,000.00), stripped again when parsed. */
const grouped = {
  formatter: (v: number | string | undefined) => (v === undefined || v === '' ? '' : String(v).replace(/\B(?=(\d{3})+(?!\d))/g, ',')),
  parser: (v: string | undefined) => (v ?? '').replace(/,/g, ''),
};
const sizeText = (bytes: number) => (bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

function ContractEditor({ initial, onClose }: { initial: Detail | null; onClose: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const x = useShipmentTexts();
  const { message } = App.useApp();
  const { currency, can } = useApp();
  const locale = intlLocale(currentLanguage());
  const [form] = Form.useForm<FormValues>();
  const [busy, setBusy] = useState(false);
  const [detail, setDetail] = useState<Detail | null>(initial);
  const canWrite = can('customers.write');
  const amount = Form.useWatch('amount', form) ?? 0;
  const plan = (Form.useWatch('instalments', form) ?? []) as FormValues['instalments'];
  const planned = plan.reduce((a, i) => a + toMinor(i?.amount), 0);

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v?.customerId) return;
    setBusy(true);
    const r = await invoke('contracts.save', {
      ...(detail ? { id: detail.id } : {}),
      customerId: v.customerId,
      ...(v.number?.trim() ? { number: v.number.trim() } : {}),
      title: v.title?.trim() || null,
      signedOn: v.signedOn.format('YYYY-MM-DD'),
      startsOn: v.startsOn.format('YYYY-MM-DD'),
      endsOn: v.endsOn ? v.endsOn.format('YYYY-MM-DD') : null,
      amount: toMinor(v.amount),
      paymentTermsDays: v.paymentTermsDays,
      status: v.status,
      notes: v.notes?.trim() || null,
      instalments: (v.instalments ?? []).map((i) => ({ dueDate: i.dueDate.format('YYYY-MM-DD'), amount: toMinor(i.amount), note: i.note?.trim() || null })),
    });
    setBusy(false);
    if (!r.ok) {
      applyIssuesToForm(form, t, r.error);
      void message.error(errorText(t, r.error));
      return;
    }
    void message.success(t('common.saved'));
    setDetail(r.data);
    if (!detail) onClose(true);
  };

  const attach = async (file: File) => {
    if (!detail) return;
    if (file.size > MAX_BYTES) return void message.error(x.contracts.tooLarge);
    const contentBase64 = await readBase64(file);
    const r = await invoke('contracts.attach', { contractId: detail.id, fileName: file.name.slice(0, 200), mime: file.type.slice(0, 100) || 'application/octet-stream', size: file.size, contentBase64 });
    if (!r.ok) return void message.error(errorText(t, r.error));
    void message.success(fill(x.contracts.uploaded, { name: file.name }));
    setDetail({ ...detail, fileList: [...detail.fileList, r.data], files: detail.files + 1 });
  };

  const download = async (fileId: number) => {
    const r = await invoke('contracts.file', { fileId });
    if (!r.ok) return void message.error(errorText(t, r.error));
    const bytes = Uint8Array.from(atob(r.data.contentBase64), (c) => c.charCodeAt(0));
    const url = URL.createObjectURL(new Blob([bytes], { type: r.data.mime }));
    const a = document.createElement('a');
    a.href = url;
    a.download = r.data.fileName;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  const d = initial;
  return (
    <Modal
      open
      width={900}
      title={d ? `${x.contracts.edit} · ${d.number}` : x.contracts.create}
      onCancel={() => onClose(detail !== initial)}
      onOk={() => void submit()}
      okButtonProps={{ disabled: !canWrite }}
      okText={t('common.save')}
      cancelText={t('common.close')}
      confirmLoading={busy}
    >
      <Form
        form={form}
        layout="vertical"
        data-testid="contract-form"
        initialValues={{
          customerId: d?.customerId,
          number: d?.number,
          title: d?.title ?? '',
          signedOn: d ? dayjs(d.signedOn) : dayjs(),
          startsOn: d ? dayjs(d.startsOn) : dayjs(),
          endsOn: d?.endsOn ? dayjs(d.endsOn) : null,
          amount: d ? d.amount / 100 : 0,
          paymentTermsDays: d?.paymentTermsDays ?? 30,
          status: d?.status ?? 'active',
          notes: d?.notes ?? '',
          instalments: (d?.instalments ?? []).map((i) => ({ dueDate: dayjs(i.dueDate), amount: i.amount / 100, note: i.note ?? '' })),
        }}
      >
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="customerId" label={x.contracts.customer} rules={[{ required: true }]}>
              {d ? <Select disabled options={[{ value: d.customerId, label: d.customerName }]} /> : <CustomerSelect placeholder={x.contracts.customerPlaceholder} testId="contract-customer" />}
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="number" label={x.contracts.number}>
              <Input placeholder={x.contracts.numberAuto} maxLength={40} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="status" label={x.contracts.status}>
              <Select options={(['draft', 'active', 'completed', 'terminated'] as const).map((s) => ({ value: s, label: x.contracts.statuses[s] }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="title" label={x.contracts.titleField}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="amount" label={x.contracts.amount} rules={[{ required: true }]}>
              <InputNumber min={0} precision={2} style={{ width: '100%' }} data-testid="contract-amount" {...grouped} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="paymentTermsDays" label={x.contracts.terms} rules={[{ required: true }]}>
              <InputNumber min={0} max={3650} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="signedOn" label={x.contracts.signedOn} rules={[{ required: true }]}>
              <DatePicker style={{ width: '100%' }} allowClear={false} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="startsOn" label={x.contracts.startsOn} rules={[{ required: true }]}>
              <DatePicker style={{ width: '100%' }} allowClear={false} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="endsOn" label={x.contracts.endsOn}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <div style={{ fontWeight: 500, marginBottom: 8 }}>
          {x.contracts.plan}{' '}
          <span style={{ fontWeight: 400, color: planned > toMinor(amount) ? '#cf1322' : 'rgba(0,0,0,0.45)' }}>
            {x.contracts.planned} {formatMoney(planned, currency, locale)} / {formatMoney(toMinor(amount), currency, locale)}
          </span>
        </div>
        {planned > toMinor(amount) && (
          <Alert type="error" showIcon style={{ marginBottom: 8 }} title={fill(x.contracts.planOver, { planned: formatMoney(planned, currency, locale), amount: formatMoney(toMinor(amount), currency, locale) })} />
        )}
        <Form.List name="instalments">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline">
                  <Form.Item name={[f.name, 'dueDate']} rules={[{ required: true }]}>
                    <DatePicker placeholder={x.contracts.dueDate} allowClear={false} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'amount']} rules={[{ required: true }]}>
                    <InputNumber min={0.01} precision={2} placeholder={x.contracts.instalmentAmount} style={{ width: 160 }} {...grouped} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'note']}>
                    <Input placeholder={x.contracts.note} maxLength={200} style={{ width: 260 }} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(f.name)} aria-label={t('common.remove')} />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ dueDate: dayjs().add(1, 'month'), amount: null })} block>
                {x.contracts.addInstalment}
              </Button>
            </>
          )}
        </Form.List>
        <Form.Item name="notes" label={x.contracts.notes} style={{ marginTop: 12 }}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
      <div style={{ fontWeight: 500, marginBottom: 8 }}>{x.contracts.files}</div>
      {detail ? (
        <>
          {detail.fileList.map((f) => (
            <div key={f.id}>
              <Button type="link" size="small" icon={<DownloadOutlined />} onClick={() => void download(f.id)}>
                {f.fileName}
              </Button>
              <span style={{ color: 'rgba(0,0,0,0.45)' }}>{sizeText(f.size)}</span>
            </div>
          ))}
          {canWrite && (
            <Upload showUploadList={false} beforeUpload={(file) => {
                void attach(file);
                return false;
              }}>
              <Button icon={<UploadOutlined />} size="small" style={{ marginTop: 4 }}>
                {x.contracts.attach}
              </Button>
            </Upload>
          )}
        </>
      ) : (
        <span style={{ color: 'rgba(0,0,0,0.45)' }}>{x.contracts.saveFirst}</span>
      )}
    </Modal>
  );
}

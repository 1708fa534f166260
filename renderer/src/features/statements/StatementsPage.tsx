/**
 * Statements of account 对账单: pick a customer and a period (quick ranges 本月 / 上月 / 本季 /
 * 本年), read the statement on screen (Descriptions, summary, lines with running balance, aging),
 * download it as PDF in Chinese or English, or generate a batch of PDFs into one folder.
 * The PDF is rendered in the main process (statements.pdf) from the same data.
 */
import { DownloadOutlined, FileDoneOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Descriptions, Empty, Form, Input, List, Modal, Segmented, Space, Spin, Table, Tag, Typography } from 'antd';
import type { ButtonProps } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../shared/contract';
import type { AppErrorData } from '../../../../shared/result';
import type { Statement, StatementLanguage, StatementLine } from '../../../../shared/schemas/statements';
import { invoke, onEvent } from '../../api/client';
import { useApp } from '../../app/AppContext';
import { PageHeader } from '../../components/PageHeader';
import { errorText } from '../../errors';
import { formatMoney, minorDigits, parseDecimalToMinor } from '../../format';
import { currentLanguage, intlLocale } from '../../i18n';
import { CustomerSelect } from '../pricing/pickers';
import { agingLabels, fill, useStatementTexts } from './texts';

type Range = [Dayjs, Dayjs];
const NOWRAP = { whiteSpace: 'nowrap' } as const;
const ISO = 'YYYY-MM-DD';

function quickRanges(today: Dayjs): Record<'thisMonth' | 'lastMonth' | 'thisQuarter' | 'thisYear', Range> {
  const q = today.month(Math.floor(today.month() / 3) * 3).startOf('month');
  const last = today.subtract(1, 'month');
  return {
    thisMonth: [today.startOf('month'), today.endOf('month')],
    lastMonth: [last.startOf('month'), last.endOf('month')],
    thisQuarter: [q, q.add(2, 'month').endOf('month')],
    thisYear: [today.startOf('year'), today.endOf('year')],
  };
}

/** A base64 PDF saved through the browser's download (Electron asks where to save it). */
function saveBase64(fileName: string, base64: string): void {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

type Row = StatementLine | { kind: 'openingRow'; date: string; balance: number };
const spanned = (r: Row) => ({ colSpan: r.kind === 'openingRow' ? 0 : 1 });

export function StatementsPage() {
  const { t } = useTranslation();
  const x = useStatementTexts();
  const { message } = App.useApp();
  const { currency } = useApp();
  const locale = intlLocale(currentLanguage());
  const money = useCallback((v: number) => formatMoney(v, currency, locale), [currency, locale]);
  const ranges = useMemo(() => quickRanges(dayjs()), []);
  const [customerId, setCustomerId] = useState<number | undefined>();
  const [range, setRange] = useState<Range>(ranges.thisMonth);
  const [language, setLanguage] = useState<StatementLanguage>(currentLanguage());
  const [statement, setStatement] = useState<Statement | null>(null);
  const [loading, setLoading] = useState(false);
  const [pdfBusy, setPdfBusy] = useState(false);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [batchOpen, setBatchOpen] = useState(false);

  const from = range[0].format(ISO);
  const to = range[1].format(ISO);

  const load = useCallback(async () => {
    if (!customerId) {
      setStatement(null);
      return;
    }
    setLoading(true);
    const r = await invoke('statements.get', { customerId, from, to });
    setLoading(false);
    if (r.ok) {
      setStatement(r.data);
      setError(null);
    } else {
      setStatement(null);
      setError(r.error);
    }
  }, [customerId, from, to]);

  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => onEvent((name) => name === 'receivables.changed' && void load()), [load]);

  const explain = (e: AppErrorData) => ((e.details as { reason?: string } | undefined)?.reason === 'no_pdf_renderer' ? x.noPdf : errorText(t, e));

  const download = async () => {
    if (!customerId) return;
    setPdfBusy(true);
    const r = await invoke('statements.pdf', { customerId, from, to, language });
    setPdfBusy(false);
    if (!r.ok) {
      message.error(explain(r.error));
      return;
    }
    saveBase64(r.data.fileName, r.data.pdfBase64);
    message.success(fill(x.downloaded, { file: r.data.fileName, pages: r.data.pages ?? '?' }));
  };

  const columns: ColumnsType<Row> = [
    { title: x.columns.date, dataIndex: 'date', width: 110 },
    {
      title: x.columns.kind,
      key: 'kind',
      width: 120,
      // The opening row's label spans type, document, due date and memo.
      onCell: (r) => ({ colSpan: r.kind === 'openingRow' ? 4 : 1 }),
      render: (_, r) => (r.kind === 'openingRow' ? <strong>{x.rows.opening}</strong> : <Tag color={r.debit ? 'blue' : 'green'}>{x.kinds[r.kind]}</Tag>),
    },
    { title: x.columns.number, key: 'number', width: 170, onCell: spanned, render: (_, r) => (r.kind === 'openingRow' ? '' : r.number) },
    { title: x.columns.dueDate, key: 'due', width: 110, onCell: spanned, render: (_, r) => (r.kind === 'openingRow' ? '' : (r.dueDate ?? '')) },
    { title: x.columns.memo, key: 'memo', ellipsis: true, onCell: spanned, render: (_, r) => (r.kind === 'openingRow' ? '' : (r.memo ?? '')) },
    { title: x.columns.debit, key: 'debit', align: 'right', width: 150, className: 'sd-num', render: (_, r) => (r.kind !== 'openingRow' && r.debit ? money(r.debit) : '') },
    { title: x.columns.credit, key: 'credit', align: 'right', width: 160, className: 'sd-num', render: (_, r) => (r.kind !== 'openingRow' && r.credit ? money(r.credit) : '') },
    { title: x.columns.balance, key: 'balance', align: 'right', width: 160, className: 'sd-num', render: (_, r) => <span style={{ fontWeight: r.kind === 'openingRow' ? 600 : undefined }}>{money(r.balance)}</span> },
  ];

  const rows: Row[] = statement ? [{ kind: 'openingRow', date: statement.from, balance: statement.openingBalance }, ...statement.lines] : [];

  return (
    <div className="sd-page" data-testid="page-statements">
      <PageHeader title={t('nav.statements')} subtitle={x.subtitle} />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap size={[16, 8]} align="center">
          <Space size={6}>
            <span style={NOWRAP}>{x.customer}</span>
            <CustomerSelect value={customerId} onChange={(v) => setCustomerId(v)} placeholder={x.customerPlaceholder} style={{ width: 300 }} testId="statement-customer" />
          </Space>
          <Space size={6}>
            <span style={NOWRAP}>{x.period}</span>
            <DatePicker.RangePicker
              value={range}
              allowClear={false}
              data-testid="statement-period"
              onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
              presets={(Object.keys(ranges) as (keyof typeof ranges)[]).map((k) => ({ label: x.presets[k], value: ranges[k] }))}
            />
            {(Object.keys(ranges) as (keyof typeof ranges)[]).map((k) => (
              <Button key={k} size="small" type="link" data-testid={`statement-preset-${k}`} onClick={() => setRange(ranges[k])}>
                {x.presets[k]}
              </Button>
            ))}
          </Space>
          <Space size={6}>
            <span style={NOWRAP}>{x.language}</span>
            <Segmented<StatementLanguage>
              value={language}
              onChange={setLanguage}
              data-testid="statement-language"
              options={[
                { label: x.languages.zh, value: 'zh-CN' },
                { label: x.languages.en, value: 'en' },
              ]}
            />
          </Space>
          <Space size={8}>
            <Button icon={<ReloadOutlined />} onClick={() => void load()} disabled={!customerId}>
              {x.refresh}
            </Button>
            <Button type="primary" icon={<DownloadOutlined />} loading={pdfBusy} disabled={!statement} onClick={() => void download()} data-testid="statement-download">
              {x.download}
            </Button>
            <Button icon={<FileDoneOutlined />} onClick={() => setBatchOpen(true)} data-testid="statement-batch">
              {x.batch}
            </Button>
          </Space>
        </Space>
      </Card>

      {error && <Alert type="error" showIcon title={errorText(t, error)} style={{ marginBottom: 12 }} />}
      {!customerId && <Empty description={x.pickCustomer} style={{ marginTop: 48 }} />}
      {customerId && (
        <Spin spinning={loading}>
          {statement && <StatementView s={statement} rows={rows} columns={columns} money={money} />}
        </Spin>
      )}
      <BatchDialog open={batchOpen} onClose={() => setBatchOpen(false)} from={from} to={to} language={language} explain={explain} />
    </div>
  );
}

function StatementView({ s, rows, columns, money }: { s: Statement; rows: Row[]; columns: ColumnsType<Row>; money: (v: number) => string }) {
  const x = useStatementTexts();
  const c = s.customer;
  const summary: [string, number][] = [
    [x.summary.opening, s.openingBalance],
    [x.summary.invoiced, s.totals.invoiced],
    [x.summary.received, s.totals.received],
    [x.summary.credited, s.totals.credited],
    [x.summary.writtenOff, s.totals.writtenOff],
    [x.summary.closing, s.closingBalance],
  ];
  const labels = agingLabels(s.aging.bounds, x);
  const agingCells: [string, number][] = [
    ...labels.map((l, i): [string, number] => [l, s.aging.buckets[i] ?? 0]),
    [x.aging.openItems, s.aging.openItems],
    [x.aging.unapplied, s.aging.unappliedCredits],
    [x.aging.net, s.aging.openItems - s.aging.unappliedCredits],
  ];
  return (
    <Card data-testid="statement-view" title={fill(x.header.title, { company: s.company.name })}>
      <Descriptions size="small" column={3} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={x.header.customer}>{`${c.code}  ${c.name}`}</Descriptions.Item>
        <Descriptions.Item label={x.header.period}>{fill(x.header.periodText, { from: s.from, to: s.to })}</Descriptions.Item>
        <Descriptions.Item label={x.header.currency}>{s.currency}</Descriptions.Item>
        <Descriptions.Item label={x.header.address}>{c.address ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={x.header.contact} span={2}>
          {[c.contact, c.phone].filter(Boolean).join('  ') || '—'}
        </Descriptions.Item>
      </Descriptions>
      <Descriptions bordered size="small" layout="vertical" column={6} style={{ marginBottom: 16 }} data-testid="statement-summary">
        {summary.map(([k, v]) => (
          <Descriptions.Item key={k} label={k}>
            <div className="sd-num" style={{ textAlign: 'right', fontWeight: k === x.summary.closing ? 600 : undefined }}>
              {money(v)}
            </div>
          </Descriptions.Item>
        ))}
      </Descriptions>
      <Table<Row>
        size="small"
        bordered
        rowKey={(r, i) => `${r.kind}-${r.kind === 'openingRow' ? '' : r.number}-${i}`}
        columns={columns}
        dataSource={rows}
        pagination={rows.length > 200 ? { defaultPageSize: 100, showSizeChanger: true } : false}
        locale={{ emptyText: x.noLines }}
        data-testid="statement-lines"
        summary={() => (
          <>
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={5}>
                <strong>{x.rows.total}</strong>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={5} align="right" className="sd-num">
                <strong>{money(s.totals.debit)}</strong>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={6} align="right" className="sd-num">
                <strong>{money(s.totals.credit)}</strong>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={7} />
            </Table.Summary.Row>
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>{s.to}</Table.Summary.Cell>
              <Table.Summary.Cell index={1} colSpan={6}>
                <strong>{x.rows.closing}</strong>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={7} align="right" className="sd-num">
                <strong data-testid="statement-closing">{money(s.closingBalance)}</strong>
              </Table.Summary.Cell>
            </Table.Summary.Row>
          </>
        )}
      />
      <Typography.Title level={5} style={{ marginTop: 20 }}>
        {fill(x.aging.title, { date: s.aging.asOf })}
      </Typography.Title>
      <Descriptions bordered size="small" layout="vertical" column={agingCells.length} data-testid="statement-aging">
        {agingCells.map(([k, v]) => (
          <Descriptions.Item key={k} label={<span style={NOWRAP}>{k}</span>}>
            <div className="sd-num" style={{ textAlign: 'right' }}>
              {money(v)}
            </div>
          </Descriptions.Item>
        ))}
      </Descriptions>
    </Card>
  );
}

function BatchDialog(props: { open: boolean; onClose: () => void; from: string; to: string; language: StatementLanguage; explain: (e: AppErrorData) => string }) {
  const x = useStatementTexts();
  const { currency } = useApp();
  const [form] = Form.useForm<{ minBalance?: string }>();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Output<'statements.batch'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const digits = minorDigits(currency);

  useEffect(() => {
    if (props.open) {
      setResult(null);
      setError(null);
    }
  }, [props.open]);

  const run = async () => {
    const v = await form.validateFields();
    const text = v.minBalance?.trim();
    const minBalance = text ? (parseDecimalToMinor(text, digits) ?? undefined) : undefined;
    setBusy(true);
    setError(null);
    const r = await invoke('statements.batch', { from: props.from, to: props.to, language: props.language, ...(minBalance === undefined ? {} : { minBalance }) });
    setBusy(false);
    if (r.ok) setResult(r.data);
    else setError(props.explain(r.error));
  };

  const shown = result?.files.slice(0, 8) ?? [];
  return (
    <Modal
      open={props.open}
      title={x.batchDialog.title}
      onCancel={props.onClose}
      onOk={() => (result ? props.onClose() : void run())}
      okText={result ? undefined : x.batchDialog.run}
      okButtonProps={{ 'data-testid': 'statement-batch-run' } as ButtonProps}
      confirmLoading={busy}
      width={640}
      destroyOnHidden
    >
      <Typography.Paragraph data-testid="statement-batch-dialog">{fill(x.batchDialog.hint, { from: props.from, to: props.to })}</Typography.Paragraph>
      {!result && (
        <Form form={form} layout="vertical">
          <Form.Item
            name="minBalance"
            label={x.batchDialog.minBalance}
            extra={x.batchDialog.minBalanceHelp}
            rules={[{ validator: async (_, v?: string) => (!v?.trim() || parseDecimalToMinor(v, digits) !== null ? undefined : Promise.reject(new Error(x.batchDialog.invalidAmount))) }]}
          >
            <Input style={{ width: 220 }} inputMode="decimal" data-testid="statement-batch-min" />
          </Form.Item>
        </Form>
      )}
      {busy && <Alert type="info" showIcon title={x.batchDialog.running} />}
      {error && <Alert type="error" showIcon title={error} />}
      {result && (
        <div data-testid="statement-batch-result">
          <Alert type={result.count ? 'success' : 'info'} showIcon title={result.count ? fill(x.batchDialog.done, { count: result.count }) : x.batchDialog.none} style={{ marginBottom: 12 }} />
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={x.batchDialog.folder}>
              <Typography.Text copyable style={{ wordBreak: 'break-all' }} data-testid="statement-batch-folder">
                {result.folder}
              </Typography.Text>
            </Descriptions.Item>
            {result.count > 0 && (
              <Descriptions.Item label={x.batchDialog.files}>
                <List
                  size="small"
                  dataSource={shown}
                  renderItem={(f) => <List.Item style={{ padding: '2px 0', wordBreak: 'break-all' }}>{f.fileName}</List.Item>}
                  footer={result.count > shown.length ? fill(x.batchDialog.more, { n: result.count - shown.length }) : undefined}
                />
              </Descriptions.Item>
            )}
          </Descriptions>
        </div>
      )}
    </Modal>
  );
}

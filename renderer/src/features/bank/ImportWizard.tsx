/**
 * Import a bank statement in three steps: upload (the file is parsed in main, nothing stored),
 * column mapping (a bank preset or the guessed mapping, sample values per column, save as
 * preset), and the summary of what was imported (new, duplicates of which line, outgoing
 * skipped, row errors, repeated lines).
 */
import { InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Input, Modal, Select, Space, Spin, Statistic, Steps, Table, Tooltip, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../shared/contract';
import type { AppErrorData } from '../../../../shared/result';
import { BANK_FIELDS, type BankField, type BankMapping } from '../../../../shared/schemas/bank';
import { invoke } from '../../api/client';
import { errorText } from '../../errors';
import { formatDateTime } from '../../format';
import { currentLanguage, intlLocale } from '../../i18n';
import { fill, useBankTexts } from './texts';

type Parsed = Output<'bank.parse'>;
type Summary = Output<'bank.import'>;
type Preset = Output<'bank.presets'>[number];

const ACCOUNT_KEY = 'salesdesk.bank.account';

function readBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => {
      const s = String(r.result);
      resolve(s.slice(s.indexOf(',') + 1));
    };
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}

/** A preset's header names spelled as the file spells them (compared loosely), unknown ones dropped. */
function presetOnFile(mapping: BankMapping, headers: readonly string[]): BankMapping {
  const norm = (h: string) => h.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, '');
  const out: BankMapping = {};
  for (const f of BANK_FIELDS) {
    const want = mapping[f];
    const h = want ? headers.find((x) => norm(x) === norm(want)) : undefined;
    if (h) out[f] = h;
  }
  return out;
}

export function ImportWizard({ onClose }: { onClose: (importId: number | null) => void }) {
  const { t } = useTranslation();
  const x = useBankTexts();
  const { message } = App.useApp();
  const locale = intlLocale(currentLanguage());
  const [step, setStep] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null);
  const [parsed, setParsed] = useState<Parsed | null>(null);
  const [presets, setPresets] = useState<Preset[]>([]);
  const [preset, setPreset] = useState<string | null>(null);
  const [mapping, setMapping] = useState<BankMapping>({});
  // Remembered between imports: serial-number fingerprints include our account.
  const [account, setAccount] = useState(() => window.localStorage.getItem(ACCOUNT_KEY) ?? '');
  const [presetName, setPresetName] = useState('');
  const [summary, setSummary] = useState<Summary | null>(null);

  useEffect(() => {
    void invoke('bank.presets', {}).then((r) => r.ok && setPresets(r.data));
  }, []);

  const errText = (e: AppErrorData) => {
    const d = (e.details ?? {}) as { code?: string; field?: string; header?: string };
    const key = d.code as keyof typeof x.errors | undefined;
    if (key && key in x.errors) return fill(x.errors[key], { field: d.field ? (x.mapping.fields[d.field as BankField] ?? d.field) : '', header: d.header ?? '' });
    return e.code === 'VALIDATION' ? e.message : errorText(t, e);
  };

  async function onFile(f: File) {
    setBusy(true);
    setError(null);
    const base64 = await readBase64(f);
    const r = await invoke('bank.parse', { fileName: f.name.slice(0, 200), contentBase64: base64 });
    setBusy(false);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setFile({ name: f.name.slice(0, 200), base64 });
    setParsed(r.data);
    setMapping(r.data.mapping);
    setPreset(r.data.preset);
    setStep(1);
  }

  async function doImport() {
    if (!file || !parsed) return;
    setBusy(true);
    setError(null);
    const r = await invoke('bank.import', { fileName: file.name, contentBase64: file.base64, mapping, account: account.trim() || undefined, bank: preset ?? undefined });
    setBusy(false);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    if (account.trim()) window.localStorage.setItem(ACCOUNT_KEY, account.trim());
    setSummary(r.data);
    setStep(2);
  }

  async function savePreset() {
    const r = await invoke('bank.savePreset', { name: presetName.trim(), mapping });
    if (!r.ok) {
      setError(r.error);
      return;
    }
    message.success(x.mapping.presetSaved);
    setPreset(r.data.name);
    const all = await invoke('bank.presets', {});
    if (all.ok) setPresets(all.data);
  }

  const samples = (header: string | undefined) => {
    if (!header || !parsed) return '';
    const i = parsed.headers.indexOf(header);
    return parsed.firstRows
      .map((r) => r[i] ?? '')
      .filter((v) => v !== '')
      .slice(0, 3)
      .join(' · ');
  };
  const hasAmount = !!(mapping.credit || mapping.amount);

  const uploadStep = (
    <Spin spinning={busy} description={x.upload.parsing}>
      <Upload.Dragger accept=".csv,.txt,.xlsx" multiple={false} showUploadList={false} beforeUpload={(f) => {
          void onFile(f);
          return false;
        }} data-testid="bank-upload">
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{x.upload.drag}</p>
        <p className="ant-upload-hint">{x.upload.hint}</p>
      </Upload.Dragger>
    </Spin>
  );

  const mappingStep = parsed && (
    <Space orientation="vertical" style={{ width: '100%' }} size={12}>
      <Typography.Text type="secondary">{fill(x.upload.fileInfo, { file: parsed.fileName, rows: parsed.rowCount, encoding: parsed.encoding ?? 'XLSX' })}</Typography.Text>
      {parsed.importedBefore && (
        <Alert type="warning" showIcon title={fill(x.upload.importedBefore, { at: formatDateTime(parsed.importedBefore.importedAt, locale), id: parsed.importedBefore.importId })} data-testid="bank-imported-before" />
      )}
      <Space wrap>
        <span>{x.mapping.preset}</span>
        <Select
          style={{ width: 200 }}
          value={preset ?? ''}
          data-testid="bank-preset"
          onChange={(v: string) => {
            setPreset(v || null);
            const p = presets.find((q) => q.name === v);
            setMapping(p ? presetOnFile(p.mapping, parsed.headers) : parsed.mapping);
          }}
          options={[{ value: '', label: x.mapping.presetNone }, ...presets.map((p) => ({ value: p.name, label: p.name }))]}
        />
        {parsed.preset && <Typography.Text type="success">{fill(x.mapping.presetDetected, { name: parsed.preset })}</Typography.Text>}
      </Space>
      <Table
        size="small"
        rowKey="field"
        pagination={false}
        data-testid="bank-mapping"
        dataSource={BANK_FIELDS.map((field) => ({ field }))}
        columns={[
          { title: x.mapping.field, dataIndex: 'field', width: 190, render: (f: BankField) => <span style={{ whiteSpace: 'nowrap' }}>{x.mapping.fields[f]}</span> },
          {
            title: x.mapping.column,
            dataIndex: 'field',
            width: 240,
            render: (f: BankField) => (
              <Select
                style={{ width: '100%' }}
                value={mapping[f] ?? ''}
                data-testid={`bank-map-${f}`}
                onChange={(v: string) => setMapping((m) => ({ ...m, [f]: v || undefined }))}
                options={[{ value: '', label: x.mapping.notMapped }, ...parsed.headers.map((h) => ({ value: h, label: h }))]}
              />
            ),
          },
          { title: x.mapping.sample, dataIndex: 'field', ellipsis: true, render: (f: BankField) => <Typography.Text type="secondary">{samples(mapping[f])}</Typography.Text> },
        ]}
      />
      {!hasAmount && <Alert type="error" showIcon title={x.mapping.needAmount} />}
      <Space wrap>
        {!mapping.account && (
          <>
            <Tooltip title={x.mapping.accountHint}>
              <span>{x.mapping.account}</span>
            </Tooltip>
            <Input style={{ width: 220 }} maxLength={60} value={account} onChange={(e) => setAccount(e.target.value)} data-testid="bank-account" />
          </>
        )}
        <Input style={{ width: 180 }} maxLength={50} placeholder={x.mapping.presetName} value={presetName} onChange={(e) => setPresetName(e.target.value)} />
        <Button disabled={!presetName.trim()} onClick={() => void savePreset()}>
          {x.mapping.savePreset}
        </Button>
      </Space>
    </Space>
  );

  const issueColumns = [
    { title: x.summary.row, dataIndex: 'row', width: 70 },
    { title: x.summary.field, dataIndex: 'field', width: 150, render: (f: string) => x.mapping.fields[f as BankField] ?? f },
    { title: x.summary.problem, dataIndex: 'message' },
  ];
  const summaryStep = summary && (
    <Space orientation="vertical" style={{ width: '100%' }} size={12} data-testid="bank-summary">
      <Space size={32} wrap>
        <Statistic title={x.summary.rows} value={summary.rows} />
        <Statistic title={x.summary.newLines} value={summary.newLines} styles={{ content: { color: '#237804' } }} />
        <Statistic title={x.summary.proposed} value={summary.proposed} />
        <Statistic title={x.summary.duplicates} value={summary.duplicateCount} />
        <Statistic title={x.summary.outgoing} value={summary.outgoing} />
        <Statistic title={x.summary.errors} value={summary.errorCount} styles={{ content: { color: summary.errorCount ? '#cf1322' : undefined } }} />
      </Space>
      {summary.importId === null && <Alert type="info" showIcon title={fill(x.summary.nothingNew, { n: summary.duplicateCount })} data-testid="bank-nothing-new" />}
      {summary.repeats.length > 0 && (
        <Alert type="warning" showIcon title={summary.repeats.map((r) => fill(x.summary.repeat, { row: r.row, same: r.sameAsRow })).join('；')} />
      )}
      {summary.errors.length > 0 && <Table size="small" rowKey={(r) => `${r.row}-${r.field}`} pagination={false} dataSource={summary.errors} columns={issueColumns} scroll={{ y: 160 }} />}
      {summary.duplicates.length > 0 && (
        <div style={{ maxHeight: 140, overflow: 'auto' }} data-testid="bank-duplicates">
          <Typography.Text strong>{x.summary.duplicates}</Typography.Text>
          {summary.duplicates.map((d) => (
            <div key={d.row}>
              <Typography.Text type="secondary">{fill(x.summary.duplicateOf, { row: d.row, imp: d.ofImportId ?? '', file: d.ofFileName, line: d.ofLineNo })}</Typography.Text>
            </div>
          ))}
        </div>
      )}
      {summary.notes.length > 0 && (
        <Typography.Text type="secondary">
          {x.summary.notes}: {summary.notes.slice(0, 5).map((n) => `${n.row}: ${n.message}`).join('；')}
        </Typography.Text>
      )}
    </Space>
  );

  const footer =
    step === 1 ? (
      <Space>
        <Button onClick={() => setStep(0)}>{x.mapping.back}</Button>
        <Button type="primary" loading={busy} disabled={!hasAmount || !mapping.date} onClick={() => void doImport()} data-testid="bank-do-import">
          {x.mapping.import}
        </Button>
      </Space>
    ) : step === 2 ? (
      <Button type="primary" onClick={() => onClose(summary?.importId ?? null)} data-testid="bank-summary-done">
        {x.summary.done}
      </Button>
    ) : null;

  return (
    <Modal open width={920} style={{ top: 24 }} title={x.importButton} onCancel={() => onClose(summary?.importId ?? null)} footer={footer} maskClosable={false} destroyOnHidden>
      <Steps current={step} size="small" style={{ marginBottom: 16 }} items={[{ title: x.steps.upload }, { title: x.steps.mapping }, { title: x.steps.summary }]} />
      {error && <Alert type="error" showIcon title={errText(error)} style={{ marginBottom: 12 }} data-testid="bank-error" />}
      {step === 0 && uploadStep}
      {step === 1 && mappingStep}
      {step === 2 && summaryStep}
    </Modal>
  );
}

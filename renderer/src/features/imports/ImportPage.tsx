/**
 * Import wizard 数据导入: kind → file → column mapping (guessed from Chinese/English headers,
 * presets per kind) → preview with per-row errors in a grid → commit with progress and cancel →
 * summary. The file is parsed and kept in main; this screen only holds the import id, the
 * headers, the first rows and the issues.
 */
import { DeleteOutlined, InboxOutlined, SaveOutlined, ThunderboltOutlined } from '@ant-design/icons';
import type { ColDef } from 'ag-grid-community';
import { Alert, App, Button, Card, Descriptions, Empty, Input, Progress, Radio, Result, Select, Space, Spin, Statistic, Steps, Table, Tag, Typography, Upload } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../../../shared/result';
import {
  IMPORT_FIELDS,
  IMPORT_KINDS,
  IMPORT_ONE_OF,
  MAX_IMPORT_BYTES,
  type ImportCommitOutput,
  type ImportIssue,
  type ImportKind,
  type ImportParseOutput,
  type ImportPreset,
  type ImportPreviewOutput,
  type ImportProgress,
  guessMapping,
} from '../../../../shared/schemas/imports';
import type { Permission } from '../../../../shared/permissions';
import { invoke, onEvent } from '../../api/client';
import { useApp } from '../../app/AppContext';
import { DataGrid } from '../../components/DataGrid';
import { PageHeader } from '../../components/PageHeader';
import { errorText } from '../../errors';
import { formatInteger } from '../../format';
import { currentLanguage, intlLocale } from '../../i18n';
import { NUMBER_COLUMN } from '../../theme';
import { importsEn as importsEnTexts } from '../../i18n/en';
import { fill, pick, useImportTexts } from './texts';

const KIND_PERMISSIONS: Record<ImportKind, Permission[]> = {
  customers: ['customers.write'],
  products: ['products.write'],
  price_list_items: ['prices.write'],
  sales_history: ['customers.write', 'customers.read_all'],
  opening_receivables: ['receivables.write'],
};

type Step = 0 | 1 | 2 | 3 | 4;
type Mapping = Record<string, string>;

/** The import's own code of a refused file or sheet (details.code), if any. */
function fileErrorCode(e: AppErrorData): string | null {
  const code = (e.details as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : null;
}

/** File → base64 without the data-URL prefix (FileReader handles 50 MB without building a string per byte). */
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

export function ImportPage() {
  const { t } = useTranslation();
  const m = useImportTexts();
  const app = useApp();
  const { message } = App.useApp();
  const lng = currentLanguage();
  const locale = intlLocale(lng);
  const allowedKinds = IMPORT_KINDS.filter((k) => KIND_PERMISSIONS[k].every((p) => app.can(p)));

  const [step, setStep] = useState<Step>(0);
  const [kind, setKind] = useState<ImportKind>(allowedKinds.includes('sales_history') ? 'sales_history' : (allowedKinds[0] ?? 'customers'));
  const [parsed, setParsed] = useState<ImportParseOutput | null>(null);
  const [sheet, setSheet] = useState<string | null>(null);
  const [mapping, setMapping] = useState<Mapping>({});
  const [presets, setPresets] = useState<ImportPreset[]>([]);
  const [presetName, setPresetName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [preview, setPreview] = useState<ImportPreviewOutput | null>(null);
  const [mode, setMode] = useState<'all_or_nothing' | 'valid_rows'>('all_or_nothing');
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const [result, setResult] = useState<ImportCommitOutput | null>(null);

  const currentSheet = parsed?.sheets.find((s) => s.name === sheet) ?? null;
  const headers = currentSheet?.headers ?? [];

  const loadPresets = useCallback(async (k: ImportKind) => {
    const r = await invoke('importPresets.list', { kind: k });
    setPresets(r.ok ? r.data : []);
  }, []);
  useEffect(() => {
    void loadPresets(kind);
  }, [kind, loadPresets]);

  // Progress events of the running commit.
  useEffect(() => {
    const id = parsed?.importId;
    if (!id) return;
    return onEvent((name, payload) => {
      if (name === 'imports.progress' && (payload as ImportProgress).importId === id) setProgress(payload as ImportProgress);
    });
  }, [parsed?.importId]);

  const fieldLabel = (field: string) => pick(m.fields[kind], field, field);

  /** Keeps the mapping entries whose header is still in the file; fills the rest by guessing. */
  const remap = (hs: string[], keep: Mapping, k: ImportKind = kind): Mapping => {
    const guessed = guessMapping(k, hs);
    const out: Mapping = {};
    for (const f of IMPORT_FIELDS[k]) {
      const kept = keep[f.field];
      if (kept && hs.includes(kept)) out[f.field] = kept;
      else if (guessed[f.field] && !Object.values(out).includes(guessed[f.field] as string)) out[f.field] = guessed[f.field] as string;
    }
    return out;
  };

  const onFile = async (file: File) => {
    setError(null);
    setPreview(null);
    if (file.size > MAX_IMPORT_BYTES) {
      setError({ code: 'VALIDATION', message: fill(m.upload.tooLarge, { mb: (file.size / 1048576).toFixed(1) }) });
      return false;
    }
    setBusy(true);
    try {
      const contentBase64 = await readBase64(file);
      const r = await invoke('imports.parse', { kind, fileName: file.name.slice(0, 255), contentBase64 });
      if (!r.ok) {
        setError(r.error);
        return;
      }
      if (parsed && parsed.importId !== r.data.importId) void invoke('imports.cancel', { importId: parsed.importId });
      setParsed(r.data);
      const first = r.data.defaultSheet;
      setSheet(first);
      const hs = r.data.sheets.find((s) => s.name === first)?.headers ?? [];
      setMapping((m) => remap(hs, m));
      setStep(2);
    } finally {
      setBusy(false);
    }
    return false;
  };

  const runPreview = async (m: Mapping = mapping) => {
    if (!parsed) return;
    setBusy(true);
    setError(null);
    const r = await invoke('imports.preview', { importId: parsed.importId, kind, sheet: sheet ?? undefined, mapping: m });
    setBusy(false);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setPreview(r.data);
    setMode(r.data.errorCount > 0 && r.data.counts.valid > 0 ? mode : 'all_or_nothing');
    setStep(3);
  };

  const runCommit = async () => {
    if (!parsed) return;
    setStep(4);
    setResult(null);
    setProgress({ importId: parsed.importId, phase: 'validating', done: 0, total: preview?.counts.total ?? 0 });
    setCancelling(false);
    setError(null);
    const r = await invoke('imports.commit', { importId: parsed.importId, kind, sheet: sheet ?? undefined, mapping, mode });
    setCancelling(false);
    if (!r.ok) {
      setError(r.error);
      setStep(3);
      return;
    }
    setResult(r.data);
    if (r.data.status === 'committed') setParsed(null);
  };

  const cancel = async () => {
    if (!parsed) return;
    setCancelling(true);
    await invoke('imports.cancel', { importId: parsed.importId });
  };

  const restart = () => {
    // A cancelled or refused import's file is still kept in main: let it go.
    if (parsed) void invoke('imports.cancel', { importId: parsed.importId });
    setParsed(null);
    setPreview(null);
    setResult(null);
    setProgress(null);
    setError(null);
    setStep(1);
  };

  const savePreset = async () => {
    const name = presetName.trim();
    if (!name) return;
    const r = await invoke('importPresets.save', { kind, name, mapping });
    if (!r.ok) {
      void message.error(errorText(t, r.error));
      return;
    }
    void message.success(m.mapping.presetSaved);
    void loadPresets(kind);
  };

  const deletePreset = async (id: number) => {
    const r = await invoke('importPresets.delete', { id });
    if (!r.ok) void message.error(errorText(t, r.error));
    else {
      void message.success(m.mapping.presetDeleted);
      void loadPresets(kind);
    }
  };

  const applyPreset = (id: number) => {
    const p = presets.find((x) => x.id === id);
    if (!p) return;
    setPresetName(p.name);
    setMapping(Object.fromEntries(Object.entries(p.mapping).filter(([, h]) => headers.includes(h))));
  };

  const errorColumns = useMemo<ColDef<ImportIssue>[]>(
    () => [
      { field: 'row', headerName: m.preview.row, width: 90, ...NUMBER_COLUMN, sort: 'asc' },
      { field: 'column', headerName: m.preview.column, width: 150, valueFormatter: (p) => p.value ?? '' },
      {
        colId: 'message',
        headerName: m.preview.message,
        flex: 2,
        minWidth: 260,
        valueGetter: (p) => (p.data ? (m === importsEnTexts ? p.data.message : pick(m.err, p.data.code, p.data.message)) : ''),
        tooltipValueGetter: (p) => p.data?.message ?? '',
      },
      { field: 'value', headerName: m.preview.value, flex: 1, minWidth: 140, valueFormatter: (p) => p.value ?? '' },
    ],
    [m],
  );

  const steps = [m.steps.kind, m.steps.file, m.steps.mapping, m.steps.preview, m.steps.commit];

  // ─── Steps ─────────────────────────────────────────────────────────────────────────────

  const kindStep = (
    <Card>
      <Radio.Group value={kind} onChange={(e) => setKind(e.target.value as ImportKind)} style={{ display: 'grid', gap: 12 }} data-testid="import-kind">
        {allowedKinds.map((k) => (
          <Radio key={k} value={k} data-testid={`import-kind-${k}`}>
            <Typography.Text strong>{m.kinds[k]}</Typography.Text>
            <Typography.Text type="secondary" style={{ marginInlineStart: 12 }}>
              {m.kindHints[k]}
            </Typography.Text>
          </Radio>
        ))}
      </Radio.Group>
      <div style={{ marginTop: 24 }}>
        <Button type="primary" onClick={() => setStep(1)} data-testid="import-kind-next" disabled={allowedKinds.length === 0}>
          {m.steps.file}
        </Button>
      </div>
    </Card>
  );

  const fileStep = (
    <Card>
      <Spin spinning={busy} tip={m.upload.parsing}>
        <Upload.Dragger
          accept=".csv,.txt,.tsv,.xlsx"
          multiple={false}
          showUploadList={false}
          beforeUpload={(file) => {
            void onFile(file);
            return false;
          }}
          data-testid="import-upload"
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{m.upload.drag}</p>
          <p className="ant-upload-hint">{m.upload.hint}</p>
        </Upload.Dragger>
      </Spin>
      <div style={{ marginTop: 16 }}>
        <Button onClick={() => setStep(0)}>{m.steps.kind}</Button>
      </div>
    </Card>
  );

  const delimiterName = (d: string | null) => (d === ',' ? m.delimiters.comma : d === ';' ? m.delimiters.semicolon : d === '\t' ? m.delimiters.tab : '');

  const fileInfo = parsed && (
    <Descriptions size="small" column={{ xs: 1, md: 4 }} data-testid="import-file-info">
      <Descriptions.Item label={m.upload.file}>{parsed.fileName}</Descriptions.Item>
      {parsed.format === 'csv' ? (
        <>
          <Descriptions.Item label={m.upload.encoding}>
            <Tag data-testid="import-encoding">{parsed.encoding?.toUpperCase()}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={m.upload.delimiter}>{delimiterName(parsed.delimiter)}</Descriptions.Item>
        </>
      ) : (
        <Descriptions.Item label={m.upload.sheet}>
          <Select
            size="small"
            value={sheet ?? undefined}
            style={{ minWidth: 160 }}
            onChange={(v: string) => {
              setSheet(v);
              setMapping((m) => remap(parsed.sheets.find((s) => s.name === v)?.headers ?? [], m));
            }}
            options={parsed.sheets.map((s) => ({ value: s.name, label: s.error ? `${s.name} ⚠` : s.name }))}
          />
        </Descriptions.Item>
      )}
      <Descriptions.Item label={m.upload.rows}>{formatInteger(currentSheet?.rowCount ?? 0, locale)}</Descriptions.Item>
    </Descriptions>
  );

  const oneOf = new Set((IMPORT_ONE_OF[kind] ?? []).flat());
  const sample = currentSheet?.firstRows[0] ?? [];
  const mappingRows = IMPORT_FIELDS[kind].map((f) => ({ key: f.field, ...f }));

  const mappingStep = parsed && (
    <Card>
      {fileInfo}
      {currentSheet?.error && <Alert type="error" showIcon title={m.mapping.sheetError} description={currentSheet.error} style={{ marginBottom: 12 }} />}
      <Space wrap style={{ margin: '8px 0 12px' }}>
        <Typography.Text>{m.mapping.presets}</Typography.Text>
        <Select
          style={{ width: 220 }}
          placeholder={m.mapping.presetPlaceholder}
          options={presets.map((p) => ({ value: p.id, label: p.name }))}
          onChange={(id: number) => applyPreset(id)}
          data-testid="import-preset-select"
          optionRender={(o) => (
            <Space style={{ width: '100%', justifyContent: 'space-between' }}>
              <span>{o.label}</span>
              <DeleteOutlined
                aria-label={m.mapping.deletePreset}
                onClick={(e) => {
                  e.stopPropagation();
                  void deletePreset(o.value as number);
                }}
              />
            </Space>
          )}
        />
        <Input style={{ width: 180 }} placeholder={m.mapping.presetName} value={presetName} maxLength={50} onChange={(e) => setPresetName(e.target.value)} data-testid="import-preset-name" />
        <Button icon={<SaveOutlined />} onClick={() => void savePreset()} disabled={!presetName.trim()} data-testid="import-preset-save">
          {m.mapping.savePreset}
        </Button>
        <Button icon={<ThunderboltOutlined />} onClick={() => setMapping(remap(headers, {}))}>
          {m.mapping.autoGuess}
        </Button>
      </Space>
      <Table
        size="small"
        pagination={false}
        dataSource={mappingRows}
        data-testid="import-mapping"
        columns={[
          {
            title: m.mapping.field,
            dataIndex: 'field',
            width: 220,
            render: (_: unknown, f) => (
              <Space size={4}>
                <span>{fieldLabel(f.field)}</span>
                {f.required && <Tag color="red">{m.mapping.required}</Tag>}
                {oneOf.has(f.field) && <Tag color="orange">{m.mapping.oneOf}</Tag>}
              </Space>
            ),
          },
          {
            title: m.mapping.column,
            dataIndex: 'column',
            width: 260,
            render: (_: unknown, f) => (
              <Select
                allowClear
                style={{ width: '100%' }}
                value={mapping[f.field] || undefined}
                placeholder={m.mapping.unmapped}
                onChange={(v: string | undefined) => setMapping((m) => ({ ...m, [f.field]: v ?? '' }))}
                options={headers.map((h) => ({ value: h, label: h }))}
                data-testid={`import-map-${f.field}`}
              />
            ),
          },
          {
            title: m.mapping.sample,
            dataIndex: 'sample',
            render: (_: unknown, f) => {
              const h = mapping[f.field];
              const i = h ? headers.indexOf(h) : -1;
              return <Typography.Text type="secondary">{i >= 0 ? sample[i] : ''}</Typography.Text>;
            },
          },
        ]}
      />
      <Space style={{ marginTop: 16 }}>
        <Button onClick={() => setStep(1)}>{m.upload.chooseAnother}</Button>
        <Button type="primary" loading={busy} onClick={() => void runPreview()} disabled={!!currentSheet?.error} data-testid="import-preview">
          {m.mapping.next}
        </Button>
      </Space>
    </Card>
  );

  const previewStep = preview && (
    <Card>
      {fileInfo}
      <Space size={32} wrap style={{ margin: '8px 0 12px' }} data-testid="import-counts">
        <Statistic title={m.preview.total} value={formatInteger(preview.counts.total, locale)} />
        <Statistic title={m.preview.valid} value={formatInteger(preview.counts.valid, locale)} valueStyle={{ color: '#389e0d' }} />
        <Statistic title={m.preview.invalid} value={formatInteger(preview.counts.invalid, locale)} valueStyle={preview.counts.invalid ? { color: '#cf1322' } : undefined} />
        <Statistic title={m.preview.toInsert} value={formatInteger(preview.counts.toInsert, locale)} />
        <Statistic title={m.preview.toUpdate} value={formatInteger(preview.counts.toUpdate, locale)} />
        {preview.counts.unchanged > 0 && <Statistic title={m.preview.unchanged} value={formatInteger(preview.counts.unchanged, locale)} data-testid="import-unchanged" />}
      </Space>
      {preview.mappingErrors.length > 0 && (
        <Alert
          type="error"
          showIcon
          title={m.preview.mappingErrors}
          description={preview.mappingErrors.map((e) => `${fieldLabel(e.field)}: ${lng === 'en' ? e.message : pick(m.err, e.code, e.message)}`).join('；')}
          style={{ marginBottom: 12 }}
          data-testid="import-mapping-errors"
        />
      )}
      {preview.mappingErrors.length === 0 &&
        (preview.errorCount === 0 ? (
          <Alert type="success" showIcon title={m.preview.noErrors} style={{ marginBottom: 12 }} data-testid="import-no-errors" />
        ) : (
          <Alert type="warning" showIcon title={fill(m.preview.someErrors, { count: preview.counts.invalid })} style={{ marginBottom: 12 }} data-testid="import-some-errors" />
        ))}
      {preview.errorCount > 0 && (
        <>
          <Typography.Title level={5}>
            {m.preview.errors}
            {preview.errorCount > preview.errors.length && (
              <Typography.Text type="secondary" style={{ fontWeight: 'normal', marginInlineStart: 8 }}>
                {fill(m.preview.moreErrors, { shown: preview.errors.length, count: preview.errorCount })}
              </Typography.Text>
            )}
          </Typography.Title>
          <div style={{ height: preview.errors.length > 6 ? 420 : 320, display: 'flex', flexDirection: 'column' }}>
            <DataGrid<ImportIssue> testId="import-errors-grid" rowData={preview.errors} columnDefs={errorColumns} defaultColDef={{ resizable: true, sortable: true }} />
          </div>
        </>
      )}
      {preview.warningCount > 0 && (
        <details style={{ marginTop: 12 }} data-testid="import-warnings">
          <summary>
            {m.preview.warnings} ({formatInteger(preview.warningCount, locale)})
          </summary>
          <ul style={{ margin: '8px 0 0', paddingInlineStart: 20 }}>
            {preview.warnings.slice(0, 50).map((w) => (
              <li key={`${w.row}-${w.field}`}>
                {m.preview.row} {w.row} · {w.column}: {w.message}
              </li>
            ))}
          </ul>
        </details>
      )}
      <Space style={{ marginTop: 16 }} wrap>
        <Button onClick={() => setStep(2)}>{m.preview.back}</Button>
        <Upload
          accept=".csv,.txt,.tsv,.xlsx"
          showUploadList={false}
          beforeUpload={(file) => {
            void onFile(file).then(() => undefined);
            return false;
          }}
        >
          <Button loading={busy} data-testid="import-choose-fixed">
            {m.preview.chooseFixed}
          </Button>
        </Upload>
        {preview.mappingErrors.length === 0 && (
          <>
            <Typography.Text style={{ marginInlineStart: 16 }}>{m.preview.mode}</Typography.Text>
            <Radio.Group value={mode} onChange={(e) => setMode(e.target.value)} data-testid="import-mode">
              <Radio value="all_or_nothing">{m.preview.modes.all_or_nothing}</Radio>
              <Radio value="valid_rows" disabled={preview.counts.valid === 0}>
                {m.preview.modes.valid_rows}
              </Radio>
            </Radio.Group>
            <Button
              type="primary"
              onClick={() => void runCommit()}
              disabled={preview.counts.valid === 0 || (mode === 'all_or_nothing' && preview.errorCount > 0)}
              data-testid="import-commit"
            >
              {m.preview.import}
            </Button>
          </>
        )}
      </Space>
    </Card>
  );

  const percent = progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : 0;
  const commitStep = (
    <Card>
      {!result ? (
        <div data-testid="import-progress">
          <Typography.Title level={5}>
            {m.commit.running} · {progress ? m.commit.phases[progress.phase] : ''}
          </Typography.Title>
          <Progress percent={percent} status="active" format={() => (progress ? `${formatInteger(progress.done, locale)} / ${formatInteger(progress.total, locale)}` : '')} />
          <Button danger onClick={() => void cancel()} loading={cancelling} style={{ marginTop: 12 }} data-testid="import-cancel">
            {cancelling ? m.commit.cancelling : m.commit.cancel}
          </Button>
        </div>
      ) : (
        <Result
          data-testid={`import-result-${result.status}`}
          status={result.status === 'committed' ? 'success' : result.status === 'cancelled' ? 'info' : 'warning'}
          title={m.summary[result.status]}
          subTitle={
            result.status === 'committed'
              ? fill(m.summary.committedDetail, {
                  written: formatInteger(result.written, locale),
                  inserted: formatInteger(result.counts.toInsert, locale),
                  updated: formatInteger(result.counts.toUpdate, locale),
                  skipped: formatInteger(result.skipped, locale),
                  seconds: Math.max(0.1, result.ms / 1000).toFixed(1),
                }) + (result.counts.unchanged > 0 ? `${lng === 'en' ? '; ' : '；'}${fill(m.summary.unchangedDetail, { n: formatInteger(result.counts.unchanged, locale) })}` : '')
              : result.status === 'cancelled'
                ? m.summary.cancelledDetail
                : fill(m.summary.refusedDetail, { count: result.errorCount })
          }
          extra={
            <Space>
              {result.status !== 'committed' && parsed && (
                <Button onClick={() => setStep(3)} data-testid="import-back-to-preview">
                  {m.preview.backToPreview}
                </Button>
              )}
              <Button type="primary" onClick={restart} data-testid="import-again">
                {m.summary.again}
              </Button>
            </Space>
          }
        />
      )}
    </Card>
  );

  return (
    <div className="sd-page" data-testid="page-imports">
      <PageHeader title={m.title} subtitle={m.subtitle} />
      <Steps current={result?.status === 'committed' ? steps.length : step} items={steps.map((title) => ({ title }))} style={{ marginBottom: 16 }} size="small" />
      {step > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {m.kinds[kind]} — {m.kindHints[kind]}
        </Typography.Paragraph>
      )}
      {error && (
        <Alert
          type="error"
          showIcon
          title={fileErrorCode(error) ? pick(m.err, fileErrorCode(error) as string, errorText(t, error)) : errorText(t, error)}
          description={error.code === 'VALIDATION' ? error.message : undefined}
          style={{ marginBottom: 12 }}
          closable
          onClose={() => setError(null)}
          data-testid="import-error"
        />
      )}
      {allowedKinds.length === 0 ? (
        <Empty />
      ) : step === 0 ? (
        kindStep
      ) : step === 1 ? (
        fileStep
      ) : step === 2 ? (
        mappingStep
      ) : step === 3 ? (
        previewStep
      ) : (
        commitStep
      )}
    </div>
  );
}

/**
 * Products 产品: the editable spreadsheet grid over products.list (paging, sort and filter in
 * SQL), inline edits with products.update (every price change audited on the server), paste
 * with products.upsertMany, export of the view, and a "new product" dialog.
 */
import { PlusOutlined, ReloadOutlined, } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Modal, Select, Switch } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Input as In, Output } from '../../../../shared/contract';
import type { AppErrorData } from '../../../../shared/result';
import type { PageRequest } from '../../../../shared/schemas/common';
import { type CellValue, type ProductRow, productFields } from '../../../../shared/schemas/masterdata';
import { invoke, onEvent } from '../../api/client';
import { useApp } from '../../app/AppContext';
import type { SheetColumn } from '../../components/grid/columns';
import { SheetGrid, type SheetGridHandle } from '../../components/grid/SheetGrid';
import { SearchBox } from '../../components/SearchBox';
import { PageHeader } from '../../components/PageHeader';
import { applyIssuesToForm, errorText } from '../../errors';
import { formatInteger, minorDigits, parseDecimalToMinor } from '../../format';
import { currentLanguage, intlLocale } from '../../i18n';
import { requiredText } from '../forms';
import { zodCheck } from './checks';

type FilterItem = PageRequest['filter'][string];
type Line = Output<'productLines.list'>[number];

export function ProductsPage() {
  const { t } = useTranslation();
  const { currency, can } = useApp();
  const locale = intlLocale(currentLanguage());
  const loc = useMemo(() => ({ currency, locale }), [currency, locale]);
  const sheet = useRef<SheetGridHandle>(null);
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [lines, setLines] = useState<Line[]>([]);
  const [search, setSearch] = useState('');
  const [line, setLine] = useState<string | undefined>();
  const [creating, setCreating] = useState(false);
  const filterRef = useRef({ search, line });
  filterRef.current = { search, line };
  const linesRef = useRef(lines);
  linesRef.current = lines;
  const canWrite = can('products.write');

  useEffect(() => {
    void invoke('productLines.list', {}).then((r) => r.ok && setLines(r.data));
  }, []);
  const first = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the filters change (read through filterRef)
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    sheet.current?.purge();
  }, [search, line]);
  useEffect(() => onEvent((name) => name === 'products.changed' && sheet.current?.refresh()), []);

  const extraFilter = useCallback(() => {
    const f: Record<string, FilterItem> = {};
    if (filterRef.current.search.trim()) f.name = { type: 'contains', value: filterRef.current.search.trim().slice(0, 200) };
    if (filterRef.current.line) f.productLineName = { type: 'equals', value: filterRef.current.line };
    return f;
  }, []);

  const fetchPage = useCallback((req: PageRequest) => invoke('products.list', req), []);
  const saveCell = useCallback(async (id: number, field: keyof ProductRow & string, value: unknown) => {
    if (field === 'productLineName') {
      const l = value === null ? null : linesRef.current.find((x) => x.name === value || x.code === value);
      if (l === undefined) return { ok: false as const, error: { code: 'VALIDATION' as const, message: 'unknown product line' } };
      return invoke('products.update', { id, productLineId: l ? l.id : null });
    }
    return invoke('products.update', { id, [field]: value });
  }, []);
  const upsert = useCallback(
    (rows: Record<string, CellValue>[], opts: { dryRun: boolean; skipInvalid: boolean }) =>
      invoke('products.upsertMany', { rows: rows as In<'products.upsertMany'>['rows'], ...opts }),
    [],
  );

  const activeOptions = useMemo(
    () => [
      { value: true, label: t('masterdata.products.activeYes') },
      { value: false, label: t('masterdata.products.activeNo') },
    ],
    [t],
  );

  const columns = useMemo<SheetColumn<ProductRow>[]>(
    () => [
      { field: 'sku', headerName: t('masterdata.products.sku'), kind: 'text', width: 120, pinned: 'left', editable: true, pasteField: 'sku', filter: true, check: zodCheck(t, productFields.sku) },
      { field: 'name', headerName: t('masterdata.products.name'), kind: 'text', minWidth: 190, flex: 1, pinned: 'left', editable: true, pasteField: 'name', filter: true, tooltip: true, check: zodCheck(t, productFields.name) },
      {
        field: 'productLineName',
        headerName: t('masterdata.products.productLine'),
        kind: 'enum',
        width: 120,
        editable: true,
        nullable: true,
        pasteField: 'productLine',
        filter: true,
        options: lines.map((l) => ({ value: l.name, label: l.name })),
      },
      { field: 'unit', headerName: t('masterdata.products.unit'), kind: 'text', width: 72, editable: true, pasteField: 'unit', filter: true, check: zodCheck(t, productFields.unit) },
      { field: 'listPrice', headerName: t('masterdata.products.listPrice'), kind: 'money', width: 118, editable: true, pasteField: 'listPrice', check: zodCheck(t, productFields.listPrice) },
      { field: 'standardCost', headerName: t('masterdata.products.standardCost'), kind: 'money', width: 118, editable: true, pasteField: 'standardCost', check: zodCheck(t, productFields.standardCost) },
      {
        field: 'floorPrice',
        headerName: t('masterdata.products.floorPrice'),
        kind: 'money',
        width: 118,
        editable: true,
        nullable: true,
        pasteField: 'floorPrice',
        check: zodCheck(t, productFields.floorPrice),
      },
      {
        field: 'active',
        headerName: t('masterdata.products.active'),
        kind: 'boolean',
        width: 92,
        editable: true,
        pasteField: 'active',
        options: activeOptions,
        cellRenderer: (p: { data?: ProductRow }) =>
          p.data ? (
            <span className={`sd-cell-tag ${p.data.active ? 'sd-cell-tag-ok' : 'sd-cell-tag-muted'}`}>
              {p.data.active ? t('masterdata.products.activeYes') : t('masterdata.products.activeNo')}
            </span>
          ) : null,
      },
      { field: 'updatedAt', headerName: t('masterdata.products.updatedAt'), kind: 'datetime', width: 162 },
    ],
    [t, lines, activeOptions],
  );

  return (
    <div className="sd-page sd-page-full" data-testid="page-products">
      <PageHeader
        title={t('masterdata.products.title')}
        subtitle={<span data-testid="products-total">{total === null ? t('masterdata.products.subtitle') : t('masterdata.products.totalCount', { n: formatInteger(total, locale) })}</span>}
      />
      {error && <Alert type="error" showIcon title={errorText(t, error)} />}
      <SheetGrid<ProductRow>
        handleRef={sheet}
        gridKey="products"
        testId="products-grid"
        title={t('masterdata.products.title')}
        columns={columns}
        keyField="sku"
        keyPasteField="sku"
        fetchPage={fetchPage}
        extraFilter={extraFilter}
        saveCell={canWrite ? saveCell : undefined}
        upsert={canWrite ? upsert : undefined}
        canEdit={canWrite}
        loc={loc}
        onTotal={setTotal}
        onError={setError}
        toolbar={
          <>
            <SearchBox placeholder={t('masterdata.products.searchPlaceholder')} width={200} onSearch={setSearch} testId="products-search" />
            <Select allowClear style={{ width: 150 }} placeholder={t('masterdata.products.allLines')} value={line} onChange={setLine} options={lines.map((l) => ({ value: l.name, label: l.name }))} />
            <Button icon={<ReloadOutlined />} onClick={() => sheet.current?.refresh()} aria-label={t('common.refresh')} />
            {canWrite && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="products-create">
                {t('masterdata.products.create')}
              </Button>
            )}
          </>
        }
      />
      {creating && (
        <ProductCreateDialog
          lines={lines}
          onClose={(created) => {
            setCreating(false);
            if (created) sheet.current?.purge();
          }}
        />
      )}
    </div>
  );
}

interface ProductValues {
  sku: string;
  name: string;
  productLineId?: number;
  unit: string;
  listPrice: string;
  standardCost?: string;
  floorPrice?: string;
  active: boolean;
}

function ProductCreateDialog({ lines, onClose }: { lines: Line[]; onClose: (created: boolean) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { currency } = useApp();
  const digits = minorDigits(currency);
  const [form] = Form.useForm<ProductValues>();
  const [busy, setBusy] = useState(false);
  const moneyRule = (required: boolean) => ({
    validator: (_r: unknown, v: string | undefined) =>
      (!v && !required) || (v && parseDecimalToMinor(v, digits) !== null) ? Promise.resolve() : Promise.reject(new Error(t('validation.money', { digits }))),
  });
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    const money = (s?: string) => (s ? (parseDecimalToMinor(s, digits) ?? 0) : undefined);
    const r = await invoke('products.create', {
      sku: v.sku.trim(),
      name: v.name.trim(),
      unit: v.unit.trim(),
      productLineId: v.productLineId ?? null,
      listPrice: money(v.listPrice) ?? 0,
      standardCost: money(v.standardCost) ?? 0,
      floorPrice: v.floorPrice ? (money(v.floorPrice) ?? null) : null,
      active: v.active,
    });
    setBusy(false);
    if (r.ok) {
      void message.success(t('masterdata.products.created'));
      onClose(true);
    } else if (r.error.code === 'CONFLICT') form.setFields([{ name: 'sku', errors: [errorText(t, r.error)] }]);
    else if (!applyIssuesToForm(form, t, r.error).length && r.error.code === 'VALIDATION') return;
    else void message.error(errorText(t, r.error));
  };
  return (
    <Modal open title={t('masterdata.products.create')} onOk={() => void submit()} onCancel={() => onClose(false)} confirmLoading={busy} okText={t('common.save')} cancelText={t('common.cancel')} width={560}>
      <Form<ProductValues> form={form} layout="vertical" initialValues={{ active: true }} data-testid="product-create-form">
        <div style={{ display: 'grid', gridTemplateColumns: '1fr 2fr', gap: '0 12px' }}>
          <Form.Item name="sku" label={t('masterdata.products.sku')} rules={requiredText(t, t('masterdata.products.sku'), 64)}>
            <Input autoFocus maxLength={64} />
          </Form.Item>
          <Form.Item name="name" label={t('masterdata.products.name')} rules={requiredText(t, t('masterdata.products.name'), 200)}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="unit" label={t('masterdata.products.unit')} rules={requiredText(t, t('masterdata.products.unit'), 16)}>
            <Input maxLength={16} />
          </Form.Item>
          <Form.Item name="productLineId" label={t('masterdata.products.productLine')}>
            <Select allowClear options={lines.map((l) => ({ value: l.id, label: l.name }))} />
          </Form.Item>
          <Form.Item name="listPrice" label={t('masterdata.products.listPrice')} rules={[{ required: true, message: t('validation.required', { field: t('masterdata.products.listPrice') }) }, moneyRule(true)]}>
            <Input inputMode="decimal" placeholder="0.00" />
          </Form.Item>
          <Form.Item name="standardCost" label={t('masterdata.products.standardCost')} rules={[moneyRule(false)]}>
            <Input inputMode="decimal" placeholder="0.00" />
          </Form.Item>
          <Form.Item name="floorPrice" label={`${t('masterdata.products.floorPrice')} ${t('masterdata.products.floorDefault')}`} rules={[moneyRule(false)]}>
            <Input inputMode="decimal" />
          </Form.Item>
          <Form.Item name="active" label={t('masterdata.products.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </div>
      </Form>
    </Modal>
  );
}

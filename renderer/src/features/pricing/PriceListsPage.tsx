/**
 * Price lists 价格表: the lists on the left (base, channel, grade, customer), the selected list's
 * items on the right in the spreadsheet grid (components/grid/SheetGrid over priceItems.list:
 * paging and sorting in SQL): price, minimum quantity and validity are edited in the cell and
 * saved one by one with priceItems.save; a refusal (overlapping validity, below the floor) is
 * shown on the cell with its reason and the old value comes back. A price below the floor is
 * marked; a user with the approval right is asked for the reason (enforced in main). New items
 * come from a form (the product is picked); export of the view to XLSX / CSV.
 */
import { DeleteOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import type { ColDef } from 'ag-grid-community';
import { Alert, App, Badge, Button, Card, DatePicker, Form, Input, List, Modal, Popconfirm, Select, Space, Switch, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Input as In } from '../../../../shared/contract';
import type { AppErrorData, Result } from '../../../../shared/result';
import type { PageRequest } from '../../../../shared/schemas/common';
import { CUSTOMER_TYPES, GRADES } from '../../../../shared/schemas/customers';
import { PRICE_ITEM_SORTABLE, PRICE_LIST_KINDS, type PriceItem, type PriceList } from '../../../../shared/schemas/pricing';
import { invoke } from '../../api/client';
import { useApp } from '../../app/AppContext';
import type { SheetColumn } from '../../components/grid/columns';
import { SheetGrid, type SheetGridHandle } from '../../components/grid/SheetGrid';
import { PageHeader } from '../../components/PageHeader';
import { errorText } from '../../errors';
import { formatDate, formatInteger, formatMoney, minorDigits, parseDecimalToMinor } from '../../format';
import { currentLanguage, intlLocale } from '../../i18n';
import { CustomerSelect, type ProductOption, ProductSelect } from './pickers';

const SORTABLE = new Set<string>(PRICE_ITEM_SORTABLE);
type SortCol = (typeof PRICE_ITEM_SORTABLE)[number];

export function listTarget(t: ReturnType<typeof useTranslation>['t'], l: PriceList): string {
  switch (l.kind) {
    case 'base':
      return t('pricing.allCustomers');
    case 'grade':
      return t('pricing.gradeTarget', { grade: l.grade ?? '' });
    case 'channel':
      return l.channel ? t(`pricing.channels.${l.channel}`) : '';
    default:
      return `${l.customerCode ?? ''} ${l.customerName ?? ''}`.trim();
  }
}

const KIND_COLOR = { base: 'default', channel: 'cyan', grade: 'blue', customer: 'purple' } as const;

interface ItemForm {
  productId?: number;
  minQty: string;
  price: string;
  validFrom?: Dayjs | null;
  validTo?: Dayjs | null;
  reason?: string;
}

export function PriceListsPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const { currency, session } = useApp();
  const lng = currentLanguage();
  const locale = intlLocale(lng);
  const digits = minorDigits(currency);
  const canWrite = session?.permissions.includes('prices.write') ?? false;
  const canApprove = session?.permissions.includes('price.approve_below_floor') ?? false;

  const [lists, setLists] = useState<PriceList[]>([]);
  const [listSearch, setListSearch] = useState('');
  const [selected, setSelected] = useState<number | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [total, setTotal] = useState<number | null>(null);
  const [search, setSearch] = useState('');
  const [validOn, setValidOn] = useState<Dayjs | null>(null);
  const [editing, setEditing] = useState<'new' | null>(null);
  const [product, setProduct] = useState<ProductOption | null>(null);
  const [saving, setSaving] = useState(false);
  const [newList, setNewList] = useState(false);
  const [form] = Form.useForm<ItemForm>();
  const [listForm] = Form.useForm<In<'priceLists.create'>>();
  const sheet = useRef<SheetGridHandle>(null);
  /** The rows read so far by id: a cell edit saves the whole item. */
  const loaded = useRef(new Map<number, PriceItem>());
  const filterRef = useRef({ selected, search, validOn });
  filterRef.current = { selected, search, validOn };
  const loc = useMemo(() => ({ currency, locale }), [currency, locale]);

  const loadLists = useCallback(async (keep?: number) => {
    const r = await invoke('priceLists.list', listSearch ? { search: listSearch } : {});
    if (!r.ok) return setError(r.error);
    setLists(r.data);
    setSelected((s) => keep ?? s ?? r.data[0]?.id ?? null);
  }, [listSearch]);
  useEffect(() => {
    void loadLists();
  }, [loadLists]);

  const fetchPage = useCallback(async (req: PageRequest): Promise<Result<{ rows: PriceItem[]; total: number }>> => {
    const f = filterRef.current;
    if (f.selected === null) return { ok: true, data: { rows: [], total: 0 } };
    const sort = req.sort.filter((x) => SORTABLE.has(x.colId)).slice(0, 3).map((x) => ({ colId: x.colId as SortCol, sort: x.sort }));
    const r = await invoke('priceItems.list', {
      priceListId: f.selected,
      offset: req.offset,
      limit: req.limit,
      sort,
      ...(f.search.trim() ? { search: f.search.trim().slice(0, 100) } : {}),
      ...(f.validOn ? { validOn: f.validOn.format('YYYY-MM-DD') } : {}),
    });
    if (r.ok) for (const row of r.data.rows) loaded.current.set(row.id, row);
    return r;
  }, []);
  // Another list, search or day starts the grid over from the first block.
  const firstFilter = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the filters change (read through filterRef)
  useEffect(() => {
    if (firstFilter.current) {
      firstFilter.current = false;
      return;
    }
    sheet.current?.purge();
  }, [selected, search, validOn]);

  const current = lists.find((l) => l.id === selected) ?? null;

  const openItem = () => {
    setEditing('new');
    setProduct(null);
    form.setFieldsValue({ productId: undefined, minQty: '0', price: '', validFrom: null, validTo: null, reason: '' });
  };

  const priceValue = Form.useWatch('price', form);
  const priceMinor = typeof priceValue === 'string' ? parseDecimalToMinor(priceValue, digits) : null;
  const belowFloor = product !== null && priceMinor !== null && priceMinor < product.floorPrice;

  const saveItem = async () => {
    if (selected === null || editing === null) return;
    const v = await form.validateFields();
    const price = parseDecimalToMinor(v.price, digits);
    if (price === null || !v.productId) return;
    setSaving(true);
    const r = await invoke('priceItems.save', {
      priceListId: selected,
      productId: v.productId,
      minQty: v.minQty.trim(),
      price,
      validFrom: v.validFrom ? v.validFrom.format('YYYY-MM-DD') : null,
      validTo: v.validTo ? v.validTo.format('YYYY-MM-DD') : null,
      ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}),
    });
    setSaving(false);
    if (!r.ok) {
      void message.error(errorText(t, r.error));
      return;
    }
    void message.success(t('pricing.saved'));
    setEditing(null);
    sheet.current?.refresh();
    void loadLists(selected);
  };

  const deleteItem = async (item: PriceItem) => {
    const r = await invoke('priceItems.delete', { id: item.id });
    if (!r.ok) return void message.error(errorText(t, r.error));
    void message.success(t('pricing.deleted'));
    sheet.current?.refresh();
    void loadLists(selected ?? undefined);
  };

  const createList = async () => {
    const v = await listForm.validateFields();
    const r = await invoke('priceLists.create', v);
    if (!r.ok) return void message.error(errorText(t, r.error));
    void message.success(t('pricing.listSaved'));
    setNewList(false);
    void loadLists(r.data.id);
  };

  const toggleActive = async (l: PriceList, active: boolean) => {
    const r = await invoke('priceLists.update', { id: l.id, active });
    if (!r.ok) return void message.error(errorText(t, r.error));
    void loadLists(l.id);
  };

  /** Asks a user who may approve below-floor prices for the reason; null when they cancel. */
  const askReason = (floor: number) =>
    new Promise<string | null>((resolve) => {
      let text = '';
      modal.confirm({
        title: t('pricing.belowFloorReason', { floor: formatMoney(floor, currency, locale) }),
        content: <Input.TextArea rows={2} maxLength={500} autoFocus onChange={(e) => { text = e.target.value; }} data-testid="below-floor-reason" />,
        okText: t('common.save'),
        cancelText: t('common.cancel'),
        onOk: () => resolve(text.trim() || null),
        onCancel: () => resolve(null),
      });
    });

  /** A refusal as the cell shows it: the reason in the user's language, on the edited field. */
  const cellRefusal = (field: string, e: AppErrorData, item: PriceItem): AppErrorData => {
    const d = (e.details ?? {}) as { otherItemId?: number; other?: { validFrom: string | null; validTo: string | null }; check?: unknown; issues?: { path: unknown[] }[] };
    const open = t('pricing.openEnded');
    let text: string | null = null;
    if (e.code === 'CONFLICT' && d.other) {
      const range = `${d.other.validFrom ? formatDate(d.other.validFrom, locale) : open} ~ ${d.other.validTo ? formatDate(d.other.validTo, locale) : open}`;
      text = t('pricing.overlapCell', { id: d.otherItemId ?? '', range });
    } else if (e.code === 'RULE_VIOLATION' && d.check) text = t('pricing.belowFloorCell', { floor: formatMoney(item.floorPrice, currency, locale) });
    else if (e.code === 'VALIDATION') {
      const path = String(d.issues?.[0]?.path?.[0] ?? field);
      text = path === 'price' ? t('pricing.priceCell') : path === 'minQty' ? t('pricing.minQtyCell') : path === 'validTo' ? t('pricing.invertedCell') : null;
    }
    return text ? { code: 'VALIDATION', message: text, details: { issues: [{ path: [field], code: 'custom', message: text }] } } : e;
  };

  const saveCell = async (id: number, field: keyof PriceItem & string, value: unknown): Promise<Result<PriceItem>> => {
    const item = loaded.current.get(id);
    if (!item) return { ok: false, error: { code: 'NOT_FOUND', message: 'Price item not found.' } };
    const next = { ...item, [field]: value } as PriceItem;
    if (next.validFrom && next.validTo && next.validFrom > next.validTo) return { ok: false, error: cellRefusal(field, { code: 'VALIDATION', message: '', details: { issues: [{ path: ['validTo'] }] } }, item) };
    const input = { id, priceListId: item.priceListId, productId: item.productId, minQty: next.minQty, price: next.price, validFrom: next.validFrom, validTo: next.validTo };
    let r = await invoke('priceItems.save', input);
    if (!r.ok && r.error.code === 'RULE_VIOLATION' && (r.error.details as { field?: string } | undefined)?.field === 'reason') {
      const reason = await askReason(item.floorPrice);
      if (reason) r = await invoke('priceItems.save', { ...input, reason });
    }
    if (!r.ok) return { ok: false, error: cellRefusal(field, r.error, item) };
    loaded.current.set(id, r.data);
    return r;
  };
  const saveRef = useRef(saveCell);
  saveRef.current = saveCell;
  const stableSave = useCallback((id: number, field: keyof PriceItem & string, value: unknown) => saveRef.current(id, field, value), []);

  const actions = useRef({ deleteItem });
  actions.current = { deleteItem };
  const columns = useMemo<SheetColumn<PriceItem>[]>(() => {
    const open = t('pricing.openEnded');
    const day = (v: unknown) => (v ? formatDate(String(v), locale) : open);
    return [
      { field: 'sku', headerName: t('pricing.sku'), kind: 'text', width: 96, pinned: 'left' },
      { field: 'productName', headerName: t('pricing.product'), kind: 'text', minWidth: 120, flex: 1, tooltip: true },
      { field: 'unit', headerName: t('pricing.unit'), kind: 'text', width: 52, sortable: false },
      {
        field: 'minQty',
        headerName: t('pricing.minQty'),
        kind: 'decimal',
        width: 92,
        editable: true,
        check: (v) => (typeof v === 'string' && /^\d{1,9}(\.\d{1,3})?$/.test(v) ? null : t('pricing.minQtyCell')),
      },
      {
        field: 'price',
        headerName: t('pricing.price'),
        kind: 'money',
        width: 108,
        editable: true,
        check: (v) => (typeof v === 'number' && v > 0 ? null : t('pricing.priceCell')),
        cellRenderer: (p: { data?: PriceItem; valueFormatted?: string | null }) =>
          p.data && p.data.price < p.data.floorPrice ? (
            <span className="sd-below-floor" title={t('pricing.belowFloor')}>
              {p.valueFormatted}
            </span>
          ) : (
            (p.valueFormatted ?? null)
          ),
      },
      { field: 'floorPrice', headerName: t('pricing.floorPrice'), kind: 'money', width: 100, sortable: false },
      { field: 'validFrom', headerName: t('pricing.validFrom'), kind: 'date', width: 104, editable: true, nullable: true, format: day },
      { field: 'validTo', headerName: t('pricing.validTo'), kind: 'date', width: 104, editable: true, nullable: true, format: day },
    ];
  }, [t, locale]);
  const extraColumns = useMemo<ColDef<PriceItem>[]>(
    () =>
      canWrite
        ? [
            {
              colId: 'actions',
              headerName: '',
              width: 52,
              sortable: false,
              resizable: false,
              pinned: 'right',
              cellRenderer: (p: { data?: PriceItem }) =>
                p.data ? (
                  <Popconfirm title={t('pricing.deleteConfirm')} onConfirm={() => p.data && actions.current.deleteItem(p.data)}>
                    <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('pricing.deleteItem')} data-testid={`delete-item-${p.data.id}`} />
                  </Popconfirm>
                ) : null,
            },
          ]
        : [],
    [t, canWrite],
  );
  const kind = Form.useWatch('kind', listForm);

  return (
    <div className="sd-page sd-page-full" data-testid="page-priceLists">
      <PageHeader
        title={t('pricing.listsTitle')}
        subtitle={t('pricing.listsSubtitle')}
        extra={
          canWrite && (
            <Button icon={<PlusOutlined />} onClick={() => { listForm.resetFields(); setNewList(true); }} data-testid="new-price-list">
              {t('pricing.newList')}
            </Button>
          )
        }
      />
      {error && <Alert type="error" showIcon title={errorText(t, error)} />}
      <div style={{ display: 'flex', gap: 16, flex: 1, minHeight: 0 }}>
        <Card size="small" title={t('pricing.lists')} style={{ width: 240, flex: 'none', display: 'flex', flexDirection: 'column' }} styles={{ body: { overflow: 'auto', padding: 8, flex: 1 } }}>
          <Input allowClear size="small" prefix={<SearchOutlined />} placeholder={t('common.search')} onChange={(e) => setListSearch(e.target.value.slice(0, 100))} style={{ marginBottom: 8 }} />
          <List
            size="small"
            dataSource={lists}
            data-testid="price-lists"
            renderItem={(l) => (
              <List.Item
                onClick={() => setSelected(l.id)}
                style={{ cursor: 'pointer', background: l.id === selected ? '#e6f4ff' : undefined, borderRadius: 6, paddingInline: 8 }}
                data-testid={`price-list-${l.code}`}
              >
                <div style={{ minWidth: 0, flex: 1 }}>
                  <div style={{ display: 'flex', alignItems: 'center', gap: 6 }}>
                    <Tag color={KIND_COLOR[l.kind]} style={{ marginInlineEnd: 0 }}>{t(`pricing.kinds.${l.kind}`)}</Tag>
                    <span style={{ fontWeight: 500, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{l.name}</span>
                  </div>
                  <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)', marginTop: 2 }}>
                    {l.code} · {listTarget(t, l)} · {t('pricing.itemsCount', { n: formatInteger(l.itemCount, locale) })}
                    {!l.active && <Badge status="default" text={t('pricing.inactive')} style={{ marginInlineStart: 6, fontSize: 12 }} />}
                  </div>
                </div>
              </List.Item>
            )}
          />
        </Card>
        <div style={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column', gap: 12 }}>
          <div className="sd-toolbar">
            <strong data-testid="price-items-title" style={{ minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
              {current ? t('pricing.itemsOf', { name: current.name }) : t('pricing.selectList')}
            </strong>
            {total !== null && current && <span style={{ color: 'rgba(0,0,0,0.45)', whiteSpace: 'nowrap' }}>{t('pricing.itemsCount', { n: formatInteger(total, locale) })}</span>}
            <span style={{ flex: 1 }} />
            {current && canWrite && (
              <Space size={6}>
                <span style={{ whiteSpace: 'nowrap' }}>{t('pricing.active')}</span>
                <Switch size="small" checked={current.active} onChange={(v) => void toggleActive(current, v)} />
              </Space>
            )}
          </div>
          <SheetGrid<PriceItem>
            handleRef={sheet}
            gridKey="priceItems"
            testId="price-items-grid"
            title={current ? `${current.code} ${current.name}` : t('pricing.items')}
            columns={columns}
            extraColumns={extraColumns}
            keyField="sku"
            keyPasteField="sku"
            fetchPage={fetchPage}
            saveCell={canWrite ? stableSave : undefined}
            canEdit={canWrite}
            hint={t('pricing.inlineHint')}
            loc={loc}
            onTotal={setTotal}
            onError={setError}
            toolbar={
              <>
                <Input allowClear prefix={<SearchOutlined />} placeholder={t('pricing.searchProduct')} style={{ width: 200 }} onPressEnter={(e) => setSearch(e.currentTarget.value)} onChange={(e) => !e.target.value && setSearch('')} />
                <DatePicker placeholder={t('pricing.validOn')} value={validOn} onChange={setValidOn} style={{ width: 130 }} />
                {canWrite && current && (
                  <Button type="primary" icon={<PlusOutlined />} onClick={openItem} data-testid="new-price-item">
                    {t('pricing.newItem')}
                  </Button>
                )}
              </>
            }
          />
        </div>
      </div>

      <Modal
        open={editing !== null}
        title={t('pricing.newItem')}
        onCancel={() => setEditing(null)}
        onOk={() => void saveItem()}
        confirmLoading={saving}
        okText={t('common.save')}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" requiredMark="optional">
          <Form.Item name="productId" label={t('pricing.product')} rules={[{ required: true, message: t('validation.select', { field: t('pricing.product') }) }]}>
            <ProductSelect initial={product} placeholder={t('pricing.searchProduct')} onChange={(_, o) => setProduct(o ?? null)} />
          </Form.Item>
          <Space.Compact block>
            <Form.Item name="minQty" label={t('pricing.minQty')} style={{ flex: 1 }} rules={[{ required: true, pattern: /^\d{1,9}(\.\d{1,3})?$/, message: t('pricing.minQty') }]}>
              <Input inputMode="decimal" />
            </Form.Item>
            <Form.Item
              name="price"
              label={t('pricing.price')}
              style={{ flex: 1, marginInlineStart: 12 }}
              rules={[{ required: true, validator: async (_, v: string) => { const m = parseDecimalToMinor(v ?? '', digits); if (m === null || m <= 0) throw new Error(t('validation.money', { digits })); } }]}
            >
              <Input inputMode="decimal" style={{ textAlign: 'right' }} data-testid="item-price" />
            </Form.Item>
          </Space.Compact>
          {product && (
            <div style={{ marginTop: -12, marginBottom: 12, color: 'rgba(0,0,0,0.45)', fontSize: 12 }}>
              {t('pricing.listPrice')} {formatMoney(product.listPrice, currency, locale)} · {t('pricing.floorPrice')} {formatMoney(product.floorPrice, currency, locale)}
            </div>
          )}
          <Space.Compact block>
            <Form.Item name="validFrom" label={t('pricing.validFrom')} style={{ flex: 1 }}>
              <DatePicker style={{ width: '100%' }} placeholder={t('pricing.openEnded')} />
            </Form.Item>
            <Form.Item name="validTo" label={t('pricing.validTo')} style={{ flex: 1, marginInlineStart: 12 }}>
              <DatePicker style={{ width: '100%' }} placeholder={t('pricing.openEnded')} />
            </Form.Item>
          </Space.Compact>
          {belowFloor && <Alert type={canApprove ? 'warning' : 'error'} showIcon title={t('pricing.belowFloor')} style={{ marginBottom: 12 }} />}
          <Form.Item name="reason" label={t('pricing.reason')} extra={t('pricing.reasonHelp')} rules={[{ required: belowFloor, message: t('validation.required', { field: t('pricing.reason') }) }]}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>

      <Modal open={newList} title={t('pricing.newList')} onCancel={() => setNewList(false)} onOk={() => void createList()} okText={t('common.save')} destroyOnHidden>
        <Form form={listForm} layout="vertical" initialValues={{ kind: 'grade', grade: 'A' }}>
          <Form.Item name="code" label={t('pricing.code')} rules={[{ required: true, max: 32 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="name" label={t('pricing.name')} rules={[{ required: true, max: 100 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="kind" label={t('pricing.kind')} rules={[{ required: true }]}>
            <Select options={PRICE_LIST_KINDS.map((k) => ({ value: k, label: t(`pricing.kinds.${k}`) }))} />
          </Form.Item>
          {kind === 'grade' && (
            <Form.Item name="grade" label={t('pricing.target')} rules={[{ required: true }]}>
              <Select options={GRADES.map((g) => ({ value: g, label: t('pricing.gradeTarget', { grade: g }) }))} />
            </Form.Item>
          )}
          {kind === 'channel' && (
            <Form.Item name="channel" label={t('pricing.target')} rules={[{ required: true }]}>
              <Select options={CUSTOMER_TYPES.map((c) => ({ value: c, label: t(`pricing.channels.${c}`) }))} />
            </Form.Item>
          )}
          {kind === 'customer' && (
            <Form.Item name="customerId" label={t('pricing.target')} rules={[{ required: true }]}>
              <CustomerSelect placeholder={t('pricing.searchCustomer')} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </div>
  );
}

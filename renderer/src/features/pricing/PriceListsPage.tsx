/**
 * Price lists 价格表: the lists on the left (base, channel, grade, customer), the selected list's
 * items on the right in AG Grid (infinite row model over priceItems.list: paging and sorting in
 * SQL) with quantity breaks and validity, and a form to add, change or delete an item. A price
 * below the floor is marked; saving one needs the approval right and a reason (enforced in main).
 */
import { DeleteOutlined, EditOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import type { ColDef, IDatasource, IGetRowsParams, ValueFormatterParams } from 'ag-grid-community';
import type { AgGridReact } from 'ag-grid-react';
import { Alert, App, Badge, Button, Card, DatePicker, Form, Input, List, Modal, Popconfirm, Select, Space, Switch, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Input as In } from '../../../../shared/contract';
import type { AppErrorData } from '../../../../shared/result';
import { CUSTOMER_TYPES, GRADES } from '../../../../shared/schemas/customers';
import { PRICE_ITEM_SORTABLE, PRICE_LIST_KINDS, type PriceItem, type PriceList } from '../../../../shared/schemas/pricing';
import { invoke } from '../../api/client';
import { useApp } from '../../app/AppContext';
import { DataGrid } from '../../components/DataGrid';
import { PageHeader } from '../../components/PageHeader';
import { errorText } from '../../errors';
import { formatDate, formatInteger, formatMoney, minorDigits, minorToDecimalString, parseDecimalToMinor } from '../../format';
import { currentLanguage, intlLocale } from '../../i18n';
import { NUMBER_COLUMN } from '../../theme';
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
  const { message } = App.useApp();
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
  const [editing, setEditing] = useState<PriceItem | 'new' | null>(null);
  const [product, setProduct] = useState<ProductOption | null>(null);
  const [saving, setSaving] = useState(false);
  const [newList, setNewList] = useState(false);
  const [form] = Form.useForm<ItemForm>();
  const [listForm] = Form.useForm<In<'priceLists.create'>>();
  const grid = useRef<AgGridReact<PriceItem>>(null);

  const loadLists = useCallback(async (keep?: number) => {
    const r = await invoke('priceLists.list', listSearch ? { search: listSearch } : {});
    if (!r.ok) return setError(r.error);
    setLists(r.data);
    setSelected((s) => keep ?? s ?? r.data[0]?.id ?? null);
  }, [listSearch]);
  useEffect(() => {
    void loadLists();
  }, [loadLists]);

  const datasource = useMemo<IDatasource>(
    () => ({
      getRows: (params: IGetRowsParams) => {
        const f = { selected, search, validOn };
        if (f.selected === null) return params.successCallback([], 0);
        const sort = params.sortModel.filter((s) => SORTABLE.has(s.colId)).slice(0, 3).map((s) => ({ colId: s.colId as SortCol, sort: s.sort }));
        void invoke('priceItems.list', {
          priceListId: f.selected,
          offset: params.startRow,
          limit: Math.min(1000, params.endRow - params.startRow),
          sort,
          ...(f.search.trim() ? { search: f.search.trim().slice(0, 100) } : {}),
          ...(f.validOn ? { validOn: f.validOn.format('YYYY-MM-DD') } : {}),
        }).then((r) => {
          if (!r.ok) {
            setError(r.error);
            params.failCallback();
            return;
          }
          setError(null);
          setTotal(r.data.total);
          params.successCallback(r.data.rows, r.data.total);
        });
      },
    }),
    // A new datasource (another list, search or day) makes AG Grid start over from the first block.
    [selected, search, validOn],
  );

  const current = lists.find((l) => l.id === selected) ?? null;

  const openItem = (item: PriceItem | 'new') => {
    setEditing(item);
    if (item === 'new') {
      setProduct(null);
      form.setFieldsValue({ productId: undefined, minQty: '0', price: '', validFrom: null, validTo: null, reason: '' });
    } else {
      setProduct({ id: item.productId, sku: item.sku, name: item.productName, unit: item.unit, listPrice: item.listPrice, floorPrice: item.floorPrice });
      form.setFieldsValue({
        productId: item.productId,
        minQty: item.minQty,
        price: minorToDecimalString(item.price, digits),
        validFrom: item.validFrom ? dayjs(item.validFrom) : null,
        validTo: item.validTo ? dayjs(item.validTo) : null,
        reason: '',
      });
    }
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
      ...(editing !== 'new' ? { id: editing.id } : {}),
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
    grid.current?.api?.refreshInfiniteCache();
    void loadLists(selected);
  };

  const deleteItem = async (item: PriceItem) => {
    const r = await invoke('priceItems.delete', { id: item.id });
    if (!r.ok) return void message.error(errorText(t, r.error));
    void message.success(t('pricing.deleted'));
    grid.current?.api?.refreshInfiniteCache();
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

  const actions = useRef({ openItem, deleteItem });
  actions.current = { openItem, deleteItem };
  const money = useCallback((p: ValueFormatterParams<PriceItem, number>) => formatMoney(p.value, currency, locale), [currency, locale]);
  const columnDefs = useMemo<ColDef<PriceItem>[]>(
    () => [
      { field: 'sku', headerName: t('pricing.sku'), width: 110, pinned: 'left', cellClass: 'sd-num' },
      { field: 'productName', headerName: t('pricing.product'), minWidth: 120, flex: 1, tooltipField: 'productName' },
      { field: 'unit', headerName: t('pricing.unit'), width: 60, sortable: false },
      { field: 'minQty', headerName: t('pricing.minQty'), width: 95, ...NUMBER_COLUMN },
      {
        field: 'price',
        headerName: t('pricing.price'),
        width: 115,
        ...NUMBER_COLUMN,
        valueFormatter: money,
        cellStyle: (p) => (p.data && p.data.price < p.data.floorPrice ? { color: '#cf1322', fontWeight: 600 } : null),
        tooltipValueGetter: (p) => (p.data && p.data.price < p.data.floorPrice ? t('pricing.belowFloor') : undefined),
      },
      { field: 'floorPrice', headerName: t('pricing.floorPrice'), width: 105, sortable: false, ...NUMBER_COLUMN, valueFormatter: money },
      { field: 'validFrom', headerName: t('pricing.validFrom'), width: 112, cellClass: 'sd-num', valueFormatter: (p) => (p.value ? formatDate(p.value, locale) : t('pricing.openEnded')) },
      { field: 'validTo', headerName: t('pricing.validTo'), width: 112, cellClass: 'sd-num', valueFormatter: (p) => (p.value ? formatDate(p.value, locale) : t('pricing.openEnded')) },
      ...(canWrite
        ? [
            {
              colId: 'actions',
              headerName: t('common.actions'),
              width: 84,
              sortable: false,
              pinned: 'right' as const,
              cellRenderer: (p: { data?: PriceItem }) =>
                p.data ? (
                  <Space size={4}>
                    <Button size="small" type="text" icon={<EditOutlined />} aria-label={t('pricing.editItem')} onClick={() => p.data && actions.current.openItem(p.data)} />
                    <Popconfirm title={t('pricing.deleteConfirm')} onConfirm={() => p.data && actions.current.deleteItem(p.data)}>
                      <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('pricing.deleteItem')} />
                    </Popconfirm>
                  </Space>
                ) : null,
            },
          ]
        : []),
    ],
    [t, locale, money, canWrite],
  );
  const defaultColDef = useMemo<ColDef>(() => ({ sortable: true, resizable: true, suppressHeaderMenuButton: true }), []);
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
        <Card size="small" title={t('pricing.lists')} style={{ width: 270, flex: 'none', display: 'flex', flexDirection: 'column' }} styles={{ body: { overflow: 'auto', padding: 8, flex: 1 } }}>
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
            <strong data-testid="price-items-title">{current ? t('pricing.itemsOf', { name: current.name }) : t('pricing.selectList')}</strong>
            {total !== null && current && <span style={{ color: 'rgba(0,0,0,0.45)' }}>{t('pricing.itemsCount', { n: formatInteger(total, locale) })}</span>}
            <span style={{ flex: 1 }} />
            {current && canWrite && (
              <Space size={6}>
                <span>{t('pricing.active')}</span>
                <Switch size="small" checked={current.active} onChange={(v) => void toggleActive(current, v)} />
              </Space>
            )}
            <Input allowClear prefix={<SearchOutlined />} placeholder={t('pricing.searchProduct')} style={{ width: 220 }} onPressEnter={(e) => setSearch(e.currentTarget.value)} onChange={(e) => !e.target.value && setSearch('')} />
            <DatePicker placeholder={t('pricing.validOn')} value={validOn} onChange={setValidOn} />
            {canWrite && current && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => openItem('new')} data-testid="new-price-item">
                {t('pricing.newItem')}
              </Button>
            )}
          </div>
          <DataGrid<PriceItem>
            gridRef={grid}
            testId="price-items-grid"
            rowModelType="infinite"
            datasource={datasource}
            cacheBlockSize={100}
            columnDefs={columnDefs}
            defaultColDef={defaultColDef}
            getRowId={(p) => String(p.data.id)}
          />
        </div>
      </div>

      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('pricing.newItem') : t('pricing.editItem')}
        onCancel={() => setEditing(null)}
        onOk={() => void saveItem()}
        confirmLoading={saving}
        okText={t('common.save')}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" requiredMark="optional">
          <Form.Item name="productId" label={t('pricing.product')} rules={[{ required: true, message: t('validation.select', { field: t('pricing.product') }) }]}>
            <ProductSelect disabled={editing !== 'new'} initial={product} placeholder={t('pricing.searchProduct')} onChange={(_, o) => setProduct(o ?? null)} />
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

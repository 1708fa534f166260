/**
 * Imports of customers, products, price-list items, sales history (issue #3) and opening
 * receivables 期初应收 (issue #5: the open documents of the previous system): the fields of
 * each kind, the header synonyms the wizard guesses a mapping from, and the wire schemas.
 * Parsed files stay in main, keyed by an import id; the renderer only ever sees headers, the
 * first rows and per-row errors.
 */
import { z } from 'zod';
import { requiredText, text } from './common';

export const IMPORT_KINDS = ['customers', 'products', 'price_list_items', 'sales_history', 'opening_receivables'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export const importKind = z.enum(IMPORT_KINDS);

export interface ImportFieldDef {
  field: string;
  /** Needed for every row (an unmapped required field is a mapping error). */
  required: boolean;
  /** Lower-cased header texts (zh and en) that map to this field, best first. */
  synonyms: readonly string[];
}

const f = (field: string, required: boolean, synonyms: readonly string[]): ImportFieldDef => ({ field, required, synonyms });

/** The fields of each kind, in the order the wizard shows them. */
export const IMPORT_FIELDS: Record<ImportKind, readonly ImportFieldDef[]> = {
  customers: [
    f('code', true, ['客户编码', '客户代码', '客户编号', '编码', '代码', 'customer code', 'code']),
    f('name', true, ['客户名称', '客户全称', '名称', '单位名称', 'customer name', 'customer', 'name']),
    f('shortName', false, ['简称', '客户简称', 'short name']),
    f('type', false, ['客户类型', '类型', '渠道', 'type', 'channel']),
    f('region', false, ['区域', '地区', '销售区域', '片区', 'region', 'area']),
    f('industry', false, ['行业', '所属行业', 'industry']),
    f('owner', false, ['负责人', '业务员', '销售代表', '业务代表', 'owner', 'rep', 'sales rep']),
    f('paymentTermsDays', false, ['账期', '账期(天)', '账期天数', '付款期限', 'payment terms', 'terms']),
    f('creditLimit', false, ['信用额度', '额度', 'credit limit']),
    f('notes', false, ['备注', '说明', 'notes', 'remark']),
  ],
  products: [
    f('sku', true, ['商品编码', '存货编码', '产品编码', '物料编码', '货号', 'sku', 'product code', 'item code', 'code']),
    f('name', true, ['商品名称', '存货名称', '产品名称', '品名', '名称', 'product name', 'name']),
    f('productLine', false, ['产品线', '类别', '商品类别', '存货分类', 'product line', 'category']),
    f('unit', false, ['单位', '计量单位', 'unit', 'uom']),
    f('listPrice', false, ['标准售价', '零售价', '售价', '牌价', '单价', 'list price', 'price']),
    f('standardCost', false, ['标准成本', '成本', '成本价', 'standard cost', 'cost']),
    f('floorPrice', false, ['最低限价', '最低价', '底价', 'floor price', 'floor']),
    f('active', false, ['启用', '状态', '是否启用', 'active', 'status']),
  ],
  price_list_items: [
    f('priceList', true, ['价格表', '价格表编码', '价目表', 'price list', 'list']),
    f('product', true, ['商品编码', '存货编码', '产品编码', '货号', 'sku', 'product code', 'product']),
    f('price', true, ['价格', '单价', '售价', 'price']),
    f('minQty', false, ['起订量', '最小数量', '数量下限', 'min qty', 'minimum quantity', 'min quantity']),
    f('validFrom', false, ['生效日期', '开始日期', '起始日期', 'valid from', 'from']),
    f('validTo', false, ['失效日期', '截止日期', '结束日期', 'valid to', 'to']),
  ],
  sales_history: [
    f('orderNo', true, ['订单号', '单号', '单据号', '单据编号', '订单编号', '销售单号', 'order no', 'order number', 'order', 'document']),
    f('date', true, ['日期', '单据日期', '订单日期', '销售日期', '发货日期', 'date', 'order date']),
    f('customerCode', false, ['客户编码', '客户代码', '客户编号', 'customer code']),
    f('customerName', false, ['客户名称', '客户', '客户全称', 'customer name', 'customer']),
    f('productCode', false, ['商品编码', '存货编码', '产品编码', '物料编码', '货号', 'sku', 'product code', 'item code']),
    f('productName', false, ['商品名称', '存货名称', '产品名称', '品名', 'product name', 'product', 'item']),
    f('region', false, ['区域', '地区', '销售区域', '片区', 'region', 'area']),
    f('quantity', true, ['数量', '销售数量', '销量', 'quantity', 'qty']),
    f('amount', true, ['金额', '销售金额', '价税合计', '含税金额', '实收金额', 'amount', 'net amount', 'total']),
    f('discount', false, ['折扣', '折扣额', '折扣金额', '折让', 'discount']),
  ],
  // 用友/金蝶/管家婆 应收余额表 and 未核销单据 exports: one row per open document of the old system.
  opening_receivables: [
    f('customerCode', true, ['客户编码', '客户代码', '客户编号', '往来单位编码', '单位编码', 'customer code', 'customer']),
    f('documentNo', true, [
      '单据号', '单据编号', '发票号', '发票号码', '原单据号', '原单号', '凭证号', '单号', 'document no', 'document number', 'invoice no', 'invoice number', 'reference', 'ref',
    ]),
    f('date', true, ['单据日期', '发票日期', '开票日期', '业务日期', '日期', 'document date', 'invoice date', 'date']),
    f('dueDate', false, ['到期日', '到期日期', '应收日期', '收款到期日', '最后收款日', 'due date', 'due']),
    f('amount', true, ['未收金额', '未核销金额', '应收余额', '期初余额', '余额', '未收款', '金额', 'open amount', 'outstanding', 'balance', 'amount']),
    f('note', false, ['备注', '摘要', '说明', 'note', 'notes', 'memo', 'remark']),
  ],
};

/** Kinds where one of two fields must be mapped (sales lines need the customer and the product by code or name). */
export const IMPORT_ONE_OF: Partial<Record<ImportKind, readonly (readonly [string, string])[]>> = {
  sales_history: [
    ['customerCode', 'customerName'],
    ['productCode', 'productName'],
  ],
};

const normaliseHeader = (h: string) => h.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ').replace(/[：:*＊]$/, '');

/**
 * Guesses field → header from the headers' texts: exact synonym first, then a header that
 * contains a synonym (longest synonym wins). Each header is used at most once.
 */
export function guessMapping(kind: ImportKind, headers: readonly string[]): Record<string, string> {
  const normalised = headers.map(normaliseHeader);
  const used = new Set<number>();
  const out: Record<string, string> = {};
  const fields = IMPORT_FIELDS[kind];
  // Pass 1: exact matches, in field order.
  for (const def of fields) {
    for (const s of def.synonyms) {
      const i = normalised.findIndex((h, k) => !used.has(k) && h === s);
      if (i >= 0) {
        out[def.field] = headers[i] as string;
        used.add(i);
        break;
      }
    }
  }
  // Pass 2: a header containing a synonym (e.g. "客户编码(新)"); longer synonyms are more specific.
  for (const def of fields) {
    if (out[def.field]) continue;
    const synonyms = [...def.synonyms].filter((s) => s.length >= 2).sort((a, b) => b.length - a.length);
    for (const s of synonyms) {
      const i = normalised.findIndex((h, k) => !used.has(k) && h.includes(s));
      if (i >= 0) {
        out[def.field] = headers[i] as string;
        used.add(i);
        break;
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Wire schemas.

export const importId = z.string().regex(/^[a-f0-9-]{36}$/, 'not an import id').max(36);
/** 50 MB of file content, base64-encoded (4 characters per 3 bytes). */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
const base64 = z
  .string()
  .max(Math.ceil(MAX_IMPORT_BYTES / 3) * 4)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64');

/** field → header text of the file. */
export const importMapping = z.record(text(64, 1), text(200)).refine((m) => Object.keys(m).length <= 40, 'too many fields');
export type ImportMapping = z.infer<typeof importMapping>;

export const importParseInput = z.strictObject({
  kind: importKind,
  fileName: requiredText(255),
  contentBase64: base64,
});

export const importSheetSchema = z.object({
  name: z.string(),
  rowCount: z.number().int(),
  headers: z.array(z.string()),
  /** The first rows as text (at most 20), for the mapping step. */
  firstRows: z.array(z.array(z.string())),
  /** A sheet that cannot be imported (merged header cells, empty …) says why. */
  error: z.string().nullable(),
});
export type ImportSheet = z.infer<typeof importSheetSchema>;

export const importParseOutput = z.object({
  importId: z.string(),
  fileName: z.string(),
  format: z.enum(['csv', 'xlsx']),
  /** utf-8, utf-8-bom, gb18030 (covers GBK), utf-16le/be; null for xlsx. */
  encoding: z.string().nullable(),
  delimiter: z.string().nullable(),
  sha256: z.string(),
  sheets: z.array(importSheetSchema),
  /** The first sheet that can be imported. */
  defaultSheet: z.string().nullable(),
});
export type ImportParseOutput = z.infer<typeof importParseOutput>;

export const importPreviewInput = z.strictObject({
  importId,
  kind: importKind,
  sheet: text(100).optional(),
  mapping: importMapping,
});

export const importIssueSchema = z.object({
  /** Row number as the user sees it in the file (header row included; 1-based). */
  row: z.number().int(),
  /** The header text of the column, or null for a row-level problem. */
  column: z.string().nullable(),
  field: z.string().nullable(),
  /** Stable code the renderer translates (imports.err.<code>). */
  code: z.string(),
  /** English fallback text. */
  message: z.string(),
  value: z.string().nullable(),
});
export type ImportIssue = z.infer<typeof importIssueSchema>;

export const importCountsSchema = z.object({
  total: z.number().int(),
  valid: z.number().int(),
  invalid: z.number().int(),
  /** Of the valid rows: new records and records updated by key. */
  toInsert: z.number().int(),
  toUpdate: z.number().int(),
  /** Of the updates: rows equal to the stored record (nothing is written for them; sales lines are always rewritten, so 0). */
  unchanged: z.number().int(),
});

/** At most this many issues cross the boundary (the counts say how many there are). */
export const MAX_ISSUES = 2000;

export const importPreviewOutput = z.object({
  counts: importCountsSchema,
  errors: z.array(importIssueSchema),
  errorCount: z.number().int(),
  /** Visible normalisations (full-width digits, ¥ signs …) that did not stop a row. */
  warnings: z.array(importIssueSchema),
  warningCount: z.number().int(),
  /** Mapping problems (a required field not mapped, a header that is not in the file). */
  mappingErrors: z.array(z.object({ field: z.string(), code: z.string(), message: z.string() })),
});
export type ImportPreviewOutput = z.infer<typeof importPreviewOutput>;

export const IMPORT_MODES = ['all_or_nothing', 'valid_rows'] as const;
export const importCommitInput = importPreviewInput.extend({ mode: z.enum(IMPORT_MODES) });

export const importCommitOutput = z.object({
  status: z.enum(['committed', 'cancelled', 'refused']),
  batchId: z.number().int().nullable(),
  counts: importCountsSchema,
  written: z.number().int(),
  skipped: z.number().int(),
  errorCount: z.number().int(),
  ms: z.number().int(),
});
export type ImportCommitOutput = z.infer<typeof importCommitOutput>;

export const importCancelInput = z.strictObject({ importId });
export const importCancelOutput = z.object({ state: z.enum(['cancelling', 'discarded', 'unknown']) });

export const PRESET_KINDS = [...IMPORT_KINDS] as const;
export const importPresetSchema = z.object({
  id: z.number().int(),
  kind: importKind,
  name: z.string(),
  mapping: z.record(z.string(), z.string()),
  updatedAt: z.string(),
});
export type ImportPreset = z.infer<typeof importPresetSchema>;
export const importPresetListInput = z.strictObject({ kind: importKind });
export const importPresetSaveInput = z.strictObject({ kind: importKind, name: requiredText(50), mapping: importMapping });
export const importPresetDeleteInput = z.strictObject({ id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

export interface ImportProgress {
  importId: string;
  phase: 'validating' | 'writing' | 'done' | 'cancelled' | 'failed';
  done: number;
  total: number;
}

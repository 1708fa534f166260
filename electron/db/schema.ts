/** Kysely table types. Column names are snake_case as stored; repositories map to domain rows. */
import type { Generated } from 'kysely';

export interface SettingsTable {
  key: string;
  value: string; // JSON
  updated_at: string;
}
export interface UsersTable {
  id: Generated<number>;
  username: string; // stored lower-case
  display_name: string;
  password_hash: string;
  active: number; // 0 | 1
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
}
export interface UserRolesTable {
  user_id: number;
  role: string;
}
export interface SessionsTable {
  token_hash: string;
  user_id: number;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}
export interface LoginThrottleTable {
  username: string;
  failures: number;
  locked_until: string | null;
}
export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor_id: number | null;
  actor_name: string;
  action: string;
  entity: string;
  entity_id: string | null;
  before_json: string | null;
  after_json: string | null;
  reason: string | null;
  prev_hash: string;
  hash: string;
}
export interface RegionsTable {
  id: Generated<number>;
  code: string;
  name: string;
  parent_id: number | null;
}
export interface ProductLinesTable {
  id: Generated<number>;
  code: string;
  name: string;
}
export interface ProductsTable {
  id: Generated<number>;
  sku: string;
  name: string;
  product_line_id: number | null;
  unit: string;
  list_price: number;
  standard_cost: number;
  floor_price: number | null;
  active: number;
  created_at: string;
  updated_at: string;
}
export interface CustomersTable {
  id: Generated<number>;
  code: string;
  name: string;
  type: 'direct' | 'distributor';
  region_id: number | null;
  industry: string | null;
  owner_id: number | null;
  grade: 'A' | 'B' | 'C';
  grade_manual: number;
  payment_terms_days: number;
  credit_limit: number;
  credit_status: 'normal' | 'hold';
  notes: string | null;
  created_at: string;
  updated_at: string;
  grade_computed: 'A' | 'B' | 'C' | null;
  grade_basis: string | null; // JSON
  short_name: string | null;
  temp_credit_limit: number | null;
  /** Inclusive ISO date after which the temporary limit no longer applies. */
  temp_credit_expires: string | null;
}
export interface CustomerContactsTable {
  id: Generated<number>;
  customer_id: number;
  name: string;
  title: string | null;
  phone: string | null;
  email: string | null;
  is_primary: number;
}
export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: string;
  app_version: string;
}

export interface CustomerAddressesTable {
  id: Generated<number>;
  customer_id: number;
  kind: 'billing' | 'shipping';
  province: string | null;
  city: string | null;
  address: string;
  postcode: string | null;
  is_default: number;
}
export interface CustomerTagsTable {
  customer_id: number;
  tag: string;
}
export interface PriceListsTable {
  id: Generated<number>;
  code: string;
  name: string;
  kind: 'base' | 'grade' | 'channel' | 'customer';
  grade: 'A' | 'B' | 'C' | null;
  channel: 'direct' | 'distributor' | null;
  customer_id: number | null;
  active: number;
  notes: string | null;
  created_at: string;
  updated_at: string;
}
export interface PriceListItemsTable {
  id: Generated<number>;
  price_list_id: number;
  product_id: number;
  min_qty_milli: number;
  price: number;
  valid_from: string | null;
  valid_to: string | null;
  created_at: string;
  updated_at: string;
}
export interface SalesFactsTable {
  id: Generated<number>;
  date: string;
  /** yyyymm, for fast monthly/yearly grouping. */
  period: number;
  customer_id: number;
  product_id: number;
  rep_id: number | null;
  region_id: number | null;
  qty_milli: number;
  net_amount: number;
  discount_amount: number;
  cost_amount: number | null;
  source_type: 'import' | 'shipment' | 'return';
  source_ref: string;
  source_line: string;
  import_batch_id: number | null;
  created_at: string;
}
export interface ImportBatchesTable {
  id: Generated<number>;
  kind: 'customers' | 'products' | 'price_list_items' | 'sales_history' | 'bank_lines' | 'opening_receivables';
  file_name: string;
  file_sha256: string;
  rows_total: number;
  rows_written: number;
  rows_skipped: number;
  user_id: number | null;
  created_at: string;
}
export interface ImportPresetsTable {
  id: Generated<number>;
  kind: 'customers' | 'products' | 'price_list_items' | 'sales_history' | 'bank_lines' | 'opening_receivables';
  name: string;
  mapping: string; // JSON
  created_by: number | null;
  updated_at: string;
}
export interface UserGridStateTable {
  user_id: number;
  grid_key: string;
  state: string; // JSON
  updated_at: string;
}
export interface PriceApprovalsTable {
  id: Generated<number>;
  customer_id: number;
  product_id: number;
  qty_milli: number;
  price_date: string;
  resolved_price: number;
  net_price: number;
  floor_price: number;
  discount_bp: number;
  fired: string; // JSON array of rule names
  requested_by: number | null;
  approved_by: number;
  approved_at: string;
  reason: string;
  consumed_at: string | null;
  consumed_ref: string | null;
}

// ---- 0004: orders, credit, shipments, receivables, contracts ----
export interface SequencesTable {
  name: string;
  prefix: string;
  padding: number;
  next_value: number;
  yearly: number;
  year: number | null;
}
export interface ContractsTable {
  id: Generated<number>;
  number: string;
  customer_id: number;
  title: string | null;
  signed_on: string;
  starts_on: string;
  ends_on: string | null;
  amount: number;
  payment_terms_days: number;
  status: 'draft' | 'active' | 'completed' | 'terminated';
  notes: string | null;
  created_at: string;
  updated_at: string;
}
export interface ContractFilesTable {
  id: Generated<number>;
  contract_id: number;
  file_name: string;
  mime: string;
  size: number;
  sha256: string;
  content: Buffer;
  uploaded_by: number | null;
  uploaded_at: string;
}
export interface ContractInstalmentsTable {
  id: Generated<number>;
  contract_id: number;
  seq: number;
  due_date: string;
  amount: number;
  note: string | null;
}
export interface DistributorRegionsTable {
  customer_id: number;
  region_id: number;
}
export type OrderStatus = 'draft' | 'confirmed' | 'partly_shipped' | 'shipped' | 'invoiced' | 'closed' | 'cancelled';
export interface OrdersTable {
  id: Generated<number>;
  number: string;
  customer_id: number;
  contract_id: number | null;
  status: OrderStatus;
  order_date: string;
  ship_to_region_id: number | null;
  ship_to_address: string | null;
  notes: string | null;
  /** Tax-inclusive total of the lines (分). */
  amount: number;
  tax_amount: number;
  /** Tax-inclusive amount shipped so far (net of cancelled shipments). */
  shipped_amount: number;
  rep_id: number | null;
  created_by: number | null;
  confirmed_by: number | null;
  confirmed_at: string | null;
  closed_at: string | null;
  cancelled_at: string | null;
  cancel_reason: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}
export interface OrderLinesTable {
  id: Generated<number>;
  order_id: number;
  line_no: number;
  product_id: number;
  qty_milli: number;
  list_price: number;
  resolved_price: number;
  price_list_id: number | null;
  price_item_id: number | null;
  discount_bp: number;
  net_price: number;
  tax_rate_bp: number;
  amount: number;
  tax_amount: number;
  shipped_qty_milli: number;
  returned_qty_milli: number;
  price_approval_id: number | null;
}
export interface CreditOverridesTable {
  id: Generated<number>;
  customer_id: number;
  order_id: number | null;
  stage: 'confirm' | 'ship';
  user_id: number;
  reason: string;
  trace: string; // JSON
  at: string;
}
export interface ReceivablesTable {
  id: Generated<number>;
  number: string;
  customer_id: number;
  kind: 'invoice' | 'credit_note' | 'opening';
  order_id: number | null;
  shipment_id: number | null;
  return_id: number | null;
  credits_receivable_id: number | null;
  date: string;
  due_date: string;
  amount: number;
  balance: number;
  status: 'open' | 'partly_paid' | 'paid' | 'written_off' | 'cancelled';
  created_at: string;
  updated_at: string;
  /** Date the balance reached 0 (latest active allocation); NULL while open. */
  closed_on: Generated<string | null>;
  external_ref: Generated<string | null>;
  /** The previous system's note on an opening item 期初应收. */
  notes: Generated<string | null>;
}
export type ReceiptMethod = 'bank_transfer' | 'cash' | 'acceptance_bill' | 'other';
export interface ReceiptsTable {
  id: Generated<number>;
  number: string;
  customer_id: number;
  date: string;
  amount: number;
  unallocated: number;
  method: ReceiptMethod;
  bill_number: string | null;
  bill_maturity_date: string | null;
  reference: string | null;
  payer_name: string | null;
  notes: string | null;
  bank_line_id: number | null;
  status: Generated<'posted' | 'reversed'>;
  reversed_on: string | null;
  reverse_reason: string | null;
  reversed_by: number | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}
export interface WriteOffsTable {
  id: Generated<number>;
  number: string;
  customer_id: number;
  receivable_id: number;
  kind: 'bad_debt' | 'small_difference';
  date: string;
  amount: number;
  reason: string;
  receipt_id: number | null;
  reversed_on: string | null;
  reverse_reason: string | null;
  created_by: number | null;
  created_at: string;
}
export type AllocationSource = 'receipt' | 'credit_note' | 'write_off';
export interface AllocationsTable {
  id: Generated<number>;
  customer_id: number;
  receivable_id: number;
  source: AllocationSource;
  receipt_id: number | null;
  credit_note_id: number | null;
  write_off_id: number | null;
  date: string;
  amount: number;
  reversed_on: string | null;
  created_by: number | null;
  created_at: string;
}
export interface BankImportsTable {
  id: Generated<number>;
  file_name: string;
  sha256: string;
  bank: string | null;
  line_count: number;
  new_lines: number;
  duplicate_lines: number;
  imported_by: number | null;
  imported_at: string;
}
export interface BankPresetsTable {
  id: Generated<number>;
  name: string;
  mapping: string; // JSON
  created_by: number | null;
  updated_at: string;
}
export interface BankLinesTable {
  id: Generated<number>;
  import_id: number;
  line_no: number;
  fingerprint: string;
  date: string;
  amount: number;
  payer_name: string | null;
  payer_account: string | null;
  reference: string | null;
  memo: string | null;
  serial: string | null;
  status: Generated<'unmatched' | 'proposed' | 'confirmed' | 'rejected'>;
  customer_id: number | null;
  proposal: string | null; // JSON
  score: number | null;
  receipt_id: number | null;
  decided_by: number | null;
  decided_at: string | null;
}
export interface CollectionNotesTable {
  id: Generated<number>;
  customer_id: number;
  receivable_id: number | null;
  date: string;
  channel: 'phone' | 'visit' | 'message' | 'email' | 'letter' | 'other';
  note: string;
  promise_date: string | null;
  promise_amount: number | null;
  created_by: number | null;
  created_at: string;
}
export interface ShipmentsTable {
  id: Generated<number>;
  number: string;
  order_id: number;
  customer_id: number;
  date: string;
  status: 'posted' | 'cancelled';
  ship_to_region_id: number | null;
  cross_region: number;
  receivable_id: number | null;
  amount: number;
  tax_amount: number;
  created_by: number | null;
  created_at: string;
  cancelled_at: string | null;
  cancel_reason: string | null;
}
export interface ShipmentLinesTable {
  id: Generated<number>;
  shipment_id: number;
  order_line_id: number;
  qty_milli: number;
  amount: number;
  tax_amount: number;
}
export interface ReturnsTable {
  id: Generated<number>;
  number: string;
  shipment_id: number;
  customer_id: number;
  date: string;
  reason: string;
  credit_note_id: number | null;
  amount: number;
  created_by: number | null;
  created_at: string;
}
export interface ReturnLinesTable {
  id: Generated<number>;
  return_id: number;
  shipment_line_id: number;
  qty_milli: number;
  amount: number;
  tax_amount: number;
}

export interface DB {
  settings: SettingsTable;
  users: UsersTable;
  user_roles: UserRolesTable;
  sessions: SessionsTable;
  login_throttle: LoginThrottleTable;
  audit_log: AuditLogTable;
  regions: RegionsTable;
  product_lines: ProductLinesTable;
  products: ProductsTable;
  customers: CustomersTable;
  customer_contacts: CustomerContactsTable;
  schema_migrations: SchemaMigrationsTable;
  customer_addresses: CustomerAddressesTable;
  customer_tags: CustomerTagsTable;
  price_lists: PriceListsTable;
  price_list_items: PriceListItemsTable;
  sales_facts: SalesFactsTable;
  import_batches: ImportBatchesTable;
  import_presets: ImportPresetsTable;
  user_grid_state: UserGridStateTable;
  price_approvals: PriceApprovalsTable;
  sequences: SequencesTable;
  contracts: ContractsTable;
  contract_files: ContractFilesTable;
  contract_instalments: ContractInstalmentsTable;
  distributor_regions: DistributorRegionsTable;
  orders: OrdersTable;
  order_lines: OrderLinesTable;
  credit_overrides: CreditOverridesTable;
  receivables: ReceivablesTable;
  shipments: ShipmentsTable;
  shipment_lines: ShipmentLinesTable;
  returns: ReturnsTable;
  return_lines: ReturnLinesTable;
  receipts: ReceiptsTable;
  write_offs: WriteOffsTable;
  allocations: AllocationsTable;
  bank_imports: BankImportsTable;
  bank_lines: BankLinesTable;
  bank_presets: BankPresetsTable;
  collection_notes: CollectionNotesTable;
}

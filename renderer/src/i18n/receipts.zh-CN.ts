/** Texts of receipts 收款 and the allocation workbench 核销工作台 (features/receipts), kept out of `Messages` like the other slices. */
type Widen<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

export const receiptsZh = {
  title: '收款核销',
  subtitle: '登记客户回款，按最早到期先核销或手工核销到应收单；未核销部分留作预收款',
  tabs: { receipts: '收款单', workbench: '核销工作台', writeOffs: '核销记录' },
  searchPlaceholder: '单号 / 摘要 / 付款人 / 客户',
  allMethods: '全部方式',
  allStatuses: '全部状态',
  unallocatedOnly: '仅未核销完',
  totalCount: '共 {{n}} 张',
  newReceipt: '登记收款',
  method: { bank_transfer: '银行转账', cash: '现金', acceptance_bill: '承兑汇票', other: '其他' },
  status: { posted: '已过账', reversed: '已冲销' },
  col: {
    number: '收款单号', date: '日期', customer: '客户', method: '方式', amount: '金额', unallocated: '未核销', status: '状态', reference: '摘要/流水号',
    actions: '操作', receivable: '应收单', dueDate: '到期日', balance: '余额', overdue: '逾期天数', thisTime: '本次核销', source: '来源', available: '可用',
    kind: '类型', reason: '原因', writeOff: '核销单号',
  },
  action: { allocate: '核销', reverse: '冲销', detail: '详情', unallocate: '取消核销', writeOff: '坏账核销', reverseWriteOff: '冲回' },
  form: {
    customer: '客户', date: '收款日期', amount: '金额（元）', method: '收款方式', billNumber: '汇票号码', billMaturityDate: '汇票到期日',
    reference: '摘要/银行流水号', payerName: '付款人', notes: '备注', allocateNow: '核销方式',
    allocateFifo: '立即自动核销（最早到期优先）', allocateManual: '到工作台手工核销', allocateLater: '暂不核销（留作预收）',
    writeOffDifference: '尾差核销（差额 ≤ {{tolerance}} 时一并核销）', amountInvalid: '请输入大于 0 的金额，最多两位小数',
    required: '必填', maturityBeforeDate: '到期日不能早于收款日期',
  },
  created: '已登记 {{number}}',
  createdAllocated: '已登记 {{number}}，核销 {{allocated}}',
  reverse: {
    title: '冲销收款单 {{number}}', hint: '冲销会撤回此收款单的全部核销（含尾差核销），相关应收单恢复余额。此操作记入审计日志。',
    date: '冲销日期', reason: '冲销原因（必填）', done: '已冲销',
  },
  unallocate: { title: '取消核销', hint: '撤回这笔核销，应收单恢复余额，金额回到收款单的未核销部分。', reason: '原因（必填）', done: '已取消核销' },
  detail: { allocations: '核销明细', writeOffs: '尾差核销', none: '暂无核销', reversedOn: '冲销于 {{date}}', bankLine: '来自银行对账单' },
  bench: {
    pickCustomer: '选择客户', customerPlaceholder: '输入客户编码或名称', empty: '请选择客户，查看其未结应收与可用收款',
    openItems: '未结应收', credits: '收款与贷项', receiptKind: '收款单', creditNoteKind: '红字应收（退货）',
    selectSource: '选择一张收款单或红字应收作为核销来源', available: '可用', allocated: '本次核销', remaining: '剩余', difference: '应收差额',
    fifo: '自动核销(FIFO)', clear: '清空', confirm: '确认核销', confirmHint: 'Ctrl+Enter 确认；Tab/Enter 在金额间移动',
    tolerance: '尾差核销（容差 {{tolerance}}）', toleranceOff: '尾差核销（设置中容差为 0，已关闭）',
    overSource: '本次核销 {{allocated}} 超过来源可用 {{available}}', overItem: '{{number}} 本次核销超过余额', done: '核销成功：{{allocated}}',
    doneWithWriteOff: '核销成功：{{allocated}}，尾差核销 {{writeOff}}', totalOpen: '未结合计', totalOverdue: '其中逾期', noItems: '该客户没有未结应收',
    noCredits: '该客户没有可用的收款或贷项',
  },
  writeOff: {
    title: '坏账核销 {{number}}', hint: '坏账核销需要“坏账审批”权限，并记入审计日志。余额 {{balance}}。', amount: '核销金额（元）', date: '核销日期',
    reason: '原因（必填）', done: '已核销 {{number}}', reverseTitle: '冲回核销 {{number}}', reversed: '已冲回',
    kind: { bad_debt: '坏账', small_difference: '尾差' }, includeReversed: '含已冲回',
  },
} as const;

export type ReceiptsMessages = Widen<typeof receiptsZh>;

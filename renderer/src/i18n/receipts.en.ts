/** English texts of receipts and the allocation workbench (same shape as receipts.zh-CN.ts). */
import type { ReceiptsMessages } from './receipts.zh-CN';

export const receiptsEn: ReceiptsMessages = {
  title: 'Receipts & allocation',
  subtitle: 'Record customer payments and allocate them to receivables, oldest due first or by hand; what is left stays as customer credit',
  tabs: { receipts: 'Receipts', workbench: 'Allocation workbench', writeOffs: 'Write-offs' },
  searchPlaceholder: 'Number / reference / payer / customer',
  allMethods: 'All methods',
  allStatuses: 'All statuses',
  unallocatedOnly: 'Unallocated only',
  totalCount: '{{n}} receipts',
  newReceipt: 'Record receipt',
  method: { bank_transfer: 'Bank transfer', cash: 'Cash', acceptance_bill: 'Acceptance bill', other: 'Other' },
  status: { posted: 'Posted', reversed: 'Reversed' },
  col: {
    number: 'Receipt', date: 'Date', customer: 'Customer', method: 'Method', amount: 'Amount', unallocated: 'Unallocated', status: 'Status', reference: 'Reference',
    actions: 'Actions', receivable: 'Receivable', dueDate: 'Due', balance: 'Balance', overdue: 'Days overdue', thisTime: 'Allocate now', source: 'Source', available: 'Available',
    kind: 'Kind', reason: 'Reason', writeOff: 'Write-off',
  },
  action: { allocate: 'Allocate', reverse: 'Reverse', detail: 'Details', unallocate: 'Unallocate', writeOff: 'Write off', reverseWriteOff: 'Reverse' },
  form: {
    customer: 'Customer', date: 'Receipt date', amount: 'Amount (¥)', method: 'Method', billNumber: 'Bill number', billMaturityDate: 'Bill maturity date',
    reference: 'Reference / serial', payerName: 'Payer', notes: 'Notes', allocateNow: 'Allocation',
    allocateFifo: 'Allocate now, oldest due first', allocateManual: 'By hand in the workbench', allocateLater: 'Later (keep as credit)',
    writeOffDifference: 'Write off a small difference (≤ {{tolerance}})', amountInvalid: 'Enter an amount above 0 with at most two decimals',
    required: 'Required', maturityBeforeDate: 'The maturity date cannot be before the receipt date',
  },
  created: 'Recorded {{number}}',
  createdAllocated: 'Recorded {{number}}, allocated {{allocated}}',
  reverse: {
    title: 'Reverse receipt {{number}}', hint: 'Reversing undoes all of its allocations (and its small-difference write-offs); the receivables get their balances back. Recorded in the audit log.',
    date: 'Reversal date', reason: 'Reason (required)', done: 'Reversed',
  },
  unallocate: { title: 'Unallocate', hint: 'Undoes this allocation: the receivable gets its balance back and the amount returns to the receipt.', reason: 'Reason (required)', done: 'Unallocated' },
  detail: { allocations: 'Allocations', writeOffs: 'Small-difference write-offs', none: 'Nothing allocated yet', reversedOn: 'reversed on {{date}}', bankLine: 'From a bank statement' },
  bench: {
    pickCustomer: 'Customer', customerPlaceholder: 'Type a customer code or name', empty: 'Pick a customer to see their open items and available receipts',
    openItems: 'Open items', credits: 'Receipts & credits', receiptKind: 'Receipt', creditNoteKind: 'Credit note (return)',
    selectSource: 'Pick a receipt or credit note to allocate from', available: 'Available', allocated: 'Allocating', remaining: 'Remaining', difference: 'Left on items',
    fifo: 'Auto (FIFO)', clear: 'Clear', confirm: 'Allocate', confirmHint: 'Ctrl+Enter confirms; Tab/Enter moves between amounts',
    tolerance: 'Write off small differences (tolerance {{tolerance}})', toleranceOff: 'Small-difference write-off (tolerance is 0 in settings: off)',
    overSource: 'Allocating {{allocated}} is more than the {{available}} available', overItem: '{{number}}: more than its balance', done: 'Allocated {{allocated}}',
    doneWithWriteOff: 'Allocated {{allocated}}, small difference written off {{writeOff}}', totalOpen: 'Open', totalOverdue: 'Overdue', noItems: 'No open items for this customer',
    noCredits: 'No receipts or credits available',
  },
  writeOff: {
    title: 'Write off {{number}} as bad debt', hint: 'Needs the write-off approval permission; recorded in the audit log. Balance {{balance}}.', amount: 'Amount (¥)', date: 'Date',
    reason: 'Reason (required)', done: 'Written off {{number}}', reverseTitle: 'Reverse write-off {{number}}', reversed: 'Reversed',
    kind: { bad_debt: 'Bad debt', small_difference: 'Small difference' }, includeReversed: 'Include reversed',
  },
};

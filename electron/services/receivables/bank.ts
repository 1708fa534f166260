/**
 * Issue #5 bank statement import and matching 银行对账 (handlers of shared/contracts/bank.ts).
 *
 * parse → the clerk maps columns (presets per bank) → import: in ONE transaction the import
 * row, its new lines (duplicates by fingerprint are reported, never inserted) and a proposal per
 * line (electron/rules/bank-match.ts) → the clerk confirms (a receipt + allocations through the
 * ledger), edits, rejects or reopens lines. Nothing here moves a balance itself.
 */
import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { bankContract } from '../../../shared/contracts/bank';
import { AppError } from '../../../shared/result';
import { type BankImportSummary, type BankLineRow, type BankMapping, MAX_BANK_FILE_BYTES, bankMapping } from '../../../shared/schemas/bank';
import type { DB } from '../../db/schema';
import { textMatch } from '../../db/sql-helpers';
import { inTransaction } from '../../db/transaction';
import { type Proposal, proposeMatch } from '../../rules/bank-match';
import { audit } from '../audit';
import type { CallContext, Handler } from '../context';
import { customerScope } from '../customers';
import { parseFile } from '../import/parse';
import { ImportFileError, type ParsedFile, type Table } from '../import/table';
import { confirmLine, loadLineForUpdate } from './bank-confirm';
import { loadMatchIndex } from './bank-index';
import { readStatement } from './bank-parse';
import { BUILTIN_PRESETS, guessMapping, pickPreset } from './bank-presets';

type BankHandlers = { [M in keyof typeof bankContract]: Handler<M> };

const MAX_LISTED = 200;
const nowIso = (ctx: CallContext) => ctx.clock.now().toISOString();

/** What bank_lines.proposal holds: the matcher's proposal (when there is one) and the line's flags. */
export interface StoredProposal extends Partial<Proposal> {
  sameAsLine?: number;
  rejectReason?: string;
}

async function readFile(input: { fileName: string; contentBase64: string }): Promise<{ parsed: ParsedFile; table: Table; sha256: string }> {
  const bytes = Buffer.from(input.contentBase64, 'base64');
  if (bytes.length > MAX_BANK_FILE_BYTES) throw new AppError('VALIDATION', 'The file is larger than 20 MB.', { code: 'too_large' });
  let parsed: ParsedFile;
  try {
    parsed = await parseFile(input.fileName, bytes);
  } catch (e) {
    if (e instanceof ImportFileError) throw new AppError('VALIDATION', e.message, { code: e.code, ...e.details });
    throw e;
  }
  // A statement is one sheet: the first one that can be read.
  const table = parsed.tables.find((t) => !t.error);
  if (!table) throw new AppError('VALIDATION', parsed.tables[0]?.error ?? 'The file has no rows.', { code: 'sheet_unusable' });
  if (table.rows.length === 0) throw new AppError('VALIDATION', `"${input.fileName}" has a header row but no transactions.`, { code: 'no_rows' });
  return { parsed, table, sha256: createHash('sha256').update(bytes).digest('hex') };
}

async function importedBefore(db: Kysely<DB>, sha256: string) {
  const r = await db.selectFrom('bank_imports').select(['id', 'imported_at']).where('sha256', '=', sha256).orderBy('id').executeTakeFirst();
  return r ? { importId: r.id, importedAt: r.imported_at } : null;
}

async function allPresets(db: Kysely<DB>) {
  const own = await db.selectFrom('bank_presets').select(['id', 'name', 'mapping']).orderBy('name').execute();
  return [
    ...BUILTIN_PRESETS.map((p) => ({ id: null, name: p.name, builtin: true, mapping: p.mapping })),
    ...own.map((p) => ({ id: p.id, name: p.name, builtin: false, mapping: bankMapping.parse(JSON.parse(p.mapping)) as BankMapping })),
  ];
}

// ─── Reading lines ──────────────────────────────────────────────────────────────────────

interface LineDbRow {
  id: number;
  import_id: number;
  line_no: number;
  date: string;
  amount: number;
  payer_name: string | null;
  payer_account: string | null;
  reference: string | null;
  memo: string | null;
  serial: string | null;
  status: BankLineRow['status'];
  customer_id: number | null;
  customer_name: string | null;
  proposal: string | null;
  score: number | null;
  receipt_id: number | null;
  receipt_number: string | null;
}

function toLineRow(r: LineDbRow): BankLineRow {
  const p: StoredProposal = r.proposal ? JSON.parse(r.proposal) : {};
  const showProposal = r.status !== 'confirmed';
  return {
    id: r.id, importId: r.import_id, lineNo: r.line_no, date: r.date, amount: r.amount, payerName: r.payer_name, payerAccount: r.payer_account,
    reference: r.reference, memo: r.memo, serial: r.serial, status: r.status, customerId: r.customer_id, customerName: r.customer_name,
    score: r.score, reasons: p.reasons ?? [], items: showProposal ? (p.items ?? []) : [], prepayment: p.prepayment ?? 0,
    sameAsLine: p.sameAsLine ?? null, receiptId: r.receipt_id, receiptNumber: r.receipt_number, rejectReason: r.status === 'rejected' ? (p.rejectReason ?? null) : null,
  };
}

function linesQuery(db: Kysely<DB>, ctx: CallContext) {
  const scope = customerScope(ctx);
  let q = db
    .selectFrom('bank_lines as b')
    .leftJoin('customers as c', 'c.id', 'b.customer_id')
    .leftJoin('receipts as r', 'r.id', 'b.receipt_id');
  // A rep without customers.read_all sees only lines of their own customers.
  if (scope !== null) q = q.where('c.owner_id', '=', scope);
  return q;
}

const LINE_COLUMNS = [
  'b.id', 'b.import_id', 'b.line_no', 'b.date', 'b.amount', 'b.payer_name', 'b.payer_account', 'b.reference', 'b.memo', 'b.serial', 'b.status',
  'b.customer_id', 'c.name as customer_name', 'b.proposal', 'b.score', 'b.receipt_id', 'r.number as receipt_number',
] as const;

async function lineRow(db: Kysely<DB>, ctx: CallContext, lineId: number): Promise<BankLineRow> {
  const r = await linesQuery(db, ctx).select(LINE_COLUMNS).where('b.id', '=', lineId).executeTakeFirst();
  if (!r) throw new AppError('NOT_FOUND', `Bank line ${lineId} not found.`);
  return toLineRow(r as LineDbRow);
}

// ─── Handlers ───────────────────────────────────────────────────────────────────────────

export const bankHandlers: BankHandlers = {
  async 'bank.parse'(input, ctx) {
    const { parsed, table, sha256 } = await readFile(input);
    const preset = pickPreset(table.headers, await allPresets(ctx.db));
    return {
      fileName: input.fileName, format: parsed.format, encoding: parsed.encoding, sha256, sheet: table.name, headers: table.headers,
      rowCount: table.rows.length, firstRows: table.rows.slice(0, 20), mapping: preset?.mapping ?? guessMapping(table.headers),
      preset: preset?.name ?? null, importedBefore: await importedBefore(ctx.db, sha256),
    };
  },

  async 'bank.presets'(_input, ctx) {
    return allPresets(ctx.db);
  },

  async 'bank.savePreset'(input, ctx) {
    if (BUILTIN_PRESETS.some((p) => p.name === input.name)) {
      throw new AppError('CONFLICT', `"${input.name}" is a built-in preset; save your mapping under another name.`, { name: input.name });
    }
    const mapping = Object.fromEntries(Object.entries(input.mapping).filter(([, v]) => v));
    const out = await inTransaction(ctx.db, async (trx) => {
      const row = await trx
        .insertInto('bank_presets')
        .values({ name: input.name, mapping: JSON.stringify(mapping), created_by: ctx.session?.userId ?? null, updated_at: nowIso(ctx) })
        .onConflict((oc) => oc.column('name').doUpdateSet({ mapping: JSON.stringify(mapping), updated_at: nowIso(ctx) }))
        .returning('id')
        .executeTakeFirstOrThrow();
      return { id: row.id, name: input.name, builtin: false, mapping };
    });
    return out;
  },

  async 'bank.import'(input, ctx) {
    const { parsed, table, sha256 } = await readFile(input);
    const statement = readStatement(table, input.mapping, parsed.format === 'xlsx', input.account ?? '');
    const now = nowIso(ctx);
    const out = await inTransaction(ctx.db, async (trx): Promise<{ summary: BankImportSummary }> => {
      const before = await importedBefore(trx, sha256);
      // Lines already stored (this or an overlapping file imported before).
      const prints = JSON.stringify(statement.lines.map((l) => l.fingerprint));
      const existing = await sql<{ fingerprint: string; import_id: number; line_no: number; file_name: string }>`
        SELECT b.fingerprint, b.import_id, b.line_no, i.file_name FROM bank_lines b JOIN bank_imports i ON i.id = b.import_id
        WHERE b.fingerprint IN (SELECT value FROM json_each(${prints}))`.execute(trx);
      const stored = new Map(existing.rows.map((r) => [r.fingerprint, r]));
      const fresh = statement.lines.filter((l) => !stored.has(l.fingerprint));
      const duplicates = statement.lines
        .filter((l) => stored.has(l.fingerprint))
        .map((l) => {
          const s = stored.get(l.fingerprint) as (typeof existing.rows)[number];
          return { row: l.row, ofImportId: s.import_id, ofFileName: s.file_name, ofLineNo: s.line_no };
        });
      const summary: BankImportSummary = {
        importId: null, fileName: input.fileName, rows: table.rows.length, newLines: fresh.length, proposed: 0, outgoing: statement.outgoing,
        duplicateCount: duplicates.length, duplicates: duplicates.slice(0, MAX_LISTED), errorCount: statement.errors.length,
        errors: statement.errors.slice(0, MAX_LISTED), notes: statement.notes.slice(0, MAX_LISTED),
        repeats: fresh.filter((l) => l.sameAsRow !== null).map((l) => ({ row: l.row, sameAsRow: l.sameAsRow as number })).slice(0, MAX_LISTED),
        importedBefore: before,
      };
      // Nothing new (the same file again, or only outgoing lines): nothing is written.
      if (fresh.length === 0) return { summary };

      const index = await loadMatchIndex(trx);
      const rows = fresh.map((l) => {
        const p = proposeMatch(index, l);
        if (p) summary.proposed++;
        const stored: StoredProposal | null = p || l.sameAsRow ? { ...(p ?? {}), ...(l.sameAsRow ? { sameAsLine: l.sameAsRow } : {}) } : null;
        return {
          n: l.row, f: l.fingerprint, d: l.date, a: l.amount, pn: l.payerName, pa: l.payerAccount, r: l.reference, m: l.memo, s: l.serial,
          st: p ? 'proposed' : 'unmatched', c: p?.customerId ?? null, p: stored ? JSON.stringify(stored) : null, sc: p?.score ?? null,
        };
      });
      const imp = await trx
        .insertInto('bank_imports')
        .values({
          file_name: input.fileName, sha256, bank: input.bank ?? null, line_count: table.rows.length, new_lines: fresh.length,
          duplicate_lines: duplicates.length, imported_by: ctx.session?.userId ?? null, imported_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await sql`INSERT INTO bank_lines (import_id, line_no, fingerprint, date, amount, payer_name, payer_account, reference, memo, serial, status, customer_id, proposal, score)
        SELECT ${imp.id}, j.value ->> 'n', j.value ->> 'f', j.value ->> 'd', j.value ->> 'a', j.value ->> 'pn', j.value ->> 'pa', j.value ->> 'r',
          j.value ->> 'm', j.value ->> 's', j.value ->> 'st', j.value ->> 'c', j.value ->> 'p', j.value ->> 'sc'
        FROM json_each(${JSON.stringify(rows)}) j ORDER BY j.key`.execute(trx);
      summary.importId = imp.id;
      await audit(trx, ctx, {
        action: 'bank.import', entity: 'bank_import', entityId: imp.id,
        after: { fileName: input.fileName, sha256, rows: summary.rows, newLines: summary.newLines, duplicates: summary.duplicateCount, outgoing: summary.outgoing, errors: summary.errorCount },
      });
      return { summary };
    });
    // No event: an import moves no balance (only confirming does).
    return out.summary;
  },

  async 'bank.imports'(_input, ctx) {
    const rows = await sql<{
      id: number; file_name: string; bank: string | null; line_count: number; new_lines: number; duplicate_lines: number; imported_at: string;
      imported_by: string | null; unmatched: number; proposed: number; confirmed: number; rejected: number;
    }>`SELECT i.id, i.file_name, i.bank, i.line_count, i.new_lines, i.duplicate_lines, i.imported_at, u.display_name AS imported_by,
        count(*) FILTER (WHERE b.status = 'unmatched') AS unmatched, count(*) FILTER (WHERE b.status = 'proposed') AS proposed,
        count(*) FILTER (WHERE b.status = 'confirmed') AS confirmed, count(*) FILTER (WHERE b.status = 'rejected') AS rejected
      FROM bank_imports i LEFT JOIN users u ON u.id = i.imported_by LEFT JOIN bank_lines b ON b.import_id = i.id
      GROUP BY i.id ORDER BY i.id DESC LIMIT 500`.execute(ctx.db);
    return rows.rows.map((r) => ({
      id: r.id, fileName: r.file_name, bank: r.bank, lineCount: r.line_count, newLines: r.new_lines, duplicateLines: r.duplicate_lines,
      importedAt: r.imported_at, importedBy: r.imported_by, unmatched: r.unmatched, proposed: r.proposed, confirmed: r.confirmed, rejected: r.rejected,
    }));
  },

  async 'bank.lines'(input, ctx) {
    let q = linesQuery(ctx.db, ctx);
    if (input.importId) q = q.where('b.import_id', '=', input.importId);
    if (input.status) q = q.where('b.status', '=', input.status);
    if (input.search) {
      const term = input.search;
      q = q.where((eb) => eb.or([...['b.payer_name', 'b.reference', 'b.memo', 'b.serial', 'c.name'].map((col) => textMatch(sql.ref(col), 'contains', term))]));
    }
    const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await q.select(LINE_COLUMNS).orderBy('b.import_id', 'desc').orderBy('b.line_no').limit(input.limit).offset(input.offset).execute();
    return { total: Number(total.n), rows: rows.map((r) => toLineRow(r as LineDbRow)) };
  },

  async 'bank.confirm'(input, ctx) {
    const out = await inTransaction(ctx.db, async (trx) => {
      const line = await loadLineForUpdate(trx, ctx, input.lineId);
      const settings = await ctx.settings.get(trx);
      return confirmLine(trx, ctx, line, input.customerId, input.allocations, settings.allowReceiptBeforeInvoice);
    });
    ctx.emit('receivables.changed', { customerIds: [input.customerId] });
    return out;
  },

  async 'bank.confirmMany'(input, ctx) {
    const scope = customerScope(ctx);
    const out = await inTransaction(ctx.db, async (trx) => {
      let q = trx
        .selectFrom('bank_lines as b')
        .innerJoin('customers as c', 'c.id', 'b.customer_id')
        .select(['b.id', 'b.line_no', 'b.customer_id', 'b.proposal'])
        .where('b.status', '=', 'proposed')
        .where('b.score', '>=', input.minScore);
      if (input.importId) q = q.where('b.import_id', '=', input.importId);
      if (scope !== null) q = q.where('c.owner_id', '=', scope);
      const lines = await q.orderBy('b.date').orderBy('b.id').execute();
      const settings = await ctx.settings.get(trx);
      const receipts: { lineId: number; receiptNumber: string }[] = [];
      const skipped: { lineId: number; lineNo: number; message: string }[] = [];
      const customerIds = new Set<number>();
      for (const l of lines) {
        const p: StoredProposal = l.proposal ? JSON.parse(l.proposal) : {};
        const allocations = (p.items ?? []).map((i) => ({ receivableId: i.receivableId, amount: i.amount }));
        // A proposal made at import may no longer fit (an item paid meanwhile, two lines proposing the
        // same invoice): that line is left for the clerk, the others go ahead. A savepoint keeps
        // each line all-or-nothing inside the one transaction.
        await sql`SAVEPOINT bank_line`.execute(trx);
        try {
          const line = await loadLineForUpdate(trx, ctx, l.id);
          const r = await confirmLine(trx, ctx, line, l.customer_id as number, allocations, settings.allowReceiptBeforeInvoice);
          await sql`RELEASE bank_line`.execute(trx);
          receipts.push({ lineId: l.id, receiptNumber: r.receiptNumber });
          customerIds.add(l.customer_id as number);
        } catch (e) {
          await sql`ROLLBACK TO bank_line`.execute(trx);
          await sql`RELEASE bank_line`.execute(trx);
          if (!(e instanceof AppError)) throw e;
          skipped.push({ lineId: l.id, lineNo: l.line_no, message: e.message });
        }
      }
      return { confirmed: receipts.length, receipts, skipped, customerIds: [...customerIds] };
    });
    if (out.confirmed > 0) ctx.emit('receivables.changed', { customerIds: out.customerIds });
    return { confirmed: out.confirmed, receipts: out.receipts, skipped: out.skipped };
  },

  async 'bank.reject'(input, ctx) {
    await inTransaction(ctx.db, async (trx) => {
      const line = await loadLineForUpdate(trx, ctx, input.lineId);
      if (line.status === 'confirmed' || line.status === 'rejected') {
        throw new AppError('CONFLICT', `Bank line ${line.line_no} of import ${line.import_id} is already ${line.status}.`, { status: line.status });
      }
      const p: StoredProposal = line.proposal ? JSON.parse(line.proposal) : {};
      p.rejectReason = input.reason;
      await trx
        .updateTable('bank_lines')
        .set({ status: 'rejected', proposal: JSON.stringify(p), decided_by: ctx.session?.userId ?? null, decided_at: nowIso(ctx) })
        .where('id', '=', line.id)
        .execute();
      await audit(trx, ctx, { action: 'bank.reject', entity: 'bank_line', entityId: line.id, before: { status: line.status }, after: { status: 'rejected' }, reason: input.reason });
    });
    return lineRow(ctx.db, ctx, input.lineId);
  },

  async 'bank.reopen'(input, ctx) {
    await inTransaction(ctx.db, async (trx) => {
      const line = await loadLineForUpdate(trx, ctx, input.lineId);
      if (line.status !== 'rejected') {
        throw new AppError('CONFLICT', `Only a rejected bank line can be reopened; line ${line.line_no} of import ${line.import_id} is ${line.status}.`, { status: line.status });
      }
      const p: StoredProposal = line.proposal ? JSON.parse(line.proposal) : {};
      delete p.rejectReason;
      const status = p.customerId ? 'proposed' : 'unmatched';
      await trx
        .updateTable('bank_lines')
        .set({ status, proposal: Object.keys(p).length ? JSON.stringify(p) : null, decided_by: ctx.session?.userId ?? null, decided_at: nowIso(ctx) })
        .where('id', '=', line.id)
        .execute();
      await audit(trx, ctx, { action: 'bank.reopen', entity: 'bank_line', entityId: line.id, before: { status: 'rejected' }, after: { status } });
    });
    return lineRow(ctx.db, ctx, input.lineId);
  },
};

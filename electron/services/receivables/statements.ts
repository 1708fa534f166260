/**
 * Issue #5 statements of account 对账单: handlers of shared/contracts/statements.ts.
 *
 * - statements.get: the statement's numbers (statement-data.ts), in the rep's record scope.
 * - statements.pdf: statement-html.ts → the host's PdfRenderer (ctx.pdf) → base64.
 * - statements.batch: one PDF per customer with a balance or activity in the period, written to
 *   <documentsDir>/statements/<from>_<to>/ (files of an earlier run of the same period are
 *   replaced), then one audit row. Files are written first, the audit row after: a failure
 *   part-way leaves some PDFs and no audit row, never an audit row for files that do not exist.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { statementsContract } from '../../../shared/contracts/statements';
import { AppError } from '../../../shared/result';
import type { Statement, StatementLanguage } from '../../../shared/schemas/statements';
import { inTransaction } from '../../db/transaction';
import { audit } from '../audit';
import type { CallContext, Handler } from '../context';
import { customerScope } from '../customers';
import { pdfPageCount, requirePdf } from '../pdf';
import { customerHeader, loadStatement } from './statement-data';
import { batchFolderName, statementFileName } from './statement-files';
import { statementHtml } from './statement-html';

type StatementsHandlers = { [M in keyof typeof statementsContract]: Handler<M> };

/** More customers than this in one batch is refused: the clerk raises minBalance instead. */
export const MAX_BATCH_CUSTOMERS = 2_000;

async function statementFor(ctx: CallContext, customerId: number, from: string, to: string): Promise<Statement> {
  const customer = await customerHeader(ctx.db, customerId);
  const scope = customerScope(ctx);
  // Out-of-scope customers answer NOT_FOUND, as everywhere, so a rep cannot probe for ids.
  if (!customer || (scope !== null && customer.ownerId !== scope)) throw new AppError('NOT_FOUND', 'Customer not found.');
  const settings = await ctx.settings.get(ctx.db);
  const { ownerId: _owner, ...header } = customer;
  return loadStatement(ctx.db, {
    customer: header, from, to, companyName: settings.companyName, currency: settings.currency,
    agingBuckets: settings.agingBuckets, generatedAt: ctx.clock.now().toISOString(),
  });
}

async function renderPdf(ctx: CallContext, s: Statement, language: StatementLanguage): Promise<Uint8Array> {
  const pdf = requirePdf(ctx.pdf);
  try {
    return await pdf.render(statementHtml(s, language));
  } catch (e) {
    // The engine (a browser process) failed or went away: say which statement, not INTERNAL.
    throw new AppError('RULE_VIOLATION', `The PDF of the statement of ${s.customer.code} for ${s.from} – ${s.to} could not be produced: ${(e as Error).message}`.slice(0, 500), {
      reason: 'pdf_failed', customer: s.customer.code,
    });
  }
}

/**
 * Customers with something to state for [from, to]: a document or reversal dated in the period,
 * or a non-zero account balance at its end (which covers a balance brought forward).
 * Balances are Σ signed movements dated ≤ to, in one grouped query.
 */
async function batchCustomers(ctx: CallContext, from: string, to: string, minBalance: number | undefined) {
  const scope = customerScope(ctx);
  const { rows } = await sql<{ id: number; code: string; name: string; balance: number; active: number }>`
    WITH m AS (
      SELECT customer_id, date, amount AS s FROM receivables WHERE kind != 'credit_note' AND status != 'cancelled' AND date <= ${to}
      UNION ALL SELECT customer_id, date, -amount FROM receivables WHERE kind = 'credit_note' AND status != 'cancelled' AND date <= ${to}
      UNION ALL SELECT customer_id, date, -amount FROM receipts WHERE date <= ${to}
      UNION ALL SELECT customer_id, reversed_on, amount FROM receipts WHERE reversed_on <= ${to}
      UNION ALL SELECT customer_id, date, -amount FROM write_offs WHERE date <= ${to}
      UNION ALL SELECT customer_id, reversed_on, amount FROM write_offs WHERE reversed_on <= ${to}
    )
    SELECT c.id, c.code, c.name, t.balance, t.active FROM (
      SELECT customer_id, sum(s) AS balance, max(date >= ${from}) AS active FROM m GROUP BY customer_id
    ) t JOIN customers c ON c.id = t.customer_id
    WHERE (t.balance != 0 OR t.active = 1) ${scope === null ? sql`` : sql`AND c.owner_id = ${scope}`}
      ${minBalance === undefined ? sql`` : sql`AND t.balance >= ${minBalance}`}
    ORDER BY c.code`.execute(ctx.db);
  return rows;
}

export const statementsHandlers: StatementsHandlers = {
  async 'statements.get'(input, ctx) {
    return statementFor(ctx, input.customerId, input.from, input.to);
  },

  async 'statements.pdf'(input, ctx) {
    const s = await statementFor(ctx, input.customerId, input.from, input.to);
    const pdf = await renderPdf(ctx, s, input.language);
    return {
      fileName: statementFileName(s.customer.code, s.customer.name, s.from, s.to, input.language),
      pdfBase64: Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('base64'),
      pages: pdfPageCount(pdf),
    };
  },

  async 'statements.batch'(input, ctx) {
    if (input.from > input.to) {
      throw new AppError('VALIDATION', `The period starts (${input.from}) after it ends (${input.to}).`, {
        issues: [{ path: ['from'], code: 'custom', message: 'from must not be after to' }],
      });
    }
    requirePdf(ctx.pdf);
    const customers = await batchCustomers(ctx, input.from, input.to, input.minBalance);
    if (customers.length > MAX_BATCH_CUSTOMERS) {
      throw new AppError('RULE_VIOLATION', `${customers.length} customers have a balance or activity in ${input.from} – ${input.to}, more than ${MAX_BATCH_CUSTOMERS} statements in one batch; set a minimum balance.`, {
        count: customers.length, limit: MAX_BATCH_CUSTOMERS,
      });
    }
    const baseDir = ctx.documentsDir ?? process.cwd();
    const folder = path.join(baseDir, 'statements', batchFolderName(input.from, input.to));
    try {
      fs.mkdirSync(folder, { recursive: true });
    } catch (e) {
      throw new AppError('RULE_VIOLATION', `The folder ${folder} cannot be created: ${(e as Error).message}`, { folder });
    }
    const files: { customerCode: string; fileName: string }[] = [];
    for (const c of customers) {
      const s = await statementFor(ctx, c.id, input.from, input.to);
      const pdf = await renderPdf(ctx, s, input.language);
      const fileName = statementFileName(c.code, c.name, input.from, input.to, input.language);
      try {
        fs.writeFileSync(path.join(folder, fileName), pdf);
      } catch (e) {
        throw new AppError('RULE_VIOLATION', `${fileName} cannot be written to ${folder}: ${(e as Error).message}`, { folder, fileName, written: files.length });
      }
      files.push({ customerCode: c.code, fileName });
    }
    await inTransaction(ctx.db, async (trx) => {
      await audit(trx, ctx, {
        action: 'statement.batch', entity: 'receivable', entityId: null,
        after: { from: input.from, to: input.to, language: input.language, minBalance: input.minBalance ?? null, folder, count: files.length },
      });
    });
    return { folder, files, count: files.length };
  },
};

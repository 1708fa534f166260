/**
 * Statement rows → incoming bank lines with fingerprints. Only money in (the credit side)
 * becomes a line; money out is counted and skipped; an amount or date that is ambiguous refuses
 * its row with an error — never a silent guess (parseAmount / parseDate of the import stack).
 *
 * Fingerprint (bank_lines.fingerprint is UNIQUE):
 *   - with a serial 流水号: "s|" + our account + "|" + serial;
 *   - without: "h|" + hash(date, amount, payer, payer account, reference, memo) + "|" +
 *     the occurrence of that tuple within its file (1, 2, …) — two genuinely identical payments
 *     in one file are both kept, and the same two lines in an overlapping file are recognised.
 *     Our own account is left out of this hash on purpose: a clerk typing it differently (or not
 *     at all) the second time must not turn every line into a "new" one.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../../../shared/result';
import type { BankField, BankMapping } from '../../../shared/schemas/bank';
import { parseAmount, parseDate } from '../import/values';
import type { Table } from '../import/table';

export interface ParsedLine {
  /** The row number the clerk sees in the file (header counted). */
  row: number;
  date: string;
  amount: number;
  payerName: string | null;
  payerAccount: string | null;
  reference: string | null;
  memo: string | null;
  serial: string | null;
  fingerprint: string;
  /** For a repeated line without serial: the row of its first occurrence in this file. */
  sameAsRow: number | null;
}
export interface RowIssue {
  row: number;
  field: string;
  code: string;
  message: string;
}
export interface ParsedStatement {
  lines: ParsedLine[];
  outgoing: number;
  errors: RowIssue[];
  notes: RowIssue[];
}

const LIMITS: Partial<Record<BankField, number>> = { payerName: 200, payerAccount: 60, reference: 200, memo: 200, serial: 80, account: 60 };

/** The column index of every mapped field; VALIDATION naming what is missing or unknown. */
export function resolveColumns(table: Table, mapping: BankMapping): Partial<Record<BankField, number>> {
  const cols: Partial<Record<BankField, number>> = {};
  for (const [field, header] of Object.entries(mapping) as [BankField, string | undefined][]) {
    if (!header) continue;
    const i = table.headers.indexOf(header);
    if (i < 0) throw new AppError('VALIDATION', `The file has no column "${header}" (mapped to ${field}).`, { code: 'unknown_column', field, header });
    cols[field] = i;
  }
  if (cols.date === undefined) throw new AppError('VALIDATION', 'The transaction date column (交易日期) is not mapped.', { code: 'missing_column', field: 'date' });
  if (cols.credit === undefined && cols.amount === undefined) {
    throw new AppError('VALIDATION', 'Neither a credit amount column (贷方发生额/收入金额) nor a signed amount column (交易金额) is mapped: the import cannot tell incoming money.', {
      code: 'missing_column', field: 'credit',
    });
  }
  if (cols.credit !== undefined && cols.amount !== undefined) {
    throw new AppError('VALIDATION', 'Map either the credit (and debit) columns or one signed amount column, not both.', { code: 'mapping_conflict', field: 'amount' });
  }
  return cols;
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 32);

export function readStatement(table: Table, mapping: BankMapping, fromXlsx: boolean, ownAccount: string): ParsedStatement {
  const cols = resolveColumns(table, mapping);
  const out: ParsedStatement = { lines: [], outgoing: 0, errors: [], notes: [] };
  const occurrences = new Map<string, { n: number; first: number }>();
  const serialsSeen = new Set<string>();
  /** Reads one row; false when it yields no line (an error, money out). */
  const readRow = (cells: readonly string[], k: number): boolean => {
    const row = table.rowNumbers[k] ?? k + 2;
    const cell = (f: BankField) => (cols[f] === undefined ? '' : (cells[cols[f] as number] ?? '').trim());
    const fail = (field: string, code: string, message: string) => {
      out.errors.push({ row, field, code, message });
      return false;
    };

    // Direction and amount.
    let amount: number;
    if (cols.amount !== undefined) {
      const r = parseAmount(cell('amount'), true);
      if (!r.ok) return fail('amount', r.code, r.message);
      if (r.note) out.notes.push({ row, field: 'amount', code: 'normalised', message: r.note });
      if (r.value <= 0) {
        if (r.value < 0) out.outgoing++;
        else fail('amount', 'amount_zero', `Row ${row} has a zero amount.`);
        return false;
      }
      amount = r.value;
    } else {
      const credit = cell('credit');
      const debit = cell('debit');
      if (credit === '' || /^[-−]$/.test(credit)) {
        if (debit !== '') {
          const d = parseAmount(debit, true);
          if (!d.ok) return fail('debit', d.code, d.message);
          out.outgoing++;
          return false;
        }
        return fail('credit', 'amount_missing', `Row ${row} has neither a credit nor a debit amount.`);
      }
      const r = parseAmount(credit, true);
      if (!r.ok) return fail('credit', r.code, r.message);
      if (r.note) out.notes.push({ row, field: 'credit', code: 'normalised', message: r.note });
      if (r.value < 0) {
        // (1,234.50) or -1234.50 in the credit column: a reversal, money going out.
        out.outgoing++;
        return false;
      }
      if (r.value === 0) {
        const d = debit === '' ? null : parseAmount(debit, true);
        if (d && !d.ok) return fail('debit', d.code, d.message);
        if (d?.ok && d.value !== 0) {
          out.outgoing++;
          return false;
        }
        return fail('credit', 'amount_zero', `Row ${row} has a zero amount.`);
      }
      amount = r.value;
    }

    const d = parseDate(cell('date'), fromXlsx);
    if (!d.ok) return fail('date', d.code, d.message);
    const text: Partial<Record<BankField, string | null>> = {};
    for (const f of ['payerName', 'payerAccount', 'reference', 'memo', 'serial', 'account'] as const) {
      const v = cell(f);
      const max = LIMITS[f] ?? 200;
      if (v.length > max) return fail(f, 'too_long', `Row ${row}: ${f} is longer than ${max} characters.`);
      text[f] = v === '' ? null : v;
    }
    const account = text.account ?? ownAccount;
    let fingerprint: string;
    let sameAsRow: number | null = null;
    if (text.serial) {
      fingerprint = `s|${account}|${text.serial}`;
      if (serialsSeen.has(fingerprint)) {
        return fail('serial', 'serial_repeated', `Row ${row} repeats the serial number ${text.serial} of an earlier row of this file.`);
      }
      serialsSeen.add(fingerprint);
    } else {
      const tuple = sha(JSON.stringify([d.value, amount, text.payerName, text.payerAccount, text.reference, text.memo]));
      const o = occurrences.get(tuple);
      const n = (o?.n ?? 0) + 1;
      occurrences.set(tuple, { n, first: o?.first ?? row });
      if (o) sameAsRow = o.first;
      fingerprint = `h|${tuple}|${n}`;
    }
    out.lines.push({
      row, date: d.value, amount, payerName: text.payerName ?? null, payerAccount: text.payerAccount ?? null,
      reference: text.reference ?? null, memo: text.memo ?? null, serial: text.serial ?? null, fingerprint, sameAsRow,
    });
    return true;
  };
  table.rows.forEach((cells, k) => {
    readRow(cells, k);
  });
  return out;
}

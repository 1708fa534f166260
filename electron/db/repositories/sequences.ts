/**
 * Document numbers (SO-2026-000001, SH-…, AR-…, CN-…, RT-…) from the `sequences` table, inside
 * the caller's write transaction so numbers are gapless per committed document and never
 * reused (a rolled-back transaction gives its number back). Yearly sequences restart each year.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../schema';

export const DEFAULT_SEQUENCES = {
  order: { prefix: 'SO', padding: 6, yearly: true },
  shipment: { prefix: 'SH', padding: 6, yearly: true },
  receivable: { prefix: 'AR', padding: 6, yearly: true },
  credit_note: { prefix: 'CN', padding: 6, yearly: true },
  return: { prefix: 'RT', padding: 6, yearly: true },
  contract: { prefix: 'HT', padding: 5, yearly: true },
  receipt: { prefix: 'RC', padding: 6, yearly: true },
  write_off: { prefix: 'WO', padding: 5, yearly: true },
  opening: { prefix: 'OB', padding: 6, yearly: true },
} as const;
export type SequenceName = keyof typeof DEFAULT_SEQUENCES;

/** Formats e.g. SO-2026-000042 (yearly) or SO-000042. */
export function formatNumber(prefix: string, padding: number, value: number, year: number | null): string {
  const n = String(value).padStart(padding, '0');
  return year === null ? `${prefix}-${n}` : `${prefix}-${year}-${n}`;
}

/** Takes the next number of `name` for a document dated `date` (ISO); must run inside a write transaction. */
export async function nextNumber(trx: Kysely<DB>, name: SequenceName, date: string): Promise<string> {
  const year = Number(date.slice(0, 4));
  const def = DEFAULT_SEQUENCES[name];
  let row = await trx.selectFrom('sequences').selectAll().where('name', '=', name).executeTakeFirst();
  if (!row) {
    row = { name, prefix: def.prefix, padding: def.padding, next_value: 1, yearly: def.yearly ? 1 : 0, year: def.yearly ? year : null };
    await trx.insertInto('sequences').values(row).execute();
  }
  let value = row.next_value;
  let seqYear = row.yearly === 1 ? row.year : null;
  if (row.yearly === 1 && row.year !== year) {
    // A new year restarts the count (documents dated in an earlier year keep counting that year's
    // series only while it is current; back-dated ones then take the current series' numbers).
    if (row.year === null || year > row.year) {
      value = 1;
      seqYear = year;
    }
  }
  await trx
    .updateTable('sequences')
    .set({ next_value: value + 1, year: seqYear })
    .where('name', '=', name)
    .execute();
  return formatNumber(row.prefix, row.padding, value, seqYear);
}

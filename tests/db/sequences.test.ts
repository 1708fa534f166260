import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../electron/db/connection';
import { formatNumber, nextNumber } from '../../electron/db/repositories/sequences';
import { inTransaction } from '../../electron/db/transaction';
import { tempDir } from '../helpers/app';

let db: Db;
let dir: string;
beforeAll(async () => {
  dir = tempDir();
  db = await openDatabase(path.join(dir, 's.sqlite'), { appVersion: 't' });
});
afterAll(async () => {
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('document numbers', () => {
  it('count up per sequence and restart with a new year', async () => {
    const take = (name: 'order' | 'shipment', date: string) => inTransaction(db.kysely, (trx) => nextNumber(trx, name, date));
    expect(await take('order', '2026-03-01')).toBe('SO-2026-000001');
    expect(await take('order', '2026-03-01')).toBe('SO-2026-000002');
    expect(await take('shipment', '2026-03-01')).toBe('SH-2026-000001');
    expect(await take('order', '2027-01-02')).toBe('SO-2027-000001');
    expect(await take('order', '2026-12-31')).toBe('SO-2027-000002');
  });

  it('give the number back when the transaction rolls back', async () => {
    await expect(
      inTransaction(db.kysely, async (trx) => {
        await nextNumber(trx, 'shipment', '2026-03-02');
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await inTransaction(db.kysely, (trx) => nextNumber(trx, 'shipment', '2026-03-02'))).toBe('SH-2026-000002');
  });

  it('format without a year for non-yearly series', () => {
    expect(formatNumber('X', 4, 7, null)).toBe('X-0007');
  });
});

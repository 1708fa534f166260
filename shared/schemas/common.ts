import { z } from 'zod';

/** Every string that crosses the boundary has a maximum length: a 10 MB name is refused, not stored. */
export const text = (max: number, min = 0) => z.string().trim().min(min).max(max);
export const requiredText = (max: number) => text(max, 1);

export const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** Integer minor units (分). Floats and unsafe integers are refused. */
export const centsSchema = z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);
export const nonNegativeCents = centsSchema.min(0);

/** Basis points, 0–10000 (0%–100%). */
export const basisPoints = z.number().int().min(0).max(10_000);

function isRealDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
export const isoDate = z.string().max(10).regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD').refine(isRealDate, 'not a real date');
export const isoTimestamp = z.string().max(40);

export const empty = z.strictObject({});

/** Paging, sorting and filtering done in SQL for grids over large tables (AG Grid infinite model). */
export const sortItem = z.strictObject({ colId: text(64, 1), sort: z.enum(['asc', 'desc']) });
export const filterItem = z.strictObject({
  type: z.enum(['contains', 'equals', 'startsWith']),
  value: text(200),
});
export const pageRequest = z.strictObject({
  offset: z.number().int().min(0).max(100_000_000).default(0),
  limit: z.number().int().min(1).max(1000).default(100),
  sort: z.array(sortItem).max(4).default([]),
  filter: z.record(text(64, 1), filterItem).default({}),
});
export type PageRequest = z.infer<typeof pageRequest>;

export const page = <T extends z.ZodType>(row: T) => z.object({ rows: z.array(row), total: z.number().int().min(0) });

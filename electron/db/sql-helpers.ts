/** Small named helpers for SQL that differs between SQLite and PostgreSQL. */
import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Case-insensitive (ASCII) substring / prefix / equality match; SQLite's LIKE, PostgreSQL would use ILIKE. */
export function textMatch(column: Expression<unknown> | RawBuilder<unknown>, type: 'contains' | 'startsWith' | 'equals', value: string): RawBuilder<SqlBool> {
  if (type === 'equals') return sql<SqlBool>`${column} = ${value}`;
  const pattern = type === 'contains' ? `%${escapeLike(value)}%` : `${escapeLike(value)}%`;
  return sql<SqlBool>`${column} LIKE ${pattern} ESCAPE '\\'`;
}

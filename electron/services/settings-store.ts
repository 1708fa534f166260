/** Company settings read through a small cache: many rules read them on every call. */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { DEFAULT_SETTINGS, type Settings, settingsSchema } from '../../shared/schemas/settings';

export async function loadSettings(db: Kysely<DB>): Promise<Settings> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).execute();
  const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const r of rows) if (r.key in DEFAULT_SETTINGS) merged[r.key] = JSON.parse(r.value);
  const parsed = settingsSchema.safeParse(merged);
  // A stored value that no longer validates (hand-edited file) falls back to defaults key by key.
  if (parsed.success) return parsed.data;
  const bad = new Set(parsed.error.issues.map((i) => String(i.path[0])));
  for (const k of bad) merged[k] = DEFAULT_SETTINGS[k as keyof Settings];
  return settingsSchema.parse(merged);
}

export class SettingsStore {
  private cached: Settings | null = null;
  constructor(private readonly db: Kysely<DB>) {}
  /**
   * Inside a transaction pass its handle: a query on the pool handle would wait for the
   * connection the transaction holds, and never get it.
   */
  async get(executor: Kysely<DB> = this.db): Promise<Settings> {
    this.cached ??= await loadSettings(executor);
    return this.cached;
  }
  invalidate(): void {
    this.cached = null;
  }
}

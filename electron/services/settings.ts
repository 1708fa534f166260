import { inTransaction } from '../db/transaction';
import { AppError } from '../../shared/result';
import { type Settings, settingsSchema } from '../../shared/schemas/settings';
import { audit } from './audit';
import type { DomainHandlers } from './context';

export const settingsHandlers: DomainHandlers<'settings'> = {
  async 'settings.get'(_input, ctx) {
    return ctx.settings.get();
  },

  async 'settings.update'(input, ctx) {
    const result = await inTransaction(ctx.db, async (trx) => {
      ctx.settings.invalidate();
      const current = await ctx.settings.get(trx);
      const merged = settingsSchema.safeParse({ ...current, ...input.patch });
      if (!merged.success) {
        throw new AppError('VALIDATION', merged.error.issues[0]?.message ?? 'Invalid settings.', {
          issues: merged.error.issues.map((i) => ({ path: i.path.map(String), code: i.code, message: i.message })),
        });
      }
      const changed = (Object.keys(input.patch) as (keyof Settings)[]).filter((k) => JSON.stringify(current[k]) !== JSON.stringify(merged.data[k]));
      const now = ctx.clock.now().toISOString();
      for (const key of changed) {
        const value = JSON.stringify(merged.data[key]);
        await trx
          .insertInto('settings')
          .values({ key, value, updated_at: now })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
          .execute();
      }
      if (changed.length) {
        await audit(trx, ctx, {
          action: 'settings.update',
          entity: 'settings',
          entityId: null,
          before: Object.fromEntries(changed.map((k) => [k, current[k]])),
          after: Object.fromEntries(changed.map((k) => [k, merged.data[k]])),
          reason: input.reason ?? null,
        });
      }
      return { settings: merged.data, changed };
    }).finally(() => ctx.settings.invalidate());
    if (result.changed.length) ctx.emit('settings.changed', { keys: result.changed });
    return result.settings;
  },
};

import { sql } from 'kysely';
import type { IntegrityResult } from '../db/integrity';
import { countUsers, insertUser } from '../db/repositories/users';
import { inTransaction } from '../db/transaction';
import { LATEST_SCHEMA_VERSION } from '../db/migrations';
import { AppError } from '../../shared/result';
import { audit } from './audit';
import { startSession } from './auth';
import type { AppContext, DomainHandlers } from './context';
import { hashPassword } from './passwords';

function integrityState(r: IntegrityResult | null) {
  if (!r) return { state: 'checking' as const, detail: '' };
  return r.ok ? { state: 'ok' as const, detail: r.detail } : { state: 'failed' as const, detail: r.detail };
}

async function status(ctx: AppContext) {
  const users = await countUsers(ctx.db);
  const initialized = users > 0;
  return {
    initialized,
    companyName: initialized ? (await ctx.settings.get()).companyName : null,
    company: ctx.workspace.company,
    appVersion: ctx.appVersion,
    schemaVersion: LATEST_SCHEMA_VERSION,
    demoAvailable: ctx.workspace.demoAvailable,
    integrity: integrityState(ctx.workspace.integrity),
  };
}

export const systemHandlers: DomainHandlers<'system'> = {
  async 'system.status'(_input, ctx) {
    return status(ctx);
  },

  async 'system.setup'(input, ctx) {
    const passwordHash = await hashPassword(input.adminPassword, ctx.scryptN);
    const session = await inTransaction(ctx.db, async (trx) => {
      if ((await countUsers(trx)) > 0) throw new AppError('CONFLICT', 'This company is already set up; sign in instead.');
      const now = ctx.clock.now().toISOString();
      const values = { companyName: input.companyName, currency: input.currency, fiscalYearStartMonth: input.fiscalYearStartMonth };
      for (const [key, value] of Object.entries(values)) {
        await trx
          .insertInto('settings')
          .values({ key, value: JSON.stringify(value), updated_at: now })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value: sql`excluded.value`, updated_at: now }))
          .execute();
      }
      ctx.settings.invalidate();
      const username = input.adminUsername.toLowerCase();
      const id = await insertUser(trx, { username, displayName: input.adminDisplayName, passwordHash, roles: ['admin'], at: now });
      await audit(trx, ctx, { action: 'system.setup', entity: 'company', entityId: null, after: { ...values, admin: username } }, { id, name: username });
      return startSession(trx, ctx, id);
    }).finally(() => ctx.settings.invalidate());
    ctx.emit('settings.changed', { keys: ['companyName', 'currency', 'fiscalYearStartMonth'] });
    return session;
  },

  async 'system.switchCompany'(input, ctx) {
    if (input.company !== ctx.workspace.company) await ctx.workspace.switchTo(input.company);
    // The context of this call belongs to the file that was open; read the status from the new one.
    return status(ctx.workspace.current());
  },
};

/**
 * Sign-in, sessions and throttling. Failed sign-ins for a username (existing or not) are
 * counted; from the 3rd consecutive failure the username is locked for 1 s, 2 s, 4 s … up to
 * 15 min, so guessing slows down without locking a real user out for long.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { findUser, findUserForLogin } from '../db/repositories/users';
import { AppError } from '../../shared/result';
import { permissionsOf } from '../../shared/permissions';
import type { Session } from '../../shared/schemas/users';
import { audit } from './audit';
import { type CallContext, type DomainHandlers, requireSession } from './context';
import { decoyHash, hashPassword, verifyPassword } from './passwords';
import { ABSOLUTE_SESSION_MS, hashToken } from './session-cache';
import { inTransaction } from '../db/transaction';

export const FREE_ATTEMPTS = 2;
export const MAX_LOCK_MS = 15 * 60_000;

export function lockDurationMs(failures: number): number {
  if (failures <= FREE_ATTEMPTS) return 0;
  return Math.min(1000 * 2 ** (failures - FREE_ATTEMPTS - 1), MAX_LOCK_MS);
}

/** Creates a session row for a user inside `trx` and returns what the renderer keeps. */
export async function startSession(trx: Kysely<DB>, ctx: CallContext, userId: number): Promise<Session> {
  const user = await findUser(trx, userId);
  if (!user) throw new AppError('NOT_FOUND', 'User not found.');
  const token = ctx.randomToken();
  const now = ctx.clock.now();
  const idleMs = (await ctx.settings.get(trx)).sessionIdleMinutes * 60_000;
  const expiresAt = new Date(now.getTime() + Math.min(idleMs, ABSOLUTE_SESSION_MS)).toISOString();
  await trx
    .insertInto('sessions')
    .values({ token_hash: hashToken(token), user_id: userId, created_at: now.toISOString(), expires_at: expiresAt, last_seen_at: now.toISOString() })
    .execute();
  await trx.updateTable('users').set({ last_login_at: now.toISOString() }).where('id', '=', userId).execute();
  return { token, expiresAt, user: { ...user, lastLoginAt: now.toISOString() }, permissions: [...permissionsOf(user.roles)] };
}

export const authHandlers: DomainHandlers<'auth'> = {
  async 'auth.login'(input, ctx) {
    const username = input.username.toLowerCase();
    const now = ctx.clock.now();
    const throttle = await ctx.db.selectFrom('login_throttle').selectAll().where('username', '=', username).executeTakeFirst();
    if (throttle?.locked_until && Date.parse(throttle.locked_until) > now.getTime()) {
      const retryAfterMs = Date.parse(throttle.locked_until) - now.getTime();
      throw new AppError('RATE_LIMITED', `Too many failed sign-ins; try again in ${Math.ceil(retryAfterMs / 1000)} s.`, { retryAfterMs });
    }
    const user = await findUserForLogin(ctx.db, username);
    const good = await verifyPassword(input.password, user?.password_hash ?? (await decoyHash(ctx.scryptN)));
    if (!user || !good || user.active !== 1) {
      const failures = (throttle?.failures ?? 0) + 1;
      const lockMs = lockDurationMs(failures);
      await inTransaction(ctx.db, async (trx) => {
        await trx
          .insertInto('login_throttle')
          .values({ username, failures, locked_until: lockMs ? new Date(now.getTime() + lockMs).toISOString() : null })
          .onConflict((oc) => oc.column('username').doUpdateSet({ failures, locked_until: lockMs ? new Date(now.getTime() + lockMs).toISOString() : null }))
          .execute();
        if (failures === FREE_ATTEMPTS + 1) {
          await audit(trx, ctx, { action: 'auth.throttled', entity: 'user', entityId: username, after: { failures } }, { id: user?.id ?? 0, name: username });
        }
      });
      throw new AppError('UNAUTHENTICATED', 'Wrong username or password.', lockMs ? { retryAfterMs: lockMs } : undefined);
    }
    return inTransaction(ctx.db, async (trx) => {
      await trx.deleteFrom('login_throttle').where('username', '=', username).execute();
      const session = await startSession(trx, ctx, user.id);
      await audit(trx, ctx, { action: 'auth.login', entity: 'user', entityId: user.id }, { id: user.id, name: user.username });
      return session;
    });
  },

  async 'auth.logout'(_input, ctx) {
    const s = requireSession(ctx);
    await ctx.db.deleteFrom('sessions').where('token_hash', '=', s.tokenHash).execute();
    ctx.sessions.forget(s.tokenHash);
    return {};
  },

  async 'auth.me'(_input, ctx) {
    const s = requireSession(ctx);
    const user = await findUser(ctx.db, s.userId);
    if (!user) throw new AppError('UNAUTHENTICATED', 'The user no longer exists.');
    return { user, expiresAt: s.expiresAt, permissions: [...s.permissions] };
  },

  async 'auth.changePassword'(input, ctx) {
    const s = requireSession(ctx);
    const row = await findUserForLogin(ctx.db, s.username);
    if (!row || !(await verifyPassword(input.current, row.password_hash))) {
      throw new AppError('VALIDATION', 'The current password is wrong.', { issues: [{ path: ['current'], code: 'custom', message: 'wrong password' }] });
    }
    const hash = await hashPassword(input.next, ctx.scryptN);
    await inTransaction(ctx.db, async (trx) => {
      await trx.updateTable('users').set({ password_hash: hash, updated_at: ctx.clock.now().toISOString() }).where('id', '=', s.userId).execute();
      // Other sessions of this user end; this one stays.
      await trx.deleteFrom('sessions').where('user_id', '=', s.userId).where('token_hash', '!=', s.tokenHash).execute();
      await audit(trx, ctx, { action: 'user.password_changed', entity: 'user', entityId: s.userId });
    });
    ctx.sessions.forgetUser(s.userId);
    return {};
  },
};

import { countActiveAdmins, findUser, insertUser, listUsers, setRoles } from '../db/repositories/users';
import { inTransaction } from '../db/transaction';
import { AppError } from '../../shared/result';
import { audit } from './audit';
import type { DomainHandlers } from './context';
import { hashPassword } from './passwords';

export const usersHandlers: DomainHandlers<'users'> = {
  async 'users.list'(_input, ctx) {
    return listUsers(ctx.db);
  },

  async 'users.create'(input, ctx) {
    const username = input.username.toLowerCase();
    const passwordHash = await hashPassword(input.password, ctx.scryptN);
    const user = await inTransaction(ctx.db, async (trx) => {
      const exists = await trx.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
      if (exists) throw new AppError('CONFLICT', `The username "${username}" is taken.`, { field: 'username' });
      const id = await insertUser(trx, { username, displayName: input.displayName, passwordHash, roles: input.roles, at: ctx.clock.now().toISOString() });
      const created = await findUser(trx, id);
      await audit(trx, ctx, { action: 'user.create', entity: 'user', entityId: id, after: created });
      return created;
    });
    if (!user) throw new AppError('INTERNAL', 'User vanished after creation.');
    ctx.emit('users.changed', { userId: user.id });
    return user;
  },

  async 'users.update'(input, ctx) {
    const user = await inTransaction(ctx.db, async (trx) => {
      const before = await findUser(trx, input.id);
      if (!before) throw new AppError('NOT_FOUND', 'User not found.');
      const now = ctx.clock.now().toISOString();
      if (input.displayName !== undefined || input.active !== undefined) {
        await trx
          .updateTable('users')
          .set({
            ...(input.displayName !== undefined ? { display_name: input.displayName } : {}),
            ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}),
            updated_at: now,
          })
          .where('id', '=', input.id)
          .execute();
      }
      if (input.roles) await setRoles(trx, input.id, input.roles);
      if ((await countActiveAdmins(trx)) === 0) {
        throw new AppError('RULE_VIOLATION', 'At least one active user must keep the admin role.');
      }
      const after = await findUser(trx, input.id);
      if (input.active === false) await trx.deleteFrom('sessions').where('user_id', '=', input.id).execute();
      await audit(trx, ctx, { action: 'user.update', entity: 'user', entityId: input.id, before, after });
      return after;
    });
    if (!user) throw new AppError('INTERNAL', 'User vanished after update.');
    ctx.sessions.forgetUser(user.id);
    ctx.emit('users.changed', { userId: user.id });
    return user;
  },

  async 'users.resetPassword'(input, ctx) {
    const passwordHash = await hashPassword(input.password, ctx.scryptN);
    await inTransaction(ctx.db, async (trx) => {
      const r = await trx.updateTable('users').set({ password_hash: passwordHash, updated_at: ctx.clock.now().toISOString() }).where('id', '=', input.id).executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) throw new AppError('NOT_FOUND', 'User not found.');
      await trx.deleteFrom('sessions').where('user_id', '=', input.id).execute();
      await audit(trx, ctx, { action: 'user.password_reset', entity: 'user', entityId: input.id });
    });
    ctx.sessions.forgetUser(input.id);
    return {};
  },
};

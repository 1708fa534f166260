import type { Kysely } from 'kysely';
import type { DB } from '../schema';
import type { Role } from '../../../shared/permissions';
import type { User } from '../../../shared/schemas/users';

type UserRow = { id: number; username: string; display_name: string; active: number; last_login_at: string | null; created_at: string };

async function rolesByUser(db: Kysely<DB>, ids: number[]): Promise<Map<number, Role[]>> {
  const out = new Map<number, Role[]>();
  if (ids.length === 0) return out;
  const rows = await db.selectFrom('user_roles').select(['user_id', 'role']).where('user_id', 'in', ids).orderBy('role').execute();
  for (const r of rows) out.set(r.user_id, [...(out.get(r.user_id) ?? []), r.role as Role]);
  return out;
}

const toUser = (r: UserRow, roles: Role[]): User => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  roles,
  active: r.active === 1,
  lastLoginAt: r.last_login_at,
  createdAt: r.created_at,
});

const userColumns = ['id', 'username', 'display_name', 'active', 'last_login_at', 'created_at'] as const;

export async function listUsers(db: Kysely<DB>): Promise<User[]> {
  const rows = await db.selectFrom('users').select(userColumns).orderBy('id').execute();
  const roles = await rolesByUser(db, rows.map((r) => r.id));
  return rows.map((r) => toUser(r, roles.get(r.id) ?? []));
}

export async function findUser(db: Kysely<DB>, id: number): Promise<User | undefined> {
  const r = await db.selectFrom('users').select(userColumns).where('id', '=', id).executeTakeFirst();
  if (!r) return undefined;
  return toUser(r, (await rolesByUser(db, [id])).get(id) ?? []);
}

export async function findUserForLogin(db: Kysely<DB>, username: string) {
  return db.selectFrom('users').select(['id', 'username', 'display_name', 'password_hash', 'active']).where('username', '=', username).executeTakeFirst();
}

export async function insertUser(
  db: Kysely<DB>,
  u: { username: string; displayName: string; passwordHash: string; roles: Role[]; at: string },
): Promise<number> {
  const { id } = await db
    .insertInto('users')
    .values({ username: u.username, display_name: u.displayName, password_hash: u.passwordHash, active: 1, created_at: u.at, updated_at: u.at })
    .returning('id')
    .executeTakeFirstOrThrow();
  await setRoles(db, id, u.roles);
  return id;
}

export async function setRoles(db: Kysely<DB>, userId: number, roles: Role[]): Promise<void> {
  await db.deleteFrom('user_roles').where('user_id', '=', userId).execute();
  const unique = [...new Set(roles)];
  if (unique.length) await db.insertInto('user_roles').values(unique.map((role) => ({ user_id: userId, role }))).execute();
}

export async function countActiveAdmins(db: Kysely<DB>): Promise<number> {
  const r = await db
    .selectFrom('users as u')
    .innerJoin('user_roles as r', 'r.user_id', 'u.id')
    .where('r.role', '=', 'admin')
    .where('u.active', '=', 1)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function countUsers(db: Kysely<DB>): Promise<number> {
  const r = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * Sessions: a random bearer token for the renderer, only its SHA-256 in the database.
 * Idle expiry slides with use (setting sessionIdleMinutes) and is capped at 7 days from sign-in.
 * Resolved sessions are cached so that a call costs no database write; last-seen is persisted
 * at most once a minute. Anything that changes a user's rights calls forgetUser().
 */
import { createHash } from 'node:crypto';
import type { AppContext, SessionUser } from './context';
import { permissionsOf, type Role } from '../../shared/permissions';

export const ABSOLUTE_SESSION_MS = 7 * 24 * 3600_000;
const PERSIST_EVERY_MS = 60_000;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

interface Cached extends SessionUser {
  createdAt: number;
  persistedAt: number;
}

export class SessionCache {
  private byHash = new Map<string, Cached>();

  async resolve(app: AppContext, token: string): Promise<SessionUser | null> {
    const tokenHash = hashToken(token);
    const now = app.clock.now().getTime();
    let s = this.byHash.get(tokenHash) ?? (await this.load(app, tokenHash));
    if (!s) return null;
    if (Date.parse(s.expiresAt) <= now) {
      this.byHash.delete(tokenHash);
      await app.db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
      return null;
    }
    const idleMs = (await app.settings.get()).sessionIdleMinutes * 60_000;
    const expiresAt = new Date(Math.min(now + idleMs, s.createdAt + ABSOLUTE_SESSION_MS)).toISOString();
    s = { ...s, expiresAt };
    if (now - s.persistedAt >= PERSIST_EVERY_MS) {
      s.persistedAt = now;
      await app.db
        .updateTable('sessions')
        .set({ expires_at: expiresAt, last_seen_at: new Date(now).toISOString() })
        .where('token_hash', '=', tokenHash)
        .execute();
    }
    this.byHash.set(tokenHash, s);
    return s;
  }

  private async load(app: AppContext, tokenHash: string): Promise<Cached | null> {
    const row = await app.db
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select(['s.user_id', 's.created_at', 's.expires_at', 'u.username', 'u.display_name', 'u.active'])
      .where('s.token_hash', '=', tokenHash)
      .executeTakeFirst();
    if (!row || row.active !== 1) return null;
    const roles = (await app.db.selectFrom('user_roles').select('role').where('user_id', '=', row.user_id).execute()).map((r) => r.role as Role);
    return {
      userId: row.user_id,
      username: row.username,
      displayName: row.display_name,
      roles,
      permissions: permissionsOf(roles),
      tokenHash,
      expiresAt: row.expires_at,
      createdAt: Date.parse(row.created_at),
      persistedAt: app.clock.now().getTime(),
    };
  }

  forget(tokenHash: string): void {
    this.byHash.delete(tokenHash);
  }

  forgetUser(userId: number): void {
    for (const [h, s] of this.byHash) if (s.userId === userId) this.byHash.delete(h);
  }

  clear(): void {
    this.byHash.clear();
  }
}

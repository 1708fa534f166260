/**
 * Sessions: a random bearer token for the renderer, only its SHA-256 in the database.
 * Idle expiry slides with use (setting sessionIdleMinutes) and is capped at 7 days from sign-in.
 * Resolved sessions are cached by token so that a call costs no hashing and no database write;
 * last-seen is persisted at most once a minute. Anything that changes a user's rights calls
 * forgetUser().
 */
import { createHash } from 'node:crypto';
import { permissionsOf, type Role } from '../../shared/permissions';
import type { AppContext, SessionUser } from './context';

export const ABSOLUTE_SESSION_MS = 7 * 24 * 3600_000;
const PERSIST_EVERY_MS = 60_000;
const MAX_CACHED = 10_000;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

interface Cached extends SessionUser {
  createdAtMs: number;
  expiresAtMs: number;
  persistedAtMs: number;
}

export class SessionCache {
  private byToken = new Map<string, Cached>();

  async resolve(app: AppContext, token: string): Promise<SessionUser | null> {
    const now = app.clock.now().getTime();
    let s = this.byToken.get(token);
    if (!s) {
      const loaded = await this.load(app, hashToken(token));
      if (!loaded) return null;
      if (this.byToken.size >= MAX_CACHED) this.byToken.clear();
      this.byToken.set(token, loaded);
      s = loaded;
    }
    if (s.expiresAtMs <= now) {
      this.byToken.delete(token);
      await app.db.deleteFrom('sessions').where('token_hash', '=', s.tokenHash).execute();
      return null;
    }
    const idleMs = (await app.settings.get()).sessionIdleMinutes * 60_000;
    const expiresAtMs = Math.min(now + idleMs, s.createdAtMs + ABSOLUTE_SESSION_MS);
    if (expiresAtMs !== s.expiresAtMs) {
      s.expiresAtMs = expiresAtMs;
      s.expiresAt = new Date(expiresAtMs).toISOString();
    }
    if (now - s.persistedAtMs >= PERSIST_EVERY_MS) {
      s.persistedAtMs = now;
      await app.db
        .updateTable('sessions')
        .set({ expires_at: s.expiresAt, last_seen_at: new Date(now).toISOString() })
        .where('token_hash', '=', s.tokenHash)
        .execute();
    }
    return s;
  }

  private async load(app: AppContext, tokenHash: string): Promise<Cached | null> {
    const row = await app.db
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select(['s.user_id', 's.created_at', 's.expires_at', 'u.username', 'u.display_name', 'u.active'])
      .where('s.token_hash', '=', tokenHash)
      .executeTakeFirst();
    if (row?.active !== 1) return null;
    const roles = (await app.db.selectFrom('user_roles').select('role').where('user_id', '=', row.user_id).execute()).map((r) => r.role as Role);
    return {
      userId: row.user_id,
      username: row.username,
      displayName: row.display_name,
      roles,
      permissions: permissionsOf(roles),
      tokenHash,
      expiresAt: row.expires_at,
      expiresAtMs: Date.parse(row.expires_at),
      createdAtMs: Date.parse(row.created_at),
      persistedAtMs: app.clock.now().getTime(),
    };
  }

  forget(tokenHash: string): void {
    for (const [t, s] of this.byToken) if (s.tokenHash === tokenHash) this.byToken.delete(t);
  }

  forgetUser(userId: number): void {
    for (const [t, s] of this.byToken) if (s.userId === userId) this.byToken.delete(t);
  }

  clear(): void {
    this.byToken.clear();
  }
}

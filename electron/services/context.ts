/**
 * What every handler receives. No Electron here: the same context serves the IPC door, the
 * loopback HTTP host and the tests. Clock, random tokens and password cost are injected.
 */
import type { Kysely } from 'kysely';
import type Database from 'better-sqlite3';
import type { DB } from '../db/schema';
import type { EventName, Events } from '../../shared/events';
import type { Permission, Role } from '../../shared/permissions';
import type { Method, Output, ParsedInput } from '../../shared/contract';

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

export interface SessionUser {
  userId: number;
  username: string;
  displayName: string;
  roles: Role[];
  permissions: ReadonlySet<Permission>;
  tokenHash: string;
  expiresAt: string;
}

export type Emit = <E extends EventName>(name: E, payload: Events[E]) => void;

/** Long-lived services shared by all calls on one open company file. */
export interface AppContext {
  db: Kysely<DB>;
  sqlite: Database.Database;
  clock: Clock;
  appVersion: string;
  emit: Emit;
  randomToken: () => string;
  /** scrypt cost parameter N (power of two); lowered only in tests. */
  scryptN: number;
  sessions: import('./session-cache').SessionCache;
  settings: import('./settings-store').SettingsStore;
  workspace: import('./workspace').WorkspaceControl;
  /** Turns HTML into PDF (statements); absent on hosts without a browser engine. */
  pdf?: import('./pdf').PdfRenderer;
  /** Where generated documents go (statement batches); defaults to the company file's folder. */
  documentsDir?: string;
}

export interface CallContext extends AppContext {
  session: SessionUser | null;
}

/** A call that reached a handler for a non-public method always has a session. */
export function requireSession(ctx: CallContext): SessionUser {
  if (!ctx.session) throw new Error('handler reached without a session');
  return ctx.session;
}

export type Handler<M extends Method> = (input: ParsedInput<M>, ctx: CallContext) => Promise<Output<M>>;
export type Handlers = { [M in Method]: Handler<M> };
export type DomainHandlers<D extends string> = { [M in Extract<Method, `${D}.${string}`>]: Handler<M> };

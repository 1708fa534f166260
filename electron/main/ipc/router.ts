/**
 * The one router behind both doors (Electron IPC and the loopback HTTP host):
 * method lookup → authenticate → authorise → zod parse → handler → Result.
 * Authentication and authorisation run before parsing so that a caller without the right
 * learns nothing about a method's input shape. The door itself checks the sender first.
 */
import type { z } from 'zod';
import { contract, isMethod, type Method } from '../../../shared/contract';
import { AppError, fail, ok, type Result } from '../../../shared/result';
import type { AppContext, CallContext, Handlers, SessionUser } from '../../services/context';

export interface RpcRequest {
  method: string;
  input: unknown;
  token?: string | null;
}

export interface RouterOptions {
  handlers: Handlers;
  /** The context of the company file open right now (it changes when the user switches company). */
  context: () => AppContext;
  /** Parse outputs against the contract too (tests; costs time on large pages). */
  validateOutput?: boolean;
  log?: (message: string, error: unknown) => void;
}

export interface Router {
  call(req: RpcRequest): Promise<Result<unknown>>;
}

/** Zod issues → a small, serialisable list the renderer can show next to fields. */
export function validationDetails(error: z.ZodError) {
  return {
    issues: error.issues.slice(0, 20).map((i) => ({ path: i.path.map(String), code: i.code, message: i.message })),
  };
}

/** SQLite constraint failures that slipped past service checks still become coded errors. */
function fromDatabaseError(e: unknown): Result<never> | null {
  const code = (e as { code?: unknown })?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return null;
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return fail('CONFLICT', 'A record with the same key already exists.');
  }
  if (code.startsWith('SQLITE_CONSTRAINT')) return fail('VALIDATION', 'The data breaks a database rule.', { sqlite: code });
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return fail('CONFLICT', 'The database is busy; try again.');
  return null;
}

export function createRouter(opts: RouterOptions): Router {
  const log = opts.log ?? ((m, e) => console.error(m, e));
  return {
    async call(req) {
      const { method } = req;
      if (typeof method !== 'string' || !isMethod(method)) {
        return fail('NOT_FOUND', `Unknown method: ${String(method).slice(0, 64)}`);
      }
      const def = contract[method];
      let session: SessionUser | null = null;
      try {
        const app = opts.context();
        if (def.access !== 'public') {
          session = typeof req.token === 'string' && req.token.length <= 200 ? await app.sessions.resolve(app, req.token) : null;
          if (!session) return fail('UNAUTHENTICATED', 'Please sign in again: the session is missing or has expired.');
          if (def.access !== 'authenticated' && !session.permissions.has(def.access)) {
            return fail('FORBIDDEN', `Your role does not allow ${method}.`, { permission: def.access });
          }
        } else if (typeof req.token === 'string' && req.token.length <= 200) {
          session = await app.sessions.resolve(app, req.token);
        }
        const parsed = def.input.safeParse(req.input ?? {});
        if (!parsed.success) return fail('VALIDATION', 'The request is not valid.', validationDetails(parsed.error));
        const ctx: CallContext = { ...app, session };
        const handler = opts.handlers[method] as (input: unknown, ctx: CallContext) => Promise<unknown>;
        const output = await handler(parsed.data, ctx);
        return ok(opts.validateOutput ? def.output.parse(output) : output);
      } catch (e) {
        if (e instanceof AppError) return fail(e.code, e.message, e.details);
        const dbError = fromDatabaseError(e);
        if (dbError) return dbError;
        log(`[rpc] ${method as Method} failed`, e);
        return fail('INTERNAL', 'An internal error occurred; nothing was saved. The details are in the log.');
      }
    },
  };
}

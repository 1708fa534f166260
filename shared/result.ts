/**
 * The envelope every call returns. Errors cross the process boundary only as data:
 * thrown errors lose their fields over Electron IPC, so nothing is ever thrown across it.
 */
export const ERROR_CODES = [
  'VALIDATION', // input does not match the contract (zod) or a field-level business check
  'UNAUTHENTICATED', // no session, expired session, wrong credentials
  'FORBIDDEN', // authenticated, but the role lacks the permission or the record is out of scope
  'RATE_LIMITED', // too many failed logins; details.retryAfterMs says how long to wait
  'NOT_FOUND', // unknown method or record
  'CONFLICT', // duplicate code, stale state, already initialised
  'RULE_VIOLATION', // a business rule refused the change (credit block, below floor …)
  'INTERNAL', // a bug; the message is generic and the detail is logged in main
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppErrorData {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: AppErrorData };

export const ok = <T>(data: T): Result<T> => ({ ok: true, data });
export const fail = (code: ErrorCode, message: string, details?: unknown): Result<never> => ({
  ok: false,
  error: details === undefined ? { code, message } : { code, message, details },
});

/** Thrown inside main (services, repositories) and turned into a failed Result by the router. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

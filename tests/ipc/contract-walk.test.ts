/**
 * Walks the whole contract with malformed and hostile input. New methods are covered the moment
 * they are added to shared/contract.ts; each needs a valid example below (a test enforces it)
 * so that hostile values are also tried inside otherwise-valid requests.
 */
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, METHODS, type Input, type Method } from '../../shared/contract';
import { ERROR_CODES, type Result } from '../../shared/result';
import { ROLES, ROLE_PERMISSIONS, type Permission } from '../../shared/permissions';
import { ADMIN_PASSWORD, createTestApp, databaseChecksum, type TestApp } from '../helpers/app';
import { analysisExamples } from './examples/analysis';
import { creditExamples } from './examples/credit';
import { ordersExamples } from './examples/orders';
import { shipmentsExamples } from './examples/shipments';
import { agingExamples } from './examples/aging';
import { bankExamples } from './examples/bank';
import { collectionsExamples } from './examples/collections';
import { receiptsExamples } from './examples/receipts';
import { statementsExamples } from './examples/statements';
import { foundationExamples } from './examples/foundation';
import { importsExamples } from './examples/imports';
import { masterdataExamples } from './examples/masterdata';
import { pricingExamples } from './examples/pricing';

/** A valid input for every method, one file per domain (used as the base for hostile values). */
const EXAMPLES = { ...foundationExamples, ...masterdataExamples, ...importsExamples, ...pricingExamples, ...analysisExamples, ...ordersExamples, ...creditExamples, ...shipmentsExamples, ...receiptsExamples, ...bankExamples, ...agingExamples, ...statementsExamples, ...collectionsExamples } as {
  [M in Method]: Input<M>;
};

const HUGE = 'x'.repeat(1_000_000);
const HOSTILE_STRINGS = ["'; DROP TABLE users; --", '%_\\', '\u0000\u202e<script>alert(1)</script>', '𠮷😀'.repeat(20)];
const HOSTILE_NUMBERS = [-1, 0, 1.5, -0.01, 2 ** 60, Number.MAX_VALUE];
const WRONG_TYPES: unknown[] = [null, true, [], {}, 'text', 7];
const WHOLE_INPUTS: unknown[] = [null, undefined, 42, 'input', [], [{}], { __proto__: { admin: true } }, JSON.parse('{"__proto__": {"polluted": 1}}')];

/** Tables that legitimately change on any call (session bookkeeping, sign-in throttling). */
const BOOKKEEPING = ['sessions', 'login_throttle'];

function variants(example: Record<string, unknown>): { label: string; input: unknown; mustBeValidation: boolean }[] {
  const out: { label: string; input: unknown; mustBeValidation: boolean }[] = [];
  for (const input of WHOLE_INPUTS) out.push({ label: `whole ${JSON.stringify(input)}`, input, mustBeValidation: false });
  out.push({ label: 'unknown key', input: { ...example, zzUnknown: 1 }, mustBeValidation: true });
  for (const [key, value] of Object.entries(example)) {
    const { [key]: _dropped, ...missing } = example;
    out.push({ label: `missing ${key}`, input: missing, mustBeValidation: false });
    for (const w of WRONG_TYPES) out.push({ label: `${key}=${JSON.stringify(w)}`, input: { ...example, [key]: w }, mustBeValidation: false });
    if (typeof value === 'string') {
      out.push({ label: `${key}=1MB string`, input: { ...example, [key]: HUGE }, mustBeValidation: true });
      for (const s of HOSTILE_STRINGS) out.push({ label: `${key}=${JSON.stringify(s).slice(0, 30)}`, input: { ...example, [key]: s }, mustBeValidation: false });
    }
    if (typeof value === 'number') {
      for (const n of HOSTILE_NUMBERS) out.push({ label: `${key}=${n}`, input: { ...example, [key]: n }, mustBeValidation: false });
    }
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [inner, innerValue] of Object.entries(value)) {
        for (const bad of [HUGE, -1, 1.5, null, "'; DROP TABLE users; --"]) {
          if (bad === HUGE && typeof innerValue !== 'string') continue;
          out.push({ label: `${key}.${inner}=${String(bad).slice(0, 20)}`, input: { ...example, [key]: { ...value, [inner]: bad } }, mustBeValidation: bad === HUGE });
        }
      }
    }
  }
  return out;
}

let app: TestApp;
let walkUsers = 0;
beforeAll(async () => {
  app = await createTestApp();
  await app.setup();
  const sqlite = app.workspace.current().sqlite;
  sqlite.prepare(`INSERT INTO customers (code, name, type, created_at, updated_at) VALUES ('C1', '客户一', 'direct', 't', 't')`).run();
});
afterAll(() => app.dispose());

const freshAdmin = async () => (await app.ok('auth.login', { username: 'admin', password: ADMIN_PASSWORD })).token;

function expectWellFormed(r: Result<unknown>) {
  expect(typeof r.ok).toBe('boolean');
  if (!r.ok) {
    expect(ERROR_CODES).toContain(r.error.code);
    expect(typeof r.error.message).toBe('string');
    expect(() => JSON.stringify(r)).not.toThrow();
  }
}

describe('the contract walk', () => {
  it('has a valid example for every method (add one when you add a method)', () => {
    for (const m of METHODS) {
      expect(EXAMPLES, `EXAMPLES is missing ${m}`).toHaveProperty([m]);
      const parsed = (contract[m].input as z.ZodType).safeParse(EXAMPLES[m]);
      expect(parsed.success, `${m} example is invalid: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
    }
  });

  it('answers an unknown method with NOT_FOUND', async () => {
    for (const method of ['nope', 'users.drop', 'constructor', 'toString', '', 'system.status/../users.list']) {
      expect(await app.router.call({ method, input: {}, token: await freshAdmin() })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
  });

  it.each(METHODS.filter((m) => contract[m].access !== 'public'))('%s without a token: UNAUTHENTICATED, nothing changed', async (method) => {
    const before = databaseChecksum(app, BOOKKEEPING);
    for (const token of [null, '', 'forged-token', 'x'.repeat(5000)]) {
      expect(await app.router.call({ method, input: EXAMPLES[method], token })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    }
    expect(databaseChecksum(app, BOOKKEEPING)).toBe(before);
  });

  it('with an expired token: UNAUTHENTICATED for every non-public method', async () => {
    const token = await freshAdmin();
    app.clock.advance(9 * 3600_000);
    for (const method of METHODS.filter((m) => contract[m].access !== 'public')) {
      expect(await app.router.call({ method, input: EXAMPLES[method], token }), method).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    }
  });

  it.each(METHODS.filter((m) => !['public', 'authenticated'].includes(contract[m].access)))(
    '%s by a role without the permission: FORBIDDEN, nothing changed',
    async (method) => {
      const permission = contract[method].access as Permission;
      const admin = await freshAdmin();
      const lacking = ROLES.filter((r) => !ROLE_PERMISSIONS[r].includes(permission));
      for (const role of lacking) {
        // A counter, not the method name: long names (productLines.create/.update) truncate to the same username.
        const username = `walk_${role}_${++walkUsers}`.toLowerCase();
        const u = await app.call('users.create', { username, displayName: role, roles: [role], password: 'password-1' }, admin);
        const token = u.ok ? (await app.ok('auth.login', { username, password: 'password-1' })).token : null;
        const before = databaseChecksum(app, BOOKKEEPING);
        expect(await app.router.call({ method, input: EXAMPLES[method], token }), `${method} as ${role}`).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
        expect(databaseChecksum(app, BOOKKEEPING)).toBe(before);
      }
    },
  );

  it.each(METHODS)('%s with hostile input: a coded error or a sane answer, never a crash; refusals change nothing', async (method) => {
    let token = await freshAdmin();
    const example = EXAMPLES[method] as Record<string, unknown>;
    // Failed sign-ins are recorded on purpose (throttle and audit), so auth.login may add those rows.
    const exclude = method === 'auth.login' ? [...BOOKKEEPING, 'audit_log'] : BOOKKEEPING;
    for (const v of variants(example)) {
      const before = databaseChecksum(app, exclude);
      const r = await app.router.call({ method, input: v.input, token });
      expectWellFormed(r);
      if (r.ok && method === 'auth.logout') token = await freshAdmin();
      const where = `${method} ${v.label}`;
      if (!r.ok) expect(r.error.code, where).not.toBe('INTERNAL');
      if (v.mustBeValidation) expect(r, where).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      if (!r.ok || contract[method].readOnly) expect(databaseChecksum(app, exclude), where).toBe(before);
    }
  });

  it('every string in every input schema has a maximum length', () => {
    const unbounded: string[] = [];
    const visit = (schema: z.ZodType, path: string) => {
      const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
      switch (def.type) {
        case 'string':
          if ((schema as z.ZodString).maxLength === null) unbounded.push(path);
          break;
        case 'object':
          for (const [k, v] of Object.entries((schema as z.ZodObject).shape)) visit(v as z.ZodType, `${path}.${k}`);
          break;
        case 'array':
          visit(def.element as z.ZodType, `${path}[]`);
          break;
        case 'record':
          visit(def.keyType as z.ZodType, `${path}{key}`);
          visit(def.valueType as z.ZodType, `${path}{value}`);
          break;
        case 'optional':
        case 'nullable':
        case 'default':
        case 'prefault':
        case 'readonly':
        case 'nonoptional':
          visit(def.innerType as z.ZodType, path);
          break;
        case 'pipe':
          visit(def.in as z.ZodType, path);
          break;
        case 'union':
          for (const [i, o] of (def.options as z.ZodType[]).entries()) visit(o, `${path}|${i}`);
          break;
        default:
          break;
      }
    };
    for (const m of METHODS) visit(contract[m].input as z.ZodType, m);
    expect(unbounded).toEqual([]);
  });
});

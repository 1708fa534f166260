import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRouter } from '../../electron/main/ipc/router';
import { handlers } from '../../electron/services';
import type { Handlers } from '../../electron/services/context';
import { AppError } from '../../shared/result';
import { createTestApp, type TestApp } from '../helpers/app';

let app: TestApp;
let admin: string;
beforeEach(async () => {
  app = await createTestApp();
  admin = await app.setup();
});
afterEach(() => app.dispose());

describe('router', () => {
  it('answers unknown methods with NOT_FOUND', async () => {
    const r = await app.router.call({ method: 'orders.explode', input: {}, token: admin });
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const proto = await app.router.call({ method: '__proto__', input: {}, token: admin });
    expect(proto).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const notString = await app.router.call({ method: 42 as unknown as string, input: {}, token: admin });
    expect(notString).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('serves public methods without a session and refuses the rest', async () => {
    expect(await app.call('system.status', {})).toMatchObject({ ok: true, data: { initialized: true, companyName: '测试商贸有限公司' } });
    expect(await app.call('settings.get', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await app.call('settings.get', {}, 'not-a-token')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await app.call('settings.get', {}, 'x'.repeat(10_000))).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('returns VALIDATION with the failing fields', async () => {
    const r = await app.router.call({ method: 'users.create', input: { username: 'a b', displayName: '', roles: ['king'], password: 'x' }, token: admin });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('VALIDATION');
    const paths = (r.error.details as { issues: { path: string[] }[] }).issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['username', 'displayName', 'roles.0', 'password']));
  });

  it('refuses unknown keys (strict inputs)', async () => {
    const r = await app.router.call({ method: 'settings.get', input: { sneaky: 1 }, token: admin });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('checks the permission before looking at the input', async () => {
    const rep = await app.userToken(admin, 'rep1', ['sales_rep']);
    const r = await app.router.call({ method: 'users.create', input: 'garbage', token: rep.token });
    expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', details: { permission: 'users.manage' } } });
  });

  it('turns unexpected exceptions into INTERNAL without leaking them', async () => {
    const logged: unknown[] = [];
    const broken: Handlers = {
      ...handlers,
      'settings.get': async () => {
        throw new Error('secret stack detail');
      },
      'users.list': async () => {
        throw new AppError('RULE_VIOLATION', 'rule said no', { rule: 'x' });
      },
    };
    const router = createRouter({ handlers: broken, context: () => app.workspace.current(), log: (_m, e) => logged.push(e) });
    const r = await router.call({ method: 'settings.get', input: {}, token: admin });
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(r)).not.toContain('secret');
    expect(logged).toHaveLength(1);
    expect(await router.call({ method: 'users.list', input: {}, token: admin })).toEqual({
      ok: false,
      error: { code: 'RULE_VIOLATION', message: 'rule said no', details: { rule: 'x' } },
    });
  });

  it('maps a unique-constraint failure to CONFLICT', async () => {
    await app.ok('users.create', { username: 'neiqin', displayName: '内勤', roles: ['sales_admin'], password: 'password-1' }, admin);
    const r = await app.call('users.create', { username: 'NeiQin', displayName: '内勤2', roles: ['sales_admin'], password: 'password-1' }, admin);
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });
});

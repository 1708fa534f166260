import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lockDurationMs, MAX_LOCK_MS } from '../../electron/services/auth';
import { ABSOLUTE_SESSION_MS } from '../../electron/services/session-cache';
import { ADMIN_PASSWORD, createTestApp, type TestApp } from '../helpers/app';

let app: TestApp;
let admin: string;
beforeEach(async () => {
  app = await createTestApp();
  admin = await app.setup();
});
afterEach(() => app.dispose());

const login = (username: string, password: string) => app.call('auth.login', { username, password });

describe('first-run set-up', () => {
  it('creates the company and its admin once', async () => {
    const status = await app.ok('system.status', {});
    expect(status).toMatchObject({ initialized: true, companyName: '测试商贸有限公司', company: 'main' });
    const again = await app.call('system.setup', {
      companyName: 'X',
      currency: 'CNY',
      fiscalYearStartMonth: 1,
      adminUsername: 'evil',
      adminDisplayName: 'Evil',
      adminPassword: 'password-123',
    });
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect((await app.ok('users.list', {}, admin)).map((u) => u.username)).toEqual(['admin']);
  });

  it('stores scrypt hashes, never the password', async () => {
    const row = app.workspace.current().sqlite.prepare('SELECT password_hash FROM users').pluck().get() as string;
    expect(row).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(row).not.toContain(ADMIN_PASSWORD);
  });
});

describe('sign-in', () => {
  it('accepts the right password case-insensitively on the username', async () => {
    const r = await login('ADMIN', ADMIN_PASSWORD);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.data.permissions).toContain('users.manage');
  });

  it('refuses a wrong password and slows down repeated failures', async () => {
    expect(await login('admin', 'wrong-1')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await login('admin', 'wrong-2')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await login('admin', 'wrong-3')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', details: { retryAfterMs: 1000 } } });
    // Locked: even the right password waits.
    const locked = await login('admin', ADMIN_PASSWORD);
    expect(locked).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    app.clock.advance(1001);
    expect(await login('admin', 'wrong-4')).toMatchObject({ ok: false, error: { details: { retryAfterMs: 2000 } } });
    app.clock.advance(2001);
    expect((await login('admin', ADMIN_PASSWORD)).ok).toBe(true);
    // Success resets the counter.
    expect(await login('admin', 'wrong-5')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect((await login('admin', ADMIN_PASSWORD)).ok).toBe(true);
  });

  it('throttles unknown usernames the same way (no username probing)', async () => {
    for (let i = 0; i < 3; i++) await login('ghost', 'whatever-1');
    expect(await login('ghost', 'whatever-1')).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
  });

  it('caps the lock at 15 minutes', () => {
    expect(lockDurationMs(2)).toBe(0);
    expect(lockDurationMs(3)).toBe(1000);
    expect(lockDurationMs(60)).toBe(MAX_LOCK_MS);
  });

  it('audits sign-ins and the moment a username gets throttled', async () => {
    for (let i = 0; i < 3; i++) await login('admin', 'nope-nope');
    const actions = (await app.ok('audit.list', { action: 'auth.throttled' }, admin)).rows;
    expect(actions).toHaveLength(1);
  });
});

describe('sessions', () => {
  it('expire after the idle time and slide while used', async () => {
    const idleMs = 480 * 60_000;
    app.clock.advance(idleMs - 60_000);
    expect((await app.call('auth.me', {}, admin)).ok).toBe(true);
    app.clock.advance(idleMs - 60_000); // still within idle time of the last use
    expect((await app.call('auth.me', {}, admin)).ok).toBe(true);
    app.clock.advance(idleMs + 1);
    expect(await app.call('auth.me', {}, admin)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('end after 7 days however often they are used', async () => {
    const step = 60 * 60_000;
    for (let t = 0; t < ABSOLUTE_SESSION_MS - step; t += step) {
      app.clock.advance(step);
      expect((await app.call('auth.me', {}, admin)).ok).toBe(true);
    }
    app.clock.advance(2 * step);
    expect(await app.call('auth.me', {}, admin)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('survive a restart of the app (persisted), but not a sign-out', async () => {
    const dir = app.dir;
    await app.close();
    const { createTestApp: again } = await import('../helpers/app');
    app = await again({ dir });
    expect((await app.call('auth.me', {}, admin)).ok).toBe(true);
    await app.ok('auth.logout', {}, admin);
    expect(await app.call('auth.me', {}, admin)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('stop at once when the user is deactivated or loses a role', async () => {
    const mgr = await app.userToken(admin, 'jingli', ['sales_manager', 'finance']);
    expect((await app.call('audit.list', {}, mgr.token)).ok).toBe(true);
    await app.ok('users.update', { id: mgr.id, roles: ['sales_rep'] }, admin);
    expect(await app.call('audit.list', {}, mgr.token)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await app.ok('users.update', { id: mgr.id, active: false }, admin);
    expect(await app.call('auth.me', {}, mgr.token)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await login('jingli', 'password-123')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('changing the password ends the other sessions', async () => {
    const other = (await app.ok('auth.login', { username: 'admin', password: ADMIN_PASSWORD })).token;
    expect(await app.call('auth.changePassword', { current: 'wrong-password', next: 'new-password-1' }, admin)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    await app.ok('auth.changePassword', { current: ADMIN_PASSWORD, next: 'new-password-1' }, admin);
    expect((await app.call('auth.me', {}, admin)).ok).toBe(true);
    expect(await app.call('auth.me', {}, other)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect((await login('admin', 'new-password-1')).ok).toBe(true);
  });
});

describe('users', () => {
  it('keep at least one active admin', async () => {
    const me = (await app.ok('auth.me', {}, admin)).user;
    expect(await app.call('users.update', { id: me.id, roles: ['finance'] }, admin)).toMatchObject({ ok: false, error: { code: 'RULE_VIOLATION' } });
    expect(await app.call('users.update', { id: me.id, active: false }, admin)).toMatchObject({ ok: false, error: { code: 'RULE_VIOLATION' } });
    expect((await app.ok('users.list', {}, admin))[0]).toMatchObject({ roles: ['admin'], active: true });
  });

  it('reset a password (admin only) and end that user’s sessions', async () => {
    const rep = await app.userToken(admin, 'rep1', ['sales_rep']);
    expect(await app.call('users.resetPassword', { id: rep.id, password: 'another-pass-1' }, rep.token)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await app.ok('users.resetPassword', { id: rep.id, password: 'another-pass-1' }, admin);
    expect(await app.call('auth.me', {}, rep.token)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect((await login('rep1', 'another-pass-1')).ok).toBe(true);
    expect(await app.call('users.resetPassword', { id: 9999, password: 'another-pass-1' }, admin)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

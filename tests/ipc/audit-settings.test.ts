import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../electron/db/repositories/audit';
import { DEFAULT_SETTINGS } from '../../shared/schemas/settings';
import { createTestApp, databaseChecksum, type TestApp } from '../helpers/app';

let app: TestApp;
let admin: string;
beforeEach(async () => {
  app = await createTestApp();
  admin = await app.setup();
});
afterEach(() => app.dispose());

describe('settings', () => {
  it('start from the defaults plus what set-up chose', async () => {
    expect(await app.ok('settings.get', {}, admin)).toEqual({ ...DEFAULT_SETTINGS, companyName: '测试商贸有限公司' });
  });

  it('save a patch, audit before/after of the changed keys only, and emit settings.changed', async () => {
    const events: unknown[] = [];
    app.events.subscribe((name, payload) => events.push([name, payload]));
    const s = await app.ok('settings.update', { patch: { creditGraceDays: 45, agingBuckets: [30, 60, 90, 180] }, reason: '年度政策' }, admin);
    expect(s.creditGraceDays).toBe(45);
    expect((await app.ok('settings.get', {}, admin)).creditGraceDays).toBe(45);
    const rows = (await app.ok('audit.list', { action: 'settings.update' }, admin)).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ before: { creditGraceDays: 30 }, after: { creditGraceDays: 45 }, reason: '年度政策', actorName: 'admin' });
    expect(events).toEqual([['settings.changed', { keys: ['creditGraceDays'] }]]);
  });

  it.each([
    [{ agingBuckets: [60, 30] }],
    [{ agingBuckets: [] }],
    [{ abcThresholdsBp: { a: 9000, b: 7000 } }],
    [{ creditGraceDays: -1 }],
    [{ overdueAmountThreshold: 12.5 }],
    [{ discountAuthorityBp: { ...DEFAULT_SETTINGS.discountAuthorityBp, sales_rep: 10_001 } }],
    [{ currency: 'USD' }],
    [{ companyName: '' }],
    [{ fiscalYearStartMonth: 13 }],
  ])('refuse %j and change nothing', async (patch) => {
    const before = databaseChecksum(app, ['sessions']);
    const r = await app.call('settings.update', { patch } as never, admin);
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(databaseChecksum(app, ['sessions'])).toBe(before);
  });

  it('are readable by every role but changed only by admin', async () => {
    const rep = await app.userToken(admin, 'rep1', ['sales_rep']);
    expect((await app.call('settings.get', {}, rep.token)).ok).toBe(true);
    expect(await app.call('settings.update', { patch: { creditGraceDays: 1 } }, rep.token)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('audit log', () => {
  it('records set-up, sign-in and user changes with actor and before/after', async () => {
    await app.ok('users.create', { username: 'caiwu', displayName: '财务', roles: ['finance'], password: 'password-1' }, admin);
    const { rows, total } = await app.ok('audit.list', {}, admin);
    expect(total).toBe(2);
    expect(rows.map((r) => r.action)).toEqual(['user.create', 'system.setup']);
    expect(rows[0]).toMatchObject({ actorName: 'admin', entity: 'user', after: { username: 'caiwu', roles: ['finance'] } });
    expect(JSON.stringify(rows)).not.toMatch(/password-1|scrypt/);
  });

  it('filters by action, actor and free text, and pages', async () => {
    for (let i = 0; i < 5; i++) await app.ok('settings.update', { patch: { creditGraceDays: 31 + i } }, admin);
    expect((await app.ok('audit.list', { action: 'settings.update', limit: 2 }, admin)).rows).toHaveLength(2);
    expect((await app.ok('audit.list', { action: 'settings.update' }, admin)).total).toBe(5);
    expect((await app.ok('audit.list', { search: '"creditGraceDays":35' }, admin)).total).toBe(1);
    expect((await app.ok('audit.list', { actor: 'ADMIN' }, admin)).total).toBe(6);
    expect((await app.ok('audit.list', { search: '100%_' }, admin)).total).toBe(0);
    expect((await app.ok('audit.list', { from: '2026-11-20', to: '2026-11-20' }, admin)).total).toBe(6);
    expect((await app.ok('audit.list', { from: '2026-11-21' }, admin)).total).toBe(0);
  });

  it('is readable by finance and managers, not by reps', async () => {
    const rep = await app.userToken(admin, 'rep1', ['sales_rep']);
    const fin = await app.userToken(admin, 'fin1', ['finance']);
    expect(await app.call('audit.list', {}, rep.token)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await app.call('audit.list', {}, fin.token)).ok).toBe(true);
    expect(await app.call('audit.verify', {}, fin.token)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('verifies the hash chain and finds the first edited row', async () => {
    for (let i = 0; i < 4; i++) await app.ok('settings.update', { patch: { creditGraceDays: 40 + i } }, admin);
    expect(await app.ok('audit.verify', {}, admin)).toEqual({ ok: true, checked: 5, firstBrokenId: null, reason: null });
    const sqlite = app.workspace.current().sqlite;
    // Someone with the file and a SQLite shell drops the trigger and edits history.
    sqlite.exec(`DROP TRIGGER audit_log_no_update`);
    sqlite.prepare(`UPDATE audit_log SET after_json = '{"creditGraceDays":99}' WHERE id = 3`).run();
    expect(await app.ok('audit.verify', {}, admin)).toMatchObject({ ok: false, firstBrokenId: 3, reason: expect.stringMatching(/edited/) });
  });

  it('detects a row deleted from the middle', async () => {
    for (let i = 0; i < 4; i++) await app.ok('settings.update', { patch: { creditGraceDays: 40 + i } }, admin);
    const sqlite = app.workspace.current().sqlite;
    sqlite.exec(`DROP TRIGGER audit_log_no_delete`);
    sqlite.prepare(`DELETE FROM audit_log WHERE id = 2`).run();
    const r = await verifyAuditChain(app.workspace.current().db, 2);
    expect(r).toMatchObject({ ok: false, firstBrokenId: 3, reason: expect.stringMatching(/removed/) });
  });
});

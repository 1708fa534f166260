/** A real app on a real temporary SQLite file with the real migrations; clock injected. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type SalesDeskApp } from '../../electron/main/create-app';
import type { Input, Method, Output } from '../../shared/contract';
import type { Result } from '../../shared/result';

export class TestClock {
  constructor(public t = Date.parse('2026-11-20T02:00:00Z')) {}
  now = () => new Date(this.t);
  advance(ms: number) {
    this.t += ms;
  }
}

export interface TestApp extends SalesDeskApp {
  dir: string;
  clock: TestClock;
  call<M extends Method>(method: M, input: Input<M>, token?: string | null): Promise<Result<Output<M>>>;
  /** Calls and unwraps; fails the test with the error when the call fails. */
  ok<M extends Method>(method: M, input: Input<M>, token?: string | null): Promise<Output<M>>;
  /** Sets up the company with admin/admin-pass-1 and returns the admin token. */
  setup(): Promise<string>;
  /** Creates a user with the given roles and returns their token. */
  userToken(adminToken: string, username: string, roles: Output<'users.list'>[number]['roles']): Promise<{ token: string; id: number }>;
  dispose(): Promise<void>;
}

export const ADMIN_PASSWORD = 'admin-pass-1';

export function tempDir(prefix = 'salesdesk-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function createTestApp(opts: { dir?: string; demo?: boolean } = {}): Promise<TestApp> {
  const dir = opts.dir ?? tempDir();
  const clock = new TestClock();
  const app = await createApp({
    mainFile: path.join(dir, 'salesdesk.sqlite'),
    demoFile: opts.demo ? path.join(dir, 'salesdesk-demo.sqlite') : undefined,
    clock,
    scryptN: 1024,
    validateOutput: true,
    log: () => {},
  });
  const call = <M extends Method>(method: M, input: Input<M>, token?: string | null) =>
    app.router.call({ method, input, token: token ?? null }) as Promise<Result<Output<M>>>;
  const ok = async <M extends Method>(method: M, input: Input<M>, token?: string | null) => {
    const r = await call(method, input, token);
    if (!r.ok) throw new Error(`${method} failed: ${JSON.stringify(r.error)}`);
    return r.data;
  };
  return {
    ...app,
    dir,
    clock,
    call,
    ok,
    async setup() {
      const s = await ok('system.setup', {
        companyName: '测试商贸有限公司',
        currency: 'CNY',
        fiscalYearStartMonth: 1,
        adminUsername: 'admin',
        adminDisplayName: '管理员',
        adminPassword: ADMIN_PASSWORD,
      });
      return s.token;
    },
    async userToken(adminToken, username, roles) {
      const u = await ok('users.create', { username, displayName: username, roles, password: 'password-123' }, adminToken);
      const s = await ok('auth.login', { username, password: 'password-123' });
      return { token: s.token, id: u.id };
    },
    async dispose() {
      await app.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A checksum of every row of every table (for "changed nothing" assertions). */
export function databaseChecksum(app: SalesDeskApp, exclude: string[] = []): string {
  const sqlite = app.workspace.current().sqlite;
  const tables = sqlite
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
    .pluck()
    .all() as string[];
  const parts: string[] = [];
  for (const t of tables) {
    if (exclude.includes(t)) continue;
    const rows = sqlite.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).raw().all();
    parts.push(`${t}:${JSON.stringify(rows)}`);
  }
  return parts.join('\n');
}

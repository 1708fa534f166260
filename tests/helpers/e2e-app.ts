/**
 * The real app for end-to-end tests: createApp (real SQLite in a temp dir, low scrypt cost)
 * behind the loopback host serving the built renderer (out/renderer; `npm test` builds it).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type SalesDeskApp } from '../../electron/main/create-app';
import { startHost } from '../../electron/host/server';
import type { Input, Method, Output } from '../../shared/contract';

export interface E2eApp {
  url: string;
  app: SalesDeskApp;
  dir: string;
  close(): Promise<void>;
}

export const RENDERER_DIR = path.resolve('out/renderer');

export function rendererBuilt(): boolean {
  return fs.existsSync(path.join(RENDERER_DIR, 'index.html'));
}

export async function startE2eApp(opts: { demo?: boolean } = {}): Promise<E2eApp> {
  if (!rendererBuilt()) throw new Error('out/renderer is missing: run `npx electron-vite build` (npm test does) first');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesdesk-e2e-'));
  const app = await createApp({
    mainFile: path.join(dir, 'salesdesk.sqlite'),
    demoFile: opts.demo === false ? undefined : path.join(dir, 'salesdesk-demo.sqlite'),
    scryptN: 1024,
  });
  const host = await startHost({ router: app.router, events: app.events, context: () => app.workspace.current(), rendererDir: RENDERER_DIR });
  return {
    url: host.url,
    app,
    dir,
    close: async () => {
      await host.close();
      await app.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The administrator every end-to-end suite signs in as. */
export const E2E_ADMIN = { username: 'boss', password: 'Secret-123', displayName: '张经理' };

export type E2eApi = <M extends Method>(method: M, input: Input<M>) => Promise<Output<M>>;

/** Creates the company 杭州云帆贸易有限公司 with E2E_ADMIN; returns the admin's token and a typed caller that throws on failure. */
export async function setupE2eCompany(e2e: E2eApp): Promise<{ token: string; api: E2eApi }> {
  const setup = await e2e.app.router.call({
    method: 'system.setup',
    input: { companyName: '杭州云帆贸易有限公司', currency: 'CNY', fiscalYearStartMonth: 1, adminUsername: E2E_ADMIN.username, adminDisplayName: E2E_ADMIN.displayName, adminPassword: E2E_ADMIN.password },
    token: null,
  });
  if (!setup.ok) throw new Error(`system.setup: ${setup.error.code} ${setup.error.message}`);
  const token = (setup.data as { token: string }).token;
  const api: E2eApi = async (method, input) => {
    const r = await e2e.app.router.call({ method, input, token });
    if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
    return r.data as never;
  };
  return { token, api };
}

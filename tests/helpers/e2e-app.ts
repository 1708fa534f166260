/**
 * The real app for end-to-end tests: createApp (real SQLite in a temp dir, low scrypt cost)
 * behind the loopback host serving the built renderer (out/renderer; `npm test` builds it).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type SalesDeskApp } from '../../electron/main/create-app';
import { startHost } from '../../electron/host/server';

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

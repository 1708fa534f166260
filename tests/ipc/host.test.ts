import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type RunningHost } from '../../electron/host/server';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/csp';
import { createTestApp, tempDir, type TestApp } from '../helpers/app';

let app: TestApp;
let host: RunningHost;
let admin: string;
let rendererDir: string;

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.setup();
  rendererDir = tempDir('salesdesk-renderer-');
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>SalesDesk</title>');
  fs.mkdirSync(path.join(rendererDir, 'assets'));
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  host = await startHost({ router: app.router, events: app.events, context: () => app.workspace.current(), rendererDir, maxBodyBytes: 1024 * 1024 });
});
afterAll(async () => {
  await host.close();
  await app.dispose();
  fs.rmSync(rendererDir, { recursive: true, force: true });
});

/** Raw request, so Host and Origin can be forged (fetch would not allow it). */
function raw(opts: { method?: string; path: string; headers?: Record<string, string>; body?: string }) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: host.port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

const rpc = (method: string, input: unknown, token?: string) =>
  fetch(`${host.url}rpc/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(input),
  });

describe('preview host', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('mounts the same router at POST /rpc/<method> with bearer tokens', async () => {
    const status = await rpc('system.status', {});
    expect(status.status).toBe(200);
    expect(await status.json()).toMatchObject({ ok: true, data: { initialized: true } });
    const me = await rpc('auth.me', {}, admin);
    expect(await me.json()).toMatchObject({ ok: true, data: { user: { username: 'admin' } } });
    const denied = await rpc('users.list', {});
    expect(denied.status).toBe(401);
    expect(await denied.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    const invalid = await rpc('users.create', { username: 1 }, admin);
    expect(invalid.status).toBe(400);
  });

  it('refuses a foreign Host header (DNS rebinding) and a foreign Origin', async () => {
    const rebound = await raw({ method: 'POST', path: '/rpc/system.status', headers: { Host: 'evil.example:80', 'Content-Type': 'application/json' }, body: '{}' });
    expect(rebound.status).toBe(421);
    const crossSite = await raw({
      method: 'POST',
      path: '/rpc/system.status',
      headers: { Host: `127.0.0.1:${host.port}`, Origin: 'http://evil.example', 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(crossSite.status).toBe(403);
    const sameSite = await raw({
      method: 'POST',
      path: '/rpc/system.status',
      headers: { Host: `localhost:${host.port}`, Origin: `http://localhost:${host.port}`, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(sameSite.status).toBe(200);
  });

  it('refuses form posts, bad JSON, oversized bodies and GET on /rpc', async () => {
    const hostHeader = { Host: `127.0.0.1:${host.port}` };
    expect((await raw({ method: 'POST', path: '/rpc/system.status', headers: { ...hostHeader, 'Content-Type': 'text/plain' }, body: '{}' })).status).toBe(415);
    expect((await raw({ method: 'POST', path: '/rpc/system.status', headers: { ...hostHeader, 'Content-Type': 'application/json' }, body: '{nope' })).status).toBe(400);
    const big = await raw({ method: 'POST', path: '/rpc/system.status', headers: { ...hostHeader, 'Content-Type': 'application/json' }, body: `"${'x'.repeat(2 * 1024 * 1024)}"` });
    expect(big.status).toBe(413);
    expect((await raw({ path: '/rpc/system.status', headers: hostHeader })).status).toBe(405);
  });

  it('serves the renderer with the CSP and security headers, and never a file outside it', async () => {
    const index = await fetch(host.url);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(index.headers.get('x-frame-options')).toBe('DENY');
    expect(await index.text()).toContain('SalesDesk');
    expect(await (await fetch(`${host.url}assets/app.js`)).text()).toBe('console.log(1)');
    // SPA fallback for unknown paths; traversal never escapes the renderer folder.
    expect(await (await fetch(`${host.url}customers`)).text()).toContain('SalesDesk');
    const traversal = await raw({ path: '/..%2f..%2f..%2fetc%2fpasswd', headers: { Host: `127.0.0.1:${host.port}` } });
    expect(traversal.body).not.toContain('root:');
  });

  it('streams events to signed-in clients only', async () => {
    expect((await fetch(`${host.url}events`)).status).toBe(401);
    const controller = new AbortController();
    const res = await fetch(`${host.url}events`, { headers: { Authorization: `Bearer ${admin}` }, signal: controller.signal });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    await rpc('settings.update', { patch: { creditGraceDays: 33 } }, admin);
    while (!text.includes('settings.changed')) text += decoder.decode((await reader.read()).value);
    expect(text).toContain('event: settings.changed\ndata: {"keys":["creditGraceDays"]}');
    controller.abort();
  });
});

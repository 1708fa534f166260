/**
 * The loopback HTTP host: a second door to the same router, so the real renderer runs in a
 * browser for end-to-end tests and the browser preview. It binds 127.0.0.1 only, refuses
 * requests whose Host or Origin is not its own (DNS-rebinding and cross-site defence), and
 * serves the built renderer with the same CSP as the desktop window.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Router } from '../main/ipc/router';
import type { EventHub } from '../main/ipc/events';
import type { AppContext } from '../services/context';
import { CONTENT_SECURITY_POLICY } from '../main/csp';
import type { ErrorCode, Result } from '../../shared/result';

export interface HostOptions {
  router: Router;
  events: EventHub;
  /** Resolves a bearer token for the event stream. */
  context: () => AppContext;
  /** The built renderer (out/renderer); null serves the API only. */
  rendererDir: string | null;
  port?: number;
  maxBodyBytes?: number;
}

export interface RunningHost {
  url: string;
  port: number;
  close(): Promise<void>;
}

const STATUS: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RULE_VIOLATION: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
};

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

function sendResult(res: http.ServerResponse, result: Result<unknown>): void {
  sendJson(res, result.ok ? 200 : STATUS[result.error.code], result);
}

function bearer(req: http.IncomingMessage): string | null {
  const h = req.headers.authorization;
  return typeof h === 'string' && h.startsWith('Bearer ') ? h.slice(7).trim() : null;
}

/**
 * Reads the body up to `limit` bytes; past it the rest is drained and dropped (so the client
 * gets a clean 413 rather than a reset) until 8× the limit, where the connection is cut.
 */
async function readBody(req: http.IncomingMessage, limit: number): Promise<string | null> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 8 * limit) {
      req.destroy();
      return null;
    }
    if (size <= limit) chunks.push(chunk as Buffer);
  }
  return size > limit ? null : Buffer.concat(chunks).toString('utf8');
}

export async function startHost(opts: HostOptions): Promise<RunningHost> {
  const maxBody = opts.maxBodyBytes ?? 20 * 1024 * 1024;
  let port = 0;
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const ownOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
  const rendererRoot = opts.rendererDir ? path.resolve(opts.rendererDir) : null;

  const server = http.createServer(async (req, res) => {
    try {
      if (!allowedHosts().has(req.headers.host ?? '')) {
        res.writeHead(421, SECURITY_HEADERS).end('Misdirected request');
        return;
      }
      const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
      if (url.pathname.startsWith('/rpc/')) {
        if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: { code: 'NOT_FOUND', message: 'Use POST.' } });
        const origin = req.headers.origin;
        if (origin !== undefined && !ownOrigins().has(origin)) {
          return sendJson(res, 403, { ok: false, error: { code: 'FORBIDDEN', message: 'Cross-origin calls are refused.' } });
        }
        if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
          return sendJson(res, 415, { ok: false, error: { code: 'VALIDATION', message: 'Send application/json.' } });
        }
        const body = await readBody(req, maxBody);
        if (body === null) return sendJson(res, 413, { ok: false, error: { code: 'VALIDATION', message: 'The request is too large.' } });
        let input: unknown;
        try {
          input = body.length ? JSON.parse(body) : {};
        } catch {
          return sendJson(res, 400, { ok: false, error: { code: 'VALIDATION', message: 'The body is not valid JSON.' } });
        }
        const method = decodeURIComponent(url.pathname.slice('/rpc/'.length));
        return sendResult(res, await opts.router.call({ method, input, token: bearer(req) }));
      }
      if (url.pathname === '/events') return streamEvents(req, res);
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, SECURITY_HEADERS).end();
        return;
      }
      serveStatic(url.pathname, res);
    } catch (e) {
      console.error('[host] request failed', e);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'INTERNAL', message: 'Internal error.' } });
      else res.end();
    }
  });

  async function streamEvents(req: http.IncomingMessage, res: http.ServerResponse) {
    const token = bearer(req);
    const app = opts.context();
    const session = token ? await app.sessions.resolve(app, token) : null;
    if (!session) return sendJson(res, 401, { ok: false, error: { code: 'UNAUTHENTICATED', message: 'Sign in first.' } });
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    const unsubscribe = opts.events.subscribe((name, payload) => {
      res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`);
    });
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 25_000);
    req.on('close', () => {
      clearInterval(keepAlive);
      unsubscribe();
    });
  }

  function serveStatic(pathname: string, res: http.ServerResponse) {
    if (!rendererRoot) {
      res.writeHead(404, SECURITY_HEADERS).end('No renderer build: run `npm run build`.');
      return;
    }
    const decoded = decodeURIComponent(pathname);
    let file = path.resolve(rendererRoot, `.${decoded}`);
    if (!file.startsWith(rendererRoot + path.sep) && file !== rendererRoot) {
      res.writeHead(403, SECURITY_HEADERS).end();
      return;
    }
    if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(rendererRoot, 'index.html');
    if (!fs.existsSync(file)) {
      res.writeHead(404, SECURITY_HEADERS).end('No renderer build: run `npm run build`.');
      return;
    }
    const ext = path.extname(file);
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': MIME[ext] ?? 'application/octet-stream',
      'Cache-Control': ext === '.html' ? 'no-store' : 'public, max-age=31536000, immutable',
    });
    fs.createReadStream(file)
      .on('error', (e) => {
        console.error('[host] cannot read', file, e);
        res.destroy();
      })
      .pipe(res);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

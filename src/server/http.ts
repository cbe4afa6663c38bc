import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../observability/log.js';
import { hostAllowed } from './auth.js';

/** Health probes answer whatever Host an orchestrator sends (Kubernetes probes use the pod IP). */
const PROBES = new Set(['/livez', '/readyz', '/healthz']);

/**
 * One HTTP server per bot on PORT: the local page and dashboard, /healthz, /metrics, and the Slack
 * endpoint (Bolt's request listener mounted under /slack). Small on purpose: a route table and helpers.
 */

export type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>;

export class HttpApp {
  private readonly routes = new Map<string, Handler>();
  private readonly mounts: Array<{ prefix: string; listener: RequestListener }> = [];
  private server: Server | null = null;
  private accepting = true;

  constructor(
    private readonly logger: Logger,
    private readonly opts: { allowedHosts?: readonly string[] } = {},
  ) {}

  route(method: string, path: string, handler: Handler): void {
    this.routes.set(`${method} ${path}`, handler);
  }

  /** Hands every request under `prefix` to another listener (Slack's Bolt receiver). */
  mount(prefix: string, listener: RequestListener): void {
    this.mounts.push({ prefix, listener });
  }

  /** Stops taking new requests (503) while in-flight ones finish, during shutdown. */
  stopAccepting(): void {
    this.accepting = false;
  }

  /** False once shutdown began (readiness then fails, liveness holds). */
  get isAccepting(): boolean {
    return this.accepting;
  }

  listen(port: number, host: string): Promise<{ server: Server; url: string }> {
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        const addr = server.address() as AddressInfo;
        const shownHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
        resolve({ server, url: `http://${shownHost === '0.0.0.0' ? '127.0.0.1' : shownHost}:${addr.port}` });
      });
    });
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), 2_000).unref();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      if (this.opts.allowedHosts && !PROBES.has(url.pathname) && !hostAllowed(req.headers.host, this.opts.allowedHosts)) {
        throw new HttpError(403, 'unknown Host: add it to ALLOWED_HOSTS');
      }
      if (!this.accepting && !PROBES.has(url.pathname)) {
        sendJson(res, 503, { error: 'shutting down' }, { Connection: 'close' });
        return;
      }
      for (const m of this.mounts) {
        if (url.pathname === m.prefix || url.pathname.startsWith(`${m.prefix}/`)) {
          m.listener(req, res);
          return;
        }
      }
      const handler = this.routes.get(`${req.method} ${url.pathname}`) ?? this.matchPattern(req.method ?? 'GET', url.pathname);
      if (!handler) {
        sendJson(res, this.routes.has(`GET ${url.pathname}`) || this.routes.has(`POST ${url.pathname}`) ? 405 : 404, {
          error: 'not found',
        });
        return;
      }
      await handler(req, res, url);
    } catch (err) {
      // A client's mistake (4xx) is worth a line, not an error with a stack.
      if (err instanceof HttpError && err.status < 500)
        this.logger.info({ status: err.status, method: req.method, path: url.pathname, reason: err.message }, 'request refused');
      else this.logger.error({ err, path: url.pathname }, 'request failed');
      if (!res.headersSent)
        sendJson(res, err instanceof HttpError ? err.status : 500, { error: err instanceof HttpError ? err.message : 'internal error' });
      else res.end();
    }
  }

  /** Routes registered with a trailing `/*` match any path below them (e.g. `GET /kb/*`). */
  private matchPattern(method: string, pathname: string): Handler | undefined {
    for (const [key, handler] of this.routes) {
      if (!key.endsWith('/*')) continue;
      const [m, p] = key.split(' ') as [string, string];
      if (m === method && pathname.startsWith(p.slice(0, -1))) return handler;
    }
    return undefined;
  }
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(text);
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Security-Policy':
      "default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'",
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  });
  res.end(html);
}

/** Reads a request body up to `limit` bytes; a larger body is refused with 413, not buffered. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, `body larger than ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** A JSON object body (`null`, arrays and bare values are refused with 400, like broken JSON). */
export async function readJson<T extends object>(req: IncomingMessage, limit: number): Promise<Partial<T>> {
  const body = await readBody(req, limit);
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new HttpError(400, 'body is not valid JSON');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new HttpError(400, 'body must be a JSON object');
  return value as Partial<T>;
}

/** A path segment decoded, or 400 when its %-escapes are malformed. */
export function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, 'malformed %-escape in the path');
  }
}

import { rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { AppContext } from '../context.js';
import { sendJson } from './http.js';
import { registerLocalRoutes } from './local.js';

export function registerRoutes(ctx: AppContext): void {
  const { http, metrics, knowledge } = ctx;

  // Liveness: the process serves HTTP. A container health check and a restart policy look at this only,
  // so a platform reconnecting (or a full disk) never gets the bot killed.
  http.route('GET', '/livez', (_req, res) => sendJson(res, 200, { status: 'live' }));

  // Readiness: knowledge loaded, every configured platform connected, the store able to write (the data
  // directory takes a write, no failed writes pending, PostgreSQL reachable), not shutting down. 503 with
  // the reasons otherwise. /healthz is the same, for existing monitors.
  const readiness = async (_req: IncomingMessage, res: ServerResponse) => {
    const platforms = Object.fromEntries(ctx.adapters.map((a) => [a.name, a.status()]));
    const store = await ctx.store
      .health()
      .catch((err: Error) => ({ ok: false, engine: ctx.store.engine, error: err.message, writeErrors: 0 }));
    const dirWritable = ctx.store.engine === 'lowdb' ? await storeWritable(ctx.config.dataFile) : true;
    const reasons = [
      ...(knowledge.current.articles.length === 0 ? ['knowledge base empty'] : []),
      ...Object.entries(platforms)
        .filter(([, s]) => s !== 'connected')
        .map(([name, s]) => `${name} ${s}`),
      ...(dirWritable ? [] : ['data directory not writable']),
      ...(store.ok ? [] : [`store (${store.engine}) cannot write`]),
      ...(http.isAccepting ? [] : ['shutting down']),
    ];
    const ready = reasons.length === 0;
    sendJson(res, ready ? 200 : 503, {
      status: ready ? 'ok' : 'not-ready',
      live: true,
      ready,
      reasons,
      knowledge: { articles: knowledge.current.articles.length, version: knowledge.current.version, lastReloadError: knowledge.lastError },
      platforms,
      store: { ...store, writable: dirWritable && store.ok },
      claude: Boolean(ctx.enricher),
    });
  };
  http.route('GET', '/readyz', readiness);
  http.route('GET', '/healthz', readiness);

  http.route('GET', '/metrics', async (_req, res) => {
    const body = await metrics.registry.metrics();
    res.writeHead(200, { 'Content-Type': metrics.registry.contentType });
    res.end(body);
  });

  registerLocalRoutes(ctx);
}

/**
 * The data directory takes a write now (a read-only mount, a full disk or lost permissions fail here
 * before the store's next write would).
 */
async function storeWritable(file: string): Promise<boolean> {
  const probe = path.join(path.dirname(file), '.write-probe');
  try {
    await writeFile(probe, String(process.pid));
    await rm(probe, { force: true });
    return true;
  } catch {
    return false;
  }
}

import type { AppContext } from '../context.js';
import { sendJson } from './http.js';
import { registerLocalRoutes } from './local.js';

export function registerRoutes(ctx: AppContext): void {
  const { http, metrics, knowledge } = ctx;

  // Liveness and readiness in one: 200 once the knowledge base is loaded, every configured platform is
  // connected and the store can write; 503 (with the reason) before that, while the disk is full or the
  // database away, or while shutting down.
  http.route('GET', '/healthz', async (_req, res) => {
    const platforms = Object.fromEntries(ctx.adapters.map((a) => [a.name, a.status()]));
    const store = await ctx.store
      .health()
      .catch((err: Error) => ({ ok: false, engine: ctx.store.engine, error: err.message, writeErrors: 0 }));
    const ready = knowledge.current.articles.length > 0 && Object.values(platforms).every((s) => s === 'connected') && store.ok;
    sendJson(res, ready ? 200 : 503, {
      status: ready ? 'ok' : 'not-ready',
      live: true,
      ready,
      knowledge: { articles: knowledge.current.articles.length, version: knowledge.current.version, lastReloadError: knowledge.lastError },
      platforms,
      store,
      claude: Boolean(ctx.enricher),
    });
  });

  http.route('GET', '/metrics', async (_req, res) => {
    const body = await metrics.registry.metrics();
    res.writeHead(200, { 'Content-Type': metrics.registry.contentType });
    res.end(body);
  });

  registerLocalRoutes(ctx);
}

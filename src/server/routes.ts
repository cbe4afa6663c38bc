import type { AppContext } from '../app.js';
import { sendJson } from './http.js';
import { registerLocalRoutes } from './local.js';

export function registerRoutes(ctx: AppContext): void {
  const { http, metrics, knowledge } = ctx;

  // Liveness and readiness in one: 200 once the knowledge base is loaded and every configured platform
  // is connected, 503 (with the reason) before that or while shutting down.
  http.route('GET', '/healthz', (_req, res) => {
    const platforms = Object.fromEntries(ctx.adapters.map((a) => [a.name, a.status()]));
    const ready = knowledge.current.articles.length > 0 && Object.values(platforms).every((s) => s === 'connected');
    sendJson(res, ready ? 200 : 503, {
      status: ready ? 'ok' : 'not-ready',
      live: true,
      ready,
      knowledge: { articles: knowledge.current.articles.length, version: knowledge.current.version, lastReloadError: knowledge.lastError },
      platforms,
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

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT } from '../core/paths.js';
import { type HttpApp, HttpError } from './http.js';

/** The page's script, style sheet and icon, served from `public/` by name (nothing else under it). */
const ASSET_TYPES: Record<string, string> = {
  'app.js': 'text/javascript; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
  'favicon.svg': 'image/svg+xml',
};

export function registerAssetRoutes(http: HttpApp): void {
  http.route('GET', '/static/*', async (_req, res, url) => {
    const name = url.pathname.slice('/static/'.length);
    const type = Object.hasOwn(ASSET_TYPES, name) ? ASSET_TYPES[name] : undefined;
    if (!type) throw new HttpError(404, 'not found');
    const body = await readFile(path.join(PROJECT_ROOT, 'public', name));
    res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' });
    res.end(body);
  });

  // Browsers ask for /favicon.ico whatever the page says: the same icon, not a 404 on every page.
  http.route('GET', '/favicon.ico', async (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'max-age=86400' });
    res.end(await readFile(path.join(PROJECT_ROOT, 'public', 'favicon.svg')));
  });
}

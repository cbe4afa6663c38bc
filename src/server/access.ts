import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../config.js';
import { presentedToken, queryToken, tokenCookie, tokenMatches } from './auth.js';
import { page } from './html.js';
import { HttpError, readJson, sendHtml, sendJson } from './http.js';

/**
 * Who may use the local page and its APIs, and who they are: the token rule for every route beyond
 * localhost, the anonymous per-browser user id that votes are counted under, and the JSON-only body reader.
 */

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export type Authorise = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean;

export interface LocalAccess {
  /** Beyond localhost every page and API call needs DASHBOARD_TOKEN (header, or a cookie set via ?token=). */
  authorised: Authorise;
  /** The browser's anonymous user id (a cookie), set on first use. */
  userOf(req: IncomingMessage, res: ServerResponse): string;
  /** JSON-only POSTs: a cross-site form cannot send application/json without a preflight. */
  jsonBody<T extends object>(req: IncomingMessage): Promise<Partial<T>>;
}

export function createLocalAccess(config: Pick<Config, 'HOST' | 'DASHBOARD_TOKEN' | 'MAX_PASTE_BYTES'>): LocalAccess {
  const needsToken = !LOOPBACK.has(config.HOST);

  const authorised: Authorise = (req, res, url) => {
    if (!needsToken) return true;
    const token = config.DASHBOARD_TOKEN;
    if (!token) {
      sendHtml(
        res,
        403,
        page('Locked', '<p>This server listens beyond localhost and <code>DASHBOARD_TOKEN</code> is not set, so the dashboard is off.</p>'),
      );
      return false;
    }
    if (!tokenMatches(presentedToken(req, url), token)) {
      sendJson(res, 401, { error: 'DASHBOARD_TOKEN required (Authorization: Bearer …, or ?token=… once)' });
      return false;
    }
    if (queryToken(url) !== null) {
      // The token goes to a cookie and leaves the address; the rest of the query (the filters) stays.
      const rest = new URLSearchParams(url.search);
      rest.delete('token');
      const search = rest.toString();
      res.writeHead(303, { Location: `${url.pathname}${search ? `?${search}` : ''}`, 'Set-Cookie': tokenCookie(token) });
      res.end();
      return false;
    }
    return true;
  };

  const userOf = (req: IncomingMessage, res: ServerResponse): string => {
    const existing = /(?:^|;\s*)uid=([A-Za-z0-9_-]{6,40})/.exec(req.headers.cookie ?? '')?.[1];
    if (existing) return existing;
    const uid = `local-${randomBytes(6).toString('base64url')}`;
    res.setHeader('Set-Cookie', `uid=${uid}; SameSite=Strict; Path=/; HttpOnly`);
    return uid;
  };

  const jsonBody = async <T extends object>(req: IncomingMessage): Promise<Partial<T>> => {
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) throw new HttpError(415, 'send application/json');
    return readJson<T>(req, config.MAX_PASTE_BYTES + 4096);
  };

  return { authorised, userOf, jsonBody };
}

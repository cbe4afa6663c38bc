import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * The dashboard token as a client may present it: `Authorization: Bearer …` (any case of the scheme),
 * the cookie the server set, or `?token=…` once. Values are compared as SHA-256 digests, so tokens of
 * any length or alphabet (multi-byte characters, base64 with `+ / =`) compare in constant time and
 * never throw.
 */

export const TOKEN_COOKIE = 'dbtoken';

export function presentedToken(req: IncomingMessage, url: URL): string {
  const header = /^bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
  if (header) return header;
  const query = queryToken(url);
  if (query !== null) return query; // a fresh ?token= wins over an old cookie
  const cookie = new RegExp(`(?:^|;\\s*)${TOKEN_COOKIE}=([^;]+)`).exec(req.headers.cookie ?? '')?.[1];
  return cookie ? safeDecode(cookie) : '';
}

/** `?token=` read as written: a `+` in a base64 token is a plus, not the space a form would mean. */
export function queryToken(url: URL): string | null {
  const raw = /(?:^\?|&)token=([^&]*)/.exec(url.search)?.[1];
  return raw === undefined ? null : safeDecode(raw);
}

export function tokenMatches(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Host names the server answers to. A page on another site can point its own name at 127.0.0.1 (DNS
 * rebinding) and reach a loopback-only server as "same origin"; its requests still carry its own name
 * in `Host`, which is refused here.
 */
export function hostAllowed(hostHeader: string | undefined, allowed: readonly string[]): boolean {
  if (allowed.includes('*')) return true;
  if (!hostHeader) return false;
  const host = hostHeader.trim().toLowerCase();
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, '');
  return allowed.includes(name);
}

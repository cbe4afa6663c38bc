import { mkdir, rm } from 'node:fs/promises';
import { request } from 'node:http';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestApp } from '../helpers/app.js';

/** A raw request, so the test controls every header (Host included) and the exact bytes of the path. */
function raw(
  url: string,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('HTTP hardening', () => {
  it('a foreign Host header is refused (DNS rebinding); configured names and health probes are answered', async () => {
    const { app, url } = await startTestApp({ PUBLIC_URL: 'https://bot.example.com' });
    try {
      expect((await raw(url, { path: '/', headers: { Host: 'attacker.example:3000' } })).status).toBe(403);
      expect((await raw(url, { path: '/api/stats', headers: { Host: 'rebind.attacker.example' } })).status).toBe(403);
      const post = await raw(url, {
        method: 'POST',
        path: '/api/messages',
        headers: { Host: 'attacker.example', 'Content-Type': 'application/json' },
        body: JSON.stringify({ text: 'x' }),
      });
      expect(post.status).toBe(403);
      for (const host of ['localhost:3000', '127.0.0.1', '[::1]:3000', 'bot.example.com', 'BOT.example.com:443'])
        expect((await raw(url, { path: '/api/stats', headers: { Host: host } })).status, host).toBe(200);
      expect((await raw(url, { path: '/livez', headers: { Host: '10.1.2.3:3000' } })).status).toBe(200);
      expect((await raw(url, { path: '/readyz', headers: { Host: '10.1.2.3:3000' } })).status).toBe(200);
    } finally {
      await app.stop();
    }
    const open = await startTestApp({ ALLOWED_HOSTS: '*' });
    try {
      expect((await raw(open.url, { path: '/api/stats', headers: { Host: 'anything.example' } })).status).toBe(200);
    } finally {
      await open.app.stop();
    }
  });

  it('static assets: only the named files, with their types; names of object properties are not files', async () => {
    const { app, url } = await startTestApp();
    try {
      const css = await raw(url, { path: '/static/style.css' });
      expect(css.status).toBe(200);
      expect(css.headers['content-type']).toMatch(/^text\/css/);
      expect(css.headers['x-content-type-options']).toBe('nosniff');
      expect((await raw(url, { path: '/favicon.ico' })).headers['content-type']).toBe('image/svg+xml');
      for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty', '..%2Fpackage.json', 'index.html'])
        expect((await raw(url, { path: `/static/${name}` })).status, name).toBe(404);
    } finally {
      await app.stop();
    }
  });

  it('token edge cases: multi-byte last character → 401, base64 token via ?token=, lower-case bearer', async () => {
    const token = 'Ab+cD/eF=gh0123456789xyz==';
    const { app, url, logs } = await startTestApp({ HOST: '0.0.0.0', DASHBOARD_TOKEN: token });
    const local = `http://127.0.0.1:${new URL(url).port}`;
    try {
      // Same length in characters, longer in bytes: used to make the comparison throw (500).
      const multiByte = await raw(local, { path: '/dashboard', headers: { Authorization: `Bearer ${token.slice(0, -1)}é` } });
      expect(multiByte.status).toBe(401);
      expect((await raw(local, { path: '/dashboard', headers: { Authorization: `bearer ${token}` } })).status).toBe(200);
      expect((await raw(local, { path: '/dashboard', headers: { Authorization: `BEARER ${token}` } })).status).toBe(200);
      for (const query of [token, encodeURIComponent(token)]) {
        const login = await raw(local, { path: `/dashboard?token=${query}` });
        expect(login.status, query).toBe(303);
        const cookie = String(login.headers['set-cookie']).split(';')[0] as string;
        expect((await raw(local, { path: '/dashboard', headers: { Cookie: cookie } })).status).toBe(200);
      }
      expect((await raw(local, { path: '/dashboard', headers: { Cookie: 'dbtoken=%E0%A4%A' } })).status).toBe(401);
      expect(logs.filter((l) => JSON.parse(l).level >= 50)).toEqual([]);
    } finally {
      await app.stop();
    }
  });

  it('/livez and /readyz apart: liveness holds while readiness reports why the bot cannot serve; process metrics are not double-prefixed', async () => {
    const { app, url, dataDir } = await startTestApp();
    try {
      expect(await (await fetch(`${url}/livez`)).json()).toEqual({ status: 'live' });
      const ready = await fetch(`${url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ ready: true, reasons: [], store: { writable: true } });
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const metrics = await (await fetch(`${url}/metrics`)).text();
      expect(metrics).toMatch(/^diagnose_bot_process_cpu_user_seconds_total /m);
      expect(metrics).not.toContain('process_process');
      // The data directory refuses writes (here: the probe's name is taken by a directory, which fails
      // for root too): not ready, still live.
      await mkdir(path.join(dataDir, '.write-probe'));
      const notReady = await fetch(`${url}/readyz`);
      expect(notReady.status).toBe(503);
      expect(await notReady.json()).toMatchObject({ ready: false, reasons: ['data directory not writable'] });
      expect((await fetch(`${url}/livez`)).status).toBe(200);
      await rm(path.join(dataDir, '.write-probe'), { recursive: true });
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
    } finally {
      await app.stop();
    }
  });

  it('a JSON body of null and a malformed %-escape are 400, logged below error level and without a stack', async () => {
    const { app, url, logs } = await startTestApp();
    try {
      for (const body of ['null', '[]', '42', '"text"']) {
        const res = await raw(url, { method: 'POST', path: '/api/messages', headers: { 'Content-Type': 'application/json' }, body });
        expect(res.status, body).toBe(400);
      }
      const vote = await raw(url, { method: 'POST', path: '/api/votes', headers: { 'Content-Type': 'application/json' }, body: 'null' });
      expect(vote.status).toBe(400);
      expect((await raw(url, { path: '/kb/%E0%A4%A' })).status).toBe(400);
      expect((await raw(url, { path: '/kb/100%' })).status).toBe(400);
      const refused = logs.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request refused');
      expect(refused.length).toBeGreaterThanOrEqual(7);
      expect(refused.every((l) => l.level < 50 && !JSON.stringify(l).includes('stack'))).toBe(true);
      expect(logs.filter((l) => JSON.parse(l).level >= 50)).toEqual([]);
    } finally {
      await app.stop();
    }
  });
});

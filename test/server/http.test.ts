import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Enricher } from '../../src/bot/dispatch.js';
import type { MessageResponse } from '../helpers/app.js';
import { startTestApp } from '../helpers/app.js';
import { KNOWLEDGE_DIR } from '../helpers/kb.js';

const PASTE = `anthropic.BadRequestError: Error code: 400 - {'type': 'error', 'error': {'type': 'invalid_request_error', 'message': 'prompt is too long: 208114 tokens > 200000 maximum'}}`;

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('health and metrics', () => {
  it('/healthz reports live and ready with the knowledge base; /metrics is Prometheus text', async () => {
    const { app, url } = await startTestApp();
    try {
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({
        status: 'ok',
        live: true,
        ready: true,
        knowledge: { articles: expect.any(Number) },
        platforms: {},
      });

      await post(`${url}/api/messages`, { text: PASTE, mode: 'mention' });
      await post(`${url}/api/messages`, { text: 'lunch?', mode: 'auto' });
      const metrics = await fetch(`${url}/metrics`);
      expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = await metrics.text();
      expect(text).toMatch(/^diagnose_bot_answers_total\{platform="local",trigger="mention",kind="diagnosis"\} 1$/m);
      expect(text).toMatch(/^diagnose_bot_abstentions_total\{platform="local",reason="unsure"\} 1$/m);
      expect(text).toContain('diagnose_bot_duplicates_suppressed_total');
      expect(text).toContain('diagnose_bot_ack_latency_seconds');
      expect(text).toContain('diagnose_bot_claude_calls_total');
      expect(text).toMatch(/^diagnose_bot_knowledge_articles \d+$/m);
    } finally {
      await app.stop();
    }
  });

  it('rejects bad API input clearly', async () => {
    const { app, url } = await startTestApp();
    try {
      expect((await post(`${url}/api/messages`, { mode: 'mention' })).status).toBe(400);
      const form = await fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'text=x',
      });
      expect(form.status).toBe(415);
      const broken = await fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{"text":',
      });
      expect(await broken.json()).toEqual({ error: 'body is not valid JSON' });
      expect((await post(`${url}/api/votes`, { answerId: 'nope', value: 'up' })).status).toBe(404);
      expect((await fetch(`${url}/kb/not-an-article`)).status).toBe(404);
    } finally {
      await app.stop();
    }
  });
});

describe('dashboard token', () => {
  it('beyond localhost the pages need DASHBOARD_TOKEN; health and metrics stay open', async () => {
    const { app, config } = await startTestApp({ HOST: '0.0.0.0', DASHBOARD_TOKEN: 'sesame-0123456789' });
    const port = app.ctx.http && new URL(app.url).port;
    const url = `http://127.0.0.1:${port}`;
    try {
      expect(config.HOST).toBe('0.0.0.0');
      expect((await fetch(`${url}/dashboard`)).status).toBe(401);
      expect((await fetch(`${url}/dashboard`, { headers: { Authorization: 'Bearer wrong-token-000000' } })).status).toBe(401);
      expect((await fetch(`${url}/dashboard`, { headers: { Authorization: 'Bearer sesame-0123456789' } })).status).toBe(200);
      expect((await post(`${url}/api/messages`, { text: PASTE })).status).toBe(401);
      const viaQuery = await fetch(`${url}/dashboard?token=sesame-0123456789`, { redirect: 'manual' });
      expect(viaQuery.status).toBe(303);
      const cookie = viaQuery.headers.get('set-cookie')?.split(';')[0] ?? '';
      expect((await fetch(`${url}/dashboard`, { headers: { Cookie: cookie } })).status).toBe(200);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect((await fetch(`${url}/metrics`)).status).toBe(200);
    } finally {
      await app.stop();
    }
  });

  it('beyond localhost without a token configured, the pages are off', async () => {
    const { app } = await startTestApp({ HOST: '0.0.0.0' });
    const url = `http://127.0.0.1:${new URL(app.url).port}`;
    try {
      const res = await fetch(`${url}/`);
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('DASHBOARD_TOKEN');
    } finally {
      await app.stop();
    }
  });
});

describe('knowledge hot reload', () => {
  it('a good edit is picked up; a bad edit keeps the previous base and says exactly why', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kb-hot-'));
    await cp(KNOWLEDGE_DIR, dir, { recursive: true });
    const { app, url, logs } = await startTestApp({ KNOWLEDGE_DIR: dir, HOT_RELOAD: 'true' });
    const file = path.join(dir, 'context-window', 'prompt-too-long.md');
    const original = await readFile(file, 'utf8');
    const version = async () =>
      ((await (await fetch(`${url}/healthz`)).json()) as { knowledge: { version: string; lastReloadError: string | null } }).knowledge;
    try {
      const v0 = (await version()).version;
      await writeFile(file, original.replace(/^title: .*$/m, 'title: "Prompt too long (edited title for the hot reload test)"'));
      await expect.poll(async () => (await version()).version, { timeout: 10_000 }).not.toBe(v0);
      expect(await (await fetch(`${url}/kb/prompt-too-long`)).text()).toContain('edited title for the hot reload test');

      const v1 = (await version()).version;
      await writeFile(file, original.replace(/^http_status: .*$/m, 'http_status: "four hundred"'));
      await expect
        .poll(async () => (await version()).lastReloadError, { timeout: 10_000 })
        .toMatch(/context-window\/prompt-too-long\.md \[http_status\]/);
      expect((await version()).version).toBe(v1);
      expect(logs.some((l) => l.includes('knowledge edit rejected') && l.includes('prompt-too-long.md [http_status]'))).toBe(true);
      // Still answering with the previous base.
      const res = (await (await post(`${url}/api/messages`, { text: PASTE, mode: 'mention' })).json()) as MessageResponse;
      expect(res.thread.posts[1]?.articleId).toBe('prompt-too-long');
    } finally {
      await app.stop();
    }
  });
});

describe('graceful shutdown', () => {
  it('stops taking requests, lets the reply in flight finish, flushes the store', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let entered: () => void = () => undefined;
    const inEnricher = new Promise<void>((r) => {
      entered = r;
    });
    const slowEnricher: Enricher = {
      async enrich({ answer }) {
        entered();
        await gate;
        return { ...answer, summary: 'Finished after shutdown began.' };
      },
    };
    const { app, url, dataDir } = await startTestApp({}, { enricher: () => slowEnricher });
    const inFlight = post(`${url}/api/messages`, { text: PASTE, mode: 'mention' });
    await inEnricher;
    const stopping = app.stop('SIGTERM');
    // New requests are refused while the reply finishes.
    const refused = await fetch(`${url}/dashboard`).then(
      (r) => r.status,
      () => 'closed',
    );
    expect([503, 'closed']).toContain(refused);
    release();
    const res = await inFlight;
    expect(res.status).toBe(200);
    const body = (await res.json()) as MessageResponse;
    expect(body.thread.posts[1]?.html).toContain('Finished after shutdown began.');
    await stopping;
    const saved = JSON.parse(await readFile(path.join(dataDir, 'diagnose-bot.json'), 'utf8'));
    expect(saved.answers).toHaveLength(1);
    expect(saved.answers[0].articleId).toBe('prompt-too-long');
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});

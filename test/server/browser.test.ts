import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../helpers/app.js';
import { CHROMIUM_ARGS as ARGS, chromiumAvailable as available, axeViolations, CHROMIUM } from '../helpers/browser.js';
import { storedRecords } from '../helpers/store.js';

// A real Chromium is slow to start pages on a busy 2-core machine: a generous per-test limit, not a time assertion.
describe.skipIf(!available)('local page in a real browser', { timeout: 60_000 }, () => {
  let browser: Browser;
  let t: Awaited<ReturnType<typeof startTestApp>>;

  beforeAll(async () => {
    t = await startTestApp();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.app.stop();
  });

  it('paste → threaded answer rendered → vote → the dashboard count changes', async () => {
    const page = await browser.newPage();
    await page.goto(`${t.url}/dashboard?playground=1`);
    await expect(page.locator('[data-stat="votes"]').textContent()).resolves.toBe('0');

    await page.goto(`${t.url}/`);
    await page.fill(
      '#paste',
      `Traceback (most recent call last):\n  File "app.py", line 9, in <module>\nanthropic.BadRequestError: Error code: 400 - {'type': 'error', 'error': {'type': 'invalid_request_error', 'message': 'prompt is too long: 208114 tokens > 200000 maximum'}}`,
    );
    // Threads from earlier tests are on the page already: wait for this paste's thread, then read its answer.
    const before = await page.locator('.thread').count();
    await page.click('button[type=submit]');
    await expect.poll(() => page.locator('.thread').count()).toBe(before + 1);
    const answer = page.locator('.thread').first().locator('.post.bot .answer');
    await answer.waitFor();
    await expect(answer.getAttribute('data-kind')).resolves.toBe('diagnosis');
    await expect(answer.locator('h3').textContent()).resolves.toMatch(/prompt is too long/i);
    await expect(answer.locator('h4').allTextContents()).resolves.toEqual(expect.arrayContaining(['Cause', 'Fix']));
    // The paste stays above the answer in the same thread, like a support channel.
    await expect(page.locator('.thread').first().locator('.post.user pre').textContent()).resolves.toContain('prompt is too long');
    await page.screenshot({ path: `${t.dataDir}/playground.png`, fullPage: true });

    await answer.locator('button[data-vote="up"]').click();
    await expect.poll(() => answer.locator('.feedback-status').textContent()).toMatch(/glad it helped/);

    // Playground traffic is kept apart: the dashboard shows it only when asked to.
    await page.goto(`${t.url}/dashboard`);
    await expect(page.locator('[data-stat="votes"]').textContent()).resolves.toBe('0');
    await page.check('input[name="playground"]');
    await page.click('form.filters button[type=submit]');
    await page.waitForURL(/playground=1/);
    await expect(page.locator('[data-stat="votes"]').textContent()).resolves.toBe('1');
    await expect(page.locator('[data-up="prompt-too-long"]').textContent()).resolves.toBe('1');
    await page.screenshot({ path: `${t.dataDir}/dashboard.png`, fullPage: true });
  });

  it('"Not helpful" asks why, and the reason shows on the dashboard', async () => {
    const page = await browser.newPage();
    await page.goto(`${t.url}/`);
    await page.fill('#paste', 'InternalServerError: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}');
    // Threads from earlier tests are on the page already: wait for this paste's thread, then read its answer.
    const before = await page.locator('.thread').count();
    await page.click('button[type=submit]');
    await expect.poll(() => page.locator('.thread').count()).toBe(before + 1);
    const answer = page.locator('.thread').first().locator('.post.bot .answer');
    await answer.waitFor();
    await expect(answer.locator('.reasons').isHidden()).resolves.toBe(true);
    await answer.locator('button[data-vote="down"]').click();
    // The reasons are offered once the server has recorded the vote.
    await expect.poll(() => answer.locator('.feedback-status').textContent()).toMatch(/Thanks/);
    await answer.locator('.reasons button[data-reason="fix-failed"]').waitFor();
    await answer.locator('.reasons button[data-reason="fix-failed"]').click();
    await expect.poll(() => answer.locator('.feedback-status').textContent()).toMatch(/fix did not work/);
    await expect(answer.locator('.reasons').isHidden()).resolves.toBe(true);
    await page.goto(`${t.url}/dashboard?playground=1`);
    await expect(page.locator('[data-reasons="overloaded-529"]').textContent()).resolves.toContain(
      'Right problem, but the fix did not work (1)',
    );
  });

  it('chatter in the auto-reply mode gets silence, shown as such', async () => {
    const page = await browser.newPage();
    await page.goto(`${t.url}/`);
    await page.fill('#paste', 'good morning, is the standup still at ten?');
    await page.check('input[value="auto"]');
    await page.click('button[type=submit]');
    await expect.poll(() => page.locator('.thread .silent').first().textContent()).toMatch(/stayed silent/);
  });

  it('a page on another origin cannot make the bot act: JSON needs a preflight it never gets, form and text posts are refused', async () => {
    // The second origin: the same machine under another name and port (localhost vs 127.0.0.1).
    const seen: string[] = [];
    const evil: Server = createServer((req, res) => {
      seen.push(String(req.url));
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<!doctype html><title>elsewhere</title><form id="f" method="post" enctype="text/plain"><input name="x"></form>');
    });
    await new Promise<void>((r) => evil.listen(0, '127.0.0.1', r));
    const evilOrigin = `http://localhost:${(evil.address() as AddressInfo).port}`;
    const before = JSON.stringify(storedRecords(t.app.ctx.store).answers.length);
    const handled = async () => (await t.app.ctx.metrics.messages.get()).values.reduce((n, v) => n + v.value, 0);
    const handledBefore = await handled();
    try {
      const page = await browser.newPage();
      await page.goto(`${evilOrigin}/`);
      const target = `${t.url}/api/messages`;
      const body = JSON.stringify({ text: 'anthropic.InternalServerError: 529 overloaded_error', mode: 'mention' });
      const results = await page.evaluate(
        async ({ target, body }) => {
          const out: Record<string, string> = {};
          const attempt = async (name: string, init: RequestInit) => {
            try {
              const r = await fetch(target, init);
              out[name] = r.type === 'opaque' ? 'opaque' : String(r.status);
            } catch (e) {
              out[name] = `blocked: ${(e as Error).name}`;
            }
          };
          await attempt('json', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
          await attempt('text', { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body });
          await attempt('vote', { method: 'POST', mode: 'no-cors', body: JSON.stringify({ answerId: 'x', value: 'up' }) });
          return out;
        },
        { target, body },
      );
      expect(results.json).toMatch(/^blocked/);
      expect(results.text).toBe('opaque');
      // A plain form post (no preflight for forms) reaches the server and is refused there.
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.url() === target),
        page.evaluate(`(() => { const f = document.getElementById('f'); f.action = ${JSON.stringify(target)}; f.submit(); })()`),
      ]);
      expect(response.status()).toBe(415);
      expect(JSON.stringify(storedRecords(t.app.ctx.store).answers.length)).toBe(before);
      expect(await handled()).toBe(handledBefore);
    } finally {
      await new Promise<void>((r) => evil.close(() => r()));
    }
  });

  it('every page: axe-core finds nothing, light and dark; no sideways scroll at 390 px; the favicon loads; icons need no emoji font', async () => {
    // Content on every page first: an answer in the channel, a vote and a gap on the dashboard.
    const seed = await browser.newPage();
    await seed.goto(`${t.url}/`);
    await seed.fill('#paste', 'InternalServerError: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}');
    await seed.click('button[type=submit]');
    await seed.locator('.thread .post.bot .answer').first().waitFor();
    await seed.fill(
      '#paste',
      'anthropic.BadRequestError: Error code: 400 - {"type":"error","error":{"type":"invalid_request_error","message":"frobnication level 7 is not allowed"}}',
    );
    await seed.click('button[type=submit]');
    await seed.locator('.thread').nth(1).waitFor();
    await seed.close();

    const fingerprint = storedRecords(t.app.ctx.store).answers[0]?.fingerprintHash ?? 'none';
    const pages = [
      '/',
      '/dashboard',
      '/dashboard?playground=1',
      '/dashboard?playground=1&q=frobnication&from=2020-01-01',
      '/dashboard/article/overloaded-529?playground=1',
      `/dashboard/fingerprint/${fingerprint}?playground=1`,
      '/kb',
      '/kb?q=overloaded',
      '/kb/prompt-too-long',
      '/kb/no-such-article',
    ];
    for (const scheme of ['light', 'dark'] as const) {
      // bypassCSP only lets the test inject axe-core; the pages keep their own policy.
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, colorScheme: scheme, bypassCSP: true });
      const page = await context.newPage();
      const failed: string[] = [];
      page.on('response', (r) => {
        if (r.status() >= 400 && !r.url().includes('/kb/no-such-article')) failed.push(`${r.status()} ${r.url()}`);
      });
      for (const p of pages) {
        await page.goto(`${t.url}${p}`);
        expect(await axeViolations(page), `${scheme} ${p}`).toEqual([]);
        const overflow = (await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number;
        expect(overflow, `${scheme} ${p} scrolls sideways`).toBeLessThanOrEqual(0);
        const navRight = (await page.evaluate(
          'Math.max(...[...document.querySelectorAll("header nav a")].map((a) => a.getBoundingClientRect().right))',
        )) as number;
        expect(navRight, `${scheme} ${p}: nav cut off`).toBeLessThanOrEqual(390);
      }
      const bg = (await page.evaluate('getComputedStyle(document.body).backgroundColor')) as string;
      expect(bg).toBe(scheme === 'dark' ? 'rgb(21, 21, 24)' : 'rgb(250, 250, 250)');
      expect(failed).toEqual([]);
      const icon = await page.request.get(`${t.url}/favicon.ico`);
      expect(icon.status()).toBe(200);
      await context.close();
    }

    const page = await browser.newPage();
    await page.goto(`${t.url}/`);
    const up = page.locator('button[data-vote="up"]').first();
    await expect(up.locator('svg').count()).resolves.toBe(1);
    await expect(up.textContent()).resolves.toBe('Helpful');
  }, 180_000);

  it('focus stays on Send after sending, so the next paste is one keystroke away', async () => {
    const page = await browser.newPage();
    await page.goto(`${t.url}/`);
    await page.fill('#paste', 'InternalServerError: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}');
    await page.focus('button[type=submit]');
    const before = await page.locator('.thread').count();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.thread').count()).toBe(before + 1);
    await expect(page.evaluate('document.activeElement && document.activeElement.getAttribute("type")')).resolves.toBe('submit');
  }, 60_000);
});

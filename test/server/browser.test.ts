import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../helpers/app.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && process.env.CI) throw new Error(`browser tests need Chromium at ${CHROMIUM} (apt-get install chromium)`);

// Flags for a root, offline machine: no sandbox, no GPU, no background calls to Google.
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

describe.skipIf(!available)('local page in a real browser', () => {
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
    await page.goto(`${t.url}/dashboard`);
    await expect(page.locator('[data-stat="votes"]').textContent()).resolves.toBe('0');

    await page.goto(`${t.url}/`);
    await page.fill(
      '#paste',
      `Traceback (most recent call last):\n  File "app.py", line 9, in <module>\nanthropic.BadRequestError: Error code: 400 - {'type': 'error', 'error': {'type': 'invalid_request_error', 'message': 'prompt is too long: 208114 tokens > 200000 maximum'}}`,
    );
    await page.click('button[type=submit]');
    const answer = page.locator('.thread .post.bot .answer').first();
    await answer.waitFor();
    await expect(answer.getAttribute('data-kind')).resolves.toBe('diagnosis');
    await expect(answer.locator('h3').textContent()).resolves.toMatch(/prompt is too long/i);
    await expect(answer.locator('h4').allTextContents()).resolves.toEqual(expect.arrayContaining(['Cause', 'Fix']));
    // The paste stays above the answer in the same thread, like a support channel.
    await expect(page.locator('.thread').first().locator('.post.user pre').textContent()).resolves.toContain('prompt is too long');
    await page.screenshot({ path: `${t.dataDir}/playground.png`, fullPage: true });

    await answer.locator('button[data-vote="up"]').click();
    await expect.poll(() => answer.locator('.feedback-status').textContent()).toMatch(/glad it helped/);

    await page.goto(`${t.url}/dashboard`);
    await expect(page.locator('[data-stat="votes"]').textContent()).resolves.toBe('1');
    await expect(page.locator('[data-up="prompt-too-long"]').textContent()).resolves.toBe('1');
    await page.screenshot({ path: `${t.dataDir}/dashboard.png`, fullPage: true });
  });

  it('"Not helpful" asks why, and the reason shows on the dashboard', async () => {
    const page = await browser.newPage();
    await page.goto(`${t.url}/`);
    await page.fill('#paste', 'InternalServerError: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}');
    await page.click('button[type=submit]');
    const answer = page.locator('.thread .post.bot .answer').first();
    await answer.waitFor();
    await expect(answer.locator('.reasons').isHidden()).resolves.toBe(true);
    await answer.locator('button[data-vote="down"]').click();
    await answer.locator('.reasons button[data-reason="fix-failed"]').waitFor();
    await answer.locator('.reasons button[data-reason="fix-failed"]').click();
    await expect.poll(() => answer.locator('.feedback-status').textContent()).toMatch(/fix did not work/);
    await expect(answer.locator('.reasons').isHidden()).resolves.toBe(true);
    await page.goto(`${t.url}/dashboard`);
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
});

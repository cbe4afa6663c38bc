import { readFile } from 'node:fs/promises';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../helpers/app.js';
import { CHROMIUM, CHROMIUM_ARGS, chromiumAvailable } from '../helpers/browser.js';
import { seedDashboard } from '../helpers/dashboard-seed.js';

/** The dashboard as a maintainer uses it: the filter form, the search box, exports, gap decisions, drill-down pages. */

const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

// A real Chromium is slow to start pages on a busy 2-core machine: a generous per-test limit, not a time assertion.
describe.skipIf(!chromiumAvailable)('dashboard in a real browser', { timeout: 60_000 }, () => {
  let browser: Browser;
  let t: Awaited<ReturnType<typeof startTestApp>>;

  beforeAll(async () => {
    t = await startTestApp();
    await seedDashboard(t.app, t.url);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.app.stop();
  });

  const stat = (page: Page, name: string) => page.locator(`[data-stat="${name}"]`).textContent();
  const apply = async (page: Page) => {
    await Promise.all([page.waitForNavigation(), page.click('form.filters button[type=submit]')]);
  };

  it('the filter form changes every figure: platform, date range, playground', async () => {
    const page = await browser.newPage();
    await page.goto(`${t.url}/dashboard`);
    await expect(stat(page, 'answers')).resolves.toBe('2');
    await expect(stat(page, 'votes')).resolves.toBe('3');
    await expect(stat(page, 'knowledge-gaps')).resolves.toBe('1');
    await expect(page.locator('tr[data-answer]').count()).resolves.toBe(2);

    await page.selectOption('select[name="platform"]', 'discord');
    await apply(page);
    expect(new URL(page.url()).searchParams.get('platform')).toBe('discord');
    await expect(stat(page, 'answers')).resolves.toBe('1');
    await expect(stat(page, 'votes')).resolves.toBe('1');
    await expect(stat(page, 'knowledge-gaps')).resolves.toBe('0');
    await expect(page.locator('[data-answers="overloaded-529"]').textContent()).resolves.toBe('1');
    await expect(page.locator('[data-answers="prompt-too-long"]').count()).resolves.toBe(0);

    await page.selectOption('select[name="platform"]', '');
    await page.fill('input[name="from"]', tomorrow);
    await apply(page);
    await expect(stat(page, 'answers')).resolves.toBe('0');
    await expect(page.locator('[data-filter-summary]').textContent()).resolves.toContain(tomorrow);

    await page.click('text=Clear filters');
    await page.check('input[name="playground"]');
    await apply(page);
    await expect(stat(page, 'answers')).resolves.toBe('3');
    await expect(stat(page, 'knowledge-gaps')).resolves.toBe('2');
    await page.screenshot({ path: `${t.dataDir}/dashboard-filtered.png`, fullPage: true });
  });

  it('the search box finds answers and gaps', async () => {
    const page = await browser.newPage();
    await page.goto(`${t.url}/dashboard`);
    await page.fill('input[name="q"]', 'HYPERLINK');
    await apply(page);
    await expect(page.locator('tr[data-answer]').count()).resolves.toBe(1);
    await expect(page.locator('tr[data-answer] a').first().textContent()).resolves.toMatch(/prompt/i);
    await expect(stat(page, 'knowledge-gaps')).resolves.toBe('0');
    await page.fill('input[name="q"]', 'frobnication');
    await apply(page);
    await expect(page.locator('tr[data-answer]').count()).resolves.toBe(0);
    await expect(stat(page, 'knowledge-gaps')).resolves.toBe('1');
    await expect(page.locator('tr[data-gap-row] code').first().textContent()).resolves.toContain('frobnication');
  });

  it('the export links download what the page shows, with the same filters', async () => {
    const page = await browser.newPage();
    await page.goto(`${t.url}/dashboard?platform=slack`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a:text("CSV")')]);
    expect(download.url()).toContain('/api/answers.csv?platform=slack');
    const lines = (await readFile((await download.path()) as string, 'utf8')).trimEnd().split('\r\n');
    expect(lines[0]?.startsWith('id,at,platform,community,channel')).toBe(true);
    expect(lines).toHaveLength(1 + Number(await stat(page, 'answers')));
    expect(lines[1]).toContain(',slack,T1,C1,');
  });

  it('a gap is dismissed from its row, listed apart, and reopened; another is linked to an article', async () => {
    const page = await browser.newPage();
    await page.goto(`${t.url}/dashboard?playground=1`);
    const gaps = page.locator('h2:text("Top knowledge gaps") + p + .table-wrap tr[data-gap-row]');
    await expect(gaps.count()).resolves.toBe(2);
    const first = gaps.first();
    const hash = (await first.getAttribute('data-gap-row')) as string;
    await first.locator('button[data-gap="dismiss"]').click();
    await expect.poll(() => first.locator('.gap-status').textContent()).toContain('Dismissed.');
    await page.reload();
    await expect(gaps.count()).resolves.toBe(1);
    const resolved = page.locator(`h2:text("Dismissed or linked") + .table-wrap tr[data-gap-row="${hash}"]`);
    await expect(resolved.textContent()).resolves.toContain('dismissed on');

    const other = gaps.first();
    await other.locator('input[name="article"]').fill('prompt-too-long');
    await other.locator('button[data-gap="link"]').click();
    await expect.poll(() => other.locator('.gap-status').textContent()).toContain('Linked to prompt-too-long.');
    await page.reload();
    await expect(gaps.count()).resolves.toBe(0);
    await expect(page.locator('h2:text("Dismissed or linked") + .table-wrap').textContent()).resolves.toContain(
      'linked to prompt-too-long',
    );

    await resolved.locator('button[data-gap="reopen"]').click();
    await expect.poll(() => resolved.locator('.gap-status').textContent()).toContain('Reopened.');
    await page.reload();
    await expect(gaps.count()).resolves.toBe(1);
  });

  it('article and fingerprint pages show recent redacted examples with their votes', async () => {
    const page = await browser.newPage();
    await page.goto(`${t.url}/dashboard`);
    await Promise.all([page.waitForNavigation(), page.click('td a[href^="/dashboard/article/prompt-too-long"]')]);
    await expect(page.locator('h1').textContent()).resolves.toMatch(/prompt/i);
    await expect(stat(page, 'helpful-votes')).resolves.toBe('1');
    await expect(stat(page, 'unhelpful-votes')).resolves.toBe('1');
    const row = page.locator('tr[data-answer]');
    await expect(row.count()).resolves.toBe(1);
    await expect(row.locator('td[data-votes]').textContent()).resolves.toContain('Out of date');
    await row.locator('summary').click();
    await expect(row.locator('pre').textContent()).resolves.toContain('prompt is too long');
    await Promise.all([page.waitForNavigation(), row.locator('a[href^="/dashboard/fingerprint/"]').click()]);
    await expect(page.locator('h1').textContent()).resolves.toBe('Fingerprint');
    await expect(page.locator('tr[data-answer]').count()).resolves.toBe(1);
  });

  it('the knowledge-base page has a search box', async () => {
    const page = await browser.newPage();
    await page.goto(`${t.url}/kb`);
    await page.fill('input[name="q"]', 'overloaded');
    await Promise.all([page.waitForNavigation(), page.click('form.kb-search button[type=submit]')]);
    const hits = page.locator('ol.kb-results li a');
    await expect(hits.first().getAttribute('href')).resolves.toBe('/kb/overloaded-529');
    await page.fill('input[name="q"]', 'qqqqzzzzxxxx');
    await Promise.all([page.waitForNavigation(), page.click('form.kb-search button[type=submit]')]);
    await expect(page.locator('.empty').textContent()).resolves.toBe('No article matches.');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_COLUMNS } from '../../src/server/exports.js';
import { startTestApp } from '../helpers/app.js';
import { FORMULA_PASTE, seedDashboard } from '../helpers/dashboard-seed.js';
import { freshSchema, skipPostgres } from '../helpers/postgres.js';

/** A small RFC 4180 reader: what a spreadsheet does with the export. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

const today = new Date().toISOString().slice(0, 10);
const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

type Database = () => Promise<{ env: Record<string, string>; drop: () => Promise<void> }>;
const postgres: Database = async () => {
  const { url, drop } = await freshSchema('dashboard');
  return { env: { DATABASE_URL: url }, drop };
};
// The same HTTP tests on both engines (PostgreSQL when it is reachable; CI always runs it).
const engines: Array<[string, Database | null]> = [
  ['lowdb', null],
  ...((await skipPostgres()) ? [] : [['postgres', postgres] as [string, Database]]),
];

describe.each(engines)('dashboard exports and filters over HTTP (%s)', (_engine, database) => {
  let t: Awaited<ReturnType<typeof startTestApp>>;
  let ids: { slack: string; discord: string };
  let drop: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    const db = database ? await database() : null;
    if (db) drop = db.drop;
    t = await startTestApp(db?.env ?? {});
    ids = await seedDashboard(t.app, t.url);
  });
  afterAll(async () => {
    await t?.app.stop();
    await drop();
  });

  const csv = async (query = '') => {
    const res = await fetch(`${t.url}/api/answers.csv${query}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    return parseCsv(await res.text());
  };
  const json = async (query = '') => {
    const res = await fetch(`${t.url}/api/answers.json${query}`);
    expect(res.status).toBe(200);
    return (await res.json()) as { count: number; filter: Record<string, string>; answers: Array<Record<string, unknown>> };
  };

  /** A random id can start with "-": the CSV cell then carries the same apostrophe as any formula-like cell. */
  const defused = (cell: string) => (/^[=+\-@]/.test(cell) ? `'${cell}` : cell);

  it('CSV: a header row, one row per answer (playground left out), every row as wide as the header, formulas defused', async () => {
    const rows = await csv();
    expect(rows[0]).toEqual([...EXPORT_COLUMNS]);
    const body = rows.slice(1);
    expect(body.map((r) => r[2]).sort()).toEqual(['discord', 'slack']);
    for (const r of body) expect(r).toHaveLength(EXPORT_COLUMNS.length);
    const col = (name: (typeof EXPORT_COLUMNS)[number]) => EXPORT_COLUMNS.indexOf(name);
    const slack = body.find((r) => r[col('id')] === defused(ids.slack)) as string[];
    expect(slack[col('article')]).toBe('prompt-too-long');
    expect([slack[col('up')], slack[col('down')], slack[col('reasons')]]).toEqual(['1', '1', 'outdated']);
    // Quotes, commas and the formula survive as text: the cell starts with an apostrophe, not "=".
    expect(slack[col('example')]).toBe(`'${FORMULA_PASTE}`);
    expect(body.every((r) => r.every((cell) => !/^[=+\-@]/.test(cell)))).toBe(true);
  });

  it('CSV and JSON list the same answers; playground answers only when asked for', async () => {
    const all = await json();
    expect(all.count).toBe(2);
    expect(all.answers.some((a) => a.platform === 'local')).toBe(false);
    const withPlayground = await json('?playground=1');
    expect(withPlayground.count).toBe(3);
    expect(withPlayground.answers.filter((a) => a.platform === 'local')).toHaveLength(1);
    expect((await csv('?playground=1')).length - 1).toBe(3);
    expect((await csv()).slice(1).map((r) => r[0])).toEqual(all.answers.map((a) => defused(String(a.id))));
  });

  it('filters change the rows: date range, platform, community, channel, article, text', async () => {
    const count = async (q: string) => (await json(q)).count;
    expect(await count(`?from=${today}`)).toBe(2);
    expect(await count(`?from=${tomorrow}`)).toBe(0);
    expect(await count(`?to=${today}`)).toBe(2);
    expect(await count(`?platform=discord`)).toBe(1);
    expect(await count(`?platform=local`)).toBe(1);
    expect(await count(`?community=T1`)).toBe(1);
    expect(await count(`?channel=D1`)).toBe(1);
    expect(await count(`?article=prompt-too-long`)).toBe(1);
    expect(await count(`?article=prompt-too-long&playground=1`)).toBe(2);
    expect(await count(`?q=HYPERLINK`)).toBe(1);
    expect((await json('?platform=discord&channel=D1')).filter).toEqual({ platform: 'discord', channel: 'D1' });
    expect((await csv(`?from=${tomorrow}`)).length).toBe(1);
    expect((await fetch(`${t.url}/api/answers.csv?from=yesterday`)).status).toBe(400);
    expect((await fetch(`${t.url}/api/answers.json?platform=irc`)).status).toBe(400);
    const page = await fetch(`${t.url}/dashboard?from=2026-12-09&to=2026-12-01`);
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('from must be before to');
  });

  it('/api/stats follows the same filters; gaps are only errors no article covers, playground gaps apart', async () => {
    type Stats = {
      articles: Array<{ articleId: string; answers: number }>;
      gaps: Array<{ fingerprint: string; count: number }>;
      uncertain: Array<{ probableArticleId: string }>;
    };
    const stats = async (q = '') => (await (await fetch(`${t.url}/api/stats${q}`)).json()) as Stats;
    const plain = await stats();
    expect(plain.articles.map((a) => [a.articleId, a.answers])).toEqual([
      ['overloaded-529', 1],
      ['prompt-too-long', 1],
    ]);
    expect(plain.gaps.map((g) => g.fingerprint)).toEqual([expect.stringContaining('frobnication')]);
    expect(plain.uncertain.map((g) => g.probableArticleId)).toEqual(['overloaded-529']);
    const withPlayground = await stats('?playground=1');
    expect(withPlayground.gaps.map((g) => g.fingerprint).sort()).toEqual([
      expect.stringContaining('frobnication'),
      expect.stringContaining('zorblax'),
    ]);
    expect((await stats('?platform=discord')).gaps).toEqual([]);
    expect((await stats(`?from=${tomorrow}`)).articles).toEqual([]);
  });

  it('a gap can be dismissed, linked to an article and reopened; only JSON posts, only known articles', async () => {
    const gapsNow = async () =>
      ((await (await fetch(`${t.url}/api/stats`)).json()) as { gaps: Array<{ fingerprintHash: string }> }).gaps.map(
        (g) => g.fingerprintHash,
      );
    const [hash] = await gapsNow();
    const post = (body: unknown, type = 'application/json') =>
      fetch(`${t.url}/api/gaps`, { method: 'POST', headers: { 'Content-Type': type }, body: JSON.stringify(body) });
    expect((await post({ fingerprint: hash, action: 'dismiss' }, 'application/x-www-form-urlencoded')).status).toBe(415);
    expect((await post({ fingerprint: hash, action: 'link', article: 'no-such-article' })).status).toBe(400);
    expect((await post({ fingerprint: 'unknown', action: 'dismiss' })).status).toBe(404);
    expect(await (await post({ fingerprint: hash, action: 'link', article: 'prompt-too-long' })).json()).toMatchObject({ ok: true });
    expect(await gapsNow()).toEqual([]);
    const page = await (await fetch(`${t.url}/dashboard/article/prompt-too-long`)).text();
    expect(page).toContain('linked to <a href="/dashboard/article/prompt-too-long">prompt-too-long</a>');
    expect((await post({ fingerprint: hash, action: 'reopen' })).status).toBe(200);
    expect(await gapsNow()).toEqual([hash]);
  });

  it('per-article and per-fingerprint pages show recent redacted examples with their votes; unknown ones are 404', async () => {
    const article = await fetch(`${t.url}/dashboard/article/prompt-too-long`);
    expect(article.status).toBe(200);
    const html = await article.text();
    expect(html).toContain(`data-votes="${ids.slack}">1 / 1`);
    expect(html).toContain('=HYPERLINK(&quot;http://example.invalid&quot;');
    const withPlayground = await (await fetch(`${t.url}/dashboard/article/prompt-too-long?playground=1`)).text();
    expect(withPlayground.match(/data-answer="/g)).toHaveLength(2);
    const hash = /\/dashboard\/fingerprint\/([^"?]+)/.exec(html)?.[1] as string;
    const fp = await fetch(`${t.url}/dashboard/fingerprint/${hash}`);
    expect(fp.status).toBe(200);
    expect(await fp.text()).toContain(`data-answer="${ids.slack}"`);
    expect((await fetch(`${t.url}/dashboard/fingerprint/nothing-here`)).status).toBe(404);
    expect((await fetch(`${t.url}/dashboard/article/no-such-article`)).status).toBe(404);
  });

  it('the knowledge-base page searches articles', async () => {
    const html = await (await fetch(`${t.url}/kb?q=overloaded`)).text();
    expect(html).toContain('href="/kb/overloaded-529"');
    expect(html).not.toContain('href="/kb/prompt-too-long"');
    expect(await (await fetch(`${t.url}/kb?q=qqqqzzzzxxxx`)).text()).toContain('No article matches.');
  });
});

describe('exports need the dashboard token beyond localhost', () => {
  it('401 without it; the token (header or ?token= then cookie) opens them, keeping the filters', async () => {
    const { app } = await startTestApp({ HOST: '0.0.0.0', DASHBOARD_TOKEN: 'sesame-0123456789' });
    const url = `http://127.0.0.1:${new URL(app.url).port}`;
    try {
      expect((await fetch(`${url}/api/answers.csv`)).status).toBe(401);
      expect((await fetch(`${url}/api/answers.json`)).status).toBe(401);
      expect((await fetch(`${url}/dashboard/article/prompt-too-long`)).status).toBe(401);
      const auth = { Authorization: 'Bearer sesame-0123456789' };
      expect((await fetch(`${url}/api/answers.csv`, { headers: auth })).status).toBe(200);
      const login = await fetch(`${url}/api/answers.json?platform=slack&token=sesame-0123456789`, { redirect: 'manual' });
      expect(login.status).toBe(303);
      expect(login.headers.get('location')).toBe('/api/answers.json?platform=slack');
      const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
      expect((await fetch(`${url}/api/answers.json?platform=slack`, { headers: { Cookie: cookie } })).status).toBe(200);
    } finally {
      await app.stop();
    }
  });
});

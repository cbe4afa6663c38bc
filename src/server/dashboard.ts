import type { ServerResponse } from 'node:http';
import { statsMarkdown } from '../bot/commands.js';
import type { AppContext } from '../context.js';
import { MAX_GAPS } from '../store/contract.js';
import { FEEDBACK_REASONS } from '../store/records.js';
import type { Authorise } from './access.js';
import { articlePage, fingerprintPage } from './dashboard-pages.js';
import { answersTable, articleDatalist, articleLink, filterForm, filterSummary, gapTable, rateHtml, statCards } from './dashboard-parts.js';
import { answersCsv, exportRow } from './exports.js';
import { type DashboardQuery, describeFilter, parseDashboardQuery, withFilter } from './filters.js';
import { barChart, esc, page } from './html.js';
import { decodePathSegment, HttpError, readJson, sendHtml, sendJson } from './http.js';

/**
 * The maintainers' dashboard: figures, charts and lists under one set of filters (see filters.ts), the
 * per-article and per-fingerprint pages, gap decisions, and the answers as CSV or JSON. Every route takes
 * the same token rules as the rest of the local page (`authorised`).
 */

/** Rows an export holds at most (newest first); `limit` asks for fewer. */
const MAX_EXPORT_ROWS = 100_000;

const query = (url: URL) => parseDashboardQuery(url, Date.now());

/** For pages: a filter that does not parse gets a page saying why (the APIs answer 400 in JSON). */
function pageQuery(url: URL, res: ServerResponse): DashboardQuery | null {
  try {
    return query(url);
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    const body = `<h1>Cannot apply that filter</h1><p>${esc(err.message)}.</p><p><a href="${esc(url.pathname)}">Show without filters</a></p>`;
    sendHtml(res, 400, page('Bad filter', body, { active: 'dashboard' }));
    return null;
  }
}

export function registerDashboardRoutes(ctx: AppContext, authorised: Authorise): void {
  registerDashboardPages(ctx, authorised);
  registerStatsApi(ctx, authorised);
  registerExports(ctx, authorised);
  registerGapDecisions(ctx, authorised);
}

/** The dashboard, and a page per article and per fingerprint. */
function registerDashboardPages(ctx: AppContext, authorised: Authorise): void {
  const { http } = ctx;
  http.route('GET', '/dashboard', async (req, res, url) => {
    if (!authorised(req, res, url)) return;
    const q = pageQuery(url, res);
    if (q) sendHtml(res, 200, page('Dashboard', await dashboardHtml(ctx, q), { active: 'dashboard' }));
  });

  http.route('GET', '/dashboard/article/*', async (req, res, url) => {
    if (!authorised(req, res, url)) return;
    const id = decodePathSegment(url.pathname.slice('/dashboard/article/'.length));
    const q = pageQuery(url, res);
    if (!q) return;
    const body = await articlePage(ctx, id, q);
    sendHtml(res, body ? 200 : 404, page(body ? `Article ${id}` : 'Not found', body ?? notFound('article', id), { active: 'dashboard' }));
  });

  http.route('GET', '/dashboard/fingerprint/*', async (req, res, url) => {
    if (!authorised(req, res, url)) return;
    const hash = decodePathSegment(url.pathname.slice('/dashboard/fingerprint/'.length));
    const q = pageQuery(url, res);
    if (!q) return;
    const body = await fingerprintPage(ctx, hash, q);
    sendHtml(
      res,
      body ? 200 : 404,
      page(body ? 'Fingerprint' : 'Not found', body ?? notFound('fingerprint', hash), { active: 'dashboard' }),
    );
  });
}

/** The figures as JSON, and as markdown (for scripts, and the same text as `/diagnose stats`). */
function registerStatsApi(ctx: AppContext, authorised: Authorise): void {
  const { http, store, knowledge } = ctx;
  http.route('GET', '/api/stats', async (req, res, url) => {
    if (!authorised(req, res, url)) return;
    sendJson(res, 200, await statsJson(ctx, query(url)));
  });

  http.route('GET', '/api/stats.md', async (req, res, url) => {
    if (!authorised(req, res, url)) return;
    const text = await statsMarkdown(store, knowledge.current, 8, query(url).filter);
    res.writeHead(200, { 'Content-Type': 'text/markdown; charset=utf-8' });
    res.end(text);
  });
}

/** The answers under the current filters, as CSV or JSON, newest first. */
function registerExports(ctx: AppContext, authorised: Authorise): void {
  const { http, store, knowledge } = ctx;
  const exported = async (url: URL) => {
    const q = query(url);
    const asked = Number.parseInt(url.searchParams.get('limit') ?? '', 10);
    const limit = Number.isFinite(asked) && asked > 0 ? Math.min(asked, MAX_EXPORT_ROWS) : MAX_EXPORT_ROWS;
    return { q, rows: await store.listAnswers(q.filter, limit) };
  };

  http.route('GET', '/api/answers.csv', async (req, res, url) => {
    if (!authorised(req, res, url)) return;
    const { rows } = await exported(url);
    res.writeHead(200, {
      'Content-Type': 'text/csv; charset=utf-8; header=present',
      'Content-Disposition': 'attachment; filename="answers.csv"',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(answersCsv(rows, knowledge.current));
  });

  http.route('GET', '/api/answers.json', async (req, res, url) => {
    if (!authorised(req, res, url)) return;
    const { q, rows } = await exported(url);
    sendJson(res, 200, { filter: describeFilter(q), count: rows.length, answers: rows.map((a) => exportRow(a, knowledge.current)) });
  });
}

/** A gap decided on the dashboard (dismissed, linked to an article, reopened). */
function registerGapDecisions(ctx: AppContext, authorised: Authorise): void {
  const { http, store, knowledge } = ctx;
  // JSON only, like every other write (a cross-site form cannot send it).
  http.route('POST', '/api/gaps', async (req, res, url) => {
    if (!authorised(req, res, url)) return;
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) throw new HttpError(415, 'send application/json');
    const body = await readJson<{ fingerprint?: unknown; action?: unknown; article?: unknown }>(req, 4096);
    if (typeof body.fingerprint !== 'string' || !['dismiss', 'link', 'reopen'].includes(String(body.action)))
      throw new HttpError(400, 'fingerprint and action (dismiss|link|reopen) are required');
    const article = typeof body.article === 'string' ? body.article.trim() : '';
    if (body.action === 'link' && !knowledge.current.byId.has(article)) throw new HttpError(400, `no article "${article}"`);
    const resolution =
      body.action === 'reopen'
        ? null
        : {
            action: body.action === 'link' ? ('linked' as const) : ('dismissed' as const),
            ...(body.action === 'link' ? { articleId: article } : {}),
            by: 'dashboard',
            at: Date.now(),
          };
    const changed = await store.resolveGap(body.fingerprint, resolution);
    if (changed === 0) throw new HttpError(404, 'no gap with that fingerprint');
    const text = body.action === 'reopen' ? 'Reopened.' : body.action === 'link' ? `Linked to ${article}.` : 'Dismissed.';
    sendJson(res, 200, { ok: true, changed, text });
  });
}

function notFound(what: string, id: string): string {
  return `<h1>Not found</h1><p>No ${esc(what)} <code>${esc(id)}</code> in the records.</p><p><a href="/dashboard">Back to the dashboard</a></p>`;
}

export async function statsJson(ctx: AppContext, q: DashboardQuery) {
  const { store, knowledge } = ctx;
  const filter = q.filter;
  const [usage, answersPerDay, articles, allGaps, uncertain, notClaudeErrors, resolvedGaps, shadow, channels, communities] =
    await Promise.all([
      store.claudeUsageToday(),
      store.answersPerDay(q.days, filter),
      store.articleStats(filter),
      store.topGaps(MAX_GAPS, filter),
      store.topGaps(20, { ...filter, gapKinds: ['uncertain'] }),
      store.topGaps(20, { ...filter, gapKinds: ['foreign', 'not-error'] }),
      store.topGaps(20, { ...filter, gapKinds: ['uncovered', 'uncertain', 'foreign', 'not-error'], gapState: 'resolved' }),
      store.shadowResults(filter),
      store.listChannelSettings(filter.community === undefined ? {} : { community: filter.community }),
      store.communities(),
    ]);
  // Helpers' corrections (per article pair) and solved questions (per article).
  const helpers = await store.helperStats(filter);
  const title = (id: string) => knowledge.current.byId.get(id)?.title ?? id;
  return {
    community: filter.community ?? null,
    filter: describeFilter(q),
    playground: q.playground,
    communities,
    answersPerDay,
    articles: articles.map((s) => ({ ...s, title: knowledge.current.byId.get(s.articleId)?.title ?? s.articleId })),
    // Only errors no article covers are gaps; the rest is shown apart so nobody writes an article that exists.
    gaps: allGaps.slice(0, 20),
    /** Open gaps under the filter (the list shows the top 20). */
    gapCount: allGaps.length,
    uncertain,
    notClaudeErrors,
    /** Gaps dismissed or linked to an article on the dashboard. */
    resolvedGaps,
    shadow,
    claude: { enabled: Boolean(ctx.enricher), today: usage, budget: ctx.config.CLAUDE_DAILY_TOKEN_BUDGET },
    knowledge: { articles: knowledge.current.articles.length, version: knowledge.current.version, lastReloadError: knowledge.lastError },
    channels: channels.map(({ key, mode, by, at, community }) => ({ key, mode, by, at, community })),
    corrections: helpers.corrections.map((c) => ({
      ...c,
      fromTitle: c.fromArticleId ? title(c.fromArticleId) : null,
      toTitle: title(c.toArticleId),
    })),
    solved: helpers.solved.map((r) => ({ ...r, title: r.articleId ? title(r.articleId) : null })),
  };
}

/** Helpers' corrections per article pair and solved questions per article: what the bot got wrong, what worked. */
function helperTables(s: Awaited<ReturnType<typeof statsJson>>): string {
  const link = (id: string | null, text: string | null) =>
    id ? `<a href="/dashboard/article/${encodeURIComponent(id)}">${esc(text ?? id)}</a>` : '<span class="muted">no article</span>';
  const corrections = s.corrections.length
    ? `<div class="table-wrap"><table><caption>Corrections</caption><thead><tr><th>The bot answered</th><th>A helper chose</th><th>Times</th></tr></thead><tbody>${s.corrections
        .map(
          (c) =>
            `<tr><td>${link(c.fromArticleId, c.fromTitle)}</td><td>${link(c.toArticleId, c.toTitle)}</td><td class="num" data-corrections="${esc(c.toArticleId)}">${c.count}</td></tr>`,
        )
        .join('')}</tbody></table></div>`
    : '<p class="empty">No corrections yet.</p>';
  const solved = s.solved.length
    ? `<div class="table-wrap"><table><caption>Solved questions</caption><thead><tr><th>Article</th><th>Solved</th></tr></thead><tbody>${s.solved
        .map(
          (r) => `<tr><td>${link(r.articleId, r.title)}</td><td class="num" data-solved="${esc(r.articleId ?? '')}">${r.solved}</td></tr>`,
        )
        .join('')}</tbody></table></div>`
    : '<p class="empty">Nothing marked solved yet.</p>';
  return `<h2>Helpers' corrections</h2><p class="muted">A helper picked another article than the bot's: the pair shows which signatures to sharpen.</p>${corrections}<h2>Solved</h2>${solved}`;
}

function reasonsText(reasons: Partial<Record<keyof typeof FEEDBACK_REASONS, number>>): string {
  const parts = (Object.entries(reasons) as Array<[keyof typeof FEEDBACK_REASONS, number]>)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${esc(FEEDBACK_REASONS[k])} (${n})`);
  return parts.length ? parts.join('<br>') : '<span class="muted">–</span>';
}

async function dashboardHtml(ctx: AppContext, q: DashboardQuery): Promise<string> {
  const kb = ctx.knowledge.current;
  const [s, recent] = await Promise.all([statsJson(ctx, q), ctx.store.listAnswers(q.filter, 20)]);
  const totalAnswers = s.articles.reduce((n, a) => n + a.answers, 0);
  const votes = s.articles.reduce((n, a) => n + a.up + a.down, 0);
  const up = s.articles.reduce((n, a) => n + a.up, 0);
  const cards = statCards([
    ['Answers', totalAnswers],
    ['Votes', votes],
    ['Helpful', votes ? `${Math.round((100 * up) / votes)}%` : '–'],
    ['Knowledge gaps', s.gapCount],
    ['Articles', s.knowledge.articles],
  ]);
  const articleRows = s.articles
    .map(
      (a) =>
        `<tr><td><a href="${esc(articleLink(a.articleId, q))}">${esc(a.title)}</a> <small><a href="/kb/${esc(a.articleId)}">article text</a></small></td><td class="num" data-answers="${esc(a.articleId)}">${a.answers}</td><td class="num" data-up="${esc(a.articleId)}">${a.up}</td><td class="num">${a.down}</td><td>${rateHtml(a.helpfulRate)}</td><td class="reasons" data-reasons="${esc(a.articleId)}">${reasonsText(a.reasons)}</td></tr>`,
    )
    .join('');
  const shadowRows = s.shadow
    .map((r) => `<tr><td>${esc(r.platform)}</td><td>${esc(r.channelId)}</td><td class="num">${r.wouldAnswer}</td></tr>`)
    .join('');
  const usage = s.claude.today;
  const exports = `<p class="exports">Export these answers: <a href="/api/answers.csv${esc(withFilter(q.params))}" download>CSV</a> · <a href="/api/answers.json${esc(withFilter(q.params))}">JSON</a></p>`;
  const first = s.answersPerDay[0]?.day ?? '';
  const last = s.answersPerDay.at(-1)?.day ?? '';
  return `<h1>Dashboard</h1>${filterForm(q, { action: '/dashboard', kb, communities: s.communities })}${filterSummary(q)}${exports}
${cards}
<h2>Answers per day</h2><p class="muted">${esc(first)} to ${esc(last)}; shadow-mode answers stacked on top.</p>${barChart(
    s.answersPerDay.map((d) => ({ label: d.day, value: d.answers, secondary: d.shadow })),
    { title: `Answers per day, ${first} to ${last} (shadow-mode answers stacked on top)` },
  )}
<h2>Helpful rate per article</h2>${s.articles.length ? `<div class="table-wrap"><table><thead><tr><th>Article</th><th>Answers</th><th>Helpful votes</th><th>Unhelpful votes</th><th>Helpful rate</th><th>Why not helpful</th></tr></thead><tbody>${articleRows}</tbody></table></div>` : '<p class="empty">No answers yet.</p>'}
${helperTables(s)}
<h2>Recent answers</h2>${answersTable(recent, q, kb, 'Recent answers')}
<h2>Top knowledge gaps</h2><p class="muted">Errors no article covers: candidates for new articles. Link one to an article that covers it, or dismiss it.</p>${gapTable(s.gaps, q, { caption: 'Knowledge gaps' })}
<h2>Probably covered, not confident</h2><p class="muted">Errors with a likely article that scored below the auto-reply threshold: improve that article's signatures rather than writing a new one.</p>${gapTable(s.uncertain, q, { caption: 'Probably covered', kindColumn: true })}
<h2>Not Claude errors</h2><p class="muted">Other vendors' errors and messages without an error that someone asked about: no article needed.</p>${gapTable(s.notClaudeErrors, q, { caption: 'Not Claude errors', kindColumn: true })}
<h2>Dismissed or linked</h2>${gapTable(s.resolvedGaps, q, { caption: 'Dismissed or linked gaps', kindColumn: true })}
<h2>Shadow mode</h2>${s.shadow.length ? `<div class="table-wrap"><table><thead><tr><th>Platform</th><th>Channel</th><th>Would have answered</th></tr></thead><tbody>${shadowRows}</tbody></table></div>` : '<p class="empty">No channel is in shadow mode.</p>'}
<h2>Claude</h2><p>${s.claude.enabled ? `Today: ${usage.calls} calls, ${usage.inputTokens + usage.outputTokens} of ${s.claude.budget} tokens, ${usage.failures} failed.` : 'Off (set ANTHROPIC_API_KEY to summarise long traces).'}</p>
<h2>Knowledge base</h2><p>${s.knowledge.articles} articles, version <code>${esc(s.knowledge.version)}</code>.${s.knowledge.lastReloadError ? ` <strong>Last edit rejected:</strong> <code>${esc(s.knowledge.lastReloadError)}</code>` : ''}</p>${articleDatalist(kb)}`;
}

import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { Answer } from '../bot/answer.js';
import { statsMarkdown } from '../bot/commands.js';
import { dispatch, type ReplySink } from '../bot/dispatch.js';
import { FEEDBACK_REASONS, isFeedbackReason, newId, type VoteValue } from '../bot/store.js';
import type { AppContext } from '../context.js';
import { PROJECT_ROOT } from '../core/paths.js';
import type { StatsFilter } from '../store/contract.js';
import { presentedToken, queryToken, tokenCookie, tokenMatches } from './auth.js';
import { answerHtml, barChart, esc, markdown, page } from './html.js';
import { decodePathSegment, HttpError, readJson, sendHtml, sendJson } from './http.js';

/**
 * The local page: a support channel in the browser (paste → the threaded answer exactly as the bot
 * would give it → vote), the maintainers' dashboard, and the knowledge base as pages. With no Slack or
 * Discord credentials this is what `npm start` serves; with them it is the dashboard.
 */

const CHANNEL = 'playground';
const MAX_THREADS = 100;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

interface LocalPost {
  id: string;
  author: 'user' | 'bot';
  at: number;
  text?: string;
  answer?: Answer;
  notice?: string;
}

interface LocalThread {
  id: string;
  posts: LocalPost[];
}

export function registerLocalRoutes(ctx: AppContext): void {
  const { http, core, store, config, knowledge, logger } = ctx;
  const threads: LocalThread[] = [];
  const needsToken = !LOOPBACK.has(config.HOST);

  /** Beyond localhost every page and API call needs DASHBOARD_TOKEN (header, or a cookie set via ?token=). */
  const authorised = (req: IncomingMessage, res: ServerResponse, url: URL): boolean => {
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
      res.writeHead(303, { Location: url.pathname, 'Set-Cookie': tokenCookie(token) });
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

  /** JSON-only POSTs: a cross-site form cannot send application/json without a preflight. */
  const jsonBody = async <T extends object>(req: IncomingMessage): Promise<Partial<T>> => {
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) throw new HttpError(415, 'send application/json');
    return readJson<T>(req, config.MAX_PASTE_BYTES + 4096);
  };

  const sink = (thread: LocalThread): ReplySink => ({
    postAnswer: async (_target, answer) => {
      const post = { id: newId(), author: 'bot' as const, at: Date.now(), answer };
      thread.posts.push(post);
      return post.id;
    },
    updateAnswer: async (_target, messageId, answer) => {
      const post = thread.posts.find((p) => p.id === messageId);
      if (post) post.answer = answer;
    },
    postEphemeral: async (action) => {
      thread.posts.push({ id: newId(), author: 'bot', at: Date.now(), notice: `(only you can see this) ${action.text}` });
    },
    postHandoff: async (_target, text) => {
      thread.posts.push({ id: newId(), author: 'bot', at: Date.now(), notice: text });
    },
  });

  const threadJson = (t: LocalThread) => ({
    id: t.id,
    posts: t.posts.map((p) => ({
      id: p.id,
      author: p.author,
      text: p.text,
      notice: p.notice,
      answerId: p.answer?.id || null,
      kind: p.answer?.kind ?? null,
      articleId: p.answer?.articleId ?? null,
      html: p.answer ? answerHtml(p.answer) : null,
    })),
  });

  http.route('GET', '/', (req, res, url) => {
    if (!authorised(req, res, url)) return;
    userOf(req, res);
    const modes =
      ctx.adapters.length === 0
        ? 'No Slack or Discord credentials are set: this page is the bot.'
        : `Connected: ${ctx.adapters.map((a) => a.name).join(', ')}.`;
    const body = `
<section class="intro"><h1>Playground</h1><p>Paste an error as you would in a support channel. ${esc(modes)}</p></section>
<form id="paste-form" class="paste">
  <label for="paste">Message</label>
  <textarea id="paste" name="text" rows="8" placeholder="anthropic.BadRequestError: Error code: 400 - {'type': 'error', ...}" required></textarea>
  <div class="row">
    <label><input type="radio" name="mode" value="mention" checked> Ask the bot (like a mention: says when it does not know)</label>
    <label><input type="radio" name="mode" value="auto"> Auto-reply channel (silent when unsure)</label>
    <button type="submit">Send</button>
  </div>
</form>
<h2 class="visually-hidden">Channel</h2>
<section id="channel" aria-live="polite" aria-label="Channel">${threads
      .slice()
      .reverse()
      .map((t) => threadHtml(threadJson(t)))
      .join('')}</section>`;
    sendHtml(res, 200, page('Playground', body, { active: 'playground' }));
  });

  http.route('POST', '/api/messages', async (req, res, url) => {
    if (!authorised(req, res, url)) return;
    const userId = userOf(req, res);
    const body = await jsonBody<{ text?: unknown; mode?: unknown }>(req);
    if (typeof body.text !== 'string' || !body.text.trim()) throw new HttpError(400, 'text is required');
    const auto = body.mode === 'auto';
    if (auto && (await core.channelMode('local', CHANNEL)) !== 'auto') await store.setChannelMode('local', CHANNEL, 'auto', 'playground');
    const messageId = newId();
    const decision = await core.handleMessage({
      platform: 'local',
      deliveryId: newId(),
      channelId: CHANNEL,
      threadId: null,
      messageId,
      userId,
      via: auto ? 'message' : 'mention',
      text: body.text,
    });
    // Shown as the user wrote it, but redacted (on every decision, refusals included): the page is a channel too.
    const thread: LocalThread = { id: messageId, posts: [{ id: newId(), author: 'user', at: Date.now(), text: decision.redactedText }] };
    threads.push(thread);
    if (threads.length > MAX_THREADS) threads.shift();
    await ctx.track(dispatch(decision, sink(thread), { core, logger, enricher: ctx.enricher, userId, explicit: !auto }));
    sendJson(res, 200, { outcome: decision.outcome, thread: threadJson(thread) });
  });

  http.route('POST', '/api/votes', async (req, res, url) => {
    if (!authorised(req, res, url)) return;
    const userId = userOf(req, res);
    const body = await jsonBody<{ answerId?: unknown; value?: unknown; reason?: unknown }>(req);
    if (typeof body.answerId !== 'string' || (body.value !== 'up' && body.value !== 'down'))
      throw new HttpError(400, 'answerId and value (up|down) are required');
    if (body.reason !== undefined && !isFeedbackReason(body.reason)) {
      throw new HttpError(400, `reason must be one of ${Object.keys(FEEDBACK_REASONS).join(', ')}`);
    }
    const result = await core.vote('local', body.answerId, userId, body.value as VoteValue, body.reason);
    sendJson(res, result.ok ? 200 : 404, result);
  });

  http.route('POST', '/api/escalate', async (req, res, url) => {
    if (!authorised(req, res, url)) return;
    const userId = userOf(req, res);
    const body = await jsonBody<{ answerId?: unknown }>(req);
    if (typeof body.answerId !== 'string') throw new HttpError(400, 'answerId is required');
    const result = await core.escalate('local', body.answerId, userId);
    sendJson(res, result.action ? 200 : 404, { text: result.text, handoff: result.action?.type === 'handoff' ? result.action.text : null });
  });

  http.route('GET', '/api/stats', async (req, res, url) => {
    if (!authorised(req, res, url)) return;
    sendJson(res, 200, await statsJson(ctx, communityFilter(url)));
  });

  http.route('GET', '/dashboard', async (req, res, url) => {
    if (!authorised(req, res, url)) return;
    sendHtml(res, 200, page('Dashboard', await dashboardHtml(ctx, communityFilter(url)), { active: 'dashboard' }));
  });

  http.route('GET', '/kb', (req, res, url) => {
    if (!authorised(req, res, url)) return;
    const kb = knowledge.current;
    const families = new Map<string, typeof kb.articles>();
    for (const a of kb.articles) families.set(a.family, [...(families.get(a.family) ?? []), a]);
    const body = `<h1>Knowledge base</h1><p>${kb.articles.length} articles · version <code>${esc(kb.version)}</code></p>${[...families]
      .sort()
      .map(
        ([family, list]) =>
          `<h2>${esc(family)}</h2><ul>${list.map((a) => `<li><a href="/kb/${esc(a.id)}">${esc(a.title)}</a></li>`).join('')}</ul>`,
      )
      .join('')}`;
    sendHtml(res, 200, page('Knowledge base', body, { active: 'kb' }));
  });

  http.route('GET', '/kb/*', (req, res, url) => {
    if (!authorised(req, res, url)) return;
    const id = decodePathSegment(url.pathname.slice('/kb/'.length));
    const a = knowledge.current.byId.get(id);
    if (!a) {
      sendHtml(res, 404, page('Not found', `<h1>Not found</h1><p>No article <code>${esc(id)}</code>.</p>`, { active: 'kb' }));
      return;
    }
    const body = `<article class="kb"><h1>${esc(a.title)}</h1><p class="meta"><code>${esc(a.id)}</code> · ${esc(a.family)} · ${esc(a.providers.join(', '))}${a.httpStatus.length ? ` · HTTP ${esc(a.httpStatus.join('/'))}` : ''}</p>
<h2>Cause</h2>${markdown(a.cause)}<h2>Fix</h2>${markdown(a.fix)}${a.details ? `<h2>Details</h2>${markdown(a.details)}` : ''}
<h2>Sources</h2><ul>${a.sources.map((s) => `<li><a href="${esc(s)}" rel="noopener noreferrer" target="_blank">${esc(s)}</a></li>`).join('')}</ul></article>`;
    sendHtml(res, 200, page(a.title, body, { active: 'kb' }));
  });

  http.route('GET', '/static/*', async (_req, res, url) => {
    const name = url.pathname.slice('/static/'.length);
    const types: Record<string, string> = {
      'app.js': 'text/javascript; charset=utf-8',
      'style.css': 'text/css; charset=utf-8',
      'favicon.svg': 'image/svg+xml',
    };
    const type = types[name];
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

  // Statistics as markdown too, for scripts and for parity with `/diagnose stats`.
  http.route('GET', '/api/stats.md', async (req, res, url) => {
    if (!authorised(req, res, url)) return;
    const text = await statsMarkdown(store, knowledge.current, 8, communityFilter(url));
    res.writeHead(200, { 'Content-Type': 'text/markdown; charset=utf-8' });
    res.end(text);
  });
}

function threadHtml(t: { id: string; posts: Array<{ author: string; text?: string; notice?: string; html: string | null }> }): string {
  return `<article class="thread" data-thread-id="${esc(t.id)}">${t.posts
    .map((p) =>
      p.author === 'user'
        ? `<div class="post user"><span class="who">you</span><pre tabindex="0">${esc(p.text)}</pre></div>`
        : `<div class="post bot"><span class="who">diagnose-bot</span>${p.html ?? `<p class="notice">${esc(p.notice)}</p>`}</div>`,
    )
    .join('')}</article>`;
}

/** `?community=T…` (Slack team id or Discord guild id) narrows the statistics to one community. */
function communityFilter(url: URL): StatsFilter {
  const community = url.searchParams.get('community');
  return community ? { community } : {};
}

export async function statsJson(ctx: AppContext, filter: StatsFilter = {}) {
  const { store, knowledge } = ctx;
  const [usage, answersPerDay, articles, gaps, uncertain, notClaudeErrors, shadow, channels, communities] = await Promise.all([
    store.claudeUsageToday(),
    store.answersPerDay(14, filter),
    store.articleStats(filter),
    store.topGaps(20, filter),
    store.topGaps(20, { ...filter, gapKinds: ['uncertain'] }),
    store.topGaps(20, { ...filter, gapKinds: ['foreign', 'not-error'] }),
    store.shadowResults(filter),
    store.listChannelSettings(filter),
    store.communities(),
  ]);
  // Helpers' corrections (per article pair) and solved questions (per article).
  const helpers = await store.helperStats(filter);
  return {
    community: filter.community ?? null,
    communities,
    answersPerDay,
    articles: articles.map((s) => ({ ...s, title: knowledge.current.byId.get(s.articleId)?.title ?? s.articleId })),
    // Only errors no article covers are gaps; the rest is shown apart so nobody writes an article that exists.
    gaps,
    uncertain,
    notClaudeErrors,
    shadow,
    claude: { enabled: Boolean(ctx.enricher), today: usage, budget: ctx.config.CLAUDE_DAILY_TOKEN_BUDGET },
    knowledge: { articles: knowledge.current.articles.length, version: knowledge.current.version, lastReloadError: knowledge.lastError },
    channels: channels.map(({ key, mode, by, at, community }) => ({ key, mode, by, at, community })),
    corrections: helpers.corrections.map((c) => ({
      ...c,
      fromTitle: c.fromArticleId ? (knowledge.current.byId.get(c.fromArticleId)?.title ?? c.fromArticleId) : null,
      toTitle: knowledge.current.byId.get(c.toArticleId)?.title ?? c.toArticleId,
    })),
    solved: helpers.solved,
  };
}

function reasonsText(reasons: Partial<Record<keyof typeof FEEDBACK_REASONS, number>>): string {
  const parts = (Object.entries(reasons) as Array<[keyof typeof FEEDBACK_REASONS, number]>)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${esc(FEEDBACK_REASONS[k])} (${n})`);
  return parts.length ? parts.join('<br>') : '<span class="muted">–</span>';
}

async function dashboardHtml(ctx: AppContext, filter: StatsFilter): Promise<string> {
  const s = await statsJson(ctx, filter);
  const totalAnswers = s.articles.reduce((n, a) => n + a.answers, 0);
  const votes = s.articles.reduce((n, a) => n + a.up + a.down, 0);
  const up = s.articles.reduce((n, a) => n + a.up, 0);
  const cards = [
    ['Answers', totalAnswers],
    ['Votes', votes],
    ['Helpful', votes ? `${Math.round((100 * up) / votes)}%` : '–'],
    ['Knowledge gaps', s.gaps.length],
    ['Articles', s.knowledge.articles],
  ]
    .map(
      ([k, v]) =>
        `<div class="card"><span class="label">${esc(k)}</span><span class="value" data-stat="${esc(String(k).toLowerCase().replace(/ /g, '-'))}">${esc(v)}</span></div>`,
    )
    .join('');
  const rate = (r: number | null) =>
    r === null
      ? '<span class="muted">no votes</span>'
      : `<span class="rate"><span class="rate-bar" style="width:${Math.round(r * 100)}%"></span><span class="rate-text">${Math.round(r * 100)}%</span></span>`;
  const articleRows = s.articles
    .map(
      (a) =>
        `<tr><td><a href="/kb/${esc(a.articleId)}">${esc(a.title)}</a></td><td class="num">${a.answers}</td><td class="num" data-up="${esc(a.articleId)}">${a.up}</td><td class="num">${a.down}</td><td>${rate(a.helpfulRate)}</td><td class="reasons" data-reasons="${esc(a.articleId)}">${reasonsText(a.reasons)}</td></tr>`,
    )
    .join('');
  const gapRows = s.gaps
    .map(
      (g) =>
        `<tr><td class="num">${g.count}</td><td><code>${esc(g.fingerprint)}</code><details><summary>example (redacted)</summary><pre tabindex="0">${esc(g.example)}</pre></details></td><td>${esc(new Date(g.lastAt).toISOString().slice(0, 16).replace('T', ' '))}</td></tr>`,
    )
    .join('');
  const otherRow = (g: (typeof s.uncertain)[number]) => {
    const id = g.probableArticleId ?? null;
    const what =
      g.kind === 'uncertain' && id ? `<a href="/kb/${esc(id)}">${esc(id)}</a>` : g.kind === 'foreign' ? 'another vendor' : 'no error';
    return `<tr><td class="num">${g.count}</td><td>${what}</td><td><code>${esc(g.fingerprint)}</code><details><summary>example (redacted)</summary><pre tabindex="0">${esc(g.example)}</pre></details></td></tr>`;
  };
  const otherTable = (rows: typeof s.uncertain, head: string) =>
    rows.length
      ? `<div class="table-wrap"><table><thead><tr><th>Seen</th><th>${head}</th><th>Fingerprint</th></tr></thead><tbody>${rows.map(otherRow).join('')}</tbody></table></div>`
      : '<p class="empty">None recorded.</p>';
  const shadowRows = s.shadow
    .map((r) => `<tr><td>${esc(r.platform)}</td><td>${esc(r.channelId)}</td><td class="num">${r.wouldAnswer}</td></tr>`)
    .join('');
  const usage = s.claude.today;
  const scope = s.communities.length
    ? `<nav class="communities" aria-label="Community">${[
        s.community ? '<a href="/dashboard">All communities</a>' : '<strong>All communities</strong>',
        ...s.communities.map((c) =>
          c.community === s.community
            ? `<strong>${esc(c.platform)} ${esc(c.community)}</strong>`
            : `<a href="/dashboard?community=${encodeURIComponent(c.community)}">${esc(c.platform)} ${esc(c.community)}</a>`,
        ),
      ].join(' · ')}</nav>`
    : '';
  return `<h1>Dashboard</h1>${scope}
<div class="cards">${cards}</div>
<h2>Answers per day</h2>${barChart(
    s.answersPerDay.map((d) => ({ label: d.day, value: d.answers, secondary: d.shadow })),
    { title: 'Answers per day (shadow-mode answers stacked on top)' },
  )}
<h2>Helpful rate per article</h2>${s.articles.length ? `<div class="table-wrap"><table><thead><tr><th>Article</th><th>Answers</th><th>Helpful votes</th><th>Unhelpful votes</th><th>Helpful rate</th><th>Why not helpful</th></tr></thead><tbody>${articleRows}</tbody></table></div>` : '<p class="empty">No answers yet.</p>'}
<h2>Top knowledge gaps</h2><p class="muted">Errors no article covers: candidates for new articles.</p>${s.gaps.length ? `<div class="table-wrap"><table><thead><tr><th>Seen</th><th>Fingerprint</th><th>Last</th></tr></thead><tbody>${gapRows}</tbody></table></div>` : '<p class="empty">None recorded.</p>'}
<h2>Probably covered, not confident</h2><p class="muted">Errors with a likely article that scored below the auto-reply threshold: improve that article's signatures rather than writing a new one.</p>${otherTable(s.uncertain, 'Probable article')}
<h2>Not Claude errors</h2><p class="muted">Other vendors' errors and messages without an error that someone asked about: no article needed.</p>${otherTable(s.notClaudeErrors, 'Kind')}
<h2>Shadow mode</h2>${s.shadow.length ? `<div class="table-wrap"><table><thead><tr><th>Platform</th><th>Channel</th><th>Would have answered</th></tr></thead><tbody>${shadowRows}</tbody></table></div>` : '<p class="empty">No channel is in shadow mode.</p>'}
<h2>Claude</h2><p>${s.claude.enabled ? `Today: ${usage.calls} calls, ${usage.inputTokens + usage.outputTokens} of ${s.claude.budget} tokens, ${usage.failures} failed.` : 'Off (set ANTHROPIC_API_KEY to summarise long traces).'}</p>
<h2>Knowledge base</h2><p>${s.knowledge.articles} articles, version <code>${esc(s.knowledge.version)}</code>.${s.knowledge.lastReloadError ? ` <strong>Last edit rejected:</strong> <code>${esc(s.knowledge.lastReloadError)}</code>` : ''}</p>`;
}

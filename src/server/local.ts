import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { Answer } from '../bot/answer.js';
import { dispatch, type ReplySink } from '../bot/dispatch.js';
import { FEEDBACK_REASONS, isFeedbackReason, newId, type VoteValue } from '../bot/store.js';
import type { AppContext } from '../context.js';
import { PROJECT_ROOT } from '../core/paths.js';
import { presentedToken, queryToken, tokenCookie, tokenMatches } from './auth.js';
import { registerDashboardRoutes } from './dashboard.js';
import { answerHtml, esc, markdown, page } from './html.js';
import { decodePathSegment, HttpError, readJson, sendHtml, sendJson } from './http.js';
import { kbListHtml } from './kb-page.js';

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

  registerDashboardRoutes(ctx, authorised);

  http.route('GET', '/kb', (req, res, url) => {
    if (!authorised(req, res, url)) return;
    sendHtml(res, 200, page('Knowledge base', kbListHtml(knowledge.current, url.searchParams.get('q') ?? ''), { active: 'kb' }));
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
<h2>Sources</h2><ul>${a.sources.map((s) => `<li><a href="${esc(s)}" rel="noopener noreferrer" target="_blank">${esc(s)}</a></li>`).join('')}</ul>
<p><a href="/dashboard/article/${esc(a.id)}">Answers and votes for this article</a></p></article>`;
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

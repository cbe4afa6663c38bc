import type { Answer } from '../bot/answer.js';
import { dispatch, type ReplySink } from '../bot/dispatch.js';
import { newId } from '../bot/store.js';
import type { AppContext } from '../context.js';
import type { LocalAccess } from './access.js';
import { answerHtml, esc, page } from './html.js';
import { HttpError, sendHtml, sendJson } from './http.js';

/**
 * The playground: a support channel in the browser. A paste goes through the same core and dispatch as a
 * Slack or Discord message, and the threaded answer is kept (in memory, newest threads only) to be shown
 * exactly as the bot would give it.
 */

const CHANNEL = 'playground';
const MAX_THREADS = 100;

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

type ThreadJson = ReturnType<typeof threadJson>;

export function registerPlaygroundRoutes(ctx: AppContext, access: LocalAccess): void {
  const { http, core, store, logger } = ctx;
  const { authorised, userOf, jsonBody } = access;
  const threads: LocalThread[] = [];

  http.route('GET', '/', (req, res, url) => {
    if (!authorised(req, res, url)) return;
    userOf(req, res);
    const modes =
      ctx.adapters.length === 0
        ? 'No Slack or Discord credentials are set: this page is the bot.'
        : `Connected: ${ctx.adapters.map((a) => a.name).join(', ')}.`;
    const channel = threads
      .slice()
      .reverse()
      .map((t) => threadHtml(threadJson(t)))
      .join('');
    sendHtml(res, 200, page('Playground', playgroundHtml(modes, channel), { active: 'playground' }));
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
    await ctx.track(dispatch(decision, threadSink(thread), { core, logger, enricher: ctx.enricher, userId, explicit: !auto }));
    sendJson(res, 200, { outcome: decision.outcome, thread: threadJson(thread) });
  });
}

/** Where dispatch's replies go for a playground thread: appended to the thread, edits in place. */
function threadSink(thread: LocalThread): ReplySink {
  return {
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
  };
}

function threadJson(t: LocalThread) {
  return {
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
  };
}

function playgroundHtml(modes: string, channel: string): string {
  return `
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
<section id="channel" aria-live="polite" aria-label="Channel">${channel}</section>`;
}

function threadHtml(t: ThreadJson): string {
  return `<article class="thread" data-thread-id="${esc(t.id)}">${t.posts
    .map((p) =>
      p.author === 'user'
        ? `<div class="post user"><span class="who">you</span><pre tabindex="0">${esc(p.text)}</pre></div>`
        : `<div class="post bot"><span class="who">diagnose-bot</span>${p.html ?? `<p class="notice">${esc(p.notice)}</p>`}</div>`,
    )
    .join('')}</article>`;
}

import { articleSearchFor } from '../core/article-search.js';
import { diagnose } from '../core/diagnose.js';
import type { KnowledgeBase } from '../core/knowledge/index.js';
import type { Article } from '../core/types.js';
import type { Metrics } from '../observability/metrics.js';
import type { Store } from '../store/contract.js';
import { newId, type Platform } from '../store/records.js';
import { type Answer, verifiedLabel } from './answer.js';

/**
 * A helper pushes an article into a thread by hand (`/diagnose article`, "Answer with an article"). The
 * answer is recorded like the bot's own (trigger `push`) so the usual vote buttons and reactions count,
 * and it says who shared it. Platform-free: adapters look articles up, then post what this returns.
 */

export interface ShareDeps {
  kb: KnowledgeBase;
  store: Store;
  publicUrl?: string;
  metrics?: Metrics;
}

export interface ShareRequest {
  platform: Platform;
  community?: string;
  channelId: string;
  /** The thread the article goes into ('' when it is posted at the top of a channel). */
  threadId: string;
  /** The message it answers (a context-menu target), else the command's own id. */
  sourceMessageId: string;
  /** The helper who shared it. */
  userId: string;
  articleId: string;
}

export type ShareResult = { ok: true; answer: Answer; recordId: string; article: Article } | { ok: false; text: string };

/** What a helper typed or picked: an exact id, else the best search hit. */
export function resolveArticle(kb: KnowledgeBase, typed: string): Article | null {
  const t = typed.trim();
  if (!t) return null;
  return kb.byId.get(t) ?? kb.byId.get(t.toLowerCase()) ?? articleSearchFor(kb).search(t, 1)[0] ?? null;
}

/**
 * Articles to offer for a message someone wants answered: what the diagnosis ranks first (when the
 * message is an error), then the articles its words find, then the rest alphabetically, up to `limit`.
 */
export function suggestArticles(kb: KnowledgeBase, text: string, limit: number): Article[] {
  const out = new Map<string, Article>();
  const add = (a: Article | undefined) => {
    if (a && out.size < limit) out.set(a.id, a);
  };
  const t = text.slice(0, 8_000);
  if (t.trim()) {
    for (const c of diagnose(t, kb, { mode: 'lenient', limit: 5 }).candidates) add(kb.byId.get(c.id));
    // Words, not whole pastes: the search index wants a short query.
    const words = t.toLowerCase().match(/[a-z0-9_]{3,}/g) ?? [];
    for (const a of articleSearchFor(kb).search([...new Set(words)].slice(0, 12).join(' '), limit)) add(a);
  }
  for (const a of articleSearchFor(kb).search('', limit)) add(a);
  return [...out.values()];
}

/** Option labels for pickers: the title, with the id when there is room, within `max` characters. */
export function articleLabel(a: Article, max: number): string {
  const full = `${a.title} (${a.id})`;
  if (full.length <= max) return full;
  return a.title.length <= max ? a.title : `${a.title.slice(0, max - 1)}…`;
}

export function sharedAnswer(article: Article, opts: { id: string; userId: string; publicUrl?: string }): Answer {
  return {
    id: opts.id,
    kind: 'shared',
    title: article.title,
    articleId: article.id,
    confidence: 1,
    cause: article.cause,
    fix: article.fix,
    versionAdvice: [],
    sources: article.sources,
    reasons: '',
    fingerprint: `shared: ${article.id}`,
    alternatives: [],
    notes: [],
    articleUrl: opts.publicUrl ? `${opts.publicUrl.replace(/\/$/, '')}/kb/${article.id}` : null,
    earlierLink: null,
    summary: null,
    claudeNote: null,
    feedback: true,
    tentative: false,
    verified: verifiedLabel(article.verified),
    sharedBy: opts.userId,
  };
}

/**
 * Records the shared answer (durable before it is posted, so a vote on it always finds it) and returns
 * what to post. The caller posts it and then calls `store.answerPosted(recordId, messageId)`.
 */
export async function shareArticle(deps: ShareDeps, req: ShareRequest): Promise<ShareResult> {
  const article = deps.kb.byId.get(req.articleId);
  if (!article) return { ok: false, text: `I have no article \`${req.articleId.slice(0, 80)}\`; pick one from the list.` };
  const record = await deps.store.recordAnswer({
    id: newId(),
    platform: req.platform,
    community: req.community,
    channelId: req.channelId,
    threadId: req.threadId,
    sourceMessageId: req.sourceMessageId,
    userId: req.userId,
    articleId: article.id,
    fingerprint: `shared: ${article.id}`,
    // Its own fingerprint: votes on a hand-picked article say nothing about how the bot ranks pastes.
    fingerprintHash: `shared:${article.id}`,
    confidence: 1,
    trigger: 'push',
    shadow: false,
  });
  deps.metrics?.answers.inc({ platform: req.platform, trigger: 'push', kind: 'shared' });
  return {
    ok: true,
    answer: sharedAnswer(article, { id: record.id, userId: req.userId, publicUrl: deps.publicUrl }),
    recordId: record.id,
    article,
  };
}

/** The share dependencies from the app's parts (each call sees the current knowledge base). */
export function shareDeps(app: {
  knowledge: { current: KnowledgeBase };
  store: Store;
  metrics: Metrics;
  config: { PUBLIC_URL?: string };
}): ShareDeps {
  return { kb: app.knowledge.current, store: app.store, metrics: app.metrics, publicUrl: app.config.PUBLIC_URL };
}

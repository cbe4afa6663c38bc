import { buildArticleSearch } from '../core/article-search.js';
import type { KnowledgeBase } from '../core/knowledge/index.js';
import type { Article } from '../core/types.js';
import type { Logger } from '../observability/log.js';
import type { Metrics } from '../observability/metrics.js';
import type { Store } from '../store/contract.js';
import type { AnswerRecord, Platform, SolvedRecord } from '../store/records.js';
import { type Answer, verifiedLabel } from './answer.js';
import type { HelperCheck, HelperRole } from './helper-role.js';

/**
 * What helpers and askers do to an answer, once for every platform: a helper says which article was
 * right ("Wrong article?"), the asker or a helper marks the question solved. Platform adapters check
 * membership (the `HelperCheck`), show the choices, and post or update messages; every change is stored
 * before anyone is told it was done.
 */

export interface HelperActionsConfig {
  /** Seconds after "Solved" before a thread is archived; 0 leaves it open. */
  solvedArchiveSeconds: number;
  solvedLock: boolean;
  publicUrl?: string;
}

export type Refusal = { ok: false; text: string };

export interface Correction {
  ok: true;
  answer: AnswerRecord;
  article: Article;
  /** What to post in the thread: the right article, attributed to the helper by the adapter. */
  post: Answer;
}

export interface Solved {
  ok: true;
  answer: AnswerRecord;
  record: SolvedRecord;
  /** False when the question was already marked solved (by this or someone else). */
  first: boolean;
}

export const NOT_A_HELPER =
  'Only helpers can correct my answers: members of the support group, and people who manage this workspace or server.';
export const NOT_ASKER_OR_HELPER = 'Only the person who asked, or a helper, can mark this question solved.';
const TOO_OLD = 'That answer is too old to change; I no longer have it.';

export class HelperActions {
  private searchFor: { kb: KnowledgeBase; search: ReturnType<typeof buildArticleSearch> } | null = null;

  constructor(
    private readonly deps: {
      store: Store;
      kb: () => KnowledgeBase;
      helpers: HelperRole;
      config: HelperActionsConfig;
      logger: Logger;
      metrics?: Metrics;
      now?: () => number;
    },
  ) {}

  get helpers(): HelperRole {
    return this.deps.helpers;
  }

  /** Articles a helper may pick: those matching what they typed, or those near the answer's error. */
  async choices(answerId: string, query: string, limit = 25): Promise<{ answer: AnswerRecord; articles: Article[] } | null> {
    const answer = await this.deps.store.getAnswer(answerId);
    if (!answer) return null;
    const typed = query.trim();
    let articles = this.search().search(typed || answer.fingerprint, limit + 1);
    if (!typed && articles.length === 0) articles = this.search().search('', limit + 1);
    return { answer, articles: articles.filter((a) => a.id !== answer.articleId).slice(0, limit) };
  }

  /** A helper's pick of the right article: stored (it steers the ranking for this error), then shown. */
  async correct(
    platform: Platform,
    answerId: string,
    userId: string,
    articleId: string,
    check: HelperCheck,
  ): Promise<Correction | Refusal> {
    const answer = await this.deps.store.getAnswer(answerId);
    if (!answer) return { ok: false, text: TOO_OLD };
    if (!(await this.deps.helpers.isHelper(platform, answer.community, userId, check))) return { ok: false, text: NOT_A_HELPER };
    const article = this.deps.kb().byId.get(articleId);
    if (!article) return { ok: false, text: `I have no article "${articleId}".` };
    if (article.id === answer.articleId) return { ok: false, text: 'That is the article I showed: nothing to correct.' };
    await this.deps.store.recordCorrection({
      answerId,
      platform,
      community: answer.community,
      fingerprintHash: answer.fingerprintHash,
      fromArticleId: answer.articleId,
      toArticleId: article.id,
      by: userId,
    });
    this.deps.logger.info({ platform, answerId, from: answer.articleId, to: article.id, by: userId }, 'a helper corrected an answer');
    this.deps.metrics?.corrections.inc({ platform });
    return { ok: true, answer, article, post: this.articleAnswer(article, answer) };
  }

  /**
   * The asker or a helper marks the question solved. `archive`: the thread can be archived later (a
   * Discord thread or forum post); the schedule is stored with the mark so a restart keeps it.
   */
  async solve(
    platform: Platform,
    answerId: string,
    userId: string,
    opts: { via: 'button' | 'reaction'; archive: boolean; check: HelperCheck },
  ): Promise<Solved | Refusal> {
    const { store, config } = this.deps;
    const answer = await store.getAnswer(answerId);
    if (!answer) return { ok: false, text: TOO_OLD };
    const allowed = answer.userId === userId || (await this.deps.helpers.isHelper(platform, answer.community, userId, opts.check));
    if (!allowed) return { ok: false, text: NOT_ASKER_OR_HELPER };
    const now = (this.deps.now ?? Date.now)();
    const archiveAt = opts.archive && config.solvedArchiveSeconds > 0 ? now + config.solvedArchiveSeconds * 1000 : null;
    const r = await store.markSolved({
      answerId,
      platform,
      community: answer.community,
      channelId: answer.channelId,
      threadId: answer.threadId,
      articleId: answer.articleId,
      by: userId,
      via: opts.via,
      archiveAt,
      lock: config.solvedLock,
    });
    if (!r.ok || !r.record) return { ok: false, text: TOO_OLD };
    if (r.first) {
      this.deps.logger.info({ platform, answerId, by: userId, via: opts.via, archiveAt }, 'a question was marked solved');
      this.deps.metrics?.solved.inc({ platform, via: opts.via });
    }
    return { ok: true, answer, record: r.record, first: r.first };
  }

  /** The right article as an answer to post under the helper's name (no buttons: it is not the bot's guess). */
  articleAnswer(article: Article, answer: Pick<AnswerRecord, 'fingerprint'>): Answer {
    const url = this.deps.config.publicUrl;
    return {
      id: '',
      kind: 'question',
      title: article.title,
      articleId: article.id,
      confidence: 1,
      cause: article.cause,
      fix: article.fix,
      versionAdvice: [],
      sources: article.sources,
      reasons: 'chosen by a helper',
      fingerprint: answer.fingerprint,
      alternatives: [],
      notes: [],
      articleUrl: url ? `${url.replace(/\/$/, '')}/kb/${article.id}` : null,
      earlierLink: null,
      summary: null,
      claudeNote: null,
      feedback: false,
      tentative: false,
      verified: verifiedLabel(article.verified),
    };
  }

  private search() {
    const kb = this.deps.kb();
    if (this.searchFor?.kb !== kb) this.searchFor = { kb, search: buildArticleSearch(kb.articles) };
    return this.searchFor.search;
  }
}

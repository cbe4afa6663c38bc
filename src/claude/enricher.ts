import type { Answer } from '../bot/answer.js';
import type { Decision } from '../bot/core.js';
import type { Enricher } from '../bot/dispatch.js';
import type { KnowledgeBase } from '../core/knowledge/index.js';
import type { Candidate } from '../core/types.js';
import type { Logger } from '../observability/log.js';
import type { Metrics } from '../observability/metrics.js';
import type { Store } from '../store/contract.js';
import { applyReply } from './apply-reply.js';
import { PauseBreaker } from './breaker.js';
import { BudgetGuard, budgetTokens, estimateTokens } from './budget.js';
import { type CallResult, ClaudeCallError, type ClaudeClient, type MessageParams } from './client.js';
import { buildRequest, type CheckedReply, catalogue, checkReply, MAX_OUTPUT_TOKENS, SYSTEM_INSTRUCTIONS } from './prompts.js';
import { buildQuestionRequest, checkQuestionReply, MAX_QUESTION_OUTPUT_TOKENS } from './question.js';

/**
 * Claude assistance after the knowledge-base answer is posted (dispatch() calls `enrich` and edits the
 * answer in place when it returns one):
 *
 * - a 2–4 line summary of a long paste, from the redacted paste only;
 * - when someone asked explicitly and our best candidates are close together or below the strict
 *   threshold, a choice among OUR candidates (or "none") with a short note tying it to the paste.
 *
 * Never holds an answer up for more than CLAUDE_TIMEOUT_MS, never throws: every failure (overloaded,
 * rate limited, timed out, a broken stream, a refused connection, an unusable reply) leaves the
 * knowledge-base answer alone, with one structured log line and a counter. A Retry-After is honoured by
 * pausing assistance, not by waiting; repeated failures pause it too (a simple circuit breaker).
 */

export interface ClaudeEnricherOptions {
  client: ClaudeClient;
  kb: () => KnowledgeBase;
  store: Store;
  logger: Logger;
  metrics?: Metrics;
  model: string;
  /** Whole-call bound, retries included (CLAUDE_TIMEOUT_MS). */
  timeoutMs: number;
  summaryMinLines: number;
  summaryMinChars: number;
  strictThreshold: number;
  dailyTokenBudget: number;
  userDailyTokens: number;
  publicUrl?: string;
  maxConcurrent?: number;
  now?: () => number;
}

export type Purpose = 'summary' | 'choose' | 'summary+choose' | 'question';

/** Candidates offered to Claude at most. */
export const MAX_CANDIDATES = 4;
/** Top two scores this close count as "close together". */
export const CLOSE_MARGIN = 0.1;

export class ClaudeEnricher implements Enricher {
  private readonly budget: BudgetGuard;
  private readonly now: () => number;
  private readonly breaker: PauseBreaker;
  private inFlight = 0;

  constructor(private readonly opts: ClaudeEnricherOptions) {
    this.budget = new BudgetGuard(opts.store, { daily: opts.dailyTokenBudget, perUser: opts.userDailyTokens });
    this.now = opts.now ?? Date.now;
    this.breaker = new PauseBreaker(this.now);
  }

  /** Why assistance is paused and until when (for /healthz or tests); null when it is not. */
  get paused(): { until: number; reason: string } | null {
    return this.breaker.paused;
  }

  async enrich(input: { decision: Decision; answer: Answer; userId: string; explicit: boolean }): Promise<Answer | null> {
    try {
      return await this.run(input);
    } catch (err) {
      // Only a bug here could get this far; the knowledge-base answer stands.
      this.opts.metrics?.claudeCalls.inc({ purpose: 'unknown', outcome: 'error' });
      this.opts.logger.error(
        { err, event: 'claude_assistance' },
        'Claude assistance failed unexpectedly; the knowledge-base answer stands',
      );
      return null;
    }
  }

  /** A paste long enough to deserve a summary (SUMMARY_MIN_LINES / SUMMARY_MIN_CHARS). */
  isLongPaste(text: string): boolean {
    if (text.length > this.opts.summaryMinChars) return true;
    let lines = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) if (++lines > this.opts.summaryMinLines) return true;
    return false;
  }

  /** Our candidates Claude may choose among: only for a diagnosis whose top match is unsure or contested. */
  candidatesFor(decision: Decision, answer: Answer): Candidate[] {
    const d = decision.diagnosis;
    if (!d || answer.kind !== 'diagnosis' || !answer.articleId) return [];
    const candidates = d.candidates.slice(0, MAX_CANDIDATES);
    const [top, second] = candidates;
    if (!top || top.id !== answer.articleId) return [];
    const unsure = top.score < this.opts.strictThreshold || (second !== undefined && top.score - second.score <= CLOSE_MARGIN);
    return unsure ? candidates : [];
  }

  private async run({
    decision,
    answer,
    userId,
    explicit,
  }: {
    decision: Decision;
    answer: Answer;
    userId: string;
    explicit: boolean;
  }): Promise<Answer | null> {
    const { logger, metrics } = this.opts;
    const paste = decision.redactedText ?? '';
    if (answer.kind === 'question') return this.answerQuestion(decision, answer, userId);
    if (!paste.trim() || (answer.kind !== 'diagnosis' && answer.kind !== 'no-match')) return null;
    const wantSummary = this.isLongPaste(paste);
    const candidates = explicit ? this.candidatesFor(decision, answer) : [];
    if (!wantSummary && candidates.length === 0) return null;
    const purpose: Purpose = wantSummary && candidates.length > 0 ? 'summary+choose' : wantSummary ? 'summary' : 'choose';
    const kb = this.opts.kb();
    const request = buildRequest({ kb, model: this.opts.model, paste, summary: wantSummary, candidates, userId });
    const call = await this.call(purpose, userId, request, MAX_OUTPUT_TOKENS);
    if (!call) return null;
    const { result, base } = call;
    const candidateIds = candidates.map((c) => c.id);
    const checked = checkReply(result.text, { wantSummary, candidateIds });
    if (!checked.ok) {
      metrics?.claudeCalls.inc({ purpose, outcome: 'invalid_output' });
      logger.warn(
        { ...base, outcome: 'invalid_output', reason: checked.reason, stopReason: result.stopReason, chars: result.text.length },
        `Claude's reply was not in the requested schema (${checked.reason}); the knowledge-base answer stands`,
      );
      return null;
    }
    const reply = checked.reply;
    const outcome = reply.invalidChoice ? 'invalid_choice' : 'ok';
    metrics?.claudeCalls.inc({ purpose, outcome });
    const updated = applyReply(answer, decision, reply, candidates, {
      publicUrl: this.opts.publicUrl,
      strictThreshold: this.opts.strictThreshold,
    });
    this.settle(base, outcome, reply, answer, updated);
    return updated;
  }

  /** Records the article Claude switched to (in the background) and logs what its reply did. */
  private settle(base: Record<string, unknown>, outcome: string, reply: CheckedReply, answer: Answer, updated: Answer | null): void {
    const { logger } = this.opts;
    const switchedTo = updated && updated.articleId !== answer.articleId ? updated.articleId : null;
    if (switchedTo && answer.id) {
      this.opts.store
        .setAnswerArticle(answer.id, switchedTo)
        .catch((err: unknown) => logger.error({ err, answerId: answer.id }, 'could not record the article Claude chose'));
    }
    logger.info(
      {
        ...base,
        outcome,
        summary: Boolean(updated?.summary),
        choice: reply.choice,
        ignoredChoice: reply.invalidChoice,
        switchedTo: switchedTo ?? undefined,
        dropped: reply.dropped.length > 0 ? reply.dropped : undefined,
      },
      reply.invalidChoice
        ? 'Claude named an article that was not among the candidates; its choice was ignored'
        : updated
          ? 'Claude assistance added to the answer'
          : `Claude's reply added nothing that passed the checks${reply.dropped.length > 0 ? ` (${reply.dropped.join('; ')})` : ''}; the knowledge-base answer stands`,
    );
  }

  /**
   * One bounded call with the shared guards: pause, concurrency, budget; failures are logged, counted
   * and may pause assistance. Null when no usable result came back (the knowledge-base answer stands).
   */
  private async call(
    purpose: Purpose,
    userId: string,
    request: MessageParams,
    maxOutput: number,
  ): Promise<{ result: CallResult; base: Record<string, unknown> } | null> {
    const { logger, metrics } = this.opts;
    const skip = (outcome: string, fields: Record<string, unknown> = {}) => {
      metrics?.claudeCalls.inc({ purpose, outcome });
      logger.debug({ event: 'claude_assistance', purpose, outcome, ...fields }, 'Claude assistance skipped');
      return null;
    };
    const paused = this.breaker.paused;
    if (paused) return skip('skipped_paused', { until: new Date(paused.until).toISOString(), reason: paused.reason });
    if (this.inFlight >= (this.opts.maxConcurrent ?? 4)) return skip('skipped_busy');

    if (!(await this.withinBudget(purpose, userId, request, maxOutput))) return null;

    this.inFlight++;
    const started = this.now();
    let result: CallResult;
    try {
      result = await this.opts.client.complete(request, { deadlineMs: this.opts.timeoutMs });
    } catch (err) {
      const e =
        err instanceof ClaudeCallError
          ? err
          : new ClaudeCallError('error', err instanceof Error ? err.message : String(err), { attempts: 1 });
      this.failed(e, purpose, userId, this.now() - started);
      return null;
    } finally {
      this.inFlight--;
    }
    this.breaker.succeeded();
    const counted = await this.budget.record(userId, result.usage, false).catch((err: unknown) => {
      logger.error({ err, userId }, 'could not record Claude usage in the store (the daily budget may undercount)');
      return budgetTokens(result.usage);
    });
    this.countTokens(result);
    const base = {
      event: 'claude_assistance',
      purpose,
      model: this.opts.model,
      requestId: result.requestId,
      attempts: result.attempts,
      elapsedMs: this.now() - started,
      tokens: { ...counted, cacheRead: result.usage.cacheReadTokens, cacheWrite: result.usage.cacheCreationTokens },
    };
    return { result, base };
  }

  /** The daily and per-user token budgets allow this call; when not, says so once at info level. */
  private async withinBudget(purpose: Purpose, userId: string, request: MessageParams, maxOutput: number): Promise<boolean> {
    const variableChars = JSON.stringify(request.messages).length;
    const estimate = estimateTokens(variableChars, SYSTEM_INSTRUCTIONS.length + catalogue(this.opts.kb()).length, maxOutput);
    const verdict = await this.budget.check(userId, estimate);
    if (verdict.ok) return true;
    // Operators want to know the budget is spent, not every detail.
    this.opts.metrics?.claudeCalls.inc({ purpose, outcome: verdict.reason });
    this.opts.logger.info(
      { event: 'claude_assistance', purpose, outcome: verdict.reason, used: verdict.used, limit: verdict.limit, estimate },
      verdict.reason === 'skipped_budget'
        ? 'Claude daily token budget reached: answering from the knowledge base alone until tomorrow (UTC)'
        : "this user's daily Claude token allowance is used up: answering from the knowledge base alone",
    );
    return false;
  }

  /**
   * A short answer in Claude's words, grounded in the articles the retrieval showed (never for "no
   * article": there is nothing to ground it in). Checked before it is shown; otherwise ours stands.
   */
  private async answerQuestion(decision: Decision, answer: Answer, userId: string): Promise<Answer | null> {
    const { logger, metrics } = this.opts;
    const q = decision.question;
    const question = decision.redactedText ?? '';
    if (!q || q.verdict === 'none' || !question.trim()) return null;
    const articles = (q.verdict === 'known' ? q.ranked.slice(0, 2) : q.hits).map((h) => h.article);
    const kb = this.opts.kb();
    const request = buildQuestionRequest({ kb, model: this.opts.model, question, articles, context: decision.context, userId });
    const call = await this.call('question', userId, request, MAX_QUESTION_OUTPUT_TOKENS);
    if (!call) return null;
    const checked = checkQuestionReply(call.result.text, { retrievedIds: articles.map((a) => a.id), allIds: kb.byId.keys() });
    if (!checked.ok) {
      metrics?.claudeCalls.inc({ purpose: 'question', outcome: 'invalid_output' });
      logger.warn(
        { ...call.base, outcome: 'invalid_output', reason: checked.reason, stopReason: call.result.stopReason },
        `Claude's answer did not pass the checks (${checked.reason}); the knowledge-base answer stands`,
      );
      return null;
    }
    const { reply } = checked;
    metrics?.claudeCalls.inc({ purpose: 'question', outcome: reply.covered ? 'ok' : 'not_covered' });
    logger.info(
      { ...call.base, outcome: reply.covered ? 'ok' : 'not_covered', cited: reply.cited },
      'Claude answered the question from the articles',
    );
    const link = (id: string) => (this.opts.publicUrl ? `[${id}](${this.opts.publicUrl.replace(/\/$/, '')}/kb/${id})` : `\`${id}\``);
    const from = reply.covered ? `\nFrom: ${reply.cited.map(link).join(', ')}` : '';
    return { ...answer, claudeNote: `${reply.text}${from}` };
  }

  private failed(err: ClaudeCallError, purpose: Purpose, userId: string, elapsedMs: number): void {
    const { logger, metrics } = this.opts;
    const d = err.details;
    const pauseMs = this.breaker.failed(err.outcome, d.retryAfterMs);
    this.budget
      .record(userId, d.usage, true)
      .catch((err: unknown) => logger.error({ err, userId }, 'could not record a failed Claude call in the store'));
    if (d.usage) this.countTokens({ usage: d.usage });
    metrics?.claudeCalls.inc({ purpose, outcome: err.outcome });

    const hint =
      err.outcome === 'auth_error'
        ? ' Check ANTHROPIC_API_KEY.'
        : err.outcome === 'not_found'
          ? ' Check CLAUDE_MODEL and ANTHROPIC_BASE_URL.'
          : err.outcome === 'bad_request'
            ? ' This is a bug in the request the bot built; please report it.'
            : '';
    const fields = {
      event: 'claude_assistance',
      purpose,
      outcome: err.outcome,
      model: this.opts.model,
      status: d.status,
      errorType: d.errorType ?? undefined,
      requestId: d.requestId ?? undefined,
      retryAfterMs: d.retryAfterMs ?? undefined,
      attempts: d.attempts,
      elapsedMs,
      consecutiveFailures: this.breaker.consecutiveFailures,
      pausedForMs: pauseMs || undefined,
    };
    const msg = `Claude assistance failed: ${err.message}; the knowledge-base answer stands${
      pauseMs ? ` (pausing Claude calls for ${Math.ceil(pauseMs / 1000)} s)` : ''
    }.${hint}`;
    if (err.outcome === 'auth_error' || err.outcome === 'bad_request' || err.outcome === 'not_found') logger.error(fields, msg);
    else logger.warn(fields, msg);
  }

  private countTokens(r: Pick<CallResult, 'usage'>): void {
    const m = this.opts.metrics?.claudeTokens;
    if (!m) return;
    m.inc({ direction: 'input' }, r.usage.inputTokens);
    m.inc({ direction: 'output' }, r.usage.outputTokens);
    m.inc({ direction: 'cache_write' }, r.usage.cacheCreationTokens);
    m.inc({ direction: 'cache_read' }, r.usage.cacheReadTokens);
  }
}

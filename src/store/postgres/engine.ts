import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type {
  AnswerWithVotes,
  ArticleStats,
  ChannelSettingRow,
  DayRow,
  FeedbackCounts,
  GapResolution,
  HelperStats,
  IncidentWindow,
  ShadowRow,
  StatsFilter,
  Store,
  StoreCounts,
  StoreHealth,
  StoreOptions,
  VoteResult,
} from '../contract.js';
import { StoreWriteError } from '../contract.js';
import type {
  AnswerRecord,
  ChannelMode,
  ClaudeUsageDay,
  CommunitySettings,
  CorrectionRecord,
  FeedbackReason,
  GapRecord,
  NewAnswer,
  NewCorrection,
  NewGap,
  NewSolved,
  Platform,
  SolvedRecord,
  VoteValue,
} from '../records.js';
import { newId } from '../records.js';
import * as answers from './answers.js';
import { Db } from './db.js';
import * as gaps from './gaps.js';
import * as helpers from './helpers.js';
import { describe, reachable } from './pool.js';
import { ANSWER_COLUMNS, answerParams, placeholders } from './rows.js';
import { KeyedSerial } from './serial.js';
import * as settings from './settings.js';
import * as stats from './stats.js';
import * as windows from './windows.js';

/**
 * The PostgreSQL engine. Every method is one statement or one transaction on the shared database, so
 * every instance and shard sees the same answers, votes, claims, cooldowns and budget. A write resolves
 * once committed; one that fails (after retries on a dropped connection) is logged with what was lost and
 * rejects with StoreWriteError, so the caller never acknowledges it.
 */
export class PostgresStore implements Store {
  readonly engine = 'postgres' as const;
  private readonly db: Db;
  private readonly now: () => number;
  /** Tells this process's claims apart from another's when a claim is retried after a lost acknowledgement. */
  private readonly owner = randomBytes(8).toString('hex');
  /** One person's votes on one answer reach the database in the order they were cast. */
  private readonly votesInOrder = new KeyedSerial();
  private writeErrors = 0;
  private closed = false;
  private readonly pruneTimer: NodeJS.Timeout;

  constructor(
    pool: pg.Pool,
    private readonly opts: StoreOptions,
  ) {
    this.db = new Db(pool);
    this.now = opts.now ?? Date.now;
    this.pruneTimer = setInterval(() => void this.prune().catch(() => undefined), 3_600_000);
    this.pruneTimer.unref();
  }

  /** Runs a write; on failure logs what was lost, counts it and rejects with StoreWriteError. */
  private async write<T>(what: string, lost: Record<string, unknown>, fn: (db: Db) => Promise<T>): Promise<T> {
    if (this.closed) throw new StoreWriteError(`${what}: the store is closed`);
    try {
      return await fn(this.db);
    } catch (err) {
      this.writeErrors++;
      this.opts.logger.error({ err: describe(err), what, lost }, 'store write failed: this change was not saved (its caller was told)');
      const error = new StoreWriteError(`${what} was not saved: ${(err as Error).message}`, { cause: err });
      this.opts.onWriteError?.(error);
      throw error;
    }
  }

  // ── answers ──────────────────────────────────────────────────────────────────────────────────────
  async recordAnswer(input: NewAnswer): Promise<AnswerRecord> {
    const record = {
      ...input,
      community: input.community ?? '',
      id: input.id ?? newId(),
      at: this.now(),
      replyMessageId: null,
    } as AnswerRecord;
    // A retry of the same id (a lost acknowledgement) finds the row there: nothing to do.
    await this.write('answer', { answerId: record.id, channelId: record.channelId }, (db) =>
      db.query(`INSERT INTO answers (${ANSWER_COLUMNS}) VALUES (${placeholders(16)}) ON CONFLICT (id) DO NOTHING`, answerParams(record)),
    );
    return record;
  }

  async answerPosted(answerId: string, replyMessageId: string): Promise<void> {
    await this.write('answer posted', { answerId, replyMessageId }, (db) =>
      db.query('UPDATE answers SET reply_message_id = $2 WHERE id = $1', [answerId, replyMessageId]),
    );
  }

  async setAnswerArticle(answerId: string, articleId: string): Promise<void> {
    await this.write('answer article', { answerId, articleId }, (db) =>
      db.query('UPDATE answers SET article_id = $2 WHERE id = $1', [answerId, articleId]),
    );
  }

  async getAnswer(id: string): Promise<AnswerRecord | undefined> {
    return answers.answerById(this.db, id);
  }

  async answerByReplyMessage(platform: Platform, channelId: string, replyMessageId: string): Promise<AnswerRecord | undefined> {
    return answers.answerByReplyMessage(this.db, platform, channelId, replyMessageId);
  }

  async recentAnswer(platform: Platform, channelId: string, fingerprintHash: string, since: number): Promise<AnswerRecord | undefined> {
    return answers.recentAnswer(this.db, platform, channelId, fingerprintHash, since);
  }

  async answeredThread(platform: Platform, channelId: string, threadId: string): Promise<boolean> {
    return answers.answeredThread(this.db, platform, channelId, threadId);
  }

  // ── votes ────────────────────────────────────────────────────────────────────────────────────────
  async vote(answerId: string, userId: string, value: VoteValue, reason?: FeedbackReason): Promise<VoteResult> {
    const why = value === 'down' ? (reason ?? null) : null;
    const row = await this.votesInOrder.run(`${answerId}\n${userId}`, () =>
      this.write('vote', { answerId, userId, value }, (db) =>
        answers.upsertVote(db, { answerId, userId, value, reason: why, at: this.now() }),
      ),
    );
    return row ? { ok: true, previous: row.previous } : { ok: false, previous: null };
  }

  async withdrawVote(answerId: string, userId: string, value: VoteValue): Promise<boolean> {
    const r = await this.votesInOrder.run(`${answerId}\n${userId}`, () =>
      this.write('vote withdrawal', { answerId, userId, value }, (db) =>
        db.query('DELETE FROM votes WHERE answer_id = $1 AND user_id = $2 AND value = $3', [answerId, userId, value]),
      ),
    );
    return (r.rowCount ?? 0) > 0;
  }

  async feedbackFor(fingerprintHash: string, community = ''): Promise<FeedbackCounts> {
    return helpers.feedbackFor(this.db, fingerprintHash, community);
  }

  // ── corrections and solved questions ─────────────────────────────────────────────────────────────
  async recordCorrection(input: NewCorrection): Promise<CorrectionRecord> {
    const r: CorrectionRecord = { ...input, community: input.community ?? '', at: this.now() };
    await this.write('correction', { answerId: r.answerId, by: r.by }, (db) => helpers.recordCorrection(db, r));
    return r;
  }

  markSolved(input: NewSolved): Promise<{ ok: boolean; first: boolean; record?: SolvedRecord }> {
    return this.write('solved mark', { answerId: input.answerId }, (db) => helpers.markSolved(db, input, this.now()));
  }

  solvedFor(answerId: string): Promise<SolvedRecord | undefined> {
    return helpers.solvedFor(this.db, answerId);
  }

  dueArchives(at: number, limit = 20): Promise<SolvedRecord[]> {
    return helpers.dueArchives(this.db, at, limit);
  }

  async archiveDone(answerId: string, at: number): Promise<void> {
    await this.write('archive done', { answerId }, (db) => helpers.archiveDone(db, answerId, at));
  }

  helperStats(filter?: StatsFilter): Promise<HelperStats> {
    return helpers.helperStats(this.db, filter);
  }

  // ── gaps ─────────────────────────────────────────────────────────────────────────────────────────
  async recordGap(gap: NewGap): Promise<void> {
    const at = this.now();
    await this.write('knowledge gap', { fingerprintHash: gap.fingerprintHash, community: gap.community ?? '' }, (db) =>
      gaps.recordGap(db, gap, at),
    );
  }

  async resolveGap(fingerprintHash: string, resolution: GapResolution | null): Promise<number> {
    return this.write('gap resolution', { fingerprintHash, resolution }, (db) => gaps.resolveGap(db, fingerprintHash, resolution));
  }

  // ── channel and community settings ───────────────────────────────────────────────────────────────
  async channelMode(platform: Platform, channelId: string): Promise<ChannelMode | undefined> {
    return settings.channelMode(this.db, platform, channelId);
  }

  async setChannelMode(platform: Platform, channelId: string, mode: ChannelMode, by: string, community = ''): Promise<void> {
    const at = this.now();
    await this.write('channel mode', { platform, channelId, mode }, (db) =>
      settings.setChannelMode(db, { platform, channelId, mode, community, by, at }),
    );
  }

  async listChannelSettings(filter?: StatsFilter): Promise<ChannelSettingRow[]> {
    return stats.channelSettings(this.db, filter);
  }

  async channelQuestions(platform: Platform, channelId: string): Promise<boolean> {
    return settings.channelQuestions(this.db, platform, channelId);
  }

  async setChannelQuestions(
    platform: Platform,
    channelId: string,
    on: boolean,
    by: string,
    mode: ChannelMode,
    community?: string,
  ): Promise<void> {
    const at = this.now();
    await this.write('channel questions', { platform, channelId, on }, (db) =>
      settings.setChannelQuestions(db, { platform, channelId, on, by, mode, community, at }),
    );
  }

  async communitySettings(platform: Platform, community: string): Promise<CommunitySettings | undefined> {
    return stats.communitySettings(this.db, platform, community);
  }

  async setCommunitySettings(input: Omit<CommunitySettings, 'at'>): Promise<CommunitySettings> {
    const r: CommunitySettings = { ...input, at: this.now() };
    await this.write('community settings', { platform: r.platform, community: r.community }, (db) => settings.setCommunitySettings(db, r));
    return r;
  }

  // ── claims ───────────────────────────────────────────────────────────────────────────────────────
  /**
   * The unique key decides: the one INSERT that lands wins. A retried attempt (the connection dropped
   * after the commit) finds a row with its own owner token and still wins; anyone else's row loses.
   * Every claim is committed before it resolves ('relaxed' is no weaker here).
   */
  async claim(key: string): Promise<boolean> {
    const token = `${this.owner}:${newId()}`;
    const r = await this.write('claim', { key }, (db) =>
      db.query<{ owner: string }>(
        `WITH ins AS (INSERT INTO claims (key, at, owner) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING RETURNING owner)
         SELECT owner FROM ins UNION ALL SELECT owner FROM claims WHERE key = $1 AND NOT EXISTS (SELECT 1 FROM ins)`,
        [key, this.now(), token],
      ),
    );
    return r.rows[0]?.owner === token;
  }

  async isClaimed(key: string): Promise<boolean> {
    return ((await this.db.query('SELECT 1 FROM claims WHERE key = $1', [key])).rowCount ?? 0) > 0;
  }

  // ── cooldowns, rate limits, incident windows, Claude usage: windows.ts ───────────────────────────
  async cooldowns(keys: string[]): Promise<Record<string, number>> {
    return windows.cooldowns(this.db, keys, this.now());
  }

  async touchCooldowns(keys: string[], at: number, keepMs: number): Promise<void> {
    await this.write('cooldowns', { keys }, (db) => windows.touchCooldowns(db, keys, at, keepMs));
  }

  async takeRate(key: string, at: number, windowMs: number, limit: number): Promise<{ allowed: boolean; count: number }> {
    return this.write('rate limit', { key }, (db) => windows.takeRate(db, key, at, windowMs, limit));
  }

  async recordIncidentSighting(fingerprintHash: string, channelKey: string, at: number, windowMs: number): Promise<IncidentWindow> {
    return this.write('incident sighting', { fingerprintHash, channelKey }, (db) =>
      windows.sighting(db, fingerprintHash, channelKey, at, windowMs),
    );
  }

  async claimIncidentNotice(fingerprintHash: string, channelKey: string, at: number, windowMs: number, force = false): Promise<boolean> {
    return this.write('incident notice', { fingerprintHash, channelKey }, (db) =>
      windows.claimNotice(db, fingerprintHash, channelKey, at, windowMs, force),
    );
  }

  async claudeUsageToday(): Promise<ClaudeUsageDay> {
    return windows.usageToday(this.db, this.now());
  }

  async recordClaudeUsage(userId: string, inputTokens: number, outputTokens: number, failed = false): Promise<void> {
    await this.write('Claude usage', { userId, inputTokens, outputTokens }, (db) =>
      windows.recordUsage(db, this.now(), userId, inputTokens, outputTokens, failed),
    );
  }

  async claudeUsageDays(days: number): Promise<ClaudeUsageDay[]> {
    return windows.usageDays(this.db, this.now(), days);
  }

  // ── statistics: stats.ts ─────────────────────────────────────────────────────────────────────────
  articleStats(filter?: StatsFilter): Promise<ArticleStats[]> {
    return stats.articleStats(this.db, filter);
  }

  topGaps(limit = 10, filter?: StatsFilter): Promise<GapRecord[]> {
    return stats.topGaps(this.db, limit, filter);
  }

  shadowResults(filter?: StatsFilter): Promise<ShadowRow[]> {
    return stats.shadowResults(this.db, filter);
  }

  answersPerDay(days = 14, filter?: StatsFilter): Promise<DayRow[]> {
    return stats.answersPerDay(this.db, this.now(), days, filter);
  }

  communities(): Promise<Array<{ platform: Platform; community: string }>> {
    return stats.communities(this.db);
  }

  counts(): Promise<StoreCounts> {
    return stats.counts(this.db);
  }

  listAnswers(filter?: StatsFilter, limit = 100): Promise<AnswerWithVotes[]> {
    return stats.listAnswers(this.db, filter, limit);
  }

  // ── lifecycle ────────────────────────────────────────────────────────────────────────────────────
  async prune(): Promise<void> {
    await this.write('prune', {}, (db) =>
      windows.prune(db, this.now(), { retentionDays: this.opts.retentionDays ?? 90, maxAnswers: this.opts.maxAnswers ?? 100_000 }),
    );
  }

  /** Every write is committed before it resolves: nothing is pending. */
  async flush(): Promise<void> {}

  async health(): Promise<StoreHealth> {
    return { engine: this.engine, writeErrors: this.writeErrors, ...(await reachable(this.db.pool)) };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.pruneTimer);
    await this.db.pool.end();
  }
}

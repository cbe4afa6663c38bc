import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { DataFile } from 'lowdb/node';
import type { Logger } from '../observability/log.js';

/**
 * The bot's memory, in one JSON file under DATA_DIR, written with lowdb (steno: temp file + rename, so a
 * crash never leaves a torn file). In-memory indexes make every read and vote O(1); writes are coalesced
 * and debounced, because each one serialises the whole file.
 *
 * One store per file per process (a second open in the same process gets the same instance) and one
 * process per file (a lock file with the owner's pid). A corrupt file is moved aside and a fresh store
 * starts, with a log line saying where the old one went: never a crash loop.
 */

export type Platform = 'slack' | 'discord' | 'local';
export type Trigger = 'auto' | 'mention' | 'command' | 'shortcut' | 'followup' | 'shadow';
export type ChannelMode = 'auto' | 'shadow' | 'off';
export type VoteValue = 'up' | 'down';

export interface AnswerRecord {
  id: string;
  platform: Platform;
  channelId: string;
  /** Thread the answer lives in (the pasted message's thread, or the pasted message itself). */
  threadId: string;
  sourceMessageId: string;
  /** The bot's own message, once posted. */
  replyMessageId: string | null;
  userId: string;
  articleId: string | null;
  fingerprint: string;
  fingerprintHash: string;
  confidence: number;
  trigger: Trigger;
  /** Recorded in shadow mode: not posted. */
  shadow: boolean;
  at: number;
  sdkVersions?: Record<string, string>;
  requestIds?: string[];
}

export interface VoteRecord {
  answerId: string;
  userId: string;
  value: VoteValue;
  at: number;
  /** Why it was not helpful, when the voter said (one of FEEDBACK_REASONS). */
  reason?: FeedbackReason;
}

/** What "not helpful" can mean, so maintainers know whether to fix the matching or the article. */
export const FEEDBACK_REASONS = {
  'wrong-article': 'Wrong article for my error',
  'fix-failed': 'Right problem, but the fix did not work',
  outdated: 'Out of date',
  unclear: 'Hard to follow',
} as const;
export type FeedbackReason = keyof typeof FEEDBACK_REASONS;

export function isFeedbackReason(v: unknown): v is FeedbackReason {
  return typeof v === 'string' && Object.hasOwn(FEEDBACK_REASONS, v);
}

export interface GapRecord {
  fingerprintHash: string;
  fingerprint: string;
  count: number;
  /** One redacted example, cut to 600 characters. */
  example: string;
  firstAt: number;
  lastAt: number;
}

export interface ChannelSetting {
  mode: ChannelMode;
  by: string;
  at: number;
  /** Answer questions in words unprompted here (`/diagnose channel questions on`); off when absent. */
  questions?: boolean;
}

export interface ClaudeUsageDay {
  day: string;
  inputTokens: number;
  outputTokens: number;
  calls: number;
  failures: number;
  byUser: Record<string, number>;
}

export interface StoreData {
  schema: 1;
  answers: AnswerRecord[];
  votes: VoteRecord[];
  gaps: Record<string, GapRecord>;
  channels: Record<string, ChannelSetting>;
  /** Delivery keys already handled (platform retries, double delivery, restarts), with the time seen. */
  processed: Record<string, number>;
  claudeUsage: ClaudeUsageDay[];
}

export const emptyData = (): StoreData => ({
  schema: 1,
  answers: [],
  votes: [],
  gaps: {},
  channels: {},
  processed: {},
  claudeUsage: [],
});

export interface StoreOptions {
  logger: Logger;
  retentionDays?: number;
  maxAnswers?: number;
  /** Milliseconds between a change and the write that persists it. */
  writeDelayMs?: number;
  now?: () => number;
}

export class StoreLockedError extends Error {}

const PROCESSED_TTL_MS = 48 * 3600_000;
const MAX_PROCESSED = 50_000;
const MAX_GAPS = 2_000;
const open_stores = new Map<string, Promise<Store>>();

export interface ArticleStats {
  articleId: string;
  answers: number;
  /** Reasons given with "not helpful" votes, by count. */
  reasons: Partial<Record<FeedbackReason, number>>;
  up: number;
  down: number;
  helpfulRate: number | null;
}

export class Store {
  private readonly answersById = new Map<string, AnswerRecord>();
  private readonly answerByReply = new Map<string, AnswerRecord>();
  private readonly votesByKey = new Map<string, VoteRecord>();
  /** `${fingerprintHash}|${articleId}` → net votes, for feedback into ranking. */
  private readonly feedback = new Map<string, { up: number; down: number }>();
  private writeTimer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private closed = false;
  readonly now: () => number;

  private constructor(
    readonly file: string,
    private readonly db: Low<StoreData>,
    private readonly opts: StoreOptions,
  ) {
    this.now = opts.now ?? Date.now;
    for (const a of db.data.answers) this.indexAnswer(a);
    for (const v of db.data.votes) this.applyVote(v, 1);
  }

  /** Opens (or returns the already open) store for `file`. */
  static open(file: string, opts: StoreOptions): Promise<Store> {
    const key = path.resolve(file);
    let pending = open_stores.get(key);
    if (!pending) {
      pending = Store.openFresh(key, opts);
      open_stores.set(key, pending);
      pending.catch(() => open_stores.delete(key));
    }
    return pending;
  }

  private static async openFresh(file: string, opts: StoreOptions): Promise<Store> {
    await mkdir(path.dirname(file), { recursive: true });
    await acquireLock(`${file}.lock`, opts.logger);
    const data = await readOrRecover(file, opts.logger);
    // Compact JSON: a third of the size of lowdb's indented default, and that much faster to write.
    const db = new Low<StoreData>(new DataFile<StoreData>(file, { parse: JSON.parse, stringify: (d) => JSON.stringify(d) }), data);
    const store = new Store(file, db, opts);
    store.prune();
    await store.flush();
    return store;
  }

  get data(): Readonly<StoreData> {
    return this.db.data;
  }

  // ── answers ────────────────────────────────────────────────────────────────────────────────────
  recordAnswer(a: Omit<AnswerRecord, 'id' | 'at' | 'replyMessageId'> & { id?: string }): AnswerRecord {
    const record: AnswerRecord = { ...a, id: a.id ?? newId(), at: this.now(), replyMessageId: null };
    this.db.data.answers.push(record);
    this.indexAnswer(record);
    if (this.db.data.answers.length > (this.opts.maxAnswers ?? 100_000) * 1.05) this.prune();
    this.changed();
    return record;
  }

  answerPosted(answerId: string, replyMessageId: string): void {
    const a = this.answersById.get(answerId);
    if (!a) return;
    a.replyMessageId = replyMessageId;
    this.answerByReply.set(`${a.platform}:${a.channelId}:${replyMessageId}`, a);
    this.changed();
  }

  /** The posted answer now shows another article (Claude chose among close candidates): votes count for that one. */
  setAnswerArticle(answerId: string, articleId: string): void {
    const a = this.answersById.get(answerId);
    if (!a || a.articleId === articleId) return;
    const votes = this.db.data.votes.filter((v) => v.answerId === answerId);
    for (const v of votes) this.applyVote(v, -1);
    a.articleId = articleId;
    for (const v of votes) this.applyVote(v, 1);
    this.changed();
  }

  getAnswer(id: string): AnswerRecord | undefined {
    return this.answersById.get(id);
  }

  answerByReplyMessage(platform: Platform, channelId: string, messageId: string): AnswerRecord | undefined {
    return this.answerByReply.get(`${platform}:${channelId}:${messageId}`);
  }

  /** The newest posted answer with this fingerprint in this channel since `since`. */
  recentAnswer(platform: Platform, channelId: string, fingerprintHash: string, since: number): AnswerRecord | undefined {
    const list = this.db.data.answers;
    for (let i = list.length - 1; i >= 0; i--) {
      const a = list[i] as AnswerRecord;
      if (a.at < since) return undefined;
      if (!a.shadow && a.platform === platform && a.channelId === channelId && a.fingerprintHash === fingerprintHash) return a;
    }
    return undefined;
  }

  /** Did the bot answer in this thread (so a new paste there needs no mention)? */
  answeredThread(platform: Platform, channelId: string, threadId: string): boolean {
    return this.threads.has(`${platform}:${channelId}:${threadId}`);
  }

  private readonly threads = new Set<string>();

  private indexAnswer(a: AnswerRecord): void {
    this.answersById.set(a.id, a);
    if (a.replyMessageId) this.answerByReply.set(`${a.platform}:${a.channelId}:${a.replyMessageId}`, a);
    if (!a.shadow) this.threads.add(`${a.platform}:${a.channelId}:${a.threadId}`);
  }

  // ── votes ──────────────────────────────────────────────────────────────────────────────────────
  /**
   * One vote per user per answer; a new vote replaces the old one (last write wins). A reason given
   * later with the same "down" vote is added to it.
   */
  vote(answerId: string, userId: string, value: VoteValue, reason?: FeedbackReason): { ok: boolean; previous: VoteValue | null } {
    const answer = this.answersById.get(answerId);
    if (!answer) return { ok: false, previous: null };
    const key = `${answerId}:${userId}`;
    const previous = this.votesByKey.get(key);
    const previousValue = previous?.value ?? null;
    if (previousValue === value) {
      if (previous && reason && value === 'down' && previous.reason !== reason) {
        previous.reason = reason;
        this.changed();
      }
      return { ok: true, previous: value };
    }
    const record: VoteRecord = { answerId, userId, value, at: this.now(), ...(value === 'down' && reason ? { reason } : {}) };
    if (previous) {
      this.applyVote(previous, -1);
      delete previous.reason;
      Object.assign(previous, record);
      this.applyVote(previous, 1);
    } else {
      this.db.data.votes.push(record);
      this.applyVote(record, 1);
    }
    this.changed();
    return { ok: true, previous: previousValue };
  }

  /**
   * Takes a vote back (a removed 👍/👎 reaction). Only the matching vote is removed, so removing a 👍
   * after voting 👎 with the button leaves the 👎.
   */
  withdrawVote(answerId: string, userId: string, value: VoteValue): boolean {
    const key = `${answerId}:${userId}`;
    const vote = this.votesByKey.get(key);
    if (!vote || vote.value !== value) return false;
    this.applyVote(vote, -1);
    this.votesByKey.delete(key);
    const i = this.db.data.votes.indexOf(vote);
    if (i >= 0) this.db.data.votes.splice(i, 1);
    this.changed();
    return true;
  }

  private applyVote(v: VoteRecord, sign: 1 | -1): void {
    if (sign === 1) this.votesByKey.set(`${v.answerId}:${v.userId}`, v);
    const answer = this.answersById.get(v.answerId);
    if (!answer?.articleId) return;
    const key = `${answer.fingerprintHash}|${answer.articleId}`;
    const f = this.feedback.get(key) ?? { up: 0, down: 0 };
    f[v.value] += sign;
    this.feedback.set(key, f);
  }

  /**
   * Ranking multiplier for an article on a fingerprint: an article marked unhelpful for this error
   * more often than helpful (by two or more) is pushed down, at most to 0.3 of its score.
   */
  feedbackFactor(fingerprintHash: string, articleId: string): number {
    const f = this.feedback.get(`${fingerprintHash}|${articleId}`);
    if (!f) return 1;
    const net = f.down - f.up;
    return net >= 2 ? Math.max(0.3, 1 - 0.2 * net) : 1;
  }

  // ── gaps, channels, processed keys ─────────────────────────────────────────────────────────────
  recordGap(fingerprintHash: string, fingerprint: string, redactedExample: string): void {
    const g = this.db.data.gaps[fingerprintHash];
    const now = this.now();
    if (g) {
      g.count++;
      g.lastAt = now;
    } else {
      this.db.data.gaps[fingerprintHash] = {
        fingerprintHash,
        fingerprint,
        count: 1,
        example: redactedExample.slice(0, 600),
        firstAt: now,
        lastAt: now,
      };
    }
    this.changed();
  }

  channelMode(platform: Platform, channelId: string): ChannelMode | undefined {
    return this.db.data.channels[`${platform}:${channelId}`]?.mode;
  }

  setChannelMode(platform: Platform, channelId: string, mode: ChannelMode, by: string): void {
    const key = `${platform}:${channelId}`;
    this.db.data.channels[key] = { ...this.db.data.channels[key], mode, by, at: this.now() };
    this.changed();
  }

  channelQuestions(platform: Platform, channelId: string): boolean {
    return this.db.data.channels[`${platform}:${channelId}`]?.questions === true;
  }

  /** `mode` is the channel's effective mode, kept when the channel had no setting of its own yet. */
  setChannelQuestions(platform: Platform, channelId: string, on: boolean, by: string, mode: ChannelMode): void {
    const key = `${platform}:${channelId}`;
    this.db.data.channels[key] = { mode, ...this.db.data.channels[key], questions: on, by, at: this.now() };
    this.changed();
  }

  /** True the first time a key is seen; false for a repeat (a retry, a double delivery). */
  markProcessed(key: string): boolean {
    if (this.db.data.processed[key] !== undefined) return false;
    this.db.data.processed[key] = this.now();
    this.changed();
    return true;
  }

  isProcessed(key: string): boolean {
    return this.db.data.processed[key] !== undefined;
  }

  // ── statistics ─────────────────────────────────────────────────────────────────────────────────
  articleStats(): ArticleStats[] {
    const byArticle = new Map<string, ArticleStats>();
    const get = (id: string) => {
      const s = byArticle.get(id) ?? { articleId: id, answers: 0, reasons: {}, up: 0, down: 0, helpfulRate: null };
      byArticle.set(id, s);
      return s;
    };
    for (const a of this.db.data.answers) if (a.articleId && !a.shadow) get(a.articleId).answers++;
    for (const v of this.votesByKey.values()) {
      const a = this.answersById.get(v.answerId);
      if (!a?.articleId) continue;
      const s = get(a.articleId);
      s[v.value]++;
      if (v.value === 'down' && v.reason) s.reasons[v.reason] = (s.reasons[v.reason] ?? 0) + 1;
    }
    for (const s of byArticle.values()) s.helpfulRate = s.up + s.down > 0 ? s.up / (s.up + s.down) : null;
    return [...byArticle.values()].sort((a, b) => b.answers - a.answers || a.articleId.localeCompare(b.articleId));
  }

  topGaps(limit = 10): GapRecord[] {
    return Object.values(this.db.data.gaps)
      .sort((a, b) => b.count - a.count || b.lastAt - a.lastAt)
      .slice(0, limit);
  }

  shadowResults(): Array<{ platform: Platform; channelId: string; wouldAnswer: number; up: number; down: number }> {
    const rows = new Map<string, { platform: Platform; channelId: string; wouldAnswer: number; up: number; down: number }>();
    for (const a of this.db.data.answers) {
      if (!a.shadow) continue;
      const key = `${a.platform}:${a.channelId}`;
      const row = rows.get(key) ?? { platform: a.platform, channelId: a.channelId, wouldAnswer: 0, up: 0, down: 0 };
      row.wouldAnswer++;
      rows.set(key, row);
    }
    return [...rows.values()];
  }

  /** One row per day for the last `days` days, oldest first, zeros included (charts need the gaps). */
  answersPerDay(days = 14): Array<{ day: string; answers: number; shadow: number }> {
    const out = new Map<string, { day: string; answers: number; shadow: number }>();
    const today = Math.floor(this.now() / 86_400_000) * 86_400_000;
    for (let i = days - 1; i >= 0; i--) {
      const day = new Date(today - i * 86_400_000).toISOString().slice(0, 10);
      out.set(day, { day, answers: 0, shadow: 0 });
    }
    const since = today - (days - 1) * 86_400_000;
    for (const a of this.db.data.answers) {
      if (a.at < since) continue;
      const row = out.get(new Date(a.at).toISOString().slice(0, 10));
      if (!row) continue;
      if (a.shadow) row.shadow++;
      else row.answers++;
    }
    return [...out.values()];
  }

  // ── Claude usage (cost guard) ──────────────────────────────────────────────────────────────────
  claudeUsageToday(): ClaudeUsageDay {
    const day = new Date(this.now()).toISOString().slice(0, 10);
    let usage = this.db.data.claudeUsage.find((u) => u.day === day);
    if (!usage) {
      usage = { day, inputTokens: 0, outputTokens: 0, calls: 0, failures: 0, byUser: {} };
      this.db.data.claudeUsage.push(usage);
      if (this.db.data.claudeUsage.length > 90) this.db.data.claudeUsage.splice(0, this.db.data.claudeUsage.length - 90);
    }
    return usage;
  }

  recordClaudeUsage(userId: string, inputTokens: number, outputTokens: number, failed = false): void {
    const u = this.claudeUsageToday();
    u.calls++;
    if (failed) u.failures++;
    u.inputTokens += inputTokens;
    u.outputTokens += outputTokens;
    u.byUser[userId] = (u.byUser[userId] ?? 0) + inputTokens + outputTokens;
    this.changed();
  }

  // ── persistence ────────────────────────────────────────────────────────────────────────────────
  /** Drops answers past retention or over the cap (oldest first), their votes, and stale keys. */
  prune(): void {
    const now = this.now();
    const data = this.db.data;
    const cutoff = now - (this.opts.retentionDays ?? 90) * 86_400_000;
    const max = this.opts.maxAnswers ?? 100_000;
    let drop = 0;
    while (drop < data.answers.length && (data.answers[drop] as AnswerRecord).at < cutoff) drop++;
    drop = Math.max(drop, data.answers.length - max);
    if (drop > 0) {
      const removed = new Set(data.answers.splice(0, drop).map((a) => a.id));
      for (const id of removed) {
        const a = this.answersById.get(id);
        this.answersById.delete(id);
        if (a?.replyMessageId) this.answerByReply.delete(`${a.platform}:${a.channelId}:${a.replyMessageId}`);
      }
      const kept: VoteRecord[] = [];
      for (const v of data.votes) {
        if (removed.has(v.answerId)) {
          this.votesByKey.delete(`${v.answerId}:${v.userId}`);
        } else kept.push(v);
      }
      data.votes = kept;
      this.feedback.clear();
      for (const v of kept) this.applyVote(v, 1);
    }
    const processedCutoff = now - PROCESSED_TTL_MS;
    const keys = Object.entries(data.processed);
    if (keys.length > MAX_PROCESSED || keys.some(([, t]) => t < processedCutoff)) {
      data.processed = Object.fromEntries(
        keys
          .filter(([, t]) => t >= processedCutoff)
          .sort((a, b) => b[1] - a[1])
          .slice(0, MAX_PROCESSED),
      );
    }
    const gaps = Object.values(data.gaps);
    if (gaps.length > MAX_GAPS || gaps.some((g) => g.lastAt < cutoff)) {
      data.gaps = Object.fromEntries(
        gaps
          .filter((g) => g.lastAt >= cutoff)
          .sort((a, b) => b.count - a.count)
          .slice(0, MAX_GAPS)
          .map((g) => [g.fingerprintHash, g]),
      );
    }
    this.changed();
  }

  private changed(): void {
    if (this.closed || this.writeTimer) return;
    this.writeTimer = setTimeout(() => {
      this.writeTimer = null;
      void this.flush();
    }, this.nextWriteDelay());
    this.writeTimer.unref();
  }

  /**
   * A large store costs more to write (the whole file is serialised): wait at least five times as long
   * as the last write took, so writing never takes more than a fifth of the process's time.
   */
  private nextWriteDelay(): number {
    return Math.min(30_000, Math.max(this.opts.writeDelayMs ?? 1_000, this.lastWriteMs * 5));
  }

  private lastWriteMs = 0;

  /** Writes now (coalescing with a write already under way) and resolves when the file is on disk. */
  flush(): Promise<void> {
    if (this.writeTimer) {
      clearTimeout(this.writeTimer);
      this.writeTimer = null;
    }
    const write = async () => {
      const t = performance.now();
      await this.db.write();
      this.lastWriteMs = performance.now() - t;
    };
    this.writing = this.writing.then(write, write);
    this.writing.catch((err: Error) =>
      this.opts.logger.error({ err, file: this.file }, 'could not write the data file; will retry on the next change'),
    );
    return this.writing;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush().catch(() => undefined);
    this.closed = true;
    open_stores.delete(this.file);
    await rm(`${this.file}.lock`, { force: true });
  }
}

export function newId(): string {
  return randomBytes(9).toString('base64url');
}

async function readOrRecover(file: string, logger: Logger): Promise<StoreData> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptyData();
    return moveAside(file, logger, `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return moveAside(file, logger, `is not valid JSON (${(err as Error).message})`);
  }
  if (!isStoreData(parsed)) return moveAside(file, logger, 'does not have the expected shape');
  return { ...emptyData(), ...parsed };
}

function isStoreData(v: unknown): v is StoreData {
  if (!v || typeof v !== 'object') return false;
  const d = v as Partial<StoreData>;
  return (
    d.schema === 1 &&
    Array.isArray(d.answers) &&
    Array.isArray(d.votes) &&
    typeof d.gaps === 'object' &&
    typeof d.channels === 'object' &&
    typeof d.processed === 'object'
  );
}

async function moveAside(file: string, logger: Logger, why: string): Promise<StoreData> {
  const aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  try {
    await rename(file, aside);
    logger.error({ file, movedTo: aside }, `data file ${why}; moved it aside and started a fresh store`);
  } catch (err) {
    logger.error({ file, err }, `data file ${why} and could not be moved aside; starting a fresh store in memory`);
  }
  return emptyData();
}

async function acquireLock(lockFile: string, logger: Logger): Promise<void> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lockFile, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number.parseInt(await readFile(lockFile, 'utf8').catch(() => ''), 10);
      if (owner && owner !== process.pid && isAlive(owner)) {
        throw new StoreLockedError(`${lockFile} is held by running process ${owner}: only one diagnose-bot may use a data directory`);
      }
      const age = await stat(lockFile).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      logger.warn({ lockFile, owner, ageMs: age }, 'removing a stale lock left by a process that is gone');
      await rm(lockFile, { force: true });
    }
  }
  throw new StoreLockedError(`could not take the lock ${lockFile}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

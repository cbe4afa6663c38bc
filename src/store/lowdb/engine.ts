import type { Durability, GapResolution, IncidentWindow, Store, StoreHealth, StoreOptions, VoteResult } from '../contract.js';
import { StoreWriteError } from '../contract.js';
import {
  type AnswerRecord,
  type ChannelMode,
  type CommunitySettings,
  type CorrectionRecord,
  channelKey,
  dayOf,
  emptyUsageDay,
  type FeedbackReason,
  type NewAnswer,
  type NewCorrection,
  type NewGap,
  type NewSolved,
  newId,
  type Platform,
  type SolvedRecord,
  type VoteRecord,
  type VoteValue,
} from '../records.js';
import { type CompactionListener, Compactor } from './compaction.js';
import { documentOf, type StoreDocument } from './document.js';
import { Ephemeral } from './ephemeral.js';
import { mergeGap, withUsage } from './helpers.js';
import { LowdbQueries } from './queries.js';
import { prune } from './retention.js';
import { type Entry, gapKey, type State } from './state.js';
import type { WriteAheadLog } from './wal.js';

export interface LowdbOptions extends StoreOptions {
  /** Log bytes after which the document is compacted in the background. */
  compactAfterBytes?: number;
  /** Stores with more records (answers + votes) than this are compacted by a worker thread (compaction.ts). */
  compactOffThreadAbove?: number;
  onCompaction?: CompactionListener;
}

/**
 * The embedded engine: every record in memory (State), every change appended to the write-ahead log and
 * fsynced before the method resolves, the JSON document rewritten in the background from time to time.
 * Claims are atomic because the check and the change happen in one synchronous step of the one process
 * that holds the lock.
 */
export class LowdbStore extends LowdbQueries implements Store {
  readonly engine = 'lowdb' as const;
  private readonly ephemeral = new Ephemeral();
  private readonly compactor: Compactor;
  private pruneTimer: NodeJS.Timeout;
  private writeError: Error | null = null;
  private writeErrors = 0;
  private closed = false;
  /** Releases what `openLowdbStore` took (the lock, the per-process registration). */
  afterClose: (() => Promise<void>) | null = null;

  constructor(
    readonly file: string,
    state: State,
    private readonly wal: WriteAheadLog,
    private readonly opts: LowdbOptions,
    private readonly setAside: number,
  ) {
    super(state, opts.now ?? Date.now);
    this.compactor = new Compactor(file, state, wal, {
      logger: opts.logger,
      limits: this.limits,
      now: this.now,
      offThreadAbove: opts.compactOffThreadAbove ?? 20_000,
      onCompaction: opts.onCompaction,
    });
    this.pruneTimer = setInterval(() => void this.prune(), 3_600_000);
    this.pruneTimer.unref();
  }

  /** The write-ahead log segment new changes go to. */
  get currentSegment(): number {
    return this.wal.currentSegment;
  }

  /** The log calls back here for every batch it could not write. */
  walFailed(err: Error, lost: Record<string, number>): void {
    this.writeErrors++;
    this.writeError = err;
    this.opts.logger.error({ err, file: this.file, lost }, 'store write failed: these changes were not saved (their callers were told)');
    this.opts.onWriteError?.(err);
  }

  walCommitted(): void {
    this.writeError = null;
  }

  private write(entry: Entry, durable = true): Promise<void> {
    if (this.closed) return Promise.reject(new StoreWriteError('the store is closed'));
    this.state.apply(entry);
    const done = this.wal.append(entry, durable);
    if (this.wal.bytes > (this.opts.compactAfterBytes ?? 8 * 1024 * 1024)) void this.compactor.run();
    return done ?? Promise.resolve();
  }

  // ── answers ──────────────────────────────────────────────────────────────────────────────────────
  async recordAnswer(input: NewAnswer): Promise<AnswerRecord> {
    const record: AnswerRecord = {
      ...input,
      community: input.community ?? '',
      id: input.id ?? newId(),
      at: this.now(),
      replyMessageId: null,
    };
    await this.write({ t: 'a', r: record });
    this.keepCap();
    return { ...record };
  }

  async answerPosted(answerId: string, replyMessageId: string): Promise<void> {
    const a = this.state.answersById.get(answerId);
    if (a) await this.write({ t: 'a', r: { ...a, replyMessageId } });
  }

  async setAnswerArticle(answerId: string, articleId: string): Promise<void> {
    const a = this.state.answersById.get(answerId);
    if (a && a.articleId !== articleId) await this.write({ t: 'a', r: { ...a, articleId } });
  }

  // ── votes ────────────────────────────────────────────────────────────────────────────────────────
  async vote(answerId: string, userId: string, value: VoteValue, reason?: FeedbackReason): Promise<VoteResult> {
    if (!this.state.answersById.has(answerId)) return { ok: false, previous: null };
    const previous = this.state.vote(answerId, userId);
    if (previous?.value === value) {
      if (reason && value === 'down' && previous.reason !== reason) await this.write({ t: 'v', r: { ...previous, reason } });
      return { ok: true, previous: value };
    }
    const record: VoteRecord = { answerId, userId, value, at: this.now(), ...(value === 'down' && reason ? { reason } : {}) };
    await this.write({ t: 'v', r: record });
    return { ok: true, previous: previous?.value ?? null };
  }

  async withdrawVote(answerId: string, userId: string, value: VoteValue): Promise<boolean> {
    if (this.state.vote(answerId, userId)?.value !== value) return false;
    await this.write({ t: 'vx', a: answerId, u: userId });
    return true;
  }

  // ── corrections and solved questions ─────────────────────────────────────────────────────────────
  async recordCorrection(input: NewCorrection): Promise<CorrectionRecord> {
    const r: CorrectionRecord = { ...input, community: input.community ?? '', at: this.now() };
    await this.write({ t: 'x', r });
    return { ...r };
  }

  async markSolved(input: NewSolved): Promise<{ ok: boolean; first: boolean; record?: SolvedRecord }> {
    if (!this.state.answersById.has(input.answerId)) return { ok: false, first: false };
    const existing = this.state.solved.get(input.answerId);
    if (existing) return { ok: true, first: false, record: { ...existing } };
    const r: SolvedRecord = { ...input, community: input.community ?? '', at: this.now(), archivedAt: null };
    await this.write({ t: 's', r });
    return { ok: true, first: true, record: { ...r } };
  }

  async archiveDone(answerId: string, at: number): Promise<void> {
    const s = this.state.solved.get(answerId);
    if (s && s.archivedAt === null) await this.write({ t: 's', r: { ...s, archivedAt: at } });
  }

  // ── gaps, channels, communities ──────────────────────────────────────────────────────────────────
  async recordGap(gap: NewGap): Promise<void> {
    const key = gapKey(gap.community ?? '', gap.fingerprintHash);
    await this.write({ t: 'g', k: key, r: mergeGap(this.state.gaps.get(key), gap, this.now()) });
  }

  async resolveGap(fingerprintHash: string, resolution: GapResolution | null): Promise<number> {
    const changes = [...this.state.gaps].filter(([, g]) => g.fingerprintHash === fingerprintHash);
    await Promise.all(
      changes.map(([k, { resolution: _old, ...g }]) =>
        this.write({ t: 'g', k, r: resolution ? { ...g, resolution: { ...resolution } } : g }),
      ),
    );
    return changes.length;
  }

  async setChannelMode(platform: Platform, channelId: string, mode: ChannelMode, by: string, community = ''): Promise<void> {
    const k = channelKey(platform, channelId);
    const questions = this.state.channels.get(k)?.questions;
    await this.write({ t: 'c', k, r: { mode, by, community, at: this.now(), ...(questions !== undefined ? { questions } : {}) } });
  }

  async setChannelQuestions(
    platform: Platform,
    channelId: string,
    on: boolean,
    by: string,
    mode: ChannelMode,
    community?: string,
  ): Promise<void> {
    const k = channelKey(platform, channelId);
    const old = this.state.channels.get(k);
    const r = { mode: old?.mode ?? mode, community: community ?? old?.community ?? '', by, at: this.now(), questions: on };
    await this.write({ t: 'c', k, r });
  }

  async setCommunitySettings(settings: Omit<CommunitySettings, 'at'>): Promise<CommunitySettings> {
    const r: CommunitySettings = { ...settings, at: this.now() };
    await this.write({ t: 'cs', k: `${settings.platform}:${settings.community}`, r });
    return { ...r };
  }

  // ── claims, cooldowns, incidents ─────────────────────────────────────────────────────────────────
  async claim(key: string, durability: Durability = 'durable'): Promise<boolean> {
    if (this.state.claims.has(key)) return false;
    const at = this.now();
    try {
      await this.write({ t: 'p', k: key, at }, durability === 'durable');
    } catch (err) {
      // Not durable, so not claimed: a retry of the same event may try again.
      if (this.state.claims.get(key) === at) this.state.claims.delete(key);
      throw err;
    }
    return true;
  }

  async cooldowns(keys: string[]): Promise<Record<string, number>> {
    return this.ephemeral.cooldowns(keys);
  }

  async touchCooldowns(keys: string[], at: number, keepMs: number): Promise<void> {
    this.ephemeral.touch(keys, at, keepMs);
  }

  async takeRate(key: string, at: number, windowMs: number, limit: number): Promise<{ allowed: boolean; count: number }> {
    return this.ephemeral.takeRate(key, at, windowMs, limit);
  }

  async recordIncidentSighting(fingerprintHash: string, channel: string, at: number, windowMs: number): Promise<IncidentWindow> {
    return this.ephemeral.sighting(fingerprintHash, channel, at, windowMs);
  }

  async claimIncidentNotice(fingerprintHash: string, channel: string, at: number, windowMs: number, force = false): Promise<boolean> {
    return this.ephemeral.claimNotice(fingerprintHash, channel, at, windowMs, force);
  }

  // ── Claude usage ─────────────────────────────────────────────────────────────────────────────────

  async recordClaudeUsage(userId: string, inputTokens: number, outputTokens: number, failed = false): Promise<void> {
    const day = dayOf(this.now());
    const r = withUsage(this.state.usage.get(day) ?? emptyUsageDay(day), userId, inputTokens, outputTokens, failed);
    await this.write({ t: 'u', r });
  }

  // ── statistics ───────────────────────────────────────────────────────────────────────────────────

  // ── lifecycle ────────────────────────────────────────────────────────────────────────────────────
  private get maxAnswers(): number {
    return this.opts.maxAnswers ?? 100_000;
  }

  private get limits(): { retentionDays: number; maxAnswers: number } {
    return { retentionDays: this.opts.retentionDays ?? 90, maxAnswers: this.maxAnswers };
  }

  /** Compactions finished so far, by writer (the worker thread or the main thread from memory). */
  get compactions(): { memory: number; worker: number } {
    return { ...this.compactor.done };
  }

  /**
   * MAX_STORED_ANSWERS, kept as answers come: the oldest beyond it go now (usually one), a few
   * microseconds, rather than a sweep over the whole store every 5 % of growth. Not while the
   * in-memory writer reads the answers array by index: then the next prune does it.
   */
  private keepCap(): void {
    const excess = this.state.answers.length - this.maxAnswers;
    if (excess <= 0) return;
    if (this.compactor.readingMemory) void this.prune();
    else this.state.dropOldest(excess);
  }

  async prune(): Promise<void> {
    // The in-memory writer reads the answers array by index: pruning (which removes from its front) waits for it.
    while (this.compactor.readingMemory) await this.compactor.readingMemory;
    prune(this.state, this.limits, this.now());
  }

  async flush(): Promise<void> {
    await this.wal.commit();
    if (this.writeError) throw this.writeError;
  }

  async health(): Promise<StoreHealth> {
    const base = { engine: this.engine, writeErrors: this.writeErrors, setAside: this.setAside };
    return this.writeError ? { ...base, ok: false, error: this.writeError.message } : { ...base, ok: true };
  }

  /**
   * Folds the log into the document now, every change made so far included (it also happens by itself
   * as the log grows, and on close).
   */
  compact(): Promise<void> {
    return this.compactor.runCovering();
  }

  /**
   * Every stored record as a document (validated at load, the log replayed): for `db import` into
   * PostgreSQL and for tests. The records are the live ones, not to be changed.
   */
  records(): StoreDocument {
    return documentOf(this.state);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    clearInterval(this.pruneTimer);
    await this.compactor.current;
    await this.wal.commit();
    this.closed = true;
    await this.compact();
    await this.wal.close();
    await this.afterClose?.();
  }
}

import type { FeedbackCounts } from '../contract.js';
import type {
  AnswerRecord,
  ChannelSetting,
  ClaudeUsageDay,
  CommunitySettings,
  CorrectionRecord,
  GapRecord,
  SolvedRecord,
  VoteRecord,
} from '../records.js';
import { Interner } from './intern.js';
import { ShardedMap } from './sharded-map.js';

/**
 * The embedded engine's memory: every record, with the indexes that make each read O(1) (or a short walk
 * back from the newest answer). Changes arrive as `Entry`s, the same ones the write-ahead log holds, so
 * a live change and its replay after a crash go through the one `apply`.
 *
 * Entries carry whole records (upsert) or name what to delete: applying one twice, or applying an older
 * one before a newer one again, ends in the same state. That is what lets compaction snapshot a document
 * that is changing underneath it and still replay the log on top.
 */
export type Entry =
  | { t: 'a'; r: AnswerRecord }
  | { t: 'v'; r: VoteRecord }
  | { t: 'vx'; a: string; u: string }
  | { t: 'g'; k: string; r: GapRecord }
  | { t: 'c'; k: string; r: ChannelSetting }
  | { t: 'cs'; k: string; r: CommunitySettings }
  | { t: 'p'; k: string; at: number }
  | { t: 'u'; r: ClaudeUsageDay }
  | { t: 'x'; r: CorrectionRecord }
  | { t: 's'; r: SolvedRecord };

/**
 * A voter's up and down votes on answers showing one article for one fingerprint, in one number (no
 * object per voter): up + down × 2^26. Both stay far below 2^26 (67 million votes by one person).
 */
const DOWN = 2 ** 26;
const upsOf = (f: number) => f % DOWN;
const downsOf = (f: number) => Math.floor(f / DOWN);
export const replyKey = (a: { platform: string; channelId: string }, replyMessageId: string) =>
  `${a.platform}:${a.channelId}:${replyMessageId}`;
const threadKey = (a: { platform: string; channelId: string; threadId: string }) => `${a.platform}:${a.channelId}:${a.threadId}`;
export const correctionKey = (c: { answerId: string; by: string }) => `${c.answerId}:${c.by}`;
const scopeKey = (community: string, fingerprintHash: string) => `${community}|${fingerprintHash}`;
export const gapKey = (community: string, fingerprintHash: string) => (community ? `${community}|${fingerprintHash}` : fingerprintHash);

export class State {
  /** Oldest first (the order they were recorded); the objects are updated in place. */
  readonly answers: AnswerRecord[] = [];
  readonly answersById = new ShardedMap<AnswerRecord>();
  readonly answerByReply = new ShardedMap<AnswerRecord>();
  /** Threads with a posted answer → how many answers there. */
  private readonly threads = new ShardedMap<number>();
  /**
   * answer id → its votes: the one vote itself while an answer has one voter (most have none or one),
   * a map by voter once it has more. No key string or index entry per vote: every object the store
   * holds is one more for the garbage collector to mark on each full collection.
   */
  private readonly votesByAnswer = new ShardedMap<VoteRecord | Map<string, VoteRecord>>();
  private voteCount = 0;
  /**
   * community|fingerprint hash → article → voter → their up and down votes on answers showing it
   * (packed, see DOWN), for ranking. Only platform users count: the local page's votes are left out.
   */
  private readonly feedback = new Map<string, Map<string, Map<string, number>>>();
  /** Shared copies of the strings records repeat (channels, users, articles, fingerprints). */
  private readonly interner = new Interner();
  /** answerId:helper → that helper's correction of the answer. */
  readonly corrections = new Map<string, CorrectionRecord>();
  /** answerId → the solved mark. */
  readonly solved = new Map<string, SolvedRecord>();
  readonly gaps = new Map<string, GapRecord>();
  readonly channels = new Map<string, ChannelSetting>();
  readonly communities = new Map<string, CommunitySettings>();
  readonly claims = new Map<string, number>();
  readonly usage = new Map<string, ClaudeUsageDay>();

  apply(e: Entry): void {
    switch (e.t) {
      case 'a':
        this.putAnswer(e.r);
        return;
      case 'v':
        this.putVote(e.r);
        return;
      case 'vx':
        this.deleteVote(e.a, e.u);
        return;
      case 'g':
        this.gaps.set(e.k, e.r);
        return;
      case 'c':
        this.channels.set(e.k, e.r);
        return;
      case 'cs':
        this.communities.set(e.k, e.r);
        return;
      case 'p':
        this.claims.set(e.k, e.at);
        return;
      case 'u':
        this.usage.set(e.r.day, e.r);
        return;
      case 'x':
        this.corrections.set(correctionKey(e.r), e.r);
        return;
      case 's':
        this.solved.set(e.r.answerId, e.r);
        return;
    }
  }

  // ── answers ──────────────────────────────────────────────────────────────────────────────────────
  private putAnswer(r: AnswerRecord): void {
    this.interner.answer(r);
    const existing = this.answersById.get(r.id);
    if (!existing) {
      this.answers.push(r);
      this.answersById.set(r.id, r);
      this.indexAnswer(r, 1);
      return;
    }
    if (existing === r) return;
    const votes = this.votesOf(r.id);
    for (const v of votes) this.countVote(v, -1);
    this.indexAnswer(existing, -1);
    for (const k of Object.keys(existing)) if (!(k in r)) delete (existing as Record<string, unknown>)[k];
    Object.assign(existing, r);
    this.indexAnswer(existing, 1);
    for (const v of votes) this.countVote(v, 1);
  }

  private indexAnswer(a: AnswerRecord, sign: 1 | -1): void {
    if (a.replyMessageId) {
      if (sign === 1) this.answerByReply.set(replyKey(a, a.replyMessageId), a);
      else this.answerByReply.delete(replyKey(a, a.replyMessageId));
    }
    if (a.shadow) return;
    const key = threadKey(a);
    const n = (this.threads.get(key) ?? 0) + sign;
    if (n > 0) this.threads.set(key, n);
    else this.threads.delete(key);
  }

  answeredThread(platform: string, channelId: string, threadId: string): boolean {
    return this.threads.has(threadKey({ platform, channelId, threadId }));
  }

  /**
   * Removes the `count` oldest answers (and their votes); the indexes follow. The work is proportional
   * to what goes, not to what stays: the cap can be kept one answer at a time as new ones come.
   */
  dropOldest(count: number): void {
    if (count <= 0) return;
    for (const a of this.answers.splice(0, count)) {
      for (const v of this.votesOf(a.id)) this.deleteVote(v.answerId, v.userId);
      this.indexAnswer(a, -1);
      this.answersById.delete(a.id);
    }
  }

  /** Puts answers back in order of time (after a replay appended some out of order). */
  sortAnswers(): void {
    for (let i = 1; i < this.answers.length; i++) {
      if ((this.answers[i] as AnswerRecord).at < (this.answers[i - 1] as AnswerRecord).at) {
        this.answers.sort((a, b) => a.at - b.at);
        return;
      }
    }
  }

  // ── votes ──────────────────────────────────────────────────────────────────────────────────────
  /** Every vote stored: how many, and each one (answer by answer). */
  get votes(): { size: number; values(): IterableIterator<VoteRecord> } {
    const byAnswer = this.votesByAnswer;
    return {
      size: this.voteCount,
      *values() {
        for (const v of byAnswer.values()) {
          if (v instanceof Map) yield* v.values();
          else yield v;
        }
      },
    };
  }

  votesOf(answerId: string): VoteRecord[] {
    const v = this.votesByAnswer.get(answerId);
    if (!v) return [];
    return v instanceof Map ? [...v.values()] : [v];
  }

  private putVote(r: VoteRecord): void {
    this.interner.vote(r, this.answersById.get(r.answerId)?.id);
    const held = this.votesByAnswer.get(r.answerId);
    const old = this.vote(r.answerId, r.userId);
    if (old) this.countVote(old, -1);
    else this.voteCount++;
    if (!held || (!(held instanceof Map) && held.userId === r.userId)) this.votesByAnswer.set(r.answerId, r);
    else if (held instanceof Map) held.set(r.userId, r);
    else
      this.votesByAnswer.set(
        r.answerId,
        new Map([
          [held.userId, held],
          [r.userId, r],
        ]),
      );
    this.countVote(r, 1);
  }

  private deleteVote(answerId: string, userId: string): void {
    const old = this.vote(answerId, userId);
    if (!old) return;
    this.countVote(old, -1);
    this.voteCount--;
    const held = this.votesByAnswer.get(answerId);
    if (held instanceof Map) {
      held.delete(userId);
      if (held.size === 1) this.votesByAnswer.set(answerId, held.values().next().value as VoteRecord);
    } else this.votesByAnswer.delete(answerId);
  }

  vote(answerId: string, userId: string): VoteRecord | undefined {
    const held = this.votesByAnswer.get(answerId);
    if (!held) return undefined;
    if (held instanceof Map) return held.get(userId);
    return held.userId === userId ? held : undefined;
  }

  private countVote(v: VoteRecord, sign: 1 | -1): void {
    const a = this.answersById.get(v.answerId);
    if (!a?.articleId || a.platform === 'local') return;
    const key = scopeKey(a.community, a.fingerprintHash);
    const byArticle = this.feedback.get(key) ?? new Map<string, Map<string, number>>();
    const byVoter = byArticle.get(a.articleId) ?? new Map<string, number>();
    const f = (byVoter.get(v.userId) ?? 0) + sign * (v.value === 'up' ? 1 : DOWN);
    if (f === 0) byVoter.delete(v.userId);
    else byVoter.set(v.userId, f);
    if (byVoter.size === 0) byArticle.delete(a.articleId);
    else byArticle.set(a.articleId, byVoter);
    if (byArticle.size === 0) this.feedback.delete(key);
    else this.feedback.set(key, byArticle);
  }

  feedbackFor(fingerprintHash: string, community: string): FeedbackCounts {
    const out: FeedbackCounts = {};
    const entry = (id: string) => {
      out[id] ??= { up: 0, down: 0 };
      return out[id];
    };
    for (const [id, voters] of this.feedback.get(scopeKey(community, fingerprintHash)) ?? []) {
      for (const f of voters.values()) {
        if (upsOf(f) > downsOf(f)) entry(id).up++;
        else if (downsOf(f) > upsOf(f)) entry(id).down++;
      }
    }
    for (const c of this.corrections.values()) {
      if (c.fingerprintHash !== fingerprintHash || c.community !== community || c.fromArticleId === c.toArticleId) continue;
      const to = entry(c.toArticleId);
      to.correctedTo = (to.correctedTo ?? 0) + 1;
      if (c.fromArticleId) {
        const from = entry(c.fromArticleId);
        from.correctedFrom = (from.correctedFrom ?? 0) + 1;
      }
    }
    for (const [id, f] of Object.entries(out)) if (!f.up && !f.down && !f.correctedFrom && !f.correctedTo) delete out[id];
    return out;
  }

  /** Votes whose answer is gone (pruned before a crash, or set aside at load). */
  dropOrphanVotes(): number {
    let n = 0;
    for (const v of [...this.votes.values()]) {
      if (!this.answersById.has(v.answerId)) {
        this.deleteVote(v.answerId, v.userId);
        n++;
      }
    }
    return n;
  }
}

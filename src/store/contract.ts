import type { FeedbackByArticle } from '../core/feedback.js';
import type { GapKind } from '../core/types.js';
import type { Logger } from '../observability/log.js';
import type {
  AnswerRecord,
  ChannelMode,
  ChannelSetting,
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
} from './records.js';

/**
 * The one contract both engines keep (the embedded lowdb engine under DATA_DIR, PostgreSQL when
 * DATABASE_URL is set); `test/store/contract.ts` runs the same suite against each.
 *
 * Rules every engine follows:
 * - Every method is async. A method that changes something resolves only once the change is durable
 *   (fsynced write-ahead log, committed transaction), unless it says otherwise; callers acknowledge to a
 *   user ("vote recorded", a posted answer) only after it resolves. A write that cannot be made durable
 *   rejects (and is logged by the engine with what was lost): never a silent drop.
 * - Claims (`claim`, `claimIncidentNotice`, `takeRate`) are atomic across every process sharing the store:
 *   of many callers racing for one key, exactly one wins.
 * - Times are epoch milliseconds. Methods that decide on windows take `at` from the caller's clock.
 */
export interface Store {
  readonly engine: 'lowdb' | 'postgres';

  // ── answers ──────────────────────────────────────────────────────────────────────────────────────
  /** Stores an answer (durable before it resolves); `id` is generated when not given. */
  recordAnswer(input: NewAnswer): Promise<AnswerRecord>;
  /** The answer was posted as the bot's message `replyMessageId`. */
  answerPosted(answerId: string, replyMessageId: string): Promise<void>;
  /** The posted answer now shows another article: votes on it count for that one from now on. */
  setAnswerArticle(answerId: string, articleId: string): Promise<void>;
  getAnswer(id: string): Promise<AnswerRecord | undefined>;
  answerByReplyMessage(platform: Platform, channelId: string, replyMessageId: string): Promise<AnswerRecord | undefined>;
  /** The repeated-error link: the newest posted (not shadow) answer with this fingerprint in this channel since `since`. */
  recentAnswer(platform: Platform, channelId: string, fingerprintHash: string, since: number): Promise<AnswerRecord | undefined>;
  /** Did the bot post an answer in this thread (so a new paste there needs no mention)? */
  answeredThread(platform: Platform, channelId: string, threadId: string): Promise<boolean>;

  // ── votes and feedback ───────────────────────────────────────────────────────────────────────────
  /**
   * One vote per person per answer, changeable (last vote wins). A reason goes only with "down"; a reason
   * given later with the same "down" vote is added to it. `ok: false` when the answer is unknown.
   */
  vote(answerId: string, userId: string, value: VoteValue, reason?: FeedbackReason): Promise<VoteResult>;
  /** Takes back this person's vote on the answer if it has this value (a removed 👍/👎). */
  withdrawVote(answerId: string, userId: string, value: VoteValue): Promise<boolean>;
  /**
   * What people said about answers for this fingerprint in one community, by article (feeds
   * `core/feedback.ts`): distinct identified voters (Slack and Discord users; the local page's votes
   * count only on the page) whose votes on answers showing the article are net up or net down, and the
   * helpers' corrections away from and to each article.
   */
  feedbackFor(fingerprintHash: string, community?: string): Promise<FeedbackCounts>;

  // ── helpers' corrections and solved questions ────────────────────────────────────────────────────
  /** Stores a helper's correction (one per helper per answer: a new one replaces theirs); durable first. */
  recordCorrection(input: NewCorrection): Promise<CorrectionRecord>;
  /**
   * Marks the answer's question solved. The first mark is kept (`first: false` and the existing record
   * for later ones); `ok: false` when the answer is unknown.
   */
  markSolved(input: NewSolved): Promise<{ ok: boolean; first: boolean; record?: SolvedRecord }>;
  solvedFor(answerId: string): Promise<SolvedRecord | undefined>;
  /** Solved questions whose thread archive is due at `at` and not yet done, oldest first. */
  dueArchives(at: number, limit?: number): Promise<SolvedRecord[]>;
  /** The archive of this answer's thread was carried out (or given up): it is not due again. */
  archiveDone(answerId: string, at: number): Promise<void>;
  /** Corrections per (from, to) article pair and solved questions per article, for the dashboard. */
  helperStats(filter?: StatsFilter): Promise<HelperStats>;

  // ── knowledge gaps ───────────────────────────────────────────────────────────────────────────────
  /** Counts a paste that looked like an error but matched no article (one record per community and fingerprint). */
  recordGap(gap: NewGap): Promise<void>;
  /**
   * Marks every gap record of this fingerprint dismissed or linked to an article (`null` reopens them);
   * resolved gaps leave the gap list. Resolves to the number of records changed (0: no such gap).
   */
  resolveGap(fingerprintHash: string, resolution: GapResolution | null): Promise<number>;

  // ── channel and community settings ───────────────────────────────────────────────────────────────
  channelMode(platform: Platform, channelId: string): Promise<ChannelMode | undefined>;
  setChannelMode(platform: Platform, channelId: string, mode: ChannelMode, by: string, community?: string): Promise<void>;
  listChannelSettings(filter?: StatsFilter): Promise<ChannelSettingRow[]>;
  /** Whether questions in words are answered unprompted in this channel (off unless set on). */
  channelQuestions(platform: Platform, channelId: string): Promise<boolean>;
  /**
   * Turns unprompted question answers on or off; `mode` is the channel's effective mode, kept when the
   * channel had no setting of its own yet. Changing the mode later keeps this flag.
   */
  setChannelQuestions(platform: Platform, channelId: string, on: boolean, by: string, mode: ChannelMode, community?: string): Promise<void>;
  communitySettings(platform: Platform, community: string): Promise<CommunitySettings | undefined>;
  setCommunitySettings(settings: Omit<CommunitySettings, 'at'>): Promise<CommunitySettings>;

  // ── claims: delivery dedupe and "answered at most once" ──────────────────────────────────────────
  /**
   * True for the one caller that claims `key` first; false for every later caller (a retry, a double
   * delivery, another instance). With `durability: 'durable'` (the default) a true result is on disk
   * before it resolves; 'relaxed' may resolve before (for keys whose loss only costs a repeated look).
   */
  claim(key: string, durability?: Durability): Promise<boolean>;
  isClaimed(key: string): Promise<boolean>;

  // ── cooldowns and rate limits ────────────────────────────────────────────────────────────────────
  /** When each key last had an answer (`channel:…`, `user:…`), absent when never or long ago. */
  cooldowns(keys: string[]): Promise<Record<string, number>>;
  /** Marks the keys as answered at `at` (kept at least `keepMs`). */
  touchCooldowns(keys: string[], at: number, keepMs: number): Promise<void>;
  /** Counts a request for `key` at `at` if fewer than `limit` fall in the last `windowMs`; atomic. */
  takeRate(key: string, at: number, windowMs: number, limit: number): Promise<{ allowed: boolean; count: number }>;

  // ── incident windows ─────────────────────────────────────────────────────────────────────────────
  /** Records a sighting of a server-side error; returns the sightings (and distinct channels) within the window. */
  recordIncidentSighting(fingerprintHash: string, channelKey: string, at: number, windowMs: number): Promise<IncidentWindow>;
  /**
   * Claims the "likely incident" notice for this channel: true when none was given within the window
   * (and records this one). With `force` the notice is recorded either way (someone asked explicitly).
   */
  claimIncidentNotice(fingerprintHash: string, channelKey: string, at: number, windowMs: number, force?: boolean): Promise<boolean>;

  // ── Claude daily budget ──────────────────────────────────────────────────────────────────────────
  claudeUsageToday(): Promise<ClaudeUsageDay>;
  recordClaudeUsage(userId: string, inputTokens: number, outputTokens: number, failed?: boolean): Promise<void>;
  claudeUsageDays(days: number): Promise<ClaudeUsageDay[]>;

  // ── statistics (filter by community for `/diagnose stats` and the dashboard) ─────────────────────
  articleStats(filter?: StatsFilter): Promise<ArticleStats[]>;
  topGaps(limit?: number, filter?: StatsFilter): Promise<GapRecord[]>;
  shadowResults(filter?: StatsFilter): Promise<ShadowRow[]>;
  /** One row per day for the last `days` days, oldest first, zeros included. */
  answersPerDay(days?: number, filter?: StatsFilter): Promise<DayRow[]>;
  communities(): Promise<Array<{ platform: Platform; community: string }>>;
  counts(): Promise<StoreCounts>;
  /** Answers matching the filter with their votes, newest first (the dashboard's lists and exports). */
  listAnswers(filter?: StatsFilter, limit?: number): Promise<AnswerWithVotes[]>;

  // ── lifecycle ────────────────────────────────────────────────────────────────────────────────────
  /** Drops answers past retention or over the cap (with their votes), stale claims and old gaps. */
  prune(): Promise<void>;
  /** Resolves when everything changed so far is durable. */
  flush(): Promise<void>;
  /** For readiness: false while the store cannot write (full disk, database away). */
  health(): Promise<StoreHealth>;
  close(): Promise<void>;
}

export type Durability = 'durable' | 'relaxed';

export interface VoteResult {
  ok: boolean;
  previous: VoteValue | null;
}

/**
 * articleId → distinct voters net up / net down on answers that showed it for one fingerprint, and how
 * many helpers corrected an answer away from it (`correctedFrom`) or to it (`correctedTo`).
 */
export type FeedbackCounts = FeedbackByArticle;

export interface HelperStats {
  corrections: Array<{ fromArticleId: string | null; toArticleId: string; count: number }>;
  solved: Array<{ articleId: string | null; solved: number }>;
}

export interface StatsFilter {
  /** Slack team id or Discord guild id; absent for all communities. */
  community?: string;
  /** For gaps: which kinds to list (default: only `uncovered`, the errors no article covers). */
  gapKinds?: readonly GapKind[];
  /** For gaps: open ones (the default), resolved ones (dismissed or linked), or both. */
  gapState?: 'open' | 'resolved' | 'all';
  /** Epoch ms, inclusive: answers given (gaps seen) from then on. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
  platform?: Platform;
  /** A channel id (on any platform unless `platform` says which). */
  channel?: string;
  /** Answers that showed this article; gaps probably about it or linked to it. */
  article?: string;
  /** One fingerprint (its hash). */
  fingerprint?: string;
  /** Case-insensitive text in the fingerprint, the redacted example or the article id. */
  search?: string;
  /** Leaves out the local playground (platform `local`); the dashboard and exports do unless asked. */
  excludePlayground?: boolean;
}

/** What a maintainer decided about a gap on the dashboard. */
export interface GapResolution {
  action: 'dismissed' | 'linked';
  /** For `linked`: the article that covers it. */
  articleId?: string;
  by: string;
  at: number;
}

export interface AnswerWithVotes extends AnswerRecord {
  up: number;
  down: number;
  /** Reasons given with "not helpful" votes on this answer. */
  reasons: FeedbackReason[];
}

export interface ChannelSettingRow extends ChannelSetting {
  /** `platform:channelId`. */
  key: string;
  platform: Platform;
  channelId: string;
}

export interface IncidentWindow {
  sightings: number;
  channels: number;
}

export interface ArticleStats {
  articleId: string;
  answers: number;
  /** Reasons given with "not helpful" votes, by count. */
  reasons: Partial<Record<FeedbackReason, number>>;
  up: number;
  down: number;
  helpfulRate: number | null;
}

export interface ShadowRow {
  platform: Platform;
  channelId: string;
  wouldAnswer: number;
  up: number;
  down: number;
}

export interface DayRow {
  day: string;
  answers: number;
  shadow: number;
}

export interface StoreCounts {
  answers: number;
  votes: number;
  gaps: number;
  claims: number;
}

export interface StoreHealth {
  ok: boolean;
  engine: 'lowdb' | 'postgres';
  /** What is wrong, when not ok (the last write error, the database unreachable). */
  error?: string;
  /** Writes that failed since start. */
  writeErrors: number;
  /** Records set aside at load because they did not validate (lowdb). */
  setAside?: number;
}

/** What every engine is opened with (plus its own location: a data file, a database URL). */
export interface StoreOptions {
  logger: Logger;
  retentionDays?: number;
  maxAnswers?: number;
  now?: () => number;
  /** Called for every write that failed (metrics count them; the engine logs them). */
  onWriteError?: (err: Error) => void;
}

/** Thrown when the store cannot be opened because another process owns it. */
export class StoreLockedError extends Error {
  override name = 'StoreLockedError';
}

/** Thrown by a write that could not be made durable: the caller must not acknowledge it. */
export class StoreWriteError extends Error {
  override name = 'StoreWriteError';
}

/** Limits shared by both engines, so both prune alike. */
export const CLAIM_TTL_MS = 48 * 3600_000;
export const MAX_CLAIMS = 50_000;
export const MAX_GAPS = 2_000;
export const GAP_EXAMPLE_CHARS = 600;
export const USAGE_DAYS_KEPT = 90;

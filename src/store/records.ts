import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { GAP_KINDS } from '../core/types.js';

/**
 * What the bot remembers, as records every engine stores, and the zod schemas that validate them when a
 * document is loaded (or rows are imported). Schemas are loose (the types are not): a field another version of the
 * bot added is kept, not dropped, so an older binary does not erase a newer one's data.
 *
 * `community` scopes a record to a Slack workspace (team id) or a Discord guild (guild id); '' means
 * "not known" (the local playground, records written before communities existed).
 */

export const PLATFORMS = ['slack', 'discord', 'local'] as const;
export type Platform = (typeof PLATFORMS)[number];
/** `push`: a helper shared an article by hand (`/diagnose article`, "Answer with an article"). */
export const TRIGGERS = ['auto', 'mention', 'command', 'shortcut', 'followup', 'shadow', 'push'] as const;
export type Trigger = (typeof TRIGGERS)[number];
export const CHANNEL_MODES = ['auto', 'shadow', 'off'] as const;
export type ChannelMode = (typeof CHANNEL_MODES)[number];
export type VoteValue = 'up' | 'down';

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

export function newId(): string {
  return randomBytes(9).toString('base64url');
}

const time = z.number().finite().nonnegative();
const community = z.string().default('');

const answerShape = z.object({
  id: z.string().min(1),
  platform: z.enum(PLATFORMS),
  community,
  channelId: z.string(),
  /** Thread the answer lives in (the pasted message's thread, or the pasted message itself). */
  threadId: z.string(),
  sourceMessageId: z.string(),
  /** The bot's own message, once posted. */
  replyMessageId: z.string().nullable(),
  userId: z.string(),
  articleId: z.string().nullable(),
  fingerprint: z.string(),
  fingerprintHash: z.string(),
  confidence: z.number().finite(),
  trigger: z.enum(TRIGGERS),
  /** Recorded in shadow mode: not posted. */
  shadow: z.boolean(),
  at: time,
  sdkVersions: z.record(z.string(), z.string()).optional(),
  requestIds: z.array(z.string()).optional(),
  /** Shown only to the asker (Slack `/diagnose private`): there is no public message to point others to. */
  private: z.boolean().optional(),
  /** The pasted message, redacted and cut to 600 characters (the dashboard's examples). */
  example: z.string().optional(),
});
export const answerSchema = answerShape.loose();
export type AnswerRecord = z.infer<typeof answerShape>;

/** What a caller hands to `recordAnswer`: the store stamps `at` and starts `replyMessageId` at null. */
export type NewAnswer = Omit<AnswerRecord, 'id' | 'at' | 'replyMessageId' | 'community'> & { id?: string; community?: string };

const voteShape = z.object({
  answerId: z.string().min(1),
  userId: z.string().min(1),
  value: z.enum(['up', 'down']),
  at: time,
  /** Why it was not helpful, when the voter said (one of FEEDBACK_REASONS). */
  reason: z.enum(Object.keys(FEEDBACK_REASONS) as [FeedbackReason, ...FeedbackReason[]]).optional(),
});
export const voteSchema = voteShape.loose();
export type VoteRecord = z.infer<typeof voteShape>;

const gapShape = z.object({
  fingerprintHash: z.string().min(1),
  community,
  fingerprint: z.string(),
  count: z.number().int().positive(),
  /** One redacted example, cut to 600 characters. */
  example: z.string(),
  firstAt: time,
  lastAt: time,
  /** Only `uncovered` is a knowledge gap; records written before kinds existed read as `uncovered`. */
  kind: z.enum(GAP_KINDS).optional(),
  /** For `uncertain`: the article the bot would have suggested. */
  probableArticleId: z.string().nullable().optional(),
  /** Sightings by `platform:channelId` (records from before this was kept have none). */
  seen: z.record(z.string(), z.number().int().nonnegative()).optional(),
  /** Dismissed or linked to an article on the dashboard: no longer listed as a gap. */
  resolution: z
    .object({ action: z.enum(['dismissed', 'linked']), articleId: z.string().optional(), by: z.string(), at: time })
    .nullable()
    .optional(),
});
export const gapSchema = gapShape.loose();
export type GapRecord = z.infer<typeof gapShape>;
export type NewGap = {
  fingerprintHash: string;
  fingerprint: string;
  example: string;
  community?: string;
  /** Where it was seen: counted in the record's `seen`. */
  platform?: Platform;
  channelId?: string;
} & Record<string, unknown>;

/** The key of a gap's `seen` counts. */
export const seenKey = (platform: string, channelId: string): string => `${platform}:${channelId}`;

const channelSettingShape = z.object({
  mode: z.enum(CHANNEL_MODES),
  community,
  by: z.string(),
  at: time,
  /** Answer questions in words unprompted here (`/diagnose channel questions on`); off when absent. */
  questions: z.boolean().optional(),
});
export const channelSettingSchema = channelSettingShape.loose();
export type ChannelSetting = z.infer<typeof channelSettingShape>;

/** Per-community settings set with the slash command: who "ask a human" pings, where the bot answers on its own. */
const communitySettingsShape = z.object({
  platform: z.enum(PLATFORMS),
  community: z.string().min(1),
  /** Slack user group id or Discord role id. */
  supportGroup: z.string().nullable().default(null),
  autoReplyChannels: z.array(z.string()).default([]),
  by: z.string(),
  at: time,
});
export const communitySettingsSchema = communitySettingsShape.loose();
export type CommunitySettings = z.infer<typeof communitySettingsShape>;

/** A helper said which article was right for an answer (one per helper per answer; the latest wins). */
const correctionShape = z.object({
  answerId: z.string().min(1),
  platform: z.enum(PLATFORMS),
  community,
  fingerprintHash: z.string(),
  /** The article the bot showed (null when it showed none). */
  fromArticleId: z.string().nullable(),
  toArticleId: z.string().min(1),
  by: z.string().min(1),
  at: time,
});
export const correctionSchema = correctionShape.loose();
export type CorrectionRecord = z.infer<typeof correctionShape>;
export type NewCorrection = Omit<CorrectionRecord, 'at' | 'community'> & { community?: string };

export const SOLVED_VIA = ['button', 'reaction'] as const;
/** The asker or a helper marked the question an answer belongs to as solved (the first mark stays). */
const solvedShape = z.object({
  answerId: z.string().min(1),
  platform: z.enum(PLATFORMS),
  community,
  channelId: z.string(),
  threadId: z.string(),
  articleId: z.string().nullable(),
  by: z.string().min(1),
  via: z.enum(SOLVED_VIA),
  at: time,
  /** When the thread is to be archived (Discord forum posts); null when nothing is scheduled. */
  archiveAt: time.nullable(),
  /** Lock the thread as well when archiving it. */
  lock: z.boolean(),
  /** When the archive was carried out (or given up); null while pending. */
  archivedAt: time.nullable(),
});
export const solvedSchema = solvedShape.loose();
export type SolvedRecord = z.infer<typeof solvedShape>;
export type NewSolved = Omit<SolvedRecord, 'at' | 'community' | 'archivedAt'> & { community?: string };

const claudeUsageDayShape = z.object({
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  inputTokens: z.number().nonnegative(),
  outputTokens: z.number().nonnegative(),
  calls: z.number().int().nonnegative(),
  failures: z.number().int().nonnegative(),
  byUser: z.record(z.string(), z.number().nonnegative()),
});
export const claudeUsageDaySchema = claudeUsageDayShape.loose();
export type ClaudeUsageDay = z.infer<typeof claudeUsageDayShape>;

export const emptyUsageDay = (day: string): ClaudeUsageDay => ({ day, inputTokens: 0, outputTokens: 0, calls: 0, failures: 0, byUser: {} });

export const dayOf = (at: number): string => new Date(at).toISOString().slice(0, 10);

/** Key of a channel: `platform:channelId` (channel ids are unique per platform). */
export const channelKey = (platform: Platform, channelId: string): string => `${platform}:${channelId}`;

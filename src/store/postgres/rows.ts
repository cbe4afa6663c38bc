import type { AnswerRecord, NewAnswer } from '../records.js';

/** Columns of `answers` in the order `answerParams` fills them. */
export const ANSWER_COLUMNS =
  'id, platform, community, channel_id, thread_id, source_message_id, reply_message_id, user_id, article_id, fingerprint, fingerprint_hash, confidence, trigger, shadow, at, extra';

export const ANSWER_SELECT = `SELECT ${ANSWER_COLUMNS} FROM answers`;

const KNOWN = new Set([
  'id',
  'platform',
  'community',
  'channelId',
  'threadId',
  'sourceMessageId',
  'replyMessageId',
  'userId',
  'articleId',
  'fingerprint',
  'fingerprintHash',
  'confidence',
  'trigger',
  'shadow',
  'at',
]);

export interface AnswerRow {
  id: string;
  platform: AnswerRecord['platform'];
  community: string;
  channel_id: string;
  thread_id: string;
  source_message_id: string;
  reply_message_id: string | null;
  user_id: string;
  article_id: string | null;
  fingerprint: string;
  fingerprint_hash: string;
  confidence: number;
  trigger: AnswerRecord['trigger'];
  shadow: boolean;
  at: number;
  extra: Record<string, unknown>;
}

/** Fields with no column of their own (sdkVersions, requestIds, whatever a newer version added) go to `extra`. */
export function answerParams(
  a: AnswerRecord | (NewAnswer & { id: string; at: number; community: string; replyMessageId: string | null }),
): unknown[] {
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(a)) if (!KNOWN.has(k) && v !== undefined) extra[k] = v;
  return [
    a.id,
    a.platform,
    a.community,
    a.channelId,
    a.threadId,
    a.sourceMessageId,
    a.replyMessageId,
    a.userId,
    a.articleId,
    a.fingerprint,
    a.fingerprintHash,
    a.confidence,
    a.trigger,
    a.shadow,
    a.at,
    JSON.stringify(extra),
  ];
}

export function answerOf(r: AnswerRow): AnswerRecord {
  return {
    ...r.extra,
    id: r.id,
    platform: r.platform,
    community: r.community,
    channelId: r.channel_id,
    threadId: r.thread_id,
    sourceMessageId: r.source_message_id,
    replyMessageId: r.reply_message_id,
    userId: r.user_id,
    articleId: r.article_id,
    fingerprint: r.fingerprint,
    fingerprintHash: r.fingerprint_hash,
    confidence: r.confidence,
    trigger: r.trigger,
    shadow: r.shadow,
    at: r.at,
  };
}

/** `$1, $2, …, $n` */
export const placeholders = (n: number, from = 1): string => Array.from({ length: n }, (_, i) => `$${i + from}`).join(', ');

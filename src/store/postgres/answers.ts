import type { AnswerRecord, FeedbackReason, Platform, VoteValue } from '../records.js';
import type { Db } from './db.js';
import { ANSWER_SELECT, type AnswerRow, answerOf } from './rows.js';

/** Reads of answers, and the one-statement vote upsert. */

async function oneAnswer(db: Db, sql: string, params: unknown[]): Promise<AnswerRecord | undefined> {
  const row = (await db.query<AnswerRow>(sql, params)).rows[0];
  return row ? answerOf(row) : undefined;
}

export function answerById(db: Db, id: string): Promise<AnswerRecord | undefined> {
  return oneAnswer(db, `${ANSWER_SELECT} WHERE id = $1`, [id]);
}

export function answerByReplyMessage(
  db: Db,
  platform: Platform,
  channelId: string,
  replyMessageId: string,
): Promise<AnswerRecord | undefined> {
  return oneAnswer(db, `${ANSWER_SELECT} WHERE platform = $1 AND channel_id = $2 AND reply_message_id = $3 LIMIT 1`, [
    platform,
    channelId,
    replyMessageId,
  ]);
}

/** The newest answer (not a shadow one) to this fingerprint in this channel since `since`. */
export function recentAnswer(
  db: Db,
  platform: Platform,
  channelId: string,
  fingerprintHash: string,
  since: number,
): Promise<AnswerRecord | undefined> {
  return oneAnswer(
    db,
    `${ANSWER_SELECT} WHERE platform = $1 AND channel_id = $2 AND fingerprint_hash = $3 AND NOT shadow AND at >= $4 ORDER BY at DESC, seq DESC LIMIT 1`,
    [platform, channelId, fingerprintHash, since],
  );
}

export async function answeredThread(db: Db, platform: Platform, channelId: string, threadId: string): Promise<boolean> {
  const r = await db.query('SELECT 1 FROM answers WHERE platform = $1 AND channel_id = $2 AND thread_id = $3 AND NOT shadow LIMIT 1', [
    platform,
    channelId,
    threadId,
  ]);
  return (r.rowCount ?? 0) > 0;
}

/**
 * One statement: the row lock of the upsert orders racing votes of one person, and the CTE reads the
 * value it replaces. The same value again keeps its time and adds a reason given now. No row comes back
 * when the answer does not exist.
 */
export async function upsertVote(
  db: Db,
  v: { answerId: string; userId: string; value: VoteValue; reason: FeedbackReason | null; at: number },
): Promise<{ previous: VoteValue | null } | undefined> {
  const r = await db.query<{ previous: VoteValue | null }>(
    `WITH prev AS (SELECT value FROM votes WHERE answer_id = $1 AND user_id = $2)
     INSERT INTO votes AS v (answer_id, user_id, value, reason, at)
     SELECT $1, $2, $3, $4, $5 WHERE EXISTS (SELECT 1 FROM answers WHERE id = $1)
     ON CONFLICT (answer_id, user_id) DO UPDATE SET
       value = EXCLUDED.value,
       reason = CASE WHEN v.value = EXCLUDED.value THEN COALESCE(EXCLUDED.reason, v.reason) ELSE EXCLUDED.reason END,
       at = CASE WHEN v.value = EXCLUDED.value THEN v.at ELSE EXCLUDED.at END
     RETURNING (SELECT value FROM prev) AS previous`,
    [v.answerId, v.userId, v.value, v.reason, v.at],
  );
  return r.rows[0];
}

import type { FeedbackCounts, HelperStats, StatsFilter } from '../contract.js';
import type { CorrectionRecord, NewSolved, SolvedRecord } from '../records.js';
import type { Db } from './db.js';

/**
 * Votes, corrections and solved marks in SQL, with the same figures as the embedded engine
 * (`lowdb/state.ts`, `lowdb/helpers.ts`); the contract suite checks both alike.
 */

/** Distinct platform voters net up / net down per article, and corrections from / to each article, in one community. */
export async function feedbackFor(db: Db, fingerprintHash: string, community: string): Promise<FeedbackCounts> {
  const votes = await db.query<{ article_id: string; up: number; down: number }>(
    `WITH per_voter AS (
       SELECT a.article_id, v.user_id, sum(CASE WHEN v.value = 'up' THEN 1 ELSE -1 END) AS net
       FROM votes v JOIN answers a ON a.id = v.answer_id
       WHERE a.fingerprint_hash = $1 AND a.community = $2 AND a.article_id IS NOT NULL AND a.platform <> 'local'
       GROUP BY a.article_id, v.user_id)
     SELECT article_id, count(*) FILTER (WHERE net > 0)::int AS up, count(*) FILTER (WHERE net < 0)::int AS down
     FROM per_voter GROUP BY article_id`,
    [fingerprintHash, community],
  );
  const corrections = await db.query<{ from_article_id: string | null; to_article_id: string; n: number }>(
    `SELECT from_article_id, to_article_id, count(*)::int AS n FROM corrections
     WHERE fingerprint_hash = $1 AND community = $2 AND from_article_id IS DISTINCT FROM to_article_id
     GROUP BY from_article_id, to_article_id`,
    [fingerprintHash, community],
  );
  const out: FeedbackCounts = {};
  const entry = (id: string) => {
    const e = out[id] ?? { up: 0, down: 0 };
    out[id] = e;
    return e;
  };
  for (const r of votes.rows) if (r.up > 0 || r.down > 0) Object.assign(entry(r.article_id), { up: r.up, down: r.down });
  for (const r of corrections.rows) {
    const to = entry(r.to_article_id);
    to.correctedTo = (to.correctedTo ?? 0) + r.n;
    if (r.from_article_id) {
      const from = entry(r.from_article_id);
      from.correctedFrom = (from.correctedFrom ?? 0) + r.n;
    }
  }
  return out;
}

export async function recordCorrection(db: Db, r: CorrectionRecord): Promise<void> {
  await db.query(
    `INSERT INTO corrections (answer_id, by_user, platform, community, fingerprint_hash, from_article_id, to_article_id, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (answer_id, by_user) DO UPDATE SET to_article_id = EXCLUDED.to_article_id, from_article_id = EXCLUDED.from_article_id,
       at = EXCLUDED.at`,
    [r.answerId, r.by, r.platform, r.community, r.fingerprintHash, r.fromArticleId, r.toArticleId, r.at],
  );
}

interface SolvedRow {
  answer_id: string;
  platform: SolvedRecord['platform'];
  community: string;
  channel_id: string;
  thread_id: string;
  article_id: string | null;
  by_user: string;
  via: SolvedRecord['via'];
  at: string;
  archive_at: string | null;
  lock: boolean;
  archived_at: string | null;
}

const num = (v: string | null): number | null => (v === null ? null : Number(v));

function solvedOf(r: SolvedRow): SolvedRecord {
  return {
    answerId: r.answer_id,
    platform: r.platform,
    community: r.community,
    channelId: r.channel_id,
    threadId: r.thread_id,
    articleId: r.article_id,
    by: r.by_user,
    via: r.via,
    at: Number(r.at),
    archiveAt: num(r.archive_at),
    lock: r.lock,
    archivedAt: num(r.archived_at),
  };
}

/** The first mark wins: an insert that finds a row returns that row instead. */
export async function markSolved(db: Db, input: NewSolved, at: number): Promise<{ ok: boolean; first: boolean; record?: SolvedRecord }> {
  const inserted = await db.query<SolvedRow>(
    `INSERT INTO solved (answer_id, platform, community, channel_id, thread_id, article_id, by_user, via, at, archive_at, lock)
     SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11 WHERE EXISTS (SELECT 1 FROM answers WHERE id = $1)
     ON CONFLICT (answer_id) DO NOTHING RETURNING *`,
    [
      input.answerId,
      input.platform,
      input.community ?? '',
      input.channelId,
      input.threadId,
      input.articleId,
      input.by,
      input.via,
      at,
      input.archiveAt,
      input.lock,
    ],
  );
  const row = inserted.rows[0];
  if (row) return { ok: true, first: true, record: solvedOf(row) };
  const existing = await solvedFor(db, input.answerId);
  return existing ? { ok: true, first: false, record: existing } : { ok: false, first: false };
}

export async function solvedFor(db: Db, answerId: string): Promise<SolvedRecord | undefined> {
  const r = await db.query<SolvedRow>('SELECT * FROM solved WHERE answer_id = $1', [answerId]);
  return r.rows[0] && solvedOf(r.rows[0]);
}

export async function dueArchives(db: Db, at: number, limit: number): Promise<SolvedRecord[]> {
  const r = await db.query<SolvedRow>(
    'SELECT * FROM solved WHERE archive_at IS NOT NULL AND archived_at IS NULL AND archive_at <= $1 ORDER BY archive_at LIMIT $2',
    [at, limit],
  );
  return r.rows.map(solvedOf);
}

export async function archiveDone(db: Db, answerId: string, at: number): Promise<void> {
  await db.query('UPDATE solved SET archived_at = $2 WHERE answer_id = $1 AND archived_at IS NULL', [answerId, at]);
}

export async function helperStats(db: Db, filter?: StatsFilter): Promise<HelperStats> {
  const community = filter?.community ?? null;
  const pairs = await db.query<{ from_article_id: string | null; to_article_id: string; count: number }>(
    `SELECT from_article_id, to_article_id, count(*)::int AS count FROM corrections WHERE ($1::text IS NULL OR community = $1)
     GROUP BY from_article_id, to_article_id`,
    [community],
  );
  const solved = await db.query<{ article_id: string | null; solved: number }>(
    'SELECT article_id, count(*)::int AS solved FROM solved WHERE ($1::text IS NULL OR community = $1) GROUP BY article_id',
    [community],
  );
  return {
    corrections: pairs.rows
      .map((r) => ({ fromArticleId: r.from_article_id, toArticleId: r.to_article_id, count: r.count }))
      .sort(
        (a, b) =>
          b.count - a.count || (a.fromArticleId ?? '').localeCompare(b.fromArticleId ?? '') || a.toArticleId.localeCompare(b.toArticleId),
      ),
    solved: solved.rows
      .map((r) => ({ articleId: r.article_id, solved: r.solved }))
      .sort((a, b) => b.solved - a.solved || (a.articleId ?? '').localeCompare(b.articleId ?? '')),
  };
}

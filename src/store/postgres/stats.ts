import type { ArticleStats, ChannelSettingRow, DayRow, ShadowRow, StatsFilter, StoreCounts } from '../contract.js';
import type { CommunitySettings, FeedbackReason, GapRecord, Platform } from '../records.js';
import { dayRows } from '../stats.js';
import type { Db } from './db.js';

/**
 * Statistics computed in SQL, with the same figures as `src/store/stats.ts` computes from records (the
 * contract suite checks both engines alike). `$1` is the community filter, NULL for all communities.
 */

const DAY_MS = 86_400_000;
const scope = (filter?: StatsFilter): string | null => filter?.community ?? null;

/** Answers count posted (not shadow) answers; votes count on any answer showing the article. */
export async function articleStats(db: Db, filter?: StatsFilter): Promise<ArticleStats[]> {
  const r = await db.query<{ article_id: string; answers: number; up: number; down: number; reasons: Record<string, number> | null }>(
    `WITH scoped AS (SELECT id, article_id, shadow FROM answers WHERE article_id IS NOT NULL AND ($1::text IS NULL OR community = $1)),
     a AS (SELECT article_id, count(*) FILTER (WHERE NOT shadow) AS answers FROM scoped GROUP BY article_id),
     v AS (SELECT s.article_id, count(*) FILTER (WHERE v.value = 'up') AS up, count(*) FILTER (WHERE v.value = 'down') AS down
           FROM votes v JOIN scoped s ON s.id = v.answer_id GROUP BY s.article_id),
     r AS (SELECT article_id, jsonb_object_agg(reason, n) AS reasons FROM
             (SELECT s.article_id, v.reason, count(*) AS n FROM votes v JOIN scoped s ON s.id = v.answer_id
              WHERE v.value = 'down' AND v.reason IS NOT NULL GROUP BY s.article_id, v.reason) x GROUP BY article_id)
     SELECT a.article_id, a.answers, COALESCE(v.up, 0) AS up, COALESCE(v.down, 0) AS down, r.reasons
     FROM a LEFT JOIN v USING (article_id) LEFT JOIN r USING (article_id)
     WHERE a.answers > 0 OR v.up > 0 OR v.down > 0`,
    [scope(filter)],
  );
  return r.rows
    .map((row) => ({
      articleId: row.article_id,
      answers: row.answers,
      reasons: (row.reasons ?? {}) as Partial<Record<FeedbackReason, number>>,
      up: row.up,
      down: row.down,
      helpfulRate: row.up + row.down > 0 ? row.up / (row.up + row.down) : null,
    }))
    .sort((a, b) => b.answers - a.answers || a.articleId.localeCompare(b.articleId));
}

export async function shadowResults(db: Db, filter?: StatsFilter): Promise<ShadowRow[]> {
  const r = await db.query<{ platform: Platform; channel_id: string; would: number; up: number; down: number }>(
    `SELECT a.platform, a.channel_id, count(DISTINCT a.id) AS would,
       count(v.value) FILTER (WHERE v.value = 'up') AS up, count(v.value) FILTER (WHERE v.value = 'down') AS down
     FROM answers a LEFT JOIN votes v ON v.answer_id = a.id
     WHERE a.shadow AND ($1::text IS NULL OR a.community = $1)
     GROUP BY a.platform, a.channel_id ORDER BY min(a.seq)`,
    [scope(filter)],
  );
  return r.rows.map((row) => ({ platform: row.platform, channelId: row.channel_id, wouldAnswer: row.would, up: row.up, down: row.down }));
}

export async function answersPerDay(db: Db, now: number, days: number, filter?: StatsFilter): Promise<DayRow[]> {
  const { rows, since } = dayRows(now, days);
  const r = await db.query<{ d: number; answers: number; shadow: number }>(
    `SELECT at / ${DAY_MS} AS d, count(*) FILTER (WHERE NOT shadow) AS answers, count(*) FILTER (WHERE shadow) AS shadow
     FROM answers WHERE at >= $1 AND ($2::text IS NULL OR community = $2) GROUP BY 1`,
    [since, scope(filter)],
  );
  for (const row of r.rows) {
    const day = rows.get(new Date(row.d * DAY_MS).toISOString().slice(0, 10));
    if (day) Object.assign(day, { answers: row.answers, shadow: row.shadow });
  }
  return [...rows.values()];
}

interface GapRow {
  community: string;
  fingerprint_hash: string;
  fingerprint: string;
  count: number;
  example: string;
  first_at: number;
  last_at: number;
  extra: Record<string, unknown>;
}

const gapOf = (g: GapRow): GapRecord => ({
  ...g.extra,
  fingerprintHash: g.fingerprint_hash,
  community: g.community,
  fingerprint: g.fingerprint,
  count: g.count,
  example: g.example,
  firstAt: g.first_at,
  lastAt: g.last_at,
});

/** Without a community filter, one fingerprint seen in several communities is one row (the earliest example). */
export async function topGaps(db: Db, limit: number, filter?: StatsFilter): Promise<GapRecord[]> {
  // Only `uncovered` is a knowledge gap unless other kinds are asked for; rows from before kinds read as uncovered.
  const kinds = [...(filter?.gapKinds ?? ['uncovered'])];
  const kindOf = "coalesce(extra->>'kind', 'uncovered') = ANY($2::text[])";
  const sql =
    filter?.community !== undefined
      ? `SELECT * FROM gaps WHERE ${kindOf} AND community = $3 ORDER BY count DESC, last_at DESC LIMIT $1`
      : `SELECT DISTINCT ON (fingerprint_hash) fingerprint_hash, community, fingerprint, example, extra, first_at,
           sum(count) OVER w AS count, max(last_at) OVER w AS last_at
         FROM gaps WHERE ${kindOf} AND $1::int > 0 WINDOW w AS (PARTITION BY fingerprint_hash) ORDER BY fingerprint_hash, first_at`;
  const params = filter?.community !== undefined ? [limit, kinds, filter.community] : [limit, kinds];
  const rows = (await db.query<GapRow>(sql, params)).rows.map(gapOf);
  return rows.sort((a, b) => b.count - a.count || b.lastAt - a.lastAt).slice(0, limit);
}

export async function channelSettings(db: Db, filter?: StatsFilter): Promise<ChannelSettingRow[]> {
  const r = await db.query<{
    platform: Platform;
    channel_id: string;
    mode: ChannelSettingRow['mode'];
    community: string;
    set_by: string;
    at: number;
    questions: boolean;
  }>(
    'SELECT platform, channel_id, mode, community, set_by, at, questions FROM channel_settings WHERE $1::text IS NULL OR community = $1 ORDER BY platform, channel_id',
    [scope(filter)],
  );
  return r.rows.map((s) => ({
    key: `${s.platform}:${s.channel_id}`,
    platform: s.platform,
    channelId: s.channel_id,
    mode: s.mode,
    by: s.set_by,
    community: s.community,
    at: s.at,
    ...(s.questions ? { questions: true } : {}),
  }));
}

export async function communitySettings(db: Db, platform: Platform, community: string): Promise<CommunitySettings | undefined> {
  const r = await db.query<{ support_group: string | null; auto_reply_channels: string[]; set_by: string; at: number }>(
    'SELECT support_group, auto_reply_channels, set_by, at FROM community_settings WHERE platform = $1 AND community = $2',
    [platform, community],
  );
  const s = r.rows[0];
  return s && { platform, community, supportGroup: s.support_group, autoReplyChannels: s.auto_reply_channels, by: s.set_by, at: s.at };
}

export async function communities(db: Db): Promise<Array<{ platform: Platform; community: string }>> {
  const r = await db.query<{ platform: Platform; community: string }>(
    `SELECT platform, community FROM answers WHERE community <> ''
     UNION SELECT platform, community FROM channel_settings WHERE community <> ''
     UNION SELECT platform, community FROM community_settings`,
  );
  return r.rows;
}

export async function counts(db: Db): Promise<StoreCounts> {
  const r = await db.query<StoreCounts>(
    `SELECT (SELECT count(*) FROM answers) AS answers, (SELECT count(*) FROM votes) AS votes,
            (SELECT count(*) FROM gaps) AS gaps, (SELECT count(*) FROM claims) AS claims`,
  );
  return r.rows[0] ?? { answers: 0, votes: 0, gaps: 0, claims: 0 };
}

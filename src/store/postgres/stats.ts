import type { AnswerWithVotes, ArticleStats, ChannelSettingRow, DayRow, ShadowRow, StatsFilter, StoreCounts } from '../contract.js';
import type { CommunitySettings, FeedbackReason, GapRecord, Platform } from '../records.js';
import { chartEnd, dayRows, topGapsOf } from '../stats.js';
import type { Db } from './db.js';
import { ANSWER_COLUMNS, type AnswerRow, answerOf } from './rows.js';

/**
 * Statistics computed in SQL, with the same figures as `src/store/stats.ts` computes from records (the
 * contract suite checks both engines alike). `$1` is the community filter, NULL for all communities.
 */

const DAY_MS = 86_400_000;
const scope = (filter?: StatsFilter): string | null => filter?.community ?? null;

/**
 * The answer filter as SQL conditions (joined with AND; `TRUE` when there are none), the same test as
 * `answerMatches` in ../stats.ts. Values go to `params`; `alias` qualifies the columns.
 */
export function answerWhere(f: StatsFilter | undefined, params: unknown[], alias = ''): string {
  const col = (name: string) => (alias ? `${alias}.${name}` : name);
  const conds: string[] = [];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    conds.push(sql(`$${params.length}`));
  };
  if (f?.community !== undefined) add((p) => `${col('community')} = ${p}`, f.community);
  if (f?.from !== undefined) add((p) => `${col('at')} >= ${p}`, f.from);
  if (f?.to !== undefined) add((p) => `${col('at')} < ${p}`, f.to);
  if (f?.platform !== undefined) add((p) => `${col('platform')} = ${p}`, f.platform);
  if (f?.excludePlayground) conds.push(`${col('platform')} <> 'local'`);
  if (f?.channel !== undefined) add((p) => `${col('channel_id')} = ${p}`, f.channel);
  if (f?.article !== undefined) add((p) => `${col('article_id')} = ${p}`, f.article);
  if (f?.fingerprint !== undefined) add((p) => `${col('fingerprint_hash')} = ${p}`, f.fingerprint);
  if (f?.search)
    add(
      (p) =>
        `(strpos(lower(${col('fingerprint')}), ${p}) > 0 OR strpos(lower(coalesce(${col('extra')}->>'example', '')), ${p}) > 0 OR strpos(lower(coalesce(${col('article_id')}, '')), ${p}) > 0)`,
      f.search.toLowerCase(),
    );
  return conds.length ? conds.join(' AND ') : 'TRUE';
}

/** Answers count posted (not shadow) answers; votes count on any answer showing the article. */
export async function articleStats(db: Db, filter?: StatsFilter): Promise<ArticleStats[]> {
  const params: unknown[] = [];
  const where = answerWhere(filter, params);
  const r = await db.query<{ article_id: string; answers: number; up: number; down: number; reasons: Record<string, number> | null }>(
    `WITH scoped AS (SELECT id, article_id, shadow FROM answers WHERE article_id IS NOT NULL AND ${where}),
     a AS (SELECT article_id, count(*) FILTER (WHERE NOT shadow) AS answers FROM scoped GROUP BY article_id),
     v AS (SELECT s.article_id, count(*) FILTER (WHERE v.value = 'up') AS up, count(*) FILTER (WHERE v.value = 'down') AS down
           FROM votes v JOIN scoped s ON s.id = v.answer_id GROUP BY s.article_id),
     r AS (SELECT article_id, jsonb_object_agg(reason, n) AS reasons FROM
             (SELECT s.article_id, v.reason, count(*) AS n FROM votes v JOIN scoped s ON s.id = v.answer_id
              WHERE v.value = 'down' AND v.reason IS NOT NULL GROUP BY s.article_id, v.reason) x GROUP BY article_id)
     SELECT a.article_id, a.answers, COALESCE(v.up, 0) AS up, COALESCE(v.down, 0) AS down, r.reasons
     FROM a LEFT JOIN v USING (article_id) LEFT JOIN r USING (article_id)
     WHERE a.answers > 0 OR v.up > 0 OR v.down > 0`,
    params,
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
  const params: unknown[] = [];
  const where = answerWhere(filter, params, 'a');
  const r = await db.query<{ platform: Platform; channel_id: string; would: number; up: number; down: number }>(
    `SELECT a.platform, a.channel_id, count(DISTINCT a.id) AS would,
       count(v.value) FILTER (WHERE v.value = 'up') AS up, count(v.value) FILTER (WHERE v.value = 'down') AS down
     FROM answers a LEFT JOIN votes v ON v.answer_id = a.id
     WHERE a.shadow AND ${where}
     GROUP BY a.platform, a.channel_id ORDER BY min(a.seq)`,
    params,
  );
  return r.rows.map((row) => ({ platform: row.platform, channelId: row.channel_id, wouldAnswer: row.would, up: row.up, down: row.down }));
}

export async function answersPerDay(db: Db, now: number, days: number, filter?: StatsFilter): Promise<DayRow[]> {
  const { rows, since } = dayRows(chartEnd(now, filter), days);
  const params: unknown[] = [since];
  const where = answerWhere(filter, params);
  const r = await db.query<{ d: number; answers: number; shadow: number }>(
    `SELECT at / ${DAY_MS} AS d, count(*) FILTER (WHERE NOT shadow) AS answers, count(*) FILTER (WHERE shadow) AS shadow
     FROM answers WHERE at >= $1 AND ${where} GROUP BY 1`,
    params,
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

/**
 * The gap list: the records of the kinds asked for (at most MAX_GAPS rows are kept) filtered, merged and
 * ranked by the same code as the embedded engine, so both list the same gaps with the same counts.
 */
export async function topGaps(db: Db, limit: number, filter?: StatsFilter): Promise<GapRecord[]> {
  // Rows from before kinds existed read as uncovered.
  const kinds = [...(filter?.gapKinds ?? ['uncovered'])];
  const r = await db.query<GapRow>(
    "SELECT * FROM gaps WHERE coalesce(extra->>'kind', 'uncovered') = ANY($1::text[]) AND ($2::text IS NULL OR community = $2)",
    [kinds, scope(filter)],
  );
  return topGapsOf(r.rows.map(gapOf), limit, filter);
}

/** Answers matching the filter with their votes, newest first. */
export async function listAnswers(db: Db, filter: StatsFilter | undefined, limit: number): Promise<AnswerWithVotes[]> {
  const params: unknown[] = [limit];
  const where = answerWhere(filter, params);
  const r = await db.query<AnswerRow & { up: number; down: number; reasons: FeedbackReason[] }>(
    `WITH picked AS (SELECT ${ANSWER_COLUMNS}, seq FROM answers WHERE ${where} ORDER BY at DESC, seq DESC LIMIT $1)
     SELECT p.*, count(v.value) FILTER (WHERE v.value = 'up') AS up, count(v.value) FILTER (WHERE v.value = 'down') AS down,
       coalesce(array_agg(v.reason ORDER BY v.at) FILTER (WHERE v.value = 'down' AND v.reason IS NOT NULL), '{}') AS reasons
     FROM picked p LEFT JOIN votes v ON v.answer_id = p.id
     GROUP BY ${ANSWER_COLUMNS.split(', ')
       .map((c) => `p.${c}`)
       .join(', ')}, p.seq ORDER BY p.at DESC, p.seq DESC`,
    params,
  );
  return r.rows.map((row) => ({ ...answerOf(row), up: row.up, down: row.down, reasons: row.reasons }));
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

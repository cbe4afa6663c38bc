import { readFile } from 'node:fs/promises';
import type { Logger } from '../../observability/log.js';
import { recover } from '../lowdb/recovery.js';
import type { State } from '../lowdb/state.js';
import type { AnswerRecord } from '../records.js';
import { Db } from './db.js';
import { migrate } from './migrate.js';
import { createPool } from './pool.js';
import { answerParams } from './rows.js';

/**
 * Imports an embedded store (DATA_DIR/diagnose-bot.json with its write-ahead log) into PostgreSQL. The
 * file is read the way the embedded engine reads it at start-up (validated record by record, the log
 * replayed), and every row is inserted with `ON CONFLICT DO NOTHING`: importing twice changes nothing,
 * and nothing the bot already wrote to the database is overwritten. One transaction: all or nothing.
 */

export interface ImportCounts {
  /** Records read from the file (after validation). */
  read: Record<Table, number>;
  /** Rows that were new to the database. */
  inserted: Record<Table, number>;
}

type Table = 'answers' | 'votes' | 'gaps' | 'channels' | 'communities' | 'claims' | 'claudeUsage' | 'corrections' | 'solved';

const CHUNK = 1_000;

export class ImportError extends Error {
  override name = 'ImportError';
}

export async function importLowdbFile(file: string, url: string, logger: Logger): Promise<ImportCounts> {
  await checkStoreFile(file);
  const { state } = await recover(file, logger);
  const rows = tableRows(state);
  const inserted = await insertRows(url, logger, rows);
  const read = Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, k === 'claudeUsage' ? state.usage.size : v.length])) as Record<
    Table,
    number
  >;
  return { read, inserted };
}

/** Inserts answers as an import does (the bench seeds its stores with this). */
export async function importAnswers(url: string, logger: Logger, answers: AnswerRecord[]): Promise<number> {
  return (await insertRows(url, logger, { answers: answers.map(answerRow) })).answers;
}

/** Migrates, then inserts every table's rows in one transaction; returns how many were new per table. */
async function insertRows(url: string, logger: Logger, rows: Partial<Record<Table, unknown[]>>): Promise<Record<Table, number>> {
  await migrate(url, logger);
  const pool = createPool({ url, logger, statementTimeoutMs: 60_000, max: 1 });
  try {
    return await new Db(pool).tx(async (c) => {
      const inserted = {} as Record<Table, number>;
      for (const table of Object.keys(SQL) as Table[]) {
        const list = rows[table] ?? [];
        let n = 0;
        for (let i = 0; i < list.length; i += CHUNK)
          n += (await c.query(SQL[table], [JSON.stringify(list.slice(i, i + CHUNK))])).rowCount ?? 0;
        inserted[table] = n;
      }
      return inserted;
    });
  } finally {
    await pool.end();
  }
}

/**
 * Refuses a file that is missing or not an embedded store before `recover` sees it: recovery starts an
 * empty store for a missing file and moves an unreadable one aside, right for the bot, wrong for an import.
 */
async function checkStoreFile(file: string): Promise<void> {
  let doc: unknown;
  try {
    doc = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ImportError(`cannot import ${file}: ${code ? `cannot read it (${code})` : `not JSON (${(err as Error).message})`}`);
  }
  const schema = (doc as { schema?: unknown } | null)?.schema;
  if (schema !== 1 && schema !== 2) throw new ImportError(`cannot import ${file}: not a diagnose-bot data file (no "schema": 1 or 2)`);
}

function answerRow(a: AnswerRecord) {
  const p = answerParams(a);
  return {
    id: p[0],
    platform: p[1],
    community: p[2],
    channel_id: p[3],
    thread_id: p[4],
    source_message_id: p[5],
    reply_message_id: p[6],
    user_id: p[7],
    article_id: p[8],
    fingerprint: p[9],
    fingerprint_hash: p[10],
    confidence: p[11],
    trigger: p[12],
    shadow: p[13],
    at: p[14],
    extra: JSON.parse(p[15] as string),
  };
}

/** The file's records as rows shaped for `jsonb_to_recordset`. */
function tableRows(state: State): Record<Table, unknown[]> {
  return {
    answers: state.answers.map(answerRow),
    votes: [...state.votes.values()].map(voteRow),
    gaps: [...state.gaps.values()].map(gapRow),
    channels: [...state.channels.entries()].map(channelRow),
    communities: [...state.communities.values()].map(communityRow),
    claims: [...state.claims.entries()].map(([key, at]) => ({ key, at })),
    claudeUsage: [...state.usage.values()].flatMap(usageRows),
    corrections: [...state.corrections.values()].map(correctionRow),
    solved: [...state.solved.values()].map(solvedRow),
  };
}

/** The value type of one of the state's maps (plain or sharded). */
type Entry<M> = M extends { values(): Iterable<infer V> } ? V : never;

function voteRow(v: Entry<State['votes']>) {
  return { answer_id: v.answerId, user_id: v.userId, value: v.value, reason: v.reason ?? null, at: v.at };
}

function gapRow({ fingerprintHash, community, fingerprint, count, example, firstAt, lastAt, ...extra }: Entry<State['gaps']>) {
  return { community, fingerprint_hash: fingerprintHash, fingerprint, count, example, first_at: firstAt, last_at: lastAt, extra };
}

/** Channel settings are keyed `platform:channelId`; the channel id itself may hold a colon. */
function channelRow([key, s]: [string, Entry<State['channels']>]) {
  const at = key.indexOf(':');
  return {
    platform: key.slice(0, at),
    channel_id: key.slice(at + 1),
    mode: s.mode,
    community: s.community,
    set_by: s.by,
    at: s.at,
    questions: s.questions === true,
  };
}

function communityRow(s: Entry<State['communities']>) {
  return {
    platform: s.platform,
    community: s.community,
    support_group: s.supportGroup,
    auto_reply_channels: s.autoReplyChannels,
    set_by: s.by,
    at: s.at,
  };
}

function correctionRow(c: Entry<State['corrections']>) {
  return {
    answer_id: c.answerId,
    by_user: c.by,
    platform: c.platform,
    community: c.community,
    fingerprint_hash: c.fingerprintHash,
    from_article_id: c.fromArticleId,
    to_article_id: c.toArticleId,
    at: c.at,
  };
}

function solvedRow(s: Entry<State['solved']>) {
  return {
    answer_id: s.answerId,
    platform: s.platform,
    community: s.community,
    channel_id: s.channelId,
    thread_id: s.threadId,
    article_id: s.articleId,
    by_user: s.by,
    via: s.via,
    at: s.at,
    archive_at: s.archiveAt,
    lock: s.lock,
    archived_at: s.archivedAt,
  };
}

/**
 * A day of the file holds totals and tokens per user. Each user becomes a row with their tokens; the
 * day-level row (user '') carries calls, failures, output tokens and the input-token remainder, so the
 * day's totals and each user's share both come out as they were.
 */
function usageRows(u: State['usage'] extends Map<string, infer D> ? D : never): unknown[] {
  const users = Object.entries(u.byUser).map(([user, tokens]) => ({
    day: u.day,
    user_id: user,
    input_tokens: tokens,
    output_tokens: 0,
    calls: 0,
    failures: 0,
  }));
  const perUser = users.reduce((n, r) => n + r.input_tokens, 0);
  const day = {
    day: u.day,
    user_id: '',
    input_tokens: u.inputTokens - perUser,
    output_tokens: u.outputTokens,
    calls: u.calls,
    failures: u.failures,
  };
  return [...users, day];
}

const SQL: Record<Table, string> = {
  answers: `INSERT INTO answers (id, platform, community, channel_id, thread_id, source_message_id, reply_message_id, user_id, article_id,
      fingerprint, fingerprint_hash, confidence, trigger, shadow, at, extra)
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(id text, platform text, community text, channel_id text, thread_id text,
      source_message_id text, reply_message_id text, user_id text, article_id text, fingerprint text, fingerprint_hash text,
      confidence double precision, trigger text, shadow boolean, at bigint, extra jsonb)
    ORDER BY at ON CONFLICT (id) DO NOTHING`,
  votes: `INSERT INTO votes (answer_id, user_id, value, reason, at)
    SELECT x.* FROM jsonb_to_recordset($1::jsonb) AS x(answer_id text, user_id text, value text, reason text, at bigint)
    WHERE EXISTS (SELECT 1 FROM answers a WHERE a.id = x.answer_id) ON CONFLICT (answer_id, user_id) DO NOTHING`,
  gaps: `INSERT INTO gaps (community, fingerprint_hash, fingerprint, count, example, first_at, last_at, extra)
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(community text, fingerprint_hash text, fingerprint text, count integer,
      example text, first_at bigint, last_at bigint, extra jsonb) ON CONFLICT (community, fingerprint_hash) DO NOTHING`,
  channels: `INSERT INTO channel_settings (platform, channel_id, mode, community, set_by, at, questions)
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(platform text, channel_id text, mode text, community text, set_by text, at bigint, questions boolean)
    ON CONFLICT (platform, channel_id) DO NOTHING`,
  communities: `INSERT INTO community_settings (platform, community, support_group, auto_reply_channels, set_by, at)
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(platform text, community text, support_group text, auto_reply_channels jsonb,
      set_by text, at bigint) ON CONFLICT (platform, community) DO NOTHING`,
  claims: `INSERT INTO claims (key, at) SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(key text, at bigint) ON CONFLICT (key) DO NOTHING`,
  claudeUsage: `INSERT INTO claude_usage (day, user_id, input_tokens, output_tokens, calls, failures)
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(day text, user_id text, input_tokens bigint, output_tokens bigint, calls integer,
      failures integer) ON CONFLICT (day, user_id) DO NOTHING`,
  corrections: `INSERT INTO corrections (answer_id, by_user, platform, community, fingerprint_hash, from_article_id, to_article_id, at)
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(answer_id text, by_user text, platform text, community text, fingerprint_hash text,
      from_article_id text, to_article_id text, at bigint) ON CONFLICT (answer_id, by_user) DO NOTHING`,
  solved: `INSERT INTO solved (answer_id, platform, community, channel_id, thread_id, article_id, by_user, via, at, archive_at, lock, archived_at)
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(answer_id text, platform text, community text, channel_id text, thread_id text,
      article_id text, by_user text, via text, at bigint, archive_at bigint, lock boolean, archived_at bigint)
    ON CONFLICT (answer_id) DO NOTHING`,
};

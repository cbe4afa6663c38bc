import { CLAIM_TTL_MS, type IncidentWindow, MAX_CLAIMS, MAX_GAPS, USAGE_DAYS_KEPT } from '../contract.js';
import { type ClaudeUsageDay, dayOf, emptyUsageDay } from '../records.js';
import type { Db } from './db.js';

/**
 * Short-lived shared decisions: cooldowns, rate limits, incident windows, the Claude daily budget, and
 * pruning. In tables, so every instance decides alike; each check-and-change is atomic in the database.
 */

const DAY_MS = 86_400_000;
/** Rate-limit hits and incident sightings are kept this long: every window the bot uses is shorter. */
const WINDOW_ROWS_KEPT_MS = DAY_MS;

export async function cooldowns(db: Db, keys: string[], now: number): Promise<Record<string, number>> {
  if (keys.length === 0) return {};
  const r = await db.query<{ key: string; at: number }>('SELECT key, at FROM cooldowns WHERE key = ANY($1::text[]) AND expires_at > $2', [
    keys,
    now,
  ]);
  return Object.fromEntries(r.rows.map((row) => [row.key, row.at]));
}

/** Instances touching one key at once keep the latest time, whichever commits last. */
export async function touchCooldowns(db: Db, keys: string[], at: number, keepMs: number): Promise<void> {
  if (keys.length === 0) return;
  await db.query(
    `INSERT INTO cooldowns (key, at, expires_at) SELECT k, $2, $3 FROM unnest($1::text[]) AS k
     ON CONFLICT (key) DO UPDATE SET at = GREATEST(cooldowns.at, EXCLUDED.at), expires_at = GREATEST(cooldowns.expires_at, EXCLUDED.expires_at)`,
    [keys, at, at + keepMs],
  );
}

/** The key's row is locked while its hits in the window are counted, so racing callers take turns. */
export function takeRate(db: Db, key: string, at: number, windowMs: number, limit: number): Promise<{ allowed: boolean; count: number }> {
  return db.tx(async (c) => {
    await c.query('INSERT INTO rate_keys (key) VALUES ($1) ON CONFLICT (key) DO UPDATE SET key = EXCLUDED.key', [key]);
    const r = await c.query<{ n: number }>('SELECT count(*) AS n FROM rate_hits WHERE key = $1 AND at > $2', [key, at - windowMs]);
    const count = r.rows[0]?.n ?? 0;
    if (count >= limit) return { allowed: false, count };
    await c.query('INSERT INTO rate_hits (key, at) VALUES ($1, $2)', [key, at]);
    return { allowed: true, count: count + 1 };
  });
}

export async function sighting(db: Db, fingerprintHash: string, channelKey: string, at: number, windowMs: number): Promise<IncidentWindow> {
  await db.query('INSERT INTO incident_sightings (fingerprint_hash, channel_key, at) VALUES ($1, $2, $3)', [
    fingerprintHash,
    channelKey,
    at,
  ]);
  const r = await db.query<{ sightings: number; channels: number }>(
    `SELECT count(*) AS sightings, count(DISTINCT channel_key) AS channels FROM incident_sightings
     WHERE fingerprint_hash = $1 AND at > $2`,
    [fingerprintHash, at - windowMs],
  );
  return { sightings: r.rows[0]?.sightings ?? 0, channels: r.rows[0]?.channels ?? 0 };
}

/**
 * Claims the notice when none was given within the window: the upsert's condition is checked under the
 * row lock, so of racing callers one gets the row back. `force` records the notice either way.
 */
export async function claimNotice(
  db: Db,
  fingerprintHash: string,
  channelKey: string,
  at: number,
  windowMs: number,
  force: boolean,
): Promise<boolean> {
  const r = await db.query(
    `INSERT INTO incident_notices AS n (fingerprint_hash, channel_key, at) VALUES ($1, $2, $3)
     ON CONFLICT (fingerprint_hash, channel_key) DO UPDATE SET at = EXCLUDED.at WHERE n.at <= $3 - $4::bigint RETURNING 1`,
    [fingerprintHash, channelKey, at, windowMs],
  );
  const claimed = (r.rowCount ?? 0) > 0;
  if (!claimed && force) {
    await db.query('UPDATE incident_notices SET at = GREATEST(at, $3) WHERE fingerprint_hash = $1 AND channel_key = $2', [
      fingerprintHash,
      channelKey,
      at,
    ]);
  }
  return claimed;
}

interface UsageRow {
  day: string;
  user_id: string;
  input_tokens: number;
  output_tokens: number;
  calls: number;
  failures: number;
}

/** Usage rows are per day and user (so instances add up without a lost update); a day is their sum. */
function usageDaysOf(rows: UsageRow[]): ClaudeUsageDay[] {
  const days = new Map<string, ClaudeUsageDay>();
  for (const r of rows) {
    let d = days.get(r.day);
    if (!d) {
      d = emptyUsageDay(r.day);
      days.set(r.day, d);
    }
    d.inputTokens += r.input_tokens;
    d.outputTokens += r.output_tokens;
    d.calls += r.calls;
    d.failures += r.failures;
    // user '' is the day-level remainder an import from the embedded store carries (import.ts)
    if (r.user_id) d.byUser[r.user_id] = (d.byUser[r.user_id] ?? 0) + r.input_tokens + r.output_tokens;
  }
  return [...days.values()].sort((a, b) => a.day.localeCompare(b.day));
}

const USAGE_SELECT = 'SELECT day, user_id, input_tokens, output_tokens, calls, failures FROM claude_usage';

export async function usageToday(db: Db, now: number): Promise<ClaudeUsageDay> {
  const day = dayOf(now);
  const rows = (await db.query<UsageRow>(`${USAGE_SELECT} WHERE day = $1`, [day])).rows;
  return usageDaysOf(rows)[0] ?? emptyUsageDay(day);
}

export async function usageDays(db: Db, now: number, days: number): Promise<ClaudeUsageDay[]> {
  const first = dayOf(now - (days - 1) * DAY_MS);
  return usageDaysOf((await db.query<UsageRow>(`${USAGE_SELECT} WHERE day >= $1`, [first])).rows);
}

export async function recordUsage(db: Db, now: number, userId: string, input: number, output: number, failed: boolean): Promise<void> {
  await db.query(
    `INSERT INTO claude_usage AS u (day, user_id, input_tokens, output_tokens, calls, failures) VALUES ($1, $2, $3, $4, 1, $5)
     ON CONFLICT (day, user_id) DO UPDATE SET input_tokens = u.input_tokens + EXCLUDED.input_tokens,
       output_tokens = u.output_tokens + EXCLUDED.output_tokens, calls = u.calls + 1, failures = u.failures + EXCLUDED.failures`,
    [dayOf(now), userId, input, output, failed ? 1 : 0],
  );
}

/**
 * The same limits as the embedded engine (contract.ts), plus the window tables kept for a day. One
 * instance prunes at a time (a transaction advisory lock); the others skip rather than queue behind it.
 */
export async function prune(db: Db, now: number, limits: { retentionDays: number; maxAnswers: number }): Promise<void> {
  const cutoff = now - limits.retentionDays * DAY_MS;
  await db.tx(async (c) => {
    const lock = await c.query<{ ok: boolean }>(
      "SELECT pg_try_advisory_xact_lock(hashtext('diagnose-bot prune ' || current_schema())) AS ok",
    );
    if (!lock.rows[0]?.ok) return;
    await c.query('DELETE FROM answers WHERE at < $1', [cutoff]);
    await c.query('DELETE FROM answers WHERE id IN (SELECT id FROM answers ORDER BY at DESC, seq DESC OFFSET $1)', [limits.maxAnswers]);
    await c.query('DELETE FROM claims WHERE at < $1', [now - CLAIM_TTL_MS]);
    await c.query('DELETE FROM claims WHERE key IN (SELECT key FROM claims ORDER BY at DESC OFFSET $1)', [MAX_CLAIMS]);
    await c.query('DELETE FROM gaps WHERE last_at < $1', [cutoff]);
    await c.query(
      `DELETE FROM gaps WHERE (community, fingerprint_hash) IN
         (SELECT community, fingerprint_hash FROM gaps ORDER BY count DESC, last_at DESC OFFSET $1)`,
      [MAX_GAPS],
    );
    await c.query('DELETE FROM cooldowns WHERE expires_at < $1', [now]);
    await c.query('DELETE FROM rate_hits WHERE at < $1', [now - WINDOW_ROWS_KEPT_MS]);
    await c.query('DELETE FROM rate_keys k WHERE NOT EXISTS (SELECT 1 FROM rate_hits h WHERE h.key = k.key)');
    await c.query('DELETE FROM incident_sightings WHERE at < $1', [now - WINDOW_ROWS_KEPT_MS]);
    await c.query('DELETE FROM incident_notices WHERE at < $1', [now - WINDOW_ROWS_KEPT_MS]);
    await c.query('DELETE FROM corrections WHERE at < $1', [cutoff]);
    await c.query('DELETE FROM solved WHERE at < $1 AND (archive_at IS NULL OR archived_at IS NOT NULL)', [cutoff]);
    await c.query('DELETE FROM claude_usage WHERE day < $1', [dayOf(now - USAGE_DAYS_KEPT * DAY_MS)]);
  });
}

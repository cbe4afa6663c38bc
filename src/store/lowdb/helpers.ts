import { type ChannelSettingRow, GAP_EXAMPLE_CHARS, type HelperStats, type StatsFilter } from '../contract.js';
import {
  type ClaudeUsageDay,
  type CorrectionRecord,
  type GapRecord,
  type NewGap,
  type Platform,
  type SolvedRecord,
  seenKey,
} from '../records.js';
import { inScope } from '../stats.js';
import type { State } from './state.js';

/**
 * The embedded engine's record arithmetic, kept out of the engine class: reads and statistics over the
 * small collections (corrections, solved marks, channel settings), and the next version of a gap or a
 * usage day. Pure functions of their arguments; the writes go through the engine's write-ahead log.
 */

export function dueArchivesOf(state: State, at: number, limit: number): SolvedRecord[] {
  return [...state.solved.values()]
    .filter((s) => s.archiveAt !== null && s.archivedAt === null && s.archiveAt <= at)
    .sort((a, b) => (a.archiveAt ?? 0) - (b.archiveAt ?? 0))
    .slice(0, limit)
    .map((s) => ({ ...s }));
}

export function helperStatsOf(corrections: Iterable<CorrectionRecord>, solved: Iterable<SolvedRecord>, filter?: StatsFilter): HelperStats {
  const pairs = new Map<string, HelperStats['corrections'][number]>();
  for (const c of corrections) {
    if (!inScope(c, filter)) continue;
    const key = `${c.fromArticleId ?? ''}\n${c.toArticleId}`;
    const row = pairs.get(key) ?? { fromArticleId: c.fromArticleId, toArticleId: c.toArticleId, count: 0 };
    row.count++;
    pairs.set(key, row);
  }
  const byArticle = new Map<string | null, number>();
  for (const s of solved) if (inScope(s, filter)) byArticle.set(s.articleId, (byArticle.get(s.articleId) ?? 0) + 1);
  return {
    corrections: [...pairs.values()].sort(
      (a, b) =>
        b.count - a.count || (a.fromArticleId ?? '').localeCompare(b.fromArticleId ?? '') || a.toArticleId.localeCompare(b.toArticleId),
    ),
    solved: [...byArticle.entries()]
      .map(([articleId, n]) => ({ articleId, solved: n }))
      .sort((a, b) => b.solved - a.solved || (a.articleId ?? '').localeCompare(b.articleId ?? '')),
  };
}

/** Retention: corrections and solved marks older than the cutoff go (their answers are gone by then too). */
export function pruneHelperRecords(state: State, cutoff: number): void {
  for (const [k, c] of state.corrections) if (c.at < cutoff) state.corrections.delete(k);
  for (const [k, s] of state.solved) if (s.at < cutoff && (s.archiveAt === null || s.archivedAt !== null)) state.solved.delete(k);
}

/** A gap seen again, or for the first time. The latest verdict (kind, probable article) wins: the knowledge base may have changed since. */
export function mergeGap(old: GapRecord | undefined, gap: NewGap, now: number): GapRecord {
  const community = gap.community ?? '';
  const { example, platform, channelId, ...rest } = gap;
  const seen = { ...old?.seen };
  if (platform) {
    const where = seenKey(platform, channelId ?? '');
    seen[where] = (seen[where] ?? 0) + 1;
  }
  const where = platform ? { seen } : {};
  return old
    ? { ...old, ...rest, ...where, community, fingerprint: old.fingerprint, count: old.count + 1, lastAt: now }
    : { ...rest, ...where, community, count: 1, example: example.slice(0, GAP_EXAMPLE_CHARS), firstAt: now, lastAt: now };
}

/** A copy of the usage day with one more call counted (the stored day is never changed in place). */
export function withUsage(day: ClaudeUsageDay, userId: string, inputTokens: number, outputTokens: number, failed: boolean): ClaudeUsageDay {
  const u = structuredClone(day);
  u.calls++;
  if (failed) u.failures++;
  u.inputTokens += inputTokens;
  u.outputTokens += outputTokens;
  u.byUser[userId] = (u.byUser[userId] ?? 0) + inputTokens + outputTokens;
  return u;
}

/** Channel settings are keyed `platform:channelId`; the channel id itself may hold a colon. */
export function channelSettingRowsOf(channels: State['channels'], filter?: StatsFilter): ChannelSettingRow[] {
  const rows: ChannelSettingRow[] = [];
  for (const [key, s] of channels) {
    if (!inScope(s, filter)) continue;
    const at = key.indexOf(':');
    const { questions, ...rest } = s;
    rows.push({ key, platform: key.slice(0, at) as Platform, channelId: key.slice(at + 1), ...rest, ...(questions ? { questions } : {}) });
  }
  return rows;
}

/** Every community the store has heard of: from answers, channel settings and community settings. */
export function communitiesOf(state: State): Array<{ platform: Platform; community: string }> {
  const seen = new Map<string, { platform: Platform; community: string }>();
  const add = (platform: Platform, community: string) => {
    if (community) seen.set(`${platform}:${community}`, { platform, community });
  };
  for (const a of state.answers) add(a.platform, a.community);
  for (const row of channelSettingRowsOf(state.channels)) add(row.platform, row.community);
  for (const s of state.communities.values()) add(s.platform, s.community);
  return [...seen.values()];
}

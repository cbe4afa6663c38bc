import type { HelperStats, StatsFilter } from '../contract.js';
import type { CorrectionRecord, SolvedRecord } from '../records.js';
import { inScope } from '../stats.js';
import type { State } from './state.js';

/**
 * Corrections and solved marks in the embedded engine, kept out of the engine class: the reads and the
 * statistics over the two small collections. The writes go through the engine's write-ahead log.
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

import { CLAIM_TTL_MS, MAX_CLAIMS, MAX_GAPS, USAGE_DAYS_KEPT } from '../contract.js';
import { dayOf } from '../records.js';
import { pruneHelperRecords } from './helpers.js';
import type { State } from './state.js';

/**
 * Keeps the embedded store bounded: answers past retention or over the cap (oldest first) go with their
 * votes; claims older than two days, gaps not seen within retention, Claude usage older than 90 days.
 * Pruning is not logged: it depends only on time and counts, so start-up prunes again whatever a crash
 * brought back from an older snapshot.
 */
export interface RetentionLimits {
  retentionDays: number;
  maxAnswers: number;
}

const DAY_MS = 86_400_000;

export function prune(state: State, limits: RetentionLimits, now: number): { answers: number } {
  const cutoff = now - limits.retentionDays * DAY_MS;
  const answers = state.answers;
  let drop = 0;
  while (drop < answers.length && (answers[drop] as { at: number }).at < cutoff) drop++;
  drop = Math.max(drop, answers.length - limits.maxAnswers);
  state.dropOldest(drop);

  // Claims are kept in the order they were made: the oldest are first.
  const claimCutoff = now - CLAIM_TTL_MS;
  let excess = state.claims.size - MAX_CLAIMS;
  for (const [key, at] of state.claims) {
    if (at >= claimCutoff && excess <= 0) break;
    state.claims.delete(key);
    excess--;
  }

  if (state.gaps.size > MAX_GAPS || [...state.gaps.values()].some((g) => g.lastAt < cutoff)) {
    const kept = [...state.gaps.entries()]
      .filter(([, g]) => g.lastAt >= cutoff)
      .sort((a, b) => b[1].count - a[1].count)
      .slice(0, MAX_GAPS);
    state.gaps.clear();
    for (const [k, g] of kept) state.gaps.set(k, g);
  }

  pruneHelperRecords(state, cutoff);
  const oldestDay = dayOf(now - USAGE_DAYS_KEPT * DAY_MS);
  for (const day of [...state.usage.keys()]) if (day < oldestDay) state.usage.delete(day);
  return { answers: drop };
}

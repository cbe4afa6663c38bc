import type { ArticleStats, DayRow, ShadowRow, StatsFilter } from './contract.js';
import { type AnswerRecord, dayOf, type GapRecord, type VoteRecord } from './records.js';

/**
 * Statistics computed from records, the same for every engine that holds its records in memory (the
 * PostgreSQL engine may compute the same figures in SQL; the contract suite checks they agree).
 */

const DAY_MS = 86_400_000;

export function inScope(record: { community?: string }, filter: StatsFilter | undefined): boolean {
  return filter?.community === undefined || record.community === filter.community;
}

export function articleStatsOf(
  answers: Iterable<AnswerRecord>,
  votes: Iterable<VoteRecord>,
  answerById: (id: string) => AnswerRecord | undefined,
  filter?: StatsFilter,
): ArticleStats[] {
  const byArticle = new Map<string, ArticleStats>();
  const get = (id: string) => {
    let s = byArticle.get(id);
    if (!s) {
      s = { articleId: id, answers: 0, reasons: {}, up: 0, down: 0, helpfulRate: null };
      byArticle.set(id, s);
    }
    return s;
  };
  for (const a of answers) if (a.articleId && !a.shadow && inScope(a, filter)) get(a.articleId).answers++;
  for (const v of votes) {
    const a = answerById(v.answerId);
    if (!a?.articleId || !inScope(a, filter)) continue;
    const s = get(a.articleId);
    s[v.value]++;
    if (v.value === 'down' && v.reason) s.reasons[v.reason] = (s.reasons[v.reason] ?? 0) + 1;
  }
  for (const s of byArticle.values()) s.helpfulRate = s.up + s.down > 0 ? s.up / (s.up + s.down) : null;
  return [...byArticle.values()].sort((a, b) => b.answers - a.answers || a.articleId.localeCompare(b.articleId));
}

export function shadowResultsOf(
  answers: Iterable<AnswerRecord>,
  votes: Iterable<VoteRecord>,
  answerById: (id: string) => AnswerRecord | undefined,
  filter?: StatsFilter,
): ShadowRow[] {
  const rows = new Map<string, ShadowRow>();
  const row = (a: AnswerRecord) => {
    const key = `${a.platform}:${a.channelId}`;
    let r = rows.get(key);
    if (!r) {
      r = { platform: a.platform, channelId: a.channelId, wouldAnswer: 0, up: 0, down: 0 };
      rows.set(key, r);
    }
    return r;
  };
  for (const a of answers) if (a.shadow && inScope(a, filter)) row(a).wouldAnswer++;
  for (const v of votes) {
    const a = answerById(v.answerId);
    if (a?.shadow && inScope(a, filter)) row(a)[v.value]++;
  }
  return [...rows.values()];
}

/** The empty day rows for the last `days` days up to `now`, oldest first, and the first instant counted. */
export function dayRows(now: number, days: number): { rows: Map<string, DayRow>; since: number } {
  const rows = new Map<string, DayRow>();
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  for (let i = days - 1; i >= 0; i--) {
    const day = dayOf(today - i * DAY_MS);
    rows.set(day, { day, answers: 0, shadow: 0 });
  }
  return { rows, since: today - (days - 1) * DAY_MS };
}

/** Answers per day from answers in order of time (newest last): walks back from the newest only as far as needed. */
export function answersPerDayOf(answersOldestFirst: readonly AnswerRecord[], now: number, days: number, filter?: StatsFilter): DayRow[] {
  const { rows, since } = dayRows(now, days);
  for (let i = answersOldestFirst.length - 1; i >= 0; i--) {
    const a = answersOldestFirst[i] as AnswerRecord;
    if (a.at < since) break;
    if (!inScope(a, filter)) continue;
    const row = rows.get(dayOf(a.at));
    if (!row) continue;
    if (a.shadow) row.shadow++;
    else row.answers++;
  }
  return [...rows.values()];
}

/**
 * The most frequent gaps. Without a community filter, one fingerprint seen in several communities is one
 * row (counts added, the earliest example kept).
 */
export function topGapsOf(all: Iterable<GapRecord>, limit: number, filter?: StatsFilter): GapRecord[] {
  const kinds = filter?.gapKinds ?? ['uncovered'];
  const gaps = [...all].filter((g) => kinds.includes(g.kind ?? 'uncovered'));
  let rows: GapRecord[];
  if (filter?.community !== undefined) rows = gaps.filter((g) => g.community === filter.community);
  else {
    const merged = new Map<string, GapRecord>();
    for (const g of gaps) {
      const m = merged.get(g.fingerprintHash);
      if (!m) merged.set(g.fingerprintHash, { ...g });
      else {
        m.count += g.count;
        if (g.firstAt < m.firstAt) Object.assign(m, { firstAt: g.firstAt, example: g.example });
        m.lastAt = Math.max(m.lastAt, g.lastAt);
      }
    }
    rows = [...merged.values()];
  }
  return rows.sort((a, b) => b.count - a.count || b.lastAt - a.lastAt).slice(0, limit);
}

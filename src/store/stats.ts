import type { AnswerWithVotes, ArticleStats, DayRow, ShadowRow, StatsFilter } from './contract.js';
import { type AnswerRecord, dayOf, type GapRecord, type VoteRecord } from './records.js';

/**
 * Statistics computed from records, the same for every engine that holds its records in memory (the
 * PostgreSQL engine may compute the same figures in SQL; the contract suite checks they agree).
 */

const DAY_MS = 86_400_000;

export function inScope(record: { community?: string }, filter: StatsFilter | undefined): boolean {
  return filter?.community === undefined || record.community === filter.community;
}

const contains = (haystack: string | null | undefined, needle: string) => (haystack ?? '').toLowerCase().includes(needle);

/** Does the answer pass every part of the filter (community, time, platform, channel, article, text, playground)? */
export function answerMatches(a: AnswerRecord, f: StatsFilter | undefined): boolean {
  if (!f) return true;
  if (!inScope(a, f)) return false;
  if (f.from !== undefined && a.at < f.from) return false;
  if (f.to !== undefined && a.at >= f.to) return false;
  if (f.platform !== undefined && a.platform !== f.platform) return false;
  if (f.excludePlayground && a.platform === 'local') return false;
  if (f.channel !== undefined && a.channelId !== f.channel) return false;
  if (f.article !== undefined && a.articleId !== f.article) return false;
  if (f.fingerprint !== undefined && a.fingerprintHash !== f.fingerprint) return false;
  if (f.search) {
    const q = f.search.toLowerCase();
    if (!contains(a.fingerprint, q) && !contains(a.example, q) && !contains(a.articleId, q)) return false;
  }
  return true;
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
  for (const a of answers) if (a.articleId && !a.shadow && answerMatches(a, filter)) get(a.articleId).answers++;
  for (const v of votes) {
    const a = answerById(v.answerId);
    if (!a?.articleId || !answerMatches(a, filter)) continue;
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
  for (const a of answers) if (a.shadow && answerMatches(a, filter)) row(a).wouldAnswer++;
  for (const v of votes) {
    const a = answerById(v.answerId);
    if (a?.shadow && answerMatches(a, filter)) row(a)[v.value]++;
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

/** The last day a chart shows: the day before `to` when the filter ends in the past, else today. */
export function chartEnd(now: number, filter?: StatsFilter): number {
  return filter?.to !== undefined ? Math.min(now, filter.to - 1) : now;
}

/** Answers per day from answers in order of time (newest last): walks back from the newest only as far as needed. */
export function answersPerDayOf(answersOldestFirst: readonly AnswerRecord[], now: number, days: number, filter?: StatsFilter): DayRow[] {
  const { rows, since } = dayRows(chartEnd(now, filter), days);
  for (let i = answersOldestFirst.length - 1; i >= 0; i--) {
    const a = answersOldestFirst[i] as AnswerRecord;
    if (a.at < since) break;
    if (!answerMatches(a, filter)) continue;
    const row = rows.get(dayOf(a.at));
    if (!row) continue;
    if (a.shadow) row.shadow++;
    else row.answers++;
  }
  return [...rows.values()];
}

/** Answers matching the filter, newest first, with their votes. */
export function listAnswersOf(
  answersOldestFirst: readonly AnswerRecord[],
  votesOf: (answerId: string) => readonly VoteRecord[],
  filter: StatsFilter | undefined,
  limit: number,
): AnswerWithVotes[] {
  const out: AnswerWithVotes[] = [];
  for (let i = answersOldestFirst.length - 1; i >= 0 && out.length < limit; i--) {
    const a = answersOldestFirst[i] as AnswerRecord;
    if (!answerMatches(a, filter)) continue;
    const votes = votesOf(a.id);
    out.push({
      ...a,
      up: votes.filter((v) => v.value === 'up').length,
      down: votes.filter((v) => v.value === 'down').length,
      reasons: votes.flatMap((v) => (v.value === 'down' && v.reason ? [v.reason] : [])),
    });
  }
  return out;
}

/**
 * The sightings of a gap that pass the platform, channel and playground filters, or null when none do.
 * Sightings from before `seen` was kept have no place: they count only when no place is asked for.
 */
function gapCountIn(g: GapRecord, f: StatsFilter | undefined): number | null {
  const seen = Object.entries(g.seen ?? {});
  const placed = seen.reduce((n, [, c]) => n + c, 0);
  const unplaced = Math.max(0, g.count - placed);
  const place = f?.platform !== undefined || f?.channel !== undefined;
  let n = place ? 0 : unplaced;
  for (const [key, c] of seen) {
    const at = key.indexOf(':');
    const platform = key.slice(0, at);
    if (f?.platform !== undefined && platform !== f.platform) continue;
    if (f?.channel !== undefined && key.slice(at + 1) !== f.channel) continue;
    if (f?.excludePlayground && platform === 'local') continue;
    n += c;
  }
  return n > 0 ? n : null;
}

function gapMatches(g: GapRecord, f: StatsFilter | undefined): boolean {
  if (!f) return true;
  if (f.community !== undefined && g.community !== f.community) return false;
  if (f.from !== undefined && g.lastAt < f.from) return false;
  if (f.to !== undefined && g.firstAt >= f.to) return false;
  if (f.fingerprint !== undefined && g.fingerprintHash !== f.fingerprint) return false;
  if (f.search) {
    const q = f.search.toLowerCase();
    if (!contains(g.fingerprint, q) && !contains(g.example, q) && !contains(g.probableArticleId, q)) return false;
  }
  return true;
}

const newer = (a: GapRecord['resolution'], b: GapRecord['resolution']) => ((b?.at ?? -1) > (a?.at ?? -1) ? b : a);

/**
 * The most frequent gaps. Without a community filter, one fingerprint seen in several communities is one
 * row (counts added, the earliest example kept, the latest resolution). Counts are those of the places
 * the filter keeps (platform, channel, playground).
 */
export function topGapsOf(all: Iterable<GapRecord>, limit: number, filter?: StatsFilter): GapRecord[] {
  const kinds = filter?.gapKinds ?? ['uncovered'];
  const gaps: GapRecord[] = [];
  for (const g of all) {
    if (!kinds.includes(g.kind ?? 'uncovered') || !gapMatches(g, filter)) continue;
    const count = gapCountIn(g, filter);
    if (count !== null) gaps.push({ ...g, count, ...(g.seen ? { seen: { ...g.seen } } : {}) });
  }
  let rows: GapRecord[];
  if (filter?.community !== undefined) rows = gaps;
  else {
    const merged = new Map<string, GapRecord>();
    for (const g of gaps) {
      const m = merged.get(g.fingerprintHash);
      if (!m) merged.set(g.fingerprintHash, g);
      else {
        m.count += g.count;
        if (g.firstAt < m.firstAt) Object.assign(m, { firstAt: g.firstAt, example: g.example });
        m.lastAt = Math.max(m.lastAt, g.lastAt);
        const resolution = newer(m.resolution, g.resolution);
        if (resolution) m.resolution = resolution;
        if (g.seen) {
          m.seen = { ...m.seen };
          for (const [k, c] of Object.entries(g.seen)) m.seen[k] = (m.seen[k] ?? 0) + c;
        }
      }
    }
    rows = [...merged.values()];
  }
  const state = filter?.gapState ?? 'open';
  const article = filter?.article;
  return rows
    .filter((g) => state === 'all' || (state === 'open') === !g.resolution)
    .filter((g) => article === undefined || g.probableArticleId === article || g.resolution?.articleId === article)
    .sort((a, b) => b.count - a.count || b.lastAt - a.lastAt || a.fingerprintHash.localeCompare(b.fingerprintHash))
    .slice(0, limit);
}

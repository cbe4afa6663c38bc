import type { StatsFilter } from '../store/contract.js';
import { PLATFORMS, type Platform } from '../store/records.js';
import { HttpError } from './http.js';

/**
 * The dashboard's filters as query parameters, shared by the pages, /api/stats and the exports:
 * `from`, `to` (a day `YYYY-MM-DD`, both days included, or an ISO time), `platform`, `community`,
 * `channel`, `article`, `q` (text in the fingerprint, the redacted example or the article id) and
 * `playground=1` (the local playground's answers, left out unless asked for).
 */

const DAY_MS = 86_400_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** The longest chart: a longer range still filters every figure, the chart shows its last 92 days. */
const MAX_CHART_DAYS = 92;
export const FILTER_PARAMS = ['from', 'to', 'platform', 'community', 'channel', 'article', 'q', 'playground'] as const;

export interface DashboardQuery {
  filter: StatsFilter;
  /** Days the answers-per-day chart shows. */
  days: number;
  /** The filter parameters as given (empty ones dropped), for links that keep the filter. */
  params: URLSearchParams;
  playground: boolean;
}

function parseTime(name: string, value: string, endOfDay: boolean): number {
  if (DAY.test(value)) {
    const start = Date.parse(`${value}T00:00:00Z`);
    if (Number.isNaN(start)) throw new HttpError(400, `${name}: not a date (YYYY-MM-DD)`);
    return endOfDay ? start + DAY_MS : start;
  }
  const t = Date.parse(value);
  if (Number.isNaN(t) || !/^\d{4}-\d{2}-\d{2}T/.test(value)) throw new HttpError(400, `${name}: not a date (YYYY-MM-DD) or an ISO time`);
  return t;
}

export function parseDashboardQuery(url: URL, now: number): DashboardQuery {
  const params = new URLSearchParams();
  const get = (name: (typeof FILTER_PARAMS)[number]) => {
    const v = url.searchParams.get(name)?.trim().slice(0, 200);
    if (v) params.set(name, v);
    return v || undefined;
  };
  const from = get('from');
  const to = get('to');
  const platform = get('platform');
  if (platform !== undefined && !(PLATFORMS as readonly string[]).includes(platform))
    throw new HttpError(400, `platform must be one of ${PLATFORMS.join(', ')}`);
  const playgroundParam = get('playground');
  const playground = playgroundParam === '1' || playgroundParam === 'on' || playgroundParam === 'true' || platform === 'local';
  const filter: StatsFilter = {
    ...(from ? { from: parseTime('from', from, false) } : {}),
    ...(to ? { to: parseTime('to', to, true) } : {}),
    ...(platform ? { platform: platform as Platform } : {}),
    ...optional('community', get('community')),
    ...optional('channel', get('channel')),
    ...optional('article', get('article')),
    ...optional('search', get('q')),
    ...(playground ? {} : { excludePlayground: true }),
  };
  if (filter.from !== undefined && filter.to !== undefined && filter.from >= filter.to) throw new HttpError(400, 'from must be before to');
  const end = filter.to !== undefined ? Math.min(now, filter.to - 1) : now;
  const days =
    filter.from !== undefined ? Math.min(MAX_CHART_DAYS, Math.max(1, Math.floor(end / DAY_MS) - Math.floor(filter.from / DAY_MS) + 1)) : 14;
  return { filter, days, params, playground };
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

/** `?…` with the filter (and `extra`), or '' when there is nothing to add. */
export function withFilter(params: URLSearchParams, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams(params);
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** The filter as a reader would say it, for the page and the JSON export. */
export function describeFilter(q: DashboardQuery): Record<string, string> {
  return Object.fromEntries(q.params);
}

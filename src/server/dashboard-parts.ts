import type { KnowledgeBase } from '../core/knowledge/index.js';
import type { AnswerWithVotes } from '../store/contract.js';
import { FEEDBACK_REASONS, type GapRecord, PLATFORMS } from '../store/records.js';
import { type DashboardQuery, withFilter } from './filters.js';
import { esc } from './html.js';

/** Pieces the dashboard pages share: the filter form, answer and gap tables, the gap actions. */

const when = (at: number) => new Date(at).toISOString().slice(0, 16).replace('T', ' ');
const dayOf = (at: number | undefined) => (at === undefined ? '' : new Date(at).toISOString().slice(0, 10));

export const articleLink = (id: string, q: DashboardQuery) => `/dashboard/article/${encodeURIComponent(id)}${withFilter(q.params)}`;
export const fingerprintLink = (hash: string, q: DashboardQuery) =>
  `/dashboard/fingerprint/${encodeURIComponent(hash)}${withFilter(q.params)}`;

/**
 * The filters as a GET form: every figure on the page follows them, and the URL can be bookmarked.
 * `omit` leaves out a field the page fixes itself (the article page has its article).
 */
export function filterForm(
  q: DashboardQuery,
  opts: { action: string; kb: KnowledgeBase; communities: Array<{ platform: string; community: string }>; omit?: 'article' },
): string {
  const v = (name: string) => esc(q.params.get(name) ?? '');
  const option = (value: string, label: string, current: string | null) =>
    `<option value="${esc(value)}"${current === value ? ' selected' : ''}>${esc(label)}</option>`;
  const platforms = [
    option('', 'All platforms', q.params.get('platform') ?? ''),
    ...PLATFORMS.map((p) => option(p, p === 'local' ? 'playground (local)' : p, q.params.get('platform'))),
  ];
  const communities = [
    option('', 'All communities', q.params.get('community') ?? ''),
    ...opts.communities.map((c) => option(c.community, `${c.platform} ${c.community}`, q.params.get('community'))),
  ];
  const articles = [
    option('', 'All articles', q.params.get('article') ?? ''),
    ...[...opts.kb.articles].sort((a, b) => a.title.localeCompare(b.title)).map((a) => option(a.id, a.title, q.params.get('article'))),
  ];
  const fields = [
    `<label>From <input type="date" name="from" value="${v('from')}"></label>`,
    `<label>To <input type="date" name="to" value="${v('to')}"></label>`,
    `<label>Platform <select name="platform">${platforms.join('')}</select></label>`,
    `<label>Community <select name="community">${communities.join('')}</select></label>`,
    `<label>Channel <input type="text" name="channel" value="${v('channel')}" placeholder="channel id" size="12"></label>`,
    opts.omit === 'article' ? '' : `<label>Article <select name="article">${articles.join('')}</select></label>`,
    `<label class="wide">Search answers and gaps <input type="search" name="q" value="${v('q')}" placeholder="text in the error, fingerprint or article id"></label>`,
    `<label><input type="checkbox" name="playground" value="1"${q.playground ? ' checked' : ''}> Include playground answers</label>`,
  ];
  return `<form class="filters" method="get" action="${esc(opts.action)}" role="search" aria-label="Filter the dashboard">${fields.join('')}<div class="row"><button type="submit">Apply</button><a href="${esc(opts.action)}">Clear filters</a></div></form>`;
}

/** What the figures below cover, in words. */
export function filterSummary(q: DashboardQuery): string {
  const f = q.filter;
  const parts = [
    f.from !== undefined || f.to !== undefined
      ? `${esc(dayOf(f.from)) || 'the start'} to ${f.to !== undefined ? esc(dayOf(f.to - 1)) : 'now'}`
      : 'all time',
    f.platform ? esc(f.platform) : 'all platforms',
    f.community ? `community ${esc(f.community)}` : '',
    f.channel ? `channel ${esc(f.channel)}` : '',
    f.article ? `article ${esc(f.article)}` : '',
    f.search ? `matching “${esc(f.search)}”` : '',
    q.playground ? 'playground included' : 'playground left out',
  ].filter(Boolean);
  return `<p class="muted" data-filter-summary>Showing ${parts.join(' · ')}.</p>`;
}

function votesCell(a: AnswerWithVotes): string {
  const reasons = a.reasons.map((r) => FEEDBACK_REASONS[r]).join('; ');
  return `<td class="num" data-votes="${esc(a.id)}">${a.up} / ${a.down}${reasons ? `<br><small>${esc(reasons)}</small>` : ''}</td>`;
}

/** Recent answers with their (redacted) examples and votes. */
export function answersTable(rows: readonly AnswerWithVotes[], q: DashboardQuery, kb: KnowledgeBase, caption: string): string {
  if (rows.length === 0) return '<p class="empty">No answers match.</p>';
  const body = rows
    .map((a) => {
      const article = a.articleId
        ? `<a href="${esc(articleLink(a.articleId, q))}">${esc(kb.byId.get(a.articleId)?.title ?? a.articleId)}</a>`
        : '<span class="muted">none</span>';
      const example = a.example
        ? `<details><summary>example (redacted)</summary><pre tabindex="0">${esc(a.example)}</pre></details>`
        : '<span class="muted">no example kept</span>';
      return `<tr data-answer="${esc(a.id)}"><td>${esc(when(a.at))}</td><td>${esc(a.platform)}<br><small>${esc(a.channelId)}</small></td><td>${article}${a.shadow ? ' <small>(shadow)</small>' : ''}</td><td class="num">${Math.round(a.confidence * 100)}%</td>${votesCell(a)}<td><a href="${esc(fingerprintLink(a.fingerprintHash, q))}"><code>${esc(a.fingerprint.slice(0, 80))}</code></a>${example}</td></tr>`;
    })
    .join('');
  return `<div class="table-wrap"><table><caption class="visually-hidden">${esc(caption)}</caption><thead><tr><th>When (UTC)</th><th>Where</th><th>Article</th><th>Confidence</th><th>Votes (up / down)</th><th>Fingerprint and example</th></tr></thead><tbody>${body}</tbody></table></div>`;
}

/** Link to an article, dismiss, or reopen: JSON posts from app.js (same-origin rules as every other write). */
export function gapActions(g: GapRecord): string {
  const hash = esc(g.fingerprintHash);
  if (g.resolution)
    return `<div class="gap-actions" data-fingerprint="${hash}"><button type="button" data-gap="reopen">Reopen</button><span class="gap-status" aria-live="polite"></span></div>`;
  return `<div class="gap-actions" data-fingerprint="${hash}"><label>Article id <input type="text" name="article" list="article-ids" size="16"></label><button type="button" data-gap="link">Link</button><button type="button" data-gap="dismiss">Dismiss</button><span class="gap-status" aria-live="polite"></span></div>`;
}

export function articleDatalist(kb: KnowledgeBase): string {
  return `<datalist id="article-ids">${kb.articles.map((a) => `<option value="${esc(a.id)}">${esc(a.title)}</option>`).join('')}</datalist>`;
}

function resolutionText(g: GapRecord, q: DashboardQuery): string {
  const r = g.resolution;
  if (!r) return '';
  return r.action === 'linked' && r.articleId
    ? `linked to <a href="${esc(articleLink(r.articleId, q))}">${esc(r.articleId)}</a> on ${esc(dayOf(r.at))}`
    : `dismissed on ${esc(dayOf(r.at))}`;
}

/** Gaps with counts, a link to the fingerprint page, the example and the actions. */
export function gapTable(rows: readonly GapRecord[], q: DashboardQuery, opts: { caption: string; kindColumn?: boolean }): string {
  if (rows.length === 0) return '<p class="empty">None recorded.</p>';
  const what = (g: GapRecord) => {
    if (g.resolution) return resolutionText(g, q);
    if (g.kind === 'uncertain' && g.probableArticleId)
      return `probably <a href="${esc(articleLink(g.probableArticleId, q))}">${esc(g.probableArticleId)}</a>, not confident`;
    return g.kind === 'foreign' ? 'another vendor' : g.kind === 'not-error' ? 'no error' : 'no article';
  };
  const body = rows
    .map(
      (g) =>
        `<tr data-gap-row="${esc(g.fingerprintHash)}"><td class="num">${g.count}</td>${opts.kindColumn ? `<td>${what(g)}</td>` : ''}<td><a href="${esc(fingerprintLink(g.fingerprintHash, q))}"><code>${esc(g.fingerprint.slice(0, 120))}</code></a><details><summary>example (redacted)</summary><pre tabindex="0">${esc(g.example)}</pre></details></td><td>${esc(when(g.lastAt))}</td><td>${gapActions(g)}</td></tr>`,
    )
    .join('');
  return `<div class="table-wrap"><table><caption class="visually-hidden">${esc(opts.caption)}</caption><thead><tr><th>Seen</th>${opts.kindColumn ? '<th>Status</th>' : ''}<th>Fingerprint</th><th>Last (UTC)</th><th>Action</th></tr></thead><tbody>${body}</tbody></table></div>`;
}

export function statCards(cards: Array<[string, string | number]>): string {
  return `<div class="cards">${cards
    .map(
      ([k, v]) =>
        `<div class="card"><span class="label">${esc(k)}</span><span class="value" data-stat="${esc(k.toLowerCase().replace(/ /g, '-'))}">${esc(v)}</span></div>`,
    )
    .join('')}</div>`;
}

export const rateHtml = (r: number | null) =>
  r === null
    ? '<span class="muted">no votes</span>'
    : `<span class="rate"><span class="rate-bar" style="width:${Math.round(r * 100)}%"></span><span class="rate-text">${Math.round(r * 100)}%</span></span>`;

import type { AppContext } from '../context.js';
import { FEEDBACK_REASONS } from '../store/records.js';
import { answersTable, articleDatalist, articleLink, filterForm, filterSummary, gapTable, rateHtml, statCards } from './dashboard-parts.js';
import { type DashboardQuery, withFilter } from './filters.js';
import { esc } from './html.js';

/** The per-article and per-fingerprint pages: figures, recent redacted examples with their votes, gaps. */

const ALL_KINDS = ['uncovered', 'uncertain', 'foreign', 'not-error'] as const;
const RECENT = 30;

/** The article's page, or null when the knowledge base has no such article and no answer showed it. */
export async function articlePage(ctx: AppContext, id: string, q: DashboardQuery): Promise<string | null> {
  const kb = ctx.knowledge.current;
  const article = kb.byId.get(id);
  const filter = { ...q.filter, article: id };
  const [stats, recent, gaps, communities] = await Promise.all([
    ctx.store.articleStats(filter),
    ctx.store.listAnswers(filter, RECENT),
    ctx.store.topGaps(20, { ...filter, gapKinds: ALL_KINDS, gapState: 'all' }),
    ctx.store.communities(),
  ]);
  const s = stats.find((x) => x.articleId === id);
  if (!article && !s && recent.length === 0) return null;
  const reasons = Object.entries(s?.reasons ?? {})
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `<li>${esc(FEEDBACK_REASONS[k as keyof typeof FEEDBACK_REASONS])}: ${n}</li>`)
    .join('');
  const params = new URLSearchParams(q.params);
  params.delete('article');
  const back = `/dashboard${withFilter(params)}`;
  return `<p><a href="${esc(back)}">Dashboard</a></p><h1>${esc(article?.title ?? id)}</h1>
<p class="meta"><code>${esc(id)}</code>${article ? ` · <a href="/kb/${esc(id)}">read the article</a>` : ' · no longer in the knowledge base'}</p>
${filterForm(q, { action: `/dashboard/article/${encodeURIComponent(id)}`, kb, communities, omit: 'article' })}${filterSummary(q)}
${statCards([
  ['Answers', s?.answers ?? 0],
  ['Helpful votes', s?.up ?? 0],
  ['Unhelpful votes', s?.down ?? 0],
])}
<p>Helpful rate: ${rateHtml(s?.helpfulRate ?? null)}</p>
${reasons ? `<h2>Why not helpful</h2><ul>${reasons}</ul>` : ''}
<h2>Recent answers with this article</h2>${answersTable(recent, q, kb, 'Recent answers with this article')}
<h2>Gaps about this article</h2><p class="muted">Errors it probably covers (not confidently enough to answer) and gaps linked to it.</p>${gapTable(gaps, q, { caption: 'Gaps about this article', kindColumn: true })}${articleDatalist(kb)}`;
}

/** The fingerprint's page, or null when no answer or gap has it. */
export async function fingerprintPage(ctx: AppContext, hash: string, q: DashboardQuery): Promise<string | null> {
  const kb = ctx.knowledge.current;
  const filter = { ...q.filter, fingerprint: hash };
  const [stats, recent, gaps] = await Promise.all([
    ctx.store.articleStats(filter),
    ctx.store.listAnswers(filter, RECENT),
    ctx.store.topGaps(20, { ...filter, gapKinds: ALL_KINDS, gapState: 'all' }),
  ]);
  // Recognised even when the filter hides everything: the unfiltered records say whether it exists.
  const known = recent[0] ?? gaps[0] ?? (await ctx.store.listAnswers({ fingerprint: hash }, 1))[0];
  const gapAny = known ? undefined : (await ctx.store.topGaps(1, { fingerprint: hash, gapKinds: ALL_KINDS, gapState: 'all' }))[0];
  const text = known?.fingerprint ?? gapAny?.fingerprint;
  if (text === undefined) return null;
  const rows = stats
    .map(
      (a) =>
        `<tr><td><a href="${esc(articleLink(a.articleId, q))}">${esc(kb.byId.get(a.articleId)?.title ?? a.articleId)}</a></td><td class="num">${a.answers}</td><td class="num">${a.up}</td><td class="num">${a.down}</td><td>${rateHtml(a.helpfulRate)}</td></tr>`,
    )
    .join('');
  return `<p><a href="/dashboard${esc(withFilter(q.params))}">Dashboard</a></p><h1>Fingerprint</h1>
<p><code>${esc(text)}</code></p><p class="meta">hash <code>${esc(hash)}</code></p>${filterSummary(q)}
<h2>Articles shown for it</h2>${rows ? `<div class="table-wrap"><table><thead><tr><th>Article</th><th>Answers</th><th>Helpful votes</th><th>Unhelpful votes</th><th>Helpful rate</th></tr></thead><tbody>${rows}</tbody></table></div>` : '<p class="empty">No answers match.</p>'}
<h2>As a gap</h2>${gapTable(gaps, q, { caption: 'This fingerprint as a gap', kindColumn: true })}
<h2>Recent examples</h2>${answersTable(recent, q, kb, 'Recent answers with this fingerprint')}${articleDatalist(kb)}`;
}

import { articleSearchFor } from '../core/article-search.js';
import type { KnowledgeBase } from '../core/knowledge/index.js';
import { esc } from './html.js';

/** The knowledge-base page: every article by family, or, with `?q=`, the articles a search finds. */

export function kbListHtml(kb: KnowledgeBase, query: string): string {
  const q = query.trim().slice(0, 200);
  const form = `<form class="filters kb-search" method="get" action="/kb" role="search" aria-label="Search the knowledge base"><label class="wide">Search articles <input type="search" name="q" value="${esc(q)}" placeholder="id, title, error type or status code"></label><div class="row"><button type="submit">Search</button>${q ? '<a href="/kb">All articles</a>' : ''}</div></form>`;
  const head = `<h1>Knowledge base</h1><p>${kb.articles.length} articles · version <code>${esc(kb.version)}</code></p>${form}`;
  const item = (a: KnowledgeBase['articles'][number]) =>
    `<li><a href="/kb/${esc(a.id)}">${esc(a.title)}</a> <small class="muted"><code>${esc(a.id)}</code></small></li>`;
  if (q) {
    const hits = articleSearchFor(kb).search(q, 25);
    return `${head}<h2 id="results">Results for “${esc(q)}”</h2>${
      hits.length
        ? `<ol class="kb-results" aria-labelledby="results">${hits.map(item).join('')}</ol>`
        : '<p class="empty">No article matches.</p>'
    }`;
  }
  const families = new Map<string, KnowledgeBase['articles']>();
  for (const a of kb.articles) families.set(a.family, [...(families.get(a.family) ?? []), a]);
  return `${head}${[...families]
    .sort()
    .map(([family, list]) => `<h2>${esc(family)}</h2><ul>${list.map(item).join('')}</ul>`)
    .join('')}`;
}

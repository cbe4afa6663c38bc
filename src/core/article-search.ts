import MiniSearch from 'minisearch';
import { perKnowledgeBase } from './knowledge/per-kb.js';
import type { Article } from './types.js';

/**
 * Looking an article up by what a helper types: an id ("overloaded-529"), part of a title ("bedrock
 * access"), or the words people use for the problem. Used by Discord autocomplete, the Slack article
 * picker, corrections and the knowledge-base search box. Pure: no platform, no store.
 */
export interface ArticleSearch {
  search(query: string, limit?: number): Article[];
}

interface Doc {
  id: string;
  idWords: string;
  title: string;
  aliases: string;
  codes: string;
}

export function buildArticleSearch(articles: readonly Article[]): ArticleSearch {
  const byId = new Map(articles.map((a) => [a.id, a]));
  const index = new MiniSearch<Doc>({
    fields: ['idWords', 'title', 'aliases', 'codes'],
    storeFields: [],
    searchOptions: { boost: { idWords: 3, title: 3, aliases: 1.5, codes: 1 }, prefix: true, fuzzy: 0.2, combineWith: 'AND' },
  });
  index.addAll(
    articles.map((a) => ({
      id: a.id,
      idWords: a.id.replace(/-/g, ' '),
      title: a.title,
      aliases: a.aliases.join(' . '),
      codes: [...a.httpStatus.map(String), ...a.errorTypes, ...a.sdkExceptions].join(' '),
    })),
  );
  const alphabetical = [...articles].sort((x, y) => x.title.localeCompare(y.title));

  return {
    search(query: string, limit = 25): Article[] {
      const q = query.trim().toLowerCase().slice(0, 200);
      if (!q) return alphabetical.slice(0, limit);
      const out: Article[] = [];
      const seen = new Set<string>();
      const push = (a: Article | undefined) => {
        if (a && !seen.has(a.id) && out.length < limit) {
          seen.add(a.id);
          out.push(a);
        }
      };
      // An exact id, then ids that start with what was typed: helpers often know the id.
      push(byId.get(q));
      for (const a of articles) if (a.id.startsWith(q)) push(a);
      // Every word must match (AND); when that finds nothing, any word (OR) so a typo still offers something.
      let hits = index.search(q);
      if (hits.length === 0) hits = index.search(q, { combineWith: 'OR' });
      for (const h of hits) push(byId.get(String(h.id)));
      return out;
    },
  };
}

/** The article search of a knowledge base, built once per (re)load and shared by every surface that searches. */
export const articleSearchFor = perKnowledgeBase((kb) => buildArticleSearch(kb.articles));

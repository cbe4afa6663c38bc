import { describe, expect, it } from 'vitest';
import { buildArticleSearch } from '../../src/core/article-search.js';
import { realKb } from '../helpers/kb.js';

describe('article search (what a helper types to find an article)', async () => {
  const kb = await realKb();
  const search = buildArticleSearch(kb.articles);
  const some = kb.articles.find((a) => a.id.includes('-'))!;

  it('finds an article by its exact id first, and by the start of an id', () => {
    expect(search.search(some.id)[0]?.id).toBe(some.id);
    const prefix = some.id.slice(0, Math.max(4, some.id.indexOf('-')));
    expect(search.search(prefix).map((a) => a.id)).toContain(some.id);
  });

  it('finds articles by words of their title, all words required, and tolerates a typo', () => {
    const bedrock = search.search('bedrock access');
    expect(bedrock.length).toBeGreaterThan(0);
    for (const a of bedrock.slice(0, 3)) expect(`${a.id} ${a.title} ${a.aliases.join(' ')}`.toLowerCase()).toMatch(/bedrock|access/);
    expect(
      search
        .search('overloded')
        .map((a) => a.id)
        .join(' '),
    ).toMatch(/overload/);
  });

  it('offers the base alphabetically for an empty query and respects the limit', () => {
    const first = search.search('', 5);
    expect(first).toHaveLength(5);
    expect([...first].sort((x, y) => x.title.localeCompare(y.title))).toEqual(first);
    expect(search.search('error', 3).length).toBeLessThanOrEqual(3);
    expect(search.search('zzqqxxwv')).toEqual([]);
  });
});

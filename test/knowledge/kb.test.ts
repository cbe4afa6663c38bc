import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT, realKb } from '../helpers/kb.js';

const TAXONOMY = path.resolve(ROOT, '../shared/taxonomy.yaml');

describe('the real knowledge base', () => {
  it('loads without errors or warnings', async () => {
    const kb = await realKb();
    expect(kb.articles.length).toBeGreaterThanOrEqual(117);
    expect(kb.warnings).toEqual([]);
  });

  it('every article has a real cause, concrete fix steps and a source', async () => {
    const kb = await realKb();
    const thin = kb.articles.filter(
      (a) => a.cause.length < 80 || a.fix.length < 120 || !/^\s*(?:1\.|-|\*)/m.test(a.fix) || a.sources.length === 0,
    );
    expect(thin.map((a) => a.id)).toEqual([]);
  });

  it.skipIf(!existsSync(TAXONOMY))('covers every taxonomy id', async () => {
    const kb = await realKb();
    const ids = (parse(readFileSync(TAXONOMY, 'utf8')) as Array<{ id: string }>).map((t) => t.id);
    expect(ids.filter((id) => !kb.byId.has(id))).toEqual([]);
  });
});

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildFromSources } from '../../src/core/knowledge/index.js';
import { KnowledgeBaseError } from '../../src/core/knowledge/load.js';
import { REGEX_CHECKER_VERSION, RegexVerdicts, regexVerdicts, vetRegexes } from '../../src/core/knowledge/regex-safety.js';
import { KnowledgeHolder } from '../../src/knowledge-holder.js';
import { memoryLogger } from '../helpers/bot.js';
import { type ArticleSpec, articleText } from '../helpers/kb.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function knowledgeDir(specs: ArticleSpec[]): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kb-load-'));
  dirs.push(dir);
  for (const s of specs) {
    await mkdir(path.join(dir, 'test-family'), { recursive: true });
    await writeFile(path.join(dir, 'test-family', `${s.id}.md`), articleText(s));
  }
  return dir;
}

const word = (i: number) => `zork${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + (Math.floor(i / 26) % 26))}`;

describe('regex-safety verdicts', () => {
  it('vets many patterns in batches and still rejects the one slow pattern among them, by itself', () => {
    const verdicts = new RegexVerdicts();
    const good = Array.from({ length: 150 }, (_, i) => `/${word(i)} failed: .{0,40}code \\d{3}/i`);
    const slow = '/(a|a)*b/';
    const result = vetRegexes([...good.slice(0, 70), slow, ...good.slice(70)], verdicts);
    for (const g of good) expect(result.get(g)).toBeInstanceOf(RegExp);
    expect(result.get(slow)).toBeInstanceOf(Error);
    expect((result.get(slow) as Error).message).toMatch(/catastrophic backtracking/);
    expect(verdicts.get(slow)).toEqual({ ok: false, reason: expect.stringMatching(/catastrophic/) });
    expect(verdicts.get(good[0] as string)).toEqual({ ok: true });
  });

  it('reuses a verdict instead of probing again, and a saved verdict only under the same checker version', () => {
    const verdicts = new RegexVerdicts();
    vetRegexes(['/(a|a)*b/', '/quota exceeded for \\w+/i'], verdicts);
    const saved = JSON.parse(JSON.stringify(verdicts.snapshot()));
    expect(saved.checker).toBe(REGEX_CHECKER_VERSION);

    const restored = new RegexVerdicts();
    expect(restored.restore(saved)).toBe(2);
    // A restored rejection is a rejection with the same reason, without running the pattern.
    expect((vetRegexes(['/(a|a)*b/'], restored).get('/(a|a)*b/') as Error).message).toMatch(/catastrophic/);
    expect(vetRegexes(['/quota exceeded for \\w+/i'], restored).get('/quota exceeded for \\w+/i')).toBeInstanceOf(RegExp);
    expect(restored.dirty).toBe(false);

    expect(new RegexVerdicts().restore({ ...saved, checker: 'another-version' })).toBe(0);
    expect(new RegexVerdicts().restore('garbage')).toBe(0);
  });

  it('a knowledge base with a hostile regex among many good articles is refused, naming that file', () => {
    const specs: ArticleSpec[] = Array.from({ length: 80 }, (_, i) => ({
      id: `good-${i}`,
      signatures: [`/${word(i)} broke: .{0,30}status \\d{3}/i`],
    }));
    specs.push({ id: 'evil', signatures: ['/(x|x)*y/'] });
    const sources = specs.map((s) => ({ file: `test-family/${s.id}.md`, text: articleText(s) }));
    expect(() => buildFromSources(sources)).toThrow(KnowledgeBaseError);
    expect(() => buildFromSources(sources)).toThrow(
      /test-family\/evil\.md \[signatures\.0\]: regex \/\(x\|x\)\*y\/ rejected: takes too long/,
    );
  });
});

describe('knowledge holder', () => {
  it('keeps verdicts in a file beside the data, and a reload parses only the files that changed', async () => {
    const specs: ArticleSpec[] = Array.from({ length: 30 }, (_, i) => ({
      id: `article-${i}`,
      signatures: [`/${word(i + 300)} went wrong: .{0,20}\\d+/i`, `${word(i + 300)} literal signature`],
    }));
    const dir = await knowledgeDir(specs);
    const dataDir = await mkdtemp(path.join(tmpdir(), 'kb-data-'));
    dirs.push(dataDir);
    const verdictFile = path.join(dataDir, 'regex-verdicts.json');
    const { logger } = memoryLogger();

    const holder = await KnowledgeHolder.load(dir, logger, undefined, { verdictFile });
    const saved = JSON.parse(await readFile(verdictFile, 'utf8'));
    expect(saved.checker).toBe(REGEX_CHECKER_VERSION);
    for (const s of specs) expect(saved.verdicts[RegexVerdicts.key(s.signatures[0] as string)]).toEqual({ ok: true });
    expect(regexVerdicts.dirty).toBe(false);

    const before = holder.current;
    const edited = { ...specs[3], title: 'An edited title for article three' } as ArticleSpec;
    await writeFile(path.join(dir, 'test-family', 'article-3.md'), articleText(edited));
    expect(await holder.reload()).toBe(true);
    const after = holder.current;
    expect(after.version).not.toBe(before.version);
    expect(after.byId.get('article-3')?.title).toBe('An edited title for article three');
    expect(after.byId.get('article-3')).not.toBe(before.byId.get('article-3'));
    // Unchanged files were not parsed again: the very same article objects are reused.
    for (const id of ['article-0', 'article-4', 'article-29']) expect(after.byId.get(id)).toBe(before.byId.get(id));
    // A removed file is gone after the reload.
    await rm(path.join(dir, 'test-family', 'article-7.md'));
    expect(await holder.reload()).toBe(true);
    expect(holder.current.byId.has('article-7')).toBe(false);
    await holder.close();
  });

  it('an unreadable verdict file is ignored: the base loads and the file is written again', async () => {
    const dir = await knowledgeDir([{ id: 'only-one', signatures: ['/only one pattern \\d+ here/i'] }]);
    const dataDir = await mkdtemp(path.join(tmpdir(), 'kb-data-'));
    dirs.push(dataDir);
    const verdictFile = path.join(dataDir, 'regex-verdicts.json');
    await writeFile(verdictFile, '{ not json');
    const { logger, lines } = memoryLogger();
    const holder = await KnowledgeHolder.load(dir, logger, undefined, { verdictFile });
    expect(holder.current.articles).toHaveLength(1);
    expect(lines.some((l) => l.includes('verdict file unreadable'))).toBe(true);
    expect(JSON.parse(await readFile(verdictFile, 'utf8')).checker).toBe(REGEX_CHECKER_VERSION);
    await holder.close();
  });
});

import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildFromSources, loadKnowledgeBase } from '../../src/core/knowledge/index.js';
import { KnowledgeBaseError } from '../../src/core/knowledge/load.js';
import { type ArticleSpec, articleText } from '../helpers/kb.js';

function errorsOf(text: string, file = 'test-family/a-test.md'): string[] {
  try {
    buildFromSources([{ file, text }]);
  } catch (err) {
    expect(err).toBeInstanceOf(KnowledgeBaseError);
    return (err as KnowledgeBaseError).issues.filter((i) => i.severity === 'error').map((i) => `${i.file} [${i.field ?? ''}] ${i.message}`);
  }
  return [];
}
const spec = (over: Partial<ArticleSpec>): ArticleSpec => ({ id: 'a-test', signatures: ['some long enough signature'], ...over });

describe('knowledge validation', () => {
  it('accepts a valid article', () => {
    expect(errorsOf(articleText(spec({})))).toEqual([]);
  });

  it('names the file, the field and what was expected', () => {
    const text = articleText(spec({ id: 'Bad_Id' }));
    const errors = errorsOf(text, 'test-family/Bad_Id.md');
    expect(errors).toEqual([expect.stringMatching(/^test-family\/Bad_Id\.md \[id\] expected a kebab-case string/)]);
  });

  it('reports wrong types, missing fields and unknown fields', () => {
    const text = articleText(spec({}))
      .replace('http_status: null', 'http_status: "four hundred"')
      .replace(/sources:\n {2}- \S+\n/, 'colour: blue\n');
    const errors = errorsOf(text).join('\n');
    expect(errors).toMatch(/\[http_status\]/);
    expect(errors).toMatch(/\[sources\]/);
    expect(errors).toMatch(/unknown field\(s\) "colour"/);
  });

  it('requires Cause and Fix and refuses placeholders', () => {
    expect(errorsOf(articleText(spec({ body: '## Cause\nSomething.\n' })))).toEqual([
      expect.stringMatching(/\[body\] expected a non-empty "## Fix" section/),
    ]);
    expect(errorsOf(articleText(spec({ body: '## Cause\nTODO\n\n## Fix\n1. x\n' })))).toEqual([
      expect.stringMatching(/placeholder text "TODO"/),
    ]);
  });

  it('refuses a body that still holds a merge conflict', () => {
    const body = '## Cause\nOne reader.\n<<<<<<< HEAD\n- says this\n=======\n- says that\n>>>>>>> sample\n\n## Fix\n1. x\n';
    expect(errorsOf(articleText(spec({ body })))).toEqual([expect.stringMatching(/\[body\] contains a merge conflict marker/)]);
    // A row of equals signs under a heading-like line is Markdown, not a marker, only when it is longer.
    expect(errorsOf(articleText(spec({ body: '## Cause\nSome text\n\n## Fix\n1. x\n\n========\n' })))).toEqual([]);
  });

  it('checks that the file name and folder match id and family', () => {
    expect(errorsOf(articleText(spec({})), 'other-family/a-test.md')).toEqual([
      expect.stringMatching(/\[family\] family "test-family" must equal the folder name "other-family"/),
    ]);
    expect(errorsOf(articleText(spec({})), 'test-family/renamed.md')).toEqual([
      expect.stringMatching(/\[id\] file name must be "a-test.md"/),
    ]);
  });

  it('reports broken YAML, duplicate ids and too-short literals', () => {
    expect(errorsOf('---\nid: [unclosed\n---\n## Cause\nx\n## Fix\ny\n')).toEqual([
      expect.stringMatching(/front matter is not valid YAML/),
    ]);
    expect(errorsOf(articleText(spec({ signatures: ['short'] })))).toEqual([
      expect.stringMatching(/\[signatures\.0\] literal "short" is shorter than 8/),
    ]);
    try {
      buildFromSources([
        { file: 'test-family/a-test.md', text: articleText(spec({})) },
        { file: 'other/a-test.md', text: articleText(spec({ family: 'other' })) },
      ]);
      expect.unreachable();
    } catch (err) {
      expect((err as KnowledgeBaseError).message).toMatch(/duplicate id "a-test"/);
    }
  });

  it('loads from disk and fails with the file name when a folder has a bad article', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kb-'));
    await mkdir(path.join(dir, 'test-family'));
    await writeFile(path.join(dir, 'test-family', 'a-test.md'), articleText(spec({})));
    expect((await loadKnowledgeBase(dir)).articles.map((a) => a.id)).toEqual(['a-test']);
    await writeFile(path.join(dir, 'test-family', 'b-test.md'), 'no front matter here');
    await expect(loadKnowledgeBase(dir)).rejects.toThrow(/test-family\/b-test\.md: expected YAML front matter/);
    await expect(loadKnowledgeBase(path.join(dir, 'missing'))).rejects.toThrow(/cannot read knowledge folder/);
  });
});

describe('maintainer notes beside the articles', () => {
  it('README.md and VERIFICATION.md are not read as articles', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kb-notes-'));
    await mkdir(path.join(dir, 'test-family'));
    await writeFile(path.join(dir, 'test-family', 'a-test.md'), articleText(spec({})));
    await writeFile(path.join(dir, 'VERIFICATION.md'), '# Verification record\n\nNo front matter here.\n');
    await writeFile(path.join(dir, 'README.md'), '# Notes\n');
    const kb = await loadKnowledgeBase(dir);
    expect(kb.articles.map((a) => a.id)).toEqual(['a-test']);
  });
});

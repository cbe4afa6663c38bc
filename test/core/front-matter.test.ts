import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { readSimpleFrontMatter } from '../../src/core/knowledge/front-matter.js';
import { readKnowledgeSources } from '../../src/core/knowledge/load.js';
import { KNOWLEDGE_DIR } from '../helpers/kb.js';

/** What the YAML library makes of it (the reference the fast reader must match exactly). */
const library = (text: string) => {
  const doc = parseDocument(text, { uniqueKeys: true });
  return doc.errors.length > 0 ? 'error' : doc.toJS();
};
const frontOf = (text: string) => /^---[ \t]*\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1] ?? '';

describe('the fast front-matter reader agrees with the YAML library', () => {
  it('on every article of the knowledge base, and reads them all itself', async () => {
    const sources = await readKnowledgeSources(KNOWLEDGE_DIR);
    expect(sources.length).toBeGreaterThan(50);
    let fast = 0;
    for (const { file, text } of sources) {
      const fm = frontOf(text);
      const mine = readSimpleFrontMatter(fm);
      if (mine) fast++;
      if (mine) expect(mine, file).toEqual(library(fm));
    }
    expect(fast).toBe(sources.length);
  });

  const cases: Array<[string, string]> = [
    ['integers, booleans, nulls', 'a: 402\nb: true\nc: False\nd: null\ne: ~\nf:\ng: 0123'],
    ['strings that look like other things in YAML 1.1', 'a: yes\nb: no\nc: on\nd: 2026-12-04\ne: 1.14.0\nf: 1_000\ng: 0.121.0'],
    ['quoted scalars', `a: "x \\"y\\" \\\\{z\\u00e9 \\/"\nb: 'it''s'\nc: "402"\nd: ''\ne: ""`],
    ['lists, indented and not', 'a:\n  - one\n  - "two: 2"\n  - \'3\'\nb:\n- x\n- y\nc: z'],
    ['flow lists of words', 'providers: [anthropic, gateway]\nsdk_exceptions: []\nsurfaces: [claude-code]\nn: [401, 429, true, x y]'],
    ['a map one level deep', 'applies_to:\n  python-sdk: 0.121.0\n  typescript-sdk: 1.14.0\nverified: 2026-12-04'],
    ['blank lines and trailing spaces', 'a: b  \n\nc:\n  - d   \n\n  - e\n\nf: g'],
    [
      'regex signatures',
      String.raw`signatures:
  - /\b402 \{"funepoqupo":"ix","ka":\{"lo":"mi"/i
  - "/nenepoqupo shi: 402 - \\{'vo': 'qu'/i"
  - '"tenepoqupo":"zanepoqupo"'
  - C# and F#`,
    ],
  ];
  it.each(cases)('agrees on %s', (_name, text) => {
    const mine = readSimpleFrontMatter(text);
    expect(mine).not.toBeNull();
    expect(mine).toEqual(library(text));
  });

  const handedOver: Array<[string, string]> = [
    ['a comment', 'a: b # note'],
    ['a full-line comment', '# note\na: b'],
    ['a block scalar', 'a: |\n  text'],
    ['a multi-line plain scalar', 'a: one\n  two'],
    ['a duplicate key', 'a: 1\na: 2'],
    ['an anchor', 'a: &x 1'],
    ['a tag', 'a: !!str 1'],
    ['a float', 'a: 1.5'],
    ['a hex number', 'a: 0x1F'],
    ['a YAML-only escape', 'a: "\\x41"'],
    ['a flow list with quotes', 'a: ["x", y]'],
    ['a flow list with an empty item', 'a: [x, , y]'],
    ['a flow map', 'a: {b: 1}'],
    ['a nested list item map', 'a:\n  - b: 1'],
    ['a tab', 'a:\tb'],
    ['a key without a space', 'a:b'],
    ['a mapping in a plain scalar', 'a: b: c'],
    ['a __proto__ key', '__proto__: x'],
    ['an empty list item', 'a:\n  -\n  - b'],
    ['an empty front matter', '\n'],
  ];
  it.each(handedOver)('hands %s to the YAML library', (_name, text) => {
    expect(readSimpleFrontMatter(text)).toBeNull();
  });
});

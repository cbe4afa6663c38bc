import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { diagnose, STRICT_THRESHOLD } from '../../src/core/diagnose.js';
import { ROOT, realKb } from '../helpers/kb.js';

const EXAMPLES_DIR = path.join(ROOT, 'test/fixtures/examples');
const SHAPES = new Set([
  'raw-json',
  'python-traceback',
  'typescript-stack',
  'claude-code',
  'wrapper-log',
  'slack-paste',
  'discord-paste',
  'bedrock',
  'vertex',
  'curl',
  'log-line',
]);

interface ExampleFile {
  file: string;
  id: string;
  examples: Array<{ shape: string; text: string }>;
}

function loadExamples(): ExampleFile[] {
  const out: ExampleFile[] = [];
  for (const family of readdirSync(EXAMPLES_DIR)) {
    for (const name of readdirSync(path.join(EXAMPLES_DIR, family))) {
      if (!name.endsWith('.yaml')) continue;
      const file = `${family}/${name}`;
      const data = parse(readFileSync(path.join(EXAMPLES_DIR, file), 'utf8'));
      out.push({ file, id: data.id, examples: data.examples });
    }
  }
  return out;
}

const files = loadExamples();

describe('knowledge examples', () => {
  it('every article has an example file with at least two examples in different shapes', async () => {
    const kb = await realKb();
    const byId = new Map(files.map((f) => [f.id, f]));
    const problems: string[] = [];
    for (const article of kb.articles) {
      const f = byId.get(article.id);
      if (!f) {
        problems.push(`${article.id}: no test/fixtures/examples/${article.family}/${article.id}.yaml`);
        continue;
      }
      if (f.file !== `${article.family}/${article.id}.yaml`) problems.push(`${f.file}: should be ${article.family}/${article.id}.yaml`);
      const shapes = new Set(f.examples.map((e) => e.shape));
      if (f.examples.length < 2 || shapes.size < 2) problems.push(`${f.file}: needs two examples of different shapes`);
      for (const e of f.examples) if (!SHAPES.has(e.shape)) problems.push(`${f.file}: unknown shape "${e.shape}"`);
    }
    for (const f of files) if (!kb.byId.has(f.id)) problems.push(`${f.file}: no article "${f.id}"`);
    expect(problems).toEqual([]);
  });

  // One test per article: each example must diagnose to its own article at the strict threshold.
  describe.each(files.map((f) => [f.id, f] as const))('%s', (_id, f) => {
    it('examples diagnose to this article at the strict threshold', async () => {
      const kb = await realKb();
      const wrong = f.examples
        .map((e, i) => ({ i, shape: e.shape, d: diagnose(e.text, kb) }))
        .filter(({ d }) => !d.matched || d.candidates[0]?.id !== f.id || d.confidence < STRICT_THRESHOLD)
        .map(({ i, shape, d }) => `#${i} (${shape}): got ${d.candidates[0]?.id ?? 'nothing'} at ${d.confidence}`);
      expect(wrong).toEqual([]);
    });
  });

  // The same pastes as people actually deliver them: quoted, fenced in chat, hard-wrapped by a terminal,
  // with Windows line ends or colours, or escaped by Slack. Every variant must still diagnose correctly.
  it('examples survive chat and terminal mangling', async () => {
    const kb = await realKb();
    const variants: Record<string, (t: string) => string> = {
      quoted: (t) =>
        t
          .split('\n')
          .map((l) => `> ${l}`)
          .join('\n'),
      fenced: (t) => `can someone help?\n\`\`\`\n${t}\n\`\`\`\nthanks!`,
      'hard-wrapped at 80 columns': (t) => t.replace(/[^\n]{80}/g, (m) => `${m}\n`),
      'CRLF line ends': (t) => t.replace(/\n/g, '\r\n'),
      'ANSI colours': (t) => `\u001b[31m${t}\u001b[0m`,
      'Slack-escaped': (t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
    };
    const failures: string[] = [];
    for (const f of files) {
      f.examples.forEach((e, i) => {
        for (const [name, mangle] of Object.entries(variants)) {
          // A Slack paste is already escaped once; escaping it again is not something Slack does.
          if (name === 'Slack-escaped' && e.shape === 'slack-paste') continue;
          const d = diagnose(mangle(e.text), kb);
          if (!d.matched || d.candidates[0]?.id !== f.id)
            failures.push(`${f.id}#${i} ${name}: got ${d.candidates[0]?.id ?? 'nothing'} at ${d.confidence}`);
        }
      });
    }
    expect(failures).toEqual([]);
  });

  it('confusion: no example ranks another article first', async () => {
    const kb = await realKb();
    const pairs = new Map<string, number>();
    for (const f of files) {
      for (const e of f.examples) {
        const top = diagnose(e.text, kb, { mode: 'lenient' }).candidates[0];
        if (top && top.id !== f.id) pairs.set(`${f.id} → ${top.id}`, (pairs.get(`${f.id} → ${top.id}`) ?? 0) + 1);
      }
    }
    const report = [...pairs].map(([pair, n]) => `${pair} (${n})`);
    if (report.length > 0) console.log(`confusion pairs:\n${report.join('\n')}`);
    expect(report).toEqual([]);
  });
});

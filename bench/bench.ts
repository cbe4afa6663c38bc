/**
 * `npm run bench`: prints figures, asserts nothing.
 *  1. diagnose() latency by paste size (100 B … 1 MB), median and p99;
 *  2. the same by knowledge-base size (the real one, synthetic ×10 and ×100);
 *  3. a naive baseline in the same run: fuse.js searching every signature with the whole paste.
 * Extra sections are registered by other modules (see `sections` below).
 * `npm run bench -- --only 2,floor,7` runs only the sections whose number is given or whose title
 * contains the word; `--tsx` runs section 7's load child under tsx instead of compiled JS.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Fuse from 'fuse.js';
import { parse } from 'yaml';
import { diagnose } from '../src/core/diagnose.js';
import { buildKnowledgeBase, type KnowledgeBase, loadKnowledgeBase } from '../src/core/knowledge/index.js';
import { literalWeight } from '../src/core/knowledge/load.js';
import { DEFAULT_KNOWLEDGE_DIR, PROJECT_ROOT } from '../src/core/paths.js';
import type { Article, Signature } from '../src/core/types.js';
import { fmt, measure, pasteOfSize } from './measure.js';
import { extraSections } from './sections.js';

export { fmt, measure, pasteOfSize, type Stats } from './measure.js';

function row(cells: string[], widths: number[]): string {
  return cells.map((c, i) => c.padEnd(widths[i] ?? 12)).join('  ');
}

function fixtureTexts(): string[] {
  const dir = path.join(PROJECT_ROOT, 'test/fixtures/examples');
  const texts: string[] = [];
  for (const family of readdirSync(dir)) {
    for (const file of readdirSync(path.join(dir, family))) {
      const data = parse(readFileSync(path.join(dir, family, file), 'utf8')) as { examples: Array<{ text: string }> };
      for (const e of data.examples) texts.push(e.text);
    }
  }
  return texts;
}

/** Made-up words so that synthetic articles have their own anchors, as new real articles would. */
function syntheticWord(seed: number): string {
  const syllables = ['ka', 'lo', 'mi', 'ru', 'te', 'za', 'po', 'ne', 'shi', 'vo', 'qu', 'dr'];
  let word = '';
  let x = seed * 2654435761;
  for (let i = 0; i < 4; i++) {
    word += syllables[Math.abs(x) % syllables.length];
    x = Math.floor(x / 7) + 13 * i;
  }
  return word;
}

/** The real articles plus (factor − 1) copies whose signature words are replaced by made-up ones. */
export function syntheticKb(real: KnowledgeBase, factor: number): KnowledgeBase {
  const articles: Article[] = [...real.articles];
  let seed = 1;
  for (let k = 1; k < factor; k++) {
    for (const a of real.articles) {
      const signatures: Signature[] = a.signatures.map((s) => {
        if (s.kind === 'literal') {
          const needle = s.needle.replace(/[a-z]{4,}/g, () => syntheticWord(seed++));
          const anchor = needle.match(/[a-z]{6,}/)?.[0] ?? null;
          return { ...s, needle, anchor, weight: literalWeight(needle.length) };
        }
        const word = syntheticWord(seed++);
        return { ...s, regex: new RegExp(`${word}.{0,40}${syntheticWord(seed++)}`, 'i'), anchor: word, needles: null };
      });
      articles.push({ ...a, id: `${a.id}-synthetic-${k}`, signatures });
    }
  }
  return buildKnowledgeBase(articles, { version: `synthetic×${factor}` });
}

/** `--only 1,floor,7`: a section runs when its number is listed or its title contains a listed word. */
function selected(title: string): boolean {
  const at = process.argv.indexOf('--only');
  if (at < 0) return true;
  const wanted = (process.argv[at + 1] ?? '').split(',').filter(Boolean);
  return wanted.some((w) => (/^\d+$/.test(w) ? title.startsWith(`${w}.`) : title.toLowerCase().includes(w.toLowerCase())));
}

async function main(): Promise<void> {
  const kb = await loadKnowledgeBase(process.env.KNOWLEDGE_DIR ?? DEFAULT_KNOWLEDGE_DIR);
  const fixtures = fixtureTexts();
  const error =
    "anthropic.BadRequestError: Error code: 400 - {'type': 'error', 'error': {'type': 'invalid_request_error', 'message': 'prompt is too long: 215093 tokens > 200000 maximum'}, 'request_id': 'req_011CBenchBenchBenchBench'}";
  const sizes = [100, 1_000, 10_000, 100_000, 1_000_000];
  console.log(`diagnose-bot benchmark — node ${process.version}, ${kb.articles.length} articles, ${fixtures.length} fixture pastes\n`);

  if (selected('1. diagnose') || selected('2. diagnose')) firstSections(kb, fixtures, error, sizes);
  for (const section of extraSections) {
    if (!selected(section.title)) continue;
    console.log(`\n${section.title}`);
    // Each section starts from a collected heap: the garbage an earlier one left (the synthetic bases of
    // section 2) made the CPU-time figures of the next one (redaction) ten times worse.
    global.gc?.();
    await section.run(kb);
  }
}

function firstSections(kb: KnowledgeBase, fixtures: string[], error: string, sizes: number[]): void {
  console.log('1. diagnose() latency by paste size (real knowledge base; error at the end of log noise)');
  const widths = [10, 14, 14, 8, 22, 22];
  console.log(row(['size', 'median', 'p99', 'runs', 'chatter-only median', 'naive fuse.js median'], widths));
  const allSignatures = kb.articles.flatMap((a) => a.signatures.map((s) => ({ id: a.id, text: s.source })));
  const naive = new Fuse(allSignatures, { keys: ['text'], includeScore: true, ignoreLocation: true, threshold: 0.4 });
  let naiveTooSlow = false;
  for (const size of sizes) {
    const paste = pasteOfSize(size, error);
    const chatter = pasteOfSize(size, 'thanks, that worked!');
    const d = diagnose(paste, kb);
    if (d.candidates[0]?.id !== 'prompt-too-long') throw new Error(`bench paste of ${size} B did not diagnose correctly`);
    const s = measure(() => diagnose(paste, kb), { maxRuns: size >= 1_000_000 ? 20 : 3000 });
    const c = measure(() => diagnose(chatter, kb), { maxRuns: size >= 1_000_000 ? 20 : 3000 });
    let naiveCell = 'skipped (over 10 s)';
    if (!naiveTooSlow) {
      const t = performance.now();
      naive.search(paste, { limit: 3 });
      const once = performance.now() - t;
      if (once > 10_000) naiveTooSlow = true;
      else
        naiveCell = fmt(
          measure(() => naive.search(paste, { limit: 3 }), { minRuns: 3, maxRuns: 200, budgetMs: Math.min(3000, once * 20) }).median,
        );
      if (once > 2_000) naiveTooSlow = true;
    }
    console.log(row([`${size.toLocaleString('en-US')} B`, fmt(s.median), fmt(s.p99), String(s.runs), fmt(c.median), naiveCell], widths));
  }

  console.log('\n2. diagnose() latency by knowledge-base size (10 KB paste; fixture pastes)');
  const widths2 = [22, 10, 16, 14, 20, 14];
  console.log(row(['knowledge base', 'articles', '10 KB median', '10 KB p99', 'fixtures median', 'fixtures p99'], widths2));
  const paste10k = pasteOfSize(10_000, error);
  for (const [label, base] of [
    ['real', kb],
    ['synthetic ×10', syntheticKb(kb, 10)],
    ['synthetic ×100', syntheticKb(kb, 100)],
  ] as const) {
    const s = measure(() => diagnose(paste10k, base));
    let i = 0;
    const f = measure(() => diagnose(fixtures[i++ % fixtures.length] as string, base));
    console.log(row([label, String(base.articles.length), fmt(s.median), fmt(s.p99), fmt(f.median), fmt(f.p99)], widths2));
  }
}

const run = process.argv[2] === 'load' ? () => import('./load.js').then((m) => m.loadBench(process.argv.slice(3))) : main;
run().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

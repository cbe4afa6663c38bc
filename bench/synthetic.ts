import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { type ArticleSource, readKnowledgeSources } from '../src/core/knowledge/load.js';
import { MAX_PATTERN_CHARS } from '../src/core/knowledge/regex-safety.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../src/core/paths.js';

/**
 * Synthetic knowledge bases for the load figures: the real articles, then copies whose signature words
 * are replaced by made-up ones (so every copy has its own anchors and its own regexes, as new real
 * articles would), written as markdown files under `<family>/<id>.md` like the real folder.
 */

/** A made-up word per seed: syllables, so that words look like words and rarely collide. */
export function syntheticWord(seed: number): string {
  const syllables = ['ka', 'lo', 'mi', 'ru', 'te', 'za', 'po', 'ne', 'shi', 'vo', 'qu', 'dr', 'ba', 'ge', 'fu', 'ix'];
  let word = '';
  let x = seed;
  for (let i = 0; i < 5; i++) {
    word += syllables[x % syllables.length];
    x = Math.floor(x / syllables.length) + i * 7;
  }
  return word;
}

// Words and identifiers of 4+ letters (error_type values, exception names) that are not part of an
// escape (\bword keeps its \b): each copy gets its own, as a different real article would.
const WORD = /(?<!\\)\b[A-Za-z][A-Za-z_]{3,}\b/g;

function copyOf(source: ArticleSource, k: number, seed: { next: number }): ArticleSource {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(source.text);
  if (!match) throw new Error(`${source.file}: no front matter`);
  const meta = parseDocument(match[1] as string).toJS() as { id: string; family: string; signatures: string[] };
  meta.id = `${meta.id}-syn${k}`;
  meta.signatures = meta.signatures.map((s) => {
    const copy = s.replace(WORD, () => syntheticWord(seed.next++));
    // Made-up words are longer than most real ones: a long real pattern could grow past the loader's limit
    // on a pattern's length (checked here with its `/…/flags`, so a little early), so such a copy keeps each
    // word's own length instead.
    return copy.length <= MAX_PATTERN_CHARS
      ? copy
      : s.replace(WORD, (w) =>
          syntheticWord(seed.next++)
            .padEnd(w.length, 'x')
            .slice(0, w.length),
        );
  });
  const front = new (parseDocument('').constructor as new (v: unknown) => { toString(o?: object): string })(meta).toString({
    lineWidth: 0,
  });
  return { file: path.join(meta.family, `${meta.id}.md`), text: `---\n${front}---\n${source.text.slice(match[0].length)}` };
}

/** The real sources plus copies up to `count` articles. */
export async function syntheticSources(count: number): Promise<ArticleSource[]> {
  const real = await readKnowledgeSources(DEFAULT_KNOWLEDGE_DIR);
  const out = [...real];
  const seed = { next: 1_000 };
  for (let k = 1; out.length < count; k++) {
    for (const s of real) {
      if (out.length >= count) break;
      out.push(copyOf(s, k, seed));
    }
  }
  return out;
}

/** Writes a synthetic knowledge folder of `count` articles into `dir`. */
export async function writeSyntheticKnowledge(dir: string, count: number): Promise<void> {
  for (const s of await syntheticSources(count)) {
    const file = path.join(dir, s.file);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, s.text);
  }
}

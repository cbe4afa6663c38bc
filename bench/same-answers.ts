/**
 * `node --import tsx bench/same-answers.ts <other checkout> [more .jsonl files]`: diagnose() of this
 * checkout against another one (e.g. /work/main), strict and lenient, on every row of the eval files,
 * every example paste, each of their first lines, and generated chat. For a speed change that must not
 * change an answer. Prints counts and the ids of rows that differ, never their texts.
 */
import path from 'node:path';
import { PROJECT_ROOT } from '../src/core/paths.js';
import { corpusTexts, type Named } from './corpus-texts.js';
import { CHAT } from './measure.js';

async function diagnoser(root: string): Promise<(text: string) => string> {
  const { diagnose } = await import(path.join(root, 'src/core/diagnose.ts'));
  const { loadKnowledgeBase } = await import(path.join(root, 'src/core/knowledge/index.ts'));
  const kb = await loadKnowledgeBase(path.join(root, 'knowledge'));
  return (text) => JSON.stringify([diagnose(text, kb), diagnose(text, kb, { mode: 'lenient' })]);
}

function texts(extra: string[]): Named[] {
  const out: Named[] = [...CHAT.map((t, i): Named => [`chat ${i}`, t]), ...corpusTexts(extra)];
  const lines = out.flatMap(([id, t]) => [[`${id} (line 1)`, t.split('\n')[0] as string] as [string, string]]);
  // Chat-like strings over words that do and do not matter to the matcher, with spacing and level words.
  const words = [
    'INFO',
    'ERROR',
    'WARN',
    'thanks',
    'error',
    'overloaded',
    'api',
    'key',
    'rate',
    'limit',
    'Claude',
    'the',
    'I',
    'ok',
    ',',
    '.',
    '!',
    '?',
    "it's",
    '  ',
    '\n',
  ];
  let seed = 3;
  const rnd = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  const chat = Array.from({ length: 5_000 }, (_, i): [string, string] => [
    `generated ${i}`,
    Array.from({ length: 1 + rnd(8) }, () => `${rnd(3) ? ' ' : ''}${words[rnd(words.length)]}`).join(''),
  ]);
  return [...out, ...lines, ...chat];
}

const other = process.argv[2];
if (!other) throw new Error('usage: bench/same-answers.ts <other checkout> [more .jsonl files]');
const [here, there] = [await diagnoser(PROJECT_ROOT), await diagnoser(path.resolve(other))];
const all = texts(process.argv.slice(3));
const differ = all.filter(([, t]) => here(t) !== there(t)).map(([id]) => id);
console.log(
  `${all.length} texts, ${differ.length} with a different diagnosis${differ.length ? `: ${differ.slice(0, 20).join(', ')}` : ''}`,
);
process.exitCode = differ.length ? 1 : 0;

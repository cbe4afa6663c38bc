/**
 * Prints a digest of diagnose() for every row of the given JSONL corpora against a knowledge folder: one
 * line per row (id and a hash of the whole Diagnosis as JSON, RegExps as their source) and a final
 * total, so that two builds can be compared (`diff`) without any corpus text leaving the corpus files.
 *   npx tsx bench/diagnose-digest.ts knowledge eval/real.jsonl eval/fresh.jsonl > /tmp/before.txt
 */
import { createHash } from 'node:crypto';
import { diagnose } from '../src/core/diagnose.js';
import { loadKnowledgeBase } from '../src/core/knowledge/index.js';
import { jsonlTexts } from './corpus-texts.js';

const [dir, ...files] = process.argv.slice(2) as [string, ...string[]];
const kb = await loadKnowledgeBase(dir);
const total = createHash('sha1');
let rows = 0;
for (const file of files) {
  for (const [id, text] of jsonlTexts(file)) {
    const json = JSON.stringify(diagnose(text, kb), (_key, value) => (value instanceof RegExp ? String(value) : value));
    const hash = createHash('sha1').update(json).digest('hex').slice(0, 16);
    total.update(hash);
    rows++;
    console.log(`${file} ${id.slice(id.indexOf(' ') + 1)} ${hash}`);
  }
}
console.log(`total ${rows} rows ${total.digest('hex')}`);

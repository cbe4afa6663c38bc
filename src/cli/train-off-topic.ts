import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type OffTopicModel, trainOffTopicModel } from '../core/off-topic-odds.js';
import { parseRows } from './eval-corpus.js';
import { isQuestionRow, questionRowsOf } from './eval-questions.js';

/**
 * `npm run questions:model [-- --check]`: trains the off-topic wording model on the tune half of
 * `eval/questions.jsonl` (the check half is never read for it) and writes `src/core/off-topic-model.json`.
 * With `--check` it writes nothing and exits 1 when the committed model is not the one the rows give.
 */

export const QUESTIONS_FILE = fileURLToPath(new URL('../../eval/questions.jsonl', import.meta.url));
export const MODEL_FILE = fileURLToPath(new URL('../core/off-topic-model.json', import.meta.url));

export function modelFromQuestions(jsonl: string): OffTopicModel {
  const rows = questionRowsOf(parseRows(jsonl, 'eval/questions.jsonl').filter((r) => isQuestionRow({ ...r })));
  const labelled = rows.filter((row) => row.split === 'tune').map((row) => ({ text: row.text, offTopic: row.kind === 'off-topic' }));
  const off = labelled.filter((r) => r.offTopic).length;
  return trainOffTopicModel(labelled, `eval/questions.jsonl, tune half: ${labelled.length - off} questions, ${off} off-topic`);
}

export function serialiseModel(model: OffTopicModel): string {
  return `${JSON.stringify(model, null, 2)}\n`;
}

function main(): void {
  const wanted = serialiseModel(modelFromQuestions(readFileSync(QUESTIONS_FILE, 'utf8')));
  if (process.argv.includes('--check')) {
    const current = readFileSync(MODEL_FILE, 'utf8');
    if (current !== wanted) {
      console.error('src/core/off-topic-model.json is not the model eval/questions.jsonl gives: run npm run questions:model');
      process.exit(1);
    }
    console.log('off-topic model: up to date');
    return;
  }
  writeFileSync(MODEL_FILE, wanted);
  console.log(`wrote ${MODEL_FILE}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();

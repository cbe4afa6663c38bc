#!/usr/bin/env node
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { diagnose } from '../core/diagnose.js';
import { CliError, loadKbOrExit, runCli } from './common.js';
import { evaluateQuestions, formatQuestionReport, isQuestionRow, type QuestionRow, toQuestionRow } from './eval-questions.js';

const USAGE = `usage: npm run eval -- FILE.jsonl [--kb DIR] [--json]
Lines {"id","text","expected":[ids]}; an empty "expected" means the bot must stay silent.
Prints top-1 accuracy and top-3 recall over positives, false positives over negatives, and each miss.`;

interface Row {
  id: string;
  text: string;
  expected: string[];
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      kb: { type: 'string' },
      json: { type: 'boolean', default: false },
      misses: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || positionals.length !== 1) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const file = positionals[0] as string;
  const raw = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new CliError(`cannot read ${file}: ${err.code ?? err.message}`);
  });
  const rows: Row[] = [];
  const questionRows: QuestionRow[] = [];
  raw.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let row: Partial<Row>;
    try {
      row = JSON.parse(line);
    } catch {
      throw new CliError(`${file}:${i + 1}: not valid JSON`);
    }
    // Questions in words (kind "question" | "off-topic") are evaluated by eval-questions.ts.
    if (isQuestionRow(row as Record<string, unknown>)) {
      questionRows.push(toQuestionRow(row as Record<string, unknown>, i + 1));
      return;
    }
    if (typeof row.text !== 'string' || !Array.isArray(row.expected))
      throw new CliError(`${file}:${i + 1}: expected {"id","text","expected":[...]}`);
    rows.push({
      id: String(row.id ?? i + 1),
      text: row.text,
      expected: row.expected.map(String),
    });
  });
  const kb = await loadKbOrExit(values.kb);
  if (questionRows.length > 0) {
    const report = evaluateQuestions(questionRows, kb);
    if (values.json) process.stdout.write(`${JSON.stringify(report)}\n`);
    else process.stdout.write(formatQuestionReport(report, { misses: values.misses }));
    if (rows.length === 0) return 0;
  }

  let positives = 0;
  let top1Strict = 0;
  let top1Ranked = 0;
  let top3 = 0;
  let negatives = 0;
  let falsePositives = 0;
  const misses: string[] = [];
  const unknownIds = new Set<string>();
  for (const row of rows) {
    const d = diagnose(row.text, kb);
    const ids = d.candidates.map((c) => c.id);
    const top = d.candidates[0];
    for (const id of row.expected) if (!kb.byId.has(id)) unknownIds.add(id);
    if (row.expected.length === 0) {
      negatives++;
      if (d.matched) {
        falsePositives++;
        misses.push(`FP   ${row.id}: matched ${top?.id} (${top?.score}) — ${snippet(row.text)}`);
      }
      continue;
    }
    positives++;
    const correctTop = top !== undefined && row.expected.includes(top.id);
    if (correctTop) top1Ranked++;
    if (correctTop && d.matched) top1Strict++;
    if (ids.slice(0, 3).some((id) => row.expected.includes(id))) top3++;
    if (!(correctTop && d.matched)) {
      const got = top ? `${top.id} (${top.score}${d.matched ? '' : ', below strict'})` : 'nothing';
      misses.push(`MISS ${row.id}: expected ${row.expected.join('|')}, got ${got} — fp ${d.fingerprint.slice(0, 80)}`);
    }
  }
  const pct = (a: number, b: number) => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(1)}%`);
  const summary = {
    positives,
    negatives,
    top1AccuracyStrict: positives ? top1Strict / positives : null,
    top1AccuracyRanked: positives ? top1Ranked / positives : null,
    top3Recall: positives ? top3 / positives : null,
    falsePositiveRate: negatives ? falsePositives / negatives : null,
  };
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ ...summary, misses })}\n`);
    return 0;
  }
  for (const m of misses) process.stdout.write(`${m}\n`);
  if (unknownIds.size > 0) process.stdout.write(`note: expected ids with no article: ${[...unknownIds].join(', ')}\n`);
  process.stdout.write(
    [
      '',
      `positives ${positives}, negatives ${negatives}, articles ${kb.articles.length}`,
      `top-1 accuracy (matched at strict threshold): ${top1Strict}/${positives} = ${pct(top1Strict, positives)}`,
      `top-1 accuracy (ranking only):                ${top1Ranked}/${positives} = ${pct(top1Ranked, positives)}`,
      `top-3 recall:                                 ${top3}/${positives} = ${pct(top3, positives)}`,
      `false positives (strict) over negatives:      ${falsePositives}/${negatives} = ${pct(falsePositives, negatives)}`,
      '',
    ].join('\n'),
  );
  return 0;
}

function snippet(text: string): string {
  return text.replace(/\s+/g, ' ').slice(0, 90);
}

runCli(main);

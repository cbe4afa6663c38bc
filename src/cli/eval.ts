#!/usr/bin/env node
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { askAfterDiagnosis, displayedArticles, pasteBelongsElsewhere, questionIndexFor, shownArticles } from '../core/ask.js';
import { diagnose } from '../core/diagnose.js';
import type { KnowledgeBase } from '../core/knowledge/index.js';
import { PROJECT_ROOT } from '../core/paths.js';
import { loadKbOrExit, runCli } from './common.js';
import { citedByArticle, citedSources, type EvalRow, readRows } from './eval-corpus.js';
import { runQuestionEval } from './eval-questions.js';

const USAGE = `usage: npm run eval -- [FILE.jsonl] [--kb DIR] [--json] [--misses]
Without FILE: the shared dev set (when present), both halves of eval/real.jsonl, the held-out eval/fresh.jsonl
and eval/fresh2.jsonl, and eval/questions.jsonl.
Lines {"id","text","expected":[ids]}; an empty "expected" means the bot must stay silent.
top-1: the right article first and confident (strict threshold, auto-reply mode); top-3 lenient: the right
article among the lenient diagnosis's first three; asked: the right article among the first three the bot shows
when someone asks it (mention, /diagnose), as displayedArticles() lays them out: the answer and its alternatives,
a "might be" list, or the possible matches under "I don't recognise this error"; FP: a negative answered
confidently in auto-reply mode; asked FP: a negative that gets an answer (an article or a "might be" list) when asked.
"no article cites it": the same figures without rows from a thread an article cites as a source (read by its author).
--misses lists the misses, except on the corpus check half and the fresh sets (read their figures only).`;

/** Held-out rows: their figures are printed, their misses never (reading them would be tuning on them). */
const FIGURES_ONLY = new Set(['check', 'fresh', 'fresh2']);

/** Rows of these kinds are answered by the question evaluation (src/cli/eval-questions.ts), not by matching. */
const QUESTION_KINDS = new Set(['question', 'off-topic']);

interface Tally {
  positives: number;
  top1: number;
  ranked: number;
  top3: number;
  /** Positives whose right article is among the first three the bot shows when asked (`displayedArticles`). */
  shown: number;
  negatives: number;
  fp: number;
  /** Negatives the bot answers (an article or "might be" articles) when asked. */
  askedFalse: number;
  /** Positives answered above the strict threshold with an article that is not theirs (worse than silence). */
  wrong: number;
}

interface SetReport {
  name: string;
  total: Tally;
  short: Tally;
  /** Rows from threads no article cites as a source (see `citedSources`). */
  uncited: Tally;
  bySurface: Map<string, Tally>;
  byLang: Map<string, Tally>;
  misses: string[];
}

const emptyTally = (): Tally => ({ positives: 0, top1: 0, ranked: 0, top3: 0, shown: 0, negatives: 0, fp: 0, askedFalse: 0, wrong: 0 });

function tallyOf(map: Map<string, Tally>, key: string): Tally {
  const t = map.get(key) ?? emptyTally();
  map.set(key, t);
  return t;
}

function evaluate(name: string, rows: EvalRow[], kb: KnowledgeBase): SetReport {
  const report: SetReport = {
    name,
    total: emptyTally(),
    short: emptyTally(),
    uncited: emptyTally(),
    bySurface: new Map(),
    byLang: new Map(),
    misses: [],
  };
  const cited = citedSources(kb.articles);
  for (const row of rows) {
    const strict = diagnose(row.text, kb);
    // What an auto-reply channel sees: the bot also drops a match whose surrounding words point away from
    // Claude (BotCore.handleMessage), so the evaluation does too.
    if (strict.matched && pasteBelongsElsewhere(row.text, strict)) strict.matched = false;
    const lenient = diagnose(row.text, kb, { mode: 'lenient' });
    // What the bot does when asked, from the lenient diagnosis already made (ask() would diagnose again).
    const outcome = askAfterDiagnosis(row.text, lenient, questionIndexFor(kb));
    const asked = shownArticles(outcome);
    const top = strict.candidates[0];
    const tallies = [report.total, tallyOf(report.bySurface, row.surface), tallyOf(report.byLang, row.lang)];
    if (row.short) tallies.push(report.short);
    if (!citedByArticle(row, cited)) tallies.push(report.uncited);
    if (row.expected.length === 0) {
      for (const t of tallies) {
        t.negatives++;
        if (strict.matched) t.fp++;
        if (asked.answered) t.askedFalse++;
      }
      if (strict.matched) report.misses.push(`FP   ${row.id}: matched ${top?.id} (${top?.score}) — ${snippet(row.text)}`);
      continue;
    }
    const ranked = top !== undefined && row.expected.includes(top.id);
    const top1 = ranked && strict.matched;
    const top3 = lenient.candidates.slice(0, 3).some((c) => row.expected.includes(c.id));
    const shown = displayedArticles(outcome).some((id) => row.expected.includes(id));
    for (const t of tallies) {
      t.positives++;
      if (ranked) t.ranked++;
      if (top1) t.top1++;
      if (top3) t.top3++;
      if (shown) t.shown++;
      if (strict.matched && !ranked) t.wrong++;
    }
    if (!top1) {
      const got = top ? `${top.id} (${top.score}${strict.matched ? '' : ', below strict'})` : 'nothing';
      report.misses.push(
        `MISS ${row.id}: expected ${row.expected.join('|')}, got ${got}${shown ? ', shown when asked' : top3 ? ', top-3 lenient only' : ''} — ${snippet(row.text)}`,
      );
    }
  }
  return report;
}

const pct = (a: number, b: number) => (b === 0 ? '   n/a' : `${((100 * a) / b).toFixed(1).padStart(5)}%`);

function line(label: string, t: Tally): string {
  return [
    label.padEnd(22),
    `pos ${String(t.positives).padStart(4)}`,
    `top-1 ${pct(t.top1, t.positives)}`,
    `ranked-1 ${pct(t.ranked, t.positives)}`,
    `top-3 lenient ${pct(t.top3, t.positives)}`,
    `asked ${pct(t.shown, t.positives)}`,
    `neg ${String(t.negatives).padStart(3)}`,
    `FP ${pct(t.fp, t.negatives)} (${t.fp})`,
    `asked FP ${pct(t.askedFalse, t.negatives)} (${t.askedFalse})`,
    `wrong ${t.wrong}`,
  ].join('  ');
}

function render(r: SetReport, showMisses: boolean): string {
  const out = [`== ${r.name}`, line('all', r.total)];
  if (r.short.positives + r.short.negatives > 0) out.push(line('short rows', r.short));
  const uncited = r.uncited.positives + r.uncited.negatives;
  if (uncited < r.total.positives + r.total.negatives) out.push(line('no article cites it', r.uncited));
  if (r.bySurface.size > 1) {
    out.push('  by surface');
    for (const [k, t] of [...r.bySurface].sort()) out.push(line(`    ${k}`, t));
  }
  if (r.byLang.size > 1) {
    out.push('  by language');
    for (const [k, t] of [...r.byLang].sort()) out.push(line(`    ${k}`, t));
  }
  if (showMisses) out.push(...r.misses.map((m) => `  ${m}`));
  return `${out.join('\n')}\n`;
}

function summary(r: SetReport) {
  const f = (t: Tally) => ({
    positives: t.positives,
    negatives: t.negatives,
    top1: t.positives ? t.top1 / t.positives : null,
    rankedTop1: t.positives ? t.ranked / t.positives : null,
    top3Lenient: t.positives ? t.top3 / t.positives : null,
    top3Asked: t.positives ? t.shown / t.positives : null,
    falsePositiveRate: t.negatives ? t.fp / t.negatives : null,
    askedFalseRate: t.negatives ? t.askedFalse / t.negatives : null,
    wrongAnswers: t.wrong,
  });
  const group = (m: Map<string, Tally>) => Object.fromEntries([...m].map(([k, t]) => [k, f(t)]));
  return { name: r.name, ...f(r.total), short: f(r.short), uncited: f(r.uncited), bySurface: group(r.bySurface), byLang: group(r.byLang) };
}

/** The shared dev set lives next to the main checkout; from a worktree under /work/wt it is one level further up. */
function devSetPath(): string | null {
  for (const rel of ['../shared/eval/dev.jsonl', '../../shared/eval/dev.jsonl']) {
    const p = path.resolve(PROJECT_ROOT, rel);
    if (existsSync(p)) return p;
  }
  return null;
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
  if (values.help || positionals.length > 1) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const kb = await loadKbOrExit(values.kb);
  const files = positionals.length === 1 ? [positionals[0] as string] : defaultFiles();
  const reports: SetReport[] = [];
  const out: string[] = [];
  const unknown = new Set<string>();
  for (const file of files) {
    const rows = await readRows(file);
    for (const row of rows) for (const id of row.expected) if (!kb.byId.has(id)) unknown.add(id);
    const questions = rows.filter((r) => QUESTION_KINDS.has(r.kind));
    const pastes = rows.filter((r) => !QUESTION_KINDS.has(r.kind));
    const name = path.relative(process.cwd(), file) || file;
    for (const split of ['tune', 'check', 'fresh', 'fresh2', null] as const) {
      const part = pastes.filter((r) => r.split === split);
      if (part.length === 0) continue;
      const report = evaluate(split ? `${name} [${split}]` : name, part, kb);
      reports.push(report);
      if (!values.json) out.push(render(report, values.misses && !FIGURES_ONLY.has(split ?? '')));
    }
    if (questions.length > 0) out.push(await runQuestionEval(questions, kb, values.json, values.misses, await wordingModelRows()));
  }
  if (values.json) out.unshift(`${JSON.stringify(reports.map(summary))}\n`);
  else if (unknown.size > 0) out.push(`note: expected ids with no article: ${[...unknown].join(', ')}\n`);
  process.stdout.write(out.join('\n'));
  return 0;
}

/** The rows the shipped off-topic wording model was trained on (`npm run questions:model`): the tune half of eval/questions.jsonl. */
async function wordingModelRows(): Promise<EvalRow[]> {
  const file = path.join(PROJECT_ROOT, 'eval/questions.jsonl');
  if (!existsSync(file)) return [];
  return (await readRows(file)).filter((r) => QUESTION_KINDS.has(r.kind) && r.split === 'tune');
}

function defaultFiles(): string[] {
  const files = [
    devSetPath(),
    path.join(PROJECT_ROOT, 'eval/real.jsonl'),
    path.join(PROJECT_ROOT, 'eval/fresh.jsonl'),
    path.join(PROJECT_ROOT, 'eval/fresh2.jsonl'),
    path.join(PROJECT_ROOT, 'eval/questions.jsonl'),
  ];
  return files.filter((f): f is string => f !== null && existsSync(f));
}

function snippet(text: string): string {
  return text.replace(/\s+/g, ' ').slice(0, 110);
}

runCli(main);

import { createHash } from 'node:crypto';
import { type AskOutcome, ask, displayedArticles, type OffTopicOdds, shownArticles } from '../core/ask.js';
import type { KnowledgeBase } from '../core/knowledge/index.js';
import { offTopicLogOdds, trainOffTopicModel } from '../core/off-topic-odds.js';
import { buildQuestionIndex } from '../core/questions.js';
import { citedByArticle, citedSources, type EvalRow } from './eval-corpus.js';

/**
 * The evaluation of questions in words: rows {id, text, expected, kind: "question"|"off-topic", repo,
 * split?}. For each half ("tune" holds the questions the aliases were written from, "check" the
 * others) and with and without the articles' `aliases:`, it reports how often the right article is
 * among the first three shown, and how often an off-topic question is answered as if known.
 */

export interface QuestionRow {
  id: string;
  text: string;
  expected: string[];
  kind: 'question' | 'off-topic';
  repo: string;
  split: Split;
  source: string | null;
}

export type Split = 'tune' | 'check';

/** A stable split by repository, so questions from one project never sit on both sides. */
export function splitOf(repo: string): Split {
  const first = createHash('sha256').update(repo.toLowerCase()).digest()[0] ?? 0;
  return first % 2 === 0 ? 'tune' : 'check';
}

export function isQuestionRow(row: Record<string, unknown>): boolean {
  return row.kind === 'question' || row.kind === 'off-topic';
}

export function toQuestionRow(row: Record<string, unknown>, line: number): QuestionRow {
  const repo = typeof row.repo === 'string' ? row.repo : '';
  const split = row.split === 'tune' || row.split === 'check' ? row.split : splitOf(repo);
  return {
    id: String(row.id ?? line),
    text: String(row.text ?? ''),
    expected: Array.isArray(row.expected) ? row.expected.map(String) : [],
    kind: row.kind === 'off-topic' ? 'off-topic' : 'question',
    repo,
    split,
    source: typeof row.source === 'string' ? row.source : null,
  };
}

/** Corpus rows (`parseRows`) of kind question / off-topic as question rows, split by repository where unset. */
export function questionRowsOf(rows: EvalRow[]): QuestionRow[] {
  return rows.map((r, i) => toQuestionRow({ ...r, repo: r.repo ?? '', split: r.split ?? undefined }, i + 1));
}

/** Folds for scoring the tune half with wording models that never saw the question (by repository). */
const FOLDS = 5;

export function foldOf(repo: string): number {
  return (createHash('sha256').update(`fold:${repo.toLowerCase()}`).digest()[0] ?? 0) % FOLDS;
}

/**
 * The wording model the evaluation uses for each row. The shipped model is trained on the tune half of
 * `eval/questions.jsonl` (`training`), so scoring one of those rows with it would grade the model on its
 * own homework: such a row is scored instead by a model trained on the training rows of the other folds
 * (other repositories). Every other row (the check half, an unseen batch) gets the shipped model, which
 * never saw it.
 */
export function crossFittedOdds(training: QuestionRow[]): (row: QuestionRow) => OffTopicOdds {
  const tune = training.filter((r) => r.split === 'tune');
  const trained = new Set(tune.map((r) => r.text));
  const models = Array.from({ length: FOLDS }, (_, k) => {
    const train = tune.filter((r) => foldOf(r.repo) !== k).map((r) => ({ text: r.text, offTopic: r.kind === 'off-topic' }));
    return train.some((r) => r.offTopic) && train.some((r) => !r.offTopic) ? trainOffTopicModel(train, `fold ${k}`) : undefined;
  });
  return (row) => {
    const model = trained.has(row.text) ? models[foldOf(row.repo)] : undefined;
    return model ? (text) => offTopicLogOdds(text, model) : offTopicLogOdds;
  };
}

export interface HalfFigures {
  questions: number;
  top3: number;
  /** The bot presented an answer (known or might-be) whose first three hold the right article. */
  answeredRight: number;
  /** The right article is among the first three on screen (answer, alternatives, might-be list or possible matches; `displayedArticles`). */
  onScreen: number;
  offTopic: number;
  /** Off-topic questions answered as known (an article presented). */
  falseAnswers: number;
  /** The false answers by how they were given: one article as the answer, "might be" articles, or a paste diagnosis. */
  falseBy: Record<FalseHow, number>;
  /** Questions given one confident answer (known, or a paste diagnosis): with the right article, and with a wrong one. */
  confident: { right: number; wrong: number };
}

type FalseHow = 'known' | 'maybe' | 'paste';

type Variant = 'aliases' | 'noAliases' | 'uncited';

export interface QuestionReport {
  /** `uncited`: with aliases, only the rows from threads no article cites as a source (see `citedSources`). */
  figures: Record<Variant, Record<Split, HalfFigures>>;
  misses: string[];
}

export function evaluateQuestions(rows: QuestionRow[], kb: KnowledgeBase, training: QuestionRow[] = []): QuestionReport {
  const empty = (): HalfFigures => ({
    questions: 0,
    top3: 0,
    answeredRight: 0,
    onScreen: 0,
    offTopic: 0,
    falseAnswers: 0,
    falseBy: { known: 0, maybe: 0, paste: 0 },
    confident: { right: 0, wrong: 0 },
  });
  const figures = {
    aliases: { tune: empty(), check: empty() },
    noAliases: { tune: empty(), check: empty() },
    uncited: { tune: empty(), check: empty() },
  };
  const cited = citedSources(kb.articles);
  const misses: string[] = [];
  const oddsFor = crossFittedOdds(training);
  for (const variant of ['aliases', 'noAliases'] as const) {
    const index = buildQuestionIndex(kb.articles, { aliases: variant === 'aliases' });
    for (const row of rows) {
      const tallies = [figures[variant][row.split]];
      if (variant === 'aliases' && !citedByArticle(row, cited)) tallies.push(figures.uncited[row.split]);
      const outcome = ask(row.text, kb, { index, offTopicOdds: oddsFor(row) });
      const shown = shownOf(outcome);
      for (const f of tallies) tally(f, row, outcome, shown);
      if (variant !== 'aliases') continue;
      const { ids, answered, how } = shown;
      if (row.kind === 'off-topic') {
        if (answered) misses.push(`FALSE ${row.split} ${row.id}: answered ${how} ${ids.join(', ')} — ${snippet(row.text)}`);
      } else if (!(answered && ids.slice(0, 3).some((id) => row.expected.includes(id)))) {
        const seen =
          outcome.kind === 'question' ? outcome.question.ranked.slice(0, 3).map((h) => `${h.article.id}:${h.coverage.toFixed(2)}`) : ids;
        misses.push(`MISS  ${row.split} ${row.id}: expected ${row.expected.join('|')}, ${how} [${seen.join(', ')}] — ${snippet(row.text)}`);
      }
    }
  }
  return { figures, misses };
}

/** What the bot shows for an outcome, and how it answered (one article, "might be", none, or as a paste). */
function shownOf(outcome: AskOutcome): ReturnType<typeof shownArticles> & { how: FalseHow | 'none' } {
  return { ...shownArticles(outcome), how: outcome.kind === 'diagnosis' ? 'paste' : outcome.question.verdict };
}

/** Counts one row's outcome into a half's figures. */
function tally(f: HalfFigures, row: QuestionRow, outcome: AskOutcome, shown: ReturnType<typeof shownOf>): void {
  const { ids, answered, how } = shown;
  if (row.kind === 'off-topic') {
    f.offTopic++;
    if (!answered) return;
    f.falseAnswers++;
    if (how !== 'none') f.falseBy[how]++;
    return;
  }
  f.questions++;
  const ranked = outcome.kind === 'question' ? outcome.question.ranked.map((h) => h.article.id) : ids;
  if (ranked.slice(0, 3).some((id) => row.expected.includes(id))) f.top3++;
  if (answered && ids.slice(0, 3).some((id) => row.expected.includes(id))) f.answeredRight++;
  if (how === 'known' || how === 'paste') f.confident[row.expected.includes(ids[0] ?? '') ? 'right' : 'wrong']++;
  if (displayedArticles(outcome).some((id) => row.expected.includes(id))) f.onScreen++;
}

export function formatQuestionReport(report: QuestionReport, opts: { misses?: boolean } = {}): string {
  const pct = (a: number, b: number) => (b === 0 ? '  n/a' : `${((100 * a) / b).toFixed(1).padStart(5)}%`);
  const lines: string[] = [];
  if (opts.misses) lines.push(...report.misses, '');
  lines.push('questions in words: right article among the first three shown; off-topic answered as known');
  lines.push("(rows the wording model was trained on are scored by models trained on the other folds' repositories;");
  lines.push(' "uncited": with aliases, without rows from a thread an article cites as a source)');
  lines.push(
    'variant     half   questions  top-3 (answered)                      off-topic  "no article"  false answers (known / might be / as a paste)  confident right / wrong',
  );
  const labels: Record<Variant, string> = { aliases: 'aliases', noAliases: 'no aliases', uncited: 'uncited' };
  for (const variant of ['aliases', 'noAliases', 'uncited'] as const) {
    for (const half of ['tune', 'check'] as const) {
      const f = report.figures[variant][half];
      lines.push(
        [
          labels[variant].padEnd(11),
          half.padEnd(6),
          String(f.questions).padStart(9),
          `  ${pct(f.answeredRight, f.questions)} (${f.answeredRight}/${f.questions}; on screen ${f.onScreen}; ranked ${f.top3})`.padEnd(
            40,
          ),
          String(f.offTopic).padStart(9),
          `  ${pct(f.offTopic - f.falseAnswers, f.offTopic)}`.padEnd(14),
          `${f.falseAnswers}/${f.offTopic}`.padEnd(8),
          `(${f.falseBy.known} / ${f.falseBy.maybe} / ${f.falseBy.paste})`.padEnd(16),
          `${f.confident.right} / ${f.confident.wrong}`,
        ].join(' '),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

function snippet(text: string): string {
  return text.replace(/\s+/g, ' ').slice(0, 100);
}

/**
 * Entry point for `npm run eval`: the question rows of an evaluation file, as a report (or JSON). Misses
 * are listed for the tune half only; the check half's figures are to be read, never its misses.
 */
export async function runQuestionEval(
  rows: EvalRow[],
  kb: KnowledgeBase,
  json: boolean,
  misses = false,
  training: EvalRow[] = [],
): Promise<string> {
  const report = evaluateQuestions(questionRowsOf(rows), kb, questionRowsOf(training));
  if (json) return `${JSON.stringify(report.figures)}\n`;
  const tuneOnly = { ...report, misses: report.misses.filter((m) => !/^(FALSE|MISS) +check /.test(m)) };
  return `${rows.length} question rows, evaluated as questions in words\n${formatQuestionReport(tuneOnly, { misses })}`;
}

import model from './off-topic-model.json' with { type: 'json' };

/**
 * How a message is worded, learned from real messages: does it read like a question about a failure
 * ("keeps returning 429 since the upgrade, what changed?") or like something a troubleshooting article
 * does not answer (a feature request, a how-to, an opinion about a plan), whatever its words match?
 * A naive Bayes model over word pairs, trained by `npm run questions:model` on the tune half of
 * `eval/questions.jsonl` only (the check half stays unseen). Pure: no I/O, no clock.
 *
 * It does not decide alone whether the bot answers: the retrieval does. It decides how sure the bot may
 * sound. A question the words match strongly but whose wording is more likely off-topic than not is
 * offered as "might be" articles instead of one confident answer: a confident wrong answer costs the
 * user more than a hedged one.
 */

export interface OffTopicModel {
  /** What it was trained on, for people reading the file. */
  trainedOn: string;
  /** log P(off-topic) − log P(question) before any word is read. */
  prior: number;
  /** Feature → log-likelihood ratio (off-topic over question), Laplace-smoothed. */
  weights: Record<string, number>;
}

export const OFF_TOPIC_MODEL: OffTopicModel = model;

/** Above this log-odds a message reads more like off-topic than like a question we answer. */
export const DEMOTE_ABOVE = 0;

/**
 * The features: lower-cased words (a letter then letters, digits, `_` or `'`) and runs of digits, each
 * number masked to `#` as Sentry masks variable parts, plus every pair of neighbouring tokens; each once.
 */
export function offTopicFeatures(text: string): Set<string> {
  const tokens = (text.toLowerCase().match(/[a-z][a-z0-9_']+|\d+/g) ?? []).map((t) => (/^\d/.test(t) ? '#' : t));
  const features = new Set(tokens);
  for (let i = 0; i + 1 < tokens.length; i++) features.add(`${tokens[i]} ${tokens[i + 1]}`);
  return features;
}

/** Log-odds that the message is off-topic rather than a question an article answers. */
export function offTopicLogOdds(text: string, m: OffTopicModel = OFF_TOPIC_MODEL): number {
  let sum = m.prior;
  for (const f of offTopicFeatures(text)) sum += m.weights[f] ?? 0;
  return sum;
}

export interface LabelledMessage {
  text: string;
  offTopic: boolean;
}

/** Features seen in fewer messages than this are left out: one message is an anecdote, not a pattern. */
const MIN_MESSAGES = 2;

/** Trains the model (naive Bayes over the presence of each feature, add-one smoothing). Deterministic. */
export function trainOffTopicModel(rows: LabelledMessage[], trainedOn: string): OffTopicModel {
  const seen = { off: new Map<string, number>(), on: new Map<string, number>() };
  let off = 0;
  for (const row of rows) {
    const counts = row.offTopic ? seen.off : seen.on;
    if (row.offTopic) off++;
    for (const f of offTopicFeatures(row.text)) counts.set(f, (counts.get(f) ?? 0) + 1);
  }
  const on = rows.length - off;
  if (off === 0 || on === 0) throw new Error('trainOffTopicModel: needs both off-topic messages and questions');
  const weights: Record<string, number> = {};
  const features = [...new Set([...seen.off.keys(), ...seen.on.keys()])].sort();
  for (const f of features) {
    const a = seen.off.get(f) ?? 0;
    const b = seen.on.get(f) ?? 0;
    if (a + b < MIN_MESSAGES) continue;
    weights[f] = round(Math.log((a + 1) / (off + 2) / ((b + 1) / (on + 2))));
  }
  return { trainedOn, prior: round(Math.log(off / on)), weights };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

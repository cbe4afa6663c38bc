import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { crossFittedOdds, foldOf, type QuestionRow } from '../../src/cli/eval-questions.js';
import { MODEL_FILE, modelFromQuestions, QUESTIONS_FILE, serialiseModel } from '../../src/cli/train-off-topic.js';
import { ask } from '../../src/core/ask.js';
import { OFF_TOPIC_MODEL, offTopicFeatures, offTopicLogOdds, trainOffTopicModel } from '../../src/core/off-topic-odds.js';
import { realKb } from '../helpers/kb.js';

// Messages written for these tests (not taken from any evaluation set).

describe('the features of a message', () => {
  it('masks numbers and adds neighbouring pairs, each once', () => {
    const f = offTopicFeatures('Got 429 then 529: please add retries, please');
    expect(f).toContain('#');
    expect(f).toContain('got #');
    expect(f).toContain('please add');
    expect(f).not.toContain('429');
    expect([...f].filter((x) => x === 'please')).toHaveLength(1);
  });
});

describe('training', () => {
  const rows = [
    { text: 'feature request: add a dark theme', offTopic: true },
    { text: 'feature request: add keyboard shortcuts', offTopic: true },
    { text: 'requests fail with a 500 error', offTopic: false },
    { text: 'every call fails with overloaded error', offTopic: false },
    { text: 'the error says prompt is too long', offTopic: false },
  ];
  const model = trainOffTopicModel(rows, 'test rows');

  it('learns which words lean which way, and leaves out words seen once', () => {
    expect(model.weights['feature request']).toBeGreaterThan(0);
    expect(model.weights.error).toBeLessThan(0);
    expect(model.weights.theme).toBeUndefined();
    expect(model.prior).toBeCloseTo(Math.log(2 / 3), 3);
  });

  it('scores a wish above a failure', () => {
    expect(offTopicLogOdds('feature request: add a setting', model)).toBeGreaterThan(0);
    expect(offTopicLogOdds('my request fails with an error', model)).toBeLessThan(0);
  });

  it('refuses rows of one kind only', () => {
    expect(() => trainOffTopicModel(rows.slice(0, 2), 'x')).toThrow(/both/);
  });
});

describe('the shipped model', () => {
  it('is the one the tune half of eval/questions.jsonl gives (retrain with npm run questions:model)', () => {
    const wanted = serialiseModel(modelFromQuestions(readFileSync(QUESTIONS_FILE, 'utf8')));
    expect(readFileSync(MODEL_FILE, 'utf8')).toBe(wanted);
    expect(OFF_TOPIC_MODEL.trainedOn).toMatch(/tune half/);
  });
});

describe('a question worded as a wish is offered, not asserted', () => {
  it.each([
    [
      'Would be nice to have an option to set the thinking budget_tokens per project in Claude Code settings',
      'thinking-max-tokens-not-greater-than-budget',
    ],
    [
      "I'd love to see the rate limit headers anthropic-ratelimit-tokens-remaining shown in the dashboard widget",
      'rate-limit-429-org-token-request-limits',
    ],
    [
      'It would be great if the docs explained why prompt caching shows zero cache reads on the second request',
      'cache-not-hit-zero-cache-read',
    ],
    [
      'It would be nice to have an option to configure the Bedrock inference profile ARN in the settings file instead of an env var',
      'bedrock-inference-profile-required',
    ],
  ])('%s', async (text, first) => {
    const outcome = ask(text, await realKb());
    expect(outcome.kind).toBe('question');
    if (outcome.kind !== 'question') return;
    expect(offTopicLogOdds(text)).toBeGreaterThan(0);
    expect(outcome.question.verdict).toBe('maybe');
    // The article the words fit best still comes first: only the confidence changes.
    expect(outcome.question.hits[0]?.article.id).toBe(first);
    expect(outcome.question.hits.length).toBeLessThanOrEqual(3);
  });

  it.each([
    ['my bedrock requests keep getting throttled with too many tokens even at low traffic, why?', 'bedrock-throttling-too-many-tokens'],
    ['Claude Code keeps asking me to log in again every morning, the oauth token seems to expire', 'oauth-token-expired-401'],
  ])('a failure asked about stays a confident answer: %s', async (text, id) => {
    const outcome = ask(text, await realKb());
    expect(outcome.kind === 'question' && outcome.question.verdict).toBe('known');
    expect(outcome.kind === 'question' && outcome.question.hits[0]?.article.id).toBe(id);
  });
});

describe('the evaluation scores a tune question with a model that never saw it', () => {
  // Three repositories in different folds: a word only one repository's off-topic rows use must carry no
  // weight when that repository's own rows are scored, and must carry weight for the other's.
  const repos = ['acme/one', 'acme/two', 'acme/three', 'acme/four', 'acme/five', 'acme/six', 'acme/seven', 'acme/eight'];
  const [a, b, c] = repos.filter((r, i) => repos.findIndex((x) => foldOf(x) === foldOf(r)) === i);
  const row = (id: string, text: string, kind: 'question' | 'off-topic', repo: string, split: 'tune' | 'check' = 'tune'): QuestionRow => ({
    id,
    text,
    expected: [],
    kind,
    repo,
    split,
    source: null,
  });
  const rows = [
    row('1', 'feature request: a quokka mode please', 'off-topic', a as string),
    row('2', 'feature request: quokka colours please', 'off-topic', a as string),
    row('3', 'feature request: add a setting please', 'off-topic', b as string),
    row('4', 'requests fail with a 500 error', 'question', b as string),
    row('5', 'every call fails with overloaded error', 'question', b as string),
    row('6', 'my calls fail with a 429 error', 'question', c as string),
  ];
  const oddsFor = crossFittedOdds(rows);
  const unseen = row('7', 'a question about quokka the model never saw', 'question', b as string);

  it('leaves the row’s own repository out of its model', () => {
    expect(a && b && c).toBeTruthy();
    const own = oddsFor(rows[0] as QuestionRow);
    const other = oddsFor(rows[2] as QuestionRow);
    expect(own('quokka') - own('')).toBe(0);
    expect(other('quokka') - other('')).toBeGreaterThan(0);
  });

  it('scores a row the model was not trained on with the shipped model', () => {
    expect(oddsFor(unseen)('quokka')).toBe(offTopicLogOdds('quokka'));
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { diagnose } from '../../src/core/diagnose.js';
import { type FeedbackByArticle, feedbackWeight, STRONG_SIGNATURE } from '../../src/core/feedback.js';
import type { KnowledgeBase } from '../../src/core/knowledge/index.js';
import { realKb } from '../helpers/kb.js';

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await realKb();
});

/** Strict diagnosis (an unprompted auto-reply) with this feedback on the paste's fingerprint. */
const withFeedback = (text: string, counts: FeedbackByArticle, minVoters = 3) =>
  diagnose(text, kb, { feedbackFactor: (_hash, id, ctx) => feedbackWeight(counts, id, ctx, { minVoters }) });

// A bare status line: the article matches on structure, no signature of it is in the paste.
const WEAK = 'Error: 529 Overloaded';
// The exact wording of an article's signature, with its exception class.
const STRONG = `anthropic.BadRequestError: Error code: 400 - {'type': 'error', 'error': {'type': 'invalid_request_error', 'message': 'prompt is too long: 203441 tokens > 200000 maximum'}}`;
const TWO_ARTICLES = 'anthropic.InternalServerError: Error code: 529 overloaded';

describe('feedback on the ranking (core/feedback.ts)', () => {
  it('votes move an answer only after enough distinct voters', () => {
    const plain = diagnose(WEAK, kb);
    expect(plain.matched).toBe(true);
    const id = plain.candidates[0]?.id as string;
    expect(withFeedback(WEAK, { [id]: { up: 0, down: 2 } }).matched).toBe(true);
    const three = withFeedback(WEAK, { [id]: { up: 0, down: 3 } });
    expect(three.matched).toBe(false);
    expect(three.confidence).toBeLessThan(plain.confidence);
    // A lower bar from configuration moves it sooner.
    expect(withFeedback(WEAK, { [id]: { up: 0, down: 2 } }, 2).matched).toBe(false);
    // Helpful voters cancel unhelpful ones.
    expect(withFeedback(WEAK, { [id]: { up: 2, down: 2 } }).confidence).toBe(plain.confidence);
  });

  it('never ranks a strong signature match below what the knowledge base alone says, however many vote it down', () => {
    const plain = diagnose(STRONG, kb);
    const top = plain.candidates[0];
    expect(top?.reasons.some((r) => r.kind === 'signature' && r.weight >= STRONG_SIGNATURE)).toBe(true);
    const voted = withFeedback(STRONG, { [top?.id as string]: { up: 0, down: 50 } });
    expect(voted.candidates[0]?.id).toBe(top?.id);
    expect(voted.confidence).toBe(plain.confidence);
  });

  it("a helper's correction outranks votes: away from an article pushes it down, to an article lifts it", () => {
    const plain = diagnose(TWO_ARTICLES, kb, { mode: 'lenient' });
    const [first, second] = plain.candidates.map((c) => c.id);
    expect(first && second).toBeTruthy();
    const counts: FeedbackByArticle = {
      [first as string]: { up: 5, down: 0, correctedFrom: 1 },
      [second as string]: { up: 0, down: 5, correctedTo: 1 },
    };
    const corrected = diagnose(TWO_ARTICLES, kb, {
      mode: 'lenient',
      feedbackFactor: (_hash, id, ctx) => feedbackWeight(counts, id, ctx),
    });
    expect(corrected.candidates[0]?.id).toBe(second);
    expect(corrected.confidence).toBeLessThanOrEqual(1);
    // Even a strong signature match gives way to a correction.
    const strongTop = diagnose(STRONG, kb).candidates[0]?.id as string;
    expect(withFeedback(STRONG, { [strongTop]: { up: 0, down: 0, correctedFrom: 1 } }).matched).toBe(false);
  });

  it('weights stay within their bounds', () => {
    expect(feedbackWeight({}, 'x', { signature: 0 })).toBe(1);
    expect(feedbackWeight({ x: { up: 0, down: 100 } }, 'x', { signature: 0 })).toBeGreaterThanOrEqual(0.3);
    expect(feedbackWeight({ x: { up: 0, down: 0, correctedTo: 10 } }, 'x', { signature: 0 })).toBeLessThanOrEqual(1.5);
    expect(feedbackWeight({ x: { up: 0, down: 0, correctedFrom: 10 } }, 'x', { signature: 1 })).toBeGreaterThan(0);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/core/knowledge/index.js';
import { realKb, signalsOf, strictTop as strictTopIn } from '../helpers/kb.js';

/**
 * Issue 12, class 2 (structure carries the answer): 529 is a status only Anthropic's API gives, for
 * overload. In a paste already tied to Anthropic it names the error type even when the word "overloaded"
 * is missing or the reason phrase is wrong. Pastes written for this test (none copied from an evaluation corpus).
 */

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await realKb();
});
const strictTop = (text: string) => strictTopIn(kb, text);

describe('529 in a paste tied to Anthropic', () => {
  it.each([
    '[Bug] Anthropic API Error: 529 Too Many Requests',
    '⎿  API Error (529) · Retrying in 8 seconds… (attempt 4/10)',
    'anthropic.APIStatusError: Error code: 529 (claude-sonnet-4-5, request req_011CZa8Qm3Lx7Tn2Wk5Hp9Vd)',
  ])('is an overload: %s', (text) => {
    expect(signalsOf(text).impliedErrorTypes).toContain('overloaded_error');
    expect(strictTop(text)).toBe('overloaded-529');
  });

  it('529 with nothing tying it to Anthropic implies nothing', () => {
    const text = 'upstream returned HTTP 529 Too Many Requests, retrying';
    expect(signalsOf(text).impliedErrorTypes).toEqual([]);
    expect(strictTop(text)).toBeUndefined();
  });

  it('529 beside another vendor’s model implies nothing', () => {
    const text = 'claude code router: gemini-2.5-pro answered 529 Too Many Requests';
    expect(signalsOf(text).impliedErrorTypes).toEqual([]);
  });
});

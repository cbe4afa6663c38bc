import { describe, expect, it } from 'vitest';
import { realKb, strictTop } from '../helpers/kb.js';

const top = async (text: string) => strictTop(await realKb(), text);

/**
 * Claude Code prints some errors in a few words ("Prompt is too long", "API Error: Rate limit reached")
 * that other software could print too, or that stand for more than one cause. They carry a confident
 * answer only with what tells them apart: Claude named beside them, or the 1M-context model in use.
 */
describe('Claude Code short wordings', () => {
  it.each([
    'claude code 又报 Prompt is too long 了，/compact 之后还是一样',
    'with Claude Sonnet in Zed: Prompt is too long. Is there a way to trim the thread?',
  ])('"Prompt is too long" with Claude named → prompt-too-long: %s', async (text) => {
    expect(await top(text)).toBe('prompt-too-long');
  });

  it.each(['Query or prefix prompt is too long, you can reduce the prefix prompt', 'Prompt is too long. Try a shorter question.'])(
    'without Claude named, or in lower case inside another sentence, no confident answer: %s',
    async (text) => {
      expect(await top(text)).toBeUndefined();
    },
  );

  it('"API Error: Rate limit reached" beside a [1m] model is the 1M-context gate', async () => {
    expect(await top('Model: opus[1m]\n> hi\n  ⎿  API Error: Rate limit reached')).toBe('long-context-1m-requires-access');
  });

  it('"API Error: Rate limit reached" alone is the 429 article, with the 1M gate not claimed', async () => {
    expect(await top('  ⎿  API Error: Rate limit reached')).toBe('cc-request-rejected-429-throttle');
  });

  it('other vendors\' "Rate limit reached" stays silent', async () => {
    expect(await top('429 Rate limit reached for gpt-4o in organization org-abc on tokens per min (TPM): Limit 30000')).toBeUndefined();
  });
});

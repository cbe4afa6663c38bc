import { beforeAll, describe, expect, it } from 'vitest';
import { diagnose } from '../../src/core/diagnose.js';
import type { KnowledgeBase } from '../../src/core/knowledge/index.js';
import { contentWords, fillsSlot, namedErrorSlots } from '../../src/core/named-error.js';
import { realKb, strictTop } from '../helpers/kb.js';

/**
 * Issue 12: errors named in words inside a sentence, when someone asks the bot. The sentence makes a slot
 * for the error's own words (quotes, or after "getting" / "the error" / "fails with"); a run of a
 * signature's words that fills the slot is a possible match even though the sentence around it is long.
 * The pastes below are real, from public issues that are in no evaluation corpus (checked by URL).
 */

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await realKb();
});

const askedTop3 = (text: string) =>
  diagnose(text, kb, { mode: 'lenient' })
    .candidates.slice(0, 3)
    .map((c) => c.id);

describe('slots where a sentence names its error', () => {
  it('reads quoted words and the words after a cue, up to where the sentence goes on', () => {
    const slots = namedErrorSlots('after a while i keep getting prompt is too long error from the agent sdk');
    expect(slots).toContainEqual(['prompt', 'too', 'long']);
    expect(namedErrorSlots('it gives a "prompt is too long" error.')).toContainEqual(['prompt', 'too', 'long']);
    expect(namedErrorSlots('i get a ‘credit balance too low’ warning')).toContainEqual(['credit', 'balance', 'too', 'low', 'warning']);
  });

  it('finds no slot in a message that names nothing', () => {
    expect(namedErrorSlots('thanks, that fixed it')).toEqual([]);
  });

  it('a run fills a slot when it covers it, or holds at least half of it', () => {
    const slots = [['prompt', 'too', 'long']];
    expect(fillsSlot(['prompt', 'too', 'long'], slots)).toBe(true);
    expect(fillsSlot(['prompt', 'too', 'long', '202128', 'token'], slots)).toBe(true);
    expect(fillsSlot(['widget', 'sprocket'], slots)).toBe(false);
    expect(fillsSlot(['too'], [['a', 'b', 'too', 'c']])).toBe(false);
  });

  it('drops the filler words typed fragments leave out, and splits a size from its glued unit', () => {
    expect(contentWords(['your', 'credit', 'balance', 'is', 'too', 'low'])).toEqual(['credit', 'balance', 'too', 'low']);
    expect(contentWords(['image', 'exceed', '5mb', 'maximum'])).toEqual(['image', 'exceed', '5', 'mb', 'maximum']);
  });
});

describe('real sentences naming an error in a slot (asked mode)', () => {
  it.each([
    // anthropics/claude-code#25867 ("prompt too long": the fragment without its "is")
    [
      'When hitting context limits, the automatic compact command fails with a "prompt too long" error, even with `CLAUDE_AUTOCOMPACT_PCT_OVERRIDE` set to `60`.',
      'prompt-too-long',
    ],
    // anthropics/claude-code#90442 (backticks are dropped by normalisation: the cue "got back with" finds it)
    ['when i gave him real task it got back with `Prompt is too long`', 'prompt-too-long'],
    // anthropics/claude-code#52583
    [
      'During an active multi-step agentic session, Claude Code throws a "Prompt too long" error well before the context window is actually full, in my case at approximately 85% context usage.',
      'prompt-too-long',
    ],
    // trommel108/claude-code#19 ("5mb" typed for the signature's "5 MB")
    [
      "I got image exceeds 5mb maximum error and now no matter what I do I can't make the chat do anything. Not even compact to start a new one.",
      'image-exceeds-5mb',
    ],
    // lbjlaq/Antigravity-Manager#464 (curly single quotes)
    [
      'all steps are completed, but when I try to ask a question on Claude, i get a ‘credit balance too low’ warning. where could the problem be?',
      'credit-balance-too-low',
    ],
  ])('%s', (text, id) => {
    expect(askedTop3(text)).toContain(id);
    // A possible match for someone who asked; never an unprompted answer.
    expect(diagnose(text, kb).matched).toBe(false);
  });

  // Claude Code's own short wording, written with its capital, beside Claude's name: answered unprompted too
  // (the prompt-too-long article's signature for it; test/core/claude-code-short-wordings.test.ts).
  it.each([
    // anthropics/claude-code#16697
    'In the Claude Visual Studio Code extension, if the plan file or prompt is too long, it gives a "Prompt is too long" error.',
    // anthropics/claude-code#46348
    'When context grows large, Claude Code returns "Prompt is too long" errors repeatedly instead of automatically compacting, and manual /compact was required to unblock work.',
  ])('%s', (text) => {
    expect(askedTop3(text)).toContain('prompt-too-long');
    expect(strictTop(kb, text)).toBe('prompt-too-long');
  });
});

describe('what a slot does not do', () => {
  it.each([
    'the checkout keeps returning "amount is too large for this card" when I pay',
    'the uploader keeps saying "file too large for this folder" on big videos',
    'my form says "value too large for column" when I save',
  ])('a common phrase in a slot, with no rare word of a signature, points at nothing: %s', (text) => {
    const d = diagnose(text, kb, { mode: 'lenient' });
    expect(d.candidates.flatMap((c) => c.reasons.filter((r) => r.kind === 'fragment'))).toEqual([]);
  });

  it('another vendor named in the sentence keeps its fragment out of the possible matches', () => {
    expect(askedTop3('Gemini keeps saying "prompt is too long" on every request')).not.toContain('prompt-too-long');
  });
});

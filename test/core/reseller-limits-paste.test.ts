import { beforeAll, describe, expect, it } from 'vitest';
import { diagnose } from '../../src/core/diagnose.js';
import type { KnowledgeBase } from '../../src/core/knowledge/index.js';
import { answeredUnprompted, realKb } from '../helpers/kb.js';

/**
 * Issue 12, class 3. Tools that resell Claude (GitHub Copilot, Windsurf, Antigravity…) meter it with limits of
 * their own, and their clients print the same "Too Many Requests" or rate-limit line the Anthropic API would.
 * When the words around the paste say the limit is the reseller's, no Anthropic rate-limit article explains it,
 * even though Claude is named as the model. The questions path already read it so; pastes now do too.
 * Pastes written for this test (none copied from a corpus).
 */

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await realKb();
});

const answered = (text: string) => answeredUnprompted(text, kb);

describe("a rate-limit paste whose words put the limit on a reseller's plan", () => {
  it.each([
    'Picked Claude Sonnet 4.5 in GitHub Copilot and after an hour every request fails:\n```\nAI_RetryError: Failed after 3 attempts. Last error: Too Many Requests\n```',
    'Using claude through github copilot chat, I keep hitting this: 429 {"type":"error","error":{"type":"rate_limit_error","message":"Rate limited"}}',
    'Copilot CLI with claude-opus-4.6 stops after a few prompts, my premium requests are used up:\nAPI Error: 429 {"type":"error","error":{"type":"rate_limit_error","message":"Rate limited"}}',
  ])('is not answered unprompted: %s', (text) => {
    expect(diagnose(text, kb).candidates.length).toBeGreaterThan(0);
    expect(answered(text)).toBe(false);
  });
});

describe('the same errors with the limit on Anthropic or a cloud account', () => {
  it.each([
    'My app calls Claude Sonnet 4.5 with the Vercel AI SDK and after an hour every request fails:\n```\nAI_RetryError: Failed after 3 attempts. Last error: Too Many Requests\n```',
    'Using claude with my own API key, I keep hitting this: 429 {"type":"error","error":{"type":"rate_limit_error","message":"This request would exceed your organization\'s rate limit of 30,000 input tokens per minute."}}',
  ])('is still answered: %s', (text) => {
    expect(answered(text)).toBe(true);
  });
});

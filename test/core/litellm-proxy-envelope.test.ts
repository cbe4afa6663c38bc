import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/core/knowledge/index.js';
import { realKb, signalsOf, strictTop as strictTopIn } from '../helpers/kb.js';

/**
 * Issue 12, classes 3 and 4. LiteLLM's proxy answers its Anthropic-format route in OpenAI's error envelope
 * ("param", "code"), so the envelope alone would read as another vendor's API. A message that names
 * Anthropic's own route or provider as an identifier (`anthropic_messages()`, `AnthropicException`) ties the
 * error to Claude, while the same envelope about OpenAI stays foreign.
 * Pastes written for this test (none copied from an evaluation corpus).
 */

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await realKb();
});
const strictTop = (text: string) => strictTopIn(kb, text);

describe("the proxy's Anthropic route in OpenAI's envelope", () => {
  it.each([
    `proxy returned 500: {"error":{"message":"anthropic_messages() missing 1 required positional argument: 'max_tokens'","type":"None","param":"None","code":"500"}}`,
    `litellm proxy /v1/messages -> {"error": {"message": "anthropic_messages() missing 1 required positional argument: 'max_tokens'", "type": "None", "param": "None", "code": "500"}}`,
  ])('is Claude’s request, missing max_tokens: %s', (text) => {
    expect(signalsOf(text).foreignModel).toBeNull();
    expect(strictTop(text)).toBe('required-field-missing');
  });
});

describe('the same envelope naming another provider', () => {
  it.each([
    '{"error":{"message":"litellm.RateLimitError: OpenAIException - You exceeded your current quota, please check your plan and billing details.","type":null,"param":null,"code":"429"}}',
    `{"error":{"message":"openai_chat() missing 1 required positional argument: 'max_tokens'","type":"None","param":"None","code":"500"}}`,
  ])('stays another vendor’s: %s', (text) => {
    expect(signalsOf(text).foreignModel).toBe('an OpenAI-compatible API');
    expect(strictTop(text)).toBeUndefined();
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { diagnose } from '../../src/core/diagnose.js';
import type { KnowledgeBase } from '../../src/core/knowledge/index.js';
import { realKb, signalsOf, strictTop as strictTopIn } from '../helpers/kb.js';

/**
 * Issue 12, classes 7 and 3. A signature of an article that is not marked `context_required` is wording
 * only Anthropic's API writes, so it needs no "Claude" beside it to be answered; wording any server writes
 * still does. And hosts that serve no Claude model, named as people and LangChain's classes write them,
 * count against every Claude article. Pastes written for this test (none copied from an evaluation corpus).
 */

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await realKb();
});
const strictTop = (text: string) => strictTopIn(kb, text);

describe("Anthropic's own wording, with nothing else naming Claude", () => {
  it.each([
    ['Credit balance is too low', 'credit-balance-too-low'],
    ['Error: This organization has been disabled', 'organization-disabled'],
    ['request rejected: Your credit balance is too low to access the API', 'credit-balance-too-low'],
  ])('is answered: %s', (text, id) => {
    const d = diagnose(text, kb);
    expect(d.signals.anthropicContext).toBe(false);
    expect(strictTop(text)).toBe(id);
    expect(d.candidates[0]?.reasons.some((r) => r.detail.startsWith('nothing in the paste points at Anthropic'))).toBe(false);
  });

  it('loses nothing when the paste does name Claude', () => {
    expect(strictTop('Claude says: Credit balance is too low')).toBe('credit-balance-too-low');
  });
});

describe('wording any server writes still needs something that points at Claude', () => {
  it.each([
    'upstream connect error or disconnect/reset before headers. reset reason: connection termination',
    'self signed certificate in certificate chain',
  ])('is not answered unprompted: %s', (text) => {
    const d = diagnose(text, kb);
    expect(d.matched).toBe(false);
    expect(d.candidates[0]?.reasons.some((r) => r.kind === 'contradiction' && r.detail.includes('not specific to Anthropic'))).toBe(true);
  });
});

describe('hosts that serve no Claude model', () => {
  it.each([
    ['APIError: 400 Extra inputs are not permitted, field: stream_options (ChatFireworks)', 'Fireworks AI'],
    ['fireworks.ai returned 400 Extra inputs are not permitted', 'Fireworks AI'],
    ['together.ai error: 429 rate limit exceeded for model meta-llama/Llama-3-70b-chat-hf', 'Together AI'],
    ['Grok API: 400 Extra inputs are not permitted', 'xAI (Grok)'],
    ['ChatXAI failed: Error code: 400 - Extra inputs are not permitted', 'xAI (Grok)'],
    ['moonshot api: Error: 400 Extra inputs are not permitted', 'Moonshot (Kimi)'],
    ['open.bigmodel.cn answered 400 Extra inputs are not permitted', 'Zhipu (GLM)'],
  ])('is another vendor, and gets no Claude article: %s', (text, vendor) => {
    expect(signalsOf(text).foreignVendor).toBe(vendor);
    expect(strictTop(text)).toBeUndefined();
  });

  it('Claude Code pointed at another model still shows Claude Code, so the vendor name is not read', () => {
    const text =
      '⎿ API Error: 400 {"type":"error","error":{"type":"invalid_request_error","message":"kimi-k2: Extra inputs are not permitted"}}';
    expect(signalsOf(text).anthropicContext).toBe(true);
    expect(signalsOf(text).foreignVendor).toBeNull();
  });

  it('the same words inside other words are not a vendor ("fireworksdisplay", "agrokit")', () => {
    expect(signalsOf('fireworksdisplay crashed: Extra inputs are not permitted').foreignVendor).toBeNull();
    expect(signalsOf('agrokit sync failed: Extra inputs are not permitted').foreignVendor).toBeNull();
  });
});

describe('Claude named with its version run on ("claude3", "claude35")', () => {
  it.each([
    'our relay in front of claude3 answers: {"error":{"message":"messages: roles must alternate between \\"user\\" and \\"assistant\\", but found multiple \\"user\\" roles in a row","type":"invalid_request_error","param":"","code":null}}',
    'claude35 via new-api: {"error":{"message":"messages: roles must alternate between \\"user\\" and \\"assistant\\", but found multiple \\"user\\" roles in a row","type":"invalid_request_error","param":null,"code":null}}',
  ])('ties an OpenAI-shaped relay body to Claude: %s', (text) => {
    expect(signalsOf(text).foreignModel).toBeNull();
    expect(strictTop(text)).toBe('messages-roles-must-alternate');
  });

  it('the same body naming no Claude is still read as an OpenAI-compatible API', () => {
    const text =
      'relay answers: {"error":{"message":"messages: roles must alternate between \\"user\\" and \\"assistant\\", but found multiple \\"user\\" roles in a row","type":"invalid_request_error","param":"","code":null}}';
    expect(signalsOf(text).foreignModel).not.toBeNull();
  });
});

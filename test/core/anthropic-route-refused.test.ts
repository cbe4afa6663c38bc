import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/core/knowledge/index.js';
import { realKb, signalsOf, strictTop as strictTopIn } from '../helpers/kb.js';

/**
 * Issue 12, classes 2 and 3. An error body in OpenAI's shape ("param", "code") marks another vendor's API,
 * except when what it refuses is Anthropic's own route: "Invalid URL (POST /v1/messages)" is an OpenAI-style
 * server or relay saying it does not serve the Messages API at that address, so the base URL is wrong.
 * Pastes written for this test (none copied from an evaluation corpus).
 */

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await realKb();
});
const strictTop = (text: string) => strictTopIn(kb, text);

describe('an OpenAI-style server refusing the Messages route', () => {
  it.each([
    'API Error: 404 {"error":{"message":"Invalid URL (POST /v1/messages)","type":"invalid_request_error","param":null,"code":null}}',
    'Error: 404 {"error":{"message":"Invalid URL (POST /v1/v1/messages)","type":"invalid_request_error","param":"","code":""}}\n    at AnthropicProvider.send (/srv/agent/dist/providers.js:88:13)',
    '请求失败 HTTP 404 invalid_request_error: {"error":{"message":"Invalid URL (POST /v1/messages)","type":"invalid_request_error","param":"","code":""}} 我的 base url 填的是中转地址',
  ])('is the base URL article, not another vendor: %s', (text) => {
    expect(signalsOf(text).foreignModel).toBeNull();
    expect(strictTop(text)).toBe('wrong-base-url-or-endpoint-path');
  });
});

describe('the same shape about any other route or error', () => {
  it.each([
    'Error from OpenAI: 404 {"error":{"message":"Invalid URL (POST /v1/chat/completions)","type":"invalid_request_error","param":null,"code":null}}',
    '400 {"error":{"message":"Unsupported parameter: top_k","type":"invalid_request_error","param":"top_k","code":null}}',
  ])('is still another vendor’s: %s', (text) => {
    expect(signalsOf(text).foreignModel).toBe('an OpenAI-compatible API');
    expect(strictTop(text)).toBeUndefined();
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/core/knowledge/index.js';
import { chooseByMessage, messageWords } from '../../src/core/message-choice.js';
import { normalise } from '../../src/core/normalize.js';
import { typedMessages } from '../../src/core/typed-message.js';
import { kbFrom, realKb, signalsOf, strictTop } from '../helpers/kb.js';

/**
 * An API error's type and message read as a pair, in every shape tools print them, and the message's own
 * words choosing among the articles that the status and type fit equally. Pastes written for this test.
 */

const pairsOf = (text: string) => typedMessages(normalise(text).flat);

describe('type and message read as a pair', () => {
  it.each([
    ['{"type":"error","error":{"type":"not_found_error","message":"Not Found"}}', 'not_found_error', 'Not Found'],
    [
      "anthropic.NotFoundError: Error code: 404 - {'type': 'error', 'error': {'type': 'not_found_error', 'message': 'model: claude-foo'}}",
      'not_found_error',
      'model: claude-foo',
    ],
    [
      'Error: 429 {"type":"error","error":{"type":"rate_limit_error","message":"Slow down please"},"request_id":"req_01x"}',
      'rate_limit_error',
      'Slow down please',
    ],
    ['2026-01-02T03:04:05Z WARN llm call failed status=529 type=overloaded_error message=Overloaded', 'overloaded_error', 'Overloaded'],
    ['HTTP 404 not_found_error: Not Found (request_id: req_0123)', 'not_found_error', 'Not Found'],
    [
      'Error: 429 {"type":"error","error":{"type":"rate_limit_error","message":"You\'ve hit this key\'s limit."}}',
      'rate_limit_error',
      "You've hit this key's limit",
    ],
    [
      "APIStatusError({'type': 'error', 'error': {'type': 'invalid_request_error', 'message': \"model's reply didn't fit\"}})",
      'invalid_request_error',
      "model's reply didn't fit",
    ],
    ['{\\"type\\":\\"not_found_error\\",\\"message\\":\\"Not Found\\"}', 'not_found_error', 'Not Found'],
    // Emacs gptel closes the status and the type in brackets before the message.
    ['gptel: ((HTTP/2 404) not_found_error) model: claude-sonnet-9-9', 'not_found_error', 'model: claude-sonnet-9-9'],
    ['Claude error: (((HTTP/2 529) overloaded_error) Overloaded)', 'overloaded_error', 'Overloaded'],
    ['span failed error.type=permission_error error.message="no access to this model"', 'permission_error', 'no access to this model'],
    [
      '{"error":{"message":"prompt is too long: 210000 tokens > 200000 maximum","type":"invalid_request_error"}}',
      'invalid_request_error',
      'prompt is too long: 210000 tokens > 200000 maximum',
    ],
  ])('%s', (text, type, message) => {
    expect(pairsOf(text)).toContainEqual({ type, message });
  });

  it('reads no pair from an error type named without a message, nor from another vendor’s code', () => {
    expect(pairsOf('we keep seeing rate_limit_error in the logs')).toEqual([]);
    expect(pairsOf('{"error":{"code":"context_length_exceeded","message":"too long"}}')).toEqual([]);
  });

  it('keeps the pair on the signals the ranker reads', () => {
    expect(signalsOf('status=404 type=not_found_error message="Not Found"').typedMessages).toEqual([
      { type: 'not_found_error', message: 'Not Found' },
    ]);
  });

  it('compares words with their endings cut and field names left out', () => {
    expect([...messageWords('Connections EXCEEDED your limits (type: rate_limit_error)')]).toEqual(['connection', 'exceed', 'limit']);
  });
});

describe('the message chooses among articles the fields fit equally', () => {
  const kb = kbFrom([
    { id: 'gone-model', http_status: 404, error_type: 'not_found_error', signatures: ['"message":"model: claude-'] },
    { id: 'bad-path', http_status: 404, error_type: 'not_found_error', signatures: ['not_found_error, message: Not Found'] },
    { id: 'too-many-open', http_status: 429, error_type: 'rate_limit_error', signatures: ['Too many connections are open at once'] },
    { id: 'per-minute', http_status: 429, error_type: 'rate_limit_error', signatures: ['Your tokens per minute budget is spent'] },
    { id: 'per-minute-too', http_status: 429, error_type: 'rate_limit_error', signatures: ['tokens per minute budget exhausted'] },
  ]);
  const pick = (ids: string[], type: string, message: string, pasteTypes = [type]) =>
    chooseByMessage(
      kb,
      kb.articles.filter((a) => ids.includes(a.id)),
      [{ type, message }],
      pasteTypes,
    )?.article.id ?? null;

  it('picks the article whose signature the message spells out', () => {
    expect(pick(['gone-model', 'bad-path'], 'not_found_error', 'Not Found')).toBe('bad-path');
    expect(pick(['gone-model', 'bad-path'], 'not_found_error', 'model: claude-nonexistent-1')).toBe('gone-model');
    expect(pick(['too-many-open', 'per-minute'], 'rate_limit_error', 'too many open connections at once for this key')).toBe(
      'too-many-open',
    );
  });

  it('picks nothing when the message says nothing, or fits two articles alike, or has another type', () => {
    expect(pick(['too-many-open', 'per-minute'], 'rate_limit_error', 'Rate limited')).toBeNull();
    expect(pick(['per-minute', 'per-minute-too'], 'rate_limit_error', 'tokens per minute budget used up')).toBeNull();
    expect(pick(['gone-model', 'bad-path'], 'invalid_request_error', 'Not Found', ['not_found_error'])).toBeNull();
  });
});

describe('on the real knowledge base', () => {
  let real: KnowledgeBase;
  beforeAll(async () => {
    real = await realKb();
  });

  it('answers a 404 whose message names no model with the wrong-URL article', () => {
    expect(strictTop(real, 'client: POST https://api.anthropic.com/messages -> 404 type=not_found_error message=Not Found')).toBe(
      'wrong-base-url-or-endpoint-path',
    );
  });

  it('answers a 404 whose message names the model with the model article', () => {
    expect(strictTop(real, 'anthropic call failed: status=404 type=not_found_error message="model: claude-sonnet-9-9"')).toBe(
      'model-not-found-404',
    );
  });

  it("answers the same 404 in gptel's brackets with the model article", () => {
    expect(strictTop(real, 'Claude error: ((HTTP/2 404) not_found_error) model: claude-sonnet-9-9')).toBe('model-not-found-404');
  });

  it('answers a 429 whose message is about connections in flight with the concurrency article', () => {
    const text =
      "ApiError('429', {'error': {'type': 'rate_limit_error', 'message': 'The number of concurrent connections exceeded your rate limit, retry shortly'}})";
    expect(strictTop(real, text)).toBe('rate-limit-429-concurrent-connections');
  });

  it('stays silent on a 429 whose message names none of the articles, and when another vendor’s model is named', () => {
    expect(strictTop(real, "ApiError('429', {'error': {'type': 'rate_limit_error', 'message': 'slow down'}})")).toBeUndefined();
    const body = '{"error":{"type":"rate_limit_error","message":"The number of concurrent connections exceeded your rate limit"}}';
    expect(strictTop(real, `litellm.RateLimitError: GroqException - ${body}`)).toBeUndefined();
    expect(strictTop(real, `OpenRouter error 429 from provider openai gpt-4o: ${body}`)).toBeUndefined();
  });
});

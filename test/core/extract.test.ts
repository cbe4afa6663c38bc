import { describe, expect, it } from 'vitest';
import { extractSignals } from '../../src/core/extract.js';
import { decodeInput, normalise } from '../../src/core/normalize.js';

function signalsOf(text: string) {
  const d = decodeInput(text);
  return extractSignals(normalise(d.text), d);
}

describe('normalisation of chat decoration', () => {
  it('decodes Slack entities and strips links, mentions, quotes and fences', () => {
    const n = normalise(
      '<@U0123ABC> help pls\n&gt; ```anthropic.BadRequestError: Error code: 400 - {&quot;type&quot;: &quot;error&quot;}```\n&gt; see <https://docs.claude.com/en/api/errors|the docs>',
    );
    expect(n.flat).toContain('anthropic.BadRequestError: Error code: 400 - {"type": "error"}');
    expect(n.flat).toContain('see https://docs.claude.com/en/api/errors');
    expect(n.flat).not.toContain('&gt;');
    expect(n.flat).not.toContain('<@U0123ABC>');
    expect(n.flat).not.toContain('```');
  });

  it('strips Discord markdown, mentions and custom emoji', () => {
    const n = normalise('<@!123456789012345678> **Error:** `RateLimitError` <:sadcat:987654321098765432>\n> quoted line');
    expect(n.flat).toBe('Error: RateLimitError quoted line');
  });

  it('removes ANSI colours, log prefixes and timestamps', () => {
    const n = normalise(
      '\u001b[31m2026-03-04T10:11:12.345Z ERROR [worker] \u001b[0mAPIStatusError: overloaded\n[12:01:02] WARNING:root: retrying\nERROR:anthropic._base_client:Retrying request',
    );
    expect(n.text.split('\n')[0]).toBe('[worker] APIStatusError: overloaded');
    expect(n.flat).toContain('Retrying request');
    expect(n.flat).not.toMatch(/\u001b|2026-03-04/);
  });

  it('joins hard-wrapped lines and unifies typographic punctuation', () => {
    const n = normalise('prompt is too long: 210000\n   tokens > 200000 maximum\nYou’ve hit your limit · resets 5pm');
    expect(n.lower).toContain('prompt is too long: 210000 tokens > 200000 maximum');
    expect(n.lower).toContain("you've hit your limit - resets 5pm");
  });

  it('unescapes JSON nested in a string', () => {
    const n = normalise(
      '{"responseBody":"{\\"type\\":\\"error\\",\\"error\\":{\\"type\\":\\"overloaded_error\\",\\"message\\":\\"Overloaded\\"}}"}',
    );
    expect(n.flat).toContain('{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}');
  });
});

describe('signal extraction by surface', () => {
  it('Python SDK traceback with a Python-dict body', () => {
    const s = signalsOf(`Traceback (most recent call last):
  File "/app/main.py", line 12, in <module>
    client.messages.create(model="claude-sonnet-4-5", max_tokens=64000, messages=msgs)
  File "/usr/lib/python3.12/site-packages/anthropic/_base_client.py", line 1061, in request
    raise self._make_status_error_from_response(err.response) from None
anthropic.BadRequestError: Error code: 400 - {'type': 'error', 'error': {'type': 'invalid_request_error', 'message': "messages.1: tool_use ids were found without tool_result blocks immediately after: toolu_01AbCdEfGhIjKlMnOpQrStUv"}, 'request_id': 'req_011CXyZaBcDeFgHiJkLmNoPq'}`);
    expect(s.httpStatuses).toContain(400);
    expect(s.errorTypes).toEqual(['invalid_request_error']);
    expect(s.exceptions).toContain('anthropic.BadRequestError');
    expect(s.surfaces).toContain('python-sdk');
    expect(s.providers).toContain('anthropic');
    expect(s.requestIds).toEqual(['req_011CXyZaBcDeFgHiJkLmNoPq']);
    expect(s.modelIds).toContain('claude-sonnet-4-5');
    expect(s.primaryMessage).toMatch(/^messages\.1: tool_use ids were found/);
  });

  it('TypeScript SDK stack with version in the path', () => {
    const s =
      signalsOf(`InternalServerError: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_011CAbCdEfGhIjKlMnOpQrSt"}
    at APIError.generate (file:///srv/app/node_modules/.pnpm/@anthropic-ai+sdk@0.52.0/node_modules/@anthropic-ai/sdk/core/error.mjs:62:20)
    at Anthropic.makeStatusError (file:///srv/app/node_modules/@anthropic-ai/sdk/client.mjs:311:29)
  "@anthropic-ai/sdk": "0.52.0"`);
    expect(s.httpStatuses).toContain(529);
    expect(s.errorTypes).toEqual(['overloaded_error']);
    expect(s.exceptions).toContain('InternalServerError');
    expect(s.surfaces).toContain('typescript-sdk');
    expect(s.sdkVersions['typescript-sdk']).toBe('0.52.0');
    // "Overloaded" alone says little, so the exception line is the primary message.
    expect(s.primaryMessage).toMatch(/^InternalServerError: 529 .*overloaded_error/);
  });

  it('Claude Code API Error line', () => {
    const s = signalsOf(
      '  ⎿  API Error: 400 {"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 204312 tokens > 200000 maximum"}}\n\nClaude Code v2.0.14',
    );
    expect(s.surfaces).toContain('claude-code');
    expect(s.sdkVersions['claude-code']).toBe('2.0.14');
    expect(s.httpStatuses).toContain(400);
    expect(s.anthropicContext).toBe(true);
  });

  it('AWS Bedrock botocore error', () => {
    const s = signalsOf(
      'botocore.errorfactory.ValidationException: An error occurred (ValidationException) when calling the InvokeModel operation: Invocation of model ID anthropic.claude-3-7-sonnet-20250219-v1:0 with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.',
    );
    expect(s.providers).toContain('bedrock');
    expect(s.surfaces).toContain('aws-sdk');
    expect(s.errorTypes).toContain('ValidationException');
    expect(s.exceptions).toContain('botocore.errorfactory.ValidationException');
    expect(s.modelIds).toContain('anthropic.claude-3-7-sonnet-20250219-v1:0');
    expect(s.primaryMessage).toMatch(/^Invocation of model ID/);
  });

  it('Google Vertex error', () => {
    const s =
      signalsOf(`google.api_core.exceptions.NotFound: 404 Publisher Model \`projects/my-proj/locations/us-east5/publishers/anthropic/models/claude-opus-4@20250514\` not found.
{"error": {"code": 404, "status": "NOT_FOUND"}}`);
    expect(s.providers).toContain('vertex');
    expect(s.errorTypes).toContain('NOT_FOUND');
    expect(s.exceptions).toContain('NotFound');
    expect(s.httpStatuses).toContain(404);
    expect(s.modelIds).toContain('claude-opus-4@20250514');
    expect(s.surfaces).toContain('google-sdk');
  });

  it('LangChain, LiteLLM and Vercel AI SDK wrappers', () => {
    const lc = signalsOf('langchain_anthropic==0.3.10\nanthropic.RateLimitError: Error code: 429 - rate_limit_error from ChatAnthropic');
    expect(lc.surfaces).toEqual(expect.arrayContaining(['langchain', 'python-sdk']));
    expect(lc.sdkVersions.langchain).toBe('0.3.10');
    expect(lc.httpStatuses).toContain(429);

    const ll = signalsOf(
      'litellm.exceptions.RateLimitError: litellm.RateLimitError: AnthropicException - {"type":"error","error":{"type":"rate_limit_error","message":"Number of concurrent connections has exceeded your rate limit."}} LiteLLM Version: 1.61.3',
    );
    expect(ll.surfaces).toContain('litellm');
    expect(ll.providers).toContain('gateway');
    expect(ll.errorTypes).toContain('rate_limit_error');
    expect(ll.exceptions).toContain('litellm.exceptions.RateLimitError');

    const v = signalsOf(
      `AI_APICallError: Overloaded\n    at file:///app/node_modules/@ai-sdk/provider-utils/dist/index.mjs:812:14 {\n  statusCode: 529,\n  responseBody: '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',\n  isRetryable: true\n}\n"@ai-sdk/anthropic": "2.0.9"`,
    );
    expect(v.surfaces).toContain('vercel-ai-sdk');
    expect(v.exceptions).toContain('AI_APICallError');
    expect(v.httpStatuses).toContain(529);
    expect(v.errorTypes).toContain('overloaded_error');
    expect(v.sdkVersions['vercel-ai-sdk']).toBe('2.0.9');
  });

  it('raw HTTP (curl) response', () => {
    const s = signalsOf(`$ curl https://api.anthropic.com/v1/messages -H "anthropic-version: 2023-06-01" ...
HTTP/2 401
request-id: req_011CQwErTyUiOpAsDfGhJkLz
{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"},"request_id":"req_011CQwErTyUiOpAsDfGhJkLz"}`);
    expect(s.surfaces).toContain('raw-http');
    expect(s.httpStatuses).toContain(401);
    expect(s.errorTypes).toEqual(['authentication_error']);
    expect(s.primaryMessage).toBe('invalid x-api-key');
  });

  it('Python SDK version from pip output and text in another language around the error', () => {
    const s = signalsOf(
      "请帮忙看看这个错误，谢谢！\nanthropic==0.49.0\nanthropic.AuthenticationError: Error code: 401 - {'type': 'error', 'error': {'type': 'authentication_error', 'message': 'invalid x-api-key'}}\n昨天还好好的",
    );
    expect(s.sdkVersions['python-sdk']).toBe('0.49.0');
    expect(s.errorTypes).toEqual(['authentication_error']);
    expect(s.primaryMessage).toBe('invalid x-api-key');
  });

  it('recognises another vendor and plain chat', () => {
    const openai = signalsOf(
      'openai.RateLimitError: Error code: 429 - Rate limit reached for gpt-4o in organization org-abc on tokens per min (TPM)',
    );
    expect(openai.anthropicContext).toBe(false);
    expect(openai.foreignVendor).toBe('OpenAI');

    const chat = signalsOf('thanks! that fixed it, have a nice weekend 🎉');
    expect(chat.looksLikeError).toBe(false);
    expect(chat.httpStatuses).toEqual([]);
  });
});

describe('hard-wrap repair', () => {
  it('joins lines cut at a fixed terminal width, even mid-word', async () => {
    const { unwrapHardWraps } = await import('../../src/core/normalize.js');
    const line = `anthropic.BadRequestError: Error code: 400 - {'type': 'error', 'error': {'type': 'invalid_request_error', 'message': 'messages: roles must alternate between "user" and "assistant"'}}`;
    const wrapped = line.replace(/[^\n]{80}/g, (m) => `${m}\n`);
    expect(wrapped.split('\n').length).toBeGreaterThan(2);
    expect(unwrapHardWraps(`Traceback:\n${wrapped}\ndone`)).toBe(`Traceback:\n${line}\ndone`);
  });

  it('leaves ordinary text alone', async () => {
    const { unwrapHardWraps } = await import('../../src/core/normalize.js');
    const text = 'first line of a normal message that is fairly long but not wrapped\nsecond line\nthird one';
    expect(unwrapHardWraps(text)).toBe(text);
  });

  it('does not take the last line for a wrap width: a word-wrapped paste ending on a line as long as one before it keeps its breaks', async () => {
    const { unwrapHardWraps } = await import('../../src/core/normalize.js');
    const lines = [
      "anthropic.BadRequestError: Error code: 400 - {'type': 'error', 'error': {'type':",
      "'invalid_request_error', 'message': 'max_tokens: 90000 > 64000, which is the maximum",
      "allowed number of output tokens for claude-sonnet-4-5-20250929'}} in the nightly job",
    ];
    expect(lines[1]?.length).toBe(lines[2]?.length);
    const text = lines.join('\n');
    expect(unwrapHardWraps(text)).toBe(text);
    // Through the whole normaliser the break becomes a space, not a join: "maximum allowed".
    const { normalise } = await import('../../src/core/normalize.js');
    expect(normalise(text).flat).toContain('which is the maximum allowed number of output tokens');
  });
});

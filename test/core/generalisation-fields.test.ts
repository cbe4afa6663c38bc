import { beforeAll, describe, expect, it } from 'vitest';
import { diagnose } from '../../src/core/diagnose.js';
import type { KnowledgeBase } from '../../src/core/knowledge/index.js';
import { canonicalWords } from '../../src/core/knowledge/index.js';
import { realKb, signalsOf, strictTop as strictTopIn } from '../helpers/kb.js';

/**
 * Classes of issue 12 that the engine now generalises over, each shown on pastes written for this test
 * in the shapes tools print (none copied from an evaluation corpus).
 */

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await realKb();
});

const strictTop = (text: string) => strictTopIn(kb, text);

describe('statuses written the ways servers, proxies and Claude Code print them', () => {
  it.each([
    ['  ⎿  API Error (api.anthropic.com | 504: Gateway time-out) · Retrying in 8 seconds… (attempt 5/10)', 504],
    ['API Error (my-proxy.internal | 502 Bad Gateway) · Retrying in 1 seconds…', 502],
    ['upstream answered 405 Method Not Allowed', 405],
    ['nginx: 404 page not found', 404],
    ['503 upstream connect error or disconnect/reset before headers', 503],
    ['stream opened with 200 OK, then an error event arrived', 200],
  ])('%s', (text, status) => {
    expect(signalsOf(text).httpStatuses).toContain(status);
  });

  it('does not read a number at the start of a line as a status when no error follows', () => {
    expect(signalsOf('404 files copied to the bucket').httpStatuses).toEqual([]);
  });

  it('answers a Claude Code retry line whose status sits behind the host', () => {
    expect(strictTop('  ⎿  API Error (api.anthropic.com | 504: Gateway time-out) · Retrying in 8 seconds… (attempt 5/10)')).toBe(
      'timeout-error-504',
    );
  });

  it('reads a status that opens a line on Vertex as a Google code too', () => {
    expect(strictTop('Vertex AI call failed:\n404 Publisher Model is not found in project acme-dev (us-east5)')).toBe(
      'vertex-publisher-model-not-found-404',
    );
  });

  it('sees an error in a phrase that overlaps a longer hint', () => {
    expect(signalsOf('Weekly limit reached · resets 9am').looksLikeError).toBe(true);
  });
});

describe('an explicit error type without a status is narrowed by the status it implies', () => {
  it.each([
    ["event stream failed: {'type': 'error', 'error': {'type': 'overloaded_error', 'message': 'Servers are busy'}}", 'overloaded-529'],
    [
      'WARN retrying call: {"type":"error","error":{"type":"api_error","message":"Internal error, please retry"}}',
      'api-error-500-internal-server-error',
    ],
    [
      'the SSE stream came back 200 OK and then: {"type":"error","error":{"type":"overloaded_error","message":"Busy"}}',
      'stream-midstream-error-event-status-200',
    ],
  ])('%s', (text, id) => {
    expect(strictTop(text)).toBe(id);
  });

  it('stays unsure when the implied status still fits several articles', () => {
    expect(strictTop('{"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}')).toBeUndefined();
  });
});

describe('Claude Code articles fit by fields only when the paste shows Claude Code', () => {
  it('does not send a bare Vertex 404 to the Claude Code model-picker article', () => {
    const ids = diagnose('Vertex AI returned 404 Not Found for my request', kb, { mode: 'lenient' }).candidates.map((c) => c.id);
    expect(ids).not.toContain('cc-selected-model-unavailable');
  });
});

describe('signature wording that drifts in word endings and punctuation', () => {
  it('canonical words drop punctuation and plural or third-person endings', () => {
    expect(canonicalWords('The maximum tokens you requested exceeds the limit')).toBe(
      canonicalWords('the maximum token you requested exceed the limit'),
    );
    expect(canonicalWords('anthropic-version: header')).toBe('anthropic version header');
  });

  it.each([
    ['ValueError: The maximum tokens you requested exceed the model limit of 8192', 'max-tokens-exceeds-model-output-limit'],
    ['Error from Anthropic: anthropic-version header is required', 'raw-http-missing-required-headers'],
    ['proxy error 400: "anthropic-version header is required"', 'raw-http-missing-required-headers'],
  ])('%s', (text, id) => {
    expect(strictTop(text)).toBe(id);
  });

  it('does not close a gap that a pattern signature leaves open', () => {
    // The article's pattern wants details between "Malformed input request:" and "please reformat";
    // the same words side by side are Bedrock's generic message for any model.
    const d = diagnose('Error: Malformed input request, please reformat your input and try again.', kb, { mode: 'lenient' });
    const details = d.candidates.flatMap((c) => c.reasons.map((r) => r.detail));
    expect(details.join(' ')).not.toMatch(/same words/);
  });
});

describe('shared-platform errors about Claude’s own request need the paste to show Claude', () => {
  const generic =
    'botocore.errorfactory.ValidationException: An error occurred (ValidationException) when calling the InvokeModel operation: Malformed input request: 3 schema violations found, please reformat your input and try again.';

  it('stays silent on Bedrock’s generic schema error when no Claude model is named', () => {
    expect(strictTop(generic)).toBeUndefined();
    expect(diagnose(generic, kb, { mode: 'lenient' }).candidates[0]?.id).toBe('bedrock-malformed-input-request');
  });

  it.each([
    generic.replace('InvokeModel operation', 'InvokeModel operation with modelId=anthropic.claude-3-haiku-20240307-v1:0'),
    'ValidationException: Malformed input request: #: required key [anthropic_version] not found, please reformat your input and try again.',
    `${generic}\n(using Claude 3.5 Sonnet through our Bedrock wrapper)`,
  ])('answers when the paste shows Claude: %s', (text) => {
    expect(strictTop(text)).toBe('bedrock-malformed-input-request');
  });
});

describe('short lines and sentences when someone asks: a run of a signature’s words', () => {
  const askedTop3 = (text: string) =>
    diagnose(text, kb, { mode: 'lenient' })
      .candidates.slice(0, 3)
      .map((c) => c.id);

  it.each([
    ['prompt is too long', 'prompt-too-long'],
    ['agent stopped again: Prompt is too long', 'prompt-too-long'],
    ['Weekly limit reached · resets 9am', 'cc-usage-limit-reached'],
    ['proxy says invalid beta flag', 'anthropic-beta-header-unexpected-value'],
  ])('%s', (text, id) => {
    expect(askedTop3(text)).toContain(id);
  });

  it('does not take a common phrase inside a longer unknown message for a fragment', () => {
    const text = 'Error 400 from the API: "sprocket depth 9 is not allowed for this widget"';
    expect(diagnose(text, kb, { mode: 'lenient' }).candidates.flatMap((c) => c.reasons.filter((r) => r.kind === 'fragment'))).toEqual([]);
  });

  it('never turns a fragment into an auto-reply', () => {
    expect(strictTop('prompt is too long')).toBeUndefined();
  });

  it.each(['how do I make pasta', 'the build failed again lol', 'is the limit on the free plan per day?'])(
    'finds nothing in chat without a signature’s words: %s',
    (text) => {
      expect(diagnose(text, kb, { mode: 'lenient' }).candidates).toEqual([]);
    },
  );
});

describe('the Messages API streaming vocabulary is Anthropic context', () => {
  it.each([
    'SyntaxError: Unexpected end of JSON input while reading chunk: event: content_block_delta data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel',
    'proxy dropped the stream after content_block_start, then: Error: terminated',
    'chunk parse failed on input_json_delta: Unterminated string in JSON at position 4096',
  ])('%s', (text) => {
    expect(signalsOf(text).anthropicContext).toBe(true);
  });

  it('does not read OpenAI stream chunks as Anthropic', () => {
    expect(signalsOf('stream error at chat.completion.chunk: Unexpected end of JSON input').anthropicContext).toBe(false);
  });
});

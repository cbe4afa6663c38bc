import { beforeAll, describe, expect, it } from 'vitest';
import { diagnose } from '../../src/core/diagnose.js';
import type { KnowledgeBase } from '../../src/core/knowledge/index.js';
import { closeWrapGaps, normalise } from '../../src/core/normalize.js';
import { askedTop3 as askedTop3In, realKb, strictTop as strictTopIn } from '../helpers/kb.js';

/**
 * One block per class of failure the engine generalises over (issue 12). Every paste here was written for
 * this test in the shape real tools print; none is copied from an evaluation corpus.
 */

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await realKb();
});

const strictTop = (text: string) => strictTopIn(kb, text);
const askedTop3 = (text: string) => askedTop3In(kb, text);

describe('structural evidence carries an answer when it selects one article', () => {
  it.each([
    ['API Error (api.anthropic.com | 529 Overloaded) · Retrying in 4 seconds… (attempt 3/10)', 'overloaded-529'],
    [
      '  ⎿  API Error (api.anthropic.com | 500 Internal server error) · Retrying in 2 seconds… (attempt 2/10)',
      'api-error-500-internal-server-error',
    ],
    ['status=529 body={"type":"error","error":{"type":"overloaded_error","message":"Service is busy, try later"}}', 'overloaded-529'],
    ['HTTP 504 {"type":"error","error":{"type":"timeout_error","message":"The upstream request took too long"}}', 'timeout-error-504'],
    ['529 Overloaded', 'overloaded-529'],
    // The status with the reason in the user's own words ("overload", not the API's "Overloaded").
    ['keep hitting 529 overload errors on every retry', 'overloaded-529'],
  ])('%s', (text, id) => {
    expect(strictTop(text)).toBe(id);
  });

  it('stays below the strict threshold when the fields fit several articles', () => {
    const d = diagnose('HTTP 404 {"type":"error","error":{"type":"not_found_error","message":"nothing here"}}', kb);
    expect(d.matched).toBe(false);
    expect(
      diagnose('HTTP 404 {"type":"error","error":{"type":"not_found_error","message":"nothing here"}}', kb, { mode: 'lenient' }).candidates
        .length,
    ).toBeGreaterThan(1);
  });

  it('does not answer a cloud error code alone when nothing shows the model was Claude', () => {
    const quota =
      '{"error": {"code": 429, "message": "Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model", "status": "RESOURCE_EXHAUSTED"}}';
    expect(diagnose(quota, kb).candidates[0]?.reasons.some((r) => r.kind === 'structure' && r.weight >= 0.7)).not.toBe(true);
  });
});

describe("another vendor's model contradicts every Claude article", () => {
  it.each([
    'botocore.errorfactory.ValidationException: An error occurred (ValidationException) when calling the InvokeModel operation: The provided model identifier is invalid. modelId=cohere.command-r-plus-v1:0',
    'ValidationException: Malformed input request: #: required key [inputText] not found, please reformat your input and try again. (model amazon.titan-text-premier-v1:0)',
    'google.api_core.exceptions.PermissionDenied: 403 Permission denied on resource projects/acme/locations/us-east5/publishers/google/models/gemini-1.5-flash-002 (or it may not exist).',
    'Error code: 400 - {"error":{"message":"max_tokens is too large: 9000. This model supports at most 4096 completion tokens","type":"invalid_request_error","param":"max_tokens","code":null}}',
    'ThrottlingException: Too many requests, please wait before trying again. model: meta.llama3-70b-instruct-v1:0',
    'ValidationException: Malformed input request: #: extraneous key [anthropic_version] is not permitted, please reformat your input and try again.',
  ])('stays silent: %s', (text) => {
    const d = diagnose(text, kb);
    expect(d.matched).toBe(false);
    const asked = diagnose(text, kb, { mode: 'lenient' });
    expect(asked.matched).toBe(false);
    expect(asked.notes.join(' ')).toMatch(/not from Claude/);
  });

  it('a Claude model under the wrong publisher is still a Claude error', () => {
    const d = diagnose(
      'NotFound: 404 Publisher Model `projects/acme/locations/us-east5/publishers/google/models/claude-sonnet-4@20250514` was not found',
      kb,
    );
    expect(d.signals.foreignModel).toBeNull();
  });
});

describe('short lines and errors inside a sentence get candidates when someone asks', () => {
  it.each([
    ['keep getting overloaded_error since this morning, is it just me?', 'overloaded-529'],
    ['Connection error.', 'sdk-connection-error'],
    ['our batch job died with "Request timed out." twice tonight', 'sdk-request-timeout-or-aborted'],
    ['413 request_too_large', 'request-too-large-413'],
    ['hey, any idea why I get 529 overloaded from the api?', 'overloaded-529'],
  ])('%s', (text, id) => {
    expect(askedTop3(text)).toContain(id);
  });

  it('a Claude Code prefix stands in for the exception class', () => {
    expect(strictTop('  ⎿  API Error: Request was aborted.')).toBe('sdk-request-timeout-or-aborted');
    expect(strictTop('API Error (Request timed out.) · Retrying in 8 seconds… (attempt 4/10)')).toBe('sdk-request-timeout-or-aborted');
  });
});

describe('wrappers and serialisations are decoded', () => {
  it('reads an AWS SDK v3 error serialised as JSON', () => {
    const text = JSON.stringify({
      name: 'ServiceUnavailableException',
      $fault: 'server',
      $metadata: { httpStatusCode: 503, requestId: '3f2a9c1e-0b7d-4c55-9e21-5d8f6a7b0c12', attempts: 3 },
      message: 'Bedrock is unable to process your request.',
    });
    const d = diagnose(text, kb);
    expect(d.signals.httpStatuses).toContain(503);
    expect(d.signals.errorTypes).toContain('ServiceUnavailableException');
    expect(d.candidates[0]?.id).toBe('bedrock-service-unavailable-model-stream-error');
  });

  it('reads a LiteLLM body printed as a Python bytes literal', () => {
    const text =
      'litellm.exceptions.InternalServerError: AnthropicException - b\'{\\n  "type": "error",\\n  "error": {\\n    "type": "overloaded_error",\\n    "message": "Overloaded"\\n  }\\n}\'';
    expect(askedTop3(text)[0]).toBe('overloaded-529');
  });

  it('reads boto3 messages for the operation wrapper', () => {
    const text =
      'An error occurred (ServiceUnavailableException) when calling the ConverseStream operation (reached max retries: 4): Too many connections, please wait before trying again.';
    expect(strictTop(`${text} model=us.anthropic.claude-sonnet-4-20250514-v1:0`)).toBe('bedrock-service-unavailable-model-stream-error');
  });

  it('matches a message cut off where the paste ends', () => {
    const text =
      'API Error: 400 {"type":"error","error":{"type":"invalid_request_error","message":"tools.4.custom.input_schema: input_schema does not support oneOf, allOf, or any';
    expect(strictTop(text)).toBe('tool-input-schema-top-level-combinators');
  });
});

describe('text in other languages around an English error', () => {
  it.each([
    ['调用接口时报错：\n{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n请问怎么解决？', 'overloaded-529'],
    ['エラーが出ました（529）：{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}', 'overloaded-529'],
    [
      '실행하면 이 오류가 납니다: anthropic.AuthenticationError: Error code: 401 - {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}',
      'invalid-api-key-401',
    ],
  ])('%s', (text, id) => {
    expect(strictTop(text)).toBe(id);
  });

  it('maps full-width punctuation to ASCII', () => {
    expect(normalise('错误：（429）rate_limit_error').flat).toBe('错误:(429)rate_limit_error');
  });
});

describe('terminal wrap artefacts', () => {
  it('closes a run of spaces inside a quoted token or an identifier', () => {
    expect(closeWrapGaps('"type":"overload     ed_error"')).toBe('"type":"overloaded_error"');
    expect(closeWrapGaps('request req_011CaB2c     D3eF4gH5iJ6kL7')).toBe('request req_011CaB2cD3eF4gH5iJ6kL7');
    expect(closeWrapGaps('raise RateLimit     Error')).toBe('raise RateLimit     Error');
    expect(closeWrapGaps('status_code     429')).toBe('status_code     429');
  });

  it('finds the error behind a wrapped pane', () => {
    const text =
      '  ⎿  API Error: 529 {"type":"error","error":{"type":"overloa     ded_error","message":"Overloaded"},"request_id":"req_011C     aZ9y8X7w6V5u4T3s"}';
    expect(strictTop(text)).toBe('overloaded-529');
  });
});

describe('confidence on unambiguous pastes', () => {
  it.each([
    ['Error: 413 request_too_large', 'request-too-large-413'],
    ['401 {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}', 'invalid-api-key-401'],
    [
      '{"type":"error","error":{"type":"permission_error","message":"Your API key does not have permission to use the specified resource."}}',
      'permission-denied-403',
    ],
  ])('%s', (text, id) => {
    expect(strictTop(text)).toBe(id);
  });
});

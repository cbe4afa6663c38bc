import { beforeAll, describe, expect, it } from 'vitest';
import { diagnose } from '../../src/core/diagnose.js';
import type { KnowledgeBase } from '../../src/core/knowledge/index.js';
import { normalise } from '../../src/core/normalize.js';
import { realKb, signalsOf, strictTop as strictTopIn } from '../helpers/kb.js';

/**
 * Issue 12, second pass: mechanisms for shared platforms, wrappers and prefixes, each shown on pastes
 * written for this test in the shapes the tools print (none copied from an evaluation corpus).
 */

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await realKb();
});

const strictTop = (text: string) => strictTopIn(kb, text);

describe('another model family named in words on Bedrock or Vertex', () => {
  it.each([
    "We use Nova Pro from the console. An error occurred (AccessDeniedException) when calling the Converse operation: You don't have access to the model with the specified model ID.",
    'Switched our Bedrock agent to Llama 3.1 70B and now: ValidationException: Malformed input request: 2 schema violations found, please reformat your input and try again.',
    'Titan Text Express on Bedrock keeps failing with ThrottlingException: Too many requests, please wait before trying again.',
    'Mistral Large via bedrock-runtime InvokeModel -> ValidationException: The model returned the following errors: invalid input',
  ])('is not answered with a Claude article: %s', (text) => {
    expect(signalsOf(text).foreignModel).not.toBeNull();
    expect(strictTop(text)).toBeUndefined();
  });

  it('still answers when Claude is named beside the other family', () => {
    const text =
      "Llama worked, but with Claude 3.5 Sonnet on Bedrock: An error occurred (AccessDeniedException) when calling the InvokeModel operation: You don't have access to the model with the specified model ID.";
    expect(signalsOf(text).foreignModel).toBeNull();
    expect(strictTop(text)).toBe('bedrock-access-denied-model-access');
  });

  it('does not read family names in words off the shared platforms', () => {
    expect(signalsOf('Error: Connection error. (our service is called Nova Pro)').foreignModel).toBeNull();
  });
});

describe('an embedding call is never a Claude model (Anthropic serves no embeddings)', () => {
  it.each([
    // The shape of LangChain's BedrockEmbeddings / SageMaker embeddings wrapper (its ValueError text, filled in).
    "ValueError: Error raised by inference endpoint: An error occurred (AccessDeniedException) when calling the InvokeModel operation: You don't have access to the model with the specified model ID.",
    'ERROR indexer: Bedrock error for embedding: ThrottlingException - Too many requests, please wait before trying again.',
    '  File "rag/ingest.py", line 40, in ingest\n    vectors = embedder.embed_documents(chunks)\nbotocore.errorfactory.ValidationException: An error occurred (ValidationException) when calling the InvokeModel operation: Malformed input request',
    'Request failed while computing embeddings on Vertex: 429 RESOURCE_EXHAUSTED Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model',
  ])('is not answered with a Claude article: %s', (text) => {
    expect(signalsOf(text).foreignModel).toMatch(/embedding/);
    expect(strictTop(text)).toBeUndefined();
  });

  it('still answers the Claude call of an app that also embeds, when Claude is named', () => {
    const text =
      "The embedding model is fine; the Claude 3.5 Sonnet call fails: An error occurred (AccessDeniedException) when calling the InvokeModel operation: You don't have access to the model with the specified model ID.";
    expect(signalsOf(text).foreignModel).toBeNull();
    expect(strictTop(text)).toBe('bedrock-access-denied-model-access');
  });
});

describe('a wording only the platform prints puts the paste on that platform', () => {
  it.each([
    // The Python AnthropicBedrock client prints Bedrock's own message inside the SDK's exception classes.
    [
      `anthropic.PermissionDeniedError: Error code: 403 - {'message': "You don't have access to the model with the specified model ID."}`,
      'bedrock-access-denied-model-access',
    ],
    [
      `anthropic.BadRequestError: Error code: 400 - {'message': 'The provided model identifier is invalid.'}`,
      'bedrock-invalid-model-identifier',
    ],
  ])('reads Bedrock in its wording even under an anthropic.* exception: %s', (text, id) => {
    expect(signalsOf(text).providers).toContain('bedrock');
    expect(diagnose(text, kb, { mode: 'lenient' }).candidates[0]?.id).toBe(id);
  });

  it.each([
    // A Rust SDK dump: no "bedrock" or "InvokeModel" word, but Bedrock's own schema message.
    'client error: ServiceError { source: ValidationException { message: Some("Malformed input request: #/toolConfig/tools/0/toolSpec: extraneous key [examples] is not permitted, please reformat your input and try again.") } }',
    'ValidationException: Malformed input request: 4 schema violations found, please reformat your input and try again.',
  ])('needs the paste to show Claude before an auto-reply: %s', (text) => {
    expect(strictTop(text)).toBeUndefined();
    expect(diagnose(text, kb, { mode: 'lenient' }).candidates[0]?.id).toBe('bedrock-malformed-input-request');
  });
});

describe('the bare "Error: " prefix of older TypeScript SDK errors stands in for the class', () => {
  it.each([
    [
      '[{"error":"Error: Request was aborted.\\n    at makeRequest (/$bunfs/root/src/entrypoints/cli.js:12:345)","timestamp":"2026-01-02T03:04:05.000Z"}]',
      'sdk-request-timeout-or-aborted',
    ],
    [
      'Error: Request timed out.\n    at makeRequest (file:///usr/lib/node_modules/@anthropic-ai/claude-code/cli.js:900:12)',
      'sdk-request-timeout-or-aborted',
    ],
    ['claude-code log: {"error":"Error: Connection error.\\n    at B:/~BUN/root/src/entrypoints/cli.js:3:9"}', 'sdk-connection-error'],
  ])('answers %s', (text, id) => {
    expect(strictTop(text)).toBe(id);
  });

  it('still needs Claude context for wordings every Stainless SDK shares', () => {
    expect(strictTop('Error: Connection error.')).toBeUndefined();
    expect(diagnose('Error: Connection error.', kb, { mode: 'lenient' }).candidates[0]?.id).toBe('sdk-connection-error');
  });

  it('does not take "Error: " inside a word as the prefix', () => {
    const d = diagnose('MyAppError: Request was aborted.', kb, { mode: 'lenient' });
    expect(d.candidates[0]?.reasons.some((r) => r.detail.startsWith('error: '))).toBe(false);
  });
});

describe('Claude Code’s native build in a stack trace', () => {
  it.each([
    'at makeRequest (/$bunfs/root/src/entrypoints/cli.js:448:3940)',
    'at generate (B:/~BUN/root/src/entrypoints/cli.js:11:53135)',
    'at x (/$bunfs/root/cli:1:2)',
    'at readdirSync (B:/~BUN/root/claude.exe:12:2024)',
  ])('shows Claude Code: %s', (text) => {
    expect(signalsOf(`Error: boom\n    ${text}`).surfaces).toContain('claude-code');
  });
});

describe('a short line with no error line of its own is its own message', () => {
  it.each([
    ['Invalid API key Please run /login', 'cc-invalid-api-key-run-login'],
    ['claude says: invalid api key -- please run /login', 'cc-invalid-api-key-run-login'],
  ])('matches the signature in other punctuation: %s', (text, id) => {
    expect(signalsOf(text).primaryMessage).toBe(normalise(text).flat);
    expect(strictTop(text)).toBe(id);
  });

  it('leaves an unrelated short complaint silent', () => {
    expect(strictTop('invalid token on line 3 of my yaml config, any idea?')).toBeUndefined();
  });

  it('does not take a long paste as one message', () => {
    expect(signalsOf(`invalid ${'word '.repeat(80)}`).primaryMessage).toBeNull();
  });
});

describe('Google’s error envelope or a Vertex request id around a Claude error is Vertex', () => {
  it.each([
    '  ⎿  API Error: 403 {"error":{"code":403,"message":"The caller does not have permission to use publisher anthropic models in this project.","status":"PERMISSION_DENIED"}}',
    'HTTP 403 from the proxy: {"error": {"code": 403, "message": "Permission denied for model claude-sonnet-4-5 in project acme", "status": "PERMISSION_DENIED"}}',
  ])('reads the platform from the envelope: %s', (text) => {
    expect(signalsOf(text).providers).toContain('vertex');
    expect(strictTop(text)).toBe('vertex-permission-denied-403');
  });

  it('reads a req_vrtx_ request id as Vertex', () => {
    const text =
      'got {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_vrtx_011AbCdEfGhIjKlMnOp"}';
    expect(signalsOf(text).providers).toContain('vertex');
  });

  it('leaves Google’s envelope without Claude alone', () => {
    const text = '{"error": {"code": 403, "message": "Permission denied on resource project demo-123.", "status": "PERMISSION_DENIED"}}';
    expect(signalsOf(text).providers).not.toContain('vertex');
    expect(strictTop(text)).toBeUndefined();
  });
});

describe('a not-found page from some other server is a wrong base URL, not a model error', () => {
  it.each([
    'POST to our Anthropic proxy returned 404 page not found',
    'anthropic client: 405 {"detail":"Method Not Allowed"}',
    'AnthropicException - {"detail":"Not Found"}',
  ])('%s', (text) => {
    expect(strictTop(text)).toBe('wrong-base-url-or-endpoint-path');
  });

  it('stays silent when nothing ties the page to Claude', () => {
    expect(strictTop('GET /metrics -> 404 page not found')).toBeUndefined();
  });
});

describe('an AWS SDK v3 error serialised as JSON', () => {
  const v3 = (name: string, status: number, extra = '') =>
    `{"name":"${name}","$fault":"client","$metadata":{"httpStatusCode":${status},"requestId":"0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b","attempts":1,"totalRetryDelay":0}${extra}}`;

  it('reads its status and, with a Bedrock Runtime code, puts it on Bedrock', () => {
    const s = signalsOf(v3('ThrottlingException', 429));
    expect(s.httpStatuses).toContain(429);
    expect(s.surfaces).toContain('aws-sdk');
    expect(s.providers).toContain('bedrock');
  });

  it('offers the Bedrock articles when asked, never an auto-reply without Claude shown', () => {
    const text = v3('ThrottlingException', 429);
    expect(strictTop(text)).toBeUndefined();
    const ids = diagnose(text, kb, { mode: 'lenient' })
      .candidates.slice(0, 3)
      .map((c) => c.id);
    expect(ids).toContain('bedrock-throttling-too-many-tokens');
  });

  it('does not read another AWS service’s error as Bedrock', () => {
    expect(signalsOf(`DynamoDB put failed: ${v3('ThrottlingException', 400)}`).providers).not.toContain('bedrock');
    expect(signalsOf(v3('NoSuchKey', 404)).providers).not.toContain('bedrock');
  });
});

describe('Claude Code’s own connection wordings show Claude Code', () => {
  it.each([
    ['Unable to connect to API (ECONNREFUSED)', 'sdk-connection-error'],
    [
      'Unable to connect to API: SSL certificate verification failed. Check your proxy or corporate SSL certificates',
      'sdk-tls-self-signed-certificate',
    ],
  ])('%s', (text, id) => {
    expect(signalsOf(text).surfaces).toContain('claude-code');
    expect(strictTop(text)).toBe(id);
  });

  it('does not take another tool’s wording for it', () => {
    expect(signalsOf('Unable to connect to the API server at localhost:6443').surfaces).not.toContain('claude-code');
  });
});

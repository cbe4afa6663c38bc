import { beforeAll, describe, expect, it } from 'vitest';
import { ask, shownArticles } from '../../src/core/ask.js';
import type { KnowledgeBase } from '../../src/core/knowledge/index.js';
import { realKb, signalsOf, strictTop as strictTopIn } from '../helpers/kb.js';

/**
 * Issue 12, class 3 (other vendors on shared platforms and gateways): LiteLLM prefixes every provider's
 * error with `<Provider>Exception`. A provider that serves no Claude model is another vendor's error;
 * Bedrock and Vertex serve Claude too and count only with more evidence. Pastes written for this test in
 * LiteLLM's shapes (none copied from an evaluation corpus).
 */

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await realKb();
});
const strictTop = (text: string) => strictTopIn(kb, text);

describe("another provider's exception in LiteLLM output", () => {
  it.each([
    "litellm.RateLimitError: litellm.RateLimitError: OpenAIException - Error code: 429 - {'error': {'message': 'Request too large for organization on tokens per min (TPM): Limit 30000, Requested 41250.', 'type': 'tokens', 'code': 'rate_limit_exceeded'}}",
    'litellm.BadRequestError: GeminiException BadRequestError - {"error": {"code": 400, "message": "Request contains an invalid argument.", "status": "INVALID_ARGUMENT"}}',
    'litellm.exceptions.RateLimitError: MistralException - {"object":"error","message":"Requests rate limit exceeded","type":"rate_limited","code":"1300"}',
    'litellm.AuthenticationError: AzureException AuthenticationError - Access denied due to invalid subscription key or wrong API endpoint. (status 401)',
    'litellm.InternalServerError: VertexAIException InternalServerError - b\'{\\n  "error": {\\n    "code": 503,\\n    "message": "The model is overloaded. Please try again later.",\\n    "status": "UNAVAILABLE"\\n  }\\n}\\n\'. Received Model Group=fast-chat',
    'litellm.ServiceUnavailableError: BedrockException - {"message":"Too many requests, please wait before trying again."}. Received Model Group=llama-3-70b',
  ])('is another vendor, and gets no Claude article: %s', (text) => {
    expect(signalsOf(text).foreignModel).not.toBeNull();
    expect(strictTop(text)).toBeUndefined();
  });
});

describe('LiteLLM errors that are still Claude errors', () => {
  it('a BedrockException with no model named stays a Bedrock error', () => {
    const text =
      'litellm.APIConnectionError: BedrockException - {"message":"Model access is denied due to IAM user or service role is not authorized to perform the required AWS Marketplace actions (aws-marketplace:ViewSubscriptions, aws-marketplace:Subscribe) to enable access to this model."}';
    expect(signalsOf(text).foreignModel).toBeNull();
    expect(strictTop(text)).toBe('bedrock-marketplace-subscription-denied');
  });

  it('a VertexAIException that names no model is not judged foreign on the provider name alone', () => {
    const text =
      'litellm.RateLimitError: VertexAIException - b\'{"error": {"code": 429, "message": "Resource exhausted. Please try again later.", "status": "RESOURCE_EXHAUSTED"}}\'';
    expect(signalsOf(text).foreignModel).toBeNull();
  });

  it('a VertexAIException on a rawPredict URL of the anthropic publisher stays a Claude error', () => {
    const text =
      'litellm.RateLimitError: VertexAIException - b\'{"error": {"code": 429, "message": "Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model with base model: anthropic-claude-3-7-sonnet. Please submit a quota increase request.", "status": "RESOURCE_EXHAUSTED"}}\' url=https://us-east5-aiplatform.googleapis.com/v1/projects/p/locations/us-east5/publishers/anthropic/models/claude-3-7-sonnet@20250219:streamRawPredict';
    expect(signalsOf(text).foreignModel).toBeNull();
    expect(strictTop(text)).toBe('vertex-quota-resource-exhausted-429');
  });

  it('an OpenAIException that relays a named Claude model is not judged foreign', () => {
    const text =
      'litellm.BadRequestError: OpenAIException - Error code: 400 - {"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 201876 tokens > 200000 maximum"}} model=openai/claude-sonnet-4';
    expect(signalsOf(text).foreignModel).toBeNull();
    expect(strictTop(text)).toBe('prompt-too-long');
  });
});

/**
 * The error body of the OpenAI-compatible servers that host open-weight models (vLLM, Mistral's API):
 * `{"object": "error", "message": …, "type": …, "param": …, "code": …}`. Written for this test in the shapes
 * those servers print (none copied from an evaluation corpus); a question around one gets no article either.
 */
describe('the "object": "error" body of OpenAI-compatible model servers', () => {
  it.each([
    "openai.BadRequestError: Error code: 400 - {'object': 'error', 'message': 'Conversation roles must alternate user/assistant/user/assistant/...', 'type': 'BadRequestError', 'param': None, 'code': 400}",
    'Status 429 Body: {"object":"error","message":"Requests rate limit exceeded","type":"rate_limited","param":null,"code":"1300"}',
    '{"message":"API error occurred: Status 400 Body {\\"object\\":\\"error\\",\\"message\\":\\"Prompt contains 40000 tokens, too large for model with 32768 maximum context length\\",\\"type\\":\\"invalid_request_error\\",\\"param\\":null,\\"code\\":null}"}',
  ])('is another vendor, and gets no Claude article: %s', async (text) => {
    expect(signalsOf(text).foreignVendor).not.toBeNull();
    expect(strictTop(text)).toBeUndefined();
    expect(shownArticles(ask(`Why do I get this error? ${text}`, kb)).answered).toBe(false);
  });

  it("Anthropic's own body with the same complaint stays ours", () => {
    const text =
      "anthropic.BadRequestError: Error code: 400 - {'type': 'error', 'error': {'type': 'invalid_request_error', 'message': 'messages: roles must alternate between \"user\" and \"assistant\", but found multiple \"user\" roles in a row'}}";
    expect(signalsOf(text).foreignVendor).toBeNull();
    expect(strictTop(text)).toBe('messages-roles-must-alternate');
  });
});

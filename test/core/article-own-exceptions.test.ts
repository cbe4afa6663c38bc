import { beforeAll, describe, expect, it } from 'vitest';
import { diagnose } from '../../src/core/diagnose.js';
import type { KnowledgeBase } from '../../src/core/knowledge/index.js';
import { realKb } from '../helpers/kb.js';

/**
 * Issue 12, class 7 (right article, wrong confidence): an AWS error code the article lists among the
 * exceptions it explains is the article's own, not a contradiction of its main error type. Pastes written
 * for this test in the AWS SDKs' shapes (none copied from an evaluation corpus).
 */

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await realKb();
});

describe('an exception the article lists is not a contradiction of its error type', () => {
  it.each([
    [
      'UnrecognizedClientException: The security token included in the request is invalid.\n    at de_UnrecognizedClientExceptionRes (/app/node_modules/@aws-sdk/client-bedrock-runtime/dist-cjs/index.js:1802:21)',
      'bedrock-aws-credentials-expired',
    ],
    [
      'botocore.errorfactory.InternalServerException: An error occurred (InternalServerException) when calling the InvokeModel operation: The system encountered an unexpected error during processing. Try your request again. (model: anthropic.claude-3-5-sonnet-20240620-v1:0)',
      'bedrock-service-unavailable-model-stream-error',
    ],
    [
      'AccessDeniedException: Model use case details have not been submitted for this account. Fill out the Anthropic use case details form before using the model.',
      'bedrock-use-case-form-required',
    ],
  ])('%s', (text, id) => {
    const d = diagnose(text, kb);
    expect(d.matched).toBe(true);
    expect(d.candidates[0]?.id).toBe(id);
    expect(d.candidates[0]?.reasons.some((r) => r.kind === 'contradiction' && r.detail.startsWith('paste shows'))).toBe(false);
  });

  it('a code the article does not list still contradicts it', () => {
    const text =
      'ThrottlingException: An error occurred (ThrottlingException) when calling the InvokeModel operation: The security token included in the request is expired';
    const top = diagnose(text, kb, { mode: 'lenient' }).candidates.find((c) => c.id === 'bedrock-aws-credentials-expired');
    expect(top?.reasons.some((r) => r.kind === 'contradiction' && r.detail.startsWith('paste shows ThrottlingException'))).toBe(true);
  });
});

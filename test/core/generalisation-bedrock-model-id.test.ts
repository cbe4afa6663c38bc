import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/core/knowledge/index.js';
import { realKb, strictTop as strictTopIn } from '../helpers/kb.js';

/**
 * AWS's generic field check on Bedrock's `modelId` ("Value '…' at 'modelId' failed to satisfy constraint")
 * is the invalid-model-identifier error for an ID that is not even shaped like one. Pastes written for
 * this test in the shapes the AWS SDKs print (none copied from an evaluation corpus).
 */

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await realKb();
});

const strictTop = (text: string) => strictTopIn(kb, text);

describe('a Claude model id that fails the modelId pattern', () => {
  it.each([
    "botocore.errorfactory.ValidationException: An error occurred (ValidationException) when calling the InvokeModel operation: 1 validation error detected: Value 'us.anthropic.claude-sonnet-4-5[1m]' at 'modelId' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:aws(-[^:]+)?:bedrock:…)",
    "ValidationException: 1 validation error detected: Value 'bedrock/anthropic.claude-3-haiku-20240307-v1:0' at 'modelId' failed to satisfy constraint: Member must satisfy regular expression pattern: …",
    "Error calling Bedrock (Claude 3.5 Sonnet): 1 validation error detected: Value 'anthropic claude 3.5' at 'modelId' failed to satisfy constraint",
  ])('%s', (text) => {
    expect(strictTop(text)).toBe('bedrock-invalid-model-identifier');
  });

  it('stays silent when the id belongs to another vendor’s model', () => {
    expect(
      strictTop(
        "ValidationException: 1 validation error detected: Value 'meta.llama3-70b-instruct-v1:0:8k' at 'modelId' failed to satisfy constraint: Member must satisfy regular expression pattern: …",
      ),
    ).toBeUndefined();
  });

  it('does not read other fields failing their constraints as a model id error', () => {
    expect(
      strictTop(
        "ValidationException: 1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1",
      ),
    ).not.toBe('bedrock-invalid-model-identifier');
  });
});

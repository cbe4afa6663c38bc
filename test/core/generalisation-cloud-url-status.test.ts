import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/core/knowledge/index.js';
import { realKb, signalsOf, strictTop as strictTopIn } from '../helpers/kb.js';

/**
 * Issue 12, classes 2 and 4: HTTP clients and SDK debug logs print a failed Bedrock or Vertex call as a
 * status followed by the endpoint URL, with no reason phrase or error body. When the paste names Claude,
 * that status is read, and stands for the platform's own code (429 on Vertex is RESOURCE_EXHAUSTED, 404
 * NOT_FOUND), so the fields can select the article. Pastes written for this test (none copied from an
 * evaluation corpus).
 */

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await realKb();
});
const strictTop = (text: string) => strictTopIn(kb, text);
const statusesOf = (text: string) => signalsOf(text).httpStatuses;

const VERTEX = 'https://us-east5-aiplatform.googleapis.com/v1/projects/acme-ml/locations/us-east5/publishers/anthropic/models';
const BEDROCK = 'https://bedrock-runtime.us-west-2.amazonaws.com/model';

describe('a status printed before a Bedrock or Vertex URL', () => {
  it.each([
    [`429 POST ${VERTEX}/claude-sonnet-4@20250514:streamRawPredict`, 429],
    [`Claude opus, nothing back: 404 for ${VERTEX}/claude-opus-4-1@20250805:rawPredict`, 404],
    [`claude-3-5-haiku via boto: 403 on ${BEDROCK}/anthropic.claude-3-5-haiku-20241022-v1:0/invoke`, 403],
    [`[debug] 429 <${BEDROCK}/us.anthropic.claude-3-7-sonnet-20250219-v1:0/converse-stream>`, 429],
  ])('is read as the status: %s', (text, status) => {
    expect(statusesOf(text)).toContain(status);
  });

  it('is not read beside a URL when nothing names Claude', () => {
    expect(statusesOf(`429 POST ${BEDROCK}/amazon.nova-pro-v1:0/converse`)).toEqual([]);
  });
});

describe('the status selects the platform article when Claude is named', () => {
  it('429 on a Vertex Claude endpoint is the Vertex quota article', () => {
    expect(strictTop(`request failed 429 POST ${VERTEX}/claude-sonnet-4-5@20250929:streamRawPredict (no more retries)`)).toBe(
      'vertex-quota-resource-exhausted-429',
    );
  });

  it('404 on a Vertex Claude endpoint is the publisher-model-not-found article', () => {
    expect(strictTop(`POST failed — 404 POST ${VERTEX}/claude-3-opus@20240229:rawPredict`)).toBe('vertex-publisher-model-not-found-404');
  });

  it('a Gemini endpoint with the same status gets no Claude article', () => {
    const text =
      '429 POST https://us-central1-aiplatform.googleapis.com/v1/projects/acme-ml/locations/us-central1/publishers/google/models/gemini-2.5-pro:generateContent';
    expect(strictTop(text)).toBeUndefined();
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/core/knowledge/index.js';
import { askedTop3, realKb, strictTop as strictTopIn } from '../helpers/kb.js';

/**
 * Issue 12, class 3: on Bedrock, "Malformed input request" is answered for every vendor's body. An article
 * about Claude's own request body needs the paste to show the model was Claude. Claude's name in words
 * next to another family's name ("the Claude models work, Amazon Nova fails") does not show it: the paste
 * may be contrasting the two. A Claude model id or Claude's own body still does. Pastes written for this test.
 */

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await realKb();
});
const strictTop = (text: string) => strictTopIn(kb, text);
const MALFORMED =
  'botocore.errorfactory.ValidationException: An error occurred (ValidationException) when calling the InvokeModel operation: Malformed input request: #: required key [messages] not found, please reformat your input and try again.';

describe('Claude named beside another family', () => {
  it.each([
    `Switching from Claude to Amazon Nova on Bedrock broke it:\n${MALFORMED}`,
    `The Anthropic models are fine. With Amazon Titan I get\n${MALFORMED}`,
    `Claude works, Llama 3 gives this on Bedrock:\n${MALFORMED}`,
  ])('leaves the Claude-body article unconfirmed (no auto-reply, still offered when asked): %s', (text) => {
    expect(strictTop(text)).toBeUndefined();
    expect(askedTop3(kb, text)).toContain('bedrock-malformed-input-request');
  });
});

describe('what still shows the model was Claude', () => {
  it('a Claude model id beside another family', () => {
    const text = `Nova Lite is fine, but anthropic.claude-3-5-sonnet-20240620-v1:0 fails:\n${MALFORMED}`;
    expect(strictTop(text)).toBe('bedrock-malformed-input-request');
  });

  it('Claude named alone', () => {
    expect(strictTop(`Claude 3.5 Sonnet on Bedrock:\n${MALFORMED}`)).toBe('bedrock-malformed-input-request');
  });
});

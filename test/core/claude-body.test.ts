import { beforeAll, describe, expect, it } from 'vitest';
import { showsClaudeRequestBody } from '../../src/core/claude-body.js';
import type { KnowledgeBase } from '../../src/core/knowledge/index.js';
import { tokenSet } from '../../src/core/normalize.js';
import { realKb, strictTop as strictTopIn } from '../helpers/kb.js';

/**
 * Bedrock's schema message naming a key only Claude's request body has says the model was Claude, so the
 * Bedrock schema article may auto-reply though no model id was pasted. Real pastes from public issues (the
 * tune half of eval/real.jsonl and rows added with this mechanism); each cites its source.
 */

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await realKb();
});

const strictTop = (text: string) => strictTopIn(kb, text);
const shows = (text: string) => showsClaudeRequestBody(text.toLowerCase(), tokenSet(text.toLowerCase()));

const CLAUDE_BODY: Array<[string, string]> = [
  [
    'https://github.com/langchain-ai/langchain-aws/issues/411',
    '| botocore.errorfactory.ValidationException: An error occurred (ValidationException) when calling the InvokeModelWithResponseStream operation: Malformed input request: #: subject must not be valid against schema {"required":["messages"]}#/messages/1/content: expected type: String, found: JSONArray#/messages/1/content: expected minimum item count: 1, found: 0, please reformat your input and try again.',
  ],
  [
    'https://github.com/langchain-ai/langgraph-supervisor-py/issues/55',
    'botocore.errorfactory.ValidationException: An error occurred (ValidationException) when calling the InvokeModelWithResponseStream operation: Malformed input request: #: subject must not be valid against schema {"required":["messages"]}#/messages/19/content: expected type: String, found: JSONArray#/messages/19/content: expected minimum item count: 1, found: 0, please reformat your input and try again.',
  ],
  [
    'https://github.com/langgenius/dify/issues/2942',
    'I get this error: \nValidationException: Malformed input request: #: required key [max_tokens_to_sample] not found.',
  ],
  [
    'https://github.com/diffbot/code-gpt-docs/issues/300',
    'Error: Malformed input request: #: subject must not be valid against schema {required:[messages]}#: required key [max_tokens] not found, please reformat your input and try again.',
  ],
];

describe("Bedrock's schema message naming Claude's own body", () => {
  it.each(CLAUDE_BODY)('%s', (_source, text) => {
    expect(shows(text)).toBe(true);
    expect(strictTop(text)).toBe('bedrock-malformed-input-request');
  });
});

describe('schema messages that do not show Claude', () => {
  it('a key Nova requires too is not Claude’s (langchain-ai/langchain-aws#604, with the Nova sentence left out)', () => {
    const text =
      'botocore.errorfactory.ValidationException: An error occurred (ValidationException) when calling the InvokeModel operation: Malformed input request: #: required key [messages] not found, please reformat your input and try again.';
    expect(shows(text)).toBe(false);
    expect(strictTop(text)).toBeUndefined();
  });

  it.each([
    // Nova Pro refusing Claude's max_tokens (logancyang/obsidian-copilot#2145)
    'Error occurred\nMalformed input request: #: extraneous key [max_tokens] is not permitted, please reformat your input and try again.',
    // a Claude 2 key refused by the model that got it
    '[bedrock] Error: ValidationException: Malformed input request: #: extraneous key [top_p] is not permitted#: extraneous key [max_tokens_to_sample] is not permitted, please reformat your input and try again.',
    // a count of violations names no key
    'ValueError: Error raised by bedrock service: An error occurred (ValidationException) when calling the InvokeModel operation: Malformed input request: 2 schema violations found, please reformat your input and try again.',
  ])('%s', (text) => {
    expect(shows(text)).toBe(false);
    expect(strictTop(text)).toBeUndefined();
  });
});

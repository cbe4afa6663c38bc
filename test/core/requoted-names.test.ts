import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalRegex } from '../../src/core/knowledge/article.js';
import type { KnowledgeBase } from '../../src/core/knowledge/index.js';
import { realKb, strictTop as strictTopIn } from '../helpers/kb.js';

/**
 * Issue 12, class 4. The API quotes names in its messages with backticks (`thinking`, `tool_use`); tools
 * that relay the message re-quote them in single or double quotes. A signature's optional backtick stands
 * for any quote, so the re-quoted message is still the article's.
 * Pastes written for this test (none copied from an evaluation corpus).
 */

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await realKb();
});
const strictTop = (text: string) => strictTopIn(kb, text);

describe('a name re-quoted by the tool that relays the message', () => {
  it.each([
    [
      "Agent failed: messages.3.content.0.type: Expected 'thinking' or 'redacted_thinking', but found 'tool_use'.",
      'thinking-assistant-must-start-with-thinking',
    ],
    [
      'ERROR provider said: messages.5.content.0.type: Expected "thinking" or "redacted_thinking", but found "text".',
      'thinking-assistant-must-start-with-thinking',
    ],
    [
      "chat error: 'temperature' and 'top_p' cannot both be specified for this model. Please use only one.",
      'sampling-temperature-top-p-both',
    ],
    [
      "Request rejected (400): messages.2.content.1: unexpected 'tool_use_id' found in 'tool_result' blocks: toolu_01AbCdEf. Each 'tool_result' block must have a corresponding 'tool_use' block in the previous message.",
      'tool-result-without-tool-use',
    ],
  ])('%s', (text, id) => {
    expect(strictTop(text)).toBe(id);
  });
});

describe('the rewrite itself', () => {
  it('turns an optional backtick into an optional quote of any kind, and leaves escaped ones alone', () => {
    expect(canonicalRegex('/Expected `?thinking`? or/i')).toBe('/Expected [`\'"]?thinking[`\'"]? or/i');
    expect(canonicalRegex('/a \\`? b/i')).toBe('/a \\`? b/i');
    expect(canonicalRegex('/no quotes here/i')).toBe('/no quotes here/i');
  });
});

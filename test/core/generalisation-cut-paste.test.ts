import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/core/knowledge/index.js';
import { realKb, signalsOf, strictTop as strictTopIn } from '../helpers/kb.js';

/**
 * A paste cut off inside the API's JSON message (a truncated issue title, a log line cut at a column
 * limit): what is left of the message is still read as the message, and a literal signature whose
 * beginning it ends with is a signature match of that length. Pastes written for this test.
 */

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await realKb();
});

const strictTop = (text: string) => strictTopIn(kb, text);

describe('a JSON message cut off by the end of the paste', () => {
  it('is read as a message', () => {
    const s = signalsOf(
      'API Error: 400 {"type":"error","error":{"type":"invalid_request_error","message":"something went wrong with the reque',
    );
    expect(s.messages).toContain('something went wrong with the reque');
  });

  it('is not read when the message string is closed', () => {
    const s = signalsOf('{"type":"error","error":{"type":"invalid_request_error","message":"closed message here"}}');
    expect(s.messages).toEqual(['closed message here']);
  });

  it.each([
    [
      'Claude answered 400 after the app update:\n{"type":"error","error":{"type":"invalid_request_error","message":"Unexpected value(s) `files-preview-2031-02-02` for the `anthropic-beta` heade',
      'anthropic-beta-header-unexpected-value',
    ],
    [
      'anthropic.BadRequestError: Error code: 400 - {"type": "error", "error": {"type": "invalid_request_error", "message": "Unexpected value(s) `my-own-flag` for the `anthropic-beta` hea',
      'anthropic-beta-header-unexpected-value',
    ],
  ])('answers a cut signature: %s', (text, id) => {
    expect(strictTop(text)).toBe(id);
  });

  it('does not count a cut that starts inside a longer word', () => {
    // "xfor the anthropic-beta heade": the signature's start is not at a word boundary of the message.
    const text =
      'Claude API said 400: {"type":"error","error":{"type":"invalid_request_error","message":"Unexpected value(s) sent; xfor the `anthropic-beta` heade';
    expect(strictTop(text)).not.toBe('anthropic-beta-header-unexpected-value');
  });

  it('stays silent on another vendor’s cut message', () => {
    expect(
      strictTop(
        'openai.BadRequestError: {"error": {"message": "Invalid value for \'model\': gpt-4o-mini does not support the parameter \'reaso',
      ),
    ).toBeUndefined();
  });
});

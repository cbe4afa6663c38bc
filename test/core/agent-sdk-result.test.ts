import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/core/knowledge/index.js';
import { realKb, signalsOf, strictTop as strictTopIn } from '../helpers/kb.js';

/**
 * Issue 12, class 4 (wrappers and serialisations): the Claude Agent SDK reports a failed run as a result
 * message — `"type":"result","is_error":true,"api_error_status":429,"result":"<Claude Code's banner>"`,
 * often with `"terminal_reason":"api_error"`. Its status field is the HTTP status; neither the field's name
 * nor the terminal reason is the API error type `api_error` (which would contradict every article about
 * another type). Pastes written for this test (none copied from an evaluation corpus).
 */

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await realKb();
});
const strictTop = (text: string) => strictTopIn(kb, text);

describe('the Agent SDK result message', () => {
  it.each([
    [
      '{"type":"result","subtype":"success","is_error":true,"api_error_status":429,"result":"You\'ve hit your weekly limit · resets Mar 3, 9am (UTC)","terminal_reason":"api_error"}',
      429,
      'cc-usage-limit-reached',
    ],
    [
      'sdk result: {\n  "type": "result",\n  "is_error": true,\n  "api_error_status": 429,\n  "result": "You\'ve hit your session limit · resets 4pm (Europe/Berlin)"\n}',
      429,
      'cc-usage-limit-reached',
    ],
    [
      '{"type":"result","subtype":"success","is_error":true,"errors":[],"api_error_status":404,"result":"There\'s an issue with the selected model (claude-imaginary-9). It may not exist or you may not have access to it. Run /model to pick a different model."}',
      404,
      'cc-selected-model-unavailable',
    ],
  ])('reads the status and answers the banner: %s', (text, status, id) => {
    const signals = signalsOf(text);
    expect(signals.httpStatuses).toContain(status);
    expect(signals.errorTypes).not.toContain('api_error');
    expect(strictTop(text)).toBe(id);
  });

  it('an api_error named as a type in prose still counts', () => {
    expect(signalsOf('the stream keeps dying with api_error from claude since noon').errorTypes).toContain('api_error');
    expect(signalsOf('error.type = "api_error" (claude-sonnet-4-5)').errorTypes).toContain('api_error');
  });

  it('a word that only contains an error type is not one', () => {
    expect(signalsOf('claude run failed: terminal_reason=api_error, retry_api_error_count=3').errorTypes).not.toContain('api_error');
    expect(signalsOf('metrics: overloaded_error_total 12 for claude').errorTypes).not.toContain('overloaded_error');
  });

  it('the class the SDK gives a failed turn ("error": "billing_error") is not the API error type', () => {
    const text = [
      'claude-code-action failed, full output:',
      '{"type":"assistant","message":{"content":[{"type":"text","text":"Credit balance is too low"}]},"error":"billing_error"}',
    ].join('\n');
    expect(signalsOf(text).errorTypes).not.toContain('billing_error');
    expect(strictTop(text)).toBe('credit-balance-too-low');
    // The API's own body keeps its type.
    expect(signalsOf('{"type":"error","error":{"type":"billing_error","message":"Billing error"}} from claude').errorTypes).toContain(
      'billing_error',
    );
  });
});

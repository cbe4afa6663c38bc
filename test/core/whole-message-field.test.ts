import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/core/diagnose.js';
import { realKb, strictTop } from '../helpers/kb.js';

/**
 * Wrappers that serialise an SDK error keep its message and drop its class: a log field
 * (`"message":"Connection error."`) or a UI's "error output" box holding the message alone. When the
 * paste names a Claude model, that message is the SDK's error as surely as `APIConnectionError: …` is.
 */
describe('an SDK message standing alone in a paste that names Claude', () => {
  it.each([
    ['{"level":"error","message":"Connection error.","model":"claude-sonnet-4-5","ts":1733500000}', 'sdk-connection-error'],
    [
      'Model: claude-3-5-haiku-latest\nProvider: anthropic\n\nError output:\n```\nRequest timed out.\n```',
      'sdk-request-timeout-or-aborted',
    ],
    ['agent step failed (model=claude-opus-4-1)\n> Request was aborted.\n', 'sdk-request-timeout-or-aborted'],
    ['Model: us.anthropic.claude-sonnet-4-20250514-v1:0\nStatus Code: N/A\n\nConnection error.', 'sdk-connection-error'],
  ])('%s → %s, confidently', async (text, id) => {
    expect(strictTop(await realKb(), text)).toBe(id);
  });

  it.each([
    ['nothing names Claude', '{"level":"error","message":"Connection error."}'],
    ['another vendor’s model', '{"level":"error","message":"Connection error.","model":"gpt-4o-mini"}'],
    ['the words inside a sentence', 'with claude-sonnet-4-5 I sometimes see Connection error. then it works again'],
  ])('stays unconfident when %s', async (_, text) => {
    expect(diagnose(text, await realKb()).matched).toBe(false);
  });
});

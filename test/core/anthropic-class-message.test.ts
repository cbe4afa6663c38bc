import { describe, expect, it } from 'vitest';
import { realKb, strictTop } from '../helpers/kb.js';

/**
 * Wrappers raise a class of their own named after Anthropic and keep only the API's short message
 * ("AnthropicError: Overloaded"): that message is the API's own for one error type, so it stands for
 * the type written out, as long as it is the whole message.
 */
describe("the API's own message behind an Anthropic-named exception class", () => {
  it.each([
    [
      'Traceback (most recent call last):\n  File "/srv/app/chat.py", line 88, in stream_reply\n    for chunk in response:\n  File "/usr/lib/python3.12/site-packages/litellm/llms/anthropic/chat/handler.py", line 760, in chunk_parser\n    raise AnthropicError(\nlitellm.llms.anthropic.common_utils.AnthropicError: Overloaded',
      'overloaded-529',
    ],
    [
      'router fallback failed: litellm.InternalServerError: AnthropicException - Overloaded. Handle with `litellm.InternalServerError`.',
      'overloaded-529',
    ],
    [
      '[agent] step 4 failed\nAnthropicError: Internal server error\n    at handleStream (agent.js:120:11)',
      'api-error-500-internal-server-error',
    ],
  ])('%s → %s, confidently', async (text, id) => {
    expect(strictTop(await realKb(), text)).toBe(id);
  });

  it.each([
    ['another vendor’s class', 'MistralError: Overloaded'],
    ['a longer message that only begins with the word', 'AnthropicError: Overloaded method signatures are not supported by this adapter'],
  ])('no confident answer for %s', async (_, text) => {
    expect(strictTop(await realKb(), text)).not.toBe('overloaded-529');
  });
});

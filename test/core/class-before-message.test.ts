import { beforeAll, describe, expect, it } from 'vitest';
import { diagnose } from '../../src/core/diagnose.js';
import type { KnowledgeBase } from '../../src/core/knowledge/index.js';
import { askedTop3, kbFrom, realKb, strictTop } from '../helpers/kb.js';

/**
 * A `Class: message` signature written in another shape: the class as a repr around its message, on a
 * `Type:` line above it, or as key=value fields. The class standing just before its own message counts like
 * the signature itself. Pastes written for this test.
 */

describe('the class before its own message, in a built knowledge base', () => {
  const kb = kbFrom([
    { id: 'pipe-broke', sdk_exceptions: ['PipeBrokeError'], signatures: ['PipeBrokeError: The pipe broke while reading'] },
    { id: 'other', signatures: ['Something else entirely happened here'] },
  ]);
  const signatureWeight = (text: string) =>
    diagnose(text, kb, { mode: 'lenient' })
      .candidates.find((c) => c.id === 'pipe-broke')
      ?.reasons.find((r) => r.kind === 'signature')?.weight ?? 0;

  it.each([
    ["worker crashed: PipeBrokeError('The pipe broke while reading')"],
    ['Type: PipeBrokeError\nThe pipe broke while reading'],
    ['level=error error_type=PipeBrokeError message="The pipe broke while reading"'],
  ])('%s', (text) => {
    expect(signatureWeight(text)).toBeGreaterThan(0.5);
  });

  it('counts the message alone as a possible match only, and a class far away or inside another word as nothing', () => {
    expect(signatureWeight('The pipe broke while reading')).toBe(0.5);
    expect(signatureWeight('PipeBrokeError was raised earlier; then we saw that the pipe broke while reading')).toBe(0.5);
    expect(signatureWeight('MyPipeBrokeError("The pipe broke while reading")')).toBe(0.5);
  });
});

describe('on the real knowledge base', () => {
  let real: KnowledgeBase;
  beforeAll(async () => {
    real = await realKb();
  });

  it('ranks the connection article first when asked about a wrapped transport error', () => {
    const text =
      'request failed\nType: APIConnectionError\nConnection error.\nCause: RemoteProtocolError: Server disconnected without sending a response.';
    expect(askedTop3(real, text)[0]).toBe('sdk-connection-error');
  });

  it('does not auto-reply to a vendor-neutral connection error that nothing ties to Claude', () => {
    expect(strictTop(real, "tenacity.RetryError: APIConnectionError('Connection error.')")).toBeUndefined();
    expect(askedTop3(real, "tenacity.RetryError: APIConnectionError('Connection error.')")[0]).toBe('sdk-connection-error');
  });

  it('stays silent even when asked if another vendor is named', () => {
    expect(askedTop3(real, "openai.APIConnectionError('Connection error.') from the OpenAI client")).toEqual([]);
  });
});

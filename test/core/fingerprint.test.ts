import { describe, expect, it } from 'vitest';
import { extractSignals } from '../../src/core/extract.js';
import { fingerprintOf, maskVariableParts } from '../../src/core/fingerprint.js';
import { decodeInput, normalise } from '../../src/core/normalize.js';

const fp = (text: string) => {
  const d = decodeInput(text);
  return fingerprintOf(extractSignals(normalise(d.text), d));
};

describe('fingerprints', () => {
  it('masks ids, numbers, model names, paths, URLs and keys', () => {
    expect(
      maskVariableParts(
        'req_011CXyZaBcDeFgHiJk claude-3-5-sonnet-20241022 anthropic.claude-3-haiku-20240307-v1:0 /home/me/app/x.py https://api.anthropic.com/v1/messages 123,456 tokens 9f86d081884c7d65 sk-ant-api03-abcdefgh 3f2b8c4e-1a2b-4c3d-9e8f-0a1b2c3d4e5f',
      ),
    ).toBe('<req> <model> <model> <path> <url> <n> tokens <hex> <key> <uuid>');
  });

  it('gives the same fingerprint to the same failure with different variable parts', () => {
    const a = fp(
      `anthropic.BadRequestError: Error code: 400 - {'type': 'error', 'error': {'type': 'invalid_request_error', 'message': 'prompt is too long: 201234 tokens > 200000 maximum'}, 'request_id': 'req_011AAAAAAAAAAAAAAAAAAAAA'}`,
    );
    const b = fp(
      `BadRequestError: 400 {"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 999999 tokens > 1000000 maximum"},"request_id":"req_011BBBBBBBBBBBBBBBBBBBBB"}`,
    );
    expect(a.fingerprint).toBe('400 invalid_request_error · prompt is too long: <n> tokens > <n> maximum');
    expect(b.fingerprint).toBe(a.fingerprint);
    expect(b.hash).toBe(a.hash);
    expect(a.hash).toMatch(/^[0-9a-f]{12}$/);
  });

  it('keeps different failures apart', () => {
    const a = fp(
      '{"type":"error","error":{"type":"rate_limit_error","message":"Number of concurrent connections has exceeded your rate limit."}}',
    );
    const b = fp(
      '{"type":"error","error":{"type":"rate_limit_error","message":"This request would exceed the rate limit for your organization of 50 requests per minute."}}',
    );
    expect(a.hash).not.toBe(b.hash);
  });

  it('says so when there is no error at all', () => {
    expect(fp('good morning everyone').fingerprint).toBe('no-error-found');
  });
});

import { describe, expect, it } from 'vitest';
import { redactInPieces } from '../../src/bot/redact.js';
import { cutsOf } from '../../src/bot/redact-cuts.js';
import { SECRET_CORPUS } from '../fixtures/secret-corpus.js';

/** Redacting in the smallest pieces (a cut at every line break allowed) against one whole run. */
const smallest = (t: string) => redactInPieces(t, 1);
const whole = (t: string) => redactInPieces(t, Number.POSITIVE_INFINITY);

function cuts(text: string): number[] {
  const out: number[] = [];
  for (let from = 0, cut = 0, next = cutsOf(text); from < text.length; from = cut) {
    cut = next(from, 1);
    out.push(cut);
  }
  return out;
}

const LOG = '2026-11-02 10:14:03,512 INFO worker.pool: picked job 81723\n  File "/srv/app/main.py", line 214, in run\n';

describe('redaction in pieces', () => {
  it('cuts a multi-line log at its line breaks', () => {
    expect(cuts(LOG.repeat(3)).length).toBeGreaterThanOrEqual(4);
  });

  it('gives every secret form the same result as one whole run, alone and joined by line breaks', () => {
    const texts = SECRET_CORPUS.map((f) => f.text);
    for (const sep of ['\n', '\r\n', ' \n', '\n  ', '\n\n']) texts.push(texts.join(sep), texts.map((t) => LOG + t).join(sep));
    let pieces = 0;
    for (const t of texts) {
      expect(smallest(t)).toEqual(whole(t));
      pieces += cuts(t).length;
    }
    expect(pieces).toBeGreaterThan(texts.length * 2);
  });

  it.each([
    ['a field name and its value on two lines', 'ok.\npassword:\n  Zq9Xw8Vu7Ts6Rr5Q\n(end)', 'Zq9Xw8Vu7Ts6Rr5Q'],
    ['a field name before the line break, its = after', 'ok.\nclient_secret\n= Zq9Xw8Vu7Ts6Rr5Q\n(end)', 'Zq9Xw8Vu7Ts6Rr5Q'],
    ['a bearer token after the line break', 'ok.\nAuthorization: Bearer\nZq9Xw8Vu7Ts6Rr5QpOn\n(end)', 'Zq9Xw8Vu7Ts6Rr5QpOn'],
    ['an escaped = before the line break', 'ok.\nclient_secret\\u003d\nZq9Xw8Vu7Ts6Rr5Q\n(end)', 'Zq9Xw8Vu7Ts6Rr5Q'],
    [
      'a key hard-wrapped at 64 columns',
      `ok.\n${'a'.repeat(20)} sk-ant-api03-${'Zq9Xw8Vu'.repeat(6)}\nQp4On3Mm2Ll1Kk0Jj9Ii8\n(end)`,
      'Qp4On3Mm2Ll1Kk0Jj9Ii8',
    ],
    [
      'a private-key body over blank lines',
      'ok.\n-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkq\n\nhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n(end)',
      'hkiG9w0BAQEFAASC',
    ],
  ])('does not cut %s', (_name, text, secret) => {
    expect(whole(text).text).not.toContain(secret);
    expect(smallest(text)).toEqual(whole(text));
    expect(cuts(text).length).toBeGreaterThanOrEqual(3); // the lines around it are still cut
  });
});

import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/core/diagnose.js';
import { realKb } from '../helpers/kb.js';

describe('bad input gets a clear result', () => {
  it('empty input', async () => {
    const d = diagnose('', await realKb(), { mode: 'lenient' });
    expect(d.matched).toBe(false);
    expect(d.notes).toContain('The paste is empty.');
    expect(d.fingerprint).toBe('no-error-found');
  });

  it('10 MB of random bytes', async () => {
    const d = diagnose(randomBytes(10 * 1024 * 1024), await realKb(), { mode: 'lenient' });
    expect(d.matched).toBe(false);
    expect(d.signals.binary).toBe(true);
    expect(d.notes.join(' ')).toMatch(/binary data/);
    expect(d.notes.join(' ')).toMatch(/only its first and last parts were read/);
  });

  it('invalid UTF-8 around a real error', async () => {
    const bytes = Buffer.concat([
      Buffer.from([0xc3, 0x28, 0xff, 0xfe]),
      Buffer.from(
        ' anthropic.BadRequestError: Error code: 400 - {"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 210000 tokens > 200000 maximum"}}',
      ),
    ]);
    const d = diagnose(bytes, await realKb());
    expect(d.candidates[0]?.id).toBe('prompt-too-long');
    expect(d.notes.join(' ')).toMatch(/not valid UTF-8/);
  });

  it('a 1 MB single line', async () => {
    const line = `${'a'.repeat(1024 * 1024 - 200)} Error code: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}`;
    const d = diagnose(line, await realKb());
    expect(d.candidates[0]?.id).toBe('overloaded-529');
  });

  it('a 1 MB line of near-misses for every pattern', async () => {
    const line = 'prompt is too long: 1 tokens > tool_use ids were found without { "type": "error", '.repeat(13_000);
    const d = diagnose(line, await realKb(), { mode: 'lenient' });
    expect(typeof d.confidence).toBe('number');
  });
});

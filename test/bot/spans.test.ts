import { describe, expect, it } from 'vitest';
import { redact } from '../../src/bot/redact.js';
import { applySpans, mergeSpans, type Span } from '../../src/bot/spans.js';

const TEXT = 'abcdefghijklmnopqrstuvwxyz';

describe('mergeSpans', () => {
  it('drops a span of the later rule that overlaps a span of the earlier one, keeping the earlier', () => {
    const first: Span[] = [[2, 8, '[A]']];
    const second: Span[] = [[6, 12, '[B]']];
    expect(mergeSpans(first, second)).toEqual([[2, 8, '[A]']]);
    expect(applySpans(TEXT, mergeSpans(first, second))).toBe('ab[A]ijklmnopqrstuvwxyz');
  });

  it('keeps spans that only touch, in order', () => {
    const merged = mergeSpans(
      [[4, 6, '[A]']],
      [
        [2, 4, '[B]'],
        [6, 9, '[C]'],
      ],
    );
    expect(merged).toEqual([
      [2, 4, '[B]'],
      [4, 6, '[A]'],
      [6, 9, '[C]'],
    ]);
    expect(applySpans(TEXT, merged)).toBe('ab[B][A][C]jklmnopqrstuvwxyz');
  });

  it('drops a span inside a masked span, and keeps the spans around it', () => {
    const merged = mergeSpans(
      [
        [0, 1, '[A]'],
        [3, 20, '[MASK]'],
      ],
      [
        [5, 7, '[in]'],
        [21, 22, '[after]'],
      ],
    );
    expect(merged).toEqual([
      [0, 1, '[A]'],
      [3, 20, '[MASK]'],
      [21, 22, '[after]'],
    ]);
    expect(applySpans(TEXT, merged)).toBe('[A]bc[MASK]u[after]wxyz');
  });

  it('applies no spans as the text itself', () => {
    expect(applySpans(TEXT, mergeSpans([], []))).toBe(TEXT);
  });
});

describe('vendor and Discord tokens found on one text', () => {
  const discord = `MTIzNDU2Nzg5MDEyMzQ1Njc4OTAx.GhIjKl.${'a1B2c3D4e5'.repeat(3)}`;

  it('redacts a Discord token right after a vendor key mask', () => {
    const out = redact(`ghp_${'A1b2'.repeat(9)} ${discord}`);
    expect(out.text).toBe('[REDACTED KEY] [REDACTED DISCORD TOKEN]');
    expect(out.found).toEqual(['other-vendor-key', 'discord-token']);
  });

  it('does not see a Discord-shaped run that sits inside a vendor token', () => {
    const out = redact(`ya29.${discord}`);
    expect(out.text).toBe('[REDACTED GOOGLE TOKEN]');
    expect(out.found).toEqual(['google-oauth-token']);
  });

  it('lets a Discord token end where a masked key begins, as the masked text reads', () => {
    const out = redact(`${discord}eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlMTIz`);
    expect(out.text).toBe('[REDACTED DISCORD TOKEN][REDACTED JWT]');
  });
});

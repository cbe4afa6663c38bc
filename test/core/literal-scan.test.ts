import { describe, expect, it } from 'vitest';
import { LiteralScan } from '../../src/core/knowledge/literal-scan.js';

/** A small deterministic generator, so a failure can be replayed. */
function rng(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

describe('literal scan (Aho–Corasick)', () => {
  it('finds needles inside and overlapping other matches', () => {
    const scan = new LiteralScan(['she', 'he', 'hers', 'his', 'rate limit', 'limit exceeded']);
    expect([...scan.present('ushers')].sort()).toEqual(['he', 'hers', 'she']);
    expect([...scan.present('rate limit exceeded')].sort()).toEqual(['limit exceeded', 'rate limit']);
    expect(scan.present('nothing to see')).toEqual(new Set());
  });

  it('agrees with includes() on random needles and texts over a small alphabet', () => {
    const next = rng(42);
    const word = (max: number) => Array.from({ length: 1 + Math.floor(next() * max) }, () => 'abc d:'[Math.floor(next() * 6)]).join('');
    for (let round = 0; round < 200; round++) {
      const needles = [...new Set(Array.from({ length: 1 + Math.floor(next() * 12) }, () => word(6)))];
      const text = word(60);
      const expected = needles.filter((n) => text.includes(n)).sort();
      expect([...new LiteralScan(needles).present(text)].sort()).toEqual(expected);
      expect(new LiteralScan(needles).any(text)).toBe(expected.length > 0);
    }
  });

  it('any() tells whether a needle occurs, also one ending inside a longer partial match', () => {
    const scan = new LiteralScan(['she', 'he', 'hers', 'rate limit']);
    expect(scan.any('ushers')).toBe(true);
    expect(scan.any('sh')).toBe(false);
    expect(scan.any('the rate limiter')).toBe(true);
    expect(scan.any('rate limi')).toBe(false);
    expect(scan.any('')).toBe(false);
    expect(new LiteralScan(['é', 'naïve']).any('so naïve')).toBe(true);
  });

  it('agrees with includes() with non-ASCII characters, in a small automaton and in one too large for a full table', () => {
    const next = rng(7);
    const word = (max: number) => Array.from({ length: 1 + Math.floor(next() * max) }, () => 'ab é:–x'[Math.floor(next() * 7)]).join('');
    for (const [count, length] of [
      [12, 6],
      [3000, 9],
    ] as const) {
      const needles = [...new Set(Array.from({ length: count }, () => word(length)))];
      const scan = new LiteralScan(needles);
      for (let round = 0; round < 30; round++) {
        const text = word(400);
        expect([...scan.present(text)].sort()).toEqual(needles.filter((n) => text.includes(n)).sort());
      }
    }
  });
});

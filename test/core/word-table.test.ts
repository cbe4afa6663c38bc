import { describe, expect, it } from 'vitest';
import { WordTable } from '../../src/core/knowledge/word-table.js';

/** Made-up words of 3–12 letters, with many shared prefixes, so that probes collide and lengths differ. */
function words(count: number): string[] {
  const letters = 'abcdefghijklmnopqrstuvwxyz_0';
  const out = new Set<string>();
  let x = 12345;
  while (out.size < count) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const length = 3 + (x % 10);
    let w = '';
    for (let i = 0; i < length; i++) w += letters[(x >>> (i % 24)) % letters.length];
    out.add(w);
  }
  return [...out];
}

describe('WordTable (the packed fuzzy index)', () => {
  it('answers every lookup as the Map it was built from does', () => {
    const map = new Map(words(20_000).map((w, i) => [w, i] as const));
    const table = new WordTable(map);
    expect(table.size).toBe(map.size);
    for (const [w, i] of map) {
      expect(table.get(w)).toBe(i);
      expect(table.has(w)).toBe(true);
    }
    // Absent words: prefixes and extensions of present ones, other lengths, the empty string.
    for (const w of [...map.keys()].slice(0, 2_000)) {
      for (const probe of [w.slice(0, -1), `${w}s`, `x${w}`, w.toUpperCase()]) {
        expect(table.get(probe)).toBe(map.get(probe));
        expect(table.has(probe)).toBe(map.has(probe));
      }
    }
    expect(table.has('')).toBe(false);
  });

  it('keeps words with characters above U+00FF, and one-byte accented words, findable', () => {
    const table = new WordTable([
      ['überschritten', 1],
      ['上下文长度', 2],
      ['リクエスト', 3],
      ['overloaded', 4],
    ]);
    expect(table.size).toBe(4);
    expect([table.get('überschritten'), table.get('上下文长度'), table.get('リクエスト'), table.get('overloaded')]).toEqual([1, 2, 3, 4]);
    expect(table.get('上下文')).toBeUndefined();
    expect(table.has('overload')).toBe(false);
  });

  it('is empty when built from nothing', () => {
    const table = new WordTable<number>([]);
    expect(table.size).toBe(0);
    expect(table.get('anything')).toBeUndefined();
  });
});

/**
 * A cheap test on the lower-cased paste: any of the substrings (plain `includes`, which is fast on
 * long text), or the pattern — which only runs when its gate substring is present.
 */
export interface Hint {
  any?: string[];
  pattern?: RegExp;
  gate?: string[];
}

export function hintMatches(h: Hint, lower: string, found: Set<string>): boolean {
  // Most chat has no hint at all: then only an ungated pattern can match.
  if (found.size === 0) return !!h.pattern && !h.gate && h.pattern.test(lower);
  if (h.any?.some((x) => found.has(x))) return true;
  if (h.pattern && (!h.gate || h.gate.some((g) => found.has(g)))) return h.pattern.test(lower);
  return false;
}

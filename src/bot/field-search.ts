import { FIELD_RULES } from './secret-rules.js';

/**
 * All field rules as one search, so the engine (not a JS loop per keyword) skips what is not a field.
 * Only what redaction reads is captured: each rule's secret (its last group) and the groups its
 * back-references need. Every other group becomes non-capturing, so that a match (a hostile paste can
 * hold one every few bytes) allocates one string per kept group instead of one per group.
 */

interface Groups {
  /** Where each capturing `(` stands, in group order. */
  opens: number[];
  /** Back-references: where each `\N` stands, its length and N. */
  refs: Array<{ at: number; length: number; group: number }>;
}

function groupsOf(source: string): Groups {
  const opens: number[] = [];
  const refs: Groups['refs'] = [];
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const digits = inClass ? null : /^[1-9]\d*/.exec(source.slice(i + 1, i + 4));
      if (digits) refs.push({ at: i, length: digits[0].length + 1, group: Number(digits[0]) });
      i += digits ? digits[0].length : 1;
    } else if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
    } else if (c === '(' && source[i + 1] !== '?') {
      opens.push(i);
    } else if (c === '(' && source.startsWith('(?<', i) && !'=!'.includes(source[i + 3] as string)) {
      throw new Error(`field rule with a named group: ${source}`);
    }
  }
  return { opens, refs };
}

/** A rule's pattern with only its secret and back-referenced groups capturing, numbered from `first`. */
export function leanSource(source: string, first: number): { source: string; groups: number } {
  const { opens, refs } = groupsOf(source);
  const kept = new Set([opens.length, ...refs.map((r) => r.group)]);
  const number = new Map<number, number>();
  for (let g = 1; g <= opens.length; g++) if (kept.has(g)) number.set(g, first + number.size);
  const edits = [
    ...opens.flatMap((at, k) => (kept.has(k + 1) ? [] : [{ at, length: 1, text: '(?:' }])),
    ...refs.map((r) => ({ at: r.at, length: r.length, text: `\\${number.get(r.group)}` })),
  ].sort((x, y) => x.at - y.at);
  let out = '';
  let copied = 0;
  for (const e of edits) {
    out += source.slice(copied, e.at) + e.text;
    copied = e.at + e.length;
  }
  return { source: out + source.slice(copied), groups: number.size };
}

/** For each rule, in order, the group of the combined search that holds its secret. */
export const FIELD_SECRET_GROUP: number[] = [];

export const FIELD_SEARCH = new RegExp(
  FIELD_RULES.map((r) => {
    const first = (FIELD_SECRET_GROUP.at(-1) ?? 0) + 1;
    const lean = leanSource(r.pattern.source, first);
    FIELD_SECRET_GROUP.push(first + lean.groups - 1);
    return `(?:${lean.source})`;
  }).join('|'),
  'gi',
);

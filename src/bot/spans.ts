/**
 * Replacements found over one text, applied once. A span is [start, end, replacement] over the text
 * the rule scanned; spans of one rule never overlap and come in order.
 */
export type Span = [start: number, end: number, replacement: string];

/**
 * Spans of two rules over the same text, the first rule ahead: as when the second rule runs on the
 * first rule's output, a span of the second that overlaps one of the first (or sits inside its masked
 * stretch) is dropped. Spans that only touch are both kept.
 */
export function mergeSpans(first: Span[], second: Span[]): Span[] {
  if (second.length === 0) return first;
  const out: Span[] = [];
  let i = 0;
  for (const s of second) {
    while (i < first.length && (first[i] as Span)[1] <= s[0]) out.push(first[i++] as Span);
    const f = first[i];
    if (f && f[0] < s[1]) continue;
    out.push(s);
  }
  while (i < first.length) out.push(first[i++] as Span);
  return out;
}

/** The text with every span replaced: built once, left to right. */
export function applySpans(text: string, spans: Span[]): string {
  if (spans.length === 0) return text;
  let out = '';
  let copied = 0;
  for (const [start, end, replacement] of spans) {
    out += text.slice(copied, start) + replacement;
    copied = end;
  }
  return out + text.slice(copied);
}

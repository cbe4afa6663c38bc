/**
 * Splitting and trimming for platform limits. Splits prefer paragraph, then line, then word boundaries,
 * and a code fence cut in two is closed and reopened so both halves still render as code.
 */

export function splitText(text: string, limit: number): string[] {
  if (limit < 20) throw new Error('limit too small');
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    let cut = rest.lastIndexOf('\n\n', limit);
    if (cut < limit * 0.5) cut = rest.lastIndexOf('\n', limit);
    if (cut < limit * 0.5) cut = rest.lastIndexOf(' ', limit);
    if (cut < limit * 0.5) cut = limit - 4;
    let head = rest.slice(0, cut).trimEnd();
    let tail = rest.slice(cut).replace(/^\s+/, '');
    if (countFences(head) % 2 === 1) {
      // The cut fell inside a code block: close it here and reopen it in the next part.
      if (head.length + 4 > limit) head = head.slice(0, limit - 4);
      head = `${head}\n\`\`\``;
      tail = `\`\`\`\n${tail}`;
    }
    parts.push(head);
    if (tail.length >= rest.length) break; // no progress possible
    rest = tail;
  }
  if (rest) parts.push(rest);
  return parts;
}

function countFences(text: string): number {
  return (text.match(/```/g) ?? []).length;
}

/** Cuts text to `limit` characters, ending with `pointer` (e.g. "… full article: <url>"). */
export function trimWithPointer(text: string, limit: number, pointer: string, always = false): string {
  if (text.length <= limit && !always) return text;
  const room = Math.max(0, limit - pointer.length - 2);
  let head = text.slice(0, room);
  const cut = head.lastIndexOf('\n');
  if (cut > room * 0.6) head = head.slice(0, cut);
  if (countFences(head) % 2 === 1) head = `${head.slice(0, Math.max(0, room - 4))}\n\`\`\``;
  return `${head}\n${pointer}`.slice(0, limit);
}

export function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

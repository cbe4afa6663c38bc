import type { Article } from '../types.js';

/**
 * The message part of a signature written as `ExceptionClass: message` ("APIConnectionError: Connection
 * error.", "APIUserAbortError: Request was aborted."). Wrappers replace the class with their own prefix —
 * Claude Code prints `API Error: message` or `API Error (message)`, UIs print the message alone — so the
 * message part is worth matching by itself: as the whole signature behind a Claude Code prefix, and as a
 * possible match (someone asked) when it stands alone.
 */
export interface MessagePart {
  article: Article;
  /** Lower-cased message, at least MIN_MESSAGE_CHARS long. */
  text: string;
  /** The rarest word of the message: the part is tried only when the paste contains it. */
  anchor: string;
  /** Length of the full signature, for its weight when a wrapper prefix stands in for the class. */
  fullLength: number;
  /** The signature's exception class (last dotted segment), lower case. */
  className: string;
}

const MIN_MESSAGE_CHARS = 12;
const CLASS_PREFIX = /^(?:[a-z_][\w.]{0,60}\.)?([A-Z]\w{0,60}(?:Error|Exception))(?::\s?|\s\()(.+?)\)?$/;
const WORD = /[a-z0-9_]{3,}/g;

export function buildMessageParts(articles: Article[], rarity: Map<string, number>): Map<string, MessagePart[]> {
  const byAnchor = new Map<string, MessagePart[]>();
  for (const article of articles) {
    for (const s of article.signatures) {
      if (s.kind !== 'literal') continue;
      // The class is recognised on the source (its capitals); the text is taken from the needle, which is
      // what matching compares against (lower case, typography made canonical).
      const source = s.source.trim();
      const m = CLASS_PREFIX.exec(source);
      if (!m?.[1] || !m[2] || s.needle.length !== source.length) continue;
      const start = source.lastIndexOf(m[2]);
      const text = s.needle.slice(start, start + m[2].length).trim();
      if (!text || text.length < MIN_MESSAGE_CHARS) continue;
      const words = text.match(WORD) ?? [];
      let anchor: string | null = null;
      for (const w of words) if (anchor === null || (rarity.get(w) ?? 0) < (rarity.get(anchor) ?? 0)) anchor = w;
      if (!anchor) continue;
      const part = { article, text, anchor, fullLength: s.needle.length, className: m[1].toLowerCase() };
      const list = byAnchor.get(anchor);
      if (list) list.push(part);
      else byAnchor.set(anchor, [part]);
    }
  }
  return byAnchor;
}

export interface MessagePartHit {
  part: MessagePart;
  /**
   * The prefix that stands in for the class: Claude Code's `API Error: ` / `API Error (`, or the bare
   * `Error: ` that older TypeScript SDKs print for every error class (their errors did not set `name`,
   * so Claude Code's error log and Node stack traces show "Error: Request was aborted."). Null when the
   * message stands alone.
   */
  wrapper: string | null;
}

/** `API Error: ` / `API Error (`, or `Error: ` opening a line, a quoted string or a bracket. */
const WRAPPER = /(?:api error(?:: | \()|(?:^|[\s"'[{(])error: )$/;
/**
 * How far before its message the signature's own class may stand and still be its class: the same error
 * printed as a repr (`APIConnectionError('Connection error.')`), a `Type: …` line above the message, or
 * key=value fields (`error_type=APIConnectionError message=Connection error.`).
 */
const CLASS_WINDOW = 48;

/** The signature's class written shortly before its message, in another shape than `Class: message`. */
function classBefore(part: MessagePart, lower: string, at: number): string | null {
  const before = lower.slice(Math.max(0, at - CLASS_WINDOW), at);
  const i = before.lastIndexOf(part.className);
  if (i < 0) return null;
  const boundary = i === 0 ? (at - CLASS_WINDOW > 0 ? lower[at - CLASS_WINDOW - 1] : '') : before[i - 1];
  if (boundary && /[a-z0-9_]/.test(boundary)) return null;
  // Between the class and the message: quotes, brackets, separators and field names only (no sentence).
  return /^[\s"'`([{:=,;|-]*(?:(?:message|msg|error_message|detail)[\s"':=]*)?$/.test(before.slice(i + part.className.length))
    ? before.slice(i).replace(/\s+/g, ' ')
    : null;
}

/** Message parts present in the paste, each article once. */
export function findMessageParts(index: Map<string, MessagePart[]>, lower: string, words: Set<string>): MessagePartHit[] {
  const hits: MessagePartHit[] = [];
  const seen = new Set<string>();
  for (const word of words) {
    const parts = index.get(word);
    if (!parts) continue;
    for (const part of parts) {
      if (seen.has(part.article.id)) continue;
      const at = lower.indexOf(part.text);
      if (at < 0) continue;
      seen.add(part.article.id);
      const wrapper = WRAPPER.exec(lower.slice(Math.max(0, at - 12), at));
      hits.push({ part, wrapper: wrapper ? wrapper[0].trimStart() : classBefore(part, lower, at) });
    }
  }
  return hits;
}

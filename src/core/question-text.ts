/**
 * The shape of a message as written: a question, words of one's own, or a paste. Pure string tests the
 * question path and the bot's triggers share.
 */

/** A message written as a question ("why…", "how do I…", "…?"), for the opt-in unprompted answers. */
export function looksLikeQuestion(text: string): boolean {
  const t = text.trim();
  if (t.length < 12 || t.length > 2_000) return false;
  return /\?\s*$/m.test(t) || /^(?:why|how|what|when|where|which|who|is|are|can|could|does|do|should|has|have|anyone|any idea)\b/i.test(t);
}

/**
 * Someone writing in their own words (a question, "I keep getting…", an issue title), not a bare
 * paste: a question, a first person, or text with hardly any of the brackets and quotes of JSON and code.
 */
export function writtenInWords(text: string, anyScript = false): boolean {
  if (looksLikeQuestion(text) || /\b(?:i|i'm|im|i've|my|we|we're|our|us|me)\b/i.test(text)) return true;
  return proseShare(text, anyScript) >= PROSE_SHARE;
}

/** Share of prose words a message needs to count as written in words (JSON and traces sit far below). */
const PROSE_SHARE = 0.75;
const PROSE_WORD = /^[("'\u2018\u201c]?[A-Za-z][a-z']*[)"'\u2019\u201d]?[.,!?:;]?$/;
/**
 * Chinese and Japanese are written without spaces, so a whole clause is one token: a token with a run of
 * CJK characters and none of the brackets, quotes or separators of JSON and code counts as prose, weighed
 * by its length.
 */
const CJK_PROSE = /^(?=[^{}[\]<>="/\\_]*$).*[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]{2}/u;
const CJK_CHARS = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]/gu;

/**
 * The share of whitespace-separated tokens that are plain words ("model", "Claude,", "(Claude)"), not
 * keys, paths, numbers or punctuation. Counting tokens rather than symbols per character keeps a sentence
 * with a couple of quoted words ("thinking") in words, and a JSON body or a stack trace out.
 */
export function proseShare(text: string, cjk = false): number {
  const tokens = text.slice(0, 4_000).split(/\s+/).filter(Boolean);
  if (tokens.length === 0) return 0;
  let prose = 0;
  let all = 0;
  for (const t of tokens) {
    const clause = cjk && CJK_PROSE.test(t);
    // A CJK clause is one token however long it is: weigh it by its characters, two to a word.
    const weight = clause ? Math.max(1, Math.floor((t.match(CJK_CHARS)?.length ?? 0) / 2)) : 1;
    all += weight;
    if (clause || PROSE_WORD.test(t)) prose += weight;
  }
  return prose / all;
}

/**
 * Words of one's own in any script, for judging what a matched paste is about (`pasteBelongsElsewhere`):
 * "使用的minimax api，经常返回 …" says whose API failed as plainly as the English would. The question path
 * keeps the English reading, whose "might be" lists were set on English text. (Counting CJK clauses only ever
 * raises the prose share, so this is the English test with them counted, in one pass.)
 */
export function writtenInWordsAnyScript(text: string): boolean {
  return writtenInWords(text, true);
}

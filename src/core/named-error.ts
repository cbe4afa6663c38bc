import { canonicalWords } from './knowledge/index.js';

/**
 * Where a sentence names its error. People asking about an error rarely paste it alone: they write it
 * into a sentence ("after a while I'm getting prompt is too long error from the agent sdk", "keeps saying
 * "Credit balance too low" since this morning", "the error is request too large"). The error's own words
 * then sit in a slot the sentence makes for them: between quotes or backticks, or after a verb or noun that
 * introduces an error ("getting", "keeps saying", "the error", "error:"), up to the first word that starts
 * the rest of the sentence ("error", "from", "when", "after", a comma). Those slots are what a short
 * fragment of a signature must fill (fuzzy.ts), rather than the whole sentence. Pure: regexes over text.
 */

/** Quoted text: straight or curly double or single quotes, or backticks (a slot needs two words, see below). */
const QUOTED = /"([^"\n]{4,160})"|“([^”\n]{4,160})”|`([^`\n]{4,160})`|(?<![a-z])'([^'\n]{4,160})'(?![a-z])|‘([^’\n]{4,160})’/gi;

/** Verbs that introduce the error a sentence reports ("keeps getting", "returns", "fails with"). */
const CUE_VERB =
  '(?:(?:keeps?|kept|still|always|constantly|now|suddenly|started|start)\\s+)?(?:getting|get|gets|got|seeing|see|sees|saw|hitting|hit|hits|throwing|throws?|threw|returning|returns?|returned|raising|raises?|raised|showing|shows?|showed|saying|says?|said|receiving|receive[sd]?|giving|gives?|gave|displays?|displaying|reports?|reporting)';
/** Nouns and phrases that do the same ("the error", "error message:", "fails with", "came back with"). */
const CUE_PHRASE =
  '(?:fails? with|failing with|failed with|errors? (?:out )?with|(?:got|gets?|came|comes?) back with|(?:the|an|this|that|same|following) (?:error|message|exception|response)(?: message)?(?: is| was| of| says| saying)?|error(?: message)?\\s*[:=-])';
/** Where a slot starts: right after a cue. */
const CUE = new RegExp(`\\b(?:${CUE_PHRASE}|${CUE_VERB})\\s+`, 'gi');

/** Words that end a slot: the sentence goes on about when, where or why. */
const SLOT_END = new Set([
  'error',
  'errors',
  'exception',
  'exceptions',
  'message',
  'messages',
  'issue',
  'issues',
  'problem',
  'problems',
  'from',
  'when',
  'whenever',
  'while',
  'after',
  'before',
  'since',
  'because',
  'but',
  'and',
  'even',
  'though',
  'although',
  'every',
  'each',
  'on',
  'in',
  'with',
  'for',
  'at',
  'during',
  'despite',
  'whatever',
  'if',
  'so',
  'again',
  'all',
  'it',
  'i',
  'we',
  'my',
  'our',
  'any',
  'no',
  'now',
  'today',
  'anymore',
  'continuously',
  'constantly',
  'repeatedly',
  'randomly',
  'sometimes',
  'often',
  'always',
]);
/** Leading words of a slot that are not the error's (an article, an adjective about it). */
const SLOT_LEAD = new Set(['a', 'an', 'the', 'this', 'that', 'same', 'following', 'new', 'weird', 'strange']);
/**
 * Words that typed fragments drop or add around an error's wording ("prompt too long" for "prompt is too
 * long", "credit balance too low" for "Your credit balance is too low"): fuzzy.ts leaves them out on both
 * sides before comparing runs, so that they neither break a run nor count as one; slots leave them out too.
 * A size with its unit glued on is split the way signatures write it.
 */
const FILLER = new Set(['is', 'are', 'was', 'were', 'be', 'been', 'the', 'a', 'an', 'your']);

/** A size typed with its unit glued on ("5mb", "20MB"), as signatures write it apart ("5 MB"). */
const GLUED_SIZE = /^(\d+)(kb|mb|gb|tb|k|m)$/;

export function contentWords(words: string[]): string[] {
  const out: string[] = [];
  for (const w of words) {
    if (FILLER.has(w)) continue;
    const m = GLUED_SIZE.exec(w);
    if (m) out.push(m[1] as string, m[2] as string);
    else out.push(w);
  }
  return out;
}

/** Slot end in characters: punctuation that closes a clause. */
const CLAUSE_END = /[,.;!?()[\]{}\n]|\s-\s|\s–\s/;
const MAX_SLOT_WORDS = 10;
const MAX_SLOTS = 6;

/** The slot that begins at `text` (already after its cue), as canonical words; empty when it names nothing. */
function slotAfterCue(text: string): string[] {
  const clause = text.split(CLAUSE_END)[0] ?? '';
  const words = canonicalWords(clause).split(' ').filter(Boolean);
  let start = 0;
  while (start < words.length && SLOT_LEAD.has(words[start] as string)) start++;
  const out: string[] = [];
  for (const w of words.slice(start)) {
    if (SLOT_END.has(w) || out.length >= MAX_SLOT_WORDS) break;
    out.push(w);
  }
  return out;
}

/**
 * The slots of a sentence where an error is named, each as its canonical words (fuzzy.ts compares runs of
 * canonical words). At most a few; none in a message that is not a sentence around an error name.
 */
export function namedErrorSlots(lower: string): string[][] {
  const slots: string[][] = [];
  const push = (all: string[]) => {
    const words = contentWords(all);
    if (words.length >= 2 && slots.length < MAX_SLOTS && !slots.some((s) => s.join(' ') === words.join(' '))) slots.push(words);
  };
  for (const m of lower.matchAll(QUOTED)) {
    const inner = m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5] ?? '';
    push(
      canonicalWords(inner)
        .split(' ')
        .filter(Boolean)
        .slice(0, MAX_SLOT_WORDS * 2),
    );
  }
  for (const m of lower.matchAll(CUE)) push(slotAfterCue(lower.slice(m.index + m[0].length)));
  return slots;
}

/** The run of words covers one of the slots, or lies inside one and fills at least half of it. */
export function fillsSlot(run: string[], slots: string[][]): boolean {
  const text = ` ${run.join(' ')} `;
  return slots.some((slot) => {
    const s = ` ${slot.join(' ')} `;
    return text.includes(s) || (run.length * 2 >= slot.length && s.includes(text));
  });
}

import { stemmer } from 'stemmer';
import { withoutMoney } from './question-kinds.js';

/**
 * The words the question index (questions.ts) is built from and searched with: lower-case, code names
 * split, stop words out, stemmed; and a signature's words without its regex syntax.
 */

// Function words and chat filler: they say nothing about which problem is meant.
export const STOP_WORDS = new Set(
  `a about above after again against all am an and any are aren't as at be because been before being below between both but by can
  cannot could couldn't did didn't do does doesn't doing don't down during each few for from further had hadn't has hasn't have
  haven't having he her here hers herself him himself his how i i'm i've if in into is isn't it it's its itself just let's me more
  most my myself no nor not of off on once only or other ought our ours ourselves out over own same she should shouldn't so some such
  than that that's the their theirs them themselves then there there's these they this those through to too under until up very was
  wasn't we were weren't what when where which while who whom why will with won't would wouldn't you your yours yourself also
  anyone anybody someone somebody anything something everything hi hello hey thanks thank please pls help helps question questions
  issue issues problem problems know knows trying try tried tries want wants wanted need needs needed get gets getting got use
  uses using used work works working worked seem seems seemed still even really actually keep keeps kept like way thing things
  happen happens happened happening sure maybe ok okay yes since now today anyway however else us via per etc e.g i.e`.split(/\s+/),
);

/** Lower-case words with code names split (`RateLimitError` → rate limit error), stop words out, stemmed. */
export function questionTerms(text: string): string[] {
  const spaced = withoutMoney(text)
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    // Status codes as people write them: "429s", "HTTP429", "error_529", "status=413" all mean the code.
    .replace(/(?<![a-z0-9])(?:https?|error|status|code)?[ _=:-]?([1-5]\d\d)s?(?![a-z0-9])/g, ' $1 ');
  const out: string[] = [];
  for (const raw of spaced.split(/[^a-z0-9']+/)) {
    const w = raw.replace(/^'+|'+$/g, '');
    if (w.length < 2 || STOP_WORDS.has(w)) continue;
    if (/^\d+$/.test(w) && w.length !== 3) continue; // HTTP statuses count; other numbers are noise
    out.push(stemmer(w.replace(/'s$/, '')));
  }
  return out;
}

/** A signature as words: a regex's escapes, classes and quantifiers dropped, so `\\d{1,3}` adds nothing. */
export function signatureWords(source: string): string {
  const regex = /^\/(.*)\/[a-z]*$/s.exec(source);
  if (!regex) return source;
  return (regex[1] ?? '')
    .replace(/\\[a-zA-Z]/g, ' ')
    .replace(/\[[^\]]*\]|\{[^}]*\}|\(\?[:!=<]+/g, ' ')
    .replace(/[.*+?|()^$\\]/g, ' ');
}

/**
 * Kinds of questions no article answers, read from their words: what a plan or the API costs, a wish for
 * a feature, a comparison of products or models, advice on prompting or the model's style, setting up the
 * editor or terminal around the tool, thanks, and the chat of `question-chat.ts` (the account and its
 * support, opinions of the model, the user's shell).
 * Each is ours only when the message also describes an error (a status, a refused request, a failure):
 * "which plan should I pick" is not, "I paid for credits and still get credit balance too low" is.
 * Pure: regexes over the text.
 */

import { CHAT_KINDS, type ChatKind, DECISIVE_CHAT } from './question-chat.js';

/**
 * Amounts of money ("$100", "€20", "200$", "200 USD", "100/month"): a price is not an HTTP status, though
 * "$200" holds the same three digits as "200" and "$529" as "529".
 */
const MONEY =
  /[$€£]\s?\d[\d,.]*k?\b|\b\d[\d,.]*\s?(?:[$€£](?![\w$])|(?:usd|dollars?|euros?|eur)\b)|\b\d[\d,.]*\s?\/\s?(?:mo|month|yr|year)\b/gi;

/** The text with amounts of money left out. */
export function withoutMoney(text: string): string {
  return text.replace(MONEY, ' ');
}

/**
 * Words that say a request failed or a feature misbehaves ("the cache does not seem to work", "charged more
 * than expected"): what puts a question about plans or features back on our ground.
 */
const ERROR_EVIDENCE =
  /\b(?:errors?|exceptions?|fail\w*|denied|reject\w*|refus\w*|invalid|exceed\w*|too low|insufficient|declined|overloaded|rate[ -]?limit\w*|throttl\w*|quota|timed? ?out|(?:is|are)n'?t working|not working|(?:doesn'?t|don'?t|didn'?t|(?:does|do|did) not) (?:seem to )?work|stopped working|broken|more than expected|(?:over)?charged(?! at\b)|billed(?! (?:at|as)\b))\b|(?<![\d/.,]|\.[a-z]{1,4}:)\b[1-5]\d\d\b(?![\d/.,%])|\b[a-z]+_error\b/i;

/** The message describes a failed request (an amount of money is not a status code). */
export function reportsError(text: string): boolean {
  return ERROR_EVIDENCE.test(withoutMoney(text));
}

/** What something costs, which plan to take, whether it is free or discounted. */
const PRICING =
  /\b(?:pric(?:e|es|ed|ing)|costs?|costing|cheap\w*|expensive|discounts?|free (?:tier|credits?|plan|trial)|is (?:the )?(?:\w+ )?(?:api )?free\b|how much (?:does|do|is|will|would|should)|(?:which|what) (?:plan|tier|subscription)|pay (?:separately|extra|more|for (?:the )?api)|included in (?:my |the )?(?:plan|subscription|max|pro)|worth (?:it|the money|paying))\b/i;

/**
 * A message that opens by calling itself a wish or a docs change, as issue titles do ("Feature request: …",
 * "[FEATURE] …", "Docs request: …"). No article explains a change to the product or its docs, however
 * closely the wish names what an article is about; a wish that reports an error is not asked here.
 */
const WISH_TITLE =
  /^\s*(?:\[\s*)?(?:feature(?:[ -]request)?|feat|enhancement|suggestion|proposal|(?:docs?|documentation)(?:[ -](?:request|improvement|update))?)\s*(?:\]\s*:?|:)/i;

/**
 * A message that opens with a change in the imperative, as wish titles do without a label ("Support prompt
 * caching for Claude models", "Update context window for Sonnet 4", "[Enhancement]: Add Claude Sonnet 4.5"):
 * what a product's makers should build. Read on the first line only; a wish that reports an error is not asked
 * here (see `offTopicKind`), so "Add proxy support: requests fail behind a proxy" stays ours.
 */
const CHANGE_TITLE =
  /^\s*(?:\[[^\]\n]{0,40}\]\s*:?\s*)?(?:add|support|update|allow|enable|expose|implement|introduce|provide|expand|extend|improve|upgrade|bump|integrate|include)\b(?!['’])/i;

/**
 * A change asked of the people who make a product ("could ProxyAI add a base URL field", "please support
 * OAuth tokens", "are there plans to…"): what they should build, which no article explains, however
 * closely it names what one is about. A wish that reports an error is not asked here.
 */
const FEATURE_REQUEST =
  /\b(?:feature request|(?:docs?|documentation) request|(?:can|could) (?!i\b|we\b)(?:\w+ ){1,4}(?:please )?(?:add|offer|introduce|expose)\b|please (?:add|support|let us|allow|consider|introduce)|(?:can|could) you (?:please )?support|are there (?:any )?plans|any plans?\b|planning to (?:offer|add|support)|add(?:ing)? support for)\b/i;

/**
 * A wish voiced in passing ("it would be great if", "I'd love", "an option to disable"): it often closes a
 * question an article does answer ("can I use my Max plan outside Claude Code? would be nice").
 */
const WISH =
  /\b(?:(?:would|it'?d) be (?:really |so |very |super )?(?:great|nice|awesome|helpful|useful|cool)|would (?:really )?love|i'?d (?:really )?love|customi[sz]able|user[- ]configurable|option to (?:disable|enable|change|turn off|configure|regulate))\b/i;

/**
 * How to set something up ("is there a way to configure your proxy", "I would like to customize the base
 * URL"): a how-to with no failure in it. The articles explain failures, so one whose words it shares (the
 * base URL, the proxy) answers a question that was not asked. Read only where the message describes no
 * trouble at all (see `describesTrouble`), a wider test than `reportsError`.
 */
const SETUP_HOWTO =
  /\b(?:how (?:do|can|could|should|would) (?:i|we|you|one)|is (?:there|it) (?:a|any) (?:way|option|setting)|is it possible|would like to|want to|wanna)\b.{0,40}\b(?:configure|customi[sz]e|set ?up|change|point|route|proxy|specify|override)\b/i;

/** The message asks how to set something up (a how-to, whether or not it also describes trouble). */
export function asksHowToSetUp(text: string): boolean {
  return SETUP_HOWTO.test(text);
}

/** Two products or models set side by side. */
const COMPARISON =
  /\b(?:better|worse|faster|slower|cheaper|smarter) than\b|\bcompar(?:e|ed|ing|ison)\b|\bversus\b|\bvs\.?\s(?!code\b)|\bperforms? (?:better|worse)\b|\bsuperior\b|\balternatives? to\b/i;

/** How the model writes (verbosity, tone, following instructions) or how to write a prompt. */
const PROMPT_ADVICE =
  /\b(?:verbos\w*|concise\w*|wordy|word salad|overexplain\w*|tone|output style|(?:doesn'?t|does not|don'?t|won'?t|not) follow(?:ing)? (?:my |the )?(?:instructions|rules|claude\.md)|ignor(?:es|ed|ing) (?:my |the )?(?:instructions|rules|claude\.md)|system prompts? to (?:better )?guide|how (?:do|can|should) i (?:write|phrase|prompt)|prompt(?:ing)? (?:tips|advice|technique)s?)\b/i;

/** Setting up the editor or terminal around the tool: keys, shortcuts, themes, editor integrations. */
const EDITOR_SETUP =
  /\b(?:key ?bindings?|keyboard shortcuts?|hotkeys?|keymaps?|vim? mode|vi keybindings|inputrc|tmux|neovim|nvim|emacs|colou?r (?:theme|scheme)|dark (?:mode|theme)|font size|status ?line)\b/i;

/** Thanks or a greeting with nothing asked. */
const THANKS = /\b(?:thanks|thank you|thx|kudos|appreciate (?:it|this|your))\b/i;

export type OffTopicKind =
  | 'wish-title'
  | 'pricing'
  | 'feature-request'
  | 'wish'
  | 'comparison'
  | 'prompt-advice'
  | 'editor-setup'
  | 'thanks'
  | ChatKind;

const KINDS: [OffTopicKind, RegExp][] = [
  ...CHAT_KINDS,
  ['wish-title', WISH_TITLE],
  ['wish-title', CHANGE_TITLE],
  ['pricing', PRICING],
  ['feature-request', FEATURE_REQUEST],
  ['wish', WISH],
  ['comparison', COMPARISON],
  ['prompt-advice', PROMPT_ADVICE],
  ['editor-setup', EDITOR_SETUP],
  ['thanks', THANKS],
];

/**
 * An error quoted as the API or a tool writes it, not merely named in words: an error type
 * (`overloaded_error`), an exception class (`RateLimitError`), a status beside the word error or status
 * ("error 429", "HTTP 503", "529 error"), or a line that opens with `Error:`. "Quota", "limit" and
 * "exceeds" describe what a wish is about as often as they report a failure; these do not.
 */
const QUOTED_ERROR =
  /\b[a-z]+_error\b|\b[A-Z]\w*(?:Error|Exception)\b|\b(?:error|status|http|code)\b[^\n]{0,20}?(?<!\d[/.,]?)\b[45]\d\d\b(?![%\d]|[/.,]\d)|(?<!\d[/.,]?)\b[45]\d\d\b(?![%\d]|[/.,]\d)[^\n]{0,20}?\berror\b|^\s*(?:api )?error:/im;

/** The message quotes an error as it was written (see `QUOTED_ERROR`). */
export function quotesError(text: string): boolean {
  return QUOTED_ERROR.test(withoutMoney(text));
}

/**
 * The kind of question no article answers, when the message is one and describes no failed request;
 * null otherwise. A question that quotes an error stays ours whatever else it asks. An issue labelled as a
 * wish ("[Feature Request]: …") is read as one unless it quotes an error: its words about limits, quotas
 * and tokens say what the wish is about ("show the remaining daily tokens"), not that a request failed.
 */
export function offTopicKind(text: string): OffTopicKind | null {
  if (reportsError(text)) return WISH_TITLE.test(text) && !quotesError(text) ? 'wish-title' : null;
  const plain = withoutMoney(text);
  for (const [kind, pattern] of KINDS) if (pattern.test(plain)) return kind;
  return null;
}

/** Kinds no article answers however strong the match (beside the chat kinds of `DECISIVE_CHAT`). */
const DECISIVE_KINDS = new Set<OffTopicKind>(['prompt-advice', 'wish-title', 'feature-request', 'pricing', ...DECISIVE_CHAT]);

/**
 * Whether a very strong match on the question's words still makes it ours: a wish in passing or a
 * comparison can name exactly what an article explains ("can I use my Max plan outside Claude Code? would be
 * nice"), but no article explains a change asked of a product's makers, what something costs when nothing
 * failed (a tool's own cost estimate shares every word with the cache-pricing articles), a refund or the
 * user's shell, nor how to prompt: a question on making Claude less verbose shares "system prompt" and
 * "follow" with the article on system turns, and those shared words alone made it a strong match once that
 * article quoted the placement errors.
 */
export function strongMatchOverrides(kind: OffTopicKind): boolean {
  return !DECISIVE_KINDS.has(kind);
}

import { extractSignals } from './extract.js';
import { normalise } from './normalize.js';
import { namesClaude } from './question-guards.js';

/**
 * The provider and model fields of coding tools' issue templates ("Which API Provider are you using?
 * Anthropic", "Which Model are you using? Claude 3.5 Sonnet", "### Provider/Model" followed by
 * "anthropic/claude-sonnet-4"). People fill them in whatever the issue is about (the tool's terminal, its
 * editor panel, its settings), so Claude named only there does not make a message one about Claude's
 * API. A request body's `"model": "claude-…"` is not a template field and stays. Pure: regexes.
 */

/** A field asked as a question, answered after it (same line or the next) up to the end of its sentence. */
const ASKED_FIELD =
  /\bwhich (?:api )?(?:provider|model)s? (?:are|did) you (?:using|use)\??[ \t]*(?:\n[ \t]*)*[^\n]*?(?:[.!?](?=\s|$)|\n|$)/gi;

/** A field as a heading ("### Provider/Model", "### Claude Model") with the line under it. */
const HEADED_FIELD = /^[ \t]*#{1,6}[ \t]*(?:(?:api )?provider(?:[ \t]*\/[ \t]*model)?|claude model|model)[ \t]*\n(?:[ \t]*\n)*[^\n]*/gim;

/** A field as an inline label: "Provider/Model: anthropic/claude-sonnet-4". */
const LABELLED_FIELD = /\b(?:api )?provider[ \t]*\/[ \t]*model[ \t]*:[ \t]*\S+/gi;

/** The text without the provider and model fields of an issue template. */
export function withoutModelFields(text: string): string {
  return text.replace(ASKED_FIELD, ' ').replace(HEADED_FIELD, ' ').replace(LABELLED_FIELD, ' ');
}

/**
 * Whether the message names Claude or its platforms outside the provider and model fields of an issue
 * template; null when it has no such fields (the caller's own reading stands).
 */
export function claudeOutsideModelFields(text: string): boolean | null {
  const rest = withoutModelFields(text);
  if (rest === text) return null;
  const meta = { binary: false, truncated: false };
  return namesClaude(rest) || extractSignals(normalise(rest), meta).anthropicContext;
}

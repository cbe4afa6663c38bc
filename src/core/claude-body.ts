/**
 * Claude's request body named by Bedrock's validator. `InvokeModel` checks the body against the chosen
 * model's own JSON schema and names the key that failed ("Malformed input request: #: required key [x] not
 * found"). Some required keys belong to Claude's bodies alone: the Messages body requires `anthropic_version`
 * and `max_tokens`, the older Text Completions body `max_tokens_to_sample`, and Claude's schema offers the
 * two bodies as alternatives, so a Messages body that fails it is reported against the text-completion branch
 * ("subject must not be valid against schema {"required":["messages"]}"). Either wording says the model was
 * Claude even when no model id was pasted. (`messages` alone is not enough: Nova requires it too.)
 *
 * The opposite reading, a key of Claude's body that the model rejects ("extraneous key [max_tokens] is not
 * permitted": the body went to another model), is in vendors.ts. Sources: the Bedrock pages on Claude's
 * Messages and Text Completions parameters (cited by the article `bedrock-malformed-input-request`).
 */

/** A key only Claude's Bedrock bodies require, reported missing. */
const CLAUDE_REQUIRED_KEY = /required key \[(?:anthropic_version|max_tokens|max_tokens_to_sample)\] not found/;

/** Claude's schema refusing a Messages body on its text-completion branch, quotes escaped, dropped or kept. */
const CLAUDE_SCHEMA_ALTERNATIVE =
  /subject must not be valid against schema \{\s?\\?"?required\\?"?\s?:\s?\[\s?\\?"?messages\\?"?\s?\]\s?\}/;

/** True when Bedrock's schema message in the lower-cased paste names a part of Claude's own request body. */
export function showsClaudeRequestBody(lower: string, words: Set<string>): boolean {
  if (!words.has('required')) return false;
  return CLAUDE_REQUIRED_KEY.test(lower) || CLAUDE_SCHEMA_ALTERNATIVE.test(lower);
}

import { ANTHROPIC_ERROR_TYPES } from './fields.js';
import type { TypedMessage } from './types.js';

/**
 * Reads API errors as (type, message) pairs in every shape pastes print them (see `TypedMessage`), so that
 * the message's own words can choose among the articles that the type (and status) fit equally
 * (message-choice.ts).
 */

const TYPE = `([a-z_]+_error|request_too_large)`;
const Q = `['"\\\\]{0,2}`;
/**
 * A field's value: double-quoted (also inside an escaped JSON string), single-quoted (Python's repr), or
 * bare up to the next comma or brace. A quote of the other kind inside the value belongs to the message.
 */
const VALUE = String.raw`(?:\\?"((?:[^"\\\n]|\\[^"]){1,400}?)\\?"|'((?:[^'\\\n]|\\.){1,400}?)'|([^,}\n'"\\]{1,300}))`;
/** `type` then `message` as fields: JSON, repr, `type: x, message: y`, `type=x message=y`, `error.type=x error.message=y`. */
const TYPE_THEN_MESSAGE = new RegExp(
  String.raw`\btype${Q}\s*[:=]\s*${Q}${TYPE}${Q}\s*[,;]?\s*${Q}(?:error[._])?message${Q}\s*[:=]\s*${VALUE}`,
  'gi',
);
/** `message` then `type` (some gateways and loggers order the keys the other way). */
const MESSAGE_THEN_TYPE = new RegExp(String.raw`\bmessage${Q}\s*[:=]\s*${VALUE}\s*[,;]?\s*${Q}type${Q}\s*[:=]\s*${Q}${TYPE}\b`, 'gi');
/**
 * A type followed by its message: `not_found_error: Not Found`, `overloaded_error - Overloaded`, or after the
 * brackets that close a status and type (`((HTTP/2 404) not_found_error) model: claude-…`, Emacs gptel's shape).
 */
const TYPE_COLON_MESSAGE = new RegExp(String.raw`\b${TYPE}(?:\s?[:\-–]|\){1,3})\s+([^\n{}()\[\]'"]{2,300})`, 'gi');

const MAX_PAIRS = 8;

/** Every (type, message) pair written in the paste, in order of appearance, without repeats. */
export function typedMessages(flat: string): TypedMessage[] {
  if (!flat.includes('_error') && !flat.toLowerCase().includes('request_too_large')) return [];
  const found: Array<TypedMessage & { at: number }> = [];
  const push = (type: string | undefined, message: string | undefined, at: number) => {
    const t = (type ?? '').toLowerCase();
    const m = (message ?? '').trim().replace(/[\s,.;]+$/, '');
    if (!ANTHROPIC_ERROR_TYPES.has(t) || m.length < 2) return;
    if (found.some((p) => p.type === t && p.message === m)) return;
    found.push({ type: t, message: m, at });
  };
  for (const m of flat.matchAll(TYPE_THEN_MESSAGE)) push(m[1], m[2] ?? m[3] ?? m[4], m.index);
  for (const m of flat.matchAll(MESSAGE_THEN_TYPE)) push(m[4], m[1] ?? m[2] ?? m[3], m.index);
  for (const m of flat.matchAll(TYPE_COLON_MESSAGE)) push(m[1], m[2], m.index);
  found.sort((a, b) => a.at - b.at);
  return found.slice(0, MAX_PAIRS).map(({ type, message }) => ({ type, message }));
}

import type { Signals } from './types.js';

/**
 * The patterns that read fields out of a normalised paste: HTTP statuses, API error types and AWS / Google
 * codes, exception names, messages, request and model ids. All are linear (bounded quantifiers, disjoint
 * alternatives); `extract.ts` decides when each runs.
 */
export const MAX_ITEMS = 12;

export const ANTHROPIC_ERROR_TYPES = new Set([
  'invalid_request_error',
  'authentication_error',
  'permission_error',
  'not_found_error',
  'request_too_large',
  'rate_limit_error',
  'api_error',
  'overloaded_error',
  'billing_error',
  'timeout_error',
]);

const GOOGLE_STATUSES =
  'RESOURCE_EXHAUSTED|NOT_FOUND|PERMISSION_DENIED|FAILED_PRECONDITION|INVALID_ARGUMENT|UNAVAILABLE|UNAUTHENTICATED|DEADLINE_EXCEEDED|INTERNAL|ABORTED';

// "type": "overloaded_error" in JSON, Python dicts and JS object dumps.
// OpenAI-compatible gateways put the Anthropic type under "code".
export const ERROR_TYPE_FIELD = /["']?(?:type|code)["']?\s?(?:=>|[:=])\s?["']([a-z_]{3,40})["']/g;
// AWS: "An error occurred (ValidationException) when calling the InvokeModel operation", a "__type" field,
// or one of the service's own codes anywhere. A bare *Exception is not enough: wrappers name their own
// classes that way (LiteLLM's BedrockException, AnthropicException).
export const AWS_ERROR_CODE =
  /(?:an error occurred \(|"?__type"?\s?:\s?"(?:[\w.#]{0,80}#)?)([A-Z][A-Za-z]{2,60}(?:Exception|Error|Token|Fault))\b|\b((?:Validation|Throttling|AccessDenied|ResourceNotFound|ServiceUnavailable|ModelStreamError|ModelError|ModelTimeout|ModelNotReady|ServiceQuotaExceeded|InternalServer|ExpiredToken|UnrecognizedClient|InvalidSignature|Conflict)Exception)\b/g;
export const GOOGLE_STATUS_WORDS = GOOGLE_STATUSES.toLowerCase().split('|');
export const STATUS_TOKEN = /^(?:200|[45]\d\d)$/;
export const GOOGLE_STATUS = new RegExp(`(?:"status"\\s?:\\s?"|StatusCode\\.|status = StatusCode\\.|\\b)(${GOOGLE_STATUSES})\\b`, 'g');

/** HTTP reason phrases (and the API's own "Overloaded") as servers, gateways and proxies print them. */
const REASON_PHRASES = [
  'bad request',
  'unauthori[sz]ed',
  'forbidden',
  '(?:page )?not found',
  'method not allowed',
  'request time-?out',
  'too many requests',
  'internal server error',
  'bad gateway',
  'service unavailable',
  'service temporarily unavailable',
  'gateway time-?out',
  'request entity too large',
  'payload too large',
  'payment required',
  'overloaded',
  'conflict',
].join('|');

export const STATUS_PATTERNS: RegExp[] = [
  // `api_error_status`: the Claude Agent SDK's result message (`"is_error":true,"api_error_status":429`).
  /\b(?:error code|(?:api_error_)?status(?:[ _-]?code)?|statuscode|httpstatuscode|http(?:\/\d(?:\.\d)?)?|response code|code)["']?\s?[:=]?\s?["']?(200|[45]\d\d)\b/gi,
  /\b(?:error|exception|failed|failure)\s?[:,(]?\s?\(?(?:status\s)?([45]\d\d)\b/gi,
  // A status followed by its reason phrase, written the ways servers and proxies spell them
  // ("504: Gateway time-out", "404 page not found", "405 Method Not Allowed").
  new RegExp(`\\b([45]\\d\\d)\\s?:?\\s?(?:-\\s)?(?:\\{|${REASON_PHRASES})`, 'gi'),
  /\b(?:returned|got|received|with)\s(?:status\s|http\s|an?\s)?([45]\d\d)\b/gi,
  // A status named in prose before the word "error" ("hitting 529 overload errors", "a 429 rate limit error").
  /\b([45]\d\d)\s(?:[a-z]{2,12}\s){0,2}(?:errors?|exceptions?)\b/gi,
  /\(status code:? ([45]\d\d)\)/gi,
  /\brequest rejected \(([45]\d\d)\)/gi,
  // Claude Code's retry line puts the status after the host: "API Error (api.anthropic.com | 504: …)".
  /\bapi error \([^|()\n]{1,80}\|\s?([45]\d\d)\b/gi,
  // "200 OK": a stream that failed after its headers said success (mid-stream error events).
  /\b(200) ok\b/gi,
];

/**
 * A status written just before a Bedrock or Vertex endpoint URL, as HTTP clients and SDK debug logs print a
 * failed call ("429 POST https://us-east5-aiplatform.googleapis.com/…:streamRawPredict", "403 for
 * https://bedrock-runtime.us-east-1.amazonaws.com/model/…/invoke"). The long URL that follows leaves no
 * reason phrase or label next to the number, so none of the patterns above sees it. `extract.ts` reads it
 * only when the paste names Claude (a bare number beside a URL says little otherwise).
 */
export const CLOUD_URL_STATUS =
  /\b([45]\d\d)\s(?:(?:post|get|put)\s|(?:for|from|at|on)\s(?:url\s)?)?[<([]?https?:\/\/[\w.-]{0,80}(?:aiplatform\.googleapis\.com|bedrock-runtime\.[\w-]{1,30}\.amazonaws\.com)/gi;

/**
 * A status opening a line and followed on that line by words of an error ("404 Publisher Model … is not
 * found", "503 upstream connect error"): the shape of a status line printed without its label. Runs on
 * the text with its lines, not the flat text.
 */
export const LINE_STATUS =
  /^[ \t]{0,8}([45]\d\d)\s(?=[^\n]{0,200}?\b(?:not found|error|denied|invalid|exceeded|unavailable|forbidden|unauthori[sz]ed|timed? ?out|limit))/gm;

export const AWS_V3_NAME = /"name"\s?:\s?"([A-Z][A-Za-z]{2,60}(?:Exception|Error|Fault))"/g;

/**
 * A bare status with its reason phrase or the API's usual message ("529 Overloaded", "429 Too Many
 * Requests", "401 invalid x-api-key") stands for the API's error type when no type is written out.
 */
const IMPLIED_TYPES: Array<[number, string, RegExp]> = [
  [529, 'overloaded_error', /\boverload(?:ed|ing)?\b/],
  [429, 'rate_limit_error', /too many requests|rate.?limit/],
  [401, 'authentication_error', /unauthori[sz]ed|invalid x-api-key|authentication/],
  [403, 'permission_error', /\bforbidden\b|permission/],
  [404, 'not_found_error', /not.?found/],
  [413, 'request_too_large', /too large/],
  [500, 'api_error', /internal server error/],
  [504, 'timeout_error', /gateway time-?out|timed? ?out/],
  [402, 'billing_error', /payment required|billing/],
];

/**
 * The API's own short message for an error type, printed as the whole message of an exception class
 * named after Anthropic ("litellm…AnthropicError: Overloaded", "AnthropicException - Overloaded. Handle
 * with …"): wrappers that raise their own class keep the API's message and drop its type and status.
 * Read on the text with its lines: the message ends the line or its sentence.
 */
const ANTHROPIC_CLASS = String.raw`\banthropic[a-z]{0,12}(?:error|exception)\s?[:\-–]\s`;
const CANONICAL_MESSAGES: Array<[string, RegExp]> = [
  ['overloaded_error', new RegExp(`${ANTHROPIC_CLASS}overloaded(?:\\.|[ \\t]*$)`, 'im')],
  ['api_error', new RegExp(`${ANTHROPIC_CLASS}internal server error(?:\\.|[ \\t]*$)`, 'im')],
];

/** The error types whose API message follows an Anthropic-named exception class (the text with its lines). */
export function typesOfAnthropicClassMessages(text: string): string[] {
  return CANONICAL_MESSAGES.filter(([, canonical]) => canonical.test(text)).map(([type]) => type);
}

export function impliedErrorTypes(statuses: number[], lower: string): string[] {
  const types: string[] = [];
  for (const [status, type, phrase] of IMPLIED_TYPES) if (statuses.includes(status) && phrase.test(lower)) types.push(type);
  return types;
}

export const JSON_MESSAGE = /["']?message["']?\s?[:=]\s?(?:"((?:[^"\\\n]|\\.){4,600})"|'((?:[^'\\\n]|\\.){4,600})')/g;
/** A JSON message string that the end of the paste cuts off (no closing quote): read from the paste's last part. */
export const CUT_JSON_MESSAGE = /["']?message["']?\s?[:=]\s?"((?:[^"\\\n]|\\.){12,600})$/;
export const CUT_MESSAGE_TAIL = 800;
export const AWS_MESSAGE = /when calling the \w{2,60} operation(?: \(reached max retries: \d{1,3}\))?: ([^\n]{4,600})/g;

// Exception names: dotted prefixes allowed (anthropic.BadRequestError, botocore.errorfactory.ValidationException).
// Found by their suffix first (a fast scan), then read backwards: far cheaper than trying a dotted-name
// pattern at every word of a long log.
// A plural in prose ("a lot of APITimeoutErrors", "RateLimitErrors all day") names the class too: the
// trailing "s" is left out of the name read.
const EXCEPTION_SUFFIX = /(?:Error|Exception|Fault)s?\b/g;
const EXCEPTION_NAME = /(?:^|[^\w.])((?:[a-z_][a-z0-9_]{0,40}\.){0,4}(?:AI_)?[A-Z][A-Za-z0-9]{0,60}(?:Error|Exception|Fault))$/;

export function exceptionNames(flat: string): string[] {
  const names: string[] = [];
  // An exec loop on the one regex: matchAll would clone it on every call (every message).
  EXCEPTION_SUFFIX.lastIndex = 0;
  for (let m = EXCEPTION_SUFFIX.exec(flat); m !== null; m = EXCEPTION_SUFFIX.exec(flat)) {
    const end = (m.index as number) + m[0].length - (m[0].endsWith('s') ? 1 : 0);
    const name = EXCEPTION_NAME.exec(flat.slice(Math.max(0, end - 240), end))?.[1];
    if (name && /[A-Z][a-z]/.test(name) && !names.includes(name)) {
      names.push(name);
      if (names.length >= MAX_ITEMS) break;
    }
  }
  return names;
}
export const GOOGLE_EXCEPTION =
  /\bgoogle\.api_core\.exceptions\.(NotFound|ResourceExhausted|PermissionDenied|InvalidArgument|FailedPrecondition|ServiceUnavailable|Unauthenticated|DeadlineExceeded|InternalServerError|TooManyRequests|Forbidden|BadRequest)\b/g;
export const EXCEPTION_LINE =
  /^[ \t]{0,16}(?:Uncaught |Unhandled |raise |throw )?((?:[a-z_][a-z0-9_]{0,40}\.){0,4}(?:AI_)?(?:[A-Z][A-Za-z0-9]{0,60})?(?:Error|Exception|Fault))(?:\[[\w ]{0,40}\])?: ([^\n]{3,800})$/gm;
export const CLAUDE_CODE_LINE = /^[ \t⎿⏺●✗·]{0,16}API Error:? ?([^\n]{3,800})$/gm;

export const REQUEST_ID = /\b(req_[A-Za-z0-9]{12,60})\b/g;
export const AWS_REQUEST_ID = /\brequest[ _-]?id["']?\s?[:=]?\s?["']?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/gi;
export const MODEL_ID =
  /\b((?:(?:us|eu|apac|global|jp|au|us-gov)\.)?anthropic\.claude-[a-z0-9.-]{2,60}(?::\d{1,3})?|claude-(?!code\b)[a-z0-9.-]{2,60}(?:@\d{8}|@default)?)/gi;

const GOOGLE_CODES = new Set(GOOGLE_STATUS_WORDS.map((w) => w.toUpperCase()));

/**
 * Google's API front end answers in its own envelope ({"error":{"code":403,"message":…,"status":
 * "PERMISSION_DENIED"}}); the Anthropic API never does. That envelope around an error that names Anthropic
 * or a Claude model is Claude on Vertex, even when no Vertex word was pasted ("publisher 'anthropic'").
 */
export function isClaudeInGoogleEnvelope(signals: Signals, words: Set<string>): boolean {
  if (signals.providers.includes('vertex') || signals.providers.includes('bedrock')) return false;
  if (!signals.errorTypes.some((t) => GOOGLE_CODES.has(t))) return false;
  return words.has('anthropic') || signals.modelIds.length > 0;
}

/**
 * `type` written as an error type of its own: as a word (`api_error_status`, the Agent SDK's status field,
 * is not an `api_error`), not as the value of a `…_reason` field (the Agent SDK's
 * `"terminal_reason":"api_error"` says a run ended on some API error, not which), and not as the quoted
 * value of an `"error"` key, which the API never writes (its type sits under `"type"`) but the Agent SDK
 * does: it classes a failed turn as `"error": "billing_error"` (also `"authentication_failed"`,
 * `"rate_limit"`, …), and its `billing_error` covers "Credit balance is too low", an invalid_request_error.
 */
export function mentionedAsType(lower: string, type: string): boolean {
  for (let at = lower.indexOf(type); at >= 0; at = lower.indexOf(type, at + 1)) {
    if (/\w/.test(lower[at - 1] ?? '') || /\w/.test(lower[at + type.length] ?? '')) continue;
    const before = lower.slice(Math.max(0, at - 24), at);
    if (REASON_FIELD_BEFORE.test(before) || SDK_ERROR_CLASS_BEFORE.test(before)) continue;
    return true;
  }
  return false;
}

const REASON_FIELD_BEFORE = /_reason\\?["']?\s?[:=]\s?\\?["']?$/;
/** `"error": "` — a JSON key named error with a quoted string value (the Agent SDK's class of a failed turn). */
const SDK_ERROR_CLASS_BEFORE = /"error\\?"\s?:\s?\\?"$/;

import { showsClaudeRequestBody } from './claude-body.js';
import {
  ANTHROPIC_ERROR_TYPES,
  AWS_ERROR_CODE,
  AWS_MESSAGE,
  AWS_REQUEST_ID,
  AWS_V3_NAME,
  CLAUDE_CODE_LINE,
  CLOUD_URL_STATUS,
  CUT_JSON_MESSAGE,
  CUT_MESSAGE_TAIL,
  ERROR_TYPE_FIELD,
  EXCEPTION_LINE,
  exceptionNames,
  GOOGLE_EXCEPTION,
  GOOGLE_STATUS,
  GOOGLE_STATUS_WORDS,
  impliedErrorTypes,
  isClaudeInGoogleEnvelope,
  JSON_MESSAGE,
  LINE_STATUS,
  MAX_ITEMS,
  MODEL_ID,
  mentionedAsType,
  REQUEST_ID,
  STATUS_PATTERNS,
  STATUS_TOKEN,
  typesOfAnthropicClassMessages,
} from './fields.js';
import { foreignVendorNamed } from './foreign-vendors.js';
import { hintMatches } from './hint.js';
import {
  ANTHROPIC_CONTEXT,
  BEDROCK_RUNTIME_ERRORS,
  ERROR_PHRASES,
  ERROR_WORDS,
  findHints,
  geminiCliNotClaudeCode,
  NAMES_ANTHROPIC,
  OPEN_MODEL_SERVER,
  OPEN_MODEL_SERVER_BODY,
  OTHER_AWS_SERVICE,
  PROVIDER_HINTS,
  SURFACE_HINTS,
  showsClaudeCodeByWords,
  VERTEX_REQUEST_ID,
} from './hints.js';
import { type NormalisedText, tokenSet } from './normalize.js';
import { typedMessages } from './typed-message.js';
import type { Signals, Surface } from './types.js';
import { foreignModelOf } from './vendors.js';
import { VERSION_PATTERNS } from './versions.js';

/**
 * Structured signals from a normalised paste. All patterns are linear (bounded quantifiers, disjoint
 * alternatives) and every list is capped, so the cost is proportional to the paste's size. The patterns
 * live in `fields.ts`, the source and context hints in `hints.ts`, the version patterns in `versions.ts`.
 */

function pushUnique<T>(list: T[], value: T): void {
  if (list.length < MAX_ITEMS && !list.includes(value)) list.push(value);
}

/** The signals of a paste in which nothing was found (the start of every extraction). */
export function emptySignals(meta: { binary: boolean; truncated: boolean }): Signals {
  return {
    looksLikeError: false,
    binary: meta.binary,
    truncated: meta.truncated,

    httpStatuses: [],
    errorTypes: [],
    messages: [],
    exceptions: [],
    providers: [],
    surfaces: [],
    foreignVendor: null,
    foreignModel: null,
    impliedErrorTypes: [],
    anthropicContext: false,
    sdkVersions: {},
    requestIds: [],
    modelIds: [],
    primaryMessage: null,
  };
}

/** What each reading step below gets: the paste in its forms, its words, the hints found, and the signals so far. */
interface Reading {
  text: string;
  flat: string;
  lower: string;
  words: Set<string>;
  has: (w: string) => boolean;
  found: Set<string>;
  signals: Signals;
}

export function extractSignals(
  n: NormalisedText,
  meta: { binary: boolean; truncated: boolean },
  words: Set<string> = tokenSet(n.lower),
): Signals {
  const { text, flat, lower } = n;
  const signals = emptySignals(meta);
  if (meta.binary || flat.length === 0) return signals;

  // Each pattern below runs only when a word or substring it needs is present (set look-ups are
  // nearly free); on long logs this skips most passes.
  const r: Reading = { text, flat, lower, words, has: (w) => words.has(w), found: new Set(), signals };
  readStatuses(r);
  r.found = findHints(lower);
  // An error phrase can overlap a longer hint that the one-pass scan took first ("weekly limit reached"
  // is found as "weekly limit"), so when the scan found any hint, a phrase it did not report is looked for
  // directly (chat without a single hint skips this).
  signals.looksLikeError =
    signals.httpStatuses.length > 0 ||
    ERROR_WORDS.some(r.has) ||
    ERROR_PHRASES.some((p) => r.found.has(p)) ||
    (r.found.size > 0 && ERROR_PHRASES.some((p) => lower.includes(p)));
  const awsV3Name = readErrorTypes(r);
  const exceptionLines = readExceptions(r);
  readMessagesAndIds(r);
  readSurfaces(r, awsV3Name);
  readProviders(r, awsV3Name);
  // A short paste is its own message only when it reads as an error (chat keeps "no error found").
  signals.primaryMessage = pickPrimaryMessage(signals.messages, exceptionLines, text, lower, signals.looksLikeError ? flat : '');
  if (signals.errorTypes.length > 0) {
    const pairs = typedMessages(flat);
    if (pairs.length > 0) signals.typedMessages = pairs;
  }
  return signals;
}

/** HTTP statuses, gated on a three-digit word that could be one. */
function readStatuses({ text, flat, lower, words, has, signals }: Reading): void {
  let statusLike = false;
  for (const w of words) {
    if (w.length === 3 && STATUS_TOKEN.test(w)) {
      statusLike = true;
      break;
    }
  }
  if (!statusLike) return;
  for (const re of STATUS_PATTERNS) {
    for (const m of flat.matchAll(re)) pushUnique(signals.httpStatuses, Number(m[1]));
  }
  for (const m of text.matchAll(LINE_STATUS)) pushUnique(signals.httpStatuses, Number(m[1]));
  if ((has('claude') || has('anthropic')) && (lower.includes('aiplatform.googleapis.com') || lower.includes('bedrock-runtime.'))) {
    for (const m of flat.matchAll(CLOUD_URL_STATUS)) pushUnique(signals.httpStatuses, Number(m[1]));
  }
}

/**
 * Error types: Anthropic's `type` field, AWS and Google codes, AWS SDK v3 errors serialised as JSON, and
 * bare mentions in prose. Returns the AWS SDK v3 error name when there is one.
 */
function readErrorTypes({ text, flat, lower, words, has, signals }: Reading): string | null {
  if (has('type') || has('code')) {
    for (const m of flat.matchAll(ERROR_TYPE_FIELD)) {
      const type = m[1] as string;
      if (ANTHROPIC_ERROR_TYPES.has(type)) pushUnique(signals.errorTypes, type);
    }
  }
  let exceptionLike = false;
  for (const w of words) {
    if (w.endsWith('exception')) {
      exceptionLike = true;
      break;
    }
  }
  if (exceptionLike || has('__type') || has('occurred')) {
    for (const m of flat.matchAll(AWS_ERROR_CODE)) pushUnique(signals.errorTypes, (m[1] ?? m[2]) as string);
  }
  // AWS SDK for JavaScript v3 errors serialised as JSON: {"name":"ValidationException","$fault":"client",…}.
  let awsV3Name: string | null = null;
  if ((has('fault') || has('metadata')) && (lower.includes('$fault') || lower.includes('$metadata'))) {
    for (const m of flat.matchAll(AWS_V3_NAME)) {
      awsV3Name ??= m[1] as string;
      pushUnique(signals.errorTypes, m[1] as string);
      pushUnique(signals.exceptions, m[1] as string);
    }
  }
  if (GOOGLE_STATUS_WORDS.some(has)) for (const m of flat.matchAll(GOOGLE_STATUS)) pushUnique(signals.errorTypes, m[1] as string);
  if (signals.errorTypes.length === 0 && lower.includes('anthropic'))
    for (const type of typesOfAnthropicClassMessages(text)) pushUnique(signals.errorTypes, type);
  // Bare mentions of an Anthropic error type (e.g. "overloaded_error" in prose or LangChain output).
  if (signals.errorTypes.length === 0) {
    for (const type of ANTHROPIC_ERROR_TYPES) if (mentionedAsType(lower, type)) pushUnique(signals.errorTypes, type);
    if (signals.errorTypes.length > 0) signals.errorTypesInProse = true;
  }
  if (signals.errorTypes.length === 0) signals.impliedErrorTypes = impliedErrorTypes(signals.httpStatuses, lower);
  // An error type or status named in a sentence ("keep getting overloaded_error") is an error report too.
  if (signals.errorTypes.length > 0 || signals.impliedErrorTypes.length > 0) signals.looksLikeError = true;
  return awsV3Name;
}

/** Exception classes, and the `Class: message` and Claude Code `API Error:` lines that carry messages. */
function readExceptions({ text, flat, has, found, signals }: Reading): string[] {
  for (const name of exceptionNames(flat)) pushUnique(signals.exceptions, name);
  // A bare exception class typed into chat ("APIConnectionError") is an error report too.
  if (signals.exceptions.length > 0) signals.looksLikeError = true;
  if (has('api_core')) for (const m of flat.matchAll(GOOGLE_EXCEPTION)) pushUnique(signals.exceptions, m[1] as string);

  const exceptionLines: string[] = [];
  if (signals.exceptions.length > 0) {
    for (const m of text.matchAll(EXCEPTION_LINE)) {
      if (exceptionLines.length < MAX_ITEMS) exceptionLines.push(`${m[1]}: ${(m[2] as string).trim()}`);
    }
  }
  if (found.has('api error:') || found.has('api error (')) {
    for (const m of text.matchAll(CLAUDE_CODE_LINE)) {
      if (exceptionLines.length < MAX_ITEMS) exceptionLines.push(`API Error: ${(m[1] as string).trim()}`);
    }
  }
  return exceptionLines;
}

/** JSON and AWS error messages, request ids, and Claude model ids. */
function readMessagesAndIds({ flat, lower, has, found, signals }: Reading): void {
  if (has('message')) {
    for (const m of flat.matchAll(JSON_MESSAGE)) {
      const msg = (m[1] ?? m[2] ?? '').trim();
      if (msg.length >= 4) pushUnique(signals.messages, msg);
    }
    // A paste cut off inside the API's message: what is left of it is still the message.
    const cut = CUT_JSON_MESSAGE.exec(flat.slice(-CUT_MESSAGE_TAIL).trimEnd());
    if (cut) pushUnique(signals.messages, (cut[1] as string).trim());
  }
  if (found.has('when calling the ')) for (const m of flat.matchAll(AWS_MESSAGE)) pushUnique(signals.messages, (m[1] as string).trim());

  if (lower.includes('req_')) for (const m of flat.matchAll(REQUEST_ID)) pushUnique(signals.requestIds, m[1] as string);
  if (has('request') || has('requestid') || has('request_id')) {
    for (const m of flat.matchAll(AWS_REQUEST_ID)) pushUnique(signals.requestIds, m[1] as string);
  }
  if (has('claude')) {
    for (const m of flat.matchAll(MODEL_ID)) {
      const id = (m[1] as string).toLowerCase().replace(/[.-]+$/, '');
      if (id.length > 8) pushUnique(signals.modelIds, id);
    }
  }
}

/** Where the error came from (SDK, Claude Code, wrapper) and the SDK versions the paste shows. */
function readSurfaces({ flat, lower, words, found, signals }: Reading, awsV3Name: string | null): void {
  for (const [surface, hint] of SURFACE_HINTS) if (hintMatches(hint, lower, found)) signals.surfaces.push(surface);
  if (geminiCliNotClaudeCode(lower, found)) signals.surfaces = signals.surfaces.filter((s) => s !== 'claude-code');
  if (awsV3Name && !signals.surfaces.includes('aws-sdk')) signals.surfaces.push('aws-sdk');
  if (!signals.surfaces.includes('claude-code') && showsClaudeCodeByWords(lower, words)) signals.surfaces.push('claude-code');
  for (const { surface, pattern, gate } of VERSION_PATTERNS) {
    if (signals.sdkVersions[surface] || !lower.includes(gate)) continue;
    for (const m of flat.matchAll(pattern)) {
      signals.sdkVersions[surface] = m[1] as string;
      break;
    }
  }
  // "anthropic 0.39.0" in a Node project is the TypeScript SDK, not the Python one.
  if (signals.sdkVersions['python-sdk'] && !signals.surfaces.includes('python-sdk') && signals.surfaces.includes('typescript-sdk')) {
    signals.sdkVersions['typescript-sdk'] ??= signals.sdkVersions['python-sdk'];
    delete signals.sdkVersions['python-sdk'];
  }
  for (const surface of Object.keys(signals.sdkVersions) as Surface[]) {
    if (!signals.surfaces.includes(surface)) signals.surfaces.push(surface);
  }
}

/** The provider (Anthropic, Bedrock, Vertex), whether the paste is about Claude, and another vendor or model it names. */
function readProviders({ lower, words, found, signals }: Reading, awsV3Name: string | null): void {
  for (const [provider, hint] of PROVIDER_HINTS) if (hintMatches(hint, lower, found)) signals.providers.push(provider);
  if (isClaudeInGoogleEnvelope(signals, words) || (found.has('req_') && lower.includes(VERTEX_REQUEST_ID)))
    if (!signals.providers.includes('vertex')) signals.providers.push('vertex');
  // A bare AWS SDK v3 error ({"name":"ThrottlingException","$fault":"client","$metadata":{…}}) names no
  // service; a Bedrock Runtime code with no other AWS service in the paste is Bedrock's.
  if (awsV3Name && BEDROCK_RUNTIME_ERRORS.has(awsV3Name) && !signals.providers.includes('bedrock') && !OTHER_AWS_SERVICE.test(lower))
    signals.providers.push('bedrock');
  // Bedrock's validator naming a key of Claude's own body: the paste is Bedrock's, and the model was Claude.
  if (showsClaudeRequestBody(lower, words)) {
    signals.claudeBody = true;
    if (!signals.providers.includes('bedrock')) signals.providers.push('bedrock');
  }
  // Claude on Bedrock or Vertex, or Claude Code's own output, is Anthropic context even without the name.
  signals.anthropicContext =
    hintMatches(ANTHROPIC_CONTEXT, lower, found) ||
    signals.surfaces.includes('claude-code') ||
    signals.providers.includes('bedrock') ||
    signals.providers.includes('vertex');
  if (signals.providers.length === 0 && signals.anthropicContext) {
    signals.providers.push('anthropic');
    signals.providerInferred = true;
  }

  if (!signals.anthropicContext) signals.foreignVendor = foreignVendorNamed(lower, found);

  // An open-weight model server's own error body, with nothing naming Anthropic or Claude, is that server's
  // error even where its error type is one Anthropic also uses.
  if (
    hintMatches(OPEN_MODEL_SERVER_BODY, lower, found) &&
    !hintMatches(NAMES_ANTHROPIC, lower, found) &&
    !signals.surfaces.includes('claude-code') &&
    !signals.providers.some((p) => p === 'bedrock' || p === 'vertex')
  ) {
    signals.anthropicContext = false;
    signals.foreignVendor = OPEN_MODEL_SERVER;
  }

  // 529 is Anthropic's own status for overload: "529 Overloaded" names the API as clearly as its name would.
  if (signals.impliedErrorTypes.includes('overloaded_error')) signals.anthropicContext = true;
  signals.foreignModel = foreignModelOf(
    lower,
    words,
    signals.providers.some((p) => p === 'bedrock' || p === 'vertex'),
  );
  // The other way round: in a paste already tied to Anthropic, 529 names the overload even without the word
  // ("Anthropic API Error: 529 Too Many Requests", a status code and a wrong reason phrase). Not when another
  // vendor is named too: a router or relay in front of that vendor may be the one answering 529.
  if (
    signals.anthropicContext &&
    signals.errorTypes.length === 0 &&
    signals.httpStatuses.includes(529) &&
    !signals.impliedErrorTypes.includes('overloaded_error') &&
    !signals.foreignModel &&
    !foreignVendorNamed(lower, found)
  )
    signals.impliedErrorTypes.push('overloaded_error');
}

const ERROR_LINE_WORDS = ['error', 'exception', 'failed'];
const GENERIC_MESSAGES = new Set(['error', 'overloaded', 'internal server error', 'not found']);
/** A paste this short with no error line of its own is the message itself (a banner or line typed into chat). */
const SHORT_MESSAGE_CHARS = 300;

/**
 * The line a human would quote: the API's own message when a body was found, else the last exception
 * line of a traceback (Python prints the cause last), else the first line that mentions an error, else
 * the whole paste when it is a short line ("Invalid API Key Please run /login" copied without its dot).
 */
function pickPrimaryMessage(messages: string[], exceptionLines: string[], text: string, lower: string, flat: string): string | null {
  const specific = messages.find((m) => !GENERIC_MESSAGES.has(m.toLowerCase()));
  if (specific) return specific.slice(0, 600);
  if (exceptionLines.length > 0) return (exceptionLines[exceptionLines.length - 1] as string).slice(0, 600);
  if (messages[0]) return messages[0];
  // The line pattern runs only when one of its words is there at all (most chat has none).
  const firstErrorLine = ERROR_LINE_WORDS.some((w) => lower.includes(w))
    ? /^[^\n]{0,400}(?:error|exception|failed)[^\n]{0,400}$/im.exec(text)
    : null;
  if (firstErrorLine) return firstErrorLine[0].trim();
  return flat && flat.length <= SHORT_MESSAGE_CHARS ? flat : null;
}

import type { NormalisedText } from './normalize.js';
import type { Provider, Signals, Surface } from './types.js';

/**
 * Structured signals from a normalised paste. All patterns are linear (bounded quantifiers, disjoint
 * alternatives) and every list is capped, so the cost is proportional to the paste's size.
 */

const MAX_ITEMS = 12;

const ANTHROPIC_ERROR_TYPES = new Set([
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
const ERROR_TYPE_FIELD = /["']?(?:type|code)["']?\s?[:=]\s?["']([a-z_]{3,40})["']/g;
// AWS: "An error occurred (ValidationException) when calling the InvokeModel operation", a "__type" field,
// or one of the service's own codes anywhere. A bare *Exception is not enough: wrappers name their own
// classes that way (LiteLLM's BedrockException, AnthropicException).
const AWS_ERROR_CODE =
  /(?:an error occurred \(|"?__type"?\s?:\s?"(?:[\w.#]{0,80}#)?)([A-Z][A-Za-z]{2,60}(?:Exception|Error|Token|Fault))\b|\b((?:Validation|Throttling|AccessDenied|ResourceNotFound|ServiceUnavailable|ModelStreamError|ModelError|ModelTimeout|ModelNotReady|ServiceQuotaExceeded|InternalServer|ExpiredToken|UnrecognizedClient|InvalidSignature|Conflict)Exception)\b/g;
const GOOGLE_STATUS = new RegExp(`(?:"status"\\s?:\\s?"|StatusCode\\.|status = StatusCode\\.|\\b)(${GOOGLE_STATUSES})\\b`, 'g');

const STATUS_PATTERNS: RegExp[] = [
  /\b(?:error code|status(?:[ _-]?code)?|statuscode|http(?:\/\d(?:\.\d)?)?|response code|code)["']?\s?[:=]?\s?["']?(200|[45]\d\d)\b/gi,
  /\b(?:error|exception|failed|failure)\s?[:,(]?\s?\(?(?:status\s)?([45]\d\d)\b/gi,
  /\b([45]\d\d)\s?(?:-\s)?(?:\{|bad request|unauthorized|forbidden|not found|too many requests|internal server error|service unavailable|gateway timeout|request entity too large|payment required|overloaded|conflict)/gi,
  /\b(?:returned|got|received|with)\s(?:status\s|http\s|an?\s)?([45]\d\d)\b/gi,
  /\(status code:? ([45]\d\d)\)/gi,
  /\brequest rejected \(([45]\d\d)\)/gi,
];

const JSON_MESSAGE = /["']?message["']?\s?[:=]\s?(?:"((?:[^"\\\n]|\\.){4,600})"|'((?:[^'\\\n]|\\.){4,600})')/g;
const AWS_MESSAGE = /when calling the \w{2,60} operation(?: \(reached max retries: \d{1,3}\))?: ([^\n]{4,600})/g;

// Exception names: dotted prefixes allowed (anthropic.BadRequestError, botocore.errorfactory.ValidationException).
const EXCEPTION = /\b((?:[a-z_][a-z0-9_]{0,40}\.){0,4}(?:AI_)?[A-Z][A-Za-z0-9]{1,60}(?:Error|Exception|Fault))\b/g;
const GOOGLE_EXCEPTION =
  /\bgoogle\.api_core\.exceptions\.(NotFound|ResourceExhausted|PermissionDenied|InvalidArgument|FailedPrecondition|ServiceUnavailable|Unauthenticated|DeadlineExceeded|InternalServerError|TooManyRequests|Forbidden|BadRequest)\b/g;
const EXCEPTION_LINE =
  /^[ \t]{0,16}(?:Uncaught |Unhandled |raise |throw )?((?:[a-z_][a-z0-9_]{0,40}\.){0,4}(?:AI_)?(?:[A-Z][A-Za-z0-9]{0,60})?(?:Error|Exception|Fault))(?:\[[\w ]{0,40}\])?: ([^\n]{3,800})$/gm;
const CLAUDE_CODE_LINE = /^[ \t⎿●✗·]{0,16}API Error:? ?([^\n]{3,800})$/gm;

const REQUEST_ID = /\b(req_[A-Za-z0-9]{12,60})\b/g;
const AWS_REQUEST_ID = /\brequest[ _-]?id["']?\s?[:=]?\s?["']?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/gi;
const MODEL_ID =
  /\b((?:(?:us|eu|apac|global|jp|au|us-gov)\.)?anthropic\.claude-[a-z0-9.-]{2,60}(?::\d{1,3})?|claude-(?!code\b)[a-z0-9.-]{2,60}(?:@\d{8}|@default)?)/gi;

interface VersionPattern {
  surface: Surface;
  pattern: RegExp;
}
const VERSION_SEP = `[\\s@=:"'^~v/(-]{1,5}`;
const SEMVER = '(\\d{1,3}\\.\\d{1,4}\\.\\d{1,4}(?:-[a-z0-9.]{1,20})?)';
const VERSION_PATTERNS: VersionPattern[] = [
  { surface: 'typescript-sdk', pattern: new RegExp(`@anthropic-ai/sdk${VERSION_SEP}${SEMVER}`, 'gi') },
  { surface: 'vercel-ai-sdk', pattern: new RegExp(`@ai-sdk/anthropic${VERSION_SEP}${SEMVER}`, 'gi') },
  { surface: 'langchain', pattern: new RegExp(`langchain[-_]anthropic${VERSION_SEP}${SEMVER}`, 'gi') },
  { surface: 'litellm', pattern: new RegExp(`\\blitellm${VERSION_SEP}${SEMVER}`, 'gi') },
  {
    surface: 'claude-code',
    pattern: new RegExp(`(?:claude[ -]code(?: version)?|@anthropic-ai/claude-code)${VERSION_SEP}${SEMVER}`, 'gi'),
  },
  {
    surface: 'python-sdk',
    pattern: new RegExp(`(?:\\banthropic(?:==|>=|~=| version |/python |-| |/)v?|anthropic-sdk-python/v?)${SEMVER}`, 'gi'),
  },
];

const SURFACE_HINTS: Array<[Surface, RegExp]> = [
  [
    'claude-code',
    /claude code|claude-code|api error: |⎿|\/login\b|\/compact\b|\/upgrade\b|\/extra-usage\b|\/model\b|claude_code_|\b(?:5-hour|weekly|session) limit\b/i,
  ],
  ['langchain', /langchain/i],
  ['litellm', /litellm/i],
  ['vercel-ai-sdk', /ai_apicallerror|ai_retryerror|@ai-sdk\/|ai_typevalidationerror|vercel ai sdk/i],
  ['typescript-sdk', /@anthropic-ai\/sdk|at apierror\.generate|node_modules|\.m?js:\d{1,6}:\d{1,6}|anthropic\.makeStatusError/i],
  [
    'python-sdk',
    /traceback \(most recent call last\)|site-packages\/anthropic|\banthropic\.(?:[A-Z]\w{2,40}Error|types|_base_client|resources)|error code: \d{3} - \{|\.py", line \d/i,
  ],
  ['raw-http', /\bcurl\b|http\/[12](?:\.\d)? \d{3}|x-api-key:|anthropic-version:/i],
  ['aws-sdk', /botocore|boto3|@aws-sdk\/|aws-sdk|when calling the \w{2,60} operation/i],
  ['google-sdk', /google\.api_core|google-cloud|googleapis|grpc\._channel|@google-cloud\//i],
];

const PROVIDER_HINTS: Array<[Provider, RegExp]> = [
  [
    'bedrock',
    // Plain botocore or "AWS" words are not enough: IAM, S3 and STS errors are pasted too.
    /bedrock|invokemodel|converse(?:stream)?\b|anthropic\.claude-|anthropicbedrock|claude_code_use_bedrock|modelstreamerrorexception|\baws (?:cli|credentials|account|console)\b|\b(?:ak|access key) and (?:sk|secret)/i,
  ],
  ['vertex', /vertex|aiplatform|publishers\/anthropic|anthropicvertex|claude-[a-z0-9.-]{2,40}@\d{8}|claude_code_use_vertex|rawpredict|streamrawpredict/i],
  ['gateway', /openrouter|litellm(?:[_ .-]?proxy)?|portkey|helicone|cloudflare ai gateway|gateway\.ai\.cloudflare|one-api|new-api/i],
  [
    'anthropic',
    /api\.anthropic\.com|anthropic\.(?:[A-Z]\w{2,40}Error|anthropic|messages)|@anthropic-ai\/sdk|sk-ant-|req_[a-z0-9]{12}|"type"\s?:\s?"error"/i,
  ],
];

const ANTHROPIC_CONTEXT =
  /anthropic|claude|sk-ant-|req_[a-z0-9]{12}|['"]type['"]\s?:\s?['"]error['"]|overloaded_error|invalid_request_error|rate_limit_error|authentication_error|permission_error|not_found_error|billing_error|request_too_large/i;

const FOREIGN_VENDORS: Array<[string, RegExp]> = [
  ['OpenAI', /\bopenai\b(?![-_ ]?compat)|platform\.openai\.com|\bgpt-[345o]|\bchatgpt\b|\bo[134]-mini\b|help\.openai\.com/i],
  ['Google Gemini', /\bgemini\b|generativelanguage\.googleapis|google\.genai|\bpalm\b/i],
  ['Azure OpenAI', /azure openai|openai\.azure\.com/i],
  ['Ollama', /\bollama\b/i],
  ['Groq', /\bgroq\b/i],
  ['Mistral', /\bmistral\b/i],
  ['DeepSeek', /\bdeepseek\b/i],
  ['Cohere', /\bcohere\b/i],
  ['Hugging Face', /huggingface|hugging face/i],
];

// Cheap gate: most chat is not an error. Any of these makes the paste worth matching in full.
const ERRORISH =
  /error|exception|traceback|failed|failure|refused|denied|invalid|unexpected|timed? ?out|overloaded|too many|exceeded|exceeds|not found|unauthori[sz]ed|forbidden|rejected|limit reached|hit your limit|cannot|can't|could not|unable to|must |required|not supported|stop_reason|\b[45]\d\d\b/i;

function pushUnique<T>(list: T[], value: T): void {
  if (list.length < MAX_ITEMS && !list.includes(value)) list.push(value);
}

export function extractSignals(n: NormalisedText, meta: { binary: boolean; truncated: boolean }): Signals {
  const { text, flat, lower } = n;
  const signals: Signals = {
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
    anthropicContext: false,
    sdkVersions: {},
    requestIds: [],
    modelIds: [],
    primaryMessage: null,
  };
  if (meta.binary || flat.length === 0) return signals;

  signals.looksLikeError = ERRORISH.test(flat);

  for (const re of STATUS_PATTERNS) {
    for (const m of flat.matchAll(re)) pushUnique(signals.httpStatuses, Number(m[1]));
  }
  for (const m of flat.matchAll(ERROR_TYPE_FIELD)) {
    const type = m[1] as string;
    if (ANTHROPIC_ERROR_TYPES.has(type)) pushUnique(signals.errorTypes, type);
  }
  for (const m of flat.matchAll(AWS_ERROR_CODE)) pushUnique(signals.errorTypes, (m[1] ?? m[2]) as string);
  for (const m of flat.matchAll(GOOGLE_STATUS)) pushUnique(signals.errorTypes, m[1] as string);
  // Bare mentions of an Anthropic error type (e.g. "overloaded_error" in prose or LangChain output).
  if (signals.errorTypes.length === 0) {
    for (const type of ANTHROPIC_ERROR_TYPES) if (lower.includes(type)) pushUnique(signals.errorTypes, type);
  }

  for (const m of flat.matchAll(EXCEPTION)) {
    const name = m[1] as string;
    pushUnique(signals.exceptions, name);
  }
  for (const m of flat.matchAll(GOOGLE_EXCEPTION)) pushUnique(signals.exceptions, m[1] as string);

  const exceptionLines: string[] = [];
  for (const m of text.matchAll(EXCEPTION_LINE)) {
    if (exceptionLines.length < MAX_ITEMS) exceptionLines.push(`${m[1]}: ${(m[2] as string).trim()}`);
  }
  for (const m of text.matchAll(CLAUDE_CODE_LINE)) {
    if (exceptionLines.length < MAX_ITEMS) exceptionLines.push(`API Error: ${(m[1] as string).trim()}`);
  }

  for (const m of flat.matchAll(JSON_MESSAGE)) {
    const msg = (m[1] ?? m[2] ?? '').trim();
    if (msg.length >= 4) pushUnique(signals.messages, msg);
  }
  for (const m of flat.matchAll(AWS_MESSAGE)) pushUnique(signals.messages, (m[1] as string).trim());

  for (const m of flat.matchAll(REQUEST_ID)) pushUnique(signals.requestIds, m[1] as string);
  for (const m of flat.matchAll(AWS_REQUEST_ID)) pushUnique(signals.requestIds, m[1] as string);
  for (const m of flat.matchAll(MODEL_ID)) {
    const id = (m[1] as string).toLowerCase().replace(/[.-]+$/, '');
    if (id.length > 8) pushUnique(signals.modelIds, id);
  }

  for (const [surface, re] of SURFACE_HINTS) if (re.test(flat)) signals.surfaces.push(surface);
  for (const { surface, pattern } of VERSION_PATTERNS) {
    if (signals.sdkVersions[surface]) continue;
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

  for (const [provider, re] of PROVIDER_HINTS) if (re.test(flat)) signals.providers.push(provider);
  // Claude on Bedrock or Vertex, or Claude Code's own output, is Anthropic context even without the name.
  signals.anthropicContext =
    ANTHROPIC_CONTEXT.test(flat) ||
    signals.surfaces.includes('claude-code') ||
    signals.providers.includes('bedrock') ||
    signals.providers.includes('vertex');
  if (signals.providers.length === 0 && signals.anthropicContext) signals.providers.push('anthropic');

  if (!signals.anthropicContext) {
    for (const [vendor, re] of FOREIGN_VENDORS) {
      if (re.test(flat)) {
        signals.foreignVendor = vendor;
        break;
      }
    }
  }

  signals.primaryMessage = pickPrimaryMessage(signals.messages, exceptionLines, text);
  return signals;
}

const GENERIC_MESSAGES = new Set(['error', 'overloaded', 'internal server error', 'not found']);

/**
 * The line a human would quote: the API's own message when a body was found, else the last exception
 * line of a traceback (Python prints the cause last), else the first line that mentions an error.
 */
function pickPrimaryMessage(messages: string[], exceptionLines: string[], text: string): string | null {
  const specific = messages.find((m) => !GENERIC_MESSAGES.has(m.toLowerCase()));
  if (specific) return specific.slice(0, 600);
  if (exceptionLines.length > 0) return (exceptionLines[exceptionLines.length - 1] as string).slice(0, 600);
  if (messages[0]) return messages[0];
  const firstErrorLine = /^[^\n]{0,400}(?:error|exception|failed)[^\n]{0,400}$/im.exec(text);
  return firstErrorLine ? firstErrorLine[0].trim() : null;
}

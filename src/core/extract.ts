import { escapeRegex, type NormalisedText, tokenSet } from './normalize.js';
import type { Provider, Signals, Surface } from './types.js';
import { foreignModelOf } from './vendors.js';

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
const ERROR_TYPE_FIELD = /["']?(?:type|code)["']?\s?(?:=>|[:=])\s?["']([a-z_]{3,40})["']/g;
// AWS: "An error occurred (ValidationException) when calling the InvokeModel operation", a "__type" field,
// or one of the service's own codes anywhere. A bare *Exception is not enough: wrappers name their own
// classes that way (LiteLLM's BedrockException, AnthropicException).
const AWS_ERROR_CODE =
  /(?:an error occurred \(|"?__type"?\s?:\s?"(?:[\w.#]{0,80}#)?)([A-Z][A-Za-z]{2,60}(?:Exception|Error|Token|Fault))\b|\b((?:Validation|Throttling|AccessDenied|ResourceNotFound|ServiceUnavailable|ModelStreamError|ModelError|ModelTimeout|ModelNotReady|ServiceQuotaExceeded|InternalServer|ExpiredToken|UnrecognizedClient|InvalidSignature|Conflict)Exception)\b/g;
const GOOGLE_STATUS_WORDS = GOOGLE_STATUSES.toLowerCase().split('|');
const STATUS_TOKEN = /^(?:200|[45]\d\d)$/;
const GOOGLE_STATUS = new RegExp(`(?:"status"\\s?:\\s?"|StatusCode\\.|status = StatusCode\\.|\\b)(${GOOGLE_STATUSES})\\b`, 'g');

const STATUS_PATTERNS: RegExp[] = [
  /\b(?:error code|status(?:[ _-]?code)?|statuscode|httpstatuscode|http(?:\/\d(?:\.\d)?)?|response code|code)["']?\s?[:=]?\s?["']?(200|[45]\d\d)\b/gi,
  /\b(?:error|exception|failed|failure)\s?[:,(]?\s?\(?(?:status\s)?([45]\d\d)\b/gi,
  /\b([45]\d\d)\s?(?:-\s)?(?:\{|bad request|unauthorized|forbidden|not found|too many requests|internal server error|service unavailable|gateway timeout|request entity too large|payment required|overloaded|conflict)/gi,
  /\b(?:returned|got|received|with)\s(?:status\s|http\s|an?\s)?([45]\d\d)\b/gi,
  /\(status code:? ([45]\d\d)\)/gi,
  /\brequest rejected \(([45]\d\d)\)/gi,
];

const AWS_V3_NAME = /"name"\s?:\s?"([A-Z][A-Za-z]{2,60}(?:Exception|Error|Fault))"/g;

/**
 * A bare status with its reason phrase or the API's usual message ("529 Overloaded", "429 Too Many
 * Requests", "401 invalid x-api-key") stands for the API's error type when no type is written out.
 */
const IMPLIED_TYPES: Array<[number, string, RegExp]> = [
  [529, 'overloaded_error', /\boverloaded\b/],
  [429, 'rate_limit_error', /too many requests|rate.?limit/],
  [401, 'authentication_error', /unauthori[sz]ed|invalid x-api-key|authentication/],
  [403, 'permission_error', /\bforbidden\b|permission/],
  [404, 'not_found_error', /not.?found/],
  [413, 'request_too_large', /too large/],
  [500, 'api_error', /internal server error/],
  [504, 'timeout_error', /gateway timeout|timed? ?out/],
  [402, 'billing_error', /payment required|billing/],
];

function impliedErrorTypes(statuses: number[], lower: string): string[] {
  const types: string[] = [];
  for (const [status, type, phrase] of IMPLIED_TYPES) if (statuses.includes(status) && phrase.test(lower)) types.push(type);
  return types;
}

const JSON_MESSAGE = /["']?message["']?\s?[:=]\s?(?:"((?:[^"\\\n]|\\.){4,600})"|'((?:[^'\\\n]|\\.){4,600})')/g;
const AWS_MESSAGE = /when calling the \w{2,60} operation(?: \(reached max retries: \d{1,3}\))?: ([^\n]{4,600})/g;

// Exception names: dotted prefixes allowed (anthropic.BadRequestError, botocore.errorfactory.ValidationException).
// Found by their suffix first (a fast scan), then read backwards: far cheaper than trying a dotted-name
// pattern at every word of a long log.
const EXCEPTION_SUFFIX = /(?:Error|Exception|Fault)\b/g;
const EXCEPTION_NAME = /(?:^|[^\w.])((?:[a-z_][a-z0-9_]{0,40}\.){0,4}(?:AI_)?[A-Z][A-Za-z0-9]{0,60}(?:Error|Exception|Fault))$/;

function exceptionNames(flat: string): string[] {
  const names: string[] = [];
  for (const m of flat.matchAll(EXCEPTION_SUFFIX)) {
    const end = (m.index as number) + m[0].length;
    const name = EXCEPTION_NAME.exec(flat.slice(Math.max(0, end - 240), end))?.[1];
    if (name && /[A-Z][a-z]/.test(name) && !names.includes(name)) {
      names.push(name);
      if (names.length >= MAX_ITEMS) break;
    }
  }
  return names;
}
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
  /** A substring every match contains: the pattern runs only when it is present. */
  gate: string;
}
const VERSION_SEP = `[\\s@=:"'^~v/(-]{1,5}`;
const SEMVER = '(\\d{1,3}\\.\\d{1,4}\\.\\d{1,4}(?:-[a-z0-9.]{1,20})?)';
const VERSION_PATTERNS: VersionPattern[] = [
  {
    surface: 'typescript-sdk',
    gate: '@anthropic-ai/sdk',
    pattern: new RegExp(`@anthropic-ai/sdk${VERSION_SEP}${SEMVER}`, 'gi'),
  },
  {
    surface: 'vercel-ai-sdk',
    gate: '@ai-sdk/anthropic',
    pattern: new RegExp(`@ai-sdk/anthropic${VERSION_SEP}${SEMVER}`, 'gi'),
  },
  {
    surface: 'langchain',
    gate: 'langchain',
    pattern: new RegExp(`langchain[-_]anthropic${VERSION_SEP}${SEMVER}`, 'gi'),
  },
  {
    surface: 'litellm',
    gate: 'litellm',
    pattern: new RegExp(`\\blitellm${VERSION_SEP}${SEMVER}`, 'gi'),
  },
  {
    surface: 'claude-code',
    gate: 'claude',
    pattern: new RegExp(`(?:claude[ -]code(?: version)?|@anthropic-ai/claude-code)${VERSION_SEP}${SEMVER}`, 'gi'),
  },
  {
    surface: 'python-sdk',
    gate: 'anthropic',
    pattern: new RegExp(`(?:\\banthropic(?:==|>=|~=| version |/python |-| |/)v?|anthropic-sdk-python/v?)${SEMVER}`, 'gi'),
  },
];

/**
 * A cheap test on the lower-cased paste: any of the substrings (plain `includes`, which is fast on
 * long text), or the pattern — which only runs when its gate substring is present.
 */
interface Hint {
  any?: string[];
  pattern?: RegExp;
  gate?: string[];
}

function hintMatches(h: Hint, lower: string, found: Set<string>): boolean {
  if (h.any?.some((x) => found.has(x))) return true;
  if (h.pattern && (!h.gate || h.gate.some((g) => found.has(g)))) return h.pattern.test(lower);
  return false;
}

const SURFACE_HINTS: Array<[Surface, Hint]> = [
  [
    'claude-code',
    {
      any: [
        'claude code',
        'claude-code',
        'api error:',
        'api error (',
        '⎿',
        'claude_code_',
        '5-hour limit',
        'weekly limit',
        'session limit',
      ],
      // Slash commands, but not the same letters inside a URL or path ("publishers/google/models/…").
      pattern: /(?:^|[^\w/.:-])\/(?:login|compact|upgrade|extra-usage|model)\b/,
      gate: ['/login', '/compact', '/upgrade', '/extra-usage', '/model'],
    },
  ],
  ['langchain', { any: ['langchain'] }],
  ['litellm', { any: ['litellm'] }],
  [
    'vercel-ai-sdk',
    {
      any: ['ai_apicallerror', 'ai_retryerror', '@ai-sdk/', 'ai_typevalidationerror', 'vercel ai sdk'],
    },
  ],
  [
    'typescript-sdk',
    {
      any: ['@anthropic-ai/sdk', 'at apierror.generate', 'node_modules', 'anthropic.makestatuserror'],
      pattern: /\.m?js:\d{1,6}:\d{1,6}/,
      gate: ['js:'],
    },
  ],
  [
    'python-sdk',
    {
      any: [
        'traceback (most recent call last)',
        'site-packages/anthropic',
        'anthropic._base_client',
        'anthropic.types',
        'anthropic.resources',
        '.py", line ',
      ],
      pattern: /\banthropic\.[a-z]\w{2,40}error\b|error code: \d{3} - \{/,
      gate: ['anthropic.', 'error code:'],
    },
  ],
  [
    'raw-http',
    {
      any: ['x-api-key:', 'anthropic-version:'],
      pattern: /\bcurl\b|http\/[12](?:\.\d)? \d{3}/,
      gate: ['curl', 'http/'],
    },
  ],
  ['aws-sdk', { any: ['botocore', 'boto3', '@aws-sdk/', 'aws-sdk', 'when calling the '] }],
  [
    'google-sdk',
    {
      any: ['google.api_core', 'google-cloud', 'googleapis', 'grpc._channel', '@google-cloud/'],
    },
  ],
];

const PROVIDER_HINTS: Array<[Provider, Hint]> = [
  [
    'bedrock',
    // Plain botocore or "AWS" words are not enough: IAM, S3 and STS errors are pasted too.
    {
      any: [
        'bedrock',
        'invokemodel',
        'anthropic.claude-',
        'anthropicbedrock',
        'claude_code_use_bedrock',
        'modelstreamerrorexception',
        'aws cli',
        'aws credentials',
        'aws account',
        'aws console',
        'ak and sk',
        'access key and secret',
      ],
      pattern: /\bconverse(?:stream)?\b/,
      gate: ['converse'],
    },
  ],
  [
    'vertex',
    {
      // "Publisher Model" is Vertex AI's own term for a model in its Model Garden.
      any: ['vertex', 'aiplatform', 'publishers/anthropic', 'publisher model', 'anthropicvertex', 'claude_code_use_vertex', 'rawpredict'],
      pattern: /claude-[a-z0-9.-]{2,40}@\d{8}/,
      gate: ['@20'],
    },
  ],
  [
    'gateway',
    {
      any: ['openrouter', 'litellm', 'portkey', 'helicone', 'cloudflare ai gateway', 'gateway.ai.cloudflare', 'one-api', 'new-api'],
    },
  ],
  [
    'anthropic',
    {
      any: ['api.anthropic.com', '@anthropic-ai/sdk', 'sk-ant-', 'anthropic.anthropic', 'anthropic.messages'],
      pattern: /\banthropic\.[a-z]\w{2,40}error\b|\breq_[a-z0-9]{12}|"type"\s?:\s?"error"/,
      gate: ['anthropic.', 'req_', '"type"'],
    },
  ],
];

const ANTHROPIC_CONTEXT: Hint = {
  any: [
    'anthropic',
    'claude',
    'sk-ant-',
    'overloaded_error',
    'invalid_request_error',
    'rate_limit_error',
    'authentication_error',
    'permission_error',
    'not_found_error',
    'billing_error',
    'request_too_large',
  ],
  pattern: /\breq_[a-z0-9]{12}|['"]type['"]\s?:\s?['"]error['"]/,
  gate: ['req_', 'type'],
};

const FOREIGN_VENDORS: Array<[string, Hint]> = [
  [
    'OpenAI',
    {
      pattern: /\bopenai\b(?![-_ ]?compat)|platform\.openai\.com|\bgpt-[345o]|\bchatgpt\b|\bo[134]-mini\b/,
      gate: ['openai', 'gpt-', 'chatgpt', '-mini'],
    },
  ],
  [
    'Google Gemini',
    {
      any: ['generativelanguage.googleapis', 'google.genai'],
      pattern: /\bgemini\b|\bpalm\b/,
      gate: ['gemini', 'palm'],
    },
  ],
  ['Azure OpenAI', { any: ['azure openai', 'openai.azure.com'] }],
  ['Ollama', { pattern: /\bollama\b/, gate: ['ollama'] }],
  ['Groq', { pattern: /\bgroq\b/, gate: ['groq'] }],
  ['Mistral', { pattern: /\bmistral\b/, gate: ['mistral'] }],
  ['DeepSeek', { pattern: /\bdeepseek\b/, gate: ['deepseek'] }],
  ['Cohere', { pattern: /\bcohere\b/, gate: ['cohere'] }],
  ['Hugging Face', { any: ['huggingface', 'hugging face'] }],
];

// Cheap gate: most chat is not an error. Any of these words or phrases makes the paste worth matching in full.
const ERROR_WORDS = [
  'error',
  'errors',
  'exception',
  'traceback',
  'failed',
  'fails',
  'failure',
  'refused',
  'denied',
  'invalid',
  'unexpected',
  'timeout',
  'timedout',
  'overloaded',
  'exceeded',
  'exceeds',
  'exceed',
  'unauthorized',
  'unauthorised',
  'forbidden',
  'rejected',
  'cannot',
  'required',
  'stop_reason',
  'throttled',
  'throttling',
  'unavailable',
  'aborted',
  'panic',
];
const ERROR_PHRASES = [
  'timed out',
  'time out',
  'too many',
  'not found',
  'could not',
  'unable to',
  'limit reached',
  'hit your limit',
  'not supported',
  "can't",
  'must be',
  'must have',
  'must not',
];

/**
 * Every hint substring in one alternation, longest first, so one regex pass over the paste finds them
 * all (much cheaper than an `includes` per substring on a long paste). A found substring also counts
 * every shorter hint it contains ("anthropic.claude-" implies "anthropic").
 */
const ALL_HINTS: string[] = [
  ...new Set(
    [...SURFACE_HINTS, ...PROVIDER_HINTS, ['context', ANTHROPIC_CONTEXT] as const, ...FOREIGN_VENDORS]
      .flatMap(([, h]) => [...(h.any ?? []), ...(h.gate ?? [])])
      .concat(ERROR_PHRASES),
  ),
].sort((a, b) => b.length - a.length);
const HINT_SCAN = new RegExp(ALL_HINTS.map(escapeRegex).join('|'), 'g');
const CONTAINED = new Map(ALL_HINTS.map((x) => [x, ALL_HINTS.filter((y) => y !== x && x.includes(y))]));

function findHints(lower: string): Set<string> {
  const found = new Set<string>();
  for (const m of lower.matchAll(HINT_SCAN)) {
    if (found.has(m[0])) continue;
    found.add(m[0]);
    for (const y of CONTAINED.get(m[0]) ?? []) found.add(y);
  }
  return found;
}

function pushUnique<T>(list: T[], value: T): void {
  if (list.length < MAX_ITEMS && !list.includes(value)) list.push(value);
}

export function extractSignals(
  n: NormalisedText,
  meta: { binary: boolean; truncated: boolean },
  words: Set<string> = tokenSet(n.lower),
): Signals {
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
    foreignModel: null,
    impliedErrorTypes: [],
    anthropicContext: false,
    sdkVersions: {},
    requestIds: [],
    modelIds: [],
    primaryMessage: null,
  };
  if (meta.binary || flat.length === 0) return signals;

  // Each pattern below runs only when a word or substring it needs is present (set look-ups are
  // nearly free); on long logs this skips most passes.
  const has = (w: string) => words.has(w);
  // One pass over the paste's words for the two gates that look inside them.
  let statusLike = false;
  let exceptionLike = false;
  for (const w of words) {
    if (!statusLike && w.length === 3 && STATUS_TOKEN.test(w)) statusLike = true;
    if (!exceptionLike && w.endsWith('exception')) exceptionLike = true;
    if (statusLike && exceptionLike) break;
  }
  if (statusLike) {
    for (const re of STATUS_PATTERNS) {
      for (const m of flat.matchAll(re)) pushUnique(signals.httpStatuses, Number(m[1]));
    }
  }
  const found = findHints(lower);
  signals.looksLikeError = signals.httpStatuses.length > 0 || ERROR_WORDS.some(has) || ERROR_PHRASES.some((p) => found.has(p));
  if (has('type') || has('code')) {
    for (const m of flat.matchAll(ERROR_TYPE_FIELD)) {
      const type = m[1] as string;
      if (ANTHROPIC_ERROR_TYPES.has(type)) pushUnique(signals.errorTypes, type);
    }
  }
  if (exceptionLike || has('__type') || has('occurred')) {
    for (const m of flat.matchAll(AWS_ERROR_CODE)) pushUnique(signals.errorTypes, (m[1] ?? m[2]) as string);
  }
  // AWS SDK for JavaScript v3 errors serialised as JSON: {"name":"ValidationException","$fault":"client",…}.
  if ((has('fault') || has('metadata')) && (lower.includes('$fault') || lower.includes('$metadata'))) {
    for (const m of flat.matchAll(AWS_V3_NAME)) {
      pushUnique(signals.errorTypes, m[1] as string);
      pushUnique(signals.exceptions, m[1] as string);
    }
  }
  if (GOOGLE_STATUS_WORDS.some(has)) for (const m of flat.matchAll(GOOGLE_STATUS)) pushUnique(signals.errorTypes, m[1] as string);
  // Bare mentions of an Anthropic error type (e.g. "overloaded_error" in prose or LangChain output).
  if (signals.errorTypes.length === 0) {
    for (const type of ANTHROPIC_ERROR_TYPES) if (lower.includes(type)) pushUnique(signals.errorTypes, type);
  }

  if (signals.errorTypes.length === 0) signals.impliedErrorTypes = impliedErrorTypes(signals.httpStatuses, lower);
  // An error type or status named in a sentence ("keep getting overloaded_error") is an error report too.
  if (signals.errorTypes.length > 0 || signals.impliedErrorTypes.length > 0) signals.looksLikeError = true;

  for (const name of exceptionNames(flat)) pushUnique(signals.exceptions, name);
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

  if (has('message')) {
    for (const m of flat.matchAll(JSON_MESSAGE)) {
      const msg = (m[1] ?? m[2] ?? '').trim();
      if (msg.length >= 4) pushUnique(signals.messages, msg);
    }
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

  for (const [surface, hint] of SURFACE_HINTS) if (hintMatches(hint, lower, found)) signals.surfaces.push(surface);
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

  for (const [provider, hint] of PROVIDER_HINTS) if (hintMatches(hint, lower, found)) signals.providers.push(provider);
  // Claude on Bedrock or Vertex, or Claude Code's own output, is Anthropic context even without the name.
  signals.anthropicContext =
    hintMatches(ANTHROPIC_CONTEXT, lower, found) ||
    signals.surfaces.includes('claude-code') ||
    signals.providers.includes('bedrock') ||
    signals.providers.includes('vertex');
  if (signals.providers.length === 0 && signals.anthropicContext) signals.providers.push('anthropic');

  if (!signals.anthropicContext) {
    for (const [vendor, hint] of FOREIGN_VENDORS) {
      if (hintMatches(hint, lower, found)) {
        signals.foreignVendor = vendor;
        break;
      }
    }
  }

  // 529 is Anthropic's own status for overload: "529 Overloaded" names the API as clearly as its name would.
  if (signals.impliedErrorTypes.includes('overloaded_error')) signals.anthropicContext = true;
  signals.foreignModel = foreignModelOf(lower, words);
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

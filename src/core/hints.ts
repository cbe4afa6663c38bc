import { FOREIGN_VENDORS, GEMINI_CLI_ERROR } from './foreign-vendors.js';
import type { Hint } from './hint.js';
import { escapeRegex } from './normalize.js';
import type { Provider, Surface } from './types.js';

/**
 * Words and substrings that say where a paste came from (surface, provider, Anthropic context, another
 * vendor) and whether it looks like an error at all. One regex pass finds every hint substring.
 */

/** Claude Code's own marks: its name, its output gutter, its environment variables and its limit banners. */
const CLAUDE_CODE_MARKS = ['claude code', 'claude-code', '⎿', '⏺', 'claude_code_', '5-hour limit', 'weekly limit', 'session limit'];

/**
 * A paste that shows Gemini CLI's "✕ [API Error: …]" form is Claude Code's only when it also shows one of
 * Claude Code's own marks (CLAUDE_CODE_MARKS) or an "API Error:" line outside that form. Its slash commands
 * do not count: Gemini CLI has `/model` and `/auth` too.
 */
export function geminiCliNotClaudeCode(lower: string, found: Set<string>): boolean {
  if (!found.has(GEMINI_CLI_ERROR)) return false;
  const own = CLAUDE_CODE_MARKS.some((x) => found.has(x));
  return !own && !found.has('api error (') && countOf(lower, 'api error:') === countOf(lower, GEMINI_CLI_ERROR);
}

function countOf(text: string, part: string): number {
  let n = 0;
  for (let at = text.indexOf(part); at !== -1; at = text.indexOf(part, at + part.length)) n++;
  return n;
}

export const SURFACE_HINTS: Array<[Surface, Hint]> = [
  [
    'claude-code',
    {
      any: [...CLAUDE_CODE_MARKS, 'api error:', 'api error ('],
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

export const PROVIDER_HINTS: Array<[Provider, Hint]> = [
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
        // Claude Code's wording for a 401/403 from Bedrock (2.1.332 build).
        'aws authentication failed',
        'aws account',
        'aws console',
        'ak and sk',
        'access key and secret',
        // Bedrock's own wordings for a model the account cannot use or does not know; the Python
        // AnthropicBedrock client prints them inside anthropic.PermissionDeniedError / BadRequestError.
        'access to the model with the specified model id',
        'provided model identifier is invalid',
      ],
      pattern: /\bconverse(?:stream)?\b/,
      gate: ['converse'],
    },
  ],
  [
    'vertex',
    {
      // "Publisher Model" is Vertex AI's own term for a model in its Model Garden.
      // "Google Cloud credentials" is to Vertex what "AWS credentials" is to Bedrock (Claude Code's wording).
      any: [
        'vertex',
        'aiplatform',
        'publishers/anthropic',
        'publisher model',
        'anthropicvertex',
        'claude_code_use_vertex',
        'rawpredict',
        'google cloud credentials',
      ],
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

// Claude Code's native build in stack traces ("/$bunfs/root/src/entrypoints/cli.js", on Windows
// "B:/~BUN/root/src/entrypoints/cli.js" or "B:/~BUN/root/claude.exe"; "/$bunfs/root/cli" from 2.1.229), and
// its connection failures ("Unable to connect to API (ECONNREFUSED)", "Unable to connect to API: Self-signed
// certificate detected…", see the sdk-connection-error and TLS articles' sources).
const CC_BUNDLE = /root\/src\/entrypoints\/cli\.js|\$bunfs\/root\/cli|~bun\/root\/claude\.exe/;
const CC_CONNECT = /unable to connect to api(?: \(|:)/;

/**
 * Claude Code hints kept out of the one-pass scan (each alternative there costs every message a little):
 * tried only when the paste has the words they contain, so chat pays a set look-up.
 */
export function showsClaudeCodeByWords(lower: string, words: Set<string>): boolean {
  if ((words.has('bunfs') || words.has('bun') || words.has('entrypoints')) && CC_BUNDLE.test(lower)) return true;
  return words.has('unable') && words.has('connect') && CC_CONNECT.test(lower);
}

/** Vertex's own request ids for Claude carry a "vrtx" tag: "request_id":"req_vrtx_011C…". */
export const VERTEX_REQUEST_ID = 'req_vrtx_';

/**
 * The error codes the Bedrock Runtime API documents for InvokeModel / Converse (and their streaming
 * forms). An AWS SDK for JavaScript v3 error serialised as JSON carries only its `name` and `$metadata`,
 * not the service; with one of these names and no other AWS service named, the paste is Bedrock's.
 * (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModel.html, "Errors")
 */
export const BEDROCK_RUNTIME_ERRORS = new Set([
  'AccessDeniedException',
  'InternalServerException',
  'ModelErrorException',
  'ModelNotReadyException',
  'ModelStreamErrorException',
  'ModelTimeoutException',
  'ResourceNotFoundException',
  'ServiceQuotaExceededException',
  'ServiceUnavailableException',
  'ThrottlingException',
  'ValidationException',
]);
/** Other AWS services whose errors share those codes (S3, DynamoDB, STS, IAM, Lambda, …). */
export const OTHER_AWS_SERVICE =
  /\b(?:s3|dynamodb|sts|iam|lambda|sqs|sns|kms|cognito|ec2|ecs|eks|secretsmanager|cloudwatch|sagemaker|kinesis|athena|glue|ses|textract|comprehend|polly|transcribe)\b/;

export const ANTHROPIC_CONTEXT: Hint = {
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
    // The Messages API's own streaming vocabulary: no other vendor's wire format uses these names.
    'content_block_delta',
    'content_block_start',
    'content_block_stop',
    'input_json_delta',
    'thinking_delta',
    'signature_delta',
  ],
  pattern: /\breq_[a-z0-9]{12}|['"]type['"]\s?:\s?['"]error['"]/,
  gate: ['req_', 'type'],
};

/**
 * `{"object": "error", "message": …, "type": …, "param": …, "code": …}` is the error body of the OpenAI-compatible
 * servers that host open-weight models (vLLM, Mistral's API, SGLang); Anthropic's body is `{"type": "error",
 * "error": {…}}` and OpenAI's own is `{"error": {…}}`. It outranks error types both families use
 * (`invalid_request_error`), and their "Conversation roles must alternate user/assistant/…" is a chat template's
 * check, not the Messages API's.
 */
export const OPEN_MODEL_SERVER = 'an OpenAI-compatible model server (vLLM, Mistral)';
export const OPEN_MODEL_SERVER_BODY: Hint = { pattern: /\\?["']object\\?["']\s?:\s?\\?["']error\\?["']/, gate: ['object'] };
/** Words that name Anthropic or Claude themselves (not error types other APIs share). */
export const NAMES_ANTHROPIC: Hint = { any: ['anthropic', 'claude', 'sk-ant-'] };

// Cheap gate: most chat is not an error. Any of these words or phrases makes the paste worth matching in full.
export const ERROR_WORDS = [
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
export const ERROR_PHRASES = [
  'timed out',
  'time out',
  'too many',
  'too large',
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
export const ALL_HINTS: string[] = [
  ...new Set(
    [
      ...SURFACE_HINTS,
      ...PROVIDER_HINTS,
      ['context', ANTHROPIC_CONTEXT] as const,
      ...FOREIGN_VENDORS,
      ['open', OPEN_MODEL_SERVER_BODY] as const,
    ]
      .flatMap(([, h]) => [...(h.any ?? []), ...(h.gate ?? [])])
      .concat(ERROR_PHRASES),
  ),
].sort((a, b) => b.length - a.length);
const HINT_SCAN = new RegExp(ALL_HINTS.map(escapeRegex).join('|'), 'g');
const CONTAINED = new Map(ALL_HINTS.map((x) => [x, ALL_HINTS.filter((y) => y !== x && x.includes(y))]));

export function findHints(lower: string): Set<string> {
  const found = new Set<string>();
  // An exec loop on the one regex, not matchAll: matchAll clones the regex on every call, which cost
  // more than the scan itself on a chat message.
  HINT_SCAN.lastIndex = 0;
  for (let m = HINT_SCAN.exec(lower); m !== null; m = HINT_SCAN.exec(lower)) {
    if (found.has(m[0])) continue;
    found.add(m[0]);
    for (const y of CONTAINED.get(m[0]) ?? []) found.add(y);
  }
  return found;
}

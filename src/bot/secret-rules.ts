/**
 * The rule set behind redaction, shaped like gitleaks / secretlint: each rule has keywords ("anchors")
 * that must occur where it is tried, a bounded pattern from there, and checks on the candidate
 * (entropy, placeholders). Two families:
 * - token rules: vendor tokens known by their own prefix, wherever they stand (glued to a name, in a
 *   URL, in JSON). The prefix is a bounded pattern; the body is a run of token characters whose end is
 *   looked up once per run, so hostile runs cost one pass;
 * - field rules: secrets known by the name in front of them (headers, JSON/YAML fields, env files,
 *   command lines, URLs). A value, once scanned, is never scanned again from inside.
 */

export type SecretKind =
  | 'anthropic-key'
  | 'aws-access-key'
  | 'aws-secret-key'
  | 'google-private-key'
  | 'google-oauth-token'
  | 'bearer-token'
  | 'basic-auth'
  | 'slack-token'
  | 'discord-token'
  | 'url-password'
  | 'api-key-header'
  | 'generic-secret'
  | 'jwt'
  | 'other-vendor-key';

/** Character classes a token body is made of. */
export type BodyClass = 'b64url' | 'dotted' | 'alnum' | 'upperAlnum' | 'slack' | 'path';

export interface TokenRule {
  kind: SecretKind;
  /** Case-sensitive literals where the token begins. */
  anchors: string[];
  /** Sticky, bounded: the token's prefix from the anchor up to where its body starts. */
  head: RegExp;
  body: BodyClass;
  /** Body length bounds (a longer run is refused when `max` is set). */
  min: number;
  max?: number;
  /** The character before the token must not be one of these (a prefix glued to a word is fine with `_`). */
  notAfter?: RegExp;
  /** Keep the prefix visible (webhook URLs) and replace only the body. */
  keepHead?: boolean;
  /** Structure after the body (a JWT's further segments): the new end, or null when it is not there. */
  tail?: (text: string, end: number, runEnd: (at: number, cls: BodyClass) => number) => number | null;
  mask: string | ((secret: string) => string);
  /** Often hard-wrapped at 80 columns: continue over line breaks while shorter than this. */
  wrapUntil?: number;
}

export interface FieldRule {
  kind: SecretKind;
  /**
   * Sticky, case-insensitive, starting with a literal (so one combined search stays fast); the first group
   * is what stays (name, operator, quote), the last group is the secret.
   */
  pattern: RegExp;
  accept?: (secret: string) => boolean;
  /** A key that could still work: tell the poster to revoke it. */
  live: boolean;
}

export const PLACEHOLDER = /fake|example|dummy|placeholder|xxxxxx|your[-_]?(?:api[-_]?)?key|changeme|<[^>]*>|\$\{|\*{4}/i;

const COUNTS = new Uint32Array(65_536);
/** n·log2(n) for the counts a short value can have, so entropy() takes no logarithm per character. */
const N_LOG_N = Float64Array.from({ length: 257 }, (_, n) => (n === 0 ? 0 : n * Math.log2(n)));

/**
 * Shannon entropy in bits per character (gitleaks' measure for generic secrets), as
 * log2(L) − Σ n·log2(n) / L over the count n of each distinct character of a value of length L.
 */
export function entropy(s: string): number {
  const length = s.length;
  if (length === 0) return 0;
  for (let i = 0; i < length; i++) (COUNTS[s.charCodeAt(i)] as number)++;
  let sum = 0;
  for (let i = 0; i < length; i++) {
    const c = s.charCodeAt(i);
    const n = COUNTS[c] as number;
    if (n === 0) continue;
    COUNTS[c] = 0; // each distinct character is counted once, and the table is clean for the next call
    sum += n < N_LOG_N.length ? (N_LOG_N[n] as number) : n * Math.log2(n);
  }
  return Math.log2(length) - sum / length;
}

/** Values that are not credentials: numbers, words, error types, references to a variable, dates. */
const NOT_A_SECRET =
  /^(?:\d+(?:\.\d+)?$|[a-z]+(?:[_ .-][a-z]+)*$|[A-Z][a-z]+(?:[A-Z][a-z]+)*$|\$|%|os\.environ|process\.env|env\(|\{\{|\d{4}-\d\d-\d\d)/;
/** Keywords and placeholders, in one search (both ignore case). */
const KEYWORD_OR_PLACEHOLDER = new RegExp(`^(?:true|false|null|none|undefined|required|optional)$|${PLACEHOLDER.source}`, 'i');

/** A value assigned to a credential-named field that looks like a credential, not a word or a number. */
export function secretLike(v: string): boolean {
  if (v.length < 8 || v.includes('…') || v.includes('[REDACTED')) return false;
  if (NOT_A_SECRET.test(v) || KEYWORD_OR_PLACEHOLDER.test(v)) return false;
  return entropy(v.length > 256 ? v.slice(0, 256) : v) >= 2.8;
}

const ALNUM_BEFORE = /[A-Za-z0-9]/;

export const TOKEN_RULES: TokenRule[] = [
  {
    kind: 'anthropic-key',
    anchors: ['sk-ant-'],
    head: /sk-ant-(?:[a-z]{2,8}\d{2}-)?/y,
    body: 'b64url',
    min: 16,
    mask: (m) => (PLACEHOLDER.test(m) ? `${m.slice(0, 10)}…[REDACTED]` : 'sk-ant-…[REDACTED]'),
    wrapUntil: 108,
  },
  {
    kind: 'aws-access-key',
    anchors: ['AKIA', 'ASIA', 'ABIA', 'ACCA', 'A3T'],
    head: /(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])/y,
    body: 'upperAlnum',
    min: 16,
    max: 16,
    notAfter: /[A-Z0-9]/,
    mask: '[REDACTED AWS ACCESS KEY]',
  },
  { kind: 'google-oauth-token', anchors: ['ya29.'], head: /ya29\./y, body: 'dotted', min: 20, mask: '[REDACTED GOOGLE TOKEN]' },
  {
    kind: 'google-oauth-token',
    anchors: ['1//0'],
    head: /1\/\/0/y,
    body: 'b64url',
    min: 30,
    notAfter: /[A-Za-z0-9/:]/,
    mask: '[REDACTED GOOGLE TOKEN]',
  },
  {
    kind: 'slack-token',
    // Bot, user, legacy, refresh (xoxe-1-…), rotated (xoxe.xoxp-1-…), client and cookie tokens.
    anchors: ['xox'],
    head: /xox[a-z](?:\.xox[a-z])?-/y,
    body: 'slack',
    min: 10,
    mask: 'xox…[REDACTED]',
    wrapUntil: 160,
  },
  { kind: 'slack-token', anchors: ['xapp-'], head: /xapp-\d-/y, body: 'slack', min: 10, mask: 'xapp-…[REDACTED]', wrapUntil: 100 },
  {
    kind: 'slack-token',
    anchors: ['hooks.slack.com/'],
    head: /hooks\.slack\.com\/(?:services|workflows|triggers)\//y,
    body: 'path',
    min: 20,
    keepHead: true,
    mask: '[REDACTED]',
  },
  {
    kind: 'discord-token',
    anchors: ['/webhooks/'],
    head: /\/webhooks\/\d{5,30}\//y,
    body: 'b64url',
    min: 20,
    keepHead: true,
    mask: '[REDACTED]',
  },
  {
    kind: 'jwt',
    anchors: ['eyJ'],
    head: /eyJ/y,
    body: 'b64url',
    min: 8,
    tail: (text, end, runEnd) => {
      if (text[end] !== '.' || !text.startsWith('eyJ', end + 1)) return null;
      const second = runEnd(end + 4, 'b64url');
      if (second - (end + 4) < 8 || text[second] !== '.') return null;
      const third = runEnd(second + 1, 'b64url');
      return third - (second + 1) >= 8 ? third : null;
    },
    mask: '[REDACTED JWT]',
  },
  {
    kind: 'other-vendor-key',
    // OpenAI, OpenRouter, LiteLLM and other sk- keys; GitHub, GitLab, Hugging Face, Google API, Stripe, npm.
    anchors: ['sk-'],
    head: /sk-(?:proj-|svcacct-|admin-|or-v1-)?/y,
    body: 'b64url',
    min: 32,
    notAfter: ALNUM_BEFORE,
    mask: '[REDACTED KEY]',
    wrapUntil: 100,
  },
  ...(
    [
      [['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'], /gh[pousr]_/y, 'alnum', 36],
      [['github_pat_'], /github_pat_/y, 'b64url', 40],
      [['glpat-'], /glpat-/y, 'b64url', 20],
      [['hf_'], /hf_/y, 'alnum', 30],
      [['AIza'], /AIza/y, 'b64url', 35],
      [['sk_live_', 'rk_live_'], /[sr]k_live_/y, 'alnum', 20],
      [['npm_'], /npm_/y, 'alnum', 36],
    ] as Array<[string[], RegExp, BodyClass, number]>
  ).map(
    ([anchors, head, body, min]): TokenRule => ({
      kind: 'other-vendor-key',
      anchors,
      head,
      body,
      min,
      notAfter: ALNUM_BEFORE,
      mask: '[REDACTED KEY]',
    }),
  ),
];

export const FIELD_RULES: FieldRule[] = [
  {
    kind: 'aws-secret-key',
    // aws_secret_access_key = …, "SecretAccessKey": "…", sessionToken: '…' (any case, any separator).

    pattern: /((?:secret_?access_?key|session_?token)(?:\\?["'])?\s{0,3}(?:[:=]|=>)\s{0,3}(?:\\?["'])?)((?:[A-Za-z0-9/+=]|\\\/){16,})/iy,
    accept: (s) => !PLACEHOLDER.test(s),
    live: true,
  },
  {
    kind: 'google-private-key',

    pattern: /(private_key_id\\?"\s{0,3}:\s{0,3}\\?")([0-9a-f]{40})/y,
    live: true,
  },
  { kind: 'bearer-token', pattern: /(Bearer(?<![A-Za-z0-9_]Bearer)\s{1,3})([A-Za-z0-9._~+/=-]{12,})/iy, live: true },
  {
    kind: 'basic-auth',

    pattern: /(Basic(?<![A-Za-z0-9_]Basic)\s{1,3})([A-Za-z0-9+/]{8,}={0,2})/iy,
    accept: (s) => /[A-Z0-9+/=]/.test(s) && !/^[A-Z]?[a-z]+$/.test(s),
    live: true,
  },
  {
    kind: 'basic-auth',
    // curl -u user:password / --user "user:password"

    pattern: /((?:-u|--user)(?<=(?:^|\s)(?:-u|--user))[\s=]{0,3}["']?[^\s:"']{1,100}:)([^\s"']{6,})/y,
    live: true,
  },
  {
    kind: 'url-password',

    pattern: /(:\/\/(?<=[a-zA-Z0-9]:\/\/)[^\s:/@"'<>]{0,200}:)([^\s@/"'<>]{1,200})(?=@)/y,
    live: false,
  },
  {
    kind: 'api-key-header',

    pattern: /((?:x-)?(?:api[_-]?key|auth_token|authorization)(?:\\?["'])?\s{0,3}[:=]\s{0,3}(?:\\?["'])?)([A-Za-z0-9._~+/=-]{12,})/iy,
    // A variable's name (api_key=ANTHROPIC_API_KEY) is not its value.
    accept: (s) => !PLACEHOLDER.test(s) && !s.includes('[REDACTED') && !/^[A-Z][A-Z0-9_]*$/.test(s),
    live: true,
  },
  {
    kind: 'generic-secret',
    // A credential-named field (password, client_secret, SLACK_SIGNING_SECRET, access_token, ?key=…)
    // in JSON, YAML, env files, URLs or code, with a value that looks random enough.
    pattern:
      /((?:secret|passw(?:or)?d|pwd|token(?!s)|api[_-]?key|private_?key|access_?key|credentials?|[?&](?:key|sig|signature))(?=([A-Za-z0-9_.-]{0,40}))\2(?:\\?["'])?\s{0,3}(?:[:=]|=>|:=)\s{0,3}(?:\\?["'])?)([^\s"'`,;&<>)\]}\\]{8,})/iy,
    accept: secretLike,
    live: true,
  },
];

/**
 * Secret redaction. Runs before anything is stored, logged, sent to Claude or echoed back: the rest
 * of the bot only ever sees redacted text. Each rule says what it found so the poster can be told,
 * privately, to revoke a live-looking key.
 */

export type SecretKind =
  | 'anthropic-key'
  | 'aws-access-key'
  | 'aws-secret-key'
  | 'google-private-key'
  | 'bearer-token'
  | 'slack-token'
  | 'discord-token'
  | 'url-password'
  | 'api-key-header'
  | 'other-vendor-key';

interface Rule {
  kind: SecretKind;
  pattern: RegExp;
  replace: (match: string, ...groups: string[]) => string;
  /** A key that could still work: tell the poster to revoke it. */
  live: boolean;
}

const RULES: Rule[] = [
  {
    // Service-account JSON: the key block, also with \n escaped inside a JSON string.
    kind: 'google-private-key',
    pattern: /-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----[\s\S]{0,8000}?-----END (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/g,
    replace: () => '[REDACTED PRIVATE KEY]',
    live: true,
  },
  {
    kind: 'google-private-key',
    pattern: /("private_key_id"\s?:\s?")[0-9a-f]{40}"/g,
    replace: (_m, prefix) => `${prefix}[REDACTED]"`,
    live: true,
  },
  {
    kind: 'anthropic-key',
    pattern: /\bsk-ant-(?:[a-z]{2,8}\d{2}-)?[A-Za-z0-9_-]{16,200}/g,
    replace: (m) => (/fake|example|x{6}|\.\.\.|your/i.test(m) ? `${m.slice(0, 10)}…[REDACTED]` : 'sk-ant-…[REDACTED]'),
    live: true,
  },
  { kind: 'aws-access-key', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/g, replace: () => '[REDACTED AWS ACCESS KEY]', live: true },
  {
    kind: 'aws-secret-key',
    pattern:
      /((?:aws_secret_access_key|secretAccessKey|AWS_SECRET_ACCESS_KEY|aws_session_token|sessionToken|AWS_SESSION_TOKEN)["']?\s{0,3}[:=]\s{0,3}["']?)[A-Za-z0-9/+=]{16,1200}/g,
    replace: (_m, prefix) => `${prefix}[REDACTED]`,
    live: true,
  },
  { kind: 'slack-token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,200}/g, replace: () => 'xox…[REDACTED]', live: true },
  { kind: 'slack-token', pattern: /\bxapp-\d-[A-Za-z0-9-]{10,200}/g, replace: () => 'xapp-…[REDACTED]', live: true },
  {
    kind: 'slack-token',
    pattern: /hooks\.slack\.com\/services\/[A-Za-z0-9/]{20,120}/g,
    replace: () => 'hooks.slack.com/services/[REDACTED]',
    live: true,
  },
  {
    kind: 'discord-token',
    pattern: /\b[MNO][A-Za-z\d_-]{23,27}\.[A-Za-z\d_-]{6}\.[A-Za-z\d_-]{27,40}\b/g,
    replace: () => '[REDACTED DISCORD TOKEN]',
    live: true,
  },
  {
    kind: 'other-vendor-key',
    pattern: /\b(?:sk-(?:proj-|svcacct-)?[A-Za-z0-9_-]{32,200}|gh[pousr]_[A-Za-z0-9]{36,80}|AIza[0-9A-Za-z_-]{35})\b/g,
    replace: () => '[REDACTED KEY]',
    live: true,
  },
  {
    kind: 'bearer-token',
    pattern: /\b(Bearer\s{1,3})[A-Za-z0-9._~+/=-]{12,2000}/gi,
    replace: (_m, prefix) => `${prefix}[REDACTED]`,
    live: true,
  },
  {
    kind: 'api-key-header',
    pattern:
      /((?:x-api-key|api[_-]?key|ANTHROPIC_API_KEY|ANTHROPIC_AUTH_TOKEN|CLAUDE_CODE_OAUTH_TOKEN|authorization)["']?\s{0,3}[:=]\s{0,3}["']?)(?!\[REDACTED|sk-ant-…|Bearer)[A-Za-z0-9._~+/=-]{12,500}/gi,
    replace: (_m, prefix) => `${prefix}[REDACTED]`,
    live: true,
  },
  {
    kind: 'url-password',
    pattern: /\b([a-z][a-z0-9+.-]{1,20}:\/\/[^\s:/@]{1,200}:)[^\s@/]{1,200}@/gi,
    replace: (_m, prefix) => `${prefix}[REDACTED]@`,
    live: false,
  },
];

export interface Redaction {
  text: string;
  found: SecretKind[];
  /** At least one secret looked real enough that the poster should revoke it. */
  liveSecret: boolean;
}

export function redact(text: string): Redaction {
  const found = new Set<SecretKind>();
  let live = false;
  let out = text;
  for (const rule of RULES) {
    rule.pattern.lastIndex = 0;
    if (!rule.pattern.test(out)) continue;
    rule.pattern.lastIndex = 0;
    out = out.replace(rule.pattern, (...args: unknown[]) => {
      const match = args[0] as string;
      if (match.includes('[REDACTED')) return match;
      found.add(rule.kind);
      if (rule.live && !/fake|example|dummy|placeholder|xxxxxx|your[-_]?key/i.test(match)) live = true;
      const groups = args.slice(1).filter((a) => typeof a === 'string') as string[];
      return rule.replace(match, ...groups);
    });
  }
  return { text: out, found: [...found], liveSecret: live };
}

/** Redacts every string inside a JSON-like value (for log fields and outgoing payloads). */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redact(value).text as T;
  if (Array.isArray(value)) return value.map(redactDeep) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v)])) as T;
  }
  return value;
}

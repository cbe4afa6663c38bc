import { availableParallelism } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { LENIENT_THRESHOLD, STRICT_THRESHOLD } from './core/diagnose.js';
import { DEFAULT_KNOWLEDGE_DIR } from './core/paths.js';

/**
 * All configuration, built once from the environment at start-up and validated. A bad value stops the
 * process with a message naming the variable and what it expected; nothing else reads process.env.
 */

const list = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v?.trim() ? v.trim() : undefined));
const optionalUrl = z
  .string()
  .optional()
  .transform((v) => (v?.trim() ? v.trim() : undefined))
  .pipe(z.url({ error: 'expected a URL such as http://127.0.0.1:8080/api/' }).optional());
const int = (def: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce
    .number({ error: 'expected a whole number' })
    .int('expected a whole number')
    .min(min, `expected at least ${min}`)
    .max(max, `expected at most ${max}`)
    .default(def);
const fraction = (def: number) => z.coerce.number({ error: 'expected a number between 0 and 1' }).min(0).max(1).default(def);
const bool = (def: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'expected true or false' })
    .optional()
    .transform((v) => (v === undefined ? def : ['true', '1', 'yes'].includes(v)));

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: int(3000, 0, 65535),
  HOST: z.string().default('127.0.0.1'),
  PUBLIC_URL: optionalUrl,
  DATA_DIR: z.string().default('./data'),
  /** PostgreSQL connection string: when set, the store lives there, shared by every instance and shard. */
  DATABASE_URL: optionalString,
  KNOWLEDGE_DIR: z.string().default(DEFAULT_KNOWLEDGE_DIR),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty', 'auto']).default('auto'),

  SLACK_BOT_TOKEN: optionalString,
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString,
  SLACK_API_URL: optionalUrl,
  SLACK_SUPPORT_GROUP: optionalString,

  DISCORD_TOKEN: optionalString,
  DISCORD_API_URL: optionalUrl,
  DISCORD_SUPPORT_ROLE: optionalString,
  DISCORD_GUILD_ID: optionalString,
  /** `npm run start:sharded`: a number of shards, or "auto" for Discord's recommendation. */
  DISCORD_SHARDS: z
    .string()
    .default('auto')
    .transform((v) => v.trim())
    .pipe(z.union([z.literal('auto'), z.string().regex(/^[1-9]\d*$/, 'expected a whole number or "auto"')]))
    .transform((v) => (v === 'auto' ? ('auto' as const) : Number(v))),
  /** Pause between shard start-ups: Discord allows one IDENTIFY per 5 s. */
  DISCORD_SHARD_DELAY_MS: int(5_500, 0),

  ANTHROPIC_API_KEY: optionalString,
  ANTHROPIC_BASE_URL: optionalUrl,
  CLAUDE_MODEL: z.string().default('claude-haiku-4-5'),
  CLAUDE_DAILY_TOKEN_BUDGET: int(200_000, 0),
  CLAUDE_USER_DAILY_TOKENS: int(20_000, 0),
  CLAUDE_TIMEOUT_MS: int(4_000, 100, 60_000),
  SUMMARY_MIN_LINES: int(40, 1),
  SUMMARY_MIN_CHARS: int(4_000, 1),

  DASHBOARD_TOKEN: optionalString,
  /** Host names accepted in the Host header (DNS rebinding); `*` accepts any. */
  ALLOWED_HOSTS: list,

  AUTO_REPLY_CHANNELS: list,
  /** Distinct platform voters on an article for a fingerprint before their votes move the ranking. */
  FEEDBACK_MIN_VOTERS: int(3, 1, 1_000),
  /** Name of the Discord forum tag applied to a post marked solved (when the forum has such a tag). */
  DISCORD_SOLVED_TAG: z.string().default('Solved'),
  /** Seconds after "Solved" before a Discord forum post or thread is archived; 0 leaves it open. */
  SOLVED_ARCHIVE_SECONDS: int(3600, 0, 7 * 86_400),
  /** Lock the thread too when archiving it after "Solved" (only helpers can reopen it then). */
  SOLVED_LOCK: bool(false),
  STRICT_THRESHOLD: fraction(STRICT_THRESHOLD),
  LENIENT_THRESHOLD: fraction(LENIENT_THRESHOLD),
  CHANNEL_COOLDOWN_SECONDS: int(10, 0),
  USER_COOLDOWN_SECONDS: int(20, 0),
  DUPLICATE_WINDOW_MINUTES: int(30, 0),
  INCIDENT_WINDOW_MINUTES: int(5, 1),
  INCIDENT_THRESHOLD: int(4, 2),
  MAX_PASTE_BYTES: int(512 * 1024, 1024, 16 * 1024 * 1024),
  RETENTION_DAYS: int(90, 1),
  MAX_STORED_ANSWERS: int(100_000, 100),
  HOT_RELOAD: bool(true),

  // Large pastes are redacted and diagnosed in worker threads so the event loop that acknowledges Slack
  // and answers /healthz stays free. One core is left to the main thread.
  ANALYSIS_THREADS: int(Math.max(1, Math.min(4, availableParallelism() - 1)), 1, 32),
  // Below this a worker round trip (structured clone of the paste and the answer, queueing) costs more
  // than the work itself; the bench ("where small pastes run") measured the crossover, see docs/performance.md.
  ANALYSIS_INLINE_MAX_BYTES: int(32 * 1024, 0, 16 * 1024 * 1024),
  // Past this a paste is read head-and-tail only and the answer says so.
  PASTE_TIME_BUDGET_MS: int(2_000, 10, 60_000),
  // Heap per analysis worker: a paste that needs more crashes that worker (replaced at once), not the bot.
  // The floor leaves room for the knowledge base itself: a 10 MB worker can no longer hold today's, 16 MB can.
  ANALYSIS_WORKER_MAX_MEMORY_MB: int(256, 32, 8_192),
});

export type Env = z.infer<typeof envSchema>;

export interface Config extends Env {
  dataFile: string;
  /** ALLOWED_HOSTS, or by default the loopback names, HOST itself and PUBLIC_URL's host. */
  allowedHosts: string[];
  slack: { mode: 'off' | 'http' | 'socket' };
  discord: { enabled: boolean };
  claude: { enabled: boolean };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const name = String(i.path[0] ?? '?');
        return `${name}=${JSON.stringify(env[name] ?? '')}: ${i.message}`;
      }),
    );
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (e.SLACK_BOT_TOKEN && !e.SLACK_SIGNING_SECRET && !e.SLACK_APP_TOKEN) {
    problems.push('SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN for HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)');
  }
  if ((e.SLACK_SIGNING_SECRET || e.SLACK_APP_TOKEN) && !e.SLACK_BOT_TOKEN)
    problems.push('SLACK_BOT_TOKEN: required when Slack is configured');
  if (e.SLACK_APP_TOKEN && !e.SLACK_APP_TOKEN.startsWith('xapp-'))
    problems.push('SLACK_APP_TOKEN: expected an app-level token starting with xapp-');
  if (e.LENIENT_THRESHOLD > e.STRICT_THRESHOLD) problems.push('LENIENT_THRESHOLD: expected a value not above STRICT_THRESHOLD');
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    ...e,
    dataFile: path.resolve(e.DATA_DIR, 'diagnose-bot.json'),
    allowedHosts: allowedHosts(e),
    slack: { mode: !e.SLACK_BOT_TOKEN ? 'off' : e.SLACK_APP_TOKEN ? 'socket' : 'http' },
    discord: { enabled: Boolean(e.DISCORD_TOKEN) },
    claude: { enabled: Boolean(e.ANTHROPIC_API_KEY) },
  };
}

function allowedHosts(e: Env): string[] {
  if (e.ALLOWED_HOSTS.length > 0) return e.ALLOWED_HOSTS.map((h) => h.toLowerCase());
  const hosts = ['localhost', '127.0.0.1', '[::1]'];
  if (!['0.0.0.0', '::', '127.0.0.1', 'localhost', '::1'].includes(e.HOST))
    hosts.push(e.HOST.includes(':') ? `[${e.HOST}]` : e.HOST.toLowerCase());
  if (e.PUBLIC_URL) hosts.push(new URL(e.PUBLIC_URL).hostname.toLowerCase());
  return hosts;
}

/** For entry points: the configuration, or a one-line message naming the bad variable and exit code 2. */
export function loadConfigOrExit(program: string): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${program}: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}

import pino, { type Logger } from 'pino';
import { redact } from '../bot/redact.js';

export type { Logger };

/**
 * Structured logs: JSON in production, readable in a terminal. Every string argument and field passes
 * through secret redaction, and credential-bearing keys are censored, so a log line never carries a key.
 */
export function createLogger(opts: { level: string; format: 'json' | 'pretty' | 'auto'; production: boolean }): Logger {
  const pretty = opts.format === 'pretty' || (opts.format === 'auto' && !opts.production && process.stdout.isTTY);
  return pino({
    level: opts.level,
    base: { app: 'diagnose-bot' },
    redact: {
      paths: [
        'token',
        'apiKey',
        'authorization',
        'headers.authorization',
        '*.token',
        '*.apiKey',
        '*.authorization',
        'req.headers.authorization',
      ],
      censor: '[REDACTED]',
    },
    hooks: {
      logMethod(args, method) {
        method.apply(
          this,
          args.map((a) =>
            typeof a === 'string' ? redact(a).text : a && typeof a === 'object' && !(a instanceof Error) ? scrub(a) : a,
          ) as Parameters<typeof method>,
        );
      },
    },
    ...(pretty
      ? { transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'HH:MM:ss', ignore: 'pid,hostname,app' } } }
      : {}),
  });
}

function scrub(value: object): object {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = typeof v === 'string' ? redact(v).text : v;
  return out;
}

/** A logger that drops everything, for tests and tools. */
export const silentLogger: Logger = pino({ level: 'silent' });

import pino, { type Logger } from 'pino';
import { redact, redactDeep } from '../bot/redact.js';

export type { Logger };

/**
 * Structured logs: JSON in production, readable in a terminal. Every string argument and field passes
 * through secret redaction, and credential-bearing keys are censored, so a log line never carries a key.
 */
export function createLogger(
  opts: { level: string; format: 'json' | 'pretty' | 'auto'; production: boolean },
  destination?: NodeJS.WritableStream,
): Logger {
  const pretty = !destination && (opts.format === 'pretty' || (opts.format === 'auto' && !opts.production && process.stdout.isTTY));
  const options: pino.LoggerOptions = {
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
  };
  return destination ? pino(options, destination as pino.DestinationStream) : pino(options);
}

/** Redacts every string in a log object except Error instances (pino's serializer handles those). */
function scrub(value: object): object {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = v instanceof Error ? v : redactDeep(v);
  return out;
}

/** A logger that drops everything, for tests and tools. */
export const silentLogger: Logger = pino({ level: 'silent' });

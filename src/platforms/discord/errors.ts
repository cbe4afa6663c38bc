import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';

/** Discord JSON error codes the bot reacts to. */
export const DiscordCodes = {
  UnknownMessage: 10008,
  UnknownChannel: 10003,
  UnknownInteraction: 10062,
  MissingAccess: 50001,
  CannotSendToUser: 50007,
  MissingPermissions: 50013,
  InvalidFormBody: 50035,
  ThreadAlreadyCreated: 160004,
} as const;

export function apiCode(err: unknown): number | null {
  return err instanceof DiscordAPIError && typeof err.code === 'number' ? err.code : null;
}

export function apiStatus(err: unknown): number | null {
  if (err instanceof DiscordAPIError || err instanceof HTTPError) return err.status;
  if (err instanceof RateLimitError) return 429;
  return null;
}

/** Interaction and webhook tokens appear in request URLs: never log them. */
export function scrubUrl(url: string): string {
  return url.replace(/\/(webhooks|interactions)\/(\d+)\/[^/?]+/g, '/$1/$2/[token]');
}

/**
 * A log-safe description of an error: code, status, route and message, never the request body (it
 * holds user text) or interaction tokens.
 */
export function describeError(err: unknown): Record<string, unknown> {
  if (err instanceof DiscordAPIError) {
    return {
      name: 'DiscordAPIError',
      code: err.code,
      status: err.status,
      method: err.method,
      route: scrubUrl(err.url),
      message: err.message.slice(0, 500),
    };
  }
  if (err instanceof HTTPError)
    return { name: 'HTTPError', status: err.status, method: err.method, route: scrubUrl(err.url), message: err.message };
  if (err instanceof RateLimitError)
    return { name: 'RateLimitError', route: scrubUrl(err.route), retryAfter: err.retryAfter, global: err.global };
  if (err instanceof Error)
    return { name: err.name, message: scrubUrl(err.message).slice(0, 500), stack: err.stack?.split('\n').slice(0, 6).join('\n') };
  return { message: String(err).slice(0, 500) };
}

/** The label for the platformErrors metric: the Discord code, else the HTTP status, else the error's name. */
export function errorLabel(err: unknown): string {
  const code = apiCode(err);
  if (code) return String(code);
  const status = apiStatus(err);
  if (status) return String(status);
  return err instanceof Error ? err.name.slice(0, 40) : 'unknown';
}

/** A hint for people reading the log: what to change on Discord's side. */
export function errorHint(err: unknown): string | undefined {
  switch (apiCode(err)) {
    case DiscordCodes.MissingPermissions:
      return 'the bot lacks a permission here: it needs View Channel, Send Messages, Send Messages in Threads, Create Public Threads, Embed Links and Read Message History';
    case DiscordCodes.MissingAccess:
      return 'the bot cannot see this channel: give its role View Channel there';
    case DiscordCodes.InvalidFormBody:
      return 'Discord refused the message body (a limit was exceeded); the answer was not posted';
    case DiscordCodes.UnknownInteraction:
      return 'the interaction expired before it was acknowledged (3-second window)';
    default:
      return undefined;
  }
}

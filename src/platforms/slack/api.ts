import { webApi } from '@slack/bolt';
import type { Logger } from '../../observability/log.js';
import type { Metrics } from '../../observability/metrics.js';

export type WebClient = webApi.WebClient;

/**
 * Every Web API call the bot makes goes through `SlackApi.call`: rate limits (HTTP 429 with Retry-After)
 * are retried here, within a bound, and every failure is classified and counted. The WebClient itself
 * rejects rate-limited calls at once (`rejectRateLimitedCalls`), because its own handling would honour
 * any Retry-After, however long, while holding the request queue.
 */

/** What an operator should do about an error code; logged next to it. */
export const SLACK_ERROR_HINTS: Record<string, string> = {
  not_in_channel: 'the bot is not a member of this channel: invite it with /invite @diagnose-bot',
  channel_not_found:
    'the channel does not exist, or it is private and the bot was not added to it (invite the bot; private channels need the groups:* scopes from slack/manifest.yaml)',
  is_archived: 'the channel is archived',
  user_not_in_channel: 'the user is not in this channel, so an ephemeral message cannot reach them',
  missing_scope: 'the app lacks a scope it needs: reinstall it from slack/manifest.yaml',
  not_allowed_token_type: 'SLACK_BOT_TOKEN must be a bot token (xoxb-…)',
  invalid_auth: 'SLACK_BOT_TOKEN is not valid for this workspace',
  not_authed: 'no token was sent: set SLACK_BOT_TOKEN',
  token_revoked: 'SLACK_BOT_TOKEN was revoked: reinstall the app and update the variable',
  account_inactive: 'the app was uninstalled or its token deactivated: reinstall the app',
  expired_trigger_id: 'the modal was opened too late (trigger ids expire after 3 seconds)',
  invalid_blocks: 'Slack refused the Block Kit layout; the answer is sent as plain text instead',
  msg_too_long: 'the message was too long for Slack; the answer is sent as plain text instead',
  ratelimited: 'Slack is rate limiting this app; slow down or spread the load',
  request_timeout: 'the Slack API did not answer in time',
};

/** Codes after which the same text without blocks has a chance. */
export const BLOCK_ERRORS = new Set(['invalid_blocks', 'invalid_blocks_format', 'msg_too_long', 'too_many_blocks', 'msg_blocks_too_long']);
/** Codes about the channel itself: logged with a hint, not retried. */
export const CHANNEL_ERRORS = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'user_not_in_channel']);

export function slackErrorCode(err: unknown): string {
  if (err instanceof webApi.WebAPIPlatformError) return String(err.data.error);
  if (err instanceof webApi.WebAPIRateLimitedError) return 'ratelimited';
  if (err instanceof webApi.WebAPIHTTPError) return `http_${err.statusCode}`;
  if (err instanceof webApi.WebAPIRequestError) return err.original?.name === 'TimeoutError' ? 'request_timeout' : 'request_error';
  return 'unknown';
}

export interface CallLimits {
  /** Attempts in all, including the first, for a rate-limited call. */
  maxAttempts: number;
  /** A Retry-After longer than this is not waited for: the call fails instead. */
  maxWaitSeconds: number;
}

export const DEFAULT_LIMITS: CallLimits = { maxAttempts: 3, maxWaitSeconds: 30 };

export class SlackApi {
  constructor(
    readonly client: WebClient,
    private readonly log: Logger,
    private readonly metrics: Metrics,
    private readonly limits: CallLimits = DEFAULT_LIMITS,
  ) {}

  /** Runs one Web API call, retrying a rate limit within the bound; a failure is counted and rethrown. */
  async call<T>(method: string, fn: (client: WebClient) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn(this.client);
      } catch (err) {
        const code = slackErrorCode(err);
        this.metrics.platformErrors.inc({ platform: 'slack', code });
        if (err instanceof webApi.WebAPIRateLimitedError && attempt < this.limits.maxAttempts) {
          const wait = Math.max(0, err.retryAfter);
          if (wait <= this.limits.maxWaitSeconds) {
            this.log.warn({ method, retryAfter: wait, attempt }, 'Slack rate limited a call; retrying after Retry-After');
            await new Promise((resolve) => setTimeout(resolve, wait * 1000));
            continue;
          }
        }
        throw err;
      }
    }
  }

  /** Logs a failed call with its code and what to do about it. */
  logFailure(err: unknown, what: string, fields: Record<string, unknown> = {}): void {
    const code = slackErrorCode(err);
    const hint = SLACK_ERROR_HINTS[code];
    const level = CHANNEL_ERRORS.has(code) || BLOCK_ERRORS.has(code) || code === 'ratelimited' ? 'warn' : 'error';
    this.log[level]({ ...fields, code, hint, err: code === 'unknown' ? err : undefined }, `Slack: ${what} failed (${code})`);
  }
}

import Anthropic, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import type { MessageCreateParamsBase } from '@anthropic-ai/sdk/resources/messages/messages';

/**
 * A thin wrapper over the official SDK that makes every call bounded: the SDK's own retries are off
 * (version 1.x honours any Retry-After, even an hour), and this wrapper retries at most `maxAttempts`
 * times, only for transient failures, only while the whole call still fits in its deadline. Every
 * failure comes back as a `ClaudeCallError` with one outcome label for logs and metrics.
 */

export type CallOutcome =
  | 'ok'
  | 'overloaded'
  | 'rate_limited'
  | 'timeout'
  | 'stream_error'
  | 'server_error'
  | 'connection_error'
  | 'auth_error'
  | 'bad_request'
  | 'not_found'
  | 'error';

export interface ClaudeUsage {
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
}

export interface CallResult {
  text: string;
  usage: ClaudeUsage;
  requestId: string | null;
  attempts: number;
  stopReason: string | null;
}

export class ClaudeCallError extends Error {
  constructor(
    readonly outcome: Exclude<CallOutcome, 'ok'>,
    message: string,
    readonly details: {
      status?: number | undefined;
      errorType?: string | null;
      requestId?: string | null;
      /** What the API asked for (Retry-After / retry-after-ms), in ms. */
      retryAfterMs?: number | null;
      /** The API's own `x-should-retry` advice, when it gave one. */
      shouldRetry?: boolean | null;
      attempts: number;
      /** Tokens the failed call used anyway (a stream that broke after message_start). */
      usage?: ClaudeUsage;
    },
  ) {
    super(message);
    this.name = 'ClaudeCallError';
  }
}

export interface ClaudeClientOptions {
  apiKey: string;
  /** ANTHROPIC_BASE_URL; the public API when unset. */
  baseURL?: string;
  /** Attempts per call, including the first (default 2: one retry at most). */
  maxAttempts?: number;
  /** Stream the response (default): a mid-stream error or a stalled stream is seen as it happens. */
  stream?: boolean;
  /** First backoff step; doubled per retry, with jitter. */
  backoffMs?: number;
  /** A 429 is retried in-call only when its Retry-After is at most this (and fits the deadline). */
  maxInCallRetryAfterMs?: number;
}

export type MessageParams = Omit<MessageCreateParamsBase, 'stream'>;

const EMPTY_USAGE: ClaudeUsage = { inputTokens: 0, outputTokens: 0, cacheCreationTokens: 0, cacheReadTokens: 0 };
const PUBLIC_API = 'https://api.anthropic.com';

export class ClaudeClient {
  readonly sdk: Anthropic;
  private readonly maxAttempts: number;
  private readonly stream: boolean;
  private readonly backoffMs: number;
  private readonly maxInCallRetryAfterMs: number;

  constructor(opts: ClaudeClientOptions) {
    // apiKey and baseURL are passed explicitly so the SDK never falls back to the environment or to
    // credential files; its own retries are off (our policy below is bounded in count and time).
    this.sdk = new Anthropic({
      apiKey: opts.apiKey,
      baseURL: opts.baseURL ?? PUBLIC_API,
      maxRetries: 0,
      logLevel: 'off',
    });
    this.maxAttempts = Math.max(1, opts.maxAttempts ?? 2);
    this.stream = opts.stream ?? true;
    this.backoffMs = opts.backoffMs ?? 250;
    this.maxInCallRetryAfterMs = opts.maxInCallRetryAfterMs ?? 1_000;
  }

  /**
   * One Messages API call that settles within `deadlineMs` (plus a few ms), whatever the server does.
   * Throws ClaudeCallError; never anything else.
   */
  async complete(params: MessageParams, opts: { deadlineMs: number; signal?: AbortSignal }): Promise<CallResult> {
    const started = Date.now();
    const deadline = started + opts.deadlineMs;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, opts.deadlineMs);
    timer.unref();
    const onOuterAbort = () => controller.abort();
    opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
    const minAttemptMs = Math.min(1_000, opts.deadlineMs / 3);

    try {
      for (let attempt = 1; ; attempt++) {
        try {
          const remaining = deadline - Date.now();
          if (remaining <= 0) throw new ClaudeCallError('timeout', 'deadline reached before the call', { attempts: attempt - 1 });
          const result = await this.attempt(params, controller.signal, remaining, () => timedOut);
          return { ...result, attempts: attempt };
        } catch (raw) {
          const err = classify(raw, attempt, timedOut);
          err.details.attempts = attempt;
          const wait = this.retryDelay(err, attempt);
          const remaining = deadline - Date.now();
          if (wait === null || attempt >= this.maxAttempts || remaining - wait < minAttemptMs || controller.signal.aborted) throw err;
          await sleep(wait, controller.signal);
          if (controller.signal.aborted) throw classify(new APIUserAbortError(), attempt, timedOut);
        }
      }
    } finally {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onOuterAbort);
    }
  }

  /** Null when the failure is not worth retrying inside this call. */
  private retryDelay(err: ClaudeCallError, attempt: number): number | null {
    const d = err.details;
    if (d.shouldRetry === false) return null;
    switch (err.outcome) {
      case 'rate_limited':
        // A long Retry-After is respected by not calling again until then (the enricher pauses), never by
        // holding a chat answer: retry in-call only when the wait is short.
        if (d.retryAfterMs != null && d.retryAfterMs <= this.maxInCallRetryAfterMs) return d.retryAfterMs;
        return null;
      case 'overloaded':
      case 'server_error':
      case 'connection_error':
        if (d.retryAfterMs != null) return d.retryAfterMs <= this.maxInCallRetryAfterMs ? d.retryAfterMs : null;
        return Math.round(this.backoffMs * 2 ** (attempt - 1) * (0.75 + Math.random() * 0.25));
      case 'stream_error':
        // An `event: error` after HTTP 200: worth one more try only for server-side overload/errors.
        return d.errorType === 'overloaded_error' || d.errorType === 'api_error' ? this.backoffMs : null;
      default:
        return null;
    }
  }

  private async attempt(
    params: MessageParams,
    signal: AbortSignal,
    timeoutMs: number,
    timedOut: () => boolean,
  ): Promise<Omit<CallResult, 'attempts'>> {
    const reqOpts = { signal, timeout: Math.max(1, Math.ceil(timeoutMs)), maxRetries: 0 };
    if (!this.stream) {
      const { data, request_id } = await this.sdk.messages.create({ ...params, stream: false }, reqOpts).withResponse();
      return {
        text: data.content.map((b) => (b.type === 'text' ? b.text : '')).join(''),
        usage: usageOf(data.usage),
        requestId: request_id ?? null,
        stopReason: data.stop_reason ?? null,
      };
    }
    const { data: stream, request_id } = await this.sdk.messages.create({ ...params, stream: true }, reqOpts).withResponse();
    const usage = { ...EMPTY_USAGE };
    let text = '';
    let stopReason: string | null = null;
    let stopped = false;
    try {
      for await (const event of stream) {
        if (event.type === 'message_start') Object.assign(usage, usageOf(event.message.usage));
        else if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
        else if (event.type === 'message_delta') {
          stopReason = event.delta.stop_reason ?? null;
          if (event.usage?.output_tokens != null) usage.outputTokens = event.usage.output_tokens;
        } else if (event.type === 'message_stop') stopped = true;
      }
    } catch (err) {
      const e = classify(err, 1, timedOut());
      e.details.requestId ??= request_id ?? null;
      e.details.usage ??= usage;
      throw e;
    }
    // The SDK ends an aborted stream quietly, without an error: a stream without message_stop is a failure.
    if (!stopped) {
      if (timedOut() || signal.aborted)
        throw new ClaudeCallError('timeout', 'the response stream did not finish before the deadline', {
          attempts: 1,
          requestId: request_id,
          usage,
        });
      throw new ClaudeCallError('stream_error', 'the response stream ended without message_stop', {
        attempts: 1,
        requestId: request_id,
        usage,
      });
    }
    return { text, usage, requestId: request_id ?? null, stopReason };
  }
}

function usageOf(u: {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}): ClaudeUsage {
  return {
    inputTokens: u.input_tokens ?? 0,
    outputTokens: u.output_tokens ?? 0,
    cacheCreationTokens: u.cache_creation_input_tokens ?? 0,
    cacheReadTokens: u.cache_read_input_tokens ?? 0,
  };
}

/** Maps whatever the SDK threw to one outcome, keeping status, error type, request id and Retry-After. */
export function classify(raw: unknown, attempts: number, timedOut: boolean): ClaudeCallError {
  if (raw instanceof ClaudeCallError) return raw;
  if (timedOut || raw instanceof APIUserAbortError || raw instanceof APIConnectionTimeoutError) {
    return new ClaudeCallError('timeout', 'no complete answer within the time bound', { attempts });
  }
  if (raw instanceof APIConnectionError) {
    const cause = (raw as { cause?: { cause?: { code?: string }; code?: string } }).cause;
    const code = cause?.cause?.code ?? cause?.code;
    return new ClaudeCallError('connection_error', `could not reach the API${code ? ` (${code})` : ''}`, { attempts });
  }
  if (raw instanceof APIError) {
    const status = raw.status;
    const errorType = raw.type ?? null;
    const advice = raw.headers?.get('x-should-retry');
    const details = {
      status,
      errorType,
      requestId: raw.requestID ?? null,
      retryAfterMs: retryAfterMs(raw.headers),
      shouldRetry: advice === 'true' ? true : advice === 'false' ? false : null,
      attempts,
    };
    const label = `${errorType ?? 'error'}${status ? ` ${status}` : ''}`;
    if (status === undefined) {
      // An `event: error` inside a 200 stream: no status, the type is in the body.
      return new ClaudeCallError('stream_error', `error event mid-stream (${label})`, details);
    }
    if (status === 529 || errorType === 'overloaded_error') return new ClaudeCallError('overloaded', `API overloaded (${label})`, details);
    if (status === 429) return new ClaudeCallError('rate_limited', `rate limited (${label})`, details);
    if (status === 401 || status === 403 || status === 402)
      return new ClaudeCallError('auth_error', `the API refused the credentials (${label})`, details);
    if (status === 404) return new ClaudeCallError('not_found', `not found (${label}): check CLAUDE_MODEL and ANTHROPIC_BASE_URL`, details);
    if (status === 408 || status === 504) return new ClaudeCallError('timeout', `the API timed out (${label})`, details);
    if (status >= 500) return new ClaudeCallError('server_error', `API server error (${label})`, details);
    return new ClaudeCallError('bad_request', `the API rejected the request (${label})`, details);
  }
  if (raw instanceof SyntaxError) return new ClaudeCallError('stream_error', 'unreadable response from the API', { attempts });
  return new ClaudeCallError('error', raw instanceof Error ? raw.message : String(raw), { attempts });
}

/** Retry-After in ms from `retry-after-ms`, or `retry-after` as seconds or an HTTP date. */
export function retryAfterMs(headers: Headers | undefined | null, now = Date.now()): number | null {
  if (!headers) return null;
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return Math.round(ms);
  const value = headers.get('retry-after');
  if (!value) return null;
  const seconds = Number.parseFloat(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : null;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

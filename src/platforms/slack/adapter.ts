import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, HTTPReceiver, type Receiver, SocketModeReceiver, webApi } from '@slack/bolt';
import type { AnswerRecord } from '../../bot/store.js';
import type { AppContext } from '../../context.js';
import { type PlatformAdapter, PlatformStartError } from '../types.js';
import { DEFAULT_LIMITS, SLACK_ERROR_HINTS, SlackApi, slackErrorCode } from './api.js';
import { boltLogger } from './bolt-logger.js';
import { SlackFiles } from './files.js';
import { registerListeners } from './listeners/index.js';
import type { SlackRuntime } from './runtime.js';
import { SlackSink } from './sink.js';

/** Where Slack sends events, commands and interactivity in HTTP mode (all three, one URL). */
export const SLACK_EVENTS_PATH = '/slack/events';

export class SlackStartError extends PlatformStartError {
  override name = 'SlackStartError';
}

type State = 'connected' | 'connecting' | 'down';

/**
 * The Slack front-end: a Bolt app over the bot core. HTTP mode mounts Bolt's receiver on the bot's own
 * server (POST /slack/events shares PORT with /healthz); Socket Mode (SLACK_APP_TOKEN) connects out.
 */
export class SlackAdapter implements PlatformAdapter {
  readonly name = 'slack' as const;
  private state: State = 'connecting';
  private app: App | null = null;
  private receiver: HTTPReceiver | SocketModeReceiver | null = null;
  private stopped = false;
  private readonly log;

  constructor(private readonly ctx: AppContext) {
    this.log = ctx.logger.child({ platform: 'slack' });
    if (ctx.config.slack.mode === 'http') ctx.http.mount('/slack', (req, res) => this.onHttp(req, res));
  }

  status(): State {
    return this.state;
  }

  private teamUrl: string | null = null;

  /** Slack's web link to a message: <workspace>/archives/<channel>/p<ts without the dot>, in its thread. */
  permalink(record: AnswerRecord): string | null {
    if (!this.teamUrl) return null;
    const ts = record.replyMessageId ?? record.threadId;
    const base = `${this.teamUrl.replace(/\/?$/, '/')}archives/${record.channelId}/p${ts.replace('.', '')}`;
    return ts === record.threadId ? base : `${base}?thread_ts=${record.threadId}&cid=${record.channelId}`;
  }

  /** The client options every Web API client gets: endpoint, bounded retries and a request timeout. */
  private clientOptions(): webApi.WebClientOptions {
    const { config } = this.ctx;
    return {
      ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}),
      // Network errors and 5xx: a couple of quick retries (none in tests); rate limits are retried by SlackApi.
      retryConfig:
        config.NODE_ENV === 'test' ? { retries: 0 } : { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 4_000, randomize: true },
      rejectRateLimitedCalls: true,
      timeout: 10_000,
      logger: boltLogger(this.log),
    };
  }

  async start(): Promise<void> {
    const { config } = this.ctx;
    const token = config.SLACK_BOT_TOKEN as string;
    const clientOptions = this.clientOptions();
    const { bot, team } = await this.whoAmI(token, clientOptions);
    this.teamUrl = bot.teamUrl;

    const logger = boltLogger(this.log);
    const receiver = this.receiverFor(logger);
    const app = new App({
      token,
      botId: bot.botId,
      botUserId: bot.userId,
      receiver: receiver as Receiver,
      ...(config.slack.mode === 'socket' ? { socketMode: true } : {}),
      clientOptions,
      logger,
      ignoreSelf: true,
    });
    app.error(async (err) => {
      this.log.error({ err, code: (err as { code?: string }).code }, 'Slack: a listener failed');
      this.ctx.metrics.platformErrors.inc({ platform: 'slack', code: 'listener' });
    });
    const api = new SlackApi(app.client, this.log, this.ctx.metrics, DEFAULT_LIMITS);
    const rt: SlackRuntime = {
      ctx: this.ctx,
      app,
      api,
      sink: new SlackSink(api),
      files: new SlackFiles(this.ctx, api, token),
      log: this.log,
      bot,
    };
    registerListeners(app, rt);
    this.app = app;
    this.receiver = receiver;

    if (config.slack.mode === 'socket') await this.connectSocket(app);
    this.setState('connected');
    this.log.info({ mode: config.slack.mode, bot: bot.userId, team }, 'Slack: connected');
  }

  /** Who the bot is (and whether the token works) before anything else: a clear error, not 401s later. */
  private async whoAmI(token: string, clientOptions: webApi.WebClientOptions): Promise<{ bot: SlackRuntime['bot']; team?: string }> {
    const { config } = this.ctx;
    const probe = new SlackApi(new webApi.WebClient(token, clientOptions), this.log, this.ctx.metrics, DEFAULT_LIMITS);
    try {
      const auth = await probe.call('auth.test', (c) => c.auth.test());
      return { bot: { userId: String(auth.user_id), botId: String(auth.bot_id ?? ''), teamUrl: auth.url ?? null }, team: auth.team };
    } catch (err) {
      this.state = 'down';
      const code = slackErrorCode(err);
      throw new SlackStartError(
        `Slack auth.test failed (${code})${SLACK_ERROR_HINTS[code] ? `: ${SLACK_ERROR_HINTS[code]}` : ''}${config.SLACK_API_URL ? ` [SLACK_API_URL=${config.SLACK_API_URL}]` : ''}`,
      );
    }
  }

  /** Socket Mode (an app-level token, a WebSocket out) or signed HTTP requests in, as configured. */
  private receiverFor(logger: ReturnType<typeof boltLogger>): HTTPReceiver | SocketModeReceiver {
    const { config } = this.ctx;
    if (config.slack.mode !== 'socket')
      return new HTTPReceiver({
        signingSecret: config.SLACK_SIGNING_SECRET as string,
        endpoints: [SLACK_EVENTS_PATH],
        logger,
        // A listener that never acks gets a 404 after this; every listener here acks first.
        unhandledRequestTimeoutMillis: 3_001,
      });
    const receiver = new SocketModeReceiver({
      appToken: config.SLACK_APP_TOKEN as string,
      logger,
      clientPingTimeout: config.NODE_ENV === 'test' ? 1_000 : 5_000,
      installerOptions: { clientOptions: this.clientOptions() },
    });
    const client = receiver.client;
    client.on('connected', () => this.setState('connected'));
    client.on('reconnecting', () => this.setState('connecting'));
    client.on('disconnected', () => this.setState(this.stopped ? 'down' : 'connecting'));
    return receiver;
  }

  private async connectSocket(app: App): Promise<void> {
    try {
      await app.start();
    } catch (err) {
      this.state = 'down';
      const code = slackErrorCode(err);
      throw new SlackStartError(
        `Slack Socket Mode could not connect (${code}): check SLACK_APP_TOKEN (an app-level xapp- token with the connections:write scope) and that Socket Mode is enabled for the app`,
      );
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const app = this.app;
    if (app && this.ctx.config.slack.mode === 'socket') {
      await Promise.race([app.stop().catch((err: unknown) => this.log.warn({ err }, 'Slack: error while disconnecting')), sleep(3_000)]);
    }
    this.state = 'down';
  }

  private setState(state: State): void {
    if (this.stopped) return;
    if (state !== this.state) this.log.info({ state }, 'Slack: connection state');
    this.state = state;
  }

  /** HTTP mode: Bolt's request listener, once the token has been checked. */
  private onHttp(req: IncomingMessage, res: ServerResponse): void {
    const receiver = this.receiver;
    if (!(receiver instanceof HTTPReceiver) || this.stopped) {
      res.writeHead(503, { 'Content-Type': 'application/json', 'Retry-After': '5' }).end('{"error":"slack not ready"}');
      return;
    }
    try {
      receiver.requestListener(req, res);
    } catch {
      // Bolt throws for paths it does not serve (anything but POST /slack/events).
      if (!res.headersSent) res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"error":"not found"}');
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

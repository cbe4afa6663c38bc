import { Client, Events, GatewayIntentBits, Partials } from 'discord.js';
import type { AnswerRecord } from '../../bot/store.js';
import type { AppContext } from '../../context.js';
import type { PlatformAdapter } from '../types.js';
import { SolvedArchiver } from './archiver.js';
import { ContentIntentWarner, MESSAGE_CONTENT_HELP } from './content-warning.js';
import { describeError, errorHint, errorLabel } from './errors.js';
import { watchRest } from './listeners/connection.js';
import { listeners } from './listeners/index.js';
import type { DiscordContext, DiscordOptions } from './types.js';

/**
 * The Discord front-end: a discord.js v14 client over the shared bot core. Pieces (commands,
 * listeners, interaction handlers, preconditions) live in their folders and are registered here.
 */

export const DISCORD_CDN_HOSTS = ['cdn.discordapp.com', 'media.discordapp.net'];

/** `https://discord.com/api` from DISCORD_API_URL, tolerating a trailing slash or version. */
export function restBase(apiUrl: string): string {
  return apiUrl.replace(/\/+$/, '').replace(/\/v\d+$/, '');
}

export function resolveOptions(ctx: AppContext, over: Partial<DiscordOptions> = {}): DiscordOptions {
  const apiUrl = over.apiUrl ?? ctx.config.DISCORD_API_URL;
  return {
    token: over.token ?? ctx.config.DISCORD_TOKEN ?? '',
    apiUrl: apiUrl ? restBase(apiUrl) : undefined,
    restRetries: over.restRetries ?? 3,
    restTimeoutMs: over.restTimeoutMs ?? 15_000,
    waitGuildTimeoutMs: over.waitGuildTimeoutMs ?? 15_000,
    attachmentHosts: over.attachmentHosts ?? [...DISCORD_CDN_HOSTS, ...(apiUrl ? [new URL(apiUrl).host] : [])],
    drainTimeoutMs: over.drainTimeoutMs ?? 8_000,
    contentWarningEveryMs: over.contentWarningEveryMs ?? 15 * 60_000,
  };
}

/** GuildMessageReactions: 👍/👎 on the bot's answers in servers are votes, a ✅ marks the question solved (docs/discord.md). */
const BASE_INTENTS = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.GuildMessageReactions,
  GatewayIntentBits.DirectMessages,
];
/**
 * Channel: DMs. Message: edits and reactions on messages sent before the bot started (not cached).
 * Reaction and User: reactions on such messages, and by users the bot has not seen.
 */
const PARTIALS = [Partials.Channel, Partials.Message, Partials.Reaction, Partials.User];

export class DiscordAdapter implements PlatformAdapter {
  readonly name = 'discord' as const;
  private state: 'connected' | 'connecting' | 'down' = 'down';
  private client: Client | null = null;
  private stopped = false;
  private readonly inFlight = new Set<Promise<unknown>>();
  readonly options: DiscordOptions;
  readonly logger;
  readonly contentWarner: ContentIntentWarner;
  /** The live container (for tests and tools). */
  dc: DiscordContext | null = null;

  constructor(
    private readonly ctx: AppContext,
    over: Partial<DiscordOptions> = {},
  ) {
    this.options = resolveOptions(ctx, over);
    this.logger = ctx.logger.child({ platform: 'discord' });
    this.contentWarner = new ContentIntentWarner(this.logger, ctx.metrics, this.options.contentWarningEveryMs);
  }

  /** discord.com link to the answer inside its thread (or to the thread when the reply id is unknown). */
  permalink(record: AnswerRecord): string | null {
    const channel = this.client?.channels.cache.get(record.channelId);
    const guildId = channel && 'guildId' in channel ? channel.guildId : null;
    const base = `https://discord.com/channels/${guildId ?? '@me'}/${record.threadId}`;
    return record.replyMessageId ? `${base}/${record.replyMessageId}` : base;
  }

  status(): 'connected' | 'connecting' | 'down' {
    return this.state;
  }

  async start(): Promise<void> {
    if (!this.options.token) throw new Error('DISCORD_TOKEN is not set');
    this.state = 'connecting';
    try {
      await this.connect(true);
    } catch (err) {
      await this.destroyClient();
      if (err instanceof Error && /disallowed intents/i.test(err.message)) {
        // Message Content is privileged: without it, mentions, DMs, slash commands and the context menu still work.
        this.logger.error(`Discord refused the Message Content intent (not enabled for this bot). ${MESSAGE_CONTENT_HELP}`);
        this.ctx.metrics.platformErrors.inc({ platform: 'discord', code: 'gateway-4014' });
        await this.connect(false).catch(async (err2) => {
          await this.destroyClient();
          this.state = 'down';
          throw this.explain(err2);
        });
        return;
      }
      this.state = 'down';
      throw this.explain(err);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    // Replies already being worked on finish first (bounded); then the gateway closes.
    const drain = new Promise((resolve) => setTimeout(resolve, this.options.drainTimeoutMs).unref());
    await Promise.race([Promise.allSettled([...this.inFlight]), drain]);
    await this.destroyClient();
    this.state = 'down';
  }

  private explain(err: unknown): Error {
    const msg = err instanceof Error ? err.message : String(err);
    if (/invalid token/i.test(msg) || /Authentication failed/i.test(msg))
      return new Error(
        'Discord rejected DISCORD_TOKEN: copy the bot token from the Developer Portal (Applications → your bot → Bot → Reset Token).',
      );
    return new Error(`Discord connection failed: ${msg}`);
  }

  private async connect(messageContent: boolean): Promise<void> {
    const o = this.options;
    const client = new Client({
      intents: messageContent ? [...BASE_INTENTS, GatewayIntentBits.MessageContent] : BASE_INTENTS,
      partials: PARTIALS,
      rest: { ...(o.apiUrl ? { api: o.apiUrl } : {}), retries: o.restRetries, timeout: o.restTimeoutMs },
      waitGuildTimeout: o.waitGuildTimeoutMs,
      allowedMentions: { parse: [] },
    });
    this.client = client;
    const adapter = this;
    const dc: DiscordContext = {
      app: this.ctx,
      client,
      logger: this.logger,
      options: o,
      contentWarner: this.contentWarner,
      withoutMessageContent: !messageContent,
      stopping: () => adapter.stopped,
      run(where, work) {
        const p = adapter.ctx.track(work().catch((err) => dc.reportError(err, where)));
        adapter.inFlight.add(p);
        void p.finally(() => adapter.inFlight.delete(p));
      },
      reportError(err, where, extra) {
        try {
          adapter.ctx.metrics.platformErrors.inc({ platform: 'discord', code: errorLabel(err) });
          adapter.logger.warn({ where, err: describeError(err), hint: errorHint(err), ...extra }, `Discord ${where} failed`);
        } catch {
          // logging must never throw into a listener
        }
      },
      setStatus(s) {
        if (!adapter.stopped) adapter.state = s;
      },
    };
    this.dc = dc;
    dc.archiver = new SolvedArchiver(dc);
    client.once(Events.ClientReady, () => dc.archiver?.start());
    for (const l of listeners) {
      const handler = (...args: unknown[]) => {
        if (adapter.stopped && l.tracked) return;
        const call = () => Promise.resolve((l.run as (dc: DiscordContext, ...a: unknown[]) => unknown)(dc, ...args));
        if (l.tracked) dc.run(l.name, call);
        else call().catch((err) => dc.reportError(err, l.name));
      };
      if (l.once) client.once(l.event, handler);
      else client.on(l.event, handler);
    }
    watchRest(dc);
    await client.login(o.token);
  }

  private async destroyClient(): Promise<void> {
    const client = this.client;
    this.client = null;
    this.dc?.archiver?.stop();
    if (!client) return;
    // destroy() can hang when login never completed: never let it block shutdown.
    await Promise.race([client.destroy().catch(() => undefined), new Promise((r) => setTimeout(r, 3_000).unref())]);
    client.removeAllListeners();
  }
}

export function createDiscordAdapter(ctx: AppContext, over: Partial<DiscordOptions> = {}): DiscordAdapter {
  return new DiscordAdapter(ctx, over);
}

/** The factory registered in ../index.ts: null unless DISCORD_TOKEN is set. */
export async function discordFactory(ctx: AppContext): Promise<PlatformAdapter | null> {
  return ctx.config.DISCORD_TOKEN ? createDiscordAdapter(ctx) : null;
}

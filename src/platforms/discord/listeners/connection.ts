import { type CloseEvent, Events, RESTEvents } from 'discord.js';
import { type DiscordContext, type Listener, listener } from '../types.js';

/**
 * Gateway health: discord.js resumes or re-identifies after a drop by itself; these listeners keep
 * /healthz honest and the log readable while it does.
 */
export const connectionListeners: Listener[] = [
  listener({
    name: 'shard-ready',
    event: Events.ShardReady,
    run(dc: DiscordContext, shardId: number) {
      dc.setStatus('connected');
      dc.logger.info({ shardId }, 'Discord gateway ready');
    },
  }),
  listener({
    name: 'shard-resume',
    event: Events.ShardResume,
    run(dc: DiscordContext, shardId: number, replayed: number) {
      dc.setStatus('connected');
      dc.logger.info({ shardId, replayed }, 'Discord gateway resumed');
    },
  }),
  listener({
    name: 'shard-reconnecting',
    event: Events.ShardReconnecting,
    run(dc: DiscordContext, shardId: number) {
      if (dc.stopping()) return;
      dc.setStatus('connecting');
      dc.logger.warn({ shardId }, 'Discord gateway connection dropped; reconnecting');
    },
  }),
  listener({
    name: 'shard-disconnect',
    event: Events.ShardDisconnect,
    run(dc: DiscordContext, event: CloseEvent, shardId: number) {
      if (dc.stopping()) return;
      dc.setStatus('down');
      dc.app.metrics.platformErrors.inc({ platform: 'discord', code: `gateway-${event.code}` });
      dc.logger.error({ shardId, code: event.code }, 'Discord gateway closed and will not reconnect (check the token and intents)');
    },
  }),
  listener({
    name: 'shard-error',
    event: Events.ShardError,
    run(dc: DiscordContext, error: Error, shardId: number) {
      dc.reportError(error, 'gateway', { shardId });
    },
  }),
  listener({
    name: 'invalidated',
    event: Events.Invalidated,
    run(dc: DiscordContext) {
      dc.setStatus('down');
      dc.logger.error('Discord session invalidated');
    },
  }),
  listener({
    name: 'client-error',
    event: Events.Error,
    run(dc: DiscordContext, error: Error) {
      dc.reportError(error, 'client');
    },
  }),
  listener({
    name: 'client-warn',
    event: Events.Warn,
    run(dc: DiscordContext, message: string) {
      dc.logger.warn({ detail: message }, 'discord.js warning');
    },
  }),
];

/** REST rate limits are handled (waited out) by discord.js; they are logged and counted here. */
export function watchRest(dc: DiscordContext): void {
  dc.client.rest.on(RESTEvents.RateLimited, (info) => {
    dc.app.metrics.platformErrors.inc({ platform: 'discord', code: '429' });
    dc.logger.warn(
      { route: info.route, method: info.method, retryAfterMs: info.retryAfter, global: info.global, scope: info.scope },
      'Discord rate limit hit; waiting it out',
    );
  });
  dc.client.rest.on(RESTEvents.InvalidRequestWarning, (info) => {
    dc.logger.warn(
      { count: info.count, remainingMs: info.remainingTime },
      'many invalid Discord requests (401/403/429): Discord bans an IP after 10,000 in 10 minutes',
    );
  });
}

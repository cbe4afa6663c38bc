import path from 'node:path';
import { PoolAnalyser } from './analysis/pool.js';
import { BotCore } from './bot/core.js';
import type { Enricher } from './bot/dispatch.js';
import { HelperActions } from './bot/helper-actions.js';
import { HelperRole } from './bot/helper-role.js';
import type { PolicyConfig } from './bot/messages.js';
import { createClaudeEnricher } from './claude/index.js';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { KnowledgeHolder } from './knowledge-holder.js';
import { createLogger, type Logger } from './observability/log.js';
import { createMetrics } from './observability/metrics.js';
import { createPlatformAdapters } from './platforms/index.js';
import type { PlatformAdapter } from './platforms/types.js';
import { HttpApp } from './server/http.js';
import { registerRoutes } from './server/routes.js';
import { openStore } from './store/index.js';

export type { AppContext } from './context.js';

export interface RunningApp {
  ctx: AppContext;
  url: string;
  stop(reason?: string): Promise<void>;
}

const SHUTDOWN_GRACE_MS = 10_000;

export async function startApp(
  config: Config,
  opts: { logger?: Logger; enricher?: (ctx: AppContext) => Enricher | null } = {},
): Promise<RunningApp> {
  const logger =
    opts.logger ?? createLogger({ level: config.LOG_LEVEL, format: config.LOG_FORMAT, production: config.NODE_ENV === 'production' });
  const metrics = createMetrics();
  const knowledge = await KnowledgeHolder.load(config.KNOWLEDGE_DIR, logger, metrics, {
    verdictFile: path.join(config.DATA_DIR, 'regex-verdicts.json'),
  });
  const store = await openStore(config, { logger, onWriteError: () => metrics.storeWriteErrors.inc() }).catch(async (err: unknown) => {
    await knowledge.close();
    throw err;
  });
  const analyser = new PoolAnalyser({
    threads: config.ANALYSIS_THREADS,
    inlineMaxBytes: config.ANALYSIS_INLINE_MAX_BYTES,
    budgetMs: config.PASTE_TIME_BUDGET_MS,
    workerMaxMemoryMb: config.ANALYSIS_WORKER_MAX_MEMORY_MB,
    logger,
  });
  knowledge.onReload((kb) => void analyser.warm(kb));
  const inFlight = inFlightWork();
  const http = new HttpApp(logger, { allowedHosts: config.allowedHosts });
  const ctx = assembleContext({ config, logger, metrics, store, knowledge, analyser, http, track: inFlight.track });
  // Claude assistance when ANTHROPIC_API_KEY is set; `opts.enricher` (tests) overrides it, null included.
  ctx.enricher = opts.enricher ? opts.enricher(ctx) : createClaudeEnricher(ctx);

  registerRoutes(ctx);
  ctx.adapters = await createPlatformAdapters(ctx);
  const { url } = await http.listen(config.PORT, config.HOST);
  ctx.url = config.PUBLIC_URL ?? url;
  if (config.HOT_RELOAD) knowledge.watch();

  try {
    await startAll(ctx.adapters);
  } catch (err) {
    logger.error({ err }, 'a platform failed to start; shutting down');
    await closeResources(ctx);
    throw err;
  }
  // Once up, in the background: start-up does not wait for the workers (a paste arriving first queues).
  void analyser.warm(knowledge.current);
  logger.info(
    { url, platforms: ctx.adapters.map((a) => a.name), claude: Boolean(ctx.enricher), articles: knowledge.current.articles.length },
    ctx.adapters.length === 0 ? `no Slack or Discord credentials: local playground at ${url}` : `diagnose-bot running; dashboard at ${url}`,
  );

  return { ctx, url, stop: stopper(ctx, inFlight) };
}

/** The core's settings, read from the validated configuration. */
function coreSettings(config: Config): PolicyConfig {
  return {
    autoReplyChannels: config.AUTO_REPLY_CHANNELS,
    strictThreshold: config.STRICT_THRESHOLD,
    lenientThreshold: config.LENIENT_THRESHOLD,
    channelCooldownSeconds: config.CHANNEL_COOLDOWN_SECONDS,
    userCooldownSeconds: config.USER_COOLDOWN_SECONDS,
    duplicateWindowMinutes: config.DUPLICATE_WINDOW_MINUTES,
    incidentWindowMinutes: config.INCIDENT_WINDOW_MINUTES,
    incidentThreshold: config.INCIDENT_THRESHOLD,
    maxPasteBytes: config.MAX_PASTE_BYTES,
    feedbackMinVoters: config.FEEDBACK_MIN_VOTERS,
    publicUrl: config.PUBLIC_URL,
    supportMention: {
      slack: config.SLACK_SUPPORT_GROUP ? `<!subteam^${config.SLACK_SUPPORT_GROUP}>` : undefined,
      discord: config.DISCORD_SUPPORT_ROLE ? `<@&${config.DISCORD_SUPPORT_ROLE}>` : undefined,
    },
  };
}

/** Replies still being worked on, so that a shutdown can wait for them (up to a grace period). */
function inFlightWork() {
  const work = new Set<Promise<unknown>>();
  return {
    track<T>(promise: Promise<T>): Promise<T> {
      work.add(promise);
      const done = () => work.delete(promise);
      promise.then(done, done);
      return promise;
    },
    size: () => work.size,
    async settled(graceMs: number): Promise<void> {
      const grace = new Promise((resolve) => setTimeout(resolve, graceMs).unref());
      await Promise.race([Promise.allSettled([...work]), grace]);
    },
  };
}

/** Starts the platforms one by one; when one fails, those already started are stopped before the error goes on. */
async function startAll(adapters: PlatformAdapter[]): Promise<void> {
  const started: PlatformAdapter[] = [];
  try {
    for (const adapter of adapters) {
      await adapter.start();
      started.push(adapter);
    }
  } catch (err) {
    await Promise.allSettled(started.map((a) => a.stop()));
    throw err;
  }
}

/** HTTP, knowledge watcher, analysis workers and the store, in that order (the store last: it flushes). */
async function closeResources(ctx: AppContext): Promise<void> {
  await ctx.http.close();
  await ctx.knowledge.close();
  await ctx.analyser.close();
  await ctx.store.close();
}

type ContextParts = Pick<AppContext, 'config' | 'logger' | 'metrics' | 'store' | 'knowledge' | 'analyser' | 'http' | 'track'>;

/** The context every layer receives: the shared resources, the bot core and the helpers' actions over them. */
function assembleContext(parts: ContextParts): AppContext {
  const { config, logger, metrics, store, knowledge, analyser } = parts;
  const ctx: AppContext = {
    ...parts,
    enricher: null,
    adapters: [],
    url: '',
    core: new BotCore({
      kb: () => knowledge.current,
      analyser,
      store,
      logger,
      metrics,
      permalink: (record) => ctx.adapters.find((a) => a.name === record.platform)?.permalink?.(record) ?? null,
      config: coreSettings(config),
    }),
    helperActions: new HelperActions({
      store,
      kb: () => knowledge.current,
      logger,
      metrics,
      helpers: new HelperRole(store, { defaults: { slack: config.SLACK_SUPPORT_GROUP, discord: config.DISCORD_SUPPORT_ROLE } }),
      config: { solvedArchiveSeconds: config.SOLVED_ARCHIVE_SECONDS, solvedLock: config.SOLVED_LOCK, publicUrl: config.PUBLIC_URL },
    }),
  };
  return ctx;
}

/** A stop that runs once however often it is called: no new events, replies in flight finished (bounded), then close. */
function stopper(ctx: AppContext, inFlight: ReturnType<typeof inFlightWork>): (reason?: string) => Promise<void> {
  let stopping: Promise<void> | null = null;
  return (reason = 'stop') => {
    stopping ??= (async () => {
      ctx.logger.info({ reason, inFlight: inFlight.size() }, 'shutting down: no new events, finishing replies in flight');
      ctx.http.stopAccepting();
      await Promise.allSettled(ctx.adapters.map((a) => a.stop()));
      await inFlight.settled(SHUTDOWN_GRACE_MS);
      await closeResources(ctx);
      ctx.logger.info('stopped; store flushed');
    })();
    return stopping;
  };
}

import type { PoolAnalyser } from './analysis/pool.js';
import type { BotCore } from './bot/core.js';
import type { Enricher } from './bot/dispatch.js';
import type { HelperActions } from './bot/helper-actions.js';
import type { Config } from './config.js';
import type { KnowledgeHolder } from './knowledge-holder.js';
import type { Logger } from './observability/log.js';
import type { Metrics } from './observability/metrics.js';
import type { HttpApp } from './server/http.js';
import type { Store } from './store/contract.js';
import type { AnswerRecord } from './store/records.js';

/**
 * What every front-end is handed at start-up. A leaf: it imports only types, from modules below the
 * front-ends, so `app.ts` (which builds it), `claude/` and `platforms/` (which use it) never import
 * each other in a circle.
 */
export interface AppContext {
  config: Config;
  logger: Logger;
  metrics: Metrics;
  store: Store;
  knowledge: KnowledgeHolder;
  /** Worker threads for redaction and diagnosis of large pastes. */
  analyser: PoolAnalyser;
  core: BotCore;
  /** Helpers' corrections and "Solved", and who counts as a helper in a community. */
  helperActions: HelperActions;
  http: HttpApp;
  /** Claude assistance, when ANTHROPIC_API_KEY is set. */
  enricher: Enricher | null;
  adapters: PlatformAdapter[];
  /** Keeps a reply in flight known to shutdown, which waits for it. */
  track<T>(work: Promise<T>): Promise<T>;
  /** Base URL of the local server, once listening. */
  url: string;
}

/** A chat platform front-end (Slack, Discord): a thin adapter between its SDK and the bot core. */
export interface PlatformAdapter {
  readonly name: 'slack' | 'discord';
  start(): Promise<void>;
  stop(): Promise<void>;
  /** For /healthz readiness: connected, still connecting, or down. */
  status(): 'connected' | 'connecting' | 'down';
  /** A link to a posted answer (for "same error as earlier" replies), when the platform can make one. */
  permalink?(record: AnswerRecord): string | null;
}

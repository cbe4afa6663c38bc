import type { AppContext } from '../app.js';
import type { AnswerRecord } from '../bot/store.js';

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

export type AdapterFactory = (ctx: AppContext) => Promise<PlatformAdapter | null>;

/** A platform could not start for a reason the operator must fix (bad token, missing scope): shown without a stack. */
export class PlatformStartError extends Error {
  override name = 'PlatformStartError';
}

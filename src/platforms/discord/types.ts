import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  Client,
  ClientEvents,
  MessageContextMenuCommandInteraction,
  ModalSubmitInteraction,
  RESTPostAPIApplicationCommandsJSONBody,
  StringSelectMenuInteraction,
} from 'discord.js';
import type { AppContext } from '../../context.js';
import type { Logger } from '../../observability/log.js';
import type { ContentIntentWarner } from './content-warning.js';

/**
 * Sapphire-style pieces, without the framework: small named objects (commands, listeners,
 * interaction handlers, preconditions) that share one container (`DiscordContext`) and are all
 * registered from ./index.ts.
 */

export interface DiscordOptions {
  token: string;
  /** REST base (`https://discord.com/api`); the gateway URL then comes from its /gateway/bot. */
  apiUrl?: string;
  /** Retries of failed REST calls (5xx, timeouts); 429s are always waited out by discord.js. */
  restRetries: number;
  restTimeoutMs: number;
  /** How long READY waits for a guild listed as unavailable before giving up on it. */
  waitGuildTimeoutMs: number;
  /** Hosts attachments may be downloaded from (Discord's CDN, plus the DISCORD_API_URL host). */
  attachmentHosts: string[];
  /** How long shutdown waits for replies in flight before closing the gateway. */
  drainTimeoutMs: number;
  /** The Message Content warning repeats at most this often. */
  contentWarningEveryMs: number;
}

/** The container every piece receives. */
export interface DiscordContext {
  app: AppContext;
  client: Client;
  logger: Logger;
  options: DiscordOptions;
  contentWarner: ContentIntentWarner;
  /** The client was started without the Message Content intent (not enabled in the Developer Portal). */
  withoutMessageContent: boolean;
  /** Shutdown began: new events are ignored. */
  stopping(): boolean;
  /** Runs work as an in-flight reply (shutdown waits for it); errors are caught, logged and counted. */
  run(where: string, work: () => Promise<unknown>): void;
  /** Logs and counts a platform failure; never throws. */
  reportError(err: unknown, where: string, extra?: Record<string, unknown>): void;
  setStatus(status: 'connected' | 'connecting' | 'down'): void;
  /** Archives solved threads when their time comes (set once the client is built). */
  archiver?: ArchiveScheduler;
}

/** What the rest of the Discord front-end needs of the solved-thread archiver (`archiver.ts`). */
export interface ArchiveScheduler {
  start(): void;
  /** A new archive is due at `at` (ms since the epoch). */
  wake(at: number): void;
  stop(): void;
}

export type CommandInteraction = ChatInputCommandInteraction | MessageContextMenuCommandInteraction;

export type PreconditionResult = { ok: true } | { ok: false; message: string };

export interface Precondition {
  name: string;
  run(dc: DiscordContext, interaction: CommandInteraction): PreconditionResult;
}

export interface Command {
  /** The registration payload (`npm run register-commands` sends these). */
  data: RESTPostAPIApplicationCommandsJSONBody;
  preconditions?: Precondition[];
  run(dc: DiscordContext, interaction: CommandInteraction): Promise<void>;
  /** Suggestions while an option marked `autocomplete` is typed (answered within 3 seconds, ≤ 25). */
  autocomplete?(dc: DiscordContext, interaction: AutocompleteInteraction): Promise<void>;
}

export interface Listener<E extends keyof ClientEvents = keyof ClientEvents> {
  name: string;
  event: E;
  once?: boolean;
  /** Replies and other slow work: tracked so shutdown waits for it. Status listeners are not. */
  tracked?: boolean;
  run(dc: DiscordContext, ...args: ClientEvents[E]): void | Promise<void>;
}

/** What the bot's own components send back: button clicks, select menus and submitted modals. */
export type ComponentInteraction = ButtonInteraction | StringSelectMenuInteraction | ModalSubmitInteraction;

export interface InteractionHandler<T = unknown> {
  name: string;
  /** The parsed custom id when this handler owns the component (a button, a select menu, a modal), else null. */
  parse(interaction: ComponentInteraction): T | null;
  run(dc: DiscordContext, interaction: ComponentInteraction, parsed: T): Promise<void>;
}

/** Keeps the listener's event type when it is put in a list of mixed listeners. */
export function listener<E extends keyof ClientEvents>(l: Listener<E>): Listener {
  return l as unknown as Listener;
}

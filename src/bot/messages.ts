import type { QuestionResult } from '../core/questions.js';
import type { Diagnosis } from '../core/types.js';
import type { Platform, Trigger } from '../store/records.js';
import type { Answer } from './answer.js';

/**
 * What goes in and out of the bot's decisions (`BotCore`): shared by the platform adapters, Claude's
 * enricher and the tests, so it imports nothing above it but types.
 */

export interface IncomingMessage {
  platform: Platform;
  /** Unique id of this delivery (Slack event_id or trigger_id, Discord message or interaction id). */
  deliveryId: string;
  channelId: string;
  /** The thread the message is in, or null when it is a top-level message. */
  threadId: string | null;
  /** The pasted message's own id (Slack ts, Discord snowflake); answers thread under it. */
  messageId: string;
  userId: string;
  /** Slack team id or Discord guild id, when known: scopes settings and statistics. */
  community?: string;
  isBot?: boolean;
  via: 'message' | 'mention' | 'command' | 'shortcut';
  text: string;
  /** Text of attached files or snippets, already fetched and size-limited by the adapter. */
  files?: Array<{ name: string; text: string }>;
  /** The answer is shown to the asker only (an ephemeral): never offered to others as "answered earlier". */
  private?: boolean;
}

export interface ReplyTarget {
  platform: Platform;
  channelId: string;
  /** Answers always go into a thread: this one. */
  threadId: string;
}

export type BotAction =
  | { type: 'reply'; target: ReplyTarget; answer: Answer; recordId: string | null }
  | { type: 'ephemeral'; platform: Platform; channelId: string; threadId: string | null; userId: string; text: string }
  | { type: 'handoff'; target: ReplyTarget; text: string };

export interface Decision {
  actions: BotAction[];
  /** Why: answered, no-match, shadow, channel-off, cooldown, duplicate-delivery, … (logs and metrics). */
  outcome: string;
  trigger: Trigger | null;
  diagnosis?: Diagnosis;
  /**
   * The paste as it may be shown or passed on: redacted, on every decision (refusals and abstentions
   * too), so no echo anywhere can fall back to the raw text.
   */
  redactedText: string;
  /** Where the paste was analysed: inline, or in the worker pool (large pastes). */
  analysedIn?: 'inline' | 'pool';
  /** The message read as a question in words, when it was. */
  question?: QuestionResult;
  /** Earlier messages of the thread, redacted (a follow-up question's context). */
  context?: string[];
}

export interface PolicyConfig {
  autoReplyChannels: string[];
  strictThreshold: number;
  lenientThreshold: number;
  channelCooldownSeconds: number;
  userCooldownSeconds: number;
  duplicateWindowMinutes: number;
  incidentWindowMinutes: number;
  incidentThreshold: number;
  maxPasteBytes: number;
  /** Distinct voters before votes move the ranking (core/feedback.ts); 3 when absent. */
  feedbackMinVoters?: number;
  publicUrl?: string;
  /** Who "ask a human" pings, per platform (Slack user group id, Discord role id). */
  supportMention?: Partial<Record<Platform, string>>;
}

/** Cuts a paste over `maxBytes` to its head and tail (errors are printed at the end of logs). */
export function boundedPaste(text: string, maxBytes: number): { text: string; truncated: boolean; bytes: number } {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= maxBytes) return { text, truncated: false, bytes };
  const keep = Math.floor(maxBytes / 2);
  return { text: `${text.slice(0, keep)}\n…\n${text.slice(-keep)}`, truncated: true, bytes };
}

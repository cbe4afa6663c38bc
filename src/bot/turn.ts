import type { Diagnosis } from '../core/types.js';
import type { Trigger } from '../store/records.js';
import type { BotAction, Decision, IncomingMessage, ReplyTarget } from './messages.js';

/** A decision before the paste's redacted text and where it was analysed are attached. */
export type Outcome = Omit<Decision, 'redactedText' | 'analysedIn'>;

/** One message on its way through `BotCore`'s decision: worked out once, read by each step. */
export interface Turn {
  msg: IncomingMessage;
  /** The paste, redacted: the only copy any step may store, show or pass on. */
  text: string;
  d: Diagnosis;
  trigger: Trigger;
  /** Someone asked the bot (mention, command, shortcut) rather than it reading the channel. */
  explicit: boolean;
  now: number;
  userKey: string;
  channelKey: string;
  threadId: string;
  target: ReplyTarget;
  /** The durable "answered once" key of this message. */
  messageKey: string;
  /** Earlier messages of the thread, redacted. */
  context: string[];
  /** Actions decided so far (a live-credential warning comes before the answer). */
  actions: BotAction[];
}

import type { PasteAnalysis } from '../analysis/types.js';
import type { Diagnosis } from '../core/types.js';
import { GAP_EXAMPLE_CHARS } from '../store/contract.js';
import { type NewAnswer, newId, type Trigger } from '../store/records.js';
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

/** The turn a message starts: who, where, the durable keys, and the redacted paste with its diagnosis. */
export function turnOf(msg: IncomingMessage, analysis: PasteAnalysis, trigger: Trigger, now: number): Turn {
  const threadId = msg.threadId ?? msg.messageId;
  return {
    msg,
    text: analysis.redaction.text,
    d: analysis.diagnosis,
    trigger,
    explicit: msg.via !== 'message',
    now,
    userKey: `${msg.platform}:${msg.userId}`,
    channelKey: `${msg.platform}:${msg.channelId}`,
    threadId,
    target: { platform: msg.platform, channelId: msg.channelId, threadId },
    // The same message delivered twice (Slack sends `message` and `app_mention` for one mention; a
    // restart can replay an event): act on it once. Shortcuts may ask again about an answered message.
    messageKey: `${msg.platform}:${msg.via === 'shortcut' ? 's' : 'm'}:${msg.channelId}:${msg.messageId}`,
    context: [],
    actions: [],
  };
}

/** What the store keeps of an answer (or of a shadow-mode match): redacted, ids bounded. */
export function answerRecordOf(t: Turn, shadow: boolean): NewAnswer {
  const { msg, d } = t;
  return {
    id: newId(),
    platform: msg.platform,
    community: msg.community,
    channelId: msg.channelId,
    threadId: t.threadId,
    sourceMessageId: msg.messageId,
    userId: msg.userId,
    articleId: d.candidates[0]?.id ?? null,
    fingerprint: d.fingerprint,
    fingerprintHash: d.fingerprintHash,
    confidence: d.confidence,
    trigger: t.trigger,
    shadow,
    sdkVersions: d.signals.sdkVersions as Record<string, string>,
    requestIds: d.signals.requestIds.slice(0, 5),
    ...(msg.private ? { private: true } : {}),
    // Redacted before it gets here; kept short, for the dashboard's examples.
    example: t.text.slice(0, GAP_EXAMPLE_CHARS),
  };
}

const INCIDENT_STATUSES = new Set([500, 502, 503, 504, 529]);
const INCIDENT_TYPES = new Set(['overloaded_error', 'api_error', 'ServiceUnavailableException', 'UNAVAILABLE']);

/** A server-side error that many channels see at once during an outage. */
export function isIncidentClass(d: Diagnosis): boolean {
  return d.signals.httpStatuses.some((s) => INCIDENT_STATUSES.has(s)) || d.signals.errorTypes.some((t) => INCIDENT_TYPES.has(t));
}

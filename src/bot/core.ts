import { inlineAnalyser } from '../analysis/inline.js';
import type { Analyser } from '../analysis/types.js';
import type { KnowledgeBase } from '../core/knowledge/index.js';
import type { Diagnosis } from '../core/types.js';
import type { Logger } from '../observability/log.js';
import type { Metrics } from '../observability/metrics.js';
import { type Answer, answerFromDiagnosis, duplicateAnswer, incidentAnswer, noMatchAnswer } from './answer.js';
import {
  type AnswerRecord,
  type ChannelMode,
  FEEDBACK_REASONS,
  type FeedbackReason,
  newId,
  type Platform,
  type Store,
  type Trigger,
  type VoteValue,
} from './store.js';

/**
 * The bot's manners, once for every platform: events in, actions out. Platform adapters translate
 * Slack or Discord events into `IncomingMessage`, carry out the returned actions, and report back the
 * id of what they posted. Nothing here talks to a network.
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
  isBot?: boolean;
  via: 'message' | 'mention' | 'command' | 'shortcut';
  text: string;
  /** Text of attached files or snippets, already fetched and size-limited by the adapter. */
  files?: Array<{ name: string; text: string }>;
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
  /** Redacted paste (for Claude assistance and logs); never the raw text. */
  redactedText?: string;
  /** Where the paste was analysed: inline, or in the worker pool (large pastes). */
  analysedIn?: 'inline' | 'pool';
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
  publicUrl?: string;
  /** Who "ask a human" pings, per platform (Slack user group id, Discord role id). */
  supportMention?: Partial<Record<Platform, string>>;
}

export interface BotCoreDeps {
  kb: () => KnowledgeBase;
  store: Store;
  config: PolicyConfig;
  logger: Logger;
  metrics?: Metrics;
  now?: () => number;
  /** A link to an earlier answer, when the platform can make one. */
  permalink?: (record: AnswerRecord) => string | null;
  /** Redaction + diagnosis; the app passes the worker pool, tests and tools run inline. */
  analyser?: Analyser;
}

/** Explicit requests (mentions, commands) allowed per user per minute before the bot asks them to wait. */
const EXPLICIT_PER_MINUTE = 6;
const INCIDENT_STATUSES = new Set([500, 502, 503, 504, 529]);
const INCIDENT_TYPES = new Set(['overloaded_error', 'api_error', 'ServiceUnavailableException', 'UNAVAILABLE']);

export class BotCore {
  private readonly lastChannelAnswer = new Map<string, number>();
  private readonly lastUserAnswer = new Map<string, number>();
  private readonly explicitRequests = new Map<string, number[]>();
  /** fingerprint hash → recent occurrences of a server-side error, for incident folding. */
  private readonly incidentSeen = new Map<string, Array<{ at: number; channel: string }>>();
  /** fingerprint hash → channels already told about the incident (and when). */
  private readonly incidentNotified = new Map<string, Map<string, number>>();
  /** Message key → the decision in progress for it: deliveries of one message are decided one after another. */
  private readonly deciding = new Map<string, Promise<unknown>>();
  private readonly now: () => number;

  constructor(private readonly deps: BotCoreDeps) {
    this.now = deps.now ?? Date.now;
  }

  get store(): Store {
    return this.deps.store;
  }

  channelMode(platform: Platform, channelId: string): ChannelMode {
    return this.deps.store.channelMode(platform, channelId) ?? (this.deps.config.autoReplyChannels.includes(channelId) ? 'auto' : 'off');
  }

  async handleMessage(msg: IncomingMessage): Promise<Decision> {
    const { store, metrics } = this.deps;
    metrics?.messages.inc({ platform: msg.platform, trigger: msg.via });
    const abstain = (outcome: string, trigger: Trigger | null = null): Decision => {
      metrics?.abstentions.inc({ platform: msg.platform, reason: outcome });
      return { actions: [], outcome, trigger };
    };
    if (msg.isBot) return abstain('bot-author');
    if (!store.markProcessed(`${msg.platform}:d:${msg.deliveryId}`)) {
      metrics?.duplicatesSuppressed.inc({ platform: msg.platform, kind: 'delivery' });
      return { actions: [], outcome: 'duplicate-delivery', trigger: null };
    }

    let trigger: Trigger;
    if (msg.via === 'mention') trigger = 'mention';
    else if (msg.via === 'command') trigger = 'command';
    else if (msg.via === 'shortcut') trigger = 'shortcut';
    else if (msg.threadId && store.answeredThread(msg.platform, msg.channelId, msg.threadId)) trigger = 'followup';
    else {
      const mode = this.channelMode(msg.platform, msg.channelId);
      if (mode === 'off') return abstain('channel-off');
      trigger = mode === 'shadow' ? 'shadow' : 'auto';
    }

    // The same message delivered twice (Slack sends `message` and `app_mention` for one mention; a
    // restart can replay an event): act on it once. Shortcuts may ask again about an answered message.
    const messageKey = `${msg.platform}:${msg.via === 'shortcut' ? 's' : 'm'}:${msg.channelId}:${msg.messageId}`;
    return this.oneAtATime(messageKey, () => this.decide(msg, trigger, messageKey));
  }

  /**
   * Analysis is asynchronous (large pastes go to a worker), so Slack's `message` and `app_mention` for one
   * message could otherwise be decided at the same time and both answered; they queue per message instead.
   */
  private async oneAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = this.deciding.get(key);
    const run = before ? before.then(work, work) : work();
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.deciding.set(key, settled);
    void settled.then(() => {
      if (this.deciding.get(key) === settled) this.deciding.delete(key);
    });
    return run;
  }

  private async decide(msg: IncomingMessage, trigger: Trigger, messageKey: string): Promise<Decision> {
    const { store, metrics } = this.deps;
    const abstain = (outcome: string): Decision => {
      metrics?.abstentions.inc({ platform: msg.platform, reason: outcome });
      return { actions: [], outcome, trigger };
    };
    const explicit = msg.via !== 'message';
    if (store.isProcessed(messageKey)) {
      metrics?.duplicatesSuppressed.inc({ platform: msg.platform, kind: 'message' });
      return { actions: [], outcome: 'already-handled', trigger };
    }

    const now = this.now();
    const cfg = this.deps.config;
    const userKey = `${msg.platform}:${msg.userId}`;
    const channelKey = `${msg.platform}:${msg.channelId}`;
    const threadId = msg.threadId ?? msg.messageId;
    const target: ReplyTarget = { platform: msg.platform, channelId: msg.channelId, threadId };

    if (explicit) {
      const recent = (this.explicitRequests.get(userKey) ?? []).filter((t) => now - t < 60_000);
      if (recent.length >= EXPLICIT_PER_MINUTE) {
        return {
          actions: [
            this.ephemeral(msg, `You've asked me ${recent.length} times in the last minute. Give me a few seconds, then try again.`),
          ],
          outcome: 'user-rate-limited',
          trigger,
        };
      }
      recent.push(now);
      this.explicitRequests.set(userKey, recent);
    } else if (trigger !== 'shadow') {
      const cooling = this.cooldown(channelKey, userKey, now);
      if (cooling) return abstain(cooling);
    }

    // Redact before anything else sees the text: the store, logs, Claude and every reply use this copy.
    // Diagnosis reads the redacted copy; both run in a worker for large pastes.
    const raw = boundedPaste([msg.text, ...(msg.files ?? []).map((f) => `--- ${f.name} ---\n${f.text}`)].join('\n'), cfg.maxPasteBytes);
    const started = process.hrtime.bigint();
    const {
      redaction,
      diagnosis: d,
      ranIn,
    } = await (this.deps.analyser ?? inlineAnalyser).analyse(raw.text, this.deps.kb(), {
      mode: explicit ? 'lenient' : 'strict',
      strictThreshold: cfg.strictThreshold,
      lenientThreshold: cfg.lenientThreshold,
      feedbackFactor: (hash, id) => store.feedbackFactor(hash, id),
    });
    metrics?.diagnoseLatency.observe(Number(process.hrtime.bigint() - started) / 1e9);
    // Another paste in this channel may have been answered while this one was analysed.
    if (!explicit && trigger !== 'shadow') {
      const cooling = this.cooldown(channelKey, userKey, this.now());
      if (cooling) return abstain(cooling);
    }
    for (const kind of redaction.found) metrics?.secretsRedacted.inc({ kind });
    const actions: BotAction[] = [];
    if (redaction.liveSecret && trigger !== 'shadow') {
      actions.push(
        this.ephemeral(
          msg,
          `Your message contains what looks like a live credential (${redaction.found.join(', ')}). I did not store or repeat it, but it is now visible in this channel: revoke it and create a new one, then edit your message to remove it.`,
        ),
      );
    }

    if (raw.truncated) d.notes.push(`Only the first and last parts of this ${Math.round(raw.bytes / 1024)} KB paste were read.`);
    const base = { diagnosis: d, redactedText: redaction.text, trigger, analysedIn: ranIn };

    if (!d.matched) {
      if (d.signals.looksLikeError) store.recordGap(d.fingerprintHash, d.fingerprint, redaction.text);
      if (!explicit) {
        metrics?.abstentions.inc({ platform: msg.platform, reason: 'unsure' });
        return { ...base, actions, outcome: 'unsure' };
      }
      store.markProcessed(messageKey);
      actions.push({ type: 'reply', target, answer: noMatchAnswer(d), recordId: null });
      metrics?.answers.inc({ platform: msg.platform, trigger, kind: 'no-match' });
      return { ...base, actions, outcome: 'no-match' };
    }
    const top = d.candidates[0];
    if (!top) return { ...base, actions, outcome: 'unsure' };

    if (trigger === 'shadow') {
      store.markProcessed(messageKey);
      this.record(msg, d, threadId, trigger, true);
      metrics?.abstentions.inc({ platform: msg.platform, reason: 'shadow' });
      return { ...base, actions: [], outcome: 'shadow' };
    }

    // A burst of the same server-side error across channels: one "likely incident" notice per channel.
    if (this.isIncidentClass(d)) {
      const incident = this.trackIncident(d.fingerprintHash, channelKey, now);
      if (incident) {
        const notified = this.incidentNotified.get(d.fingerprintHash) ?? new Map<string, number>();
        this.incidentNotified.set(d.fingerprintHash, notified);
        const already = now - (notified.get(channelKey) ?? 0) < cfg.incidentWindowMinutes * 60_000;
        store.markProcessed(messageKey);
        if (already && !explicit) {
          metrics?.duplicatesSuppressed.inc({ platform: msg.platform, kind: 'incident' });
          return { ...base, actions, outcome: 'incident-suppressed' };
        }
        notified.set(channelKey, now);
        this.noteAnswered(channelKey, userKey, now, explicit);
        metrics?.incidents.inc({ platform: msg.platform });
        actions.push({ type: 'reply', target, answer: incidentAnswer(d), recordId: null });
        return { ...base, actions, outcome: 'incident' };
      }
    }

    // The same error pasted again in this channel soon after: point at the earlier answer.
    const earlier = store.recentAnswer(msg.platform, msg.channelId, d.fingerprintHash, now - cfg.duplicateWindowMinutes * 60_000);
    if (earlier && earlier.articleId === top.id) {
      store.markProcessed(messageKey);
      if (!explicit && earlier.threadId === threadId) {
        metrics?.duplicatesSuppressed.inc({ platform: msg.platform, kind: 'same-thread' });
        return { ...base, actions, outcome: 'duplicate-in-thread' };
      }
      metrics?.duplicatesSuppressed.inc({ platform: msg.platform, kind: 'fingerprint' });
      this.noteAnswered(channelKey, userKey, now, explicit);
      actions.push({
        type: 'reply',
        target,
        answer: duplicateAnswer(d, this.deps.permalink?.(earlier) ?? null, top.title),
        recordId: null,
      });
      return { ...base, actions, outcome: 'duplicate-fingerprint' };
    }

    store.markProcessed(messageKey);
    const record = this.record(msg, d, threadId, trigger, false);
    this.noteAnswered(channelKey, userKey, now, explicit);
    metrics?.answers.inc({ platform: msg.platform, trigger, kind: 'diagnosis' });
    actions.push({
      type: 'reply',
      target,
      answer: answerFromDiagnosis(d, { id: record.id, publicUrl: cfg.publicUrl, strictThreshold: cfg.strictThreshold }),
      recordId: record.id,
    });
    return { ...base, actions, outcome: 'answered' };
  }

  /** The adapter posted the reply for `recordId` as message `messageId`. */
  answerPosted(recordId: string, messageId: string): void {
    this.deps.store.answerPosted(recordId, messageId);
  }

  vote(platform: Platform, answerId: string, userId: string, value: VoteValue, reason?: FeedbackReason): { ok: boolean; text: string } {
    const result = this.deps.store.vote(answerId, userId, value, reason);
    if (!result.ok) return { ok: false, text: 'That answer is too old to vote on.' };
    if (result.previous !== value) this.deps.metrics?.votes.inc({ platform, value });
    if (reason && value === 'down')
      return { ok: true, text: `Noted: "${FEEDBACK_REASONS[reason]}". Thanks, that tells the maintainers what to fix.` };
    if (result.previous === value) return { ok: true, text: 'Already counted, thanks.' };
    const changed = result.previous ? ' (vote changed)' : '';
    return {
      ok: true,
      text:
        value === 'up'
          ? `Thanks, glad it helped${changed}.`
          : `Thanks for telling me${changed}. Press "Still stuck: ask a human" if you need a person.`,
    };
  }

  /** 👍 / 👎 on the bot's own answer count as votes. */
  voteByReaction(
    platform: Platform,
    channelId: string,
    replyMessageId: string,
    userId: string,
    value: VoteValue,
  ): { ok: boolean; text: string } | null {
    const answer = this.deps.store.answerByReplyMessage(platform, channelId, replyMessageId);
    return answer ? this.vote(platform, answer.id, userId, value) : null;
  }

  /** A 👍 / 👎 removed from the bot's answer takes that vote back. */
  withdrawReactionVote(platform: Platform, channelId: string, replyMessageId: string, userId: string, value: VoteValue): boolean {
    const answer = this.deps.store.answerByReplyMessage(platform, channelId, replyMessageId);
    return answer ? this.deps.store.withdrawVote(answer.id, userId, value) : false;
  }

  /** "Still stuck — ask a human": a hand-off with what a person needs to pick it up. */
  escalate(platform: Platform, answerId: string, userId: string): { action: BotAction | null; text: string } {
    const a = this.deps.store.getAnswer(answerId);
    if (!a) return { action: null, text: 'That answer is too old to hand off; please describe the problem in the channel.' };
    this.deps.metrics?.escalations.inc({ platform });
    const who = this.deps.config.supportMention?.[platform];
    const lines = [
      `${who ? `${who} ` : ''}Someone is still stuck after the bot's answer.`,
      `• Fingerprint: \`${a.fingerprint}\``,
      `• Article tried: ${a.articleId ?? 'none'} (confidence ${Math.round(a.confidence * 100)}%)`,
      `• SDK versions: ${
        Object.entries(a.sdkVersions ?? {})
          .map(([k, v]) => `${k} ${v}`)
          .join(', ') || 'not visible in the paste'
      }`,
      `• Request ids: ${(a.requestIds ?? []).join(', ') || 'none in the paste'}`,
      `• Asked by: ${userId}`,
    ];
    return {
      action: { type: 'handoff', target: { platform, channelId: a.channelId, threadId: a.threadId }, text: lines.join('\n') },
      text: who
        ? 'I have asked the support team to look at this thread.'
        : 'I have flagged this thread for a human (no support group is configured, so nobody was pinged).',
    };
  }

  setChannelMode(
    platform: Platform,
    channelId: string,
    mode: ChannelMode,
    userId: string,
    isAdmin: boolean,
  ): { ok: boolean; text: string } {
    if (!isAdmin) return { ok: false, text: 'Only channel managers and workspace admins can change how I behave in this channel.' };
    this.deps.store.setChannelMode(platform, channelId, mode, userId);
    const what = {
      auto: 'I will answer error pastes here on my own, in threads, when I am confident.',
      shadow: 'Shadow mode: I will record what I would have answered here, without posting, so you can check my precision first.',
      off: 'I will only answer here when mentioned or asked with /diagnose.',
    }[mode];
    return { ok: true, text: `Channel mode set to *${mode}*. ${what}` };
  }

  private ephemeral(msg: IncomingMessage, text: string): BotAction {
    return { type: 'ephemeral', platform: msg.platform, channelId: msg.channelId, threadId: msg.threadId, userId: msg.userId, text };
  }

  private record(msg: IncomingMessage, d: Diagnosis, threadId: string, trigger: Trigger, shadow: boolean): AnswerRecord {
    const top = d.candidates[0];
    return this.deps.store.recordAnswer({
      id: newId(),
      platform: msg.platform,
      channelId: msg.channelId,
      threadId,
      sourceMessageId: msg.messageId,
      userId: msg.userId,
      articleId: top?.id ?? null,
      fingerprint: d.fingerprint,
      fingerprintHash: d.fingerprintHash,
      confidence: d.confidence,
      trigger,
      shadow,
      sdkVersions: d.signals.sdkVersions as Record<string, string>,
      requestIds: d.signals.requestIds.slice(0, 5),
    });
  }

  /** Why an unprompted answer must wait now, or null. */
  private cooldown(channelKey: string, userKey: string, now: number): 'channel-cooldown' | 'user-cooldown' | null {
    const cfg = this.deps.config;
    if (now - (this.lastChannelAnswer.get(channelKey) ?? 0) < cfg.channelCooldownSeconds * 1000) return 'channel-cooldown';
    if (now - (this.lastUserAnswer.get(userKey) ?? 0) < cfg.userCooldownSeconds * 1000) return 'user-cooldown';
    return null;
  }

  private noteAnswered(channelKey: string, userKey: string, now: number, explicit: boolean): void {
    if (explicit) return;
    this.lastChannelAnswer.set(channelKey, now);
    this.lastUserAnswer.set(userKey, now);
  }

  private isIncidentClass(d: Diagnosis): boolean {
    return d.signals.httpStatuses.some((s) => INCIDENT_STATUSES.has(s)) || d.signals.errorTypes.some((t) => INCIDENT_TYPES.has(t));
  }

  /** Records an occurrence; true when this fingerprint is now a likely incident (threshold reached across 2+ channels). */
  private trackIncident(hash: string, channelKey: string, now: number): boolean {
    const window = this.deps.config.incidentWindowMinutes * 60_000;
    const seen = (this.incidentSeen.get(hash) ?? []).filter((o) => now - o.at < window);
    seen.push({ at: now, channel: channelKey });
    this.incidentSeen.set(hash, seen);
    if (this.incidentSeen.size > 1_000) {
      for (const [k, v] of this.incidentSeen) if (v.every((o) => now - o.at >= window)) this.incidentSeen.delete(k);
    }
    return seen.length >= this.deps.config.incidentThreshold && new Set(seen.map((o) => o.channel)).size >= 2;
  }
}

/** Cuts a paste over `maxBytes` to its head and tail (errors are printed at the end of logs). */
export function boundedPaste(text: string, maxBytes: number): { text: string; truncated: boolean; bytes: number } {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= maxBytes) return { text, truncated: false, bytes };
  const keep = Math.floor(maxBytes / 2);
  return { text: `${text.slice(0, keep)}\n…\n${text.slice(-keep)}`, truncated: true, bytes };
}

import { questionIndexFor, readAsQuestion } from '../core/ask.js';
import { diagnose } from '../core/diagnose.js';
import type { KnowledgeBase } from '../core/knowledge/index.js';
import { looksLikeQuestion, type QuestionResult } from '../core/questions.js';
import type { Diagnosis } from '../core/types.js';
import type { Logger } from '../observability/log.js';
import type { Metrics } from '../observability/metrics.js';
import { type Answer, answerFromDiagnosis, duplicateAnswer, incidentAnswer, noMatchAnswer, questionAnswer } from './answer.js';
import { redact } from './redact.js';
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
import { ThreadMemory } from './thread-memory.js';

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
  private readonly now: () => number;
  private readonly threadMemory = new ThreadMemory();

  constructor(private readonly deps: BotCoreDeps) {
    this.now = deps.now ?? Date.now;
  }

  get store(): Store {
    return this.deps.store;
  }

  channelMode(platform: Platform, channelId: string): ChannelMode {
    return this.deps.store.channelMode(platform, channelId) ?? (this.deps.config.autoReplyChannels.includes(channelId) ? 'auto' : 'off');
  }

  handleMessage(msg: IncomingMessage): Decision {
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

    const explicit = msg.via !== 'message';
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
    } else if (trigger !== 'shadow' && trigger !== 'followup') {
      // Cooldowns keep a busy channel quiet; a thread the bot already answered is a conversation with it.
      if (now - (this.lastChannelAnswer.get(channelKey) ?? 0) < cfg.channelCooldownSeconds * 1000)
        return abstain('channel-cooldown', trigger);
      if (now - (this.lastUserAnswer.get(userKey) ?? 0) < cfg.userCooldownSeconds * 1000) return abstain('user-cooldown', trigger);
    }

    // Redact before anything else sees the text: the store, logs, Claude and every reply use this copy.
    const raw = boundedPaste([msg.text, ...(msg.files ?? []).map((f) => `--- ${f.name} ---\n${f.text}`)].join('\n'), cfg.maxPasteBytes);
    const redaction = redact(raw.text);
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

    const threadKey = `${msg.platform}:${msg.channelId}:${threadId}`;
    const context = msg.threadId ? this.threadMemory.earlier(threadKey) : [];
    this.threadMemory.remember(threadKey, redaction.text);

    const started = process.hrtime.bigint();
    const d = diagnose(redaction.text, this.deps.kb(), {
      mode: explicit ? 'lenient' : 'strict',
      strictThreshold: cfg.strictThreshold,
      lenientThreshold: cfg.lenientThreshold,
      feedbackFactor: (hash, id) => store.feedbackFactor(hash, id),
    });
    metrics?.diagnoseLatency.observe(Number(process.hrtime.bigint() - started) / 1e9);
    if (raw.truncated) d.notes.push(`Only the first and last parts of this ${Math.round(raw.bytes / 1024)} KB paste were read.`);
    const base = { diagnosis: d, redactedText: redaction.text, trigger };

    if (!d.matched) {
      if (d.signals.looksLikeError) store.recordGap(d.fingerprintHash, d.fingerprint, redaction.text);
      const asked = this.answerInWords(msg, d, redaction.text, { trigger, target, messageKey, explicit, context });
      if (asked) {
        actions.push(...asked.actions);
        return { ...base, ...asked, actions };
      }
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

  /**
   * A message with no error the bot can place, read as a question in words: always when someone asked
   * the bot, and unprompted only in auto-reply channels that opted in, and then only when an article
   * clearly fits. Null when the message is not to be answered as a question.
   */
  private answerInWords(
    msg: IncomingMessage,
    d: Diagnosis,
    text: string,
    ctx: { trigger: Trigger; target: ReplyTarget; messageKey: string; explicit: boolean; context: string[] },
  ): Pick<Decision, 'actions' | 'outcome' | 'question' | 'context'> | null {
    const { store, metrics, config } = this.deps;
    const optedIn = ctx.trigger === 'auto' && store.channelQuestions(msg.platform, msg.channelId) && looksLikeQuestion(text);
    // A question asked in a thread the bot answered is addressed to it, like a mention.
    const followUp = ctx.trigger === 'followup' && looksLikeQuestion(text);
    if (!ctx.explicit && !optedIn && !followUp) return null;
    // Read with the thread's first message (usually the paste the bot answered), bounded.
    const withContext = ctx.context.length > 0 ? `${text}\n${(ctx.context[0] ?? '').slice(-400)}` : text;
    const q = readAsQuestion(withContext, d, questionIndexFor(this.deps.kb()));
    // A paste that looks like an error the knowledge base does not know keeps its "I don't recognise this error".
    if (ctx.explicit && q.verdict === 'none' && d.signals.looksLikeError) return null;
    if (!ctx.explicit && !followUp && q.verdict !== 'known') {
      metrics?.abstentions.inc({ platform: msg.platform, reason: 'question-unsure' });
      return { actions: [], outcome: 'question-unsure' };
    }
    store.markProcessed(ctx.messageKey);
    const top = q.verdict === 'known' ? q.hits[0] : undefined;
    const record = store.recordAnswer({
      id: newId(),
      platform: msg.platform,
      channelId: msg.channelId,
      threadId: ctx.target.threadId,
      sourceMessageId: msg.messageId,
      userId: msg.userId,
      articleId: top?.article.id ?? null,
      fingerprint: `question: ${q.terms.slice(0, 12).join(' ')}`,
      fingerprintHash: d.fingerprintHash,
      confidence: top?.coverage ?? 0,
      trigger: ctx.trigger,
      shadow: false,
    });
    if (!ctx.explicit) this.noteAnswered(`${msg.platform}:${msg.channelId}`, `${msg.platform}:${msg.userId}`, this.now(), false);
    metrics?.answers.inc({ platform: msg.platform, trigger: ctx.trigger, kind: `question-${q.verdict}` });
    const answer = questionAnswer(q, d, { id: record.id, publicUrl: config.publicUrl });
    return {
      actions: [{ type: 'reply', target: ctx.target, answer, recordId: record.id }],
      outcome: `question-${q.verdict}`,
      question: q,
      context: ctx.context,
    };
  }

  setChannelQuestions(platform: Platform, channelId: string, on: boolean, userId: string, isAdmin: boolean): { ok: boolean; text: string } {
    if (!isAdmin) return { ok: false, text: 'Only channel managers and workspace admins can change how I behave in this channel.' };
    this.deps.store.setChannelQuestions(platform, channelId, on, userId, this.channelMode(platform, channelId));
    const auto = this.channelMode(platform, channelId) === 'auto';
    return {
      ok: true,
      text: on
        ? `Questions *on*: I will also answer questions in words here on my own, when an article clearly fits.${
            auto ? '' : ' This channel is not in auto mode, so for now I answer only when asked (`/diagnose channel auto`).'
          }`
        : 'Questions *off*: I answer questions here only when mentioned or asked with /diagnose.',
    };
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

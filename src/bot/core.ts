import { inlineAnalyser } from '../analysis/inline.js';
import type { Analyser, PasteAnalysis } from '../analysis/types.js';
import { pasteBelongsElsewhere, questionIndexFor, readAsQuestion } from '../core/ask.js';
import { DEFAULT_FEEDBACK_RULES } from '../core/feedback.js';
import { classifyGap } from '../core/gap.js';
import type { KnowledgeBase } from '../core/knowledge/index.js';
import { looksLikeQuestion, type QuestionResult } from '../core/questions.js';
import type { Diagnosis } from '../core/types.js';
import type { Logger } from '../observability/log.js';
import type { Metrics } from '../observability/metrics.js';
import { pasteSafe } from '../render/escape.js';
import { GAP_EXAMPLE_CHARS, type Store } from '../store/contract.js';
import {
  type AnswerRecord,
  type ChannelMode,
  FEEDBACK_REASONS,
  type FeedbackReason,
  newId,
  type Platform,
  type Trigger,
  type VoteValue,
} from '../store/records.js';
import { type Answer, answerFromDiagnosis, duplicateAnswer, incidentAnswer, noMatchAnswer, questionAnswer } from './answer.js';
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

export interface BotCoreDeps {
  kb: () => KnowledgeBase;
  store: Store;
  config: PolicyConfig;
  logger: Logger;
  metrics?: Metrics;
  now?: () => number;
  /** A link to an earlier answer, when the platform can make one. */
  permalink?: (record: AnswerRecord) => string | null;
  /** Redaction + diagnosis; large pastes go to a worker pool. Inline when absent. */
  analyser?: Analyser;
}

/** Explicit requests (mentions, commands) allowed per user per minute before the bot asks them to wait. */
const EXPLICIT_PER_MINUTE = 6;
const INCIDENT_STATUSES = new Set([500, 502, 503, 504, 529]);
const INCIDENT_TYPES = new Set(['overloaded_error', 'api_error', 'ServiceUnavailableException', 'UNAVAILABLE']);

/**
 * Every decision that must hold across instances (dedupe, "answered once", cooldowns, rate limits,
 * incident windows) is asked of the store: with PostgreSQL, all instances and shards share it.
 */
export class BotCore {
  private readonly now: () => number;
  private readonly threadMemory = new ThreadMemory();

  constructor(private readonly deps: BotCoreDeps) {
    this.now = deps.now ?? Date.now;
  }

  get store(): Store {
    return this.deps.store;
  }

  async channelMode(platform: Platform, channelId: string): Promise<ChannelMode> {
    return (
      (await this.deps.store.channelMode(platform, channelId)) ?? (this.deps.config.autoReplyChannels.includes(channelId) ? 'auto' : 'off')
    );
  }

  async handleMessage(msg: IncomingMessage): Promise<Decision> {
    // Redact before anything else sees the text: the store, logs, Claude and every echo use this copy.
    // Redaction and diagnosis (of the redacted copy) run together, in a worker for large pastes, so a
    // big paste never blocks the event loop that acknowledges Slack.
    const raw = boundedPaste(
      [msg.text, ...(msg.files ?? []).map((f) => `--- ${f.name} ---\n${f.text}`)].join('\n'),
      this.deps.config.maxPasteBytes,
    );
    const analysis = await this.analyse(raw.text, msg.via !== 'message', msg.community ?? '');
    return { ...(await this.decide(msg, raw, analysis)), redactedText: analysis.redaction.text, analysedIn: analysis.ranIn };
  }

  /** Feedback (votes, helpers' corrections) counts only from the community the paste came from. */
  private async analyse(text: string, explicit: boolean, community: string): Promise<PasteAnalysis> {
    const cfg = this.deps.config;
    const started = process.hrtime.bigint();
    const analysis = await (this.deps.analyser ?? inlineAnalyser).analyse(text, this.deps.kb(), {
      mode: explicit ? 'lenient' : 'strict',
      strictThreshold: cfg.strictThreshold,
      lenientThreshold: cfg.lenientThreshold,
      feedbackFor: (hash) => this.deps.store.feedbackFor(hash, community),
      feedbackRules: { minVoters: cfg.feedbackMinVoters ?? DEFAULT_FEEDBACK_RULES.minVoters },
    });
    this.deps.metrics?.diagnoseLatency.observe(Number(process.hrtime.bigint() - started) / 1e9);
    return analysis;
  }

  private async decide(
    msg: IncomingMessage,
    raw: ReturnType<typeof boundedPaste>,
    { redaction, diagnosis: d }: PasteAnalysis,
  ): Promise<Omit<Decision, 'redactedText' | 'analysedIn'>> {
    const { store, metrics } = this.deps;
    metrics?.messages.inc({ platform: msg.platform, trigger: msg.via });
    const abstain = (outcome: string, trigger: Trigger | null = null): Omit<Decision, 'redactedText' | 'analysedIn'> => {
      metrics?.abstentions.inc({ platform: msg.platform, reason: outcome });
      return { actions: [], outcome, trigger };
    };
    if (msg.isBot) return abstain('bot-author');
    // Losing a delivery key in a crash costs only a second look: the message key below is the durable one.
    if (!(await store.claim(`${msg.platform}:d:${msg.deliveryId}`, 'relaxed'))) {
      metrics?.duplicatesSuppressed.inc({ platform: msg.platform, kind: 'delivery' });
      return { actions: [], outcome: 'duplicate-delivery', trigger: null };
    }

    const explicit = msg.via !== 'message';
    let trigger: Trigger;
    if (msg.via === 'mention') trigger = 'mention';
    else if (msg.via === 'command') trigger = 'command';
    else if (msg.via === 'shortcut') trigger = 'shortcut';
    else if (msg.threadId && (await store.answeredThread(msg.platform, msg.channelId, msg.threadId))) trigger = 'followup';
    else {
      const mode = await this.channelMode(msg.platform, msg.channelId);
      if (mode === 'off') return abstain('channel-off');
      trigger = mode === 'shadow' ? 'shadow' : 'auto';
    }

    // The same message delivered twice (Slack sends `message` and `app_mention` for one mention; a
    // restart can replay an event): act on it once. Shortcuts may ask again about an answered message.
    const messageKey = `${msg.platform}:${msg.via === 'shortcut' ? 's' : 'm'}:${msg.channelId}:${msg.messageId}`;
    const alreadyHandled = (): Omit<Decision, 'redactedText' | 'analysedIn'> => {
      metrics?.duplicatesSuppressed.inc({ platform: msg.platform, kind: 'message' });
      return { actions: [], outcome: 'already-handled', trigger };
    };
    if (await store.isClaimed(messageKey)) return alreadyHandled();
    /** "Answered at most once": of instances racing on one message, only the claimant acts (durable first). */
    const claimMessage = () => store.claim(messageKey);

    const now = this.now();
    const cfg = this.deps.config;
    const userKey = `${msg.platform}:${msg.userId}`;
    const channelKey = `${msg.platform}:${msg.channelId}`;
    const threadId = msg.threadId ?? msg.messageId;
    const target: ReplyTarget = { platform: msg.platform, channelId: msg.channelId, threadId };

    if (explicit) {
      const rate = await store.takeRate(`explicit:${userKey}`, now, 60_000, EXPLICIT_PER_MINUTE);
      if (!rate.allowed) {
        return {
          actions: [this.ephemeral(msg, `You've asked me ${rate.count} times in the last minute. Give me a few seconds, then try again.`)],
          outcome: 'user-rate-limited',
          trigger,
        };
      }
    } else if (trigger !== 'shadow' && trigger !== 'followup') {
      // Cooldowns keep a busy channel quiet; a thread the bot already answered is a conversation with it.
      const last = await store.cooldowns([`channel:${channelKey}`, `user:${userKey}`]);
      if (now - (last[`channel:${channelKey}`] ?? 0) < cfg.channelCooldownSeconds * 1000) return abstain('channel-cooldown', trigger);
      if (now - (last[`user:${userKey}`] ?? 0) < cfg.userCooldownSeconds * 1000) return abstain('user-cooldown', trigger);
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

    const threadKey = `${msg.platform}:${msg.channelId}:${threadId}`;
    const context = msg.threadId ? this.threadMemory.earlier(threadKey) : [];
    this.threadMemory.remember(threadKey, redaction.text);

    if (raw.truncated) d.notes.push(`Only the first and last parts of this ${Math.round(raw.bytes / 1024)} KB paste were read.`);
    // The words around a matched error can say it is not Claude's (another vendor's model, a generic proxy error).
    if (d.matched && pasteBelongsElsewhere(redaction.text, d)) {
      d.matched = false;
      d.notes.push('The words around this error point away from the Claude API, so it is not answered as a Claude error.');
    }
    const base = { diagnosis: d, trigger };

    if (!d.matched) {
      // Errors are recorded whoever asked; a message without an error only when someone asked about it.
      const gap = classifyGap(d, cfg.lenientThreshold);
      if (d.signals.looksLikeError || explicit)
        await store.recordGap({
          fingerprintHash: d.fingerprintHash,
          fingerprint: d.fingerprint,
          example: redaction.text,
          community: msg.community,
          platform: msg.platform,
          channelId: msg.channelId,
          kind: gap.kind,
          probableArticleId: gap.probableArticleId,
        });
      const asked = await this.answerInWords(msg, d, redaction.text, { trigger, target, messageKey, explicit, context });
      if (asked === 'already-handled') return alreadyHandled();
      if (asked) {
        actions.push(...asked.actions);
        return { ...base, ...asked, actions };
      }
      if (!explicit) {
        metrics?.abstentions.inc({ platform: msg.platform, reason: 'unsure' });
        return { ...base, actions, outcome: 'unsure' };
      }
      if (!(await claimMessage())) return alreadyHandled();
      actions.push({ type: 'reply', target, answer: noMatchAnswer(d), recordId: null });
      metrics?.answers.inc({ platform: msg.platform, trigger, kind: 'no-match' });
      return { ...base, actions, outcome: 'no-match' };
    }
    const top = d.candidates[0];
    if (!top) return { ...base, actions, outcome: 'unsure' };

    if (trigger === 'shadow') {
      if (!(await claimMessage())) return alreadyHandled();
      await this.record(msg, d, threadId, trigger, true, redaction.text);
      metrics?.abstentions.inc({ platform: msg.platform, reason: 'shadow' });
      return { ...base, actions: [], outcome: 'shadow' };
    }

    // A burst of the same server-side error across channels: one "likely incident" notice per channel.
    if (this.isIncidentClass(d)) {
      const windowMs = cfg.incidentWindowMinutes * 60_000;
      const seen = await store.recordIncidentSighting(d.fingerprintHash, channelKey, now, windowMs);
      if (seen.sightings >= cfg.incidentThreshold && seen.channels >= 2) {
        if (!(await claimMessage())) return alreadyHandled();
        const first = await store.claimIncidentNotice(d.fingerprintHash, channelKey, now, windowMs, explicit);
        if (!first && !explicit) {
          metrics?.duplicatesSuppressed.inc({ platform: msg.platform, kind: 'incident' });
          return { ...base, actions, outcome: 'incident-suppressed' };
        }
        await this.noteAnswered(channelKey, userKey, now, explicit);
        metrics?.incidents.inc({ platform: msg.platform });
        actions.push({ type: 'reply', target, answer: incidentAnswer(d), recordId: null });
        return { ...base, actions, outcome: 'incident' };
      }
    }

    // The same error pasted again in this channel soon after: point at the earlier answer.
    const earlier = await store.recentAnswer(msg.platform, msg.channelId, d.fingerprintHash, now - cfg.duplicateWindowMinutes * 60_000);
    if (earlier && !earlier.private && earlier.articleId === top.id) {
      if (!(await claimMessage())) return alreadyHandled();
      if (!explicit && earlier.threadId === threadId) {
        metrics?.duplicatesSuppressed.inc({ platform: msg.platform, kind: 'same-thread' });
        return { ...base, actions, outcome: 'duplicate-in-thread' };
      }
      metrics?.duplicatesSuppressed.inc({ platform: msg.platform, kind: 'fingerprint' });
      await this.noteAnswered(channelKey, userKey, now, explicit);
      actions.push({
        type: 'reply',
        target,
        answer: duplicateAnswer(d, this.deps.permalink?.(earlier) ?? null, top.title),
        recordId: null,
      });
      return { ...base, actions, outcome: 'duplicate-fingerprint' };
    }

    if (!(await claimMessage())) return alreadyHandled();
    const record = await this.record(msg, d, threadId, trigger, false, redaction.text);
    await this.noteAnswered(channelKey, userKey, now, explicit);
    metrics?.answers.inc({ platform: msg.platform, trigger, kind: 'diagnosis' });
    actions.push({
      type: 'reply',
      target,
      answer: answerFromDiagnosis(d, { id: record.id, publicUrl: cfg.publicUrl, strictThreshold: cfg.strictThreshold }),
      recordId: record.id,
    });
    return { ...base, actions, outcome: 'answered' };
  }

  /** Diagnoses; when people voted on answers for this fingerprint, ranks again with their votes counted. */
  /** The adapter posted the reply for `recordId` as message `messageId`. */
  async answerPosted(recordId: string, messageId: string): Promise<void> {
    await this.deps.store.answerPosted(recordId, messageId);
  }

  /** Resolves once the vote is durable: only then may the platform say "recorded". */
  async vote(
    platform: Platform,
    answerId: string,
    userId: string,
    value: VoteValue,
    reason?: FeedbackReason,
  ): Promise<{ ok: boolean; text: string }> {
    const result = await this.deps.store.vote(answerId, userId, value, reason);
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
  async voteByReaction(
    platform: Platform,
    channelId: string,
    replyMessageId: string,
    userId: string,
    value: VoteValue,
  ): Promise<{ ok: boolean; text: string } | null> {
    const answer = await this.deps.store.answerByReplyMessage(platform, channelId, replyMessageId);
    return answer ? this.vote(platform, answer.id, userId, value) : null;
  }

  /** A 👍 / 👎 removed from the bot's answer takes that vote back. */
  async withdrawReactionVote(
    platform: Platform,
    channelId: string,
    replyMessageId: string,
    userId: string,
    value: VoteValue,
  ): Promise<boolean> {
    const answer = await this.deps.store.answerByReplyMessage(platform, channelId, replyMessageId);
    return answer ? this.deps.store.withdrawVote(answer.id, userId, value) : false;
  }

  /** "Still stuck — ask a human": a hand-off with what a person needs to pick it up. */
  async escalate(platform: Platform, answerId: string, userId: string): Promise<{ action: BotAction | null; text: string }> {
    const a = await this.deps.store.getAnswer(answerId);
    if (!a) return { action: null, text: 'That answer is too old to hand off; please describe the problem in the channel.' };
    this.deps.metrics?.escalations.inc({ platform });
    const who = await this.supportMention(platform, a.community);
    // Everything below except `who` came from a paste: inert on the platform it is posted on.
    const safe = (text: string) => pasteSafe(platform, text);
    const lines = [
      `${who ? `${who} ` : ''}Someone is still stuck after the bot's answer.`,
      `• Fingerprint: \`${safe(a.fingerprint)}\``,
      `• Article tried: ${a.articleId ?? 'none'} (confidence ${Math.round(a.confidence * 100)}%)`,
      `• SDK versions: ${
        safe(
          Object.entries(a.sdkVersions ?? {})
            .map(([k, v]) => `${k} ${v}`)
            .join(', '),
        ) || 'not visible in the paste'
      }`,
      `• Request ids: ${safe((a.requestIds ?? []).join(', ')) || 'none in the paste'}`,
      `• Asked by: ${userId}`,
    ];
    return {
      action: { type: 'handoff', target: { platform, channelId: a.channelId, threadId: a.threadId }, text: lines.join('\n') },
      text: who
        ? 'I have asked the support team to look at this thread.'
        : 'I have flagged this thread for a human (no support group is configured, so nobody was pinged).',
    };
  }

  /**
   * Who "ask a human" pings: the community's support group when one was set with the settings command
   * (none when it was turned off), else the configured one.
   */
  private async supportMention(platform: Platform, community: string): Promise<string | undefined> {
    const stored = community ? await this.deps.store.communitySettings(platform, community) : undefined;
    if (!stored) return this.deps.config.supportMention?.[platform];
    if (!stored.supportGroup) return undefined;
    if (platform === 'slack') return `<!subteam^${stored.supportGroup}>`;
    return platform === 'discord' ? `<@&${stored.supportGroup}>` : undefined;
  }

  async setChannelMode(
    platform: Platform,
    channelId: string,
    mode: ChannelMode,
    userId: string,
    isAdmin: boolean,
    community?: string,
  ): Promise<{ ok: boolean; text: string }> {
    if (!isAdmin) return { ok: false, text: 'Only channel managers and workspace admins can change how I behave in this channel.' };
    await this.deps.store.setChannelMode(platform, channelId, mode, userId, community);
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
  private async answerInWords(
    msg: IncomingMessage,
    d: Diagnosis,
    text: string,
    ctx: { trigger: Trigger; target: ReplyTarget; messageKey: string; explicit: boolean; context: string[] },
  ): Promise<Pick<Decision, 'actions' | 'outcome' | 'question' | 'context'> | 'already-handled' | null> {
    const { store, metrics, config } = this.deps;
    const optedIn = ctx.trigger === 'auto' && looksLikeQuestion(text) && (await store.channelQuestions(msg.platform, msg.channelId));
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
    if (!(await store.claim(ctx.messageKey))) return 'already-handled';
    const top = q.verdict === 'known' ? q.hits[0] : undefined;
    const record = await store.recordAnswer({
      id: newId(),
      platform: msg.platform,
      community: msg.community,
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
      ...(msg.private ? { private: true } : {}),
      example: text.slice(0, GAP_EXAMPLE_CHARS),
    });
    await this.noteAnswered(`${msg.platform}:${msg.channelId}`, `${msg.platform}:${msg.userId}`, this.now(), ctx.explicit);
    metrics?.answers.inc({ platform: msg.platform, trigger: ctx.trigger, kind: `question-${q.verdict}` });
    const answer = questionAnswer(q, d, { id: record.id, publicUrl: config.publicUrl });
    return {
      actions: [{ type: 'reply', target: ctx.target, answer, recordId: record.id }],
      outcome: `question-${q.verdict}`,
      question: q,
      context: ctx.context,
    };
  }

  async setChannelQuestions(
    platform: Platform,
    channelId: string,
    on: boolean,
    userId: string,
    isAdmin: boolean,
    community?: string,
  ): Promise<{ ok: boolean; text: string }> {
    if (!isAdmin) return { ok: false, text: 'Only channel managers and workspace admins can change how I behave in this channel.' };
    const mode = await this.channelMode(platform, channelId);
    await this.deps.store.setChannelQuestions(platform, channelId, on, userId, mode, community);
    return {
      ok: true,
      text: on
        ? `Questions *on*: I will also answer questions in words here on my own, when an article clearly fits.${
            mode === 'auto' ? '' : ' This channel is not in auto mode, so for now I answer only when asked (`/diagnose channel auto`).'
          }`
        : 'Questions *off*: I answer questions here only when mentioned or asked with /diagnose.',
    };
  }

  private ephemeral(msg: IncomingMessage, text: string): BotAction {
    return { type: 'ephemeral', platform: msg.platform, channelId: msg.channelId, threadId: msg.threadId, userId: msg.userId, text };
  }

  private record(
    msg: IncomingMessage,
    d: Diagnosis,
    threadId: string,
    trigger: Trigger,
    shadow: boolean,
    redactedText: string,
  ): Promise<AnswerRecord> {
    const top = d.candidates[0];
    return this.deps.store.recordAnswer({
      id: newId(),
      platform: msg.platform,
      community: msg.community,
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
      ...(msg.private ? { private: true } : {}),
      // Redacted before it gets here; kept short, for the dashboard's examples.
      example: redactedText.slice(0, GAP_EXAMPLE_CHARS),
    });
  }

  private async noteAnswered(channelKey: string, userKey: string, now: number, explicit: boolean): Promise<void> {
    if (explicit) return;
    const cfg = this.deps.config;
    const keepMs = Math.max(cfg.channelCooldownSeconds, cfg.userCooldownSeconds) * 1000;
    await this.deps.store.touchCooldowns([`channel:${channelKey}`, `user:${userKey}`], now, keepMs);
  }

  private isIncidentClass(d: Diagnosis): boolean {
    return d.signals.httpStatuses.some((s) => INCIDENT_STATUSES.has(s)) || d.signals.errorTypes.some((t) => INCIDENT_TYPES.has(t));
  }
}

/** Cuts a paste over `maxBytes` to its head and tail (errors are printed at the end of logs). */
export function boundedPaste(text: string, maxBytes: number): { text: string; truncated: boolean; bytes: number } {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= maxBytes) return { text, truncated: false, bytes };
  const keep = Math.floor(maxBytes / 2);
  return { text: `${text.slice(0, keep)}\n…\n${text.slice(-keep)}`, truncated: true, bytes };
}

import { inlineAnalyser } from '../analysis/inline.js';
import type { Analyser, PasteAnalysis } from '../analysis/types.js';
import { pasteBelongsElsewhere } from '../core/ask.js';
import { DEFAULT_FEEDBACK_RULES } from '../core/feedback.js';
import { classifyGap } from '../core/gap.js';
import type { KnowledgeBase } from '../core/knowledge/index.js';
import type { Logger } from '../observability/log.js';
import type { Metrics } from '../observability/metrics.js';
import type { Store } from '../store/contract.js';
import type { AnswerRecord, ChannelMode, Platform, Trigger } from '../store/records.js';
import { answerFromDiagnosis, duplicateAnswer, incidentAnswer, noMatchAnswer } from './answer.js';
import { ChannelSettings } from './channel-settings.js';
import { FeedbackDesk } from './feedback-desk.js';
import { answerInWords, type InWordsDeps } from './in-words.js';
import { type BotAction, boundedPaste, type Decision, type IncomingMessage, type PolicyConfig } from './messages.js';
import { ThreadMemory } from './thread-memory.js';
import { answerRecordOf, isIncidentClass, type Outcome, type Turn, turnOf } from './turn.js';

/**
 * The bot's manners, once for every platform: events in, actions out. Platform adapters translate
 * Slack or Discord events into `IncomingMessage`, carry out the returned actions, and report back the
 * id of what they posted. Nothing here talks to a network.
 */

export type { BotAction, Decision, IncomingMessage, PolicyConfig, ReplyTarget } from './messages.js';
export { boundedPaste } from './messages.js';

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

/**
 * Every decision that must hold across instances (dedupe, "answered once", cooldowns, rate limits,
 * incident windows) is asked of the store: with PostgreSQL, all instances and shards share it.
 */
export class BotCore {
  private readonly now: () => number;
  private readonly threadMemory = new ThreadMemory();

  /** Votes, reaction votes and "ask a human" (see feedback-desk.ts). */
  readonly vote: FeedbackDesk['vote'];
  readonly voteByReaction: FeedbackDesk['voteByReaction'];
  readonly withdrawReactionVote: FeedbackDesk['withdrawReactionVote'];
  readonly escalate: FeedbackDesk['escalate'];
  /** `/diagnose channel …` (see channel-settings.ts). */
  readonly setChannelMode: ChannelSettings['setChannelMode'];
  readonly setChannelQuestions: ChannelSettings['setChannelQuestions'];

  constructor(private readonly deps: BotCoreDeps) {
    this.now = deps.now ?? Date.now;
    const desk = new FeedbackDesk(deps);
    this.vote = desk.vote.bind(desk);
    this.voteByReaction = desk.voteByReaction.bind(desk);
    this.withdrawReactionVote = desk.withdrawReactionVote.bind(desk);
    this.escalate = desk.escalate.bind(desk);
    const settings = new ChannelSettings(deps.store, (platform, channelId) => this.channelMode(platform, channelId));
    this.setChannelMode = settings.setChannelMode.bind(settings);
    this.setChannelQuestions = settings.setChannelQuestions.bind(settings);
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

  private async decide(msg: IncomingMessage, raw: ReturnType<typeof boundedPaste>, analysis: PasteAnalysis): Promise<Outcome> {
    const { store, metrics } = this.deps;
    metrics?.messages.inc({ platform: msg.platform, trigger: msg.via });
    if (msg.isBot) return this.abstain(msg, 'bot-author', null);
    // Losing a delivery key in a crash costs only a second look: the message key is the durable one.
    if (!(await store.claim(`${msg.platform}:d:${msg.deliveryId}`, 'relaxed'))) {
      metrics?.duplicatesSuppressed.inc({ platform: msg.platform, kind: 'delivery' });
      return { actions: [], outcome: 'duplicate-delivery', trigger: null };
    }
    const trigger = await this.triggerFor(msg);
    if (!trigger) return this.abstain(msg, 'channel-off', null);
    const turn = turnOf(msg, analysis, trigger, this.now());
    if (await store.isClaimed(turn.messageKey)) return this.alreadyHandled(turn);
    const refused = await this.throttle(turn);
    if (refused) return refused;

    const { redaction, diagnosis: d } = analysis;
    for (const kind of redaction.found) metrics?.secretsRedacted.inc({ kind });
    if (redaction.liveSecret && trigger !== 'shadow') {
      turn.actions.push(
        this.ephemeral(
          msg,
          `Your message contains what looks like a live credential (${redaction.found.join(', ')}). I did not store or repeat it, but it is now visible in this channel: revoke it and create a new one, then edit your message to remove it.`,
        ),
      );
    }
    turn.context = this.recall(turn);
    if (raw.truncated) d.notes.push(`Only the first and last parts of this ${Math.round(raw.bytes / 1024)} KB paste were read.`);
    // The words around a matched error can say it is not Claude's (another vendor's model, a generic proxy error).
    if (d.matched && pasteBelongsElsewhere(redaction.text, d)) {
      d.matched = false;
      d.notes.push('The words around this error point away from the Claude API, so it is not answered as a Claude error.');
    }
    if (!d.matched) return this.unmatched(turn);
    if (!d.candidates[0]) return { ...this.base(turn), actions: turn.actions, outcome: 'unsure' };
    if (trigger === 'shadow') return this.shadow(turn);
    return (await this.incident(turn)) ?? (await this.pointAtEarlier(turn)) ?? this.answer(turn);
  }

  /** Why the bot is looking at this message; null when the channel is off and nobody asked. */
  private async triggerFor(msg: IncomingMessage): Promise<Trigger | null> {
    if (msg.via === 'mention' || msg.via === 'command' || msg.via === 'shortcut') return msg.via;
    if (msg.threadId && (await this.deps.store.answeredThread(msg.platform, msg.channelId, msg.threadId))) return 'followup';
    const mode = await this.channelMode(msg.platform, msg.channelId);
    if (mode === 'off') return null;
    return mode === 'shadow' ? 'shadow' : 'auto';
  }

  /** The thread's earlier messages (a follow-up question's context); this one is remembered for the next. */
  private recall(t: Turn): string[] {
    const threadKey = `${t.msg.platform}:${t.msg.channelId}:${t.threadId}`;
    const context = t.msg.threadId ? this.threadMemory.earlier(threadKey) : [];
    this.threadMemory.remember(threadKey, t.text);
    return context;
  }

  /** A per-user limit on explicit requests; cooldowns that keep a busy channel quiet. Null when allowed. */
  private async throttle(t: Turn): Promise<Outcome | null> {
    const { store, config: cfg } = this.deps;
    if (t.explicit) {
      const rate = await store.takeRate(`explicit:${t.userKey}`, t.now, 60_000, EXPLICIT_PER_MINUTE);
      if (rate.allowed) return null;
      return {
        actions: [this.ephemeral(t.msg, `You've asked me ${rate.count} times in the last minute. Give me a few seconds, then try again.`)],
        outcome: 'user-rate-limited',
        trigger: t.trigger,
      };
    }
    // A thread the bot already answered is a conversation with it; shadow mode posts nothing.
    if (t.trigger === 'shadow' || t.trigger === 'followup') return null;
    const last = await store.cooldowns([`channel:${t.channelKey}`, `user:${t.userKey}`]);
    if (t.now - (last[`channel:${t.channelKey}`] ?? 0) < cfg.channelCooldownSeconds * 1000)
      return this.abstain(t.msg, 'channel-cooldown', t.trigger);
    if (t.now - (last[`user:${t.userKey}`] ?? 0) < cfg.userCooldownSeconds * 1000) return this.abstain(t.msg, 'user-cooldown', t.trigger);
    return null;
  }

  /** No article matched: record the gap, perhaps answer it as a question in words, else "don't know" when asked. */
  private async unmatched(t: Turn): Promise<Outcome> {
    const { store, metrics, config: cfg } = this.deps;
    const { msg, d, explicit } = t;
    // Errors are recorded whoever asked; a message without an error only when someone asked about it.
    if (d.signals.looksLikeError || explicit) {
      const gap = classifyGap(d, cfg.lenientThreshold);
      await store.recordGap({
        fingerprintHash: d.fingerprintHash,
        fingerprint: d.fingerprint,
        example: t.text,
        community: msg.community,
        platform: msg.platform,
        channelId: msg.channelId,
        kind: gap.kind,
        probableArticleId: gap.probableArticleId,
      });
    }
    const asked = await answerInWords(this.inWordsDeps(), t);
    if (asked === 'already-handled') return this.alreadyHandled(t);
    if (asked) return { ...this.base(t), ...asked, actions: [...t.actions, ...asked.actions] };
    if (!explicit) {
      metrics?.abstentions.inc({ platform: msg.platform, reason: 'unsure' });
      return { ...this.base(t), actions: t.actions, outcome: 'unsure' };
    }
    if (!(await store.claim(t.messageKey))) return this.alreadyHandled(t);
    t.actions.push({ type: 'reply', target: t.target, answer: noMatchAnswer(d), recordId: null });
    metrics?.answers.inc({ platform: msg.platform, trigger: t.trigger, kind: 'no-match' });
    return { ...this.base(t), actions: t.actions, outcome: 'no-match' };
  }

  private async shadow(t: Turn): Promise<Outcome> {
    if (!(await this.deps.store.claim(t.messageKey))) return this.alreadyHandled(t);
    await this.deps.store.recordAnswer(answerRecordOf(t, true));
    this.deps.metrics?.abstentions.inc({ platform: t.msg.platform, reason: 'shadow' });
    return { ...this.base(t), actions: [], outcome: 'shadow' };
  }

  /** A burst of the same server-side error across channels: one "likely incident" notice per channel. */
  private async incident(t: Turn): Promise<Outcome | null> {
    const { store, metrics, config: cfg } = this.deps;
    if (!isIncidentClass(t.d)) return null;
    const windowMs = cfg.incidentWindowMinutes * 60_000;
    const seen = await store.recordIncidentSighting(t.d.fingerprintHash, t.channelKey, t.now, windowMs);
    if (seen.sightings < cfg.incidentThreshold || seen.channels < 2) return null;
    if (!(await store.claim(t.messageKey))) return this.alreadyHandled(t);
    const first = await store.claimIncidentNotice(t.d.fingerprintHash, t.channelKey, t.now, windowMs, t.explicit);
    if (!first && !t.explicit) {
      metrics?.duplicatesSuppressed.inc({ platform: t.msg.platform, kind: 'incident' });
      return { ...this.base(t), actions: t.actions, outcome: 'incident-suppressed' };
    }
    await this.noteAnswered(t.channelKey, t.userKey, t.now, t.explicit);
    metrics?.incidents.inc({ platform: t.msg.platform });
    t.actions.push({ type: 'reply', target: t.target, answer: incidentAnswer(t.d), recordId: null });
    return { ...this.base(t), actions: t.actions, outcome: 'incident' };
  }

  /** The same error pasted again in this channel soon after: point at the earlier answer. */
  private async pointAtEarlier(t: Turn): Promise<Outcome | null> {
    const { store, metrics, config: cfg } = this.deps;
    const top = t.d.candidates[0];
    const since = t.now - cfg.duplicateWindowMinutes * 60_000;
    const earlier = await store.recentAnswer(t.msg.platform, t.msg.channelId, t.d.fingerprintHash, since);
    if (!top || !earlier || earlier.private || earlier.articleId !== top.id) return null;
    if (!(await store.claim(t.messageKey))) return this.alreadyHandled(t);
    if (!t.explicit && earlier.threadId === t.threadId) {
      metrics?.duplicatesSuppressed.inc({ platform: t.msg.platform, kind: 'same-thread' });
      return { ...this.base(t), actions: t.actions, outcome: 'duplicate-in-thread' };
    }
    metrics?.duplicatesSuppressed.inc({ platform: t.msg.platform, kind: 'fingerprint' });
    await this.noteAnswered(t.channelKey, t.userKey, t.now, t.explicit);
    const answer = duplicateAnswer(t.d, this.deps.permalink?.(earlier) ?? null, top.title);
    t.actions.push({ type: 'reply', target: t.target, answer, recordId: null });
    return { ...this.base(t), actions: t.actions, outcome: 'duplicate-fingerprint' };
  }

  private async answer(t: Turn): Promise<Outcome> {
    const { store, metrics, config: cfg } = this.deps;
    if (!(await store.claim(t.messageKey))) return this.alreadyHandled(t);
    const record = await this.deps.store.recordAnswer(answerRecordOf(t, false));
    await this.noteAnswered(t.channelKey, t.userKey, t.now, t.explicit);
    metrics?.answers.inc({ platform: t.msg.platform, trigger: t.trigger, kind: 'diagnosis' });
    const answer = answerFromDiagnosis(t.d, { id: record.id, publicUrl: cfg.publicUrl, strictThreshold: cfg.strictThreshold });
    t.actions.push({ type: 'reply', target: t.target, answer, recordId: record.id });
    return { ...this.base(t), actions: t.actions, outcome: 'answered' };
  }

  private base(t: Turn): Pick<Outcome, 'diagnosis' | 'trigger'> {
    return { diagnosis: t.d, trigger: t.trigger };
  }

  private abstain(msg: IncomingMessage, outcome: string, trigger: Trigger | null): Outcome {
    this.deps.metrics?.abstentions.inc({ platform: msg.platform, reason: outcome });
    return { actions: [], outcome, trigger };
  }

  private alreadyHandled(t: Turn): Outcome {
    this.deps.metrics?.duplicatesSuppressed.inc({ platform: t.msg.platform, kind: 'message' });
    return { actions: [], outcome: 'already-handled', trigger: t.trigger };
  }

  /** The adapter posted the reply for `recordId` as message `messageId`. */
  async answerPosted(recordId: string, messageId: string): Promise<void> {
    await this.deps.store.answerPosted(recordId, messageId);
  }

  private inWordsDeps(): InWordsDeps {
    return {
      kb: this.deps.kb,
      store: this.deps.store,
      metrics: this.deps.metrics,
      publicUrl: this.deps.config.publicUrl,
      noteAnswered: (t) => this.noteAnswered(t.channelKey, t.userKey, this.now(), t.explicit),
    };
  }

  private ephemeral(msg: IncomingMessage, text: string): BotAction {
    return { type: 'ephemeral', platform: msg.platform, channelId: msg.channelId, threadId: msg.threadId, userId: msg.userId, text };
  }

  private async noteAnswered(channelKey: string, userKey: string, now: number, explicit: boolean): Promise<void> {
    if (explicit) return;
    const cfg = this.deps.config;
    const keepMs = Math.max(cfg.channelCooldownSeconds, cfg.userCooldownSeconds) * 1000;
    await this.deps.store.touchCooldowns([`channel:${channelKey}`, `user:${userKey}`], now, keepMs);
  }
}

import type { Metrics } from '../observability/metrics.js';
import { pasteSafe } from '../render/escape.js';
import type { Store } from '../store/contract.js';
import { FEEDBACK_REASONS, type FeedbackReason, type Platform, type VoteValue } from '../store/records.js';
import type { BotAction, PolicyConfig } from './messages.js';

/**
 * What people do with an answer after it is posted: vote (buttons or reactions, changeable, with a reason
 * when unhelpful) and ask for a human. Every result is returned only once the store holds it.
 */
export interface FeedbackDeps {
  store: Store;
  config: Pick<PolicyConfig, 'supportMention'>;
  metrics?: Metrics;
}

export class FeedbackDesk {
  constructor(private readonly deps: FeedbackDeps) {}

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
}

import type { App } from '@slack/bolt';
import type { VoteValue } from '../../../../bot/store.js';
import { background, type SlackRuntime } from '../../runtime.js';

const REACTIONS: Record<string, VoteValue> = { '+1': 'up', thumbsup: 'up', '-1': 'down', thumbsdown: 'down' };

interface ReactionEvent {
  reaction: string;
  user: string;
  item: { type: string; channel?: string; ts?: string };
  item_user?: string;
}

/** A 👍/👎 (skin tones included) on one of the bot's messages: the vote and where, or null. */
function voteOn(rt: SlackRuntime, event: ReactionEvent): { value: VoteValue; channel: string; ts: string } | null {
  const value = REACTIONS[event.reaction.replace(/::skin-tone-\d$/, '')];
  if (!value || event.item.type !== 'message' || !event.item.channel || !event.item.ts) return null;
  if (event.item_user && event.item_user !== rt.bot.userId) return null;
  return { value, channel: event.item.channel, ts: event.item.ts };
}

/** 👍 / 👎 on one of the bot's answers count as a vote, like the buttons; taking the reaction off withdraws it. */
export function registerReactions(app: App, rt: SlackRuntime): void {
  app.event('reaction_added', async ({ event }) => {
    const v = voteOn(rt, event as ReactionEvent);
    if (!v) return;
    void background(rt, 'recording a reaction vote', async () => {
      const result = await rt.ctx.core.voteByReaction('slack', v.channel, v.ts, event.user, v.value);
      rt.log.debug({ channel: v.channel, ts: v.ts, value: v.value, counted: Boolean(result?.ok) }, 'Slack: reaction on an answer');
    });
  });
  app.event('reaction_removed', async ({ event }) => {
    const v = voteOn(rt, event as ReactionEvent);
    if (!v) return;
    void background(rt, 'withdrawing a reaction vote', async () => {
      const withdrawn = await rt.ctx.core.withdrawReactionVote('slack', v.channel, v.ts, event.user, v.value);
      rt.log.debug({ channel: v.channel, ts: v.ts, value: v.value, withdrawn }, 'Slack: reaction removed from an answer');
    });
  });
}

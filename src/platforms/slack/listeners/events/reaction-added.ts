import type { App } from '@slack/bolt';
import type { VoteValue } from '../../../../bot/store.js';
import { background, type SlackRuntime } from '../../runtime.js';

export const REACTIONS: Record<string, VoteValue> = { '+1': 'up', thumbsup: 'up', '-1': 'down', thumbsdown: 'down' };

/** 👍 / 👎 on one of the bot's answers count as a vote, like the buttons (skin tones included). */
export function registerReactionAdded(app: App, rt: SlackRuntime): void {
  app.event('reaction_added', async ({ event }) => {
    const value = REACTIONS[event.reaction.replace(/::skin-tone-\d$/, '')];
    if (!value || event.item.type !== 'message') return;
    if (event.item_user && event.item_user !== rt.bot.userId) return;
    const { channel, ts } = event.item;
    void background(rt, 'recording a reaction vote', async () => {
      const result = rt.ctx.core.voteByReaction('slack', channel, ts, event.user, value);
      rt.log.debug({ channel, ts, value, counted: Boolean(result?.ok) }, 'Slack: reaction on an answer');
    });
  });
}

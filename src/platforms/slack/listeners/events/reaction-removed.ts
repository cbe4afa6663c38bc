import type { App } from '@slack/bolt';
import { background, type SlackRuntime } from '../../runtime.js';
import { REACTIONS } from './reaction-added.js';

/** Taking a 👍 / 👎 off one of the bot's answers withdraws that vote. */
export function registerReactionRemoved(app: App, rt: SlackRuntime): void {
  app.event('reaction_removed', async ({ event }) => {
    const value = REACTIONS[event.reaction.replace(/::skin-tone-\d$/, '')];
    if (!value || event.item.type !== 'message') return;
    if (event.item_user && event.item_user !== rt.bot.userId) return;
    const { channel, ts } = event.item;
    void background(rt, 'withdrawing a reaction vote', async () => {
      const withdrawn = rt.ctx.core.withdrawReactionVote('slack', channel, ts, event.user, value);
      rt.log.debug({ channel, ts, value, withdrawn }, 'Slack: reaction removed from an answer');
    });
  });
}

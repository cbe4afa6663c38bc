import type { App } from '@slack/bolt';
import { background, type SlackRuntime } from '../../runtime.js';
import { solveAnswer } from '../actions/solved.js';

/** ✅ (and ☑️ / ✔️) mean "solved" when the asker or a helper puts one on one of the bot's answers. */
const SOLVED = new Set(['white_check_mark', 'heavy_check_mark', 'ballot_box_with_check']);

interface ReactionEvent {
  reaction: string;
  user: string;
  item: { type: string; channel?: string; ts?: string };
  item_user?: string;
}

export function registerSolvedReaction(app: App, rt: SlackRuntime): void {
  app.event('reaction_added', async ({ event }) => {
    const e = event as ReactionEvent;
    if (!SOLVED.has(e.reaction.replace(/::skin-tone-\d$/, '')) || e.item.type !== 'message' || !e.item.channel || !e.item.ts) return;
    if (e.item_user && e.item_user !== rt.bot.userId) return;
    const { channel, ts } = e.item as { channel: string; ts: string };
    void background(rt, 'marking a question solved by reaction', async () => {
      const answer = await rt.ctx.store.answerByReplyMessage('slack', channel, ts);
      if (!answer) return;
      await solveAnswer(rt, { answerId: answer.id, userId: e.user, channelId: channel, threadId: answer.threadId, via: 'reaction' });
      rt.log.debug({ answer: answer.id, user: e.user }, 'Slack: ✅ on an answer');
    });
  });
}

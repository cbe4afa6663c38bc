import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { VoteValue } from '../../../../bot/store.js';
import { SLACK_ACTIONS } from '../../../../render/slack.js';
import { timedAck } from '../../ack.js';
import { background, type SlackRuntime } from '../../runtime.js';

/** Where a button was pressed: the channel and the thread of the answer carrying it. */
export function actionPlace(body: BlockAction): { channelId: string | null; threadId: string | null } {
  const channelId = body.channel?.id ?? body.container?.channel_id ?? null;
  const message = body.message as { ts?: string; thread_ts?: string } | undefined;
  return { channelId, threadId: message?.thread_ts ?? message?.ts ?? null };
}

/** "Helpful" / "Not helpful" under an answer: a vote, confirmed to the voter only. */
export function registerFeedback(app: App, rt: SlackRuntime): void {
  const onVote = (value: VoteValue) =>
    (async ({ ack, body, action }) => {
      await timedAck(rt, 'action', ack);
      void background(rt, 'recording a vote', async () => {
        const result = rt.ctx.core.vote('slack', action.value ?? '', body.user.id, value);
        const { channelId, threadId } = actionPlace(body);
        if (channelId) await rt.sink.ephemeral(channelId, body.user.id, result.text, threadId);
      });
    }) satisfies Parameters<typeof app.action<BlockAction<ButtonAction>>>[1];
  app.action<BlockAction<ButtonAction>>(SLACK_ACTIONS.helpful, onVote('up'));
  app.action<BlockAction<ButtonAction>>(SLACK_ACTIONS.unhelpful, onVote('down'));
}

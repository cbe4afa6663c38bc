import type { App, BlockAction, ButtonAction, types } from '@slack/bolt';
import { FEEDBACK_REASONS, isFeedbackReason, type VoteValue } from '../../../../bot/store.js';
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
        const answerId = action.value ?? '';
        const result = await rt.ctx.core.vote('slack', answerId, body.user.id, value);
        const { channelId, threadId } = actionPlace(body);
        if (!channelId) return;
        const askWhy = value === 'down' && result.ok;
        await rt.sink.ephemeral(channelId, body.user.id, result.text, threadId, askWhy ? reasonBlocks(answerId, result.text) : undefined);
      });
    }) satisfies Parameters<typeof app.action<BlockAction<ButtonAction>>>[1];
  app.action<BlockAction<ButtonAction>>(SLACK_ACTIONS.helpful, onVote('up'));
  app.action<BlockAction<ButtonAction>>(SLACK_ACTIONS.unhelpful, onVote('down'));

  // The reason buttons offered after "Not helpful" (value: "<answerId>|<reason>").
  app.action<BlockAction<ButtonAction>>(new RegExp(`^${REASON_ACTION}:`), async ({ ack, body, action }) => {
    await timedAck(rt, 'action', ack);
    void background(rt, 'recording a reason', async () => {
      const [answerId = '', reason] = (action.value ?? '').split('|');
      if (!isFeedbackReason(reason)) return;
      const result = await rt.ctx.core.vote('slack', answerId, body.user.id, 'down', reason);
      const { channelId } = actionPlace(body);
      if (channelId) await rt.sink.ephemeral(channelId, body.user.id, result.text, null);
    });
  });
}

const REASON_ACTION = 'feedback_reason';

/** "Not helpful" is followed by a private question: why? One click records the reason with the vote. */
function reasonBlocks(answerId: string, text: string): types.KnownBlock[] {
  return [
    { type: 'section', text: { type: 'mrkdwn', text: `${text}\nWhat was wrong with it?` } },
    {
      type: 'actions',
      block_id: `reasons:${answerId}`.slice(0, 255),
      elements: Object.entries(FEEDBACK_REASONS).map(([key, label]) => ({
        type: 'button' as const,
        action_id: `${REASON_ACTION}:${key}`,
        text: { type: 'plain_text' as const, text: label },
        value: `${answerId}|${key}`,
      })),
    },
  ];
}

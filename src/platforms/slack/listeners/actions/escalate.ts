import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { SLACK_ACTIONS } from '../../../../render/slack.js';
import { timedAck } from '../../ack.js';
import { background, type SlackRuntime } from '../../runtime.js';
import { actionPlace } from './feedback.js';

/** "Still stuck: ask a human": one hand-off per answer, posted in its thread with what a person needs. */
export function registerEscalate(app: App, rt: SlackRuntime): void {
  app.action<BlockAction<ButtonAction>>(SLACK_ACTIONS.escalate, async ({ ack, body, action }) => {
    await timedAck(rt, 'action', ack);
    void background(rt, 'handing off to a human', async () => {
      const answerId = action.value ?? '';
      const { channelId, threadId } = actionPlace(body);
      const tell = (text: string) => (channelId ? rt.sink.ephemeral(channelId, body.user.id, text, threadId) : Promise.resolve());
      if (await rt.ctx.store.isClaimed(`slack:escalated:${answerId}`)) {
        await tell('A human has already been asked to look at this thread.');
        return;
      }
      const result = await rt.ctx.core.escalate('slack', answerId, body.user.id);
      if (result.action?.type === 'handoff') {
        if (!(await rt.ctx.store.claim(`slack:escalated:${answerId}`))) {
          await tell('A human has already been asked to look at this thread.');
          return;
        }
        await rt.sink.postHandoff(
          result.action.target,
          result.action.text.replace(`Asked by: ${body.user.id}`, `Asked by: <@${body.user.id}>`),
        );
      }
      await tell(result.text);
    });
  });
}

import type { App, BlockAction, StaticSelectAction } from '@slack/bolt';
import { timedAck } from '../../ack.js';
import { SHARE_SELECT_ACTION } from '../../article-picker.js';
import { isSlackTs } from '../../convert.js';
import { background, type SlackRuntime } from '../../runtime.js';
import { postSharedArticle } from '../../share.js';

/**
 * An article picked in the `/diagnose article` reply: posted where the command was run (in the thread,
 * when Slack says the command was run in one), attributed to the helper; the picker then says so.
 */
export function registerShareArticle(app: App, rt: SlackRuntime): void {
  app.action<BlockAction<StaticSelectAction>>(SHARE_SELECT_ACTION, async ({ ack, body, action, respond }) => {
    await timedAck(rt, 'action', ack);
    void background(rt, 'sharing an article', async () => {
      const container = body.container as { channel_id?: string; thread_ts?: string } | undefined;
      const channelId = body.channel?.id ?? container?.channel_id;
      if (!channelId) return;
      const thread = container?.thread_ts;
      const result = await postSharedArticle(rt, {
        community: body.team?.id,
        channelId,
        threadId: isSlackTs(thread) ? thread : '',
        sourceMessageId: body.trigger_id,
        userId: body.user.id,
        articleId: action.selected_option.value,
      });
      await respond({ response_type: 'ephemeral', replace_original: true, text: result.text }).catch((err: unknown) =>
        rt.log.warn({ err }, 'Slack: could not update the article picker'),
      );
    });
  });
}

import type { AckFn, App, ViewResponseAction } from '@slack/bolt';
import { timedAck } from '../../ack.js';
import { parseShareMetadata, SHARE_MODAL, SHARE_SEARCH_ACTION, SHARE_SEARCH_BLOCK } from '../../article-picker.js';
import { background, type SlackRuntime } from '../../runtime.js';
import { postSharedArticle } from '../../share.js';

/** "Answer with an article" submitted: the article goes into the message's thread, attributed to the helper. */
export function registerShareArticleModal(app: App, rt: SlackRuntime): void {
  app.view(SHARE_MODAL, async ({ ack, body, view }) => {
    const articleId = view.state.values[SHARE_SEARCH_BLOCK]?.[SHARE_SEARCH_ACTION]?.selected_option?.value ?? '';
    const meta = parseShareMetadata(view.private_metadata);
    if (!articleId || !meta) {
      await (ack as AckFn<ViewResponseAction>)({ response_action: 'errors', errors: { [SHARE_SEARCH_BLOCK]: 'Pick an article first.' } });
      return;
    }
    await timedAck(rt, 'view', ack as AckFn<void>);
    const userId = body.user.id;
    void background(rt, 'sharing an article (shortcut)', async () => {
      const result = await postSharedArticle(rt, {
        community: body.team?.id,
        channelId: meta.channel,
        threadId: meta.thread,
        sourceMessageId: meta.message,
        userId,
        articleId,
      });
      if (!result.ok) await rt.sink.ephemeral(meta.channel, userId, result.text, meta.thread);
    });
  });
}

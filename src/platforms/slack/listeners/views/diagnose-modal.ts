import type { AckFn, App, ViewResponseAction } from '@slack/bolt';
import { timedAck } from '../../ack.js';
import { DIAGNOSE_MODAL, PASTE_ACTION, PASTE_BLOCK, parseModalMetadata } from '../../modal.js';
import { background, handle, postQuestion, type SlackRuntime } from '../../runtime.js';

/** The paste box was submitted: the answer goes to the channel `/diagnose` was run in (private_metadata). */
export function registerDiagnoseModal(app: App, rt: SlackRuntime): void {
  app.view(DIAGNOSE_MODAL, async ({ ack, body, view }) => {
    const paste = view.state.values[PASTE_BLOCK]?.[PASTE_ACTION]?.value?.trim() ?? '';
    if (!paste) {
      await (ack as AckFn<ViewResponseAction>)({ response_action: 'errors', errors: { [PASTE_BLOCK]: 'Paste an error message first.' } });
      return;
    }
    await timedAck(rt, 'view', ack as AckFn<void>);
    const userId = body.user.id;
    const meta = parseModalMetadata(view.private_metadata);
    void background(rt, 'answering the paste box', async () => {
      // Without a channel (metadata lost), the answer goes to the user's DM with the bot.
      const question = await postQuestion(rt, meta?.channel ?? userId, userId, paste);
      if (!question) return;
      await handle(rt, {
        platform: 'slack',
        deliveryId: `view:${view.id}:${view.hash ?? ''}`,
        channelId: question.channelId,
        threadId: null,
        messageId: question.ts,
        userId,
        via: 'command',
        text: paste,
      });
    });
  });
}

import type { App, MessageShortcut } from '@slack/bolt';
import { timedAck } from '../../ack.js';
import { type SlackMessageLike, toIncoming } from '../../convert.js';
import { answerLost, background, handle, type SlackRuntime } from '../../runtime.js';

export const DIAGNOSE_MESSAGE_SHORTCUT = 'diagnose_message';

/** "Diagnose this message" on any message: answered in that message's thread, even for a bot's message. */
export function registerDiagnoseMessage(app: App, rt: SlackRuntime): void {
  app.shortcut<MessageShortcut>(DIAGNOSE_MESSAGE_SHORTCUT, async ({ ack, shortcut, respond }) => {
    await timedAck(rt, 'shortcut', ack);
    void background(rt, 'diagnosing a message (shortcut)', async () => {
      const m = shortcut.message as unknown as SlackMessageLike;
      const msg = toIncoming(m, {
        channelId: shortcut.channel.id,
        deliveryId: shortcut.trigger_id,
        via: 'shortcut',
        botUserId: rt.bot.userId,
        userId: shortcut.user.id,
        community: shortcut.team?.id,
      });
      const files = await rt.files.read(m.files);
      if (files.length > 0) msg.files = files;
      const { decision, result } = await handle(rt, msg);
      const problem = answerLost(decision, result)
        ? 'I could not post in this channel. Invite me with `/invite @diagnose-bot` and try again.'
        : decision.outcome === 'already-handled'
          ? 'I have already answered this message: see its thread.'
          : null;
      if (problem) await respond({ response_type: 'ephemeral', text: problem }).catch(() => undefined);
    });
  });
}

import type { App } from '@slack/bolt';
import { mentionsBot, type SlackMessageLike, toIncoming } from '../../convert.js';
import { background, handle, type SlackRuntime } from '../../runtime.js';

/** Message subtypes that are a person posting something new; edits, joins, deletions and the like are not. */
const NEW_MESSAGE_SUBTYPES = new Set([undefined, 'file_share', 'thread_broadcast']);

/**
 * Every message in channels the bot is in. The core decides: auto-reply and shadow channels, follow-ups
 * in threads the bot answered, silence elsewhere. A message that mentions the bot is left to the
 * `app_mention` listener (Slack delivers it twice), and a direct message to the bot counts as a request.
 */
export function registerMessage(app: App, rt: SlackRuntime): void {
  app.event('message', async ({ event, body, context }) => {
    const m = event as unknown as SlackMessageLike & { hidden?: boolean };
    if (!NEW_MESSAGE_SUBTYPES.has(m.subtype) || m.hidden) return;
    const isDm = m.channel_type === 'im';
    if (!isDm && mentionsBot(m.text, rt.bot.userId)) return;
    void background(rt, 'handling a message', async () => {
      if (context.retryNum)
        rt.log.info({ event: body.event_id, retry: context.retryNum, reason: context.retryReason }, 'Slack: event retry');
      const msg = toIncoming(m, {
        channelId: m.channel ?? '',
        deliveryId: body.event_id,
        via: isDm ? 'mention' : 'message',
        botUserId: rt.bot.userId,
      });
      // Download attachments only where the core may answer: not for every upload in every channel.
      const { core, store } = rt.ctx;
      const mayAnswer =
        isDm ||
        core.channelMode('slack', msg.channelId) !== 'off' ||
        (msg.threadId !== null && store.answeredThread('slack', msg.channelId, msg.threadId));
      if (mayAnswer && !msg.isBot) {
        const files = await rt.files.read(m.files);
        if (files.length > 0) msg.files = files;
      }
      await handle(rt, msg);
    });
  });
}

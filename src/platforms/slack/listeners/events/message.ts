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
    let m = event as unknown as SlackMessageLike & { hidden?: boolean };
    // An edit that turns a message into an error paste ("getting an error" → the traceback added) is
    // looked at again; the core answers a message at most once, so an answered one stays answered.
    let edited = false;
    if (m.subtype === 'message_changed') {
      const e = event as unknown as {
        channel?: string;
        channel_type?: string;
        message?: SlackMessageLike;
        previous_message?: { text?: string };
      };
      // Only a person's edit of a real message: bots edit too (the bot itself, when a summary arrives).
      const changed = e.message;
      if (!changed?.ts || !changed.user || changed.bot_id || changed.subtype || changed.text === e.previous_message?.text) return;
      m = { ...changed, channel: e.channel, channel_type: e.channel_type } as SlackMessageLike & { hidden?: boolean };
      edited = true;
    } else if (!NEW_MESSAGE_SUBTYPES.has(m.subtype) || m.hidden) return;
    const isDm = m.channel_type === 'im';
    // Slack sends app_mention for a new mention, not for an edit that adds one.
    const mentioned = mentionsBot(m.text, rt.bot.userId);
    if (!isDm && mentioned && !edited) return;
    void background(rt, 'handling a message', async () => {
      if (context.retryNum)
        rt.log.info({ event: body.event_id, retry: context.retryNum, reason: context.retryReason }, 'Slack: event retry');
      const msg = toIncoming(m, {
        channelId: m.channel ?? '',
        deliveryId: body.event_id,
        community: body.team_id,
        via: isDm || (edited && mentioned) ? 'mention' : 'message',
        botUserId: rt.bot.userId,
      });
      // Download attachments only where the core may answer: not for every upload in every channel.
      const { core, store } = rt.ctx;
      const mayAnswer =
        isDm ||
        (await core.channelMode('slack', msg.channelId)) !== 'off' ||
        (msg.threadId !== null && (await store.answeredThread('slack', msg.channelId, msg.threadId)));
      if (mayAnswer && !msg.isBot) {
        const files = await rt.files.read(m.files);
        if (files.length > 0) msg.files = files;
      }
      await handle(rt, msg);
    });
  });
}

import type { App } from '@slack/bolt';
import { type SlackMessageLike, slackText, toIncoming } from '../../convert.js';
import { background, handle, type SlackRuntime } from '../../runtime.js';
import { withWorkingSign } from '../../working.js';

/** A message shorter than this after the mention is a request about the thread, not a paste. */
const BARE_MENTION = 40;

/**
 * `@diagnose-bot <paste>` anywhere the bot is: answered in the message's thread, leniently (an explicit
 * request). A bare mention inside a thread ("@diagnose-bot what is this?") diagnoses the thread's first message.
 */
export function registerAppMention(app: App, rt: SlackRuntime): void {
  app.event('app_mention', async ({ event, body, context }) => {
    void background(rt, 'handling a mention', async () => {
      const m = event as unknown as SlackMessageLike;
      if (context.retryNum)
        rt.log.info({ event: body.event_id, retry: context.retryNum, reason: context.retryReason }, 'Slack: event retry');
      const msg = toIncoming(m, {
        channelId: m.channel ?? '',
        deliveryId: body.event_id,
        via: 'mention',
        botUserId: rt.bot.userId,
        community: body.team_id,
      });
      const files = await rt.files.read(m.files);
      if (files.length > 0) msg.files = files;
      if (msg.threadId && files.length === 0 && msg.text.length < BARE_MENTION) {
        const parent = await threadParent(rt, msg.channelId, msg.threadId);
        if (parent) {
          msg.text = `${slackText(parent.text ?? '', rt.bot.userId)}\n${msg.text}`.trim();
          const parentFiles = await rt.files.read(parent.files);
          if (parentFiles.length > 0) msg.files = parentFiles;
        }
      }
      // 👀 on the mention until the answer is posted.
      await withWorkingSign(rt, msg.channelId, msg.messageId, () => handle(rt, msg));
    });
  });
}

async function threadParent(rt: SlackRuntime, channel: string, ts: string): Promise<SlackMessageLike | null> {
  try {
    const res = await rt.api.call('conversations.replies', (c) => c.conversations.replies({ channel, ts, limit: 1, inclusive: true }));
    const first = res.messages?.[0] as SlackMessageLike | undefined;
    return first && first.ts === ts ? first : null;
  } catch (err) {
    rt.api.logFailure(err, 'reading the thread a mention is in', { channel });
    return null;
  }
}

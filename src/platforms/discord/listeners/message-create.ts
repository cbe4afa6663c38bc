import { Events, type Message } from 'discord.js';
import { dispatch } from '../../../bot/dispatch.js';
import { isUserMessage, mentionsBot, placementOf, readMessageFiles, toIncoming } from '../convert.js';
import { MessageSink } from '../sink.js';
import { type DiscordContext, listener } from '../types.js';

/**
 * Every message the bot can see, new or edited: pastes in auto-reply and shadow channels, mentions
 * anywhere, DMs, follow-ups in the bot's threads and new forum posts. The core decides; this only translates.
 */
export async function handleUserMessage(dc: DiscordContext, message: Message, opts: { deliveryId?: string } = {}): Promise<void> {
  const botId = dc.client.user?.id;
  if (!botId || message.author.id === botId) return;
  if (!isUserMessage(message)) return;
  const where = placementOf(message.channel, message.channelId);
  const mentioned = mentionsBot(message, botId);

  if (
    message.inGuild() &&
    !message.author.bot &&
    message.content === '' &&
    message.attachments.size === 0 &&
    message.embeds.length === 0 &&
    message.stickers.size === 0 &&
    !mentioned
  ) {
    dc.contentWarner.note(message.channelId);
    return;
  }

  const { core } = dc.app;
  const via = mentioned || where.dm ? 'mention' : 'message';
  // Only download attachments (or the message replied to) when the message could get an answer.
  const mayAnswer =
    !message.author.bot && (via === 'mention' || where.threadId !== null || (await core.channelMode('discord', where.channelId)) !== 'off');
  let files: Array<{ name: string; text: string }> = [];
  let prefixText: string | undefined;
  if (mayAnswer && message.attachments.size > 0) files = (await readMessageFiles(dc, message.attachments.values())).files;
  if (mayAnswer && mentioned && message.reference?.messageId) {
    // "@bot" in reply to someone's error: diagnose the message replied to, too.
    const ref = await message.fetchReference().catch(() => null);
    if (ref && ref.author.id !== botId) {
      prefixText = ref.content;
      if (ref.attachments.size > 0) files.push(...(await readMessageFiles(dc, ref.attachments.values())).files);
    }
  }

  const incoming = toIncoming(message, botId, { via, files, prefixText, deliveryId: opts.deliveryId });
  const decision = await core.handleMessage(incoming);
  dc.logger.debug({ outcome: decision.outcome, channelId: incoming.channelId, threadId: incoming.threadId, via }, 'discord message');
  if (decision.actions.length === 0) return;
  if (via === 'mention' && message.channel.isSendable()) message.channel.sendTyping().catch(() => undefined);
  const result = await dispatch(decision, new MessageSink(dc, message), {
    core,
    logger: dc.logger,
    enricher: dc.app.enricher,
    userId: incoming.userId,
    explicit: via !== 'message',
  });
  if (result.failures > 0) dc.logger.warn({ outcome: decision.outcome, failures: result.failures }, 'some replies could not be posted');
}

/** A new message. */
export const messageCreate = listener({
  name: 'message-create',
  event: Events.MessageCreate,
  tracked: true,
  async run(dc: DiscordContext, message: Message) {
    await handleUserMessage(dc, message);
  },
});

import { Events, type Message, type PartialMessage } from 'discord.js';
import { type DiscordContext, listener } from '../types.js';
import { handleUserMessage } from './message-create.js';

/**
 * An edit that turns a message into an error paste ("getting an error" → the trace added) is looked at
 * again. The core answers a message at most once, so an answered message stays answered. Messages
 * sent before the bot started are not in its cache: with `Partials.Message` discord.js still emits
 * the edit, with a partial `before` (no content) and, when Discord sent only part of the message, a
 * partial `after` that is fetched here.
 */
export const messageUpdate = listener({
  name: 'message-update',
  event: Events.MessageUpdate,
  tracked: true,
  async run(dc: DiscordContext, before: Message | PartialMessage, after: Message | PartialMessage) {
    const message = after.partial ? await after.fetch().catch(() => null) : after;
    if (!message || message.content === before.content || !message.editedTimestamp) return;
    await handleUserMessage(dc, message, { deliveryId: `${message.id}:edit:${message.editedTimestamp}` });
  },
});

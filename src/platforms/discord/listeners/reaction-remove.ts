import { Events, type MessageReaction, type PartialMessageReaction, type PartialUser, type User } from 'discord.js';
import { reactionVote } from '../reactions.js';
import { type DiscordContext, listener } from '../types.js';

/** Taking a 👍 / 👎 off the bot's answer withdraws that vote. */
export const reactionRemove = listener({
  name: 'reaction-remove',
  event: Events.MessageReactionRemove,
  tracked: true,
  async run(dc: DiscordContext, reaction: MessageReaction | PartialMessageReaction, user: User | PartialUser) {
    const v = reactionVote(dc, reaction, user);
    if (!v) return;
    const withdrawn = await dc.app.core.withdrawReactionVote('discord', v.channelId, v.messageId, v.userId, v.value);
    dc.logger.debug({ ...v, withdrawn }, 'discord: reaction removed from an answer');
  },
});

import { Events, type MessageReaction, type PartialMessageReaction, type PartialUser, type User } from 'discord.js';
import { reactionVote } from '../reactions.js';
import { type DiscordContext, listener } from '../types.js';

/** 👍 / 👎 on one of the bot's answers counts as a vote, like the buttons (and like Slack's reactions). */
export const reactionAdd = listener({
  name: 'reaction-add',
  event: Events.MessageReactionAdd,
  tracked: true,
  async run(dc: DiscordContext, reaction: MessageReaction | PartialMessageReaction, user: User | PartialUser) {
    const v = reactionVote(dc, reaction, user);
    if (!v) return;
    const result = await dc.app.core.voteByReaction('discord', v.channelId, v.messageId, v.userId, v.value);
    dc.logger.debug({ ...v, counted: Boolean(result?.ok) }, 'discord: reaction on an answer');
  },
});

import { Events, type MessageReaction, type PartialMessageReaction, type PartialUser, type User } from 'discord.js';
import { placementOf } from '../convert.js';
import { memberHelperCheck } from '../helpers.js';
import { solveOnDiscord } from '../solved.js';
import { type DiscordContext, listener } from '../types.js';

/** ✅ (and ☑️ / ✔️) mean "solved" when the asker or a helper puts one on one of the bot's answers. */
const SOLVED = new Set(['✅', '☑️', '✔️']);

export const solvedReaction = listener({
  name: 'solved-reaction',
  event: Events.MessageReactionAdd,
  tracked: true,
  async run(dc: DiscordContext, r: MessageReaction | PartialMessageReaction, u: User | PartialUser) {
    if (!SOLVED.has(r.emoji.name ?? '') || u.id === dc.client.user?.id) return;
    const reaction = r.partial ? await r.fetch() : r;
    const message = reaction.message.partial ? await reaction.message.fetch() : reaction.message;
    if (message.author.id !== dc.client.user?.id) return;
    const { channelId } = placementOf(message.channel, message.channelId);
    const answer = await dc.app.store.answerByReplyMessage('discord', channelId, message.id);
    if (!answer) return;
    const user = u.partial ? await u.fetch() : u;
    const r2 = await solveOnDiscord(dc, {
      answerId: answer.id,
      userId: user.id,
      via: 'reaction',
      channel: message.channel,
      check: memberHelperCheck(dc, message.guildId, message.channelId, user),
    });
    dc.logger.debug({ answer: answer.id, ok: r2.ok, first: r2.ok && r2.first }, 'Discord: ✅ on an answer');
    if (r2.ok && r2.first && message.channel.isSendable())
      await message.channel.send({ content: `✅ Marked solved by <@${user.id}>.`, allowedMentions: { parse: [] } });
  },
});

import type { MessageReaction, PartialMessageReaction, PartialUser, User } from 'discord.js';
import type { VoteValue } from '../../bot/store.js';
import { placementOf } from './convert.js';
import type { DiscordContext } from './types.js';

/** Skin-tone modifiers (U+1F3FB–U+1F3FF) and the emoji variation selector: 👍🏽 counts as 👍. */
const MODIFIERS = /[\u{1F3FB}-\u{1F3FF}\u{FE0F}]/gu;
const VOTES: Record<string, VoteValue> = { '👍': 'up', '👎': 'down' };

export interface ReactionVote {
  value: VoteValue;
  /** The channel the core knows the answer by (a thread's parent), and the answer's message id. */
  channelId: string;
  messageId: string;
  userId: string;
}

/**
 * A 👍/👎 by a person that may be on one of the bot's answers, or null. Reactions on messages sent before
 * the bot started arrive as partials (`Partials.Reaction`, `Partials.Message`, `Partials.User`) with no
 * author: they are not fetched (one REST call per reaction in a busy server would hit rate limits); the
 * store knows the bot's answers by message id, and a message that is not one of them counts nothing.
 */
export function reactionVote(
  dc: DiscordContext,
  reaction: MessageReaction | PartialMessageReaction,
  user: User | PartialUser,
): ReactionVote | null {
  const value = VOTES[(reaction.emoji.name ?? '').replace(MODIFIERS, '')];
  const botId = dc.client.user?.id;
  if (!value || !botId || user.id === botId || user.bot) return null;
  const message = reaction.message;
  if (message.author && message.author.id !== botId) return null;
  const where = placementOf(message.channel, message.channelId);
  return { value, channelId: where.channelId, messageId: message.id, userId: user.id };
}

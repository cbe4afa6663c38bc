import { type ChatInputCommandInteraction, MessageFlags } from 'discord.js';
import { ack } from '../ack.js';
import { placementOf } from '../convert.js';
import { manageChannels } from '../preconditions/manage-channels.js';
import type { DiscordContext } from '../types.js';

/**
 * `/diagnose text:channel questions on|off` (Manage Channels): answer questions in words unprompted in
 * this channel. In a thread or forum post it sets the parent channel. Saved before it is confirmed.
 */
export async function setChannelQuestions(dc: DiscordContext, i: ChatInputCommandInteraction, on: boolean | null): Promise<void> {
  const reply = (content: string) => ack(dc, i, 'command', () => i.reply({ content, flags: MessageFlags.Ephemeral }));
  if (on === null) return void (await reply('Usage: `/diagnose text:channel questions on` (or `off`).'));
  if (!i.inGuild()) return void (await reply('Channel settings only apply in a server channel.'));
  const allowed = manageChannels.run(dc, i);
  if (!allowed.ok) return void (await reply(allowed.message ?? 'You cannot change this setting here.'));
  const { channelId } = placementOf(i.channel, i.channelId);
  const r = await dc.app.core.setChannelQuestions('discord', channelId, on, i.user.id, true, i.guildId ?? undefined);
  dc.logger.info({ channelId, questions: on, by: i.user.id }, 'Discord channel questions changed');
  await reply(r.text.replace(/\*(\w+)\*/, '**$1**').replace(/\(`\/diagnose channel auto`\)/, '(`/diagnose-channel mode:auto`)'));
}

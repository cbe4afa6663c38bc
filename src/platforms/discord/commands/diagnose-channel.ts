import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
} from 'discord.js';
import type { ChannelMode } from '../../../bot/store.js';
import { ack } from '../ack.js';
import { placementOf } from '../convert.js';
import { guildOnly } from '../preconditions/guild-only.js';
import { manageChannels } from '../preconditions/manage-channels.js';
import type { Command } from '../types.js';

/** `/diagnose-channel mode:auto|shadow|off` (Manage Channels). In a thread or forum post it sets the parent channel. */
export const diagnoseChannelCommand: Command = {
  data: {
    type: ApplicationCommandType.ChatInput,
    name: 'diagnose-channel',
    description: 'Choose how the bot behaves in this channel',
    default_member_permissions: String(PermissionFlagsBits.ManageChannels),
    contexts: [InteractionContextType.Guild],
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'mode',
        description: 'auto: answer pastes on its own; shadow: only record; off: only when asked',
        required: true,
        choices: [
          { name: 'auto: answer error pastes here on my own', value: 'auto' },
          { name: 'shadow: record what I would answer, post nothing', value: 'shadow' },
          { name: 'off: only when mentioned or asked with /diagnose', value: 'off' },
        ],
      },
    ],
  },
  preconditions: [guildOnly, manageChannels],
  async run(dc, i) {
    if (!i.isChatInputCommand()) return;
    const mode = i.options.getString('mode', true) as ChannelMode;
    if (!['auto', 'shadow', 'off'].includes(mode)) {
      await ack(dc, i, 'command', () => i.reply({ content: 'Mode must be auto, shadow or off.', flags: MessageFlags.Ephemeral }));
      return;
    }
    const { channelId } = placementOf(i.channel, i.channelId);
    const r = await dc.app.core.setChannelMode('discord', channelId, mode, i.user.id, true, i.guildId ?? undefined);
    dc.logger.info({ channelId, mode, by: i.user.id }, 'Discord channel mode changed');
    await ack(dc, i, 'command', () => i.reply({ content: r.text.replace(/\*(\w+)\*/, '**$1**'), flags: MessageFlags.Ephemeral }));
  },
};

import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
} from 'discord.js';
import { ack } from '../ack.js';
import { guildOnly } from '../preconditions/guild-only.js';
import type { Command, Precondition } from '../types.js';

/** Who counts as a helper is a server-wide choice: Manage Server. */
const manageGuild: Precondition = {
  name: 'manage-guild',
  run(_dc, i) {
    if (i.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) return { ok: true };
    return { ok: false, message: 'Only people with the Manage Server permission can choose who counts as a helper.' };
  },
};

/**
 * `/diagnose-settings helpers role:@Role` | `/diagnose-settings helpers off:true` (Manage Server): members
 * with that role can correct the bot's answers and mark any question solved (besides members who can
 * manage threads or messages). Saved before it is confirmed.
 */
export const diagnoseSettingsCommand: Command = {
  data: {
    type: ApplicationCommandType.ChatInput,
    name: 'diagnose-settings',
    description: 'Server-wide settings of the bot',
    default_member_permissions: String(PermissionFlagsBits.ManageGuild),
    contexts: [InteractionContextType.Guild],
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'helpers',
        description: 'Which role counts as helpers (they correct answers and mark questions solved)',
        options: [
          { type: ApplicationCommandOptionType.Role, name: 'role', description: 'The support role', required: false },
          { type: ApplicationCommandOptionType.Boolean, name: 'off', description: 'No helper role', required: false },
        ],
      },
    ],
  },
  preconditions: [guildOnly, manageGuild],
  async run(dc, i) {
    if (!i.isChatInputCommand() || !i.guildId) return;
    const reply = (content: string) =>
      ack(dc, i, 'command', () => i.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } }));
    const role = i.options.getRole('role');
    const off = i.options.getBoolean('off') === true;
    if (!role && !off)
      return void (await reply('Usage: `/diagnose-settings helpers role:@Support` or `/diagnose-settings helpers off:true`.'));
    await dc.app.helperActions.helpers.setSupportGroup('discord', i.guildId, off ? null : (role?.id ?? null), i.user.id);
    dc.logger.info({ guild: i.guildId, role: off ? null : role?.id, by: i.user.id }, 'Discord helpers role changed');
    await reply(
      off
        ? 'No helper role any more: members who can manage threads or messages can still correct my answers; askers can mark their own questions solved.'
        : `Helpers here are now the members of <@&${role?.id}>, plus members who can manage threads or messages. They can correct my answers ("Wrong article?") and mark any question solved.`,
    );
  },
};

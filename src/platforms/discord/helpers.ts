import { type GuildMember, type Interaction, PermissionFlagsBits, type PermissionsBitField, type User } from 'discord.js';
import type { HelperCheck } from '../../bot/helper-role.js';
import type { DiscordContext } from './types.js';

/**
 * Who is a helper on Discord: members with the server's support role (stored with `/diagnose-settings
 * helpers`, else DISCORD_SUPPORT_ROLE) and members who can already manage threads or messages.
 */
function verdict(roles: readonly string[], permissions: Readonly<PermissionsBitField> | null, group: string | null): boolean {
  if (group && roles.includes(group)) return true;
  return Boolean(permissions?.any([PermissionFlagsBits.ManageThreads, PermissionFlagsBits.ManageMessages]));
}

/** From an interaction: the member's roles and permissions in the channel come with it (no API call). */
export function interactionHelperCheck(i: Interaction): HelperCheck {
  return async (group) => {
    const member = i.member;
    const roles = !member ? [] : Array.isArray(member.roles) ? member.roles : [...(member as GuildMember).roles.cache.keys()];
    return verdict(roles, i.memberPermissions, group);
  };
}

/** From a reaction (no interaction): the member is fetched (cached by discord.js), permissions computed in the channel. */
export function memberHelperCheck(dc: DiscordContext, guildId: string | null, channelId: string, user: User): HelperCheck {
  return async (group) => {
    if (!guildId) return false;
    const guild = dc.client.guilds.cache.get(guildId) ?? (await dc.client.guilds.fetch(guildId));
    const member = await guild.members.fetch(user.id);
    const channel = guild.channels.cache.get(channelId) ?? (await guild.channels.fetch(channelId).catch(() => null));
    return verdict([...member.roles.cache.keys()], channel ? member.permissionsIn(channel) : member.permissions, group);
  };
}

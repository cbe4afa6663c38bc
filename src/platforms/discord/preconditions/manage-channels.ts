import { PermissionFlagsBits } from 'discord.js';
import type { Precondition } from '../types.js';

/**
 * Changing how the bot behaves in a channel needs Manage Channels there. Discord also hides the
 * command from others (default_member_permissions), but server admins can override that, so the
 * bot checks the permissions the interaction carries itself.
 */
export const manageChannels: Precondition = {
  name: 'manage-channels',
  run(_dc, i) {
    if (i.memberPermissions?.has(PermissionFlagsBits.ManageChannels)) return { ok: true };
    return { ok: false, message: 'Only people with the Manage Channels permission can change how I behave in this channel.' };
  },
};

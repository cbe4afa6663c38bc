import type { Precondition } from '../types.js';

export const guildOnly: Precondition = {
  name: 'guild-only',
  run(_dc, i) {
    return i.inGuild() ? { ok: true } : { ok: false, message: 'This command only works in a server channel, not in DMs.' };
  },
};

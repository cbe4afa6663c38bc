import { type Client, Events } from 'discord.js';
import { MESSAGE_CONTENT_HELP } from '../content-warning.js';
import { type DiscordContext, listener } from '../types.js';

export const ready = listener({
  name: 'ready',
  event: Events.ClientReady,
  once: true,
  run(dc: DiscordContext, client: Client<true>) {
    dc.setStatus('connected');
    const auto = dc.app.config.AUTO_REPLY_CHANNELS.filter((id) => client.channels.cache.has(id));
    dc.logger.info(
      { user: client.user.tag, guilds: client.guilds.cache.size, shards: client.shard?.ids ?? [0], autoReplyChannels: auto },
      `Discord connected as ${client.user.tag} in ${client.guilds.cache.size} server(s)`,
    );
    if (dc.withoutMessageContent)
      dc.logger.warn(
        `Discord: running without the Message Content intent; auto-reply channels cannot read pastes. ${MESSAGE_CONTENT_HELP}`,
      );
  },
});

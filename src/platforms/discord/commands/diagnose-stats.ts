import { ApplicationCommandType, MessageFlags } from 'discord.js';
import { statsMarkdown } from '../../../bot/commands.js';
import { DISCORD_LIMITS } from '../../../render/discord.js';
import { trimWithPointer } from '../../../render/text.js';
import { ack } from '../ack.js';
import { cooldown } from '../preconditions/cooldown.js';
import type { Command } from '../types.js';

/** `/diagnose-stats`: which answers helped, and the errors the bot could not place (only the caller sees it). */
export const diagnoseStatsCommand: Command = {
  data: {
    type: ApplicationCommandType.ChatInput,
    name: 'diagnose-stats',
    description: 'Which answers helped, and the errors the bot could not place',
  },
  preconditions: [cooldown(5)],
  async run(dc, i) {
    const text = await statsMarkdown(dc.app.store, dc.app.knowledge.current, 8, i.guildId ? { community: i.guildId } : {});
    await ack(dc, i, 'command', () =>
      i.reply({
        embeds: [
          { title: 'diagnose-bot statistics', description: trimWithPointer(text, DISCORD_LIMITS.description, '…'), color: 0x1565c0 },
        ],
        flags: MessageFlags.Ephemeral,
      }),
    );
  },
};

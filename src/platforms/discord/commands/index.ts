import type { RESTPostAPIApplicationCommandsJSONBody } from 'discord.js';
import type { Command } from '../types.js';
import { answerWithArticleCommand } from './answer-with-article.js';
import { diagnoseCommand } from './diagnose.js';
import { diagnoseArticleCommand } from './diagnose-article.js';
import { diagnoseChannelCommand } from './diagnose-channel.js';
import { diagnoseMessageCommand } from './diagnose-message.js';
import { diagnoseSettingsCommand } from './diagnose-settings.js';
import { diagnoseStatsCommand } from './diagnose-stats.js';

/** Every application command, by name. */
export const commands = new Map<string, Command>(
  [
    diagnoseCommand,
    diagnoseStatsCommand,
    diagnoseChannelCommand,
    diagnoseMessageCommand,
    diagnoseArticleCommand,
    answerWithArticleCommand,
    diagnoseSettingsCommand,
  ].map((c) => [c.data.name, c]),
);

/** What `npm run register-commands` sends to Discord. */
export function commandPayloads(): RESTPostAPIApplicationCommandsJSONBody[] {
  return [...commands.values()].map((c) => c.data);
}

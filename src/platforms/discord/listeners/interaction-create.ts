import { Events, type Interaction, MessageFlags, type RepliableInteraction } from 'discord.js';
import { markReceived } from '../ack.js';
import { commands } from '../commands/index.js';
import { interactionHandlers } from '../interaction-handlers/index.js';
import { type DiscordContext, listener } from '../types.js';

/**
 * Slash commands, the message context-menu command and button clicks. Each piece acknowledges within
 * Discord's 3-second window (reply, or deferReply before slow work); on failure the user still gets a
 * message instead of "The application did not respond".
 */
export const interactionCreate = listener({
  name: 'interaction-create',
  event: Events.InteractionCreate,
  tracked: true,
  async run(dc: DiscordContext, interaction: Interaction) {
    markReceived(interaction);
    try {
      if (interaction.isChatInputCommand() || interaction.isMessageContextMenuCommand()) {
        const command = commands.get(interaction.commandName);
        if (!command) {
          await interaction.reply({
            content: `I don't know the command "${interaction.commandName}" any more; an admin should run \`npm run register-commands\`.`,
            flags: MessageFlags.Ephemeral,
          });
          return;
        }
        for (const pre of command.preconditions ?? []) {
          const r = pre.run(dc, interaction);
          if (!r.ok) {
            await interaction.reply({ content: r.message, flags: MessageFlags.Ephemeral });
            dc.logger.info({ command: interaction.commandName, precondition: pre.name }, 'command refused by a precondition');
            return;
          }
        }
        await command.run(dc, interaction);
      } else if (interaction.isButton() || interaction.isStringSelectMenu() || interaction.isModalSubmit()) {
        for (const handler of interactionHandlers) {
          const parsed = handler.parse(interaction);
          if (parsed === null) continue;
          await handler.run(dc, interaction, parsed);
          return;
        }
        await interaction.reply({ content: 'This button is no longer in use.', flags: MessageFlags.Ephemeral });
      }
    } catch (err) {
      dc.reportError(err, 'interaction', {
        kind: interaction.type,
        command: interaction.isCommand() ? interaction.commandName : undefined,
      });
      if (interaction.isRepliable()) await apologise(interaction).catch((e) => dc.reportError(e, 'interaction-apology'));
    }
  },
});

async function apologise(i: RepliableInteraction): Promise<void> {
  const content = 'Sorry, something went wrong while handling that. The error was logged; please try again in a moment.';
  if (i.deferred && !i.replied) await i.editReply({ content, embeds: [], components: [] });
  else if (i.replied || i.deferred) await i.followUp({ content, flags: MessageFlags.Ephemeral });
  else await i.reply({ content, flags: MessageFlags.Ephemeral });
}

import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  type Attachment,
  type ChatInputCommandInteraction,
  MessageFlags,
} from 'discord.js';
import { parseCommand } from '../../../bot/commands.js';
import type { IncomingMessage } from '../../../bot/core.js';
import { dispatch } from '../../../bot/dispatch.js';
import { ack } from '../ack.js';
import { AttachmentError, isTextAttachment, placementOf, readTextAttachment } from '../convert.js';
import { InteractionSink } from '../sink.js';
import type { Command, DiscordContext } from '../types.js';
import { finishDeferred } from './finish.js';
import { setChannelQuestions } from './questions-setting.js';

export const USAGE =
  'Give me something to diagnose: `/diagnose text:` with the error pasted in, or `/diagnose file:` with a log or text file (.txt, .log, .json). Add `private:True` to see the answer alone.';

/** `/diagnose text:<paste>` or `/diagnose file:<log>`: deferred at once, then the answer replaces the "thinking…" reply. */
export const diagnoseCommand: Command = {
  data: {
    type: ApplicationCommandType.ChatInput,
    name: 'diagnose',
    description: 'Explain an Anthropic (Claude) API error: paste it or attach a log file',
    options: [
      { type: ApplicationCommandOptionType.String, name: 'text', description: 'The error message or log excerpt', max_length: 6000 },
      { type: ApplicationCommandOptionType.Attachment, name: 'file', description: 'A log or text file (.txt, .log, .json)' },
      { type: ApplicationCommandOptionType.Boolean, name: 'private', description: 'Only you see the answer' },
    ],
  },
  async run(dc, i) {
    if (!i.isChatInputCommand()) return;
    const text = i.options.getString('text') ?? '';
    const file = i.options.getAttachment('file');
    const privately = i.options.getBoolean('private') ?? false;
    if (!text.trim() && !file) {
      await ack(dc, i, 'command', () => i.reply({ content: USAGE, flags: MessageFlags.Ephemeral }));
      return;
    }
    const request = parseCommand(text);
    if (!file && request.kind === 'channel-questions') {
      await setChannelQuestions(dc, i, request.on);
      return;
    }
    if (file && !isTextAttachment(file)) {
      await ack(dc, i, 'command', () =>
        i.reply({
          content: `I can only read text files and logs; \`${file.name}\` is ${file.contentType ?? 'of an unknown type'}. Paste the error as text or attach a .txt/.log file.`,
          flags: MessageFlags.Ephemeral,
        }),
      );
      return;
    }
    await ack(dc, i, 'command', () => i.deferReply(privately ? { flags: MessageFlags.Ephemeral } : {}));

    const files = file ? await readFileOrSay(dc, i, file) : [];
    if (!files) return;
    const where = placementOf(i.channel, i.channelId);
    const incoming: IncomingMessage = {
      platform: 'discord',
      deliveryId: i.id,
      channelId: where.channelId,
      threadId: where.threadId,
      messageId: i.id,
      userId: i.user.id,
      via: 'command',
      text,
      files: files.length > 0 ? files : undefined,
    };
    const decision = await dc.app.core.handleMessage(incoming);
    const sink = new InteractionSink(dc, i);
    const result = await dispatch(decision, sink, {
      core: dc.app.core,
      logger: dc.logger,
      enricher: dc.app.enricher,
      userId: i.user.id,
      explicit: true,
    });
    await finishDeferred(i, sink, decision, result);
  },
};

/** The attachment's text, or null after telling the user (in the deferred reply) why it could not be read. */
async function readFileOrSay(
  dc: DiscordContext,
  i: ChatInputCommandInteraction,
  file: Attachment,
): Promise<Array<{ name: string; text: string }> | null> {
  try {
    const f = await readTextAttachment(file, { maxBytes: dc.app.config.MAX_PASTE_BYTES, allowedHosts: dc.options.attachmentHosts });
    return [{ name: f.name, text: f.text }];
  } catch (err) {
    if (!(err instanceof AttachmentError)) dc.reportError(err, 'attachment-download', { file: file.name });
    await i.editReply({
      content:
        err instanceof AttachmentError
          ? `I could not read the file: ${err.message}.`
          : `I could not download \`${file.name}\`; please try again or paste the error as text.`,
    });
    return null;
  }
}

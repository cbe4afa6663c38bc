import { ApplicationCommandType, MessageFlags } from 'discord.js';
import { dispatch } from '../../../bot/dispatch.js';
import { ack } from '../ack.js';
import { readMessageFiles, toIncoming } from '../convert.js';
import { answerPayload, InteractionSink, MessageSink } from '../sink.js';
import type { Command } from '../types.js';
import { finishDeferred } from './finish.js';

export const DIAGNOSE_MESSAGE = 'Diagnose this message';

/**
 * Right-click a message → Apps → "Diagnose this message". The answer goes into a thread under that
 * message, like a mention would; the person who asked gets a private link to it. Where a thread is
 * impossible (DMs, missing permissions) the answer is shown to them privately instead. Interactions
 * carry the message's content even without the Message Content intent.
 */
export const diagnoseMessageCommand: Command = {
  data: { type: ApplicationCommandType.Message, name: DIAGNOSE_MESSAGE },
  async run(dc, i) {
    if (!i.isMessageContextMenuCommand()) return;
    const target = i.targetMessage;
    const botId = dc.client.user?.id ?? '';
    if (target.author.id === botId) {
      await ack(dc, i, 'command', () => i.reply({ content: 'That is one of my own messages.', flags: MessageFlags.Ephemeral }));
      return;
    }
    await ack(dc, i, 'command', () => i.deferReply({ flags: MessageFlags.Ephemeral }));
    const { files, skipped } = await readMessageFiles(dc, target.attachments.values());
    const incoming = {
      ...toIncoming(target, botId, { via: 'shortcut', files }),
      deliveryId: i.id,
      userId: i.user.id,
      isBot: false,
    };
    if (!incoming.text && files.length === 0) {
      await i.editReply({
        content: skipped.length > 0 ? `Nothing I can read: ${skipped.join('; ')}` : 'That message has no text for me to diagnose.',
      });
      return;
    }
    const decision = await dc.app.core.handleMessage(incoming);
    const inThreadable = target.inGuild() && target.channel !== null;
    const interactionSink = new InteractionSink(dc, i);
    const result = await dispatch(decision, inThreadable ? new MessageSink(dc, target) : interactionSink, {
      core: dc.app.core,
      logger: dc.logger,
      enricher: dc.app.enricher,
      userId: i.user.id,
      explicit: true,
    });
    const posted = result.posted[0];
    const reply = decision.actions.find((a) => a.type === 'reply');
    if (inThreadable && posted?.messageId) {
      const threadId = reply?.type === 'reply' ? reply.target.threadId : target.channelId;
      await i.editReply({
        content: `Answered in the thread: https://discord.com/channels/${target.guildId}/${threadId}/${posted.messageId}`,
      });
    } else if (inThreadable && reply?.type === 'reply') {
      // The thread could not be used: show the answer to the asker instead of losing it.
      await i.editReply(answerPayload(reply.answer));
    } else {
      await finishDeferred(i, interactionSink, decision, result);
    }
  },
};

import type { ChatInputCommandInteraction, MessageContextMenuCommandInteraction } from 'discord.js';
import type { Decision } from '../../../bot/core.js';
import type { DispatchResult } from '../../../bot/dispatch.js';
import type { InteractionSink } from '../sink.js';

const OUTCOME_TEXT: Record<string, string> = {
  'already-handled': 'I have already answered that message: see the thread under it.',
  'duplicate-delivery': 'Already handled.',
  'bot-author': 'I do not diagnose messages from bots.',
};

/** A deferred reply never stays "thinking…": it becomes the answer, a failure notice, or goes away. */
export async function finishDeferred(
  i: ChatInputCommandInteraction | MessageContextMenuCommandInteraction,
  sink: InteractionSink,
  decision: Decision,
  result: DispatchResult,
): Promise<void> {
  if (sink.usedOriginal) return;
  if (result.failures > 0 && result.posted.length === 0) {
    await i.editReply({ content: 'I found an answer but Discord refused to post it here (check my permissions in this channel).' });
  } else if (sink.ephemeralSent > 0) {
    await i.deleteReply().catch(() => undefined);
  } else {
    await i.editReply({ content: OUTCOME_TEXT[decision.outcome] ?? 'I have nothing to add to that.' });
  }
}

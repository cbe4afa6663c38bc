import type { RespondArguments } from '@slack/bolt';
import { answerLost, handle, postQuestion, type SlackRuntime } from '../../runtime.js';
import { withWorkingSign } from '../../working.js';

type Reply = (args: RespondArguments) => Promise<void>;
type PasteCommand = { trigger_id: string; channel_id: string; user_id: string; team_id?: string };

/**
 * `/diagnose <paste>`: a slash command leaves no message to thread under, so the paste is posted first
 * (in the channel, or in a DM when the bot is not a member) and answered in that post's thread. Every
 * way this can fail is told to the user privately.
 */
export async function answerPaste(rt: SlackRuntime, command: PasteCommand, text: string, reply: Reply): Promise<void> {
  const question = await postQuestion(rt, command.channel_id, command.user_id, text);
  if (!question) {
    await reply({
      response_type: 'ephemeral',
      text: 'I could not post in this channel or send you a DM. Invite me with `/invite @diagnose-bot` and try again.',
    });
    return;
  }
  if (question.inDm)
    await reply({
      response_type: 'ephemeral',
      text: 'I am not in this channel, so I answered you in a DM. Invite me with `/invite @diagnose-bot` to answer here.',
    });
  const { decision, result } = await withWorkingSign(rt, question.channelId, question.ts, () =>
    handle(rt, {
      platform: 'slack',
      deliveryId: command.trigger_id,
      channelId: question.channelId,
      threadId: null,
      messageId: question.ts,
      userId: command.user_id,
      community: command.team_id,
      via: 'command',
      text,
    }),
  );
  if (answerLost(decision, result))
    await reply({
      response_type: 'ephemeral',
      text: 'I found an answer but Slack did not let me post it here; an admin can find the reason in my logs.',
    });
}

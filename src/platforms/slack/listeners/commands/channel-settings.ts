import type { RespondArguments } from '@slack/bolt';
import { canManageChannel } from '../../permissions.js';
import type { SlackRuntime } from '../../runtime.js';

/** `/diagnose channel auto|shadow|off` and `/diagnose channel questions on|off`: saved before confirmed. */

type Reply = (args: RespondArguments) => Promise<void>;
type ChannelCommand = { channel_id: string; user_id: string; team_id?: string };

const WHO_MAY = "(I check workspace admin/owner and the channel's creator.)";

export async function setMode(rt: SlackRuntime, command: ChannelCommand, mode: 'auto' | 'shadow' | 'off', reply: Reply): Promise<void> {
  const { allowed, botIsMember } = await canManageChannel(rt, command.user_id, command.channel_id);
  const result = await rt.ctx.core.setChannelMode('slack', command.channel_id, mode, command.user_id, allowed, command.team_id);
  rt.log.info({ channel: command.channel_id, user: command.user_id, mode, allowed }, 'Slack: channel mode change');
  if (!result.ok) {
    await reply({ response_type: 'ephemeral', text: `${result.text} ${WHO_MAY}` });
    return;
  }
  const warning =
    mode !== 'off' && botIsMember === false
      ? '\n:warning: I am not a member of this channel yet, so I cannot see messages: `/invite @diagnose-bot`.'
      : '';
  await reply({ response_type: 'in_channel', text: `<@${command.user_id}> changed my mode here. ${result.text}${warning}` });
}

export async function setQuestions(rt: SlackRuntime, command: ChannelCommand, on: boolean, reply: Reply): Promise<void> {
  const { allowed } = await canManageChannel(rt, command.user_id, command.channel_id);
  const result = await rt.ctx.core.setChannelQuestions('slack', command.channel_id, on, command.user_id, allowed, command.team_id);
  rt.log.info({ channel: command.channel_id, user: command.user_id, questions: on, allowed }, 'Slack: channel questions change');
  if (!result.ok) {
    await reply({ response_type: 'ephemeral', text: `${result.text} ${WHO_MAY}` });
    return;
  }
  await reply({ response_type: 'in_channel', text: `<@${command.user_id}> changed my settings here. ${result.text}` });
}

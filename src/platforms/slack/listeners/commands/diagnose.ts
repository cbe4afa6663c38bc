import type { App, RespondArguments } from '@slack/bolt';
import { HELP_TEXT, parseCommand, statsMarkdown } from '../../../../bot/commands.js';
import { articleSearchFor } from '../../../../bot/share.js';
import { SLACK_SECTION_LIMIT, toMrkdwn } from '../../../../render/slack.js';
import { splitText } from '../../../../render/text.js';
import { timedAck } from '../../ack.js';
import { articlePickerBlocks, MAX_SELECT_OPTIONS } from '../../article-picker.js';
import { slackText } from '../../convert.js';
import { parseHelpersSetting } from '../../helpers.js';
import { diagnoseModal } from '../../modal.js';
import { canManageChannel } from '../../permissions.js';
import { answerPrivately } from '../../private-answer.js';
import { answerLost, background, handle, postQuestion, type SlackRuntime } from '../../runtime.js';
import { withWorkingSign } from '../../working.js';
import { HELPERS_USAGE, setHelpers } from './helpers-setting.js';

export const DIAGNOSE_COMMAND = '/diagnose';

/**
 * `/diagnose <paste>` | `/diagnose private <paste>` | `/diagnose` (opens a paste box) |
 * `/diagnose article <words>` | `/diagnose stats` | `/diagnose help` | `/diagnose channel auto|shadow|off`.
 * Acknowledged first, always: the work happens after the ack.
 */
export function registerDiagnoseCommand(app: App, rt: SlackRuntime): void {
  app.command(DIAGNOSE_COMMAND, async ({ command, ack, respond }) => {
    const request = parseCommand(slackText(command.text ?? ''));
    const reply = async (args: RespondArguments): Promise<void> => {
      await respond(args).catch((err: unknown) => rt.log.warn({ err }, 'Slack: could not answer through response_url'));
    };
    // Read from the raw text: a user group mention loses its id in slackText.
    const helpers = parseHelpersSetting(command.text ?? '');
    if (helpers === 'usage') return void (await timedAck(rt, 'command', ack, { response_type: 'ephemeral', text: HELPERS_USAGE }));
    if (helpers) {
      await timedAck(rt, 'command', ack);
      void background(rt, 'changing the helpers group', () => setHelpers(rt, command, helpers, reply));
      return;
    }

    switch (request.kind) {
      case 'help':
        await timedAck(rt, 'command', ack, { response_type: 'ephemeral', text: HELP_TEXT });
        return;
      case 'stats': {
        const text = toMrkdwn(await statsMarkdown(rt.ctx.store, rt.ctx.knowledge.current, 8, { community: command.team_id }));
        const blocks = splitText(text, SLACK_SECTION_LIMIT)
          .slice(0, 45)
          .map((part) => ({ type: 'section', text: { type: 'mrkdwn', text: part } }));
        await timedAck(rt, 'command', ack, { response_type: 'ephemeral', text: text.slice(0, 3_000), blocks });
        return;
      }
      case 'channel':
        if (!request.mode) {
          await timedAck(rt, 'command', ack, { response_type: 'ephemeral', text: 'Usage: `/diagnose channel auto|shadow|off`' });
          return;
        }
        await timedAck(rt, 'command', ack);
        void background(rt, 'changing a channel mode', () => setMode(rt, command, request.mode!, reply));
        return;
      case 'channel-questions':
        if (request.on === null) {
          await timedAck(rt, 'command', ack, { response_type: 'ephemeral', text: 'Usage: `/diagnose channel questions on|off`' });
          return;
        }
        await timedAck(rt, 'command', ack);
        void background(rt, 'changing channel questions', () => setQuestions(rt, command, request.on === true, reply));
        return;
      case 'empty':
        await timedAck(rt, 'command', ack);
        void background(rt, 'opening the paste box', async () => {
          try {
            await rt.api.call('views.open', (c) =>
              c.views.open({ trigger_id: command.trigger_id, view: diagnoseModal({ channel: command.channel_id }) }),
            );
          } catch (err) {
            rt.api.logFailure(err, 'opening the paste box', { channel: command.channel_id });
            await reply({ response_type: 'ephemeral', text: 'I could not open the paste box. Try `/diagnose <paste the error>` instead.' });
          }
        });
        return;
      case 'article': {
        // The search takes milliseconds: the picker is the acknowledgement itself.
        const hits = articleSearchFor(rt.ctx.knowledge.current).search(request.query, MAX_SELECT_OPTIONS);
        // Slack refuses a select without options: say so in words instead.
        const none = {
          text: `No article matches “${request.query.slice(0, 80)}”. Try other words, or \`/diagnose article\` alone for the full list.`,
        };
        await timedAck(rt, 'command', ack, {
          response_type: 'ephemeral',
          ...(hits.length > 0 ? articlePickerBlocks(request.query, hits) : none),
        });
        return;
      }
      case 'paste':
        if (request.private) {
          if (!request.text) {
            await timedAck(rt, 'command', ack, { response_type: 'ephemeral', text: 'Usage: `/diagnose private <paste the error>`' });
            return;
          }
          await timedAck(rt, 'command', ack, { response_type: 'ephemeral', text: ':eyes: Working on it…' });
          void background(rt, 'answering /diagnose privately', () => answerPrivately(rt, command, request.text, reply));
          return;
        }
        await timedAck(rt, 'command', ack);
        void background(rt, 'answering /diagnose', async () => {
          const question = await postQuestion(rt, command.channel_id, command.user_id, request.text);
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
              text: request.text,
            }),
          );
          if (answerLost(decision, result))
            await reply({
              response_type: 'ephemeral',
              text: 'I found an answer but Slack did not let me post it here; an admin can find the reason in my logs.',
            });
        });
        return;
    }
  });
}

async function setMode(
  rt: SlackRuntime,
  command: { channel_id: string; user_id: string; team_id?: string },
  mode: 'auto' | 'shadow' | 'off',
  reply: (args: RespondArguments) => Promise<void>,
): Promise<void> {
  const { allowed, botIsMember } = await canManageChannel(rt, command.user_id, command.channel_id);
  const result = await rt.ctx.core.setChannelMode('slack', command.channel_id, mode, command.user_id, allowed, command.team_id);
  rt.log.info({ channel: command.channel_id, user: command.user_id, mode, allowed }, 'Slack: channel mode change');
  if (!result.ok) {
    await reply({ response_type: 'ephemeral', text: `${result.text} (I check workspace admin/owner and the channel's creator.)` });
    return;
  }
  const warning =
    mode !== 'off' && botIsMember === false
      ? '\n:warning: I am not a member of this channel yet, so I cannot see messages: `/invite @diagnose-bot`.'
      : '';
  await reply({ response_type: 'in_channel', text: `<@${command.user_id}> changed my mode here. ${result.text}${warning}` });
}

/** `/diagnose channel questions on|off`: saved before it is confirmed. */
async function setQuestions(
  rt: SlackRuntime,
  command: { channel_id: string; user_id: string; team_id?: string },
  on: boolean,
  reply: (args: RespondArguments) => Promise<void>,
): Promise<void> {
  const { allowed } = await canManageChannel(rt, command.user_id, command.channel_id);
  const result = await rt.ctx.core.setChannelQuestions('slack', command.channel_id, on, command.user_id, allowed, command.team_id);
  rt.log.info({ channel: command.channel_id, user: command.user_id, questions: on, allowed }, 'Slack: channel questions change');
  if (!result.ok) {
    await reply({ response_type: 'ephemeral', text: `${result.text} (I check workspace admin/owner and the channel's creator.)` });
    return;
  }
  await reply({ response_type: 'in_channel', text: `<@${command.user_id}> changed my settings here. ${result.text}` });
}

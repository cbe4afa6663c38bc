import type { AckFn, App, RespondArguments, SlashCommand } from '@slack/bolt';
import { type CommandRequest, HELP_TEXT, parseCommand, statsMarkdown } from '../../../../bot/commands.js';
import { articleSearchFor } from '../../../../core/article-search.js';
import { SLACK_SECTION_LIMIT, toMrkdwn } from '../../../../render/slack.js';
import { splitText } from '../../../../render/text.js';
import { timedAck } from '../../ack.js';
import { articlePickerBlocks, MAX_SELECT_OPTIONS } from '../../article-picker.js';
import { slackText } from '../../convert.js';
import { parseHelpersSetting } from '../../helpers.js';
import { diagnoseModal } from '../../modal.js';
import { answerPrivately } from '../../private-answer.js';
import { background, type SlackRuntime } from '../../runtime.js';
import { setMode, setQuestions } from './channel-settings.js';
import { HELPERS_USAGE, setHelpers } from './helpers-setting.js';
import { answerPaste } from './paste.js';

export const DIAGNOSE_COMMAND = '/diagnose';

type Reply = (args: RespondArguments) => Promise<void>;
type Ack = AckFn<string | RespondArguments>;

/** What every subcommand handler gets: acknowledge (once, at once) and reply later through response_url. */
interface Invocation {
  rt: SlackRuntime;
  command: SlashCommand;
  ack: Ack;
  reply: Reply;
}

const ephemeral = (text: string): RespondArguments => ({ response_type: 'ephemeral', text });

/**
 * `/diagnose <paste>` | `/diagnose private <paste>` | `/diagnose` (opens a paste box) |
 * `/diagnose article <words>` | `/diagnose stats` | `/diagnose help` | `/diagnose channel auto|shadow|off` |
 * `/diagnose channel questions on|off` | `/diagnose settings helpers @group|off`.
 * Acknowledged first, always: any work that waits on Slack or the store happens after the ack.
 */
export function registerDiagnoseCommand(app: App, rt: SlackRuntime): void {
  app.command(DIAGNOSE_COMMAND, async ({ command, ack, respond }) => {
    const reply: Reply = async (args) => {
      await respond(args).catch((err: unknown) => rt.log.warn({ err }, 'Slack: could not answer through response_url'));
    };
    const call: Invocation = { rt, command, ack, reply };
    // Read from the raw text: a user group mention loses its id in slackText.
    const helpers = parseHelpersSetting(command.text ?? '');
    if (helpers === 'usage') return timedAck(rt, 'command', ack, ephemeral(HELPERS_USAGE));
    if (helpers) return later(call, 'changing the helpers group', () => setHelpers(rt, command, helpers, reply));
    return runSubcommand(call, parseCommand(slackText(command.text ?? '')));
  });
}

async function runSubcommand(call: Invocation, request: CommandRequest): Promise<void> {
  const { rt, command, ack, reply } = call;
  switch (request.kind) {
    case 'help':
      return timedAck(rt, 'command', ack, ephemeral(HELP_TEXT));
    case 'stats':
      return timedAck(rt, 'command', ack, await statsReply(rt, command.team_id));
    case 'channel':
      if (!request.mode) return timedAck(rt, 'command', ack, ephemeral('Usage: `/diagnose channel auto|shadow|off`'));
      return later(call, 'changing a channel mode', () => setMode(rt, command, request.mode!, reply));
    case 'channel-questions':
      if (request.on === null) return timedAck(rt, 'command', ack, ephemeral('Usage: `/diagnose channel questions on|off`'));
      return later(call, 'changing channel questions', () => setQuestions(rt, command, request.on === true, reply));
    case 'empty':
      return later(call, 'opening the paste box', () => openPasteBox(call));
    case 'article':
      // The search takes milliseconds: the picker is the acknowledgement itself.
      return timedAck(rt, 'command', ack, articleReply(rt, request.query));
    case 'paste':
      if (!request.private) return later(call, 'answering /diagnose', () => answerPaste(rt, command, request.text, reply));
      if (!request.text) return timedAck(rt, 'command', ack, ephemeral('Usage: `/diagnose private <paste the error>`'));
      return later(
        call,
        'answering /diagnose privately',
        () => answerPrivately(rt, command, request.text, reply),
        ephemeral(':eyes: Working on it…'),
      );
  }
}

/** Acknowledge now (with nothing, or a short notice); the work runs in the background and replies when done. */
async function later(call: Invocation, what: string, work: () => Promise<void>, notice?: RespondArguments): Promise<void> {
  if (notice) await timedAck(call.rt, 'command', call.ack, notice);
  else await timedAck(call.rt, 'command', call.ack);
  void background(call.rt, what, work);
}

async function statsReply(rt: SlackRuntime, community: string | undefined): Promise<RespondArguments> {
  const text = toMrkdwn(await statsMarkdown(rt.ctx.store, rt.ctx.knowledge.current, 8, { community }));
  const blocks = splitText(text, SLACK_SECTION_LIMIT)
    .slice(0, 45)
    .map((part) => ({ type: 'section', text: { type: 'mrkdwn', text: part } }));
  return { response_type: 'ephemeral', text: text.slice(0, 3_000), blocks };
}

function articleReply(rt: SlackRuntime, query: string): RespondArguments {
  const hits = articleSearchFor(rt.ctx.knowledge.current).search(query, MAX_SELECT_OPTIONS);
  // Slack refuses a select without options: say so in words instead.
  if (hits.length === 0)
    return ephemeral(`No article matches “${query.slice(0, 80)}”. Try other words, or \`/diagnose article\` alone for the full list.`);
  return { response_type: 'ephemeral', ...articlePickerBlocks(query, hits) };
}

async function openPasteBox({ rt, command, reply }: Invocation): Promise<void> {
  try {
    await rt.api.call('views.open', (c) =>
      c.views.open({ trigger_id: command.trigger_id, view: diagnoseModal({ channel: command.channel_id }) }),
    );
  } catch (err) {
    rt.api.logFailure(err, 'opening the paste box', { channel: command.channel_id });
    await reply(ephemeral('I could not open the paste box. Try `/diagnose <paste the error>` instead.'));
  }
}

import type { RespondArguments, types } from '@slack/bolt';
import type { Answer } from '../../bot/answer.js';
import type { BotAction, IncomingMessage } from '../../bot/core.js';
import { dispatch, type ReplySink } from '../../bot/dispatch.js';
import { renderSlack } from '../../render/slack.js';
import type { SlackRuntime } from './runtime.js';

type Respond = (args: RespondArguments) => Promise<unknown>;

/**
 * `/diagnose private <paste>`: answered as an ephemeral through the command's response_url, which
 * replaces the "working on it" reply. Nothing is posted in the channel; the vote buttons still work.
 */
class EphemeralSink implements ReplySink {
  private replies = 0;

  constructor(private readonly respond: Respond) {}

  async postAnswer(_target: unknown, answer: Answer): Promise<string | null> {
    const { text, blocks } = renderSlack(answer);
    // The first answer replaces "working on it"; there is no message id to give back.
    await this.respond({ response_type: 'ephemeral', replace_original: this.replies++ === 0, text, blocks: blocks as types.KnownBlock[] });
    return null;
  }

  async updateAnswer(): Promise<void> {
    // Never called: with no message id, dispatch does not ask Claude to improve the answer.
  }

  async postEphemeral(action: Extract<BotAction, { type: 'ephemeral' }>): Promise<void> {
    await this.respond({ response_type: 'ephemeral', replace_original: this.replies++ === 0, text: action.text });
  }

  async postHandoff(_target: unknown, text: string): Promise<void> {
    await this.respond({ response_type: 'ephemeral', text });
  }
}

export async function answerPrivately(
  rt: SlackRuntime,
  command: { trigger_id: string; channel_id: string; user_id: string; team_id?: string },
  text: string,
  respond: Respond,
): Promise<void> {
  const msg: IncomingMessage = {
    platform: 'slack',
    deliveryId: command.trigger_id,
    channelId: command.channel_id,
    threadId: null,
    // No message in the channel: the trigger id names this request.
    messageId: `private:${command.trigger_id}`,
    userId: command.user_id,
    community: command.team_id,
    via: 'command',
    text,
    private: true,
  };
  const decision = await rt.ctx.core.handleMessage(msg);
  const sink = new EphemeralSink(respond);
  const result = await dispatch(decision, sink, { core: rt.ctx.core, logger: rt.log, userId: msg.userId, explicit: true });
  rt.log.debug({ outcome: decision.outcome, failures: result.failures }, 'Slack: private /diagnose handled');
  if (decision.actions.length === 0)
    await respond({ response_type: 'ephemeral', replace_original: true, text: 'I have nothing to add about that one.' });
}

import type { App, BlockAction, ButtonAction, types } from '@slack/bolt';
import { SLACK_ACTIONS } from '../../../../render/slack.js';
import { timedAck } from '../../ack.js';
import { slackHelperCheck } from '../../helpers.js';
import { background, type SlackRuntime } from '../../runtime.js';
import { actionPlace } from './feedback.js';

type Blocks = types.KnownBlock[];

/**
 * "Solved" under an answer (the asker or a helper): stored first, then the answer is updated to say who
 * marked it solved. A ✅ reaction does the same (events/solved-reaction.ts).
 */
export function registerSolved(app: App, rt: SlackRuntime): void {
  app.action<BlockAction<ButtonAction>>(SLACK_ACTIONS.solved, async ({ ack, body, action }) => {
    await timedAck(rt, 'action', ack);
    void background(rt, 'marking a question solved', async () => {
      const { channelId, threadId } = actionPlace(body);
      const message = body.message as { ts?: string; blocks?: Blocks; text?: string } | undefined;
      await solveAnswer(rt, { answerId: action.value ?? '', userId: body.user.id, channelId, threadId, via: 'button', message });
    });
  });
}

export async function solveAnswer(
  rt: SlackRuntime,
  s: {
    answerId: string;
    userId: string;
    channelId: string | null;
    threadId: string | null;
    via: 'button' | 'reaction';
    message?: { ts?: string; blocks?: Blocks; text?: string };
  },
): Promise<void> {
  // A button press gets a private answer; a reaction someone may not use is simply not counted.
  const tell = (text: string) =>
    s.channelId && s.via === 'button' ? rt.sink.ephemeral(s.channelId, s.userId, text, s.threadId) : Promise.resolve();
  const r = await rt.ctx.helperActions.solve('slack', s.answerId, s.userId, {
    via: s.via,
    archive: false,
    check: slackHelperCheck(rt, s.userId),
  });
  if (!r.ok) return void (await tell(r.text));
  if (!r.first) return void (await tell(`This question was already marked solved by <@${r.record.by}>.`));
  const ts = s.message?.ts ?? r.answer.replyMessageId;
  if (!ts) return;
  const blocks = s.message?.blocks ?? (await fetchBlocks(rt, r.answer.channelId, ts));
  await showSolved(rt, r.answer.channelId, ts, blocks, s.message?.text, s.userId);
}

/** The answer's blocks as posted, read back when the trigger (a reaction) did not carry them. */
async function fetchBlocks(rt: SlackRuntime, channel: string, ts: string): Promise<Blocks | undefined> {
  try {
    const res = await rt.api.call('conversations.history', (c) =>
      c.conversations.history({ channel, latest: ts, oldest: ts, inclusive: true, limit: 1 }),
    );
    const msg = res.messages?.find((m) => m.ts === ts);
    return msg?.blocks as Blocks | undefined;
  } catch (err) {
    rt.api.logFailure(err, 'reading the answer to mark it solved', { channel });
    return undefined;
  }
}

/** The answer without its "Solved" button, with a line saying who marked it; a thread note when it cannot be edited. */
async function showSolved(rt: SlackRuntime, channel: string, ts: string, blocks: Blocks | undefined, text: string | undefined, by: string) {
  const line = `:white_check_mark: Marked solved by <@${by}>`;
  if (!blocks || blocks.length === 0) {
    await rt.sink.postHandoff({ platform: 'slack', channelId: channel, threadId: ts }, line);
    return;
  }
  const kept = blocks.map((b) =>
    b.type === 'actions' ? { ...b, elements: b.elements.filter((e) => !('action_id' in e) || e.action_id !== SLACK_ACTIONS.solved) } : b,
  );
  const updated: Blocks = [...kept, { type: 'context', elements: [{ type: 'mrkdwn', text: line }] }];
  try {
    await rt.api.call('chat.update', (c) =>
      c.chat.update({ channel, ts, text: `${line}\n${text ?? ''}`.slice(0, 3_000), blocks: updated }),
    );
  } catch (err) {
    rt.api.logFailure(err, 'updating the answer to show it solved', { channel });
    await rt.sink.postHandoff({ platform: 'slack', channelId: channel, threadId: ts }, line);
  }
}

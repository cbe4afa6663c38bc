import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackTs } from '../../../fakes/slack.js';
import { storedRecords } from '../../../helpers/store.js';
import { PASTES, type SlackBot, startSlackBot } from '../harness.js';

let bot: SlackBot;
beforeAll(async () => {
  bot = await startSlackBot({ env: { SLACK_SUPPORT_GROUP: 'S0SUPPORT' } });
});
afterAll(() => bot?.stop());

/** Mentions the bot in `channel` and returns the posted answer's record id and message ts. */
async function answerIn(channel: string) {
  const ts = slackTs();
  await bot.postEvent({ type: 'app_mention', channel, user: 'UASK', text: `<@UBOT> ${PASTES.promptTooLong}`, ts });
  const record = await bot.fake.waitFor(
    () => storedRecords(bot.running.ctx.store).answers.find((a) => a.channelId === channel && a.replyMessageId),
    'answer',
  );
  return { id: record.id, replyTs: record.replyMessageId as string, thread: ts };
}

const click = (actionId: string, a: { id: string; replyTs: string; thread: string }, channel: string, user = 'UCLICK') => ({
  type: 'block_actions',
  user: { id: user, username: 'clicker', team_id: 'T1' },
  trigger_id: `trig.${slackTs()}`,
  channel: { id: channel, name: 'x' },
  container: { type: 'message', message_ts: a.replyTs, channel_id: channel, is_ephemeral: false },
  message: { type: 'message', ts: a.replyTs, thread_ts: a.thread, bot_id: 'BBOT', text: 'answer' },
  actions: [{ type: 'button', action_id: actionId, block_id: `feedback:${a.id}`, value: a.id, action_ts: String(Date.now() / 1000) }],
});

describe('feedback buttons', () => {
  it('“Helpful” stores a vote and confirms it to the voter only', async () => {
    const a = await answerIn('CVOTE');
    const res = await bot.postInteraction(click('feedback_helpful', a, 'CVOTE'));
    expect(res.status).toBe(200);
    await bot.fake.waitFor(
      () => storedRecords(bot.running.ctx.store).votes.find((v) => v.answerId === a.id && v.value === 'up'),
      'the vote',
    );
    const eph = await bot.fake.waitFor(
      () => bot.fake.callsTo('chat.postEphemeral').find((c) => c.body.user === 'UCLICK' && c.body.channel === 'CVOTE'),
      'confirmation',
    );
    expect(eph.body.text).toMatch(/glad it helped/);
    expect(eph.body.thread_ts).toBe(a.thread);

    await bot.postInteraction(click('feedback_unhelpful', a, 'CVOTE'));
    await bot.fake.waitFor(
      () => storedRecords(bot.running.ctx.store).votes.find((v) => v.answerId === a.id && v.value === 'down'),
      'the changed vote',
    );
  });

  it('“Not helpful” asks privately why; a reason click is stored with the vote', async () => {
    const a = await answerIn('CWHY');
    await bot.postInteraction(click('feedback_unhelpful', a, 'CWHY', 'UWHY'));
    const ask = await bot.fake.waitFor(
      () => bot.fake.callsTo('chat.postEphemeral').find((c) => c.body.user === 'UWHY' && c.body.channel === 'CWHY'),
      'the reason question',
    );
    const blocks = ask.body.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>;
    const buttons = blocks.find((b) => b.type === 'actions')?.elements ?? [];
    expect(buttons.map((b) => b.action_id)).toEqual([
      'feedback_reason:wrong-article',
      'feedback_reason:fix-failed',
      'feedback_reason:outdated',
      'feedback_reason:unclear',
    ]);
    const reason = buttons[1] as { action_id: string; value: string };
    const payload = click(reason.action_id, a, 'CWHY', 'UWHY');
    payload.actions = [
      {
        type: 'button',
        action_id: reason.action_id,
        block_id: `reasons:${a.id}`,
        value: reason.value,
        action_ts: String(Date.now() / 1000),
      },
    ];
    payload.container = { ...payload.container, is_ephemeral: true };
    await bot.postInteraction(payload);
    await bot.fake.waitFor(
      () => storedRecords(bot.running.ctx.store).votes.find((v) => v.answerId === a.id && v.userId === 'UWHY' && v.reason === 'fix-failed'),
      'the reason stored',
    );
  });

  it('“Still stuck” posts one hand-off in the thread, pinging the support group', async () => {
    const a = await answerIn('CESC');
    await bot.postInteraction(click('escalate', a, 'CESC'));
    const handoff = await bot.fake.waitFor(
      () => bot.fake.callsTo('chat.postMessage').find((c) => c.body.channel === 'CESC' && String(c.body.text).includes('still stuck')),
      'the hand-off',
    );
    expect(handoff.body.text).toContain('<!subteam^S0SUPPORT>');
    expect(handoff.body.text).toContain('<@UCLICK>');
    expect(handoff.body.thread_ts).toBe(a.thread);
    await bot.postInteraction(click('escalate', a, 'CESC', 'USECOND'));
    await bot.fake.waitFor(
      () => bot.fake.callsTo('chat.postEphemeral').find((c) => c.body.user === 'USECOND' && /already/.test(c.body.text)),
      'already asked',
    );
    expect(
      bot.fake.callsTo('chat.postMessage').filter((c) => c.body.channel === 'CESC' && String(c.body.text).includes('still stuck')),
    ).toHaveLength(1);
  });

  it('a vote on an unknown answer is answered politely', async () => {
    await bot.postInteraction(click('feedback_helpful', { id: 'gone', replyTs: slackTs(), thread: slackTs() }, 'COLD', 'UOLD'));
    const eph = await bot.fake.waitFor(() => bot.fake.callsTo('chat.postEphemeral').find((c) => c.body.user === 'UOLD'), 'reply');
    expect(eph.body.text).toMatch(/too old/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackTs } from '../../../fakes/slack.js';
import { PASTES, type SlackBot, slackEscape, startSlackBot } from '../harness.js';

let bot: SlackBot;
beforeAll(async () => {
  bot = await startSlackBot();
});
afterAll(() => bot?.stop());

const shortcut = (message: Record<string, unknown>, channel: string) => ({
  type: 'message_action',
  callback_id: 'diagnose_message',
  trigger_id: `trig.${slackTs()}`,
  response_url: `${bot.fake.origin}/response/${slackTs()}`,
  user: { id: 'USHORT', name: 'short' },
  channel: { id: channel, name: 'x' },
  message_ts: message.ts,
  message: { type: 'message', ...message },
});

describe('“Diagnose this message” shortcut', () => {
  it('answers in the thread of the chosen message, even one posted by another bot', async () => {
    const ts = slackTs();
    const res = await bot.postInteraction(shortcut({ ts, bot_id: 'BCI', text: slackEscape(PASTES.promptTooLong) }, 'CSHORT'));
    expect(res.status).toBe(200);
    const post = await bot.fake.waitFor(() => bot.fake.callsTo('chat.postMessage').find((c) => c.body.channel === 'CSHORT'), 'the answer');
    expect(post.body.thread_ts).toBe(ts);
    expect(JSON.stringify(post.body.blocks)).toMatch(/prompt/i);
  });

  it('a message inside a thread is answered in that thread', async () => {
    const parent = slackTs();
    await bot.postInteraction(shortcut({ ts: slackTs(), thread_ts: parent, user: 'UX', text: PASTES.rolesAlternate }, 'CSHORT2'));
    const post = await bot.fake.waitFor(() => bot.fake.callsTo('chat.postMessage').find((c) => c.body.channel === 'CSHORT2'), 'the answer');
    expect(post.body.thread_ts).toBe(parent);
  });

  it('tells the user privately when the bot cannot post there', async () => {
    bot.fake.on('chat.postMessage', (c) => (c.body.channel === 'CNOTIN' ? { ok: false, error: 'not_in_channel' } : undefined));
    await bot.postInteraction(shortcut({ ts: slackTs(), user: 'UX', text: PASTES.promptTooLong }, 'CNOTIN'));
    const told = await bot.fake.waitFor(
      () => bot.fake.callsTo('response_url').find((c) => /invite me/i.test(c.body.text)),
      'the explanation',
    );
    expect(told.body.response_type).toBe('ephemeral');
    const logged = await bot.waitForLog('Slack: posting an answer failed (not_in_channel)');
    expect(logged.hint).toMatch(/\/invite/);
  });
});

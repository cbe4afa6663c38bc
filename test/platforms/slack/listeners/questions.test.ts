import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackTs } from '../../../fakes/slack.js';
import { AUTO, type SlackBot, startSlackBot } from '../harness.js';

/** Questions in words through real Bolt (signed HTTP requests) and the Web API stand-in. */

let bot: SlackBot;
beforeAll(async () => {
  bot = await startSlackBot();
});
afterAll(() => bot?.stop());

const postsIn = (channel: string) => bot.fake.callsTo('chat.postMessage').filter((c) => c.body.channel === channel);
const KNOWN = 'Bedrock says access denied for the Claude model even though I enabled model access in the console, why?';

describe('Slack: questions in words', () => {
  it('a mention with a question is answered in its thread with the article that fits', async () => {
    const ts = slackTs();
    await bot.postEvent({ type: 'app_mention', channel: 'CQ1', user: 'UQ1', text: `<@UBOT> ${KNOWN}`, ts });
    const post = await bot.fake.waitFor(() => postsIn('CQ1')[0], 'the answer');
    expect(post.body.thread_ts).toBe(ts);
    expect(post.body.blocks[0].text.text).toMatch(/Bedrock/);
    expect(JSON.stringify(post.body.blocks)).toContain('*Fix*');
  });

  it('a DM with chatter gets "no article" and only the hand-off button', async () => {
    await bot.postEvent({
      type: 'message',
      channel: 'DQ2',
      channel_type: 'im',
      user: 'UQ2',
      text: 'anyone fancy lunch today?',
      ts: slackTs(),
    });
    const post = await bot.fake.waitFor(() => postsIn('DQ2')[0], 'the answer');
    expect(post.body.blocks[0].text.text).toBe('I have no article for this');
    expect(post.body.blocks.at(-1).elements.map((e: { action_id: string }) => e.action_id)).toEqual(['escalate']);
  });

  it('/diagnose channel questions on: only for channel managers, saved, then clear questions are answered unprompted', async () => {
    await bot.postEvent({ type: 'message', channel: AUTO, channel_type: 'channel', user: 'UQ3', text: KNOWN, ts: slackTs() });
    await bot.waitForLog('Slack: message handled', (l) => l.outcome === 'unsure');

    await bot.postCommand({ channel_id: AUTO, user_id: 'UMEMBER', text: 'channel questions on' });
    await bot.fake.waitFor(() => bot.fake.callsTo('response_url').find((c) => c.body.text?.includes('Only channel managers')), 'refusal');
    expect(await bot.running.ctx.store.channelQuestions('slack', AUTO)).toBe(false);

    await bot.postCommand({ channel_id: AUTO, user_id: 'UCREATOR', text: 'channel questions on' });
    const done = await bot.fake.waitFor(
      () => bot.fake.callsTo('response_url').find((c) => c.body.response_type === 'in_channel' && c.body.text.includes('Questions *on*')),
      'confirmation',
    );
    expect(done.body.text).toContain('<@UCREATOR>');
    expect(await bot.running.ctx.store.listChannelSettings()).toContainEqual(
      expect.objectContaining({ key: `slack:${AUTO}`, questions: true, by: 'UCREATOR' }),
    );

    const ts = slackTs();
    await bot.postEvent({ type: 'message', channel: AUTO, channel_type: 'channel', user: 'UQ4', text: KNOWN, ts });
    const post = await bot.fake.waitFor(() => postsIn(AUTO).find((c) => c.body.thread_ts === ts), 'the unprompted answer');
    expect(post.body.blocks[0].text.text).toMatch(/Bedrock/);
  });
});

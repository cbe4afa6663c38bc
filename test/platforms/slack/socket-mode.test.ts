import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventEnvelope, slackTs } from '../../fakes/slack.js';
import { APP_TOKEN, PASTES, type SlackBot, startSlackBot } from './harness.js';

let bot: SlackBot;
beforeAll(async () => {
  bot = await startSlackBot({ env: { SLACK_APP_TOKEN: APP_TOKEN, SLACK_SIGNING_SECRET: '' } });
});
afterAll(() => bot?.stop());

const postsIn = (channel: string) => bot.fake.callsTo('chat.postMessage').filter((c) => c.body.channel === channel);

describe('Socket Mode (local WebSocket stand-in)', () => {
  it('connects with the app token and reports connected on /healthz', async () => {
    const open = bot.fake.callsTo('apps.connections.open')[0];
    expect(open?.headers.authorization).toBe(`Bearer ${APP_TOKEN}`);
    expect(bot.fake.socket.connections()).toBe(1);
    const health = (await (await fetch(`${bot.running.url}/healthz`)).json()) as { platforms: Record<string, string> };
    expect(health.platforms.slack).toBe('connected');
    // HTTP mode's endpoint is not served in Socket Mode.
    expect((await fetch(`${bot.running.url}/slack/events`, { method: 'POST' })).status).toBe(404);
  });

  it('a mention envelope is acked and answered in the thread', async () => {
    const ts = slackTs();
    const ack = await bot.fake.socket.send({
      type: 'events_api',
      payload: eventEnvelope({
        type: 'app_mention',
        channel: 'CSOCK',
        user: 'US1',
        text: `<@UBOT> ${PASTES.promptTooLong}`,
        ts,
        event_ts: ts,
      }),
    });
    expect(ack).toEqual({});
    const post = await bot.fake.waitFor(() => postsIn('CSOCK')[0], 'the answer');
    expect(post.body.thread_ts).toBe(ts);
    expect(post.body.blocks[0].type).toBe('header');
  });

  it('a slash command envelope gets its ack payload back, then the answer', async () => {
    const help = await bot.fake.socket.send({
      type: 'slash_commands',
      payload: {
        command: '/diagnose',
        text: 'help',
        channel_id: 'CSOCK2',
        user_id: 'US2',
        team_id: 'T1',
        trigger_id: 't1',
        response_url: `${bot.fake.origin}/response/1`,
      },
    });
    expect(help).toMatchObject({ response_type: 'ephemeral' });
    await bot.fake.socket.send({
      type: 'slash_commands',
      payload: {
        command: '/diagnose',
        text: PASTES.promptTooLong,
        channel_id: 'CSOCK2',
        user_id: 'US2',
        team_id: 'T1',
        trigger_id: 't2',
        response_url: `${bot.fake.origin}/response/2`,
      },
    });
    await bot.fake.waitFor(() => postsIn('CSOCK2').find((c) => c.body.thread_ts), 'the answer');
  });

  it('the article type-ahead (block_suggestion) gets its options in the ack, as over HTTP', async () => {
    const options = await bot.fake.socket.send({
      type: 'interactive',
      payload: {
        type: 'block_suggestion',
        user: { id: 'US3', username: 'helper', team_id: 'T1' },
        team: { id: 'T1', domain: 'acme' },
        api_app_id: 'A1',
        action_id: 'article_search',
        block_id: 'article',
        value: 'overloaded',
        container: { type: 'view', view_id: 'VSOCK' },
        view: { id: 'VSOCK', type: 'modal', callback_id: 'share_article_modal' },
      },
    });
    expect((options as { options: Array<{ value: string }> }).options[0]?.value).toBe('overloaded-529');
  });

  it('reconnects when Slack asks it to, and keeps answering', async () => {
    bot.fake.socket.disconnectAll('refresh_requested');
    await bot.fake.waitFor(() => bot.fake.socket.connections() >= 2, 'a second connection', 10_000);
    const ts = slackTs();
    await bot.fake.waitFor(() => bot.running.ctx.adapters[0]?.status() === 'connected', 'connected again');
    await bot.fake.socket.send({
      type: 'events_api',
      payload: eventEnvelope({
        type: 'app_mention',
        channel: 'CSOCK3',
        user: 'US3',
        text: `<@UBOT> ${PASTES.promptTooLong}`,
        ts,
        event_ts: ts,
      }),
    });
    await bot.fake.waitFor(() => postsIn('CSOCK3')[0], 'the answer after reconnecting');
  });
});

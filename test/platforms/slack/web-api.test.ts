import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventEnvelope, signedPost, slackTs } from '../../fakes/slack.js';
import { storedRecords } from '../../helpers/store.js';
import { PASTES, SECRET, type SlackBot, startSlackBot } from './harness.js';

let bot: SlackBot;
beforeAll(async () => {
  bot = await startSlackBot();
});
afterAll(() => bot?.stop());

const postsIn = (channel: string) => bot.fake.callsTo('chat.postMessage').filter((c) => c.body.channel === channel);
// A user per request: the core allows each user only a few explicit requests a minute.
const mention = (channel: string) =>
  bot.postEvent({ type: 'app_mention', channel, user: `U${channel}`, text: `<@UBOT> ${PASTES.promptTooLong}`, ts: slackTs() });

describe('Web API failures', () => {
  it('429 with Retry-After is waited out and retried', async () => {
    let limited = 0;
    bot.fake.on('chat.postMessage', (c) =>
      c.body.channel === 'C429' && limited++ === 0
        ? { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } }
        : undefined,
    );
    await mention('C429');
    await bot.fake.waitFor(() => postsIn('C429').length === 2, 'the retried post');
    await bot.fake.waitFor(
      () => storedRecords(bot.running.ctx.store).answers.find((a) => a.channelId === 'C429')?.replyMessageId,
      'the answer recorded as posted',
    );
    await bot.waitForLog('Slack rate limited a call; retrying after Retry-After', (l) => l.method === 'chat.postMessage');
  });

  it('a Retry-After beyond the bound is not waited for: logged, counted, no crash', async () => {
    bot.fake.on('chat.postMessage', (c) =>
      c.body.channel === 'CSLOW' ? { status: 429, headers: { 'retry-after': '3600' }, body: { ok: false } } : undefined,
    );
    await mention('CSLOW');
    const line = await bot.waitForLog('Slack: posting an answer failed (ratelimited)');
    expect(line.hint).toMatch(/rate limiting/);
    expect(postsIn('CSLOW')).toHaveLength(1);
  });

  for (const error of ['msg_too_long', 'invalid_blocks']) {
    it(`${error} → the answer is posted again as plain text`, async () => {
      const channel = `C${error.toUpperCase().replace(/_/g, '')}`;
      bot.fake.on('chat.postMessage', (c) => (c.body.channel === channel && c.body.blocks ? { ok: false, error } : undefined));
      await mention(channel);
      const plain = await bot.fake.waitFor(() => postsIn(channel).find((c) => !c.body.blocks), 'the plain-text post');
      expect(plain.body.text).toMatch(/prompt/i);
      expect(plain.body.thread_ts).toBeTruthy();
      await bot.fake.waitFor(
        () => storedRecords(bot.running.ctx.store).answers.find((a) => a.channelId === channel)?.replyMessageId,
        'recorded',
      );
    });
  }

  it('channel_not_found is logged with a hint and counted; the bot keeps working', async () => {
    bot.fake.on('chat.postMessage', (c) => (c.body.channel === 'CGONE' ? { ok: false, error: 'channel_not_found' } : undefined));
    await mention('CGONE');
    const line = await bot.waitForLog('Slack: posting an answer failed (channel_not_found)');
    expect(line.hint).toMatch(/private/);
    const metrics = await (await fetch(`${bot.running.url}/metrics`)).text();
    expect(metrics).toMatch(/diagnose_bot_platform_errors_total\{platform="slack",code="channel_not_found"\} [1-9]/);
    await mention('CSTILLOK');
    await bot.fake.waitFor(() => postsIn('CSTILLOK')[0], 'a later answer');
  });

  it('a Web API that fails outright (HTTP 500) is logged, never a crash', async () => {
    bot.fake.on('chat.postMessage', (c) => (c.body.channel === 'C500' ? { status: 500, body: { ok: false } } : undefined));
    await mention('C500');
    await bot.waitForLog('could not carry out a bot action');
    await mention('CAFTER500');
    await bot.fake.waitFor(() => postsIn('CAFTER500')[0], 'a later answer');
  });
});

describe('request signing', () => {
  const body = () =>
    JSON.stringify(
      eventEnvelope({ type: 'app_mention', channel: 'CSIG', user: 'U', text: `<@UBOT> ${PASTES.promptTooLong}`, ts: slackTs() }),
    );

  it('a badly signed request gets 401 and is not handled', async () => {
    const res = await signedPost(bot.eventsUrl, body(), 'application/json', { secret: SECRET, signWith: 'wrong-secret' });
    expect(res.status).toBe(401);
    const stale = await signedPost(bot.eventsUrl, body(), 'application/json', {
      secret: SECRET,
      timestamp: Math.floor(Date.now() / 1000) - 600,
    });
    expect(stale.status).toBe(401);
    const unsigned = await fetch(bot.eventsUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body() });
    expect(unsigned.status).toBe(401);
    expect(postsIn('CSIG')).toHaveLength(0);
  });

  it('URL verification answers the challenge; /healthz on the same port says Slack is connected', async () => {
    const res = await signedPost(
      bot.eventsUrl,
      JSON.stringify({ type: 'url_verification', challenge: 'abc123', token: 'x' }),
      'application/json',
      {
        secret: SECRET,
      },
    );
    expect(await res.json()).toEqual({ challenge: 'abc123' });
    const health = await fetch(`${bot.running.url}/healthz`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { platforms: Record<string, string> }).platforms).toEqual({ slack: 'connected' });
  });

  it('other paths under /slack are 404, not a crash', async () => {
    expect((await fetch(`${bot.running.url}/slack/other`)).status).toBe(404);
    expect((await fetch(bot.eventsUrl)).status).toBe(404);
  });
});

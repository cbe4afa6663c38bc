import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botUser, IDS, type RecordedCall } from '../fakes/discord.js';
import { slackTs } from '../fakes/slack.js';
import { storedRecords } from '../helpers/store.js';
import { type DiscordBot, freshUser, startDiscordBot } from '../platforms/discord/harness.js';
import { AUTO, type SlackBot, slackEscape, startSlackBot } from '../platforms/slack/harness.js';

/**
 * A paste that carries pings (raw, entity-escaped, in the error message so they reach the
 * fingerprint) must not ping anyone through anything the bot echoes: the answer, its context line,
 * the "Still stuck" hand-off, the /diagnose question. Only the support group the bot means to ping is
 * pinged.
 */

const pingError = (pings: string) =>
  `anthropic.BadRequestError: Error code: 400 - {'type': 'error', 'error': {'type': 'invalid_request_error', 'message': 'prompt is too long: 203441 tokens > 200000 maximum ${pings}'}, 'request_id': 'req_011CPing${pings.length}'}`;

describe('Slack: no smuggled pings', () => {
  let bot: SlackBot;
  beforeAll(async () => {
    bot = await startSlackBot({ env: { SLACK_SUPPORT_GROUP: 'S0SUPPORT', DUPLICATE_WINDOW_MINUTES: '0' } });
  });
  afterAll(() => bot?.stop());

  it('mention, auto-reply, /diagnose and the hand-off carry no raw <!channel>, <!here>, <!everyone> or user mention', async () => {
    // As Slack delivers them: real pings arrive as <!channel>; typed entities arrive escaped once more.
    const texts = [
      '<!channel> <!here> <!everyone> <@U0VICTIM>',
      '&lt;!channel&gt; &lt;!here|here&gt;',
      '&amp;lt;!channel&amp;gt; @here @everyone',
    ];
    let n = 0;
    for (const pings of texts) {
      const paste = `${slackEscape(pingError('PINGS'))}`.replace('PINGS', pings);
      const ts = slackTs();
      await bot.postEvent({ type: 'app_mention', channel: 'CPING', user: `UP${++n}`, text: `<@UBOT> ${paste}`, ts });
      await bot.postEvent({ type: 'message', channel_type: 'channel', channel: AUTO, user: `UP${++n}`, text: paste, ts: slackTs() });
      await bot.postCommand({ channel_id: 'CPINGCMD', user_id: `UP${++n}`, text: paste });
      const record = await bot.fake.waitFor(
        () => storedRecords(bot.running.ctx.store).answers.find((a) => a.channelId === 'CPING' && a.threadId === ts && a.replyMessageId),
        'answer',
      );
      await bot.postInteraction({
        type: 'block_actions',
        user: { id: `UCLICK${n}`, username: 'clicker', team_id: 'T1' },
        trigger_id: `trig.${slackTs()}`,
        channel: { id: 'CPING', name: 'x' },
        container: { type: 'message', message_ts: record.replyMessageId, channel_id: 'CPING', is_ephemeral: false },
        message: { type: 'message', ts: record.replyMessageId, thread_ts: ts, bot_id: 'BBOT', text: 'answer' },
        actions: [{ type: 'button', action_id: 'escalate', block_id: `feedback:${record.id}`, value: record.id, action_ts: '1' }],
      });
      await bot.fake.waitFor(
        () => bot.fake.callsTo('chat.postMessage').find((c) => c.body.thread_ts === ts && String(c.body.text).includes('still stuck')),
        'the hand-off',
      );
    }
    await bot.fake.waitFor(() => bot.fake.callsTo('chat.postMessage').filter((c) => c.body.channel === AUTO).length >= 3, 'auto answers');
    await bot.fake.waitFor(() => bot.fake.callsTo('chat.postMessage').filter((c) => c.body.channel === 'CPINGCMD').length >= 6, 'answers');

    const posted = bot.fake.calls.filter((c) => c.method.startsWith('chat.')).map((c) => JSON.stringify(c.body));
    expect(posted.length).toBeGreaterThanOrEqual(15);
    const fingerprintShown = posted.filter((p) => p.includes('fingerprint'));
    expect(fingerprintShown.length).toBeGreaterThan(0);
    for (const p of posted) {
      expect(p).not.toMatch(/<!(?:channel|here|everyone)/);
      expect(p).not.toContain('<@U0VICTIM>');
    }
    // The hand-off still pings the support group the bot is configured to ping.
    expect(posted.some((p) => p.includes('<!subteam^S0SUPPORT>'))).toBe(true);
  }, 60_000);
});

describe('Discord: no smuggled pings', () => {
  let bot: DiscordBot;
  beforeAll(async () => {
    bot = await startDiscordBot({ env: { DISCORD_SUPPORT_ROLE: '1400000000000099999' } });
  });
  afterAll(() => bot?.stop());

  const sent = (c: RecordedCall) =>
    c.body as { content?: string; embeds?: unknown[]; allowed_mentions?: { parse?: string[]; roles?: string[] } };

  it('answers and the hand-off carry no @everyone, @here or foreign mention, and allowed_mentions pings only the support role', async () => {
    const pings = '@everyone @here <@&1400000000000012345> <@1400000000000054321>';
    const msg = bot.fake.post({ channel_id: IDS.autoChannel, content: pingError(pings), author: freshUser() });
    const [post] = await bot.fake.waitForCall('POST', new RegExp(`^/channels/${msg.id}/messages$`));
    const mention = bot.fake.post({
      channel_id: IDS.chatChannel,
      content: `<@${IDS.bot}> ${pingError(pings)}`,
      mentions: [botUser],
      author: freshUser(),
    });
    await bot.fake.waitForCall('POST', new RegExp(`^/channels/${mention.id}/messages$`));
    const answerId = String(JSON.stringify(sent(post as RecordedCall)).match(/fb:human:([A-Za-z0-9_-]+)/)?.[1]);
    const human = bot.fake.interact({
      type: 3,
      channelId: msg.id as string,
      user: freshUser(),
      message: { id: 'answer-message', channel_id: msg.id },
      data: { custom_id: `fb:human:${answerId}`, component_type: 2 },
    } as Parameters<typeof bot.fake.interact>[0]);
    await bot.fake.waitForCall('POST', new RegExp(`^/interactions/${human.id}/.+/callback$`));
    const handoff = (await bot.fake.waitForCall('POST', new RegExp(`^/channels/${msg.id}/messages$`), 2))[1] as RecordedCall;
    expect(sent(handoff).content).toMatch(/still stuck/i);

    const posts = bot.fake.calls.filter((c) => c.method === 'POST' && /\/messages$|\/callback$|\/webhooks\//.test(c.path));
    expect(posts.length).toBeGreaterThanOrEqual(3);
    for (const c of posts) {
      const text = JSON.stringify(sent(c));
      expect(text).not.toMatch(/@(?:everyone|here)/);
      expect(text).not.toContain('<@&1400000000000012345>');
      expect(text).not.toContain('<@1400000000000054321>');
      const allowed = sent(c).allowed_mentions;
      if (allowed) {
        expect(allowed.parse ?? []).toEqual([]);
        expect((allowed.roles ?? []).every((r) => r === '1400000000000099999')).toBe(true);
      }
    }
    expect(sent(handoff).content).toContain('<@&1400000000000099999>');
  }, 60_000);
});

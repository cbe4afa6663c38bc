import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeDiscord, IDS, type RecordedCall } from '../../fakes/discord.js';
import { type DiscordBot, freshUser, startDiscordBot } from './harness.js';

/** Questions in words through the real discord.js client on the local gateway and REST stand-in. */

type Body = {
  embeds?: Array<{ title: string; description: string }>;
  components?: Array<{ components: Array<{ custom_id: string; label: string }> }>;
  data?: { content?: string };
};
const body = (c: RecordedCall | undefined) => (c?.body ?? {}) as Body;
const KNOWN = 'Bedrock says access denied for the Claude model even though I enabled model access in the console, why?';

describe('Discord: questions in words', () => {
  let bot: DiscordBot;
  beforeAll(async () => {
    bot = await startDiscordBot();
  });
  afterAll(async () => {
    await bot?.stop();
  });

  function diagnose(text: string, over: { channelId?: string; permissions?: string } = {}) {
    return bot.fake.interact({
      type: 2,
      user: freshUser(),
      ...over,
      data: { id: '170000000000000001', name: 'diagnose', type: 1, options: [{ name: 'text', type: 3, value: text }] },
    });
  }
  const edited = (fake: FakeDiscord, token: string) =>
    fake.waitForCall('PATCH', new RegExp(`^/webhooks/${IDS.app}/${token}/messages/@original$`));

  it('/diagnose with a question answers with the article that fits', async () => {
    const i = diagnose(KNOWN);
    const [edit] = await edited(bot.fake, String(i.token));
    expect(body(edit).embeds?.[0]?.title).toMatch(/Bedrock/);
    expect(body(edit).embeds?.[0]?.description).toMatch(/\*\*Fix\*\*/);
  });

  it('/diagnose with chatter: "no article" and only the hand-off button', async () => {
    const i = diagnose('what is everyone having for lunch today?');
    const [edit] = await edited(bot.fake, String(i.token));
    expect(body(edit).embeds?.[0]?.title).toBe('I have no article for this');
    expect(body(edit).components?.[0]?.components.map((c) => c.label)).toEqual(['Still stuck: ask a human']);
  });

  it('/diagnose text:channel questions on needs Manage Channels, is saved, then questions are answered unprompted', async () => {
    const denied = diagnose('channel questions on', { channelId: IDS.autoChannel, permissions: '0' });
    const [cb] = await bot.fake.waitForCall('POST', new RegExp(`^/interactions/${denied.id}/.+/callback$`));
    expect(body(cb).data?.content).toMatch(/Manage Channels/);
    expect(await bot.app.ctx.store.channelQuestions('discord', IDS.autoChannel)).toBe(false);

    const allowed = diagnose('channel questions on', { channelId: IDS.autoChannel, permissions: '16' });
    const [cb2] = await bot.fake.waitForCall('POST', new RegExp(`^/interactions/${allowed.id}/.+/callback$`));
    expect(body(cb2).data?.content).toMatch(/Questions \*\*on\*\*/);
    expect(await bot.app.ctx.store.channelQuestions('discord', IDS.autoChannel)).toBe(true);

    const m = bot.fake.post({ content: KNOWN, channel_id: IDS.autoChannel, author: freshUser() });
    const [reply] = await bot.fake.waitForCall('POST', new RegExp(`^/channels/${m.id}/messages$`));
    expect(body(reply).embeds?.[0]?.title).toMatch(/Bedrock/);
  });
});

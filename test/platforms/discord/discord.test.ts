import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botUser, FakeDiscord, IDS, type RecordedCall } from '../../fakes/discord.js';
import { storedRecords } from '../../helpers/store.js';
import { type DiscordBot, freshUser, PASTE, startDiscordBot } from './harness.js';

/**
 * End to end: the real discord.js client, connected to the local gateway + REST stand-in, with the
 * real app (core, store, renderers) behind it.
 */

type Body = Record<string, unknown> & {
  embeds?: Array<{ title: string; description: string }>;
  components?: Array<{ components: Array<{ custom_id: string }> }>;
  content?: string;
  flags?: number;
  type?: number;
  data?: { flags?: number; content?: string; embeds?: unknown[]; components?: Array<{ components: Array<{ custom_id: string }> }> };
};
const body = (c: RecordedCall | undefined) => (c?.body ?? {}) as Body;
const answerIdOf = (b: Body) => b.components?.[0]?.components[0]?.custom_id.split(':')[2] ?? '';
const posts = (fake: FakeDiscord, channelId: string) => fake.callsTo('POST', new RegExp(`^/channels/${channelId}/messages$`));

describe('Discord bot on the local gateway', () => {
  let bot: DiscordBot;
  beforeAll(async () => {
    bot = await startDiscordBot();
  });
  afterAll(async () => {
    await bot?.stop();
  });

  /** Posts a paste nobody should ignore and waits for its answer: everything sent before it has been decided. */
  async function sentinel(): Promise<void> {
    const m = bot.fake.post({ content: PASTE.auth, channel_id: IDS.autoChannel, author: freshUser() });
    await bot.fake.waitForCall('POST', new RegExp(`^/channels/${m.id}/messages$`));
  }

  it('connects: READY and GUILD_CREATE, intents requested, /healthz ready', async () => {
    const identify = bot.fake.frames.find((f) => f.op === 2)?.d as { intents: number; token: string };
    // Guilds | GuildMessages | GuildMessageReactions | DirectMessages | MessageContent
    expect(identify.intents).toBe(1 | 512 | 1024 | 4096 | 32768);
    expect(identify.token).toBe('test-token');
    expect(bot.adapter.status()).toBe('connected');
    expect(bot.adapter.dc?.client.guilds.cache.get(IDS.guild)?.channels.cache.has(IDS.autoChannel)).toBe(true);
    const res = await fetch(`${bot.app.url}/healthz`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { platforms: Record<string, string> }).platforms.discord).toBe('connected');
  });

  it('answers a paste in an auto-reply channel in a thread started from it, with an embed and feedback buttons', async () => {
    const msg = bot.fake.post({ content: PASTE.promptTooLong, author: freshUser() });
    const [thread] = await bot.fake.waitForCall('POST', new RegExp(`^/channels/${IDS.autoChannel}/messages/${msg.id}/threads$`));
    expect(String(body(thread).name).length).toBeGreaterThan(0);
    const [post] = await bot.fake.waitForCall('POST', new RegExp(`^/channels/${msg.id}/messages$`));
    const b = body(post);
    expect(b.embeds?.[0]?.title).toMatch(/prompt is too long/i);
    expect(b.components?.[0]?.components.map((c) => c.custom_id.split(':').slice(0, 2).join(':'))).toEqual([
      'fb:up',
      'fb:down',
      'fb:human',
      'hx:solved',
      'hx:correct',
    ]);
    const record = storedRecords(bot.app.ctx.store).answers.find((a) => a.id === answerIdOf(b));
    expect(record?.platform).toBe('discord');
    expect(record?.channelId).toBe(IDS.autoChannel);
    expect(record?.threadId).toBe(msg.id);
    await bot.fake.waitFor(
      () => storedRecords(bot.app.ctx.store).answers.find((a) => a.id === answerIdOf(b))?.replyMessageId,
      'reply id recorded',
    );
    // Nothing was posted in the channel itself.
    expect(posts(bot.fake, IDS.autoChannel)).toHaveLength(0);
  });

  it('stays silent on chat, on other bots and on its own echoes', async () => {
    const chat = bot.fake.post({ content: PASTE.chatter, author: freshUser() });
    const fromBot = bot.fake.post({ content: PASTE.rolesAlternate, author: { ...freshUser(), bot: true } });
    const webhook = bot.fake.post({ content: PASTE.rolesAlternate, author: freshUser(), webhook_id: '160000000000000001' });
    await sentinel();
    for (const m of [chat, fromBot, webhook]) {
      expect(bot.fake.callsTo('POST', new RegExp(`/messages/${m.id}/threads$`))).toHaveLength(0);
      expect(posts(bot.fake, m.id as string)).toHaveLength(0);
    }
    // The bot's own answers came back as MESSAGE_CREATE in its threads and were not treated as follow-ups.
    const threadPosts = bot.fake.calls.filter((c) => c.method === 'POST' && /^\/channels\/\d+\/messages$/.test(c.path));
    const perThread = new Map<string, number>();
    for (const c of threadPosts) perThread.set(c.path, (perThread.get(c.path) ?? 0) + 1);
    expect(Math.max(...perThread.values())).toBe(1);
  });

  it('an edit that adds the error to a chat message is answered once, in a thread from that message', async () => {
    const author = freshUser();
    const msg = bot.fake.post({ content: 'getting an error from the sdk, one sec', author });
    await sentinel();
    expect(bot.fake.callsTo('POST', new RegExp(`/messages/${msg.id}/threads$`))).toHaveLength(0);
    const edited = bot.fake.edit(msg, `getting an error from the sdk:\n${PASTE.rolesAlternate}`);
    await bot.fake.waitForCall('POST', new RegExp(`^/channels/${IDS.autoChannel}/messages/${msg.id}/threads$`));
    await bot.fake.waitForCall('POST', new RegExp(`^/channels/${msg.id}/messages$`));
    bot.fake.edit(edited, `${String(edited.content)}\n(edit: typo)`);
    await sentinel();
    expect(posts(bot.fake, msg.id as string)).toHaveLength(1);
  });

  it('answers a mention in a channel that is not auto-reply', async () => {
    const msg = bot.fake.post({
      channel_id: IDS.chatChannel,
      content: `<@${IDS.bot}> what does this mean? ${PASTE.rolesAlternate}`,
      mentions: [botUser],
      author: freshUser(),
    });
    await bot.fake.waitForCall('POST', new RegExp(`^/channels/${IDS.chatChannel}/messages/${msg.id}/threads$`));
    const [post] = await bot.fake.waitForCall('POST', new RegExp(`^/channels/${msg.id}/messages$`));
    expect(body(post).embeds?.[0]?.title).toMatch(/roles must alternate|alternat/i);
  });

  it('does not answer a paste without a mention in a channel that is off', async () => {
    const msg = bot.fake.post({ channel_id: IDS.chatChannel, content: PASTE.rolesAlternate, author: freshUser() });
    await sentinel();
    expect(bot.fake.callsTo('POST', new RegExp(`/messages/${msg.id}/threads$`))).toHaveLength(0);
  });

  it('answers a follow-up paste in its own thread without a mention', async () => {
    const first = bot.fake.post({ content: PASTE.rolesAlternate, author: freshUser() });
    await bot.fake.waitForCall('POST', new RegExp(`^/channels/${first.id}/messages$`));
    const follow = bot.fake.post({ channel_id: first.id as string, content: PASTE.auth, author: freshUser() });
    const calls = await bot.fake.waitForCall('POST', new RegExp(`^/channels/${first.id}/messages$`), 2);
    expect(body(calls[1]).embeds?.[0]?.title).toMatch(/authentication|api key|x-api-key|401/i);
    expect(bot.fake.callsTo('POST', new RegExp(`/messages/${follow.id}/threads$`))).toHaveLength(0);
  });

  it('reads a long paste that Discord turned into a message.txt attachment', async () => {
    const att = bot.fake.attachment('message.txt', `Traceback (most recent call last):\n  File "app.py", line 3\n${PASTE.promptTooLong}\n`);
    const msg = bot.fake.post({ content: '', attachments: [att], author: freshUser() });
    const [post] = await bot.fake.waitForCall('POST', new RegExp(`^/channels/${msg.id}/messages$`));
    expect(body(post).embeds?.[0]?.title).toMatch(/prompt is too long/i);
  });

  it("a mention in reply to someone else's error diagnoses the message replied to", async () => {
    const original = bot.fake.post({ channel_id: IDS.chatChannel, content: PASTE.auth, author: freshUser() });
    const ask = bot.fake.post({
      channel_id: IDS.chatChannel,
      content: `<@${IDS.bot}> any idea?`,
      mentions: [botUser],
      type: 19,
      message_reference: { message_id: original.id, channel_id: IDS.chatChannel, guild_id: IDS.guild },
      referenced_message: original,
      author: freshUser(),
    });
    const [post] = await bot.fake.waitForCall('POST', new RegExp(`^/channels/${ask.id}/messages$`));
    expect(body(post).embeds?.[0]?.title).toMatch(/authentication|api key|x-api-key|401/i);
  });

  it('answers in a DM (no thread possible there: a reply)', async () => {
    const dm = '150000000000000777';
    bot.fake.channels.set(dm, { id: dm, type: 1, name: '' });
    const user = freshUser();
    const msg = bot.fake.post({ channel_id: dm, content: PASTE.rolesAlternate, author: user });
    const [post] = await bot.fake.waitForCall('POST', new RegExp(`^/channels/${dm}/messages$`));
    expect((body(post).message_reference as { message_id: string }).message_id).toBe(msg.id);
    expect(body(post).embeds?.[0]?.title).toBeTruthy();
  });

  it('a paste with a live API key: the author is told privately (DM) and the key is never repeated', async () => {
    const key = 'sk-ant-api03-Zq9Xw8Vu7Ts6Rr5Qp4On3Mm2Ll1Kk0Jj9Ii8Hh7Gg6Ff5Ee4Dd3Cc2Bb1Aa0ZzYyXxWwVvUuTtSsRrQq-AbCdEfGh';
    const user = freshUser();
    const msg = bot.fake.post({ content: `ANTHROPIC_API_KEY=${key}\n${PASTE.auth}`, author: user });
    const [open] = await bot.fake.waitForCall('POST', /^\/users\/@me\/channels$/);
    expect((open?.body as { recipient_id?: string } | undefined)?.recipient_id).toBe(user.id);
    const [dm] = await bot.fake.waitForCall('POST', new RegExp(`^/channels/15${user.id.slice(2)}/messages$`));
    expect(body(dm).content).toMatch(/revoke/i);
    await bot.fake.waitForCall('POST', new RegExp(`^/channels/${msg.id}/messages$`));
    expect(JSON.stringify(bot.fake.calls.map((c) => c.body))).not.toContain(key);
  });

  it('answers a new forum post inside the post', async () => {
    const { threadId } = bot.fake.forumPost(PASTE.promptTooLong);
    const [post] = await bot.fake.waitForCall('POST', new RegExp(`^/channels/${threadId}/messages$`));
    expect(body(post).embeds?.[0]?.title).toMatch(/prompt is too long/i);
    expect(bot.fake.callsTo('POST', /\/threads$/).filter((c) => c.path.includes(threadId))).toHaveLength(0);
    const record = storedRecords(bot.app.ctx.store).answers.find((a) => a.id === answerIdOf(body(post)));
    expect(record?.channelId).toBe(IDS.forum);
    expect(record?.threadId).toBe(threadId);
  });

  it('/diagnose text: defers at once, then edits the reply with the answer', async () => {
    const i = bot.fake.interact({
      type: 2,
      user: freshUser(),
      data: { id: '170000000000000001', name: 'diagnose', type: 1, options: [{ name: 'text', type: 3, value: PASTE.promptTooLong }] },
    });
    const [cb] = await bot.fake.waitForCall('POST', new RegExp(`^/interactions/${i.id}/.+/callback$`));
    expect(body(cb).type).toBe(5);
    expect(cb?.headers.authorization).toBeUndefined();
    const [edit] = await bot.fake.waitForCall('PATCH', new RegExp(`^/webhooks/${IDS.app}/${i.token}/messages/@original$`));
    expect(bot.fake.calls.indexOf(cb as RecordedCall)).toBeLessThan(bot.fake.calls.indexOf(edit as RecordedCall));
    expect(body(edit).embeds?.[0]?.title).toMatch(/prompt is too long/i);
    expect(answerIdOf(body(edit))).not.toBe('');
  });

  it('/diagnose file: reads an attached log file (only its end when large)', async () => {
    const log = `${'INFO starting worker\n'.repeat(60_000)}${PASTE.promptTooLong}\n`;
    const att = bot.fake.attachment('run.log', log);
    const i = bot.fake.interact({
      type: 2,
      user: freshUser(),
      data: {
        id: '170000000000000001',
        name: 'diagnose',
        type: 1,
        options: [{ name: 'file', type: 11, value: att.id }],
        resolved: { attachments: { [att.id]: att } },
      },
    });
    const [edit] = await bot.fake.waitForCall('PATCH', new RegExp(`^/webhooks/${IDS.app}/${i.token}/messages/@original$`));
    expect(body(edit).embeds?.[0]?.title).toMatch(/prompt is too long/i);
    const download = bot.fake.calls.find((c) => c.path.includes('run.log'));
    expect(download?.headers.range).toMatch(/^bytes=-\d+$/);
  });

  it('/diagnose without input answers privately with usage, without deferring', async () => {
    const i = bot.fake.interact({ type: 2, user: freshUser(), data: { id: '170000000000000001', name: 'diagnose', type: 1, options: [] } });
    const [cb] = await bot.fake.waitForCall('POST', new RegExp(`^/interactions/${i.id}/.+/callback$`));
    expect(body(cb).type).toBe(4);
    expect(body(cb).data?.flags).toBe(64);
    expect(body(cb).data?.content).toMatch(/text:/);
  });

  it('"Diagnose this message" answers in a thread under the target and tells the asker privately', async () => {
    const target = bot.fake.message({ channel_id: IDS.chatChannel, content: PASTE.rolesAlternate, author: freshUser() });
    const i = bot.fake.interact({
      type: 2,
      channelId: IDS.chatChannel,
      user: freshUser(),
      data: {
        id: '170000000000000002',
        name: 'Diagnose this message',
        type: 3,
        target_id: target.id,
        resolved: { messages: { [target.id as string]: target } },
      },
    });
    const [cb] = await bot.fake.waitForCall('POST', new RegExp(`^/interactions/${i.id}/.+/callback$`));
    expect(body(cb)).toMatchObject({ type: 5, data: { flags: 64 } });
    await bot.fake.waitForCall('POST', new RegExp(`^/channels/${IDS.chatChannel}/messages/${target.id}/threads$`));
    const [post] = await bot.fake.waitForCall('POST', new RegExp(`^/channels/${target.id}/messages$`));
    expect(body(post).embeds?.[0]?.title).toBeTruthy();
    const [edit] = await bot.fake.waitForCall('PATCH', new RegExp(`^/webhooks/${IDS.app}/${i.token}/messages/@original$`));
    expect(body(edit).content).toContain(`https://discord.com/channels/${IDS.guild}/${target.id}/`);
  });

  it('a button click records the vote and is acknowledged privately', async () => {
    const msg = bot.fake.post({ content: PASTE.promptTooLong, author: freshUser() });
    const [post] = await bot.fake.waitForCall('POST', new RegExp(`^/channels/${msg.id}/messages$`));
    const answerId = answerIdOf(body(post));
    const voter = freshUser();
    const answerMessage = [...bot.fake.messages.values()].find((m) => m.channel_id === msg.id && m.author === botUser) as Record<
      string,
      unknown
    >;
    const i = bot.fake.interact({
      type: 3,
      channelId: msg.id as string,
      user: voter,
      message: answerMessage,
      data: { custom_id: `fb:down:${answerId}`, component_type: 2 },
    });
    const [cb] = await bot.fake.waitForCall('POST', new RegExp(`^/interactions/${i.id}/.+/callback$`));
    expect(body(cb)).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(body(cb).data?.content).toMatch(/thanks/i);
    expect(storedRecords(bot.app.ctx.store).votes.find((v) => v.answerId === answerId && v.userId === voter.id)?.value).toBe('down');
    // The private reply asks why, one button per reason; a click stores the reason and clears the buttons.
    const reasonIds = (body(cb).data?.components?.[0]?.components ?? []).map((c: { custom_id: string }) => c.custom_id);
    expect(reasonIds).toEqual(['wrong-article', 'fix-failed', 'outdated', 'unclear'].map((r) => `fb:why:${r}:${answerId}`));
    const why = bot.fake.interact({
      type: 3,
      channelId: msg.id as string,
      user: voter,
      message: answerMessage,
      data: { custom_id: reasonIds[0], component_type: 2 },
    });
    const [cbWhy] = await bot.fake.waitForCall('POST', new RegExp(`^/interactions/${why.id}/.+/callback$`));
    expect(body(cbWhy)).toMatchObject({ type: 7, data: { components: [] } });
    expect(storedRecords(bot.app.ctx.store).votes.find((v) => v.answerId === answerId && v.userId === voter.id)?.reason).toBe(
      'wrong-article',
    );

    const human = bot.fake.interact({
      type: 3,
      channelId: msg.id as string,
      user: voter,
      message: answerMessage,
      data: { custom_id: `fb:human:${answerId}`, component_type: 2 },
    });
    const [cb2] = await bot.fake.waitForCall('POST', new RegExp(`^/interactions/${human.id}/.+/callback$`));
    expect(body(cb2).data?.flags).toBe(64);
    const handoffs = await bot.fake.waitForCall('POST', new RegExp(`^/channels/${msg.id}/messages$`), 2);
    expect(body(handoffs[1]).content).toMatch(/still stuck/i);
  });

  it('/diagnose-channel needs Manage Channels; with it the mode is stored', async () => {
    const data = { id: '170000000000000003', name: 'diagnose-channel', type: 1, options: [{ name: 'mode', type: 3, value: 'shadow' }] };
    const denied = bot.fake.interact({ type: 2, channelId: IDS.chatChannel, user: freshUser(), permissions: '0', data });
    const [cb] = await bot.fake.waitForCall('POST', new RegExp(`^/interactions/${denied.id}/.+/callback$`));
    expect(body(cb).data?.content).toMatch(/Manage Channels/);
    expect(await bot.app.ctx.core.channelMode('discord', IDS.chatChannel)).toBe('off');

    const allowed = bot.fake.interact({ type: 2, channelId: IDS.chatChannel, user: freshUser(), permissions: '16', data });
    const [cb2] = await bot.fake.waitForCall('POST', new RegExp(`^/interactions/${allowed.id}/.+/callback$`));
    expect(body(cb2).data?.content).toMatch(/shadow/i);
    expect(await bot.app.ctx.core.channelMode('discord', IDS.chatChannel)).toBe('shadow');
    // Shadow: a paste is recorded, nothing is posted.
    const msg = bot.fake.post({ channel_id: IDS.chatChannel, content: PASTE.promptTooLong, author: freshUser() });
    await sentinel();
    expect(bot.fake.callsTo('POST', new RegExp(`/messages/${msg.id}/threads$`))).toHaveLength(0);
    expect(storedRecords(bot.app.ctx.store).answers.some((a) => a.sourceMessageId === msg.id && a.shadow)).toBe(true);
  });

  it('/diagnose-stats answers privately with an embed', async () => {
    const i = bot.fake.interact({ type: 2, user: freshUser(), data: { id: '170000000000000004', name: 'diagnose-stats', type: 1 } });
    const [cb] = await bot.fake.waitForCall('POST', new RegExp(`^/interactions/${i.id}/.+/callback$`));
    expect(body(cb)).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(JSON.stringify(body(cb).data?.embeds)).toMatch(/Answers by article/);
    const metrics = await (await fetch(`${bot.app.url}/metrics`)).text();
    expect(metrics).toMatch(/diagnose_bot_ack_latency_seconds_count\{platform="discord",kind="command"\} [1-9]/);
  });

  it('REST 403 on thread and reply: logged and counted, no crash, next paste answered', async () => {
    bot.fake.fail({ method: 'POST', path: /\/threads$/ }, 403, { message: 'Missing Access', code: 50001 });
    bot.fake.fail({ method: 'POST', path: new RegExp(`^/channels/${IDS.autoChannel}/messages$`) }, 403, {
      message: 'Missing Access',
      code: 50001,
    });
    const msg = bot.fake.post({ content: PASTE.promptTooLong, author: freshUser() });
    await bot.fake.waitFor(() => bot.logs(/could not carry out a bot action/).length > 0, 'failure logged');
    expect(bot.logs(/start-thread failed/)[0]).toMatchObject({ err: { code: 50001, status: 403 } });
    const metrics = await (await fetch(`${bot.app.url}/metrics`)).text();
    expect(metrics).toMatch(/diagnose_bot_platform_errors_total\{platform="discord",code="50001"\} [1-9]/);
    expect(posts(bot.fake, msg.id as string)).toHaveLength(0);
    await sentinel();
  });

  it('50013 on an embed: falls back to the plain-text answer', async () => {
    bot.fake.fail({ method: 'POST', path: /^\/channels\/\d+\/messages$/ }, 403, { message: 'Missing Permissions', code: 50013 });
    const msg = bot.fake.post({ content: PASTE.rolesAlternate, author: freshUser() });
    const calls = await bot.fake.waitFor(() => {
      const c = posts(bot.fake, msg.id as string);
      return c.length >= 2 ? c : null;
    }, 'text fallback');
    expect(calls[0]?.status).toBe(403);
    expect(body(calls[1]).content).toMatch(/roles must alternate|alternat/i);
    expect(body(calls[1]).embeds ?? []).toHaveLength(0);
    expect(calls[1]?.status).toBe(200);
  });

  it('50035 invalid form body: logged with a hint, no crash', async () => {
    bot.fake.fail({ method: 'POST', path: /^\/channels\/\d+\/messages$/ }, 400, {
      message: 'Invalid Form Body',
      code: 50035,
      errors: {
        embeds: { '0': { description: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 4096 or fewer in length.' }] } } },
      },
    });
    bot.fake.post({ content: PASTE.auth, author: freshUser() });
    await bot.fake.waitFor(() => bot.logs(/post-answer failed/).find((l) => (l.err as { code: number }).code === 50035), '50035 logged');
    expect(JSON.stringify(bot.logs(/post-answer failed/))).toMatch(/limit was exceeded/);
    await sentinel();
  });

  it('429 with retry_after: waited out, then posted', async () => {
    bot.fake.fail(
      { method: 'POST', path: /^\/channels\/\d+\/messages$/ },
      429,
      { message: 'You are being rate limited.', retry_after: 0.05, global: false },
      1,
      {
        'retry-after': '0.05',
        'x-ratelimit-scope': 'user',
        'x-ratelimit-bucket': 'b1',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset-after': '0.05',
        'x-ratelimit-limit': '5',
      },
    );
    const msg = bot.fake.post({ content: PASTE.promptTooLong, author: freshUser() });
    const calls = await bot.fake.waitFor(() => {
      const c = posts(bot.fake, msg.id as string);
      return c.some((x) => x.status === 200) ? c : null;
    }, 'posted after 429');
    expect(calls[0]?.status).toBe(429);
    expect(bot.logs(/rate limit hit/).length).toBeGreaterThan(0);
  });

  it('warns clearly (once, then rate-limited) when guild messages arrive with empty content', async () => {
    bot.fake.post({ content: '', author: freshUser() });
    bot.fake.post({ content: '', author: freshUser() });
    await sentinel();
    const warnings = bot.logs(/Message Content intent is not enabled/);
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0]?.msg)).toMatch(/Developer Portal/);
  });

  it('gateway close: resumes, status recovers, and events flow again', async () => {
    const resumesBefore = bot.fake.resumes;
    bot.fake.closeGateway(4000);
    await bot.fake.waitFor(() => bot.fake.resumes > resumesBefore && bot.adapter.status() === 'connected', 'resumed');
    const msg = bot.fake.post({ content: PASTE.rolesAlternate, author: freshUser() });
    await bot.fake.waitForCall('POST', new RegExp(`^/channels/${msg.id}/messages$`));

    bot.fake.requestReconnect();
    await bot.fake.waitFor(() => bot.fake.resumes > resumesBefore + 1 && bot.fake.connections === 1, 'resumed after op 7');
    const msg2 = bot.fake.post({ content: PASTE.promptTooLong, author: freshUser() });
    await bot.fake.waitForCall('POST', new RegExp(`^/channels/${msg2.id}/messages$`));
    expect(bot.fake.identifies).toBe(1);
  });
});

describe('Discord answers updated later and interaction failures', () => {
  let bot: DiscordBot;
  beforeAll(async () => {
    bot = await startDiscordBot({
      enricher: { enrich: async ({ answer }) => ({ ...answer, summary: 'Your prompt is over the context window; trim history.' }) },
    });
  });
  afterAll(async () => {
    await bot?.stop();
  });

  it('an enriched answer (Claude summary) edits the posted message in the thread', async () => {
    const msg = bot.fake.post({ content: PASTE.promptTooLong, author: freshUser() });
    const [post] = await bot.fake.waitForCall('POST', new RegExp(`^/channels/${msg.id}/messages$`));
    const [edit] = await bot.fake.waitForCall('PATCH', new RegExp(`^/channels/${msg.id}/messages/\\d+$`));
    expect(body(edit).embeds?.[0]?.description).toMatch(/Summary \(by Claude\)[\s\S]*trim history/);
    expect(body(post).embeds?.[0]?.description).not.toMatch(/by Claude/);
  });

  it('an interaction that expired (10062 on the callback) is logged with a hint, not a crash', async () => {
    bot.fake.fail({ method: 'POST', path: /\/callback$/ }, 404, { message: 'Unknown interaction', code: 10062 });
    const i = bot.fake.interact({
      type: 2,
      user: freshUser(),
      data: { id: '170000000000000001', name: 'diagnose', type: 1, options: [{ name: 'text', type: 3, value: PASTE.auth }] },
    });
    await bot.fake.waitFor(() => bot.logs(/interaction failed/).length > 0, 'logged');
    expect(JSON.stringify(bot.logs(/interaction failed/))).toMatch(/3-second window/);
    expect(JSON.stringify(bot.lines)).not.toContain(String(i.token));
    const m = bot.fake.post({ content: PASTE.rolesAlternate, author: freshUser() });
    await bot.fake.waitForCall('POST', new RegExp(`^/channels/${m.id}/messages$`));
  });
});

describe('Discord start-up problems', () => {
  it('Message Content intent not enabled (4014): connects without it and says how to enable it', async () => {
    const fake = await FakeDiscord.start();
    fake.closeOnIdentify = (intents) => (intents & 32768 ? 4014 : null);
    const bot = await startDiscordBot({ fake });
    try {
      expect(bot.adapter.status()).toBe('connected');
      expect(bot.fake.identifies).toBe(2);
      expect(bot.logs(/Privileged Gateway Intents/).length).toBeGreaterThan(0);
      // Mentions still work.
      const msg = bot.fake.post({
        channel_id: IDS.chatChannel,
        content: `<@${IDS.bot}> ${PASTE.auth}`,
        mentions: [botUser],
        author: freshUser(),
      });
      await bot.fake.waitForCall('POST', new RegExp(`^/channels/${msg.id}/messages$`));
    } finally {
      await bot.stop();
    }
  });

  it('a rejected token fails start-up with a clear message', async () => {
    const fake = await FakeDiscord.start();
    fake.fail({ method: 'GET', path: /^\/gateway\/bot$/ }, 401, { message: '401: Unauthorized', code: 0 });
    await expect(startDiscordBot({ fake })).rejects.toThrow(/DISCORD_TOKEN/);
  });
});

describe('Discord gateway heartbeat loss', () => {
  it('a connection that stops acknowledging heartbeats is dropped and resumed; events flow again', async () => {
    const fake = await FakeDiscord.start();
    fake.heartbeatInterval = 250;
    const bot = await startDiscordBot({ fake });
    try {
      const resumesBefore = fake.resumes;
      fake.ackHeartbeats = false;
      // discord.js treats a missing ACK as a zombie connection: it closes and RESUMEs.
      await fake.waitFor(() => fake.resumes > resumesBefore || undefined, 'a RESUME after missed heartbeat ACKs', 15_000);
      fake.ackHeartbeats = true;
      await fake.waitFor(() => bot.adapter.status() === 'connected' || undefined, 'connected again', 15_000);
      const msg = fake.post({ content: PASTE.promptTooLong, author: freshUser() });
      await fake.waitForCall('POST', new RegExp(`^/channels/${msg.id}/messages$`));
      expect(fake.identifies).toBe(1);
    } finally {
      await bot.stop();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botUser, IDS, type RecordedCall, snowflake } from '../../fakes/discord.js';
import { storedRecords } from '../../helpers/store.js';
import { type DiscordBot, freshUser, PASTE, startDiscordBot } from './harness.js';

/**
 * Issue 16 on Discord, with the real discord.js client on the local gateway: a helper shares an
 * article (/diagnose-article with autocomplete, "Answer with an article"), 👍/👎 reactions vote, and
 * edits of messages the bot never saw (sent before it started) are answered.
 */

// biome-ignore lint/suspicious/noExplicitAny: recorded JSON bodies
type Json = Record<string, any>;
const body = (c: RecordedCall | undefined) => (c?.body ?? {}) as Json;

let bot: DiscordBot;
beforeAll(async () => {
  bot = await startDiscordBot();
});
afterAll(async () => {
  await bot?.stop();
});

const records = () => storedRecords(bot.app.ctx.store);
const callback = async (i: Json) => (await bot.fake.waitForCall('POST', new RegExp(`^/interactions/${i.id}/.+/callback$`)))[0];

/** A thread in the chat channel the client knows about (THREAD_CREATE). */
function openThread(): string {
  const id = snowflake();
  const thread = bot.fake.threadChannel(id, IDS.chatChannel, 'help with an error', IDS.user);
  bot.fake.dispatch('THREAD_CREATE', { ...thread, newly_created: true });
  return id;
}

describe('/diagnose-article', () => {
  it('autocompletes over titles and ids: at most 25 choices, names of at most 100 characters', async () => {
    const i = bot.fake.interact({
      type: 4,
      data: {
        id: '170000000000000010',
        name: 'diagnose-article',
        type: 1,
        options: [{ name: 'article', type: 3, value: 'overloaded', focused: true }],
      },
    });
    const cb = body(await callback(i));
    expect(cb.type).toBe(8);
    const choices = cb.data.choices as Array<{ name: string; value: string }>;
    expect(choices[0]?.value).toBe('overloaded-529');
    expect(choices.length).toBeLessThanOrEqual(25);
    for (const c of choices) expect(c.name.length).toBeLessThanOrEqual(100);

    const byId = bot.fake.interact({
      type: 4,
      data: {
        id: '170000000000000010',
        name: 'diagnose-article',
        type: 1,
        options: [{ name: 'article', type: 3, value: 'prompt-too', focused: true }],
      },
    });
    expect(body(await callback(byId)).data.choices[0].value).toBe('prompt-too-long');
  });

  it('posts the article in the thread, shared by the helper without pinging anyone, recorded and votable', async () => {
    const thread = openThread();
    const helper = freshUser();
    const i = bot.fake.interact({
      type: 2,
      channelId: thread,
      user: helper,
      data: {
        id: '170000000000000010',
        name: 'diagnose-article',
        type: 1,
        options: [{ name: 'article', type: 3, value: 'overloaded-529' }],
      },
    });
    expect(body(await callback(i))).toMatchObject({ type: 5, data: { flags: 64 } });
    const [post] = await bot.fake.waitForCall('POST', new RegExp(`^/channels/${thread}/messages$`));
    const p = body(post);
    expect(p.content).toBe(`📌 Shared by <@${helper.id}>`);
    expect(p.allowed_mentions).toEqual({ parse: [] });
    expect(p.embeds[0].title).toMatch(/overloaded/i);
    const answerId = String(p.components[0].components[0].custom_id).split(':')[2];
    const record = await bot.fake.waitFor(() => records().answers.find((a) => a.id === answerId && a.replyMessageId), 'record');
    expect(record).toMatchObject({
      trigger: 'push',
      articleId: 'overloaded-529',
      userId: helper.id,
      channelId: IDS.chatChannel,
      threadId: thread,
    });
    const [edit] = await bot.fake.waitForCall('PATCH', new RegExp(`^/webhooks/${IDS.app}/${i.token}/messages/@original$`));
    expect(body(edit).content).toContain(`https://discord.com/channels/${IDS.guild}/${thread}/${record.replyMessageId}`);

    // The usual buttons vote on it.
    const voter = freshUser();
    const posted = bot.fake.messages.get(String(record.replyMessageId)) as Json;
    bot.fake.interact({
      type: 3,
      channelId: thread,
      user: voter,
      message: posted,
      data: { custom_id: `fb:up:${answerId}`, component_type: 2 },
    });
    await bot.fake.waitFor(() => records().votes.find((v) => v.answerId === answerId && v.userId === voter.id), 'the vote');
  });

  it('where the bot may not post, the helper is told why (privately), no crash', async () => {
    const thread = openThread();
    bot.fake.fail({ method: 'POST', path: new RegExp(`^/channels/${thread}/messages$`) }, 403, { message: 'Missing Access', code: 50001 });
    const i = bot.fake.interact({
      type: 2,
      channelId: thread,
      data: {
        id: '170000000000000010',
        name: 'diagnose-article',
        type: 1,
        options: [{ name: 'article', type: 3, value: 'overloaded-529' }],
      },
    });
    const [edit] = await bot.fake.waitForCall('PATCH', new RegExp(`^/webhooks/${IDS.app}/${i.token}/messages/@original$`));
    expect(body(edit).content).toMatch(/could not post the article here: the bot cannot see this channel/);
  });

  it('an unknown article is refused privately, nothing posted', async () => {
    const thread = openThread();
    const i = bot.fake.interact({
      type: 2,
      channelId: thread,
      data: { id: '170000000000000010', name: 'diagnose-article', type: 1, options: [{ name: 'article', type: 3, value: 'zzqx' }] },
    });
    expect(body(await callback(i))).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(body(await callback(i)).data.content).toMatch(/No article matches/);
    expect(bot.fake.callsTo('POST', new RegExp(`^/channels/${thread}/messages$`))).toHaveLength(0);
  });
});

describe('"Answer with an article"', () => {
  it('offers the best-fitting articles privately; the pick is posted in a thread on the message, attributed', async () => {
    const target = bot.fake.message({ channel_id: IDS.chatChannel, content: PASTE.promptTooLong, author: freshUser() });
    const helper = freshUser();
    const menu = bot.fake.interact({
      type: 2,
      channelId: IDS.chatChannel,
      user: helper,
      data: {
        id: '170000000000000011',
        name: 'Answer with an article',
        type: 3,
        target_id: target.id,
        resolved: { messages: { [target.id as string]: target } },
      },
    });
    const cb = body(await callback(menu));
    expect(cb).toMatchObject({ type: 4, data: { flags: 64 } });
    const select = cb.data.components[0].components[0];
    expect(select.custom_id).toBe(`share:${IDS.chatChannel}:${target.id}`);
    expect(select.options[0].value).toBe('prompt-too-long');
    expect(select.options.length).toBeLessThanOrEqual(25);

    const ephemeral = bot.fake.message({ channel_id: IDS.chatChannel, author: botUser, flags: 64, content: cb.data.content });
    const pick = bot.fake.interact({
      type: 3,
      channelId: IDS.chatChannel,
      user: helper,
      message: ephemeral,
      data: { custom_id: select.custom_id, component_type: 3, values: ['prompt-too-long'] },
    });
    expect(body(await callback(pick)).type).toBe(6);
    await bot.fake.waitForCall('POST', new RegExp(`^/channels/${IDS.chatChannel}/messages/${target.id}/threads$`));
    const [post] = await bot.fake.waitForCall('POST', new RegExp(`^/channels/${target.id}/messages$`));
    expect(body(post).content).toBe(`📌 Shared by <@${helper.id}>`);
    expect(body(post).allowed_mentions).toEqual({ parse: [] });
    const [done] = await bot.fake.waitForCall('PATCH', new RegExp(`^/webhooks/${IDS.app}/${pick.token}/messages/@original$`));
    expect(body(done).content).toMatch(/^Shared/);
    expect(body(done).components).toEqual([]);
    const record = await bot.fake.waitFor(
      () => records().answers.find((a) => a.sourceMessageId === target.id && a.trigger === 'push' && a.replyMessageId),
      'record',
    );
    expect(record).toMatchObject({ articleId: 'prompt-too-long', threadId: target.id, userId: helper.id });

    // 👍 on the shared article is a vote.
    const voter = freshUser();
    bot.fake.react(bot.fake.messages.get(String(record.replyMessageId)) as Json, '👍', voter);
    await bot.fake.waitFor(() => records().votes.find((v) => v.answerId === record.id && v.userId === voter.id), 'reaction vote');
  });

  it('"Search all articles…" opens a modal; its result replaces the picker’s choices', async () => {
    const target = bot.fake.message({ channel_id: IDS.chatChannel, content: 'anyone seen this before?', author: freshUser() });
    const helper = freshUser();
    const menu = bot.fake.interact({
      type: 2,
      channelId: IDS.chatChannel,
      user: helper,
      data: {
        id: '170000000000000011',
        name: 'Answer with an article',
        type: 3,
        target_id: target.id,
        resolved: { messages: { [target.id as string]: target } },
      },
    });
    const cb = body(await callback(menu));
    const button = cb.data.components[1].components[0];
    expect(button.custom_id).toBe(`share-search:${IDS.chatChannel}:${target.id}`);
    const ephemeral = bot.fake.message({ channel_id: IDS.chatChannel, author: botUser, flags: 64, content: cb.data.content });

    const click = bot.fake.interact({
      type: 3,
      channelId: IDS.chatChannel,
      user: helper,
      message: ephemeral,
      data: { custom_id: button.custom_id, component_type: 2 },
    });
    const modal = body(await callback(click));
    expect(modal.type).toBe(9);
    expect(modal.data.custom_id).toBe(button.custom_id);

    const submit = bot.fake.interact({
      type: 5,
      channelId: IDS.chatChannel,
      user: helper,
      message: ephemeral,
      data: {
        custom_id: button.custom_id,
        components: [{ type: 18, id: 1, component: { type: 4, id: 2, custom_id: 'query', value: 'bedrock access' } }],
      },
    });
    const updated = body(await callback(submit));
    expect(updated.type).toBe(7);
    const select = updated.data.components[0].components[0];
    expect(select.custom_id).toBe(`share:${IDS.chatChannel}:${target.id}`);
    expect(select.options.length).toBeGreaterThan(0);
    for (const o of select.options.slice(0, 3)) expect(`${o.value} ${o.label}`.toLowerCase()).toMatch(/bedrock|access/);

    const nothing = bot.fake.interact({
      type: 5,
      channelId: IDS.chatChannel,
      user: helper,
      message: ephemeral,
      data: {
        custom_id: button.custom_id,
        components: [{ type: 18, id: 1, component: { type: 4, id: 2, custom_id: 'query', value: 'qqqzzzxxx' } }],
      },
    });
    const none = body(await callback(nothing));
    expect(none.data.content).toMatch(/No article matches/);
    expect(none.data.components).toHaveLength(1);
  });
});

describe('reaction votes', () => {
  /** A paste answered in the auto channel: its record and the posted answer message. */
  async function answered() {
    const msg = bot.fake.post({ content: PASTE.promptTooLong, channel_id: IDS.autoChannel, author: freshUser() });
    const record = await bot.fake.waitFor(() => records().answers.find((a) => a.sourceMessageId === msg.id && a.replyMessageId), 'answer');
    return { record, message: bot.fake.messages.get(String(record.replyMessageId)) as Json };
  }
  const voteOf = (answerId: string, userId: string) => records().votes.find((v) => v.answerId === answerId && v.userId === userId);

  it('👍 (any skin tone) votes up, 👎 changes it, removing the reaction withdraws it', async () => {
    const { record, message } = await answered();
    const voter = freshUser();
    bot.fake.react(message, '👍🏽', voter);
    await bot.fake.waitFor(() => voteOf(record.id, voter.id)?.value === 'up' || undefined, 'up vote');
    bot.fake.react(message, '👎', voter);
    await bot.fake.waitFor(() => voteOf(record.id, voter.id)?.value === 'down' || undefined, 'changed to down');
    bot.fake.react(message, '👎', voter, true);
    await bot.fake.waitFor(() => !voteOf(record.id, voter.id) || undefined, 'vote withdrawn');
  });

  it('other emoji, the bot itself and reactions on people’s messages do not vote', async () => {
    const { record, message } = await answered();
    bot.fake.react(message, '🎉', freshUser());
    bot.fake.react(message, '👍', { ...botUser, global_name: 'diagnose-bot' } as never);
    const someone = bot.fake.post({ content: 'thanks all', channel_id: IDS.chatChannel, author: freshUser() });
    const voter = freshUser();
    bot.fake.react(someone, '👍', voter);
    // A counted vote afterwards proves the earlier reactions were processed (events are handled in order).
    const sentinel = freshUser();
    bot.fake.react(message, '👍', sentinel);
    await bot.fake.waitFor(() => voteOf(record.id, sentinel.id), 'sentinel vote');
    expect(
      records()
        .votes.filter((v) => v.answerId === record.id)
        .map((v) => v.userId),
    ).toEqual([sentinel.id]);
    expect(records().votes.some((v) => v.userId === voter.id)).toBe(false);
  });

  it('a reaction on an answer posted before the bot started (not cached) counts, found by message id without a fetch', async () => {
    // The answer as a previous run left it: a message in the channel and its record, unknown to this client.
    const old = bot.fake.message({ channel_id: IDS.chatChannel, author: botUser, content: '', embeds: [{ title: 'old answer' }] });
    const rec = await bot.app.ctx.store.recordAnswer({
      platform: 'discord',
      channelId: IDS.chatChannel,
      threadId: IDS.chatChannel,
      sourceMessageId: snowflake(),
      userId: IDS.user,
      articleId: 'prompt-too-long',
      fingerprint: 'f',
      fingerprintHash: 'old-fp',
      confidence: 0.9,
      trigger: 'mention',
      shadow: false,
    });
    await bot.app.ctx.store.answerPosted(rec.id, String(old.id));
    const fetchesBefore = bot.fake.callsTo('GET', new RegExp(`^/channels/${IDS.chatChannel}/messages/${old.id}$`)).length;
    const voter = freshUser();
    bot.fake.react(old, '👍', voter);
    await bot.fake.waitFor(() => voteOf(rec.id, voter.id), 'vote on the uncached answer');
    expect(bot.fake.callsTo('GET', new RegExp(`^/channels/${IDS.chatChannel}/messages/${old.id}$`)).length).toBe(fetchesBefore);
    bot.fake.react(old, '👍', voter, true);
    await bot.fake.waitFor(() => !voteOf(rec.id, voter.id) || undefined, 'withdrawn');
    // Someone else's old message: not an answer, so nothing counts (and nothing is fetched).
    const theirs = bot.fake.message({ channel_id: IDS.chatChannel, author: freshUser(), content: 'old chat' });
    const other = freshUser();
    bot.fake.react(theirs, '👍', other);
    const sentinel = freshUser();
    bot.fake.react(old, '👍', sentinel);
    await bot.fake.waitFor(() => voteOf(rec.id, sentinel.id), 'sentinel vote');
    expect(records().votes.some((v) => v.userId === other.id)).toBe(false);
    expect(bot.fake.callsTo('GET', new RegExp(`^/channels/${IDS.chatChannel}/messages/${theirs.id}$`))).toHaveLength(0);
  });
});

describe('edits of messages sent before the bot started', () => {
  it('an uncached message edited into an error paste is answered, in a thread from it', async () => {
    // Never dispatched as MESSAGE_CREATE: the client has not seen it.
    const msg = bot.fake.message({ channel_id: IDS.autoChannel, content: 'getting an error, one sec', author: freshUser() });
    bot.fake.edit(msg, `getting an error:\n${PASTE.rolesAlternate}`);
    await bot.fake.waitForCall('POST', new RegExp(`^/channels/${IDS.autoChannel}/messages/${msg.id}/threads$`));
    const [post] = await bot.fake.waitForCall('POST', new RegExp(`^/channels/${msg.id}/messages$`));
    expect(body(post).embeds[0].title).toMatch(/roles must alternate/i);
  });
});

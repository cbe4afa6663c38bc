import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botUser, FakeDiscord, humanUser, IDS, type RecordedCall } from '../../fakes/discord.js';
import { storedRecords } from '../../helpers/store.js';
import { type DiscordBot, freshUser, PASTE, startDiscordBot } from './harness.js';

/**
 * Helpers through the bot on Discord, with the real discord.js client on the local stand-in: the helper
 * role setting, "Wrong article?" (select menu and search), "Solved" by button and by ✅ (forum tag,
 * archive and lock after the delay, kept across a restart).
 */
// biome-ignore lint/suspicious/noExplicitAny: Discord payloads are plain JSON
type Json = Record<string, any>;
const body = (c: RecordedCall | undefined) => (c?.body ?? {}) as Json;
const ROLE = '160000000000000001';
const TAG = '165000000000000001';
const MANAGE_GUILD = String(1 << 5);

/** A fake with a support role in the guild and a "Solved" tag on the forum. */
async function fakeWithHelpers(): Promise<FakeDiscord> {
  const fake = await FakeDiscord.start();
  fake.roles.push({ id: ROLE, name: 'support', permissions: '0' });
  const forum = fake.channels.get(IDS.forum);
  if (forum) forum.available_tags = [{ id: TAG, name: 'Solved', moderated: false, emoji_id: null, emoji_name: '✅' }];
  return fake;
}

/**
 * A paste in the auto-reply channel (or a forum post) and the bot's answer in its thread. The 401 paste
 * unless told: the correction test below steers the ranking of the other one in this server.
 */
async function answered(bot: DiscordBot, forum = false, paste = PASTE.auth, author = freshUser()) {
  const threadId = forum ? bot.fake.forumPost(paste).threadId : (bot.fake.post({ content: paste, author }).id as string);
  const [post] = await bot.fake.waitForCall('POST', new RegExp(`^/channels/${threadId}/messages$`));
  const answerId = String(body(post).components[0].components[0].custom_id).split(':')[2] as string;
  const message = [...bot.fake.messages.values()].find((m) => m.channel_id === threadId && m.author === botUser) as Json;
  return { threadId, answerId, message };
}

async function callback(bot: DiscordBot, i: Json): Promise<Json> {
  const [cb] = await bot.fake.waitForCall('POST', new RegExp(`^/interactions/${i.id}/.+/callback$`));
  return body(cb);
}

/** Polls an async probe (the store is written just after the REST call the fake saw). */
async function eventually<T>(probe: () => Promise<T | null | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const v = await probe();
    if (v !== null && v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function click(bot: DiscordBot, a: { threadId: string; message: Json }, customId: string, user = freshUser(), over: Json = {}) {
  return bot.fake.interact({
    type: 3,
    channelId: a.threadId,
    user,
    message: a.message,
    data: { custom_id: customId, component_type: 2 },
    ...over,
  });
}

describe('helpers on Discord', () => {
  let bot: DiscordBot;
  beforeAll(async () => {
    bot = await startDiscordBot({ fake: await fakeWithHelpers(), env: { SOLVED_ARCHIVE_SECONDS: '1', SOLVED_LOCK: 'true' } });
  });
  afterAll(() => bot?.stop());

  it('/diagnose-settings helpers needs Manage Server; the role is stored for the server', async () => {
    const data = {
      id: '170000000000000009',
      name: 'diagnose-settings',
      type: 1,
      options: [{ name: 'helpers', type: 1, options: [{ name: 'role', type: 8, value: ROLE }] }],
      resolved: {
        roles: {
          [ROLE]: {
            id: ROLE,
            name: 'support',
            permissions: '0',
            position: 1,
            color: 0,
            hoist: false,
            managed: false,
            mentionable: true,
            flags: 0,
          },
        },
      },
    };
    const refused = await callback(bot, bot.fake.interact({ type: 2, user: freshUser(), data }));
    expect(refused.data.content).toMatch(/Manage Server/);
    expect(await bot.app.ctx.store.communitySettings('discord', IDS.guild)).toBeUndefined();
    const ok = await callback(bot, bot.fake.interact({ type: 2, user: freshUser(), permissions: MANAGE_GUILD, data }));
    expect(ok.data.content).toContain(`<@&${ROLE}>`);
    expect(await bot.app.ctx.store.communitySettings('discord', IDS.guild)).toMatchObject({ supportGroup: ROLE });
  });

  it('“Still stuck” pings the role set for the server, and only it', async () => {
    const a = await answered(bot);
    await callback(bot, click(bot, a, `fb:human:${a.answerId}`));
    const handoff = await bot.fake.waitFor(
      () =>
        bot.fake.callsTo('POST', new RegExp(`^/channels/${a.threadId}/messages$`)).find((c) => /still stuck/.test(body(c).content ?? '')),
      'the hand-off',
    );
    expect(body(handoff).content.startsWith(`<@&${ROLE}>`)).toBe(true);
    expect(body(handoff).allowed_mentions).toMatchObject({ parse: [], roles: [ROLE] });
  });

  it('“Wrong article?”: refused to others; a helper picks from a select menu or searches; stored and shown in the thread', async () => {
    const a = await answered(bot, false, PASTE.promptTooLong);
    const refused = await callback(bot, click(bot, a, `hx:correct:${a.answerId}`));
    expect(refused).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(refused.data.content).toMatch(/Only helpers can correct/);

    // A member with the support role: a private select menu of articles, and a search button.
    const helper = freshUser();
    const offered = await callback(bot, click(bot, a, `hx:correct:${a.answerId}`, helper, { roles: [ROLE] }));
    expect(offered.data.flags).toBe(64);
    const [menuRow, searchRow] = offered.data.components;
    expect(menuRow.components[0]).toMatchObject({ type: 3, custom_id: `hx:pick:${a.answerId}` });
    expect(menuRow.components[0].options.map((o: Json) => o.value)).not.toContain('prompt-too-long');

    // "Search…" opens a modal; its text finds the article.
    const search = await callback(bot, click(bot, a, searchRow.components[0].custom_id, helper, { roles: [ROLE] }));
    expect(search.type).toBe(9);
    const submitted = bot.fake.interact({
      type: 5,
      channelId: a.threadId,
      user: helper,
      roles: [ROLE],
      data: {
        custom_id: `hx:search:${a.answerId}`,
        components: [{ type: 1, components: [{ type: 4, custom_id: 'query', value: 'roles alternate' }] }],
      },
    });
    const found = await callback(bot, submitted);
    expect(found.data.components[0].components[0].options[0].value).toBe('messages-roles-must-alternate');

    const pick = bot.fake.interact({
      type: 3,
      channelId: a.threadId,
      user: helper,
      roles: [ROLE],
      message: a.message,
      data: { custom_id: `hx:pick:${a.answerId}`, component_type: 3, values: ['messages-roles-must-alternate'] },
    });
    const picked = await callback(bot, pick);
    expect(picked).toMatchObject({ type: 7, data: { components: [] } });
    const shown = await bot.fake.waitFor(
      () =>
        bot.fake
          .callsTo('POST', new RegExp(`^/channels/${a.threadId}/messages$`))
          .find((c) => /says the right article is/.test(body(c).content ?? '')),
      'the correction in the thread',
    );
    expect(body(shown).content).toContain(`<@${helper.id}>`);
    expect(body(shown).embeds[0].title).toMatch(/roles must alternate/i);
    expect(storedRecords(bot.app.ctx.store).corrections).toEqual([
      expect.objectContaining({ answerId: a.answerId, by: helper.id, toArticleId: 'messages-roles-must-alternate', community: IDS.guild }),
    ]);
  });

  it('“Solved” on a forum post: others refused; the asker marks it, the Solved tag is applied, then it is archived and locked', async () => {
    const a = await answered(bot, true);
    const refused = await callback(bot, click(bot, a, `hx:solved:${a.answerId}`));
    expect(refused.data.content).toMatch(/Only the person who asked, or a helper/);

    const asker = humanUser();
    const done = await callback(bot, click(bot, a, `hx:solved:${a.answerId}`, asker));
    expect(done).toMatchObject({ type: 4 });
    expect(done.data.content).toMatch(new RegExp(`Marked solved by <@${asker.id}>`));
    const [tagged] = await bot.fake.waitForCall('PATCH', new RegExp(`^/channels/${a.threadId}$`));
    expect(body(tagged).applied_tags).toEqual([TAG]);
    const archived = await bot.fake.waitFor(
      () => bot.fake.callsTo('PATCH', new RegExp(`^/channels/${a.threadId}$`)).find((c) => body(c).archived === true),
      'the archive',
    );
    expect(body(archived).locked).toBe(true);
    await eventually(async () => (await bot.app.ctx.store.solvedFor(a.answerId))?.archivedAt, 'the archive recorded');
  });

  it('a ✅ from a member with the support role marks the question solved', async () => {
    const a = await answered(bot);
    const helper = freshUser();
    bot.fake.memberRoles.set(helper.id, [ROLE]);
    bot.fake.react(a.message, '✅', helper);
    await bot.fake.waitFor(
      () =>
        bot.fake
          .callsTo('POST', new RegExp(`^/channels/${a.threadId}/messages$`))
          .find((c) => /Marked solved by/.test(body(c).content ?? '')),
      'the solved note',
    );
    expect(await bot.app.ctx.store.solvedFor(a.answerId)).toMatchObject({ by: helper.id, via: 'reaction' });
    // A ✅ from someone who is neither the asker nor a helper changes nothing.
    const b = await answered(bot);
    bot.fake.react(b.message, '✅', freshUser());
    await answered(bot);
    expect(await bot.app.ctx.store.solvedFor(b.answerId)).toBeUndefined();
  });
});

describe('the archive schedule survives a restart', () => {
  it('a thread due for archiving while the bot was down is archived when it comes back', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'discord-archive-'));
    const env = { DATA_DIR: dir, SOLVED_ARCHIVE_SECONDS: '2' };
    try {
      const first = await startDiscordBot({ fake: await fakeWithHelpers(), env });
      const a = await answered(first, true);
      const thread = first.fake.channels.get(a.threadId);
      await callback(first, click(first, a, `hx:solved:${a.answerId}`, humanUser()));
      const due = (await first.app.ctx.store.solvedFor(a.answerId))?.archiveAt as number;
      await first.stop();
      expect(first.fake.callsTo('PATCH', new RegExp(`^/channels/${a.threadId}$`)).some((c) => body(c).archived)).toBe(false);
      // Down until after the archive was due.
      while (Date.now() <= due) await new Promise((r) => setTimeout(r, 50));

      const fake = await fakeWithHelpers();
      if (thread) fake.channels.set(a.threadId, thread);
      const second = await startDiscordBot({ fake, env });
      try {
        await fake.waitFor(
          () => fake.callsTo('PATCH', new RegExp(`^/channels/${a.threadId}$`)).find((c) => body(c).archived === true),
          'archive after restart',
        );
        await eventually(async () => (await second.app.ctx.store.solvedFor(a.answerId))?.archivedAt, 'the archive recorded');
      } finally {
        await second.stop();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackTs } from '../../../fakes/slack.js';
import { storedRecords } from '../../../helpers/store.js';
import { AUTO, PASTES, type SlackBot, startSlackBot } from '../harness.js';

/**
 * Helpers through the bot on Slack, with the real Bolt app receiving signed requests: who is a helper
 * (the stored support user group, workspace admins), "Wrong article?" with the article picker, and
 * "Solved" by button and by ✅ reaction.
 */
// biome-ignore lint/suspicious/noExplicitAny: Slack payloads are plain JSON
type Json = Record<string, any>;

let bot: SlackBot;
const ADMIN = 'UADMIN';
const HELPER = 'UHELPER';
const GROUP = 'S0HELPERS';

beforeAll(async () => {
  bot = await startSlackBot();
  bot.fake.on('users.info', (c) => (c.body.user === ADMIN ? { ok: true, user: { id: ADMIN, is_admin: true } } : undefined));
  bot.fake.on('usergroups.users.list', (c) => ({ ok: true, users: c.body.usergroup === GROUP ? [HELPER, 'UOTHER'] : [] }));
});
afterAll(() => bot?.stop());

const records = () => storedRecords(bot.running.ctx.store);

/** A paste in `channel` (a mention, or a plain message in the auto channel) and its stored, posted answer. */
async function answerIn(channel: string, user = 'UASK') {
  const ts = slackTs();
  const text = channel === AUTO ? PASTES.promptTooLong : `<@UBOT> ${PASTES.promptTooLong}`;
  await bot.postEvent({ type: channel === AUTO ? 'message' : 'app_mention', channel, user, text, ts });
  const record = await bot.fake.waitFor(() => records().answers.find((a) => a.threadId === ts && a.replyMessageId), 'the answer');
  const post = bot.fake.callsTo('chat.postMessage').find((c) => c.body.channel === channel && c.body.thread_ts === ts);
  return { id: record.id, replyTs: record.replyMessageId as string, thread: ts, blocks: post?.body.blocks as Json[] };
}

type Posted = Awaited<ReturnType<typeof answerIn>>;

const click = (actionId: string, a: Posted, channel: string, user: string): Json => ({
  type: 'block_actions',
  user: { id: user, username: user.toLowerCase(), team_id: 'T1' },
  trigger_id: `trig.${slackTs()}`,
  team: { id: 'T1', domain: 'acme' },
  channel: { id: channel, name: 'x' },
  container: { type: 'message', message_ts: a.replyTs, channel_id: channel, is_ephemeral: false },
  message: { type: 'message', ts: a.replyTs, thread_ts: a.thread, bot_id: 'BBOT', text: 'answer', blocks: a.blocks },
  actions: [{ type: 'button', action_id: actionId, block_id: `feedback:${a.id}`, value: a.id, action_ts: String(Date.now() / 1000) }],
});

const ephemeralTo = (user: string, pattern: RegExp) =>
  bot.fake.waitFor(
    () => bot.fake.callsTo('chat.postEphemeral').find((c) => c.body.user === user && pattern.test(String(c.body.text))),
    `ephemeral to ${user} matching ${pattern}`,
  );

describe('who counts as a helper', () => {
  it('only workspace admins can set the helpers group; it is stored for the workspace', async () => {
    await bot.postCommand({ user_id: 'UNOBODY', text: `settings helpers <!subteam^${GROUP}|@helpers>` });
    const refused = await bot.fake.waitFor(
      () => bot.fake.callsTo('response_url').find((c) => /Only workspace admins/.test(c.body.text)),
      'refusal',
    );
    expect(refused.body.response_type).toBe('ephemeral');
    expect(await bot.running.ctx.store.communitySettings('slack', 'T1')).toBeUndefined();

    await bot.postCommand({ user_id: ADMIN, text: `settings helpers <!subteam^${GROUP}|@helpers>` });
    await bot.fake.waitFor(
      () => bot.fake.callsTo('response_url').find((c) => /members of the user group \*helpers\*/.test(c.body.text)),
      'ok',
    );
    expect(await bot.running.ctx.store.communitySettings('slack', 'T1')).toMatchObject({ supportGroup: GROUP, by: ADMIN });

    const usage = await bot.postCommand({ user_id: ADMIN, text: 'settings helpers everyone' });
    expect(((await usage.json()) as Json).text).toMatch(/Usage: `\/diagnose settings helpers/);
  });
});

describe('the support group', () => {
  it('“Still stuck” pings the group set for the workspace', async () => {
    const a = await answerIn('CESCALATE');
    await bot.postInteraction(click('escalate', a, 'CESCALATE', 'UASK'));
    const handoff = await bot.fake.waitFor(
      () => bot.fake.callsTo('chat.postMessage').find((c) => c.body.channel === 'CESCALATE' && /still stuck/.test(String(c.body.text))),
      'the hand-off',
    );
    expect(String(handoff.body.text).startsWith(`<!subteam^${GROUP}>`)).toBe(true);
  });
});

describe('“Wrong article?”', () => {
  it('explains privately to non-helpers; a helper picks the right article, stored, shown in the thread, and it steers later answers', async () => {
    const a = await answerIn(AUTO);
    const buttons = ((a.blocks.find((b) => b.type === 'actions')?.elements ?? []) as Json[]).map((e) => e.action_id);
    expect(buttons).toEqual(expect.arrayContaining(['solved', 'correct_open']));

    await bot.postInteraction(click('correct_open', a, AUTO, 'UNOBODY'));
    await ephemeralTo('UNOBODY', /Only helpers can correct/);

    await bot.postInteraction(click('correct_open', a, AUTO, HELPER));
    const picker = await ephemeralTo(HELPER, /Which article is right/);
    const select = (picker.body.blocks as Json[]).find((b) => b.type === 'actions');
    expect(select?.elements[0]).toMatchObject({ type: 'external_select', action_id: 'correct_pick' });

    // Slack asks for options as the helper types.
    const res = await bot.postInteraction({
      type: 'block_suggestion',
      user: { id: HELPER, team_id: 'T1' },
      team: { id: 'T1', domain: 'acme' },
      action_id: 'correct_pick',
      block_id: select?.block_id,
      value: 'roles alternate',
      container: { type: 'message', message_ts: slackTs(), channel_id: AUTO, is_ephemeral: true },
    });
    const options = ((await res.json()) as Json).options as Json[];
    expect(options[0]).toMatchObject({ value: 'messages-roles-must-alternate' });

    await bot.postInteraction({
      ...click('correct_pick', a, AUTO, HELPER),
      container: { type: 'message', message_ts: slackTs(), channel_id: AUTO, is_ephemeral: true },
      actions: [
        {
          type: 'external_select',
          action_id: 'correct_pick',
          block_id: select?.block_id,
          selected_option: { text: { type: 'plain_text', text: 'x' }, value: 'messages-roles-must-alternate' },
          action_ts: String(Date.now() / 1000),
        },
      ],
    });
    const shown = await bot.fake.waitFor(
      () => bot.fake.callsTo('chat.postMessage').find((c) => String(c.body.text).includes(`<@${HELPER}> says the right article is`)),
      'the correction in the thread',
    );
    expect(shown.body.thread_ts).toBe(a.thread);
    expect(JSON.stringify(shown.body.blocks)).toContain('messages-roles-must-alternate');
    expect(records().corrections).toEqual([
      expect.objectContaining({
        answerId: a.id,
        by: HELPER,
        fromArticleId: 'prompt-too-long',
        toArticleId: 'messages-roles-must-alternate',
        community: 'T1',
      }),
    ]);

    // The same error pasted again in this workspace is no longer answered unprompted with the wrong article.
    const before = records().answers.length;
    const { envelope } = await bot.postEvent({ type: 'message', channel: AUTO, user: 'ULATER', text: PASTES.promptTooLong, ts: slackTs() });
    // Not "duplicate-fingerprint" (a link to the earlier answer): the article is no longer a confident match.
    const handled = await bot.waitForLog('Slack: message handled', (l) => l.delivery === envelope.event_id);
    expect(handled.outcome).toBe('unsure');
    expect(records().answers.length).toBe(before);

    const stats = (await (await fetch(`${bot.running.url}/api/stats`)).json()) as Json;
    expect(stats.corrections).toEqual([
      expect.objectContaining({ fromArticleId: 'prompt-too-long', toArticleId: 'messages-roles-must-alternate', count: 1 }),
    ]);
  });
});

describe('“Solved”', () => {
  it('the asker marks it solved: stored, and the answer is updated to say by whom; others are refused', async () => {
    const a = await answerIn('CSOLVE', 'UASKER');
    await bot.postInteraction(click('solved', a, 'CSOLVE', 'UNOBODY'));
    await ephemeralTo('UNOBODY', /Only the person who asked, or a helper/);

    await bot.postInteraction(click('solved', a, 'CSOLVE', 'UASKER'));
    const update = await bot.fake.waitFor(
      () =>
        bot.fake
          .callsTo('chat.update')
          .find((c) => c.body.ts === a.replyTs && /Marked solved by <@UASKER>/.test(JSON.stringify(c.body.blocks))),
      'the updated answer',
    );
    const actions = (update.body.blocks as Json[]).find((b) => b.type === 'actions');
    expect(actions?.elements.map((e: Json) => e.action_id)).not.toContain('solved');
    expect(await bot.running.ctx.store.solvedFor(a.id)).toMatchObject({ by: 'UASKER', via: 'button', archiveAt: null });

    await bot.postInteraction(click('solved', a, 'CSOLVE', HELPER));
    await ephemeralTo(HELPER, /already marked solved by <@UASKER>/);
  });

  it('a helper’s ✅ reaction on the answer marks it solved and updates the answer', async () => {
    const a = await answerIn('CTICK', 'UASK2');
    bot.fake.on('conversations.history', (c) =>
      c.body.channel === 'CTICK' ? { ok: true, messages: [{ ts: a.replyTs, text: 'answer', blocks: a.blocks }] } : undefined,
    );
    await bot.postEvent({
      type: 'reaction_added',
      user: HELPER,
      reaction: 'white_check_mark',
      item: { type: 'message', channel: 'CTICK', ts: a.replyTs },
      item_user: 'UBOT',
    });
    await bot.fake.waitFor(
      () =>
        bot.fake
          .callsTo('chat.update')
          .find((c) => c.body.ts === a.replyTs && /Marked solved by <@UHELPER>/.test(JSON.stringify(c.body.blocks))),
      'the updated answer',
    );
    expect(await bot.running.ctx.store.solvedFor(a.id)).toMatchObject({ by: HELPER, via: 'reaction' });
    // A ✅ from someone who is neither the asker nor a helper is not counted (and nobody is messaged).
    const b = await answerIn('CTICK2', 'UASK3');
    await bot.postEvent({
      type: 'reaction_added',
      user: 'UPASSERBY',
      reaction: 'white_check_mark',
      item: { type: 'message', channel: 'CTICK2', ts: b.replyTs },
      item_user: 'UBOT',
    });
    await bot.waitForLog('Slack: ✅ on an answer', (l) => l.answer === b.id);
    expect(await bot.running.ctx.store.solvedFor(b.id)).toBeUndefined();
    expect(bot.fake.callsTo('chat.postEphemeral').some((c) => c.body.user === 'UPASSERBY')).toBe(false);
    const stats = (await (await fetch(`${bot.running.url}/api/stats`)).json()) as Json;
    expect(stats.solved).toEqual(expect.arrayContaining([expect.objectContaining({ articleId: 'prompt-too-long', solved: 2 })]));
    const metrics = await (await fetch(`${bot.running.url}/metrics`)).text();
    expect(metrics).toContain('diagnose_bot_solved_total{platform="slack",via="reaction"} 1');
    expect(metrics).toContain('diagnose_bot_corrections_total{platform="slack"} 1');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackTs } from '../../../fakes/slack.js';
import { storedRecords } from '../../../helpers/store.js';
import { PASTES, type SlackBot, slackEscape, startSlackBot } from '../harness.js';

/**
 * Issue 16 on Slack, through the real Bolt app and signed requests: a helper shares an article
 * (`/diagnose article`, "Answer with an article"), `/diagnose private`, and the 👀 working sign.
 */

let bot: SlackBot;
beforeAll(async () => {
  bot = await startSlackBot();
});
afterAll(() => bot?.stop());

const records = () => storedRecords(bot.running.ctx.store);
const postsIn = (channel: string) => bot.fake.callsTo('chat.postMessage').filter((c) => c.body.channel === channel);
// biome-ignore lint/suspicious/noExplicitAny: Block Kit JSON
type Json = Record<string, any>;

function selectFromPicker(picker: Json, channel: string, articleId: string, extra: Json = {}) {
  const select = picker.blocks.find((b: Json) => b.type === 'actions').elements[0];
  return {
    type: 'block_actions',
    user: { id: 'UHELPER', username: 'helper', team_id: 'T1' },
    trigger_id: `trig.${slackTs()}`,
    channel: { id: channel, name: 'x' },
    container: { type: 'message', message_ts: slackTs(), channel_id: channel, is_ephemeral: true, ...extra },
    response_url: `${bot.fake.origin}/response/${slackTs()}`,
    actions: [
      {
        type: 'static_select',
        action_id: select.action_id,
        block_id: 'share_pick',
        selected_option: select.options.find((o: Json) => o.value === articleId),
        action_ts: String(Date.now() / 1000),
      },
    ],
  };
}

describe('/diagnose article <words>', () => {
  it('offers the matching articles in a private select; the pick is posted, attributed, recorded and votable', async () => {
    const res = await bot.postCommand({ channel_id: 'CSHARE', user_id: 'UHELPER', text: 'article overloaded' });
    const picker = (await res.json()) as Json;
    expect(picker.response_type).toBe('ephemeral');
    const select = picker.blocks.find((b: Json) => b.type === 'actions').elements[0];
    expect(select.type).toBe('static_select');
    expect(select.options.length).toBeGreaterThan(0);
    expect(select.options.length).toBeLessThanOrEqual(100);
    expect(select.options[0].value).toBe('overloaded-529');
    for (const o of select.options) expect(o.text.text.length).toBeLessThanOrEqual(75);

    const pick = selectFromPicker(picker, 'CSHARE', 'overloaded-529');
    expect((await bot.postInteraction(pick)).status).toBe(200);
    const post = await bot.fake.waitFor(() => postsIn('CSHARE')[0], 'the shared article');
    expect(post.body.thread_ts).toBeUndefined();
    const blocks = JSON.stringify(post.body.blocks);
    expect(blocks).toContain('Shared by <@UHELPER>');
    expect(blocks).toMatch(/overloaded/i);
    expect(blocks).not.toMatch(/<!(channel|here|everyone)>/);
    const record = await bot.fake.waitFor(
      () => records().answers.find((a) => a.channelId === 'CSHARE' && a.replyMessageId),
      'the answer record with its ts',
    );
    expect(record).toMatchObject({ trigger: 'push', articleId: 'overloaded-529', userId: 'UHELPER' });
    expect(blocks).toContain(`"value":"${record.id}"`);
    const told = await bot.fake.waitFor(
      () => bot.fake.callsTo('response_url').find((c) => c.body.replace_original === true && /Shared/.test(c.body.text)),
      'the picker replaced',
    );
    expect(told.body.response_type).toBe('ephemeral');

    // The usual vote buttons work on it.
    await bot.postInteraction({
      type: 'block_actions',
      user: { id: 'UASKER2', username: 'asker', team_id: 'T1' },
      trigger_id: `trig.${slackTs()}`,
      channel: { id: 'CSHARE', name: 'x' },
      container: { type: 'message', message_ts: record.replyMessageId, channel_id: 'CSHARE', is_ephemeral: false },
      message: { type: 'message', ts: record.replyMessageId, bot_id: 'BBOT', text: 'answer' },
      actions: [{ type: 'button', action_id: 'feedback_helpful', block_id: `feedback:${record.id}`, value: record.id, action_ts: '1' }],
    });
    await bot.fake.waitFor(() => records().votes.find((v) => v.answerId === record.id && v.userId === 'UASKER2'), 'the vote');
  });

  it('nothing matching: a plain private message, never an empty select (Slack would refuse it)', async () => {
    const reply = (await (await bot.postCommand({ channel_id: 'CSHARE3', text: 'article qqqzzzxxx' })).json()) as Json;
    expect(reply).toMatchObject({ response_type: 'ephemeral' });
    expect(reply.text).toMatch(/No article matches/);
    expect(reply.blocks).toBeUndefined();
    const all = (await (await bot.postCommand({ channel_id: 'CSHARE3', text: 'article' })).json()) as Json;
    expect(all.blocks.find((b: Json) => b.type === 'actions').elements[0].options).toHaveLength(100);
  });

  it('run inside a thread, the article goes into that thread', async () => {
    const picker = (await (
      await bot.postCommand({ channel_id: 'CSHARE2', user_id: 'UHELPER', text: 'article roles alternate' })
    ).json()) as Json;
    const thread = slackTs();
    await bot.postInteraction(selectFromPicker(picker, 'CSHARE2', 'messages-roles-must-alternate', { thread_ts: thread }));
    const post = await bot.fake.waitFor(() => postsIn('CSHARE2')[0], 'the shared article');
    expect(post.body.thread_ts).toBe(thread);
  });
});

describe('“Answer with an article” shortcut', () => {
  it('opens a type-ahead picker with the best guess, then posts the pick in the message’s thread; 👍 on it votes', async () => {
    const ts = slackTs();
    const trigger = `trig.${slackTs()}`;
    await bot.postInteraction({
      type: 'message_action',
      callback_id: 'answer_with_article',
      trigger_id: trigger,
      response_url: `${bot.fake.origin}/response/${slackTs()}`,
      user: { id: 'UHELPER', name: 'helper' },
      channel: { id: 'CANSWER', name: 'x' },
      message_ts: ts,
      message: { type: 'message', ts, user: 'UASKER', text: slackEscape(PASTES.promptTooLong) },
    });
    const open = await bot.fake.waitFor(() => bot.fake.callsTo('views.open').find((c) => c.body.trigger_id === trigger), 'views.open');
    const view = open.body.view as Json;
    expect(view.callback_id).toBe('share_article_modal');
    const element = view.blocks[0].element;
    expect(element).toMatchObject({ type: 'external_select', action_id: 'article_search' });
    expect(element.initial_option.value).toBe('prompt-too-long');

    // Typing in the type-ahead: Slack asks for options (block_suggestion) and gets them in the response.
    const suggest = await bot.postInteraction({
      type: 'block_suggestion',
      user: { id: 'UHELPER', username: 'helper', team_id: 'T1' },
      action_id: 'article_search',
      block_id: 'article',
      value: 'roles alternate',
      view: { ...view, id: 'VSHARE', type: 'modal' },
      container: { type: 'view', view_id: 'VSHARE' },
    });
    const options = ((await suggest.json()) as { options: Json[] }).options;
    expect(options[0]?.value).toBe('messages-roles-must-alternate');
    expect(options.length).toBeLessThanOrEqual(100);

    await bot.postInteraction({
      type: 'view_submission',
      user: { id: 'UHELPER', username: 'helper', team_id: 'T1' },
      trigger_id: `trig.${slackTs()}`,
      view: {
        ...view,
        id: 'VSHARE',
        hash: 'h1',
        state: { values: { article: { article_search: { type: 'external_select', selected_option: options[0] } } } },
      },
    });
    const post = await bot.fake.waitFor(() => postsIn('CANSWER')[0], 'the shared article');
    expect(post.body.thread_ts).toBe(ts);
    expect(JSON.stringify(post.body.blocks)).toContain('Shared by <@UHELPER>');
    const record = await bot.fake.waitFor(() => records().answers.find((a) => a.channelId === 'CANSWER' && a.replyMessageId), 'record');
    expect(record).toMatchObject({ trigger: 'push', articleId: 'messages-roles-must-alternate', threadId: ts, sourceMessageId: ts });

    await bot.postEvent({
      type: 'reaction_added',
      user: 'UASKER',
      reaction: '+1',
      item: { type: 'message', channel: 'CANSWER', ts: record.replyMessageId },
      item_user: 'UBOT',
    });
    await bot.fake.waitFor(() => records().votes.find((v) => v.answerId === record.id && v.value === 'up'), 'the reaction vote');
  });
});

describe('/diagnose private <paste>', () => {
  it('answers as an ephemeral that replaces "working on it", posts nothing, and is never offered as an earlier answer', async () => {
    const res = await bot.postCommand({ channel_id: 'CPRIV', user_id: 'UPRIV', text: `private ${slackEscape(PASTES.promptTooLong)}` });
    const acked = (await res.json()) as Json;
    expect(acked).toMatchObject({ response_type: 'ephemeral' });
    expect(acked.text).toMatch(/working on it/i);
    const answer = await bot.fake.waitFor(
      () => bot.fake.callsTo('response_url').find((c) => /prompt/i.test(JSON.stringify(c.body.blocks ?? ''))),
      'the private answer',
    );
    expect(answer.body).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    const record = await bot.fake.waitFor(() => records().answers.find((a) => a.channelId === 'CPRIV'), 'record');
    expect(record.private).toBe(true);
    expect(JSON.stringify(answer.body.blocks)).toContain(`"value":"${record.id}"`);
    expect(postsIn('CPRIV')).toHaveLength(0);

    // The same error pasted publicly afterwards gets the full answer, not a link to an answer nobody else can see.
    await bot.postCommand({ channel_id: 'CPRIV', user_id: 'UPUBLIC', text: slackEscape(PASTES.promptTooLong) });
    const pub = await bot.fake.waitFor(() => postsIn('CPRIV')[1], 'the public answer');
    expect(JSON.stringify(pub.body.blocks)).not.toMatch(/answered earlier/i);
    expect(JSON.stringify(pub.body.blocks)).toMatch(/prompt-too-long/);
  });

  it('without a paste, says how to use it', async () => {
    const res = await bot.postCommand({ channel_id: 'CPRIV2', text: 'private' });
    expect(((await res.json()) as Json).text).toMatch(/Usage: `\/diagnose private/);
  });
});

describe('working-on-it sign', () => {
  const reactionCalls = (method: string, ts: string) => bot.fake.callsTo(method).filter((c) => c.body.timestamp === ts);

  it('/diagnose puts 👀 on the question and takes it off after the answer is posted', async () => {
    await bot.postCommand({ channel_id: 'CEYES', user_id: 'UEYES', text: slackEscape(PASTES.rolesAlternate) });
    const question = await bot.fake.waitFor(() => postsIn('CEYES')[0], 'the question');
    const questionTs = await bot.fake.waitFor(() => records().answers.find((a) => a.channelId === 'CEYES')?.threadId, 'record');
    const removed = await bot.fake.waitFor(() => reactionCalls('reactions.remove', questionTs)[0], '👀 removed');
    const added = reactionCalls('reactions.add', questionTs)[0];
    expect(added?.body).toMatchObject({ channel: 'CEYES', name: 'eyes' });
    expect(removed.body).toMatchObject({ channel: 'CEYES', name: 'eyes' });
    const order = (c: unknown) => bot.fake.calls.indexOf(c as (typeof bot.fake.calls)[number]);
    const answer = postsIn('CEYES')[1];
    expect(question).toBeTruthy();
    expect(order(added)).toBeLessThan(order(answer));
    expect(order(answer)).toBeLessThan(order(removed));
  });

  it('a mention gets 👀 until the answer is in its thread', async () => {
    const ts = slackTs();
    await bot.postEvent({ type: 'app_mention', channel: 'CEYES2', user: 'UEYES2', text: `<@UBOT> ${PASTES.promptTooLong}`, ts });
    const removed = await bot.fake.waitFor(() => reactionCalls('reactions.remove', ts)[0], '👀 removed');
    const added = reactionCalls('reactions.add', ts)[0];
    const answer = postsIn('CEYES2')[0];
    const order = (c: unknown) => bot.fake.calls.indexOf(c as (typeof bot.fake.calls)[number]);
    expect(added?.body.name).toBe('eyes');
    expect(answer?.body.thread_ts).toBe(ts);
    expect(order(added)).toBeLessThan(order(answer));
    expect(order(answer)).toBeLessThan(order(removed));
  });

  it('when Slack refuses the reaction (scope not granted yet), the answer still goes out', async () => {
    bot.fake.on('reactions.add', (c) => (c.body.channel === 'CNOSCOPE' ? { ok: false, error: 'missing_scope' } : undefined));
    const ts = slackTs();
    await bot.postEvent({ type: 'app_mention', channel: 'CNOSCOPE', user: 'UEYES3', text: `<@UBOT> ${PASTES.promptTooLong}`, ts });
    await bot.fake.waitFor(() => postsIn('CNOSCOPE')[0], 'the answer');
    await bot.waitForLog('Slack: adding the working-on-it reaction failed (missing_scope)');
    expect(reactionCalls('reactions.remove', ts)).toHaveLength(0);
  });
});

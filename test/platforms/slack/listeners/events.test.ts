import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackTs } from '../../../fakes/slack.js';
import { storedRecords } from '../../../helpers/store.js';
import { AUTO, PASTES, type SlackBot, slackEscape, startSlackBot } from '../harness.js';

let bot: SlackBot;
beforeAll(async () => {
  bot = await startSlackBot();
});
afterAll(() => bot?.stop());

const postsIn = (channel: string) => bot.fake.callsTo('chat.postMessage').filter((c) => c.body.channel === channel);

describe('Slack events (HTTP mode, signed requests to the bot’s own server)', () => {
  it('a mention is answered once, in the thread of the pasted message, as Block Kit — even when Slack also sends it as `message`', async () => {
    const ts = slackTs();
    const text = `<@UBOT> help? ${slackEscape(PASTES.promptTooLong)}`;
    const base = { channel: 'CMENTION', user: 'U1', text, ts };
    const asMessage = await bot.postEvent({ type: 'message', channel_type: 'channel', ...base });
    const asMention = await bot.postEvent({ type: 'app_mention', ...base });
    expect(asMessage.res.status).toBe(200);
    expect(asMention.res.status).toBe(200);
    const post = await bot.fake.waitFor(() => postsIn('CMENTION')[0], 'the answer');
    expect(post.body.thread_ts).toBe(ts);
    expect(post.headers.authorization).toBe('Bearer xoxb-test');
    const blocks = post.body.blocks as Array<{ type: string; elements?: Array<{ action_id: string }> }>;
    expect(blocks[0]?.type).toBe('header');
    expect(blocks.at(-1)?.elements?.map((e) => e.action_id)).toEqual([
      'feedback_helpful',
      'feedback_unhelpful',
      'escalate',
      'solved',
      'correct_open',
    ]);
    expect(post.body.text).toMatch(/prompt/i);
    // Both deliveries handled, only one post.
    await bot.waitForLog('Slack: message handled', (l) => l.delivery === asMention.envelope.event_id);
    expect(postsIn('CMENTION')).toHaveLength(1);
  });

  it('auto-reply channel: a real paste is answered in its thread, chatter gets silence', async () => {
    const chatter = await bot.postEvent({
      type: 'message',
      channel: AUTO,
      channel_type: 'channel',
      user: 'U2',
      text: PASTES.chatter,
      ts: slackTs(),
    });
    await bot.waitForLog('Slack: message handled', (l) => l.delivery === chatter.envelope.event_id && l.outcome === 'unsure');
    expect(postsIn(AUTO)).toHaveLength(0);

    const ts = slackTs();
    await bot.postEvent({
      type: 'message',
      channel: AUTO,
      channel_type: 'channel',
      user: 'U3',
      text: slackEscape(PASTES.rolesAlternate),
      ts,
    });
    const post = await bot.fake.waitFor(() => postsIn(AUTO)[0], 'the auto answer');
    expect(post.body.thread_ts).toBe(ts);
    expect(JSON.stringify(post.body.blocks)).toMatch(/alternate/i);
  });

  it('a channel that is not set to auto stays silent on pastes', async () => {
    const { envelope } = await bot.postEvent({
      type: 'message',
      channel: 'CQUIET',
      channel_type: 'channel',
      user: 'U4',
      text: PASTES.promptTooLong,
      ts: slackTs(),
    });
    await bot.waitForLog('Slack: message handled', (l) => l.delivery === envelope.event_id && l.outcome === 'channel-off');
    expect(postsIn('CQUIET')).toHaveLength(0);
  });

  it('a retry of the same event (X-Slack-Retry-Num) is not answered again', async () => {
    const event = { type: 'app_mention', channel: 'CRETRY', user: 'U5', text: `<@UBOT> ${PASTES.promptTooLong}`, ts: slackTs() };
    const first = await bot.postEvent(event);
    await bot.fake.waitFor(() => postsIn('CRETRY')[0], 'the first answer');
    const again = await bot.postEvent(event, {
      envelope: { event_id: first.envelope.event_id },
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    expect(again.res.status).toBe(200);
    await bot.waitForLog('Slack: message handled', (l) => l.delivery === first.envelope.event_id && l.outcome === 'duplicate-delivery');
    expect(postsIn('CRETRY')).toHaveLength(1);
  });

  it('a new paste in a thread the bot answered is answered without a mention (follow-up)', async () => {
    const parent = slackTs();
    await bot.postEvent({ type: 'app_mention', channel: 'CFOLLOW', user: 'U6', text: `<@UBOT> ${PASTES.promptTooLong}`, ts: parent });
    await bot.fake.waitFor(() => postsIn('CFOLLOW')[0], 'the first answer');
    await bot.postEvent({
      type: 'message',
      channel: 'CFOLLOW',
      channel_type: 'channel',
      user: 'U6',
      text: PASTES.rolesAlternate,
      ts: slackTs(),
      thread_ts: parent,
    });
    const second = await bot.fake.waitFor(() => postsIn('CFOLLOW')[1], 'the follow-up answer');
    expect(second.body.thread_ts).toBe(parent);
  });

  it('a bare mention inside a thread diagnoses the thread’s first message', async () => {
    const parent = slackTs();
    bot.fake.on('conversations.replies', (c) =>
      c.body.channel === 'CBARE'
        ? { ok: true, messages: [{ type: 'message', user: 'U7', text: slackEscape(PASTES.promptTooLong), ts: parent }] }
        : undefined,
    );
    await bot.postEvent({
      type: 'app_mention',
      channel: 'CBARE',
      user: 'U8',
      text: '<@UBOT> what is this?',
      ts: slackTs(),
      thread_ts: parent,
    });
    const post = await bot.fake.waitFor(() => postsIn('CBARE')[0], 'the answer');
    expect(post.body.thread_ts).toBe(parent);
    expect(JSON.stringify(post.body.blocks)).toMatch(/prompt/i);
  });

  it('a direct message to the bot is a request', async () => {
    const ts = slackTs();
    await bot.postEvent({ type: 'message', channel: 'DUSER', channel_type: 'im', user: 'U9', text: PASTES.promptTooLong, ts });
    const post = await bot.fake.waitFor(() => postsIn('DUSER')[0], 'the DM answer');
    expect(post.body.thread_ts).toBe(ts);
  });

  it("messages from other bots are not answered; bots' edits and legacy bot_message posts are ignored", async () => {
    const fromBot = await bot.postEvent({
      type: 'message',
      channel: AUTO,
      channel_type: 'channel',
      bot_id: 'BOTHER',
      user: 'UOTHERBOT',
      text: PASTES.promptTooLong,
      ts: slackTs(),
    });
    await bot.waitForLog('Slack: message handled', (l) => l.delivery === fromBot.envelope.event_id && l.outcome === 'bot-author');
    const legacy = await bot.postEvent({
      type: 'message',
      subtype: 'bot_message',
      bot_id: 'BOTHER',
      channel: AUTO,
      text: PASTES.promptTooLong,
      ts: slackTs(),
    });
    const edit = await bot.postEvent({
      type: 'message',
      subtype: 'message_changed',
      channel: AUTO,
      hidden: true,
      message: { type: 'message', bot_id: 'BOTHER', user: 'UOTHERBOT', text: PASTES.promptTooLong, ts: slackTs() },
      previous_message: { type: 'message', bot_id: 'BOTHER', text: 'working…' },
      ts: slackTs(),
    });
    expect(legacy.res.status).toBe(200);
    expect(edit.res.status).toBe(200);
    // A later event is handled; the ignored ones never reached the core.
    const barrier = await bot.postEvent({
      type: 'message',
      channel: 'CQUIET',
      channel_type: 'channel',
      user: 'U4',
      text: 'hi',
      ts: slackTs(),
    });
    await bot.waitForLog('Slack: message handled', (l) => l.delivery === barrier.envelope.event_id);
    for (const id of [legacy.envelope.event_id, edit.envelope.event_id]) expect(bot.lines.some((l) => l.includes(id))).toBe(false);
  });

  it('an uploaded log file is read with the bot token and diagnosed', async () => {
    const url = bot.fake.addFile('app.log', `2026-01-01 INFO start\n${PASTES.promptTooLong}\n`);
    const ts = slackTs();
    await bot.postEvent({
      type: 'app_mention',
      channel: 'CFILE',
      user: 'U10',
      text: '<@UBOT> see the log',
      ts,
      files: [
        { id: 'F1', name: 'app.log', mimetype: 'text/plain', filetype: 'text', mode: 'hosted', size: 200, url_private_download: url },
      ],
    });
    const post = await bot.fake.waitFor(() => postsIn('CFILE')[0], 'the answer');
    expect(JSON.stringify(post.body.blocks)).toMatch(/prompt/i);
    const download = bot.fake.callsTo('file.download')[0];
    expect(download?.headers.authorization).toBe('Bearer xoxb-test');
  });

  it('a file stub is looked up with files.info; binary files are skipped', async () => {
    const url = bot.fake.addFile('snippet.txt', PASTES.rolesAlternate);
    bot.fake.on('files.info', (c) =>
      c.body.file === 'F2'
        ? { ok: true, file: { id: 'F2', name: 'snippet.txt', mode: 'snippet', filetype: 'text', size: 300, url_private: url } }
        : undefined,
    );
    await bot.postEvent({
      type: 'message',
      subtype: 'file_share',
      channel: AUTO,
      channel_type: 'channel',
      user: 'U11',
      text: '',
      ts: slackTs(),
      files: [
        { id: 'F2', file_access: 'check_file_info' },
        { id: 'F3', name: 'shot.png', mimetype: 'image/png', url_private: url },
      ],
    });
    await bot.fake.waitFor(
      () =>
        postsIn(AUTO).find(
          (p) => JSON.stringify(p.body.blocks).includes('alternate') && p.body.thread_ts !== postsIn(AUTO)[0]?.body.thread_ts,
        ),
      'the snippet answer',
    );
    expect(bot.fake.callsTo('files.info').some((c) => c.body.file === 'F2')).toBe(true);
  });

  it('a file over the size limit is not downloaded; the message text is still diagnosed', async () => {
    const url = bot.fake.addFile('huge.log', 'x');
    await bot.postEvent({
      type: 'app_mention',
      channel: 'CHUGE',
      user: 'U13',
      text: `<@UBOT> ${PASTES.promptTooLong}`,
      ts: slackTs(),
      files: [{ id: 'FHUGE', name: 'huge.log', filetype: 'log', size: 50 * 1024 * 1024, url_private_download: url }],
    });
    await bot.fake.waitFor(() => postsIn('CHUGE')[0], 'the answer');
    await bot.waitForLog('Slack: attached file too large to read; skipped', (l) => l.file === 'FHUGE');
    expect(bot.fake.callsTo('file.download').some((c) => c.body.path.includes('huge'))).toBe(false);
  });

  it('👍 on the bot’s answer counts as a vote', async () => {
    const ts = slackTs();
    await bot.postEvent({ type: 'app_mention', channel: 'CREACT', user: 'U12', text: `<@UBOT> ${PASTES.promptTooLong}`, ts });
    const post = await bot.fake.waitFor(() => postsIn('CREACT')[0], 'the answer');
    const answerTs = await bot.fake.waitFor(
      () => storedRecords(bot.running.ctx.store).answers.find((a) => a.channelId === 'CREACT')?.replyMessageId,
      'reply recorded',
    );
    expect(answerTs).toBeTruthy();
    await bot.postEvent({
      type: 'reaction_added',
      user: 'UVOTER',
      reaction: '+1::skin-tone-3',
      item: { type: 'message', channel: 'CREACT', ts: answerTs },
      item_user: 'UBOT',
    });
    const answer = storedRecords(bot.running.ctx.store).answers.find((a) => a.channelId === 'CREACT');
    await bot.fake.waitFor(
      () => storedRecords(bot.running.ctx.store).votes.find((v) => v.answerId === answer?.id && v.userId === 'UVOTER'),
      'the vote',
    );
    expect(storedRecords(bot.running.ctx.store).votes.find((v) => v.answerId === answer?.id)?.value).toBe('up');
    expect(post.body.thread_ts).toBe(ts);

    // Taking the 👍 off withdraws the vote.
    await bot.postEvent({
      type: 'reaction_removed',
      user: 'UVOTER',
      reaction: '+1',
      item: { type: 'message', channel: 'CREACT', ts: answerTs },
      item_user: 'UBOT',
    });
    await bot.fake.waitFor(
      () => !storedRecords(bot.running.ctx.store).votes.some((v) => v.answerId === answer?.id && v.userId === 'UVOTER') || undefined,
      'the vote withdrawn',
    );
    expect((await bot.running.ctx.store.articleStats()).find((a) => a.articleId === 'prompt-too-long')?.up ?? 0).toBe(0);
  });

  it('App Home shows helpfulness per article, knowledge gaps and channel modes', async () => {
    await bot.postEvent({ type: 'app_home_opened', user: 'UHOME', channel: 'DHOME', tab: 'home' });
    const publish = await bot.fake.waitFor(
      () => bot.fake.callsTo('views.publish').find((c) => c.body.user_id === 'UHOME'),
      'views.publish',
    );
    const view = publish.body.view as { type: string; blocks: unknown[] };
    expect(view.type).toBe('home');
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('Answers by article');
    expect(text).toContain('Top knowledge gaps');
    expect(text).toContain(`<#${AUTO}>: *auto*`);
  });
});

describe('Slack: the same error again', () => {
  it('a second paste of the same error in the channel links to the earlier answer with a Slack permalink', async () => {
    const channel = 'CREPEAT';
    const first = slackTs();
    await bot.postEvent({ type: 'app_mention', channel, user: 'U7', text: `<@UBOT> ${slackEscape(PASTES.promptTooLong)}`, ts: first });
    await bot.fake.waitFor(() => postsIn(channel)[0], 'the first answer');
    const second = slackTs();
    await bot.postEvent({
      type: 'app_mention',
      channel,
      user: 'U8',
      text: `<@UBOT> ${slackEscape(PASTES.promptTooLong.replace(/\d{6} tokens/, '250999 tokens'))}`,
      ts: second,
    });
    const repeat = await bot.fake.waitFor(() => postsIn(channel)[1], 'the pointer to the earlier answer');
    expect(repeat.body.thread_ts).toBe(second);
    expect(JSON.stringify(repeat.body.blocks)).toContain(`https://acme.slack.com/archives/${channel}/p`);
    expect(String(repeat.body.text)).toMatch(/Earlier answer: https:\/\/acme\.slack\.com\/archives\/CREPEAT\/p\d+\?thread_ts=/);
  });
});

describe('Slack: edited messages', () => {
  it('an edit that adds the error to a chat message is answered once, in the original thread', async () => {
    const channel = AUTO;
    const ts = slackTs();
    const first = await bot.postEvent({
      type: 'message',
      channel,
      channel_type: 'channel',
      user: 'UEDIT',
      text: 'getting an error from the sdk, one sec',
      ts,
    });
    await bot.waitForLog('Slack: message handled', (l) => l.delivery === first.envelope.event_id);
    const before = postsIn(channel).length;
    const edit = (text: string, previous: string) =>
      bot.postEvent({
        type: 'message',
        subtype: 'message_changed',
        channel,
        channel_type: 'channel',
        hidden: true,
        ts: slackTs(),
        message: { type: 'message', user: 'UEDIT', text, ts },
        previous_message: { type: 'message', user: 'UEDIT', text: previous, ts },
      });
    const pasted = `getting an error from the sdk:\n${slackEscape(PASTES.rolesAlternate)}`;
    await edit(pasted, 'getting an error from the sdk, one sec');
    const answer = await bot.fake.waitFor(() => postsIn(channel)[before], 'the answer to the edited message');
    expect(answer.body.thread_ts).toBe(ts);
    const again = await edit(`${pasted}\n(edit: typo)`, pasted);
    await bot.waitForLog('Slack: message handled', (l) => l.delivery === again.envelope.event_id && l.outcome === 'already-handled');
    expect(postsIn(channel)).toHaveLength(before + 1);
  });
});

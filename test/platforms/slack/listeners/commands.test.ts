import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HELP_TEXT } from '../../../../src/bot/commands.js';
import { slackTs } from '../../../fakes/slack.js';
import { storedRecords } from '../../../helpers/store.js';
import { PASTES, type SlackBot, slackEscape, startSlackBot } from '../harness.js';

let bot: SlackBot;
beforeAll(async () => {
  bot = await startSlackBot();
});
afterAll(() => bot?.stop());

const postsIn = (channel: string) => bot.fake.callsTo('chat.postMessage').filter((c) => c.body.channel === channel);

describe('/diagnose', () => {
  it('/diagnose <paste> is acknowledged at once, then the question is posted in the channel and answered in its thread', async () => {
    const res = await bot.postCommand({ channel_id: 'CCMD', user_id: 'UASK1', text: slackEscape(PASTES.promptTooLong) });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    const question = await bot.fake.waitFor(() => postsIn('CCMD')[0], 'the question');
    expect(question.body.text).toContain('<@UASK1> asked me to diagnose');
    expect(question.body.thread_ts).toBeUndefined();
    const answer = await bot.fake.waitFor(() => postsIn('CCMD')[1], 'the answer');
    const questionTs = await bot.fake.waitFor(
      () => storedRecords(bot.running.ctx.store).answers.find((a) => a.channelId === 'CCMD')?.threadId,
      'answer record',
    );
    expect(answer.body.thread_ts).toBe(questionTs);
    expect(JSON.stringify(answer.body.blocks)).toMatch(/prompt/i);
  });

  it('the echoed question never repeats a key', async () => {
    const paste = `${PASTES.promptTooLong}\nANTHROPIC_API_KEY=sk-ant-api03-${'a1B2c3D4'.repeat(11)}AA`;
    await bot.postCommand({ channel_id: 'CKEY', user_id: 'UASK2', text: paste });
    const question = await bot.fake.waitFor(() => postsIn('CKEY')[0], 'the question');
    expect(question.body.text).not.toContain('a1B2c3D4a1B2');
    await bot.fake.waitFor(() => postsIn('CKEY')[1], 'the answer');
  });

  it('/diagnose help and /diagnose stats answer in the ack, privately', async () => {
    const help = await bot.postCommand({ text: 'help' });
    expect(await help.json()).toEqual({ response_type: 'ephemeral', text: HELP_TEXT });
    const stats = (await (await bot.postCommand({ text: 'stats' })).json()) as { response_type: string; text: string };
    expect(stats.response_type).toBe('ephemeral');
    expect(stats.text).toContain('*Answers by article*');
  });

  it('/diagnose alone opens the paste box, carrying the channel', async () => {
    const trigger = `trig.${slackTs()}`;
    const res = await bot.postCommand({ channel_id: 'CMODAL', text: '', trigger_id: trigger });
    expect(res.status).toBe(200);
    const open = await bot.fake.waitFor(() => bot.fake.callsTo('views.open').find((c) => c.body.trigger_id === trigger), 'views.open');
    expect(open.body.view.callback_id).toBe('diagnose_modal');
    expect(JSON.parse(open.body.view.private_metadata)).toEqual({ channel: 'CMODAL' });
    expect(open.body.view.blocks[0].element).toMatchObject({ type: 'plain_text_input', multiline: true });
  });

  it('/diagnose channel auto: refused for ordinary members, allowed for admins and the channel creator', async () => {
    const { core } = bot.running.ctx;
    const url1 = `${bot.fake.origin}/response/r1`;
    await bot.postCommand({ channel_id: 'CMODE', user_id: 'UMEMBER', text: 'channel auto', response_url: url1 });
    const refused = await bot.fake.waitFor(
      () => bot.fake.callsTo('response_url').find((c) => c.headers.host && c.body.text?.includes('Only channel managers')),
      'refusal',
    );
    expect(refused.body.response_type).toBe('ephemeral');
    expect(await core.channelMode('slack', 'CMODE')).toBe('off');

    bot.fake.on('users.info', (c) => (c.body.user === 'UADMIN' ? { ok: true, user: { id: 'UADMIN', is_admin: true } } : undefined));
    await bot.postCommand({ channel_id: 'CMODE', user_id: 'UADMIN', text: 'channel auto' });
    await bot.fake.waitFor(() => storedRecords(bot.running.ctx.store).channels['slack:CMODE']?.mode === 'auto', 'mode auto');
    const done = await bot.fake.waitFor(
      () => bot.fake.callsTo('response_url').find((c) => c.body.response_type === 'in_channel' && c.body.text.includes('<@UADMIN>')),
      'announcement',
    );
    expect(done.body.text).toContain('*auto*');

    // The channel's creator (fake default: UCREATOR) may too.
    await bot.postCommand({ channel_id: 'CMODE', user_id: 'UCREATOR', text: 'channel shadow' });
    await bot.fake.waitFor(() => storedRecords(bot.running.ctx.store).channels['slack:CMODE']?.mode === 'shadow', 'mode shadow');
    expect(storedRecords(bot.running.ctx.store).channels['slack:CMODE']).toMatchObject({ mode: 'shadow', by: 'UCREATOR' });
  });

  it('/diagnose channel with a bad mode shows the usage', async () => {
    const res = await bot.postCommand({ text: 'channel loud' });
    expect(((await res.json()) as { text: string }).text).toContain('Usage');
  });

  it('when the bot is not in the channel, the answer goes to a DM and the user is told why', async () => {
    bot.fake.on('chat.postMessage', (c) => (c.body.channel === 'CPRIVATE' ? { ok: false, error: 'channel_not_found' } : undefined));
    await bot.postCommand({ channel_id: 'CPRIVATE', user_id: 'UDM', text: PASTES.promptTooLong });
    const dmAnswer = await bot.fake.waitFor(() => postsIn('DDM').find((c) => c.body.thread_ts), 'the DM answer');
    expect(JSON.stringify(dmAnswer.body.blocks)).toMatch(/prompt/i);
    await bot.fake.waitFor(
      () => bot.fake.callsTo('response_url').find((c) => c.body.text?.includes('answered you in a DM')),
      'the explanation',
    );
    const logged = await bot.waitForLog('Slack: posting the question in the channel failed (channel_not_found)');
    expect(logged.hint).toMatch(/invite the bot/);
  });
});

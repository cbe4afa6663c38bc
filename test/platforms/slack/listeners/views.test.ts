import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackTs } from '../../../fakes/slack.js';
import { PASTES, type SlackBot, startSlackBot } from '../harness.js';

let bot: SlackBot;
beforeAll(async () => {
  bot = await startSlackBot();
});
afterAll(() => bot?.stop());

const submission = (paste: string, meta: string) => ({
  type: 'view_submission',
  user: { id: 'UMODAL', username: 'modal', team_id: 'T1' },
  trigger_id: `trig.${slackTs()}`,
  view: {
    id: `V${slackTs().replace('.', '')}`,
    type: 'modal',
    callback_id: 'diagnose_modal',
    private_metadata: meta,
    hash: '1.abc',
    state: { values: { paste: { paste_input: { type: 'plain_text_input', value: paste } } } },
  },
  response_urls: [],
});

describe('the paste box (modal)', () => {
  it('a submitted paste is answered in the channel /diagnose was run in', async () => {
    const res = await bot.postInteraction(submission(PASTES.promptTooLong, JSON.stringify({ channel: 'CFROMCMD' })));
    expect(res.status).toBe(200);
    const posts = () => bot.fake.callsTo('chat.postMessage').filter((c) => c.body.channel === 'CFROMCMD');
    const question = await bot.fake.waitFor(() => posts()[0], 'the question');
    expect(question.body.text).toContain('<@UMODAL>');
    const answer = await bot.fake.waitFor(() => posts()[1], 'the answer');
    expect(answer.body.thread_ts).toBeTruthy();
    expect(JSON.stringify(answer.body.blocks)).toMatch(/prompt/i);
  });

  it('an empty paste keeps the box open with an error under the field', async () => {
    const res = await bot.postInteraction(submission('   ', JSON.stringify({ channel: 'CFROMCMD' })));
    expect(await res.json()).toEqual({ response_action: 'errors', errors: { paste: 'Paste an error message first.' } });
  });

  it('lost metadata sends the answer to the user’s DM instead of dropping it', async () => {
    await bot.postInteraction(submission(PASTES.rolesAlternate, 'not json'));
    const dm = await bot.fake.waitFor(
      () => bot.fake.callsTo('chat.postMessage').find((c) => c.body.channel === 'DMODAL' && c.body.thread_ts),
      'the DM answer',
    );
    expect(JSON.stringify(dm.body.blocks)).toMatch(/alternate/i);
  });
});

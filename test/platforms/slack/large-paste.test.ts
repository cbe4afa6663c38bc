import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackTs } from '../../fakes/slack.js';
import { PASTES, type SlackBot, startSlackBot } from './harness.js';

let bot: SlackBot;
beforeAll(async () => {
  bot = await startSlackBot({ env: { ANALYSIS_THREADS: '1', ANALYSIS_INLINE_MAX_BYTES: '8192' } });
});
afterAll(() => bot?.stop());

describe('Slack: large pastes are analysed in the worker pool', () => {
  it('a 300 KB log file is diagnosed off the event loop and answered; shutdown closes the pool', async () => {
    const noise = '2026-01-01 10:00:00,000 INFO worker.pool: picked job 81723 from queue default\n';
    const log = `${noise.repeat(Math.ceil(300_000 / noise.length))}${PASTES.promptTooLong}\n`;
    const url = bot.fake.addFile('big.log', log);
    const ts = slackTs();
    const { envelope } = await bot.postEvent({
      type: 'app_mention',
      channel: 'CBIG',
      user: 'U10',
      text: '<@UBOT> see the log',
      ts,
      files: [
        {
          id: 'F9',
          name: 'big.log',
          mimetype: 'text/plain',
          filetype: 'text',
          mode: 'hosted',
          size: log.length,
          url_private_download: url,
        },
      ],
    });
    const post = await bot.fake.waitFor(() => bot.fake.callsTo('chat.postMessage').find((c) => c.body.channel === 'CBIG'), 'the answer');
    expect(post.body.thread_ts).toBe(ts);
    expect(JSON.stringify(post.body.blocks)).toMatch(/prompt/i);
    const handled = await bot.waitForLog('Slack: message handled', (l) => l.delivery === envelope.event_id);
    expect(handled.analysedIn).toBe('pool');
    expect(bot.running.ctx.analyser.threads).toBe(1);
    await bot.running.stop('test');
    expect(bot.running.ctx.analyser.threads).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { isSlackTs, mentionsBot, slackText, toIncoming } from '../../../src/platforms/slack/convert.js';
import { isTextFile } from '../../../src/platforms/slack/files.js';

describe('Slack text to the paste as typed', () => {
  it('unescapes entities, unwraps links and mentions, and drops the bot mention', () => {
    expect(slackText('<@UBOT> Error: {&quot;x&quot;: 1} &lt;b&gt; &amp;', 'UBOT')).toBe('Error: {&quot;x&quot;: 1} <b> &');
    expect(slackText('see <https://api.anthropic.com/v1/messages> and <https://docs.claude.com|the docs>')).toBe(
      'see https://api.anthropic.com/v1/messages and the docs',
    );
    expect(slackText('cc <@U123> in <#C9|general> <!here>')).toBe('cc @U123 in #general @here');
    expect(slackText('&amp;lt; stays literal')).toBe('&lt; stays literal');
  });

  it('recognises a mention of the bot, and only of the bot', () => {
    expect(mentionsBot('hey <@UBOT> look', 'UBOT')).toBe(true);
    expect(mentionsBot('hey <@UBOTTER>', 'UBOT')).toBe(false);
    expect(mentionsBot(undefined, 'UBOT')).toBe(false);
  });

  it('threads: a reply carries its parent, a parent is top-level', () => {
    const opts = { channelId: 'C1', deliveryId: 'Ev1', via: 'message' as const, botUserId: 'UBOT' };
    expect(toIncoming({ ts: '2.0', thread_ts: '1.0', user: 'U1', text: 'x' }, opts)).toMatchObject({ threadId: '1.0', messageId: '2.0' });
    expect(toIncoming({ ts: '1.0', thread_ts: '1.0', user: 'U1', text: 'x' }, opts)).toMatchObject({ threadId: null, messageId: '1.0' });
    expect(toIncoming({ ts: '1.0', bot_id: 'B1', text: 'x' }, opts).isBot).toBe(true);
    expect(toIncoming({ ts: '1.0', bot_id: 'B1', text: 'x' }, { ...opts, via: 'shortcut' }).isBot).toBe(false);
    expect(isSlackTs('1700000000.000100')).toBe(true);
    expect(isSlackTs('trig.123')).toBe(false);
  });

  it('reads text files and snippets, not images or binaries', () => {
    expect(isTextFile({ id: 'F', mode: 'snippet' })).toBe(true);
    expect(isTextFile({ id: 'F', filetype: 'log' })).toBe(true);
    expect(isTextFile({ id: 'F', mimetype: 'application/json' })).toBe(true);
    expect(isTextFile({ id: 'F', mimetype: 'image/png', filetype: 'png' })).toBe(false);
    expect(isTextFile({ id: 'F', mimetype: 'application/zip', filetype: 'zip' })).toBe(false);
  });
});

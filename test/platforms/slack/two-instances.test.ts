import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, slackTs, startFakeSlack } from '../../fakes/slack.js';
import { admin, freshSchema, skipPostgres } from '../../helpers/postgres.js';
import { PASTES, type SlackBot, startSlackBot } from './harness.js';

/**
 * Two instances of the bot (real app, real Bolt) on one PostgreSQL store, behind one Slack workspace:
 * whichever instance a delivery reaches, a message is answered once and a vote counts everywhere.
 */
const skip = await skipPostgres();
let fake: FakeSlack;
let a: SlackBot;
let b: SlackBot;
let url: string;
let drop: () => Promise<void>;

beforeAll(async () => {
  if (skip) return;
  ({ url, drop } = await freshSchema('two'));
  fake = await startFakeSlack();
  a = await startSlackBot({ env: { DATABASE_URL: url }, fake });
  b = await startSlackBot({ env: { DATABASE_URL: url }, fake });
}, 90_000);
afterAll(async () => {
  if (skip) return;
  await a?.running.stop('test');
  await b?.running.stop('test');
  await fake?.close();
  await drop?.();
});

const postsIn = (channel: string) => fake.callsTo('chat.postMessage').filter((c) => c.body.channel === channel);
const handled = (bot: SlackBot, deliveries: string[]) =>
  bot.lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'Slack: message handled' && deliveries.includes(l.delivery));

describe.skipIf(skip)('two instances on one PostgreSQL store', () => {
  it('the same signed event delivered to both, its `message` twin and a retry to either: exactly one threaded answer', {
    timeout: 60_000,
  }, async () => {
    const ts = slackTs();
    const mention = { type: 'app_mention', channel: 'CTWO', user: 'U1', text: `<@UBOT> ${PASTES.promptTooLong}`, ts };
    const eventId = `Ev${ts.replace('.', '')}`;
    const twinId = `Ev${ts.replace('.', '')}m`;
    const results = await Promise.all([
      a.postEvent(mention, { envelope: { event_id: eventId } }),
      b.postEvent(mention, { envelope: { event_id: eventId } }),
      b.postEvent({ ...mention, type: 'message', channel_type: 'channel' }, { envelope: { event_id: twinId } }),
    ]);
    for (const r of results) expect(r.res.status).toBe(200);
    const retry = await (Math.random() < 0.5 ? a : b).postEvent(mention, {
      envelope: { event_id: eventId },
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    expect(retry.res.status).toBe(200);
    // The mention's `message` twin is left to the mention by the listener; its three deliveries reach the core.
    await fake.waitFor(() => handled(a, [eventId]).length + handled(b, [eventId]).length >= 3 || undefined, 'the three deliveries handled');
    const outcomes = [...handled(a, [eventId, twinId]), ...handled(b, [eventId, twinId])].map((l) => l.outcome).sort();
    expect(outcomes).toEqual(['answered', 'duplicate-delivery', 'duplicate-delivery']);
    await fake.waitFor(() => postsIn('CTWO')[0], 'the answer');
    const posts = postsIn('CTWO');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body.thread_ts).toBe(ts);
    const rows = await admin((c) => c.query("SELECT count(*)::int AS n FROM answers WHERE channel_id = 'CTWO'"), url);
    expect(rows.rows[0].n).toBe(1);
  });

  it('a vote cast through one instance shows in the other’s /api/stats', { timeout: 60_000 }, async () => {
    const ts = slackTs();
    await a.postEvent({ type: 'app_mention', channel: 'CVOTE2', user: 'UASK', text: `<@UBOT> ${PASTES.rolesAlternate}`, ts });
    await fake.waitFor(() => postsIn('CVOTE2')[0], 'the answer');
    const answer = await poll(async () => {
      const r = await admin(
        (c) => c.query("SELECT id, article_id, reply_message_id FROM answers WHERE channel_id = 'CVOTE2' AND reply_message_id IS NOT NULL"),
        url,
      );
      return r.rows[0] as { id: string; article_id: string; reply_message_id: string } | undefined;
    }, 'the posted answer recorded');
    const before = await stats(a, answer.article_id);
    const res = await b.postInteraction({
      type: 'block_actions',
      user: { id: 'UVOTER', username: 'voter', team_id: 'T1' },
      trigger_id: `trig.${slackTs()}`,
      channel: { id: 'CVOTE2', name: 'x' },
      container: { type: 'message', message_ts: answer.reply_message_id, channel_id: 'CVOTE2', is_ephemeral: false },
      message: { type: 'message', ts: answer.reply_message_id, thread_ts: ts, bot_id: 'BBOT', text: 'answer' },
      actions: [
        {
          type: 'button',
          action_id: 'feedback_helpful',
          block_id: `feedback:${answer.id}`,
          value: answer.id,
          action_ts: String(Date.now() / 1000),
        },
      ],
    });
    expect(res.status).toBe(200);
    await fake.waitFor(
      () => fake.callsTo('chat.postEphemeral').find((c) => c.body.user === 'UVOTER' && /glad it helped/.test(c.body.text)),
      'vote recorded',
    );
    expect((await stats(a, answer.article_id))?.up).toBe((before?.up ?? 0) + 1);
    expect((await stats(b, answer.article_id))?.up).toBe((before?.up ?? 0) + 1);
  });
});

async function stats(bot: SlackBot, articleId: string): Promise<{ up: number; down: number } | undefined> {
  const res = await fetch(`${bot.running.url}/api/stats`);
  expect(res.status).toBe(200);
  const json = (await res.json()) as { articles: Array<{ articleId: string; up: number; down: number }> };
  return json.articles.find((s) => s.articleId === articleId);
}

async function poll<T>(pick: () => Promise<T | undefined>, what: string, timeoutMs = 8_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = await pick();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

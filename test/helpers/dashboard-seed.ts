import type { RunningApp } from '../../src/app.js';
import type { IncomingMessage } from '../../src/bot/core.js';

/**
 * Traffic for the dashboard tests, through the real bot core: answers on Slack and Discord (with votes),
 * knowledge gaps of each kind, and playground pastes through the local page's own API.
 */

export const PROMPT_TOO_LONG = `anthropic.BadRequestError: Error code: 400 - {'type': 'error', 'error': {'type': 'invalid_request_error', 'message': 'prompt is too long: 208114 tokens > 200000 maximum'}}`;
export const OVERLOADED = 'InternalServerError: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}';
/** Opens with what a spreadsheet would run as a formula; still a Claude error the bot answers. */
export const FORMULA_PASTE = `=HYPERLINK("http://example.invalid","click"), then: ${PROMPT_TOO_LONG}`;
export const UNKNOWN = (what: string) =>
  `anthropic.BadRequestError: Error code: 400 - {"type":"error","error":{"type":"invalid_request_error","message":"${what} level 7 is not allowed"}}`;

let n = 0;

export async function seedDashboard(app: RunningApp, url: string) {
  const { core, store } = app.ctx;
  const send = async (over: Partial<IncomingMessage> & Pick<IncomingMessage, 'platform' | 'channelId' | 'text'>) => {
    n++;
    const d = await core.handleMessage({
      deliveryId: `seed-${n}`,
      threadId: null,
      messageId: `seed-m${n}`,
      userId: `U${n}`,
      via: 'mention',
      ...over,
    });
    const reply = d.actions.find((a) => a.type === 'reply');
    return reply?.type === 'reply' ? reply.recordId : null;
  };
  const slack = await send({ platform: 'slack', community: 'T1', channelId: 'C1', text: FORMULA_PASTE });
  const discord = await send({ platform: 'discord', community: 'G1', channelId: 'D1', text: OVERLOADED });
  if (!slack || !discord) throw new Error('seed: the bot did not answer the seeded pastes');
  await store.vote(slack, 'U-helper', 'up');
  await store.vote(slack, 'U-other', 'down', 'outdated');
  await store.vote(discord, 'U-helper', 'up');
  // Gaps: one no article covers (Slack), one likely match below the threshold, one from the playground.
  await store.setChannelMode('slack', 'C-AUTO', 'auto', 'seed', 'T1');
  await send({ platform: 'slack', community: 'T1', channelId: 'C1', text: UNKNOWN('frobnication') });
  await send({
    platform: 'slack',
    community: 'T1',
    channelId: 'C-AUTO',
    via: 'message',
    text: 'keep getting overloaded_error since this morning, anyone else?',
  });
  const post = (text: string) =>
    fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text, mode: 'mention' }),
    });
  await post(PROMPT_TOO_LONG);
  await post(UNKNOWN('zorblax'));
  return { slack, discord };
}

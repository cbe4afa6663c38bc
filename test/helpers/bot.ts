import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { BotCore, type IncomingMessage, type PolicyConfig } from '../../src/bot/core.js';
import { createLogger } from '../../src/observability/log.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { openLowdbStore } from '../../src/store/lowdb/index.js';
import { realKb } from './kb.js';

/** A logger whose JSON lines are kept in memory, so tests can assert what was (not) logged. */
export function memoryLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      cb();
    },
  });
  return { logger: createLogger({ level: 'debug', format: 'json', production: true }, stream), lines };
}

export const policy = (over: Partial<PolicyConfig> = {}): PolicyConfig => ({
  autoReplyChannels: ['C-AUTO', 'C-AUTO2', 'C-AUTO3'],
  strictThreshold: 0.7,
  lenientThreshold: 0.4,
  channelCooldownSeconds: 10,
  userCooldownSeconds: 20,
  duplicateWindowMinutes: 30,
  incidentWindowMinutes: 5,
  incidentThreshold: 3,
  maxPasteBytes: 512 * 1024,
  ...over,
});

export async function botFixture(over: Partial<PolicyConfig> = {}) {
  const dir = await mkdtemp(path.join(tmpdir(), 'bot-'));
  const { logger, lines } = memoryLogger();
  const kb = await realKb();
  let now = Date.parse('2026-11-27T10:00:00Z');
  const clock = { now: () => now, advance: (ms: number) => (now += ms) };
  const file = path.join(dir, 'store.json');
  const store = await openLowdbStore(file, { logger, now: clock.now });
  const metrics = createMetrics();
  const core = new BotCore({
    kb: () => kb,
    store,
    config: policy(over),
    logger,
    metrics,
    now: clock.now,
    permalink: (r) => `https://chat.example/${r.channelId}/${r.replyMessageId ?? r.sourceMessageId}`,
  });
  let seq = 0;
  const msg = (over2: Partial<IncomingMessage>): IncomingMessage => {
    seq++;
    return {
      platform: 'slack',
      deliveryId: `Ev${seq}`,
      channelId: 'C-AUTO',
      threadId: null,
      messageId: `1700000000.${String(seq).padStart(6, '0')}`,
      userId: `U${seq}`,
      via: 'message',
      text: '',
      ...over2,
    };
  };
  return { dir, file, store, core, kb, logger, lines, clock, metrics, msg };
}

export const PASTES = {
  promptTooLong: `anthropic.BadRequestError: Error code: 400 - {'type': 'error', 'error': {'type': 'invalid_request_error', 'message': 'prompt is too long: 203441 tokens > 200000 maximum'}, 'request_id': 'req_011CAaBbCcDdEeFfGgHhIiJj'}`,
  overloaded: `InternalServerError: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_011CZzYyXxWwVvUuTtSsRrQq"}`,
  rolesAlternate: `anthropic.BadRequestError: Error code: 400 - {'type': 'error', 'error': {'type': 'invalid_request_error', 'message': 'messages: roles must alternate between "user" and "assistant", but found multiple "user" roles in a row'}}`,
  chatter: 'morning all, anyone going to the meetup on thursday?',
  unknownError:
    'anthropic.BadRequestError: Error code: 400 - {"type":"error","error":{"type":"invalid_request_error","message":"frobnication level 7 is not allowed for widget sprockets"}}',
};

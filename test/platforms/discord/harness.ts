import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type RunningApp, startApp } from '../../../src/app.js';
import type { Enricher } from '../../../src/bot/dispatch.js';
import { loadConfig } from '../../../src/config.js';
import { createDiscordAdapter, type DiscordAdapter } from '../../../src/platforms/discord/index.js';
import type { DiscordOptions } from '../../../src/platforms/discord/types.js';
import { FakeDiscord, humanUser, IDS } from '../../fakes/discord.js';
import { memoryLogger } from '../../helpers/bot.js';

export interface DiscordBot {
  fake: FakeDiscord;
  app: RunningApp;
  adapter: DiscordAdapter;
  lines: string[];
  logs(pattern: RegExp): Array<Record<string, unknown>>;
  stop(): Promise<void>;
}

/**
 * The real app (store, core, HTTP server) with the real discord.js client connected to the local
 * stand-in. Built inside the test so REST retries can be 0; test/platforms/discord/main.test.ts
 * starts the bot as a user would instead.
 */
export async function startDiscordBot(
  opts: {
    env?: Record<string, string>;
    options?: Partial<DiscordOptions>;
    fake?: FakeDiscord;
    waitReady?: boolean;
    enricher?: Enricher;
  } = {},
): Promise<DiscordBot> {
  const fake = opts.fake ?? (await FakeDiscord.start());
  const dir = await mkdtemp(path.join(tmpdir(), 'discord-bot-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATA_DIR: dir,
    HOT_RELOAD: 'false',
    LOG_LEVEL: 'debug',
    AUTO_REPLY_CHANNELS: `${IDS.autoChannel},${IDS.forum}`,
    CHANNEL_COOLDOWN_SECONDS: '0',
    USER_COOLDOWN_SECONDS: '0',
    DUPLICATE_WINDOW_MINUTES: '0',
    ...opts.env,
  });
  const { logger, lines } = memoryLogger();
  const app = await startApp(config, { logger, enricher: opts.enricher ? () => opts.enricher ?? null : undefined });
  const adapter = createDiscordAdapter(app.ctx, {
    token: 'test-token',
    apiUrl: fake.apiUrl,
    restRetries: 0,
    restTimeoutMs: 3_000,
    waitGuildTimeoutMs: 500,
    drainTimeoutMs: 2_000,
    ...opts.options,
  });
  app.ctx.adapters.push(adapter);
  const stop = async () => {
    await app.stop('test');
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await adapter.start();
    if (opts.waitReady !== false) await fake.waitFor(() => adapter.status() === 'connected', 'client ready');
  } catch (err) {
    await stop();
    throw err;
  }
  const logs = (pattern: RegExp) => lines.filter((l) => pattern.test(l)).map((l) => JSON.parse(l) as Record<string, unknown>);
  return { fake, app, adapter, lines, logs, stop };
}

let userSeq = 0;
/** A fresh human user per request (the core limits explicit requests per user). */
export function freshUser() {
  userSeq++;
  return humanUser(`1400000000000${String(10_000 + userSeq)}`, `dev${userSeq}`);
}

export const PASTE = {
  promptTooLong: `anthropic.BadRequestError: Error code: 400 - {'type': 'error', 'error': {'type': 'invalid_request_error', 'message': 'prompt is too long: 203441 tokens > 200000 maximum'}, 'request_id': 'req_011CAaBbCcDdEeFfGgHhIiJj'}`,
  rolesAlternate: `anthropic.BadRequestError: Error code: 400 - {'type': 'error', 'error': {'type': 'invalid_request_error', 'message': 'messages: roles must alternate between "user" and "assistant", but found multiple "user" roles in a row'}}`,
  auth: `anthropic.AuthenticationError: Error code: 401 - {'type': 'error', 'error': {'type': 'authentication_error', 'message': 'invalid x-api-key'}, 'request_id': 'req_011CBbCcDdEeFfGgHhIiJjKk'}`,
  chatter: 'morning all, anyone going to the meetup on thursday?',
};

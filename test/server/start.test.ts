import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { MessageResponse } from '../helpers/app.js';
import { freePort, startBotProcess, waitForHttp } from '../helpers/spawn.js';

describe('npm start with no Slack or Discord credentials', () => {
  it('serves the local page, answers a paste, and shuts down cleanly on SIGTERM', async () => {
    const port = await freePort();
    const dataDir = await mkdtemp(path.join(tmpdir(), 'start-'));
    const bot = startBotProcess({ PORT: String(port), DATA_DIR: dataDir });
    const url = `http://127.0.0.1:${port}`;
    try {
      const health = await waitForHttp(`${url}/healthz`);
      expect(health.status).toBe(200);
      expect(await (await fetch(`${url}/`)).text()).toContain('No Slack or Discord credentials are set');
      const res = await fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          text: 'InternalServerError: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
          mode: 'mention',
        }),
      });
      const body = (await res.json()) as MessageResponse;
      expect(body.outcome).toBe('answered');
      expect(body.thread.posts[1]?.articleId).toBe('overloaded-529');
    } finally {
      bot.child.kill('SIGTERM');
    }
    expect(await bot.exited).toBe(0);
    expect(bot.output()).toContain('local playground at http://127.0.0.1:');
    expect(bot.output()).toContain('stopped; store flushed');
    const saved = JSON.parse(await readFile(path.join(dataDir, 'diagnose-bot.json'), 'utf8'));
    expect(saved.answers[0].articleId).toBe('overloaded-529');
  });

  it('a bad setting stops start-up with the variable name and what was expected', async () => {
    const bot = startBotProcess({ PORT: 'eighty' });
    expect(await bot.exited).toBe(2);
    expect(bot.output()).toMatch(/invalid configuration:\n {2}- PORT="eighty": expected a whole number/);
  });
});

describe('configuration', () => {
  it('builds one validated object from the environment', () => {
    const c = loadConfig({ AUTO_REPLY_CHANNELS: 'C1, C2,,', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', DISCORD_TOKEN: 'd' });
    expect(c.AUTO_REPLY_CHANNELS).toEqual(['C1', 'C2']);
    expect(c.slack.mode).toBe('http');
    expect(c.discord.enabled).toBe(true);
    expect(c.claude.enabled).toBe(false);
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1-A' }).slack.mode).toBe('socket');
    expect(c.DISCORD_SHARDS).toBe('auto');
    expect(loadConfig({ DISCORD_SHARDS: ' 4 ' }).DISCORD_SHARDS).toBe(4);
  });

  it.each([
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, /SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN/],
    [{ SLACK_API_URL: 'not a url' }, /SLACK_API_URL="not a url": expected a URL/],
    [{ STRICT_THRESHOLD: '2' }, /STRICT_THRESHOLD="2"/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL="loud"/],
    [{ HOT_RELOAD: 'maybe' }, /HOT_RELOAD="maybe": expected true or false/],
    [{ LENIENT_THRESHOLD: '0.9' }, /LENIENT_THRESHOLD: expected a value not above STRICT_THRESHOLD/],
    [{ DISCORD_SHARDS: 'many' }, /DISCORD_SHARDS="many": expected a whole number or "auto"/],
    [{ DISCORD_SHARD_DELAY_MS: '-1' }, /DISCORD_SHARD_DELAY_MS="-1": expected at least 0/],
  ])('%o is refused with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env as NodeJS.ProcessEnv)).toThrow(message);
  });
});

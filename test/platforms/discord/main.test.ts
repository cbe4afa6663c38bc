import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FakeDiscord, IDS } from '../../fakes/discord.js';
import { ROOT } from '../../helpers/kb.js';
import { PASTE } from './harness.js';

/** The bot started as a user starts it (`node --import tsx src/main.ts` with the environment), against the stand-in. */

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise((r) => srv.close(r));
  return port;
}

let fake: FakeDiscord;
let child: ChildProcess;
let dir: string;
let output = '';
let exit: Promise<number | null>;

beforeAll(async () => {
  fake = await FakeDiscord.start();
  dir = await mkdtemp(path.join(tmpdir(), 'discord-main-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(SLACK_|DISCORD_|ANTHROPIC_|AUTO_REPLY)/.test(k)) env[k] = v;
  child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      ...env,
      NODE_ENV: 'production',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
      HOT_RELOAD: 'false',
      PORT: String(port),
      DATA_DIR: dir,
      DISCORD_TOKEN: 'test-token',
      DISCORD_API_URL: fake.apiUrl,
      AUTO_REPLY_CHANNELS: IDS.autoChannel,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  exit = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  const until = Date.now() + 30_000;
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`)
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) break;
    if (Date.now() > until || child.exitCode !== null) throw new Error(`bot did not become healthy:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}, 40_000);

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await fake?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('started with npm start settings: connects, answers a paste in a thread, exits 0 on SIGTERM', async () => {
  expect(fake.identifies).toBe(1);
  const msg = fake.post({
    content: `${PASTE.promptTooLong}\n    at Anthropic.makeRequest (node_modules/@anthropic-ai/sdk/core.js:312:15)`,
  });
  await fake.waitForCall('POST', new RegExp(`^/channels/${IDS.autoChannel}/messages/${msg.id}/threads$`), 1);
  const [post] = await fake.waitForCall('POST', new RegExp(`^/channels/${msg.id}/messages$`));
  expect((post?.body as { embeds?: Array<{ title: string }> } | undefined)?.embeds?.[0]?.title).toMatch(/prompt is too long/i);
  expect(post?.headers.authorization).toBe('Bot test-token');

  child.kill('SIGTERM');
  expect(await exit).toBe(0);
  expect(output).toMatch(/Discord connected/);
  expect(output).not.toContain('test-token');
}, 30_000);

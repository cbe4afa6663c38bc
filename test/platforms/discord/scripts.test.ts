import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { registerCommands } from '../../../src/platforms/discord/register-commands.js';
import { FakeDiscord, IDS } from '../../fakes/discord.js';
import { ROOT } from '../../helpers/kb.js';

let fake: FakeDiscord | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});

it('register-commands: guild when a guild id is given, else global; the full command set', async () => {
  fake = await FakeDiscord.start();
  const guild = await registerCommands({ token: 't', apiUrl: fake.apiUrl, guildId: IDS.guild });
  expect(guild.scope).toBe('guild');
  const [put] = await fake.waitForCall('PUT', new RegExp(`^/applications/${IDS.app}/guilds/${IDS.guild}/commands$`));
  const cmds = put?.body as Array<{
    name: string;
    type: number;
    options?: Array<{ name: string; type: number }>;
    default_member_permissions?: string;
  }>;
  expect(cmds.map((c) => c.name).sort()).toEqual([
    'Answer with an article',
    'Diagnose this message',
    'diagnose',
    'diagnose-article',
    'diagnose-channel',
    'diagnose-settings',
    'diagnose-stats',
  ]);
  expect(cmds.find((c) => c.name === 'Diagnose this message')?.type).toBe(3);
  expect(cmds.find((c) => c.name === 'Answer with an article')?.type).toBe(3);
  // The article option autocompletes (titles and ids as the helper types).
  const article = cmds.find((c) => c.name === 'diagnose-article') as { options?: Array<{ name: string; autocomplete?: boolean }> };
  expect(article.options?.find((o) => o.name === 'article')?.autocomplete).toBe(true);
  expect(cmds.find((c) => c.name === 'diagnose')?.options?.map((o) => [o.name, o.type])).toEqual([
    ['text', 3],
    ['file', 11],
    ['private', 5],
  ]);
  expect(cmds.find((c) => c.name === 'diagnose-channel')?.default_member_permissions).toBe('16');

  const global = await registerCommands({ token: 't', apiUrl: fake.apiUrl });
  expect(global.scope).toBe('global');
  await fake.waitForCall('PUT', new RegExp(`^/applications/${IDS.app}/commands$`));
});

it('register-commands run as a script (npm run register-commands) reports a rejected token clearly', async () => {
  fake = await FakeDiscord.start();
  fake.fail({ method: 'GET', path: /^\/applications\/@me$/ }, 401, { message: '401: Unauthorized', code: 0 });
  const out = await run(['src/platforms/discord/register-commands.ts'], { DISCORD_TOKEN: 'bad', DISCORD_API_URL: fake.apiUrl });
  expect(out.code).toBe(1);
  expect(out.output).toMatch(/DISCORD_TOKEN was rejected/);
  expect(out.output).not.toContain('bad\n');
});

it('start:sharded: the ShardingManager forks one bot per shard, each identifies as its shard, SIGTERM stops all', async () => {
  fake = await FakeDiscord.start();
  const dir = await mkdtemp(path.join(tmpdir(), 'discord-shards-'));
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/platforms/discord/shard.ts'], {
      cwd: ROOT,
      env: cleanEnv({
        DISCORD_TOKEN: 'test-token',
        DISCORD_API_URL: fake.apiUrl,
        DISCORD_SHARDS: '2',
        DISCORD_SHARD_DELAY_MS: '0',
        PORT: '0',
        DATA_DIR: dir,
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await fake.waitFor(() => /all shards ready/.test(output), `shards ready; output so far:\n${output}`, 120_000);
    const shards = fake.frames.filter((f) => f.op === 2).map((f) => (f.d as { shard: number[] }).shard);
    expect(shards).toEqual(
      expect.arrayContaining([
        [0, 2],
        [1, 2],
      ]),
    );
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}, 150_000);

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(SLACK_|DISCORD_|ANTHROPIC_|AUTO_REPLY)/.test(k)) env[k] = v;
  return { ...env, NODE_ENV: 'production', LOG_FORMAT: 'json', HOT_RELOAD: 'false', ...extra };
}

function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
      cwd: ROOT,
      env: cleanEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

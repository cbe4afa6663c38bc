import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../../fakes/discord.js';
import { ROOT } from '../../helpers/kb.js';
import { freshSchema, skipPostgres } from '../../helpers/postgres.js';
import { PASTES } from '../slack/harness.js';

/**
 * `npm run start:sharded` with DATABASE_URL: two shard processes, one PostgreSQL store. An answer given
 * through shard 0 can be voted on through shard 1, and both shards' statistics show the vote.
 */
const skip = await skipPostgres();
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

const canListen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });

/** A port P with P+1 free too: shard N listens on PORT + N. */
async function portPair(): Promise<number> {
  for (;;) {
    const p = 20_000 + Math.floor(Math.random() * 30_000);
    if ((await canListen(p)) && (await canListen(p + 1))) return p;
  }
}

const json = (port: number, route: string, body?: unknown, uid = 'shard-tester') =>
  fetch(`http://127.0.0.1:${port}${route}`, {
    method: body ? 'POST' : 'GET',
    headers: { 'content-type': 'application/json', cookie: `uid=${uid}` },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });

describe.skipIf(skip)('the sharded Discord bot on PostgreSQL', () => {
  it('two shard processes share one store: answer through shard 0, vote through shard 1, both see it', { timeout: 120_000 }, async () => {
    const fake = await FakeDiscord.start();
    const { url, drop } = await freshSchema('shards');
    const dir = await mkdtemp(path.join(tmpdir(), 'discord-shards-pg-'));
    cleanups.push(
      () => fake.close(),
      drop,
      () => rm(dir, { recursive: true, force: true }),
    );
    const port = await portPair();
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/platforms/discord/shard.ts'], {
      cwd: ROOT,
      env: {
        ...env,
        NODE_ENV: 'production',
        LOG_FORMAT: 'json',
        HOT_RELOAD: 'false',
        DISCORD_TOKEN: 'test-token',
        DISCORD_API_URL: fake.apiUrl,
        DISCORD_SHARDS: '2',
        DISCORD_SHARD_DELAY_MS: '0',
        PORT: String(port),
        DATA_DIR: dir,
        DATABASE_URL: url,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    cleanups.push(async () => {
      child.kill('SIGKILL');
      await exit;
    });
    await fake.waitFor(() => /all shards ready/.test(output), `shards ready; output so far:\n${output}`, 90_000);

    const asked = await json(port, '/api/messages', { text: PASTES.promptTooLong });
    expect(asked.status, output.slice(-2000)).toBe(200);
    const posts = ((await asked.json()) as { thread: { posts: Array<{ answerId: string | null; articleId: string | null }> } }).thread
      .posts;
    const { answerId, articleId } = posts.find((p) => p.answerId) ?? {};
    expect(answerId && articleId).toBeTruthy();
    const voted = await json(port + 1, '/api/votes', { answerId, value: 'up' }, 'shard-one-voter');
    expect(voted.status).toBe(200);
    for (const p of [port, port + 1]) {
      const stats = (await (await json(p, '/api/stats?playground=1')).json()) as { articles: Array<{ articleId: string; up: number }> };
      expect(stats.articles.find((s) => s.articleId === articleId)?.up, `shard on port ${p}`).toBe(1);
    }
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });
});

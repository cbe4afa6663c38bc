import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventEnvelope, type FakeSlack, signedPost, slackTs, startFakeSlack } from '../../fakes/slack.js';
import { ROOT } from '../../helpers/kb.js';
import { PASTES, SECRET, slackEscape } from './harness.js';

/** A port that was free a moment ago (the bot's PORT must be known before it starts). */
async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as { port: number };
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

function start(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_FORMAT: 'json', HOT_RELOAD: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => (out += String(d)));
  child.stderr?.on('data', (d) => (out += String(d)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

const cleanup: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn().catch(() => undefined);
});

describe('the bot started as a user starts it (node --import tsx src/main.ts)', () => {
  // Each test starts the bot as a process under tsx: seconds on a quiet machine, much longer on a busy one.
  it('HTTP mode: healthy, answers a signed mention in its thread, exits 0 on SIGTERM', async () => {
    const fake: FakeSlack = await startFakeSlack();
    cleanup.push(() => fake.close());
    const dir = await mkdtemp(path.join(tmpdir(), 'slack-main-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const port = await freePort();
    const bot = start({
      PORT: String(port),
      DATA_DIR: dir,
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.apiUrl,
    });
    cleanup.push(async () => bot.child.kill('SIGKILL'));
    const base = `http://127.0.0.1:${port}`;
    const healthy = await pollHealth(`${base}/healthz`, bot.output);
    expect(healthy.platforms).toEqual({ slack: 'connected' });

    const ts = slackTs();
    const body = JSON.stringify(
      eventEnvelope({ type: 'app_mention', channel: 'CMAIN', user: 'UMAIN', text: `<@UBOT> ${slackEscape(PASTES.promptTooLong)}`, ts }),
    );
    const res = await signedPost(`${base}/slack/events`, body, 'application/json', { secret: SECRET });
    expect(res.status).toBe(200);
    const post = await fake.waitFor(() => fake.callsTo('chat.postMessage').find((c) => c.body.channel === 'CMAIN'), 'the answer', 15_000);
    expect(post.body.thread_ts).toBe(ts);
    expect(JSON.stringify(post.body.blocks)).toMatch(/prompt/i);

    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
  }, 120_000);

  it('a rejected token stops the bot with a clear message and exit code 2', async () => {
    const fake = await startFakeSlack({ botToken: 'xoxb-other' });
    cleanup.push(() => fake.close());
    const dir = await mkdtemp(path.join(tmpdir(), 'slack-main-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const bot = start({
      PORT: String(await freePort()),
      DATA_DIR: dir,
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.apiUrl,
    });
    cleanup.push(async () => bot.child.kill('SIGKILL'));
    expect(await bot.exited).toBe(2);
    expect(bot.output()).toMatch(/Slack auth\.test failed \(invalid_auth\): SLACK_BOT_TOKEN is not valid/);
  }, 60_000);
});

async function pollHealth(url: string, output: () => string): Promise<{ platforms: Record<string, string> }> {
  // Starting under tsx and loading the knowledge base takes seconds; on a saturated CI machine (the suite's
  // other files run beside it) it has taken over 30 s, so the wait is bounded generously.
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.status === 200) return (await res.json()) as { platforms: Record<string, string> };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`bot never became healthy; output:\n${output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

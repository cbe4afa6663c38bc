/**
 * `npm run bench -- load [--rate 100] [--seconds 30] [--dist] [--profile]`: the bot in Slack HTTP mode, in its own
 * process, against the local Web API stand-in; signed events at a fixed rate (80% chat, 15% pastes up
 * to 10 KB, 5% log files of 100–512 KB); `/healthz` probed at the same time. Prints ack latency,
 * `/healthz` latency, answers posted against expected, acks over Slack's 3 s, answers posted twice,
 * the bot's event-loop delay and its resident memory. Traffic goes to 127.0.0.1 only; bounded in
 * count and time. Prints figures, asserts nothing. `--profile` also writes V8 CPU profiles of the bot
 * (main thread and workers) and prints where.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/core/paths.js';
import { eventEnvelope, type FakeSlack, signedPost, startFakeSlack } from '../test/fakes/slack.js';

const SECRET = 'bench-signing-secret';
const CHANNELS = Array.from({ length: 50 }, (_, i) => `CLOAD${i}`);
const CHATTER = [
  'morning! anyone else seeing slow CI today?',
  'thanks, that worked',
  'I think the docs cover this, let me find the link',
  'can we pair on the migration after lunch?',
  'what model are you using for the summariser?',
];
const NOISE = [
  '2026-11-02 10:14:03,512 INFO worker.pool: picked job 81723 from queue default',
  '2026-11-02 10:14:03,844 DEBUG httpx: HTTP Request: POST https://internal.example/api/v2/jobs "HTTP/1.1 200 OK"',
  '  File "/srv/app/pipeline/steps/summarise.py", line 214, in run',
  '    result = await self.client.messages.create(**params)',
];
/** Errors the knowledge base answers confidently and that are not incident-class (no folding). */
const ERRORS = [
  (n: number) =>
    `anthropic.BadRequestError: Error code: 400 - {'type': 'error', 'error': {'type': 'invalid_request_error', 'message': 'prompt is too long: ${200_001 + n} tokens > 200000 maximum'}}`,
  () =>
    `anthropic.BadRequestError: Error code: 400 - {'type': 'error', 'error': {'type': 'invalid_request_error', 'message': 'messages: roles must alternate between "user" and "assistant", but found multiple "user" roles in a row'}}`,
];

function logOf(bytes: number, error: string): string {
  const lines: string[] = [];
  for (let n = 0, i = 0; n + error.length < bytes; i++) {
    const line = NOISE[i % NOISE.length] as string;
    lines.push(line);
    n += line.length + 1;
  }
  return `${lines.join('\n')}\n${error}`;
}

function quantile(sorted: number[], q: number): number {
  return sorted.length === 0 ? Number.NaN : (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function startBot(port: number, dataDir: string, fake: FakeSlack, useDist: boolean, profileDir: string | null): ChildProcess {
  const entry = useDist ? [path.join(PROJECT_ROOT, 'dist/src/main.js')] : ['--import', 'tsx', path.join(PROJECT_ROOT, 'src/main.ts')];
  // `--profile`: V8 CPU profiles of the bot and its worker threads, written when the bot exits.
  const flags = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  return spawn(process.execPath, [...flags, ...entry], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      HOT_RELOAD: 'false',
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.apiUrl,
      AUTO_REPLY_CHANNELS: CHANNELS.join(','),
      // Every paste is expected to be answered: no cooldowns, no "same error again" links.
      CHANNEL_COOLDOWN_SECONDS: '0',
      USER_COOLDOWN_SECONDS: '0',
      DUPLICATE_WINDOW_MINUTES: '0',
    },
  });
}

async function waitReady(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the bot exited with code ${child.exitCode}`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the bot did not become ready within 90 s');
}

/** Prometheus text → one sample's value. */
function metric(text: string, name: string): number {
  const m = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.eE+-]+)$`, 'm').exec(text);
  return m ? Number(m[1]) : Number.NaN;
}

function peakRss(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN) * 1024;
  } catch {
    return Number.NaN;
  }
}

interface Sent {
  kind: 'chat' | 'paste' | 'big';
  ts: string;
  channel: string;
  ack: number | null;
  status: number;
}

export async function loadBench(args: string[]): Promise<void> {
  const opt = (name: string, def: number) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? Math.max(1, Number(args[i + 1]) || def) : def;
  };
  const rate = Math.min(500, opt('rate', 100));
  const seconds = Math.min(120, opt('seconds', 30));
  const useDist = args.includes('--dist') && existsSync(path.join(PROJECT_ROOT, 'dist/src/main.js'));
  const total = rate * seconds;

  const fake = await startFakeSlack({ botToken: 'xoxb-bench' });
  const dataDir = await mkdtemp(path.join(tmpdir(), 'bench-load-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const profileDir = args.includes('--profile') ? await mkdtemp(path.join(tmpdir(), 'bench-load-profile-')) : null;
  const child = startBot(port, dataDir, fake, useDist, profileDir);
  try {
    await waitReady(url, child);
    console.log(
      `load: ${rate} events/s for ${seconds} s (${total} events: 80% chat, 15% pastes ≤ 10 KB, 5% log files 100–512 KB), bot ${useDist ? 'from dist/' : 'under tsx'}, pid ${child.pid}`,
    );
    await fetch(`${url}/metrics`).then((r) => r.text()); // resets the event-loop delay histogram

    // A fixed mix, shuffled deterministically: every run sends the same events in the same order.
    const kinds: Sent['kind'][] = Array.from({ length: total }, (_, i) => (i % 20 === 0 ? 'big' : i % 20 < 4 ? 'paste' : 'chat'));
    let seed = 7;
    for (let i = kinds.length - 1; i > 0; i--) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const j = seed % (i + 1);
      [kinds[i], kinds[j]] = [kinds[j] as Sent['kind'], kinds[i] as Sent['kind']];
    }

    // Everything is built before the clock starts: the sender only signs and posts.
    const prepared = kinds.map((kind, i) => prepare(i, kind, fake));
    const sent: Sent[] = [];
    const health: number[] = [];
    let probing = true;
    const prober = (async () => {
      while (probing) {
        const t = performance.now();
        await fetch(`${url}/healthz`).then((r) => r.arrayBuffer());
        health.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();

    const started = performance.now();
    const inFlight: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      inFlight.push(send(prepared[i] as Prepared, url, sent));
    }
    await Promise.all(inFlight);
    const sendSeconds = (performance.now() - started) / 1000;

    const expected = sent.filter((s) => s.kind !== 'chat');
    const threadsOf = () => {
      const posts = new Map<string, number>();
      for (const c of fake.callsTo('chat.postMessage')) {
        const ts = c.body.thread_ts as string | undefined;
        if (ts) posts.set(ts, (posts.get(ts) ?? 0) + 1);
      }
      return posts;
    };
    const waitStart = performance.now();
    while (performance.now() - waitStart < 20_000 && expected.some((s) => !threadsOf().has(s.ts)))
      await new Promise((r) => setTimeout(r, 200));
    probing = false;
    await prober;
    const metricsText = await fetch(`${url}/metrics`).then((r) => r.text());
    report(sent, expected, threadsOf(), health, metricsText, peakRss(child.pid), sendSeconds);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r).once('error', r));
    await fake.close();
    await rm(dataDir, { recursive: true, force: true });
    if (profileDir) console.log(`  CPU profiles of the bot and its workers (open in Chrome DevTools): ${profileDir}`);
  }
}

interface Prepared {
  kind: Sent['kind'];
  ts: string;
  channel: string;
  body: string;
}

function prepare(i: number, kind: Sent['kind'], fake: FakeSlack): Prepared {
  const ts = `${1_800_000_000 + i}.000100`;
  const channel = CHANNELS[i % CHANNELS.length] as string;
  const user = `U${i % 300}`;
  const error = (ERRORS[i % ERRORS.length] as (n: number) => string)(i);
  let event: Record<string, unknown>;
  if (kind === 'chat') event = { type: 'message', channel, channel_type: 'channel', user, text: CHATTER[i % CHATTER.length], ts };
  else if (kind === 'paste') {
    const size = 200 + ((i * 7919) % 9_800);
    event = { type: 'message', channel, channel_type: 'channel', user, text: logOf(size, error), ts };
  } else {
    const size = 100_000 + ((i * 104_729) % 412_000);
    const name = `job-${i}.log`;
    const fileUrl = fake.addFile(name, logOf(size, error));
    const file = { id: `F${i}`, name, mimetype: 'text/plain', filetype: 'text', mode: 'hosted', size, url_private_download: fileUrl };
    event = {
      type: 'message',
      subtype: 'file_share',
      channel,
      channel_type: 'channel',
      user,
      text: 'failing job, log attached',
      ts,
      files: [file],
    };
  }
  return { kind, ts, channel, body: JSON.stringify(eventEnvelope({ event_ts: ts, ...event })) };
}

async function send(p: Prepared, url: string, sent: Sent[]): Promise<void> {
  const record: Sent = { kind: p.kind, ts: p.ts, channel: p.channel, ack: null, status: 0 };
  sent.push(record);
  const t = performance.now();
  try {
    const res = await signedPost(`${url}/slack/events`, p.body, 'application/json', { secret: SECRET });
    await res.arrayBuffer();
    record.status = res.status;
  } catch {
    record.status = -1;
  }
  record.ack = performance.now() - t;
}

function report(
  sent: Sent[],
  expected: Sent[],
  posts: Map<string, number>,
  health: number[],
  metricsText: string,
  rssPeak: number,
  sendSeconds: number,
): void {
  const acks = sent.map((s) => s.ack ?? Number.POSITIVE_INFINITY).sort((a, b) => a - b);
  const h = [...health].sort((a, b) => a - b);
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  const posted = expected.filter((s) => posts.has(s.ts)).length;
  const twice = [...posts.values()].filter((n) => n > 1).length;
  const late = sent.filter((s) => (s.ack ?? Number.POSITIVE_INFINITY) > 3_000).length;
  const failed = sent.filter((s) => s.status !== 200).length;
  const chatAnswered = sent.filter((s) => s.kind === 'chat' && posts.has(s.ts)).length;
  const lagMax = metric(metricsText, 'diagnose_bot_nodejs_eventloop_lag_max_seconds') * 1000;
  const lagP99 = metric(metricsText, 'diagnose_bot_nodejs_eventloop_lag_p99_seconds') * 1000;
  const rss = metric(metricsText, 'diagnose_bot_process_resident_memory_bytes');
  const big = sent.filter((s) => s.kind === 'big').length;
  console.log(`  sent ${sent.length} events in ${sendSeconds.toFixed(1)} s (${big} log files of 100–512 KB)`);
  console.log(
    `  ack latency           p50 ${ms(quantile(acks, 0.5))}   p99 ${ms(quantile(acks, 0.99))}   max ${ms(acks.at(-1) ?? Number.NaN)}`,
  );
  console.log(`  /healthz latency      p50 ${ms(quantile(h, 0.5))}   p99 ${ms(quantile(h, 0.99))}   (${h.length} probes)`);
  console.log(`  answers posted        ${posted} of ${expected.length} expected; chat answered: ${chatAnswered}`);
  console.log(`  acks later than 3 s   ${late}; answers posted twice: ${twice}; non-200 acks: ${failed}`);
  console.log(`  bot event-loop delay  max ${ms(lagMax)}   p99 ${ms(lagP99)}   (prom-client monitor, whole run)`);
  console.log(`  bot resident memory   ${(rss / 1e6).toFixed(0)} MB at the end, ${(rssPeak / 1e6).toFixed(0)} MB peak (workers included)`);
}

import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeAnthropic, startFakeAnthropic } from '../fakes/anthropic.js';
import { slackTs } from '../fakes/slack.js';
import { SECRET_CORPUS } from '../fixtures/secret-corpus.js';
import { AUTO, PASTES, type SlackBot, slackEscape, startSlackBot } from '../platforms/slack/harness.js';

/**
 * Every secret form of the corpus, through every way a paste enters the bot (Slack mention, auto-reply
 * channel and /diagnose on the real Bolt app; the local page; Claude's summary through the local
 * Messages API stand-in; an unplaceable error kept as a knowledge gap), then every place the bot
 * writes is searched for any 12-character window of each secret.
 */

const UNKNOWN =
  'anthropic.BadRequestError: Error code: 400 - {"type":"error","error":{"type":"invalid_request_error","message":"frobnication level 7 is not allowed for widget sprockets"}}';

let bot: SlackBot;
let claude: FakeAnthropic;
const apiResponses: string[] = [];
let user = 0;

async function localPaste(text: string): Promise<void> {
  const res = await fetch(`${bot.running.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: `uid=local-user${++user}` },
    body: JSON.stringify({ text, mode: 'mention' }),
  });
  apiResponses.push(`${res.status} ${await res.text()}`);
}

/** Resolves once nothing new has happened (Slack calls, Claude requests, log lines) for a while. */
async function settle(quietMs = 600): Promise<void> {
  let last = '';
  for (;;) {
    const now = `${bot.fake.calls.length}/${claude.requests.length}/${bot.lines.length}`;
    if (now === last) return;
    last = now;
    await new Promise((r) => setTimeout(r, quietMs));
  }
}

beforeAll(async () => {
  claude = await startFakeAnthropic();
  claude.respond = () => ({
    kind: 'ok',
    text: JSON.stringify({ summary: 'A request failed with 401: the key was refused.', article: null, note: null }),
  });
  bot = await startSlackBot({
    claude: true,
    env: {
      ANTHROPIC_API_KEY: 'sk-ant-api03-bot-own-key-for-tests-0000000000',
      ANTHROPIC_BASE_URL: claude.url,
      SUMMARY_MIN_LINES: '1',
      SUMMARY_MIN_CHARS: '1',
      CLAUDE_DAILY_TOKEN_BUDGET: '100000000',
      CLAUDE_USER_DAILY_TOKENS: '100000000',
      DUPLICATE_WINDOW_MINUTES: '0',
    },
  });
});
afterAll(async () => {
  await bot?.stop();
  await claude?.close();
});

/**
 * Windows of 12 characters, leaving out those wholly inside a format's public prefix (`sk-ant-api03-`,
 * a JWT's standard header): every key of that kind starts so, and the knowledge base says as much.
 */
const PUBLIC_PREFIX =
  /^(?:sk-ant-[a-z]+\d\d-|sk-(?:proj|or-v1)-|xox[a-z]\.xox[a-z]-\d-|xox[a-z]-\d-|xapp-\d-|github_pat_|ya29\.(?:[a-z]\.)?|eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9\.)/;
const windows = (s: string) => {
  const open = PUBLIC_PREFIX.exec(s)?.[0].length ?? 0;
  return Array.from({ length: Math.max(0, s.length - 11) }, (_, i) => s.slice(i, i + 12)).filter((_, i) => i + 12 > open);
};

/**
 * Every (form, sink) where some 12-character window of one of the form's secrets occurs in the sink's
 * text. One pass over each sink looking every 12-character slice up in a map of all windows (the sinks
 * hold megabytes; searching them once per window took most of this file's time), so it finds exactly
 * what `text.includes(window)` for every window would.
 */
function findLeaks(sinks: Record<string, string>): string[] {
  const owners = new Map<string, string[]>();
  for (const form of SECRET_CORPUS)
    for (const secret of form.secrets)
      for (const w of windows(secret)) {
        const list = owners.get(w) ?? [];
        if (!list.includes(form.name)) list.push(form.name);
        owners.set(w, list);
      }
  const leaks = new Map<string, string>();
  for (const [where, text] of Object.entries(sinks))
    for (let i = 0; i + 12 <= text.length; i++) {
      const hit = owners.get(text.slice(i, i + 12));
      if (hit) for (const name of hit) if (!leaks.has(`${name} → ${where}`)) leaks.set(`${name} → ${where}`, text.slice(i, i + 12));
    }
  return [...leaks].map(([k, w]) => `${k} (${w})`);
}

describe('findLeaks', () => {
  it('finds a window of a secret anywhere in a sink, and nothing in clean text', () => {
    const [form] = SECRET_CORPUS;
    const secret = form?.secrets[0] ?? '';
    const mid = secret.slice(secret.length - 14, secret.length - 1);
    expect(findLeaks({ log: `clean ${PASTES.promptTooLong}`, other: `x${mid}y` })).toEqual([`${form?.name} → other (${mid.slice(0, 12)})`]);
  });
});

describe('secrets never leave the bot, in any form, by any path', () => {
  it(`the corpus holds at least 50 forms (${SECRET_CORPUS.length})`, () => {
    expect(SECRET_CORPUS.length).toBeGreaterThanOrEqual(50);
  });

  it('no 12-character window of any secret reaches posted messages, store files, logs, metrics, pages, API responses or Claude', async () => {
    for (const [i, form] of SECRET_CORPUS.entries()) {
      const paste = `${form.text}\n${PASTES.promptTooLong}`;
      await Promise.all([
        bot.postEvent({ type: 'app_mention', channel: 'CMENTION', user: `UM${i}`, text: `<@UBOT> ${slackEscape(paste)}`, ts: slackTs() }),
        bot.postEvent({ type: 'message', channel_type: 'channel', channel: AUTO, user: `UA${i}`, text: slackEscape(paste), ts: slackTs() }),
        bot.postCommand({ channel_id: 'CCMD', user_id: `UC${i}`, text: slackEscape(paste) }),
        localPaste(paste),
      ]);
      await localPaste(`${form.text}\n${UNKNOWN}`); // a knowledge gap, kept with a redacted example
    }
    await settle();

    const get = async (p: string) => `${p}: ${await (await fetch(`${bot.running.url}${p}`)).text()}`;
    const pages = await Promise.all(
      [
        '/',
        '/dashboard',
        '/dashboard?playground=1',
        '/dashboard/article/prompt-too-long?playground=1',
        '/api/stats',
        '/api/stats.md',
        '/api/answers.csv?playground=1',
        '/api/answers.json?playground=1',
        '/metrics',
        '/healthz',
      ].map(get),
    );
    const sinks: Record<string, string> = {
      'Slack API calls': JSON.stringify(bot.fake.calls.map((c) => c.body)),
      'Claude requests': claude.requests.map((r) => r.raw).join('\n'),
      logs: bot.lines.join('\n'),
      'pages and API': pages.join('\n'),
      'API responses': apiResponses.join('\n'),
    };
    await bot.running.stop('test'); // flushes the store
    const dataDir = bot.running.ctx.config.DATA_DIR;
    for (const f of await readdir(dataDir, { recursive: true, withFileTypes: true }))
      if (f.isFile()) sinks[`store file ${f.name}`] = await readFile(path.join(f.parentPath, f.name), 'utf8');

    // The paths were really taken.
    expect(bot.fake.callsTo('chat.postMessage').length).toBeGreaterThan(SECRET_CORPUS.length * 3);
    expect(claude.requests.length).toBeGreaterThanOrEqual(SECRET_CORPUS.length);
    expect(sinks['pages and API']).toContain('frobnication');
    // The exports and the article page carry the redacted pastes themselves.
    expect(pages.find((p) => p.startsWith('/api/answers.csv'))).toContain('prompt is too long');
    expect(pages.find((p) => p.startsWith('/dashboard/article/'))).toContain('example (redacted)');
    expect(Object.keys(sinks).some((k) => k.startsWith('store file'))).toBe(true);

    expect(findLeaks(sinks)).toEqual([]);
  }, 600_000);
});

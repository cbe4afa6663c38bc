import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type RunningApp, startApp } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import { eventEnvelope, type FakeSlack, formBody, signedPost, slackTs, startFakeSlack, waitFor } from '../../fakes/slack.js';
import { memoryLogger } from '../../helpers/bot.js';

export const SECRET = 'test-signing-secret';
export const BOT_TOKEN = 'xoxb-test';
export const APP_TOKEN = 'xapp-test';
export const AUTO = 'CAUTO';

// biome-ignore lint/suspicious/noExplicitAny: Slack payloads are plain JSON
type Json = Record<string, any>;

export interface SlackBot {
  fake: FakeSlack;
  running: RunningApp;
  lines: string[];
  /** http://127.0.0.1:<port>/slack/events on the bot's own server. */
  eventsUrl: string;
  postEvent(event: Json, opts?: { envelope?: Json; headers?: Record<string, string> }): Promise<{ res: Response; envelope: Json }>;
  postCommand(fields: Json): Promise<Response>;
  postInteraction(payload: Json): Promise<Response>;
  /** Waits for a log line with this message whose fields match. */
  waitForLog(msg: string, match?: (line: Json) => boolean): Promise<Json>;
  stop(): Promise<void>;
}

/** The real app (startApp, real Bolt, real store) on 127.0.0.1:0, talking to a fake Slack. */
export async function startSlackBot(
  opts: { env?: Record<string, string>; fake?: FakeSlack /** Use the Claude enricher the config asks for. */; claude?: boolean } = {},
): Promise<SlackBot> {
  const fake = opts.fake ?? (await startFakeSlack());
  const dir = await mkdtemp(path.join(tmpdir(), 'slack-bot-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dir,
    HOT_RELOAD: 'false',
    LOG_LEVEL: 'debug',
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    AUTO_REPLY_CHANNELS: AUTO,
    CHANNEL_COOLDOWN_SECONDS: '0',
    USER_COOLDOWN_SECONDS: '0',
    ...opts.env,
  });
  const { logger, lines } = memoryLogger();
  const running = await startApp(config, { logger, enricher: opts.claude ? undefined : () => null });
  const eventsUrl = `${running.url}/slack/events`;
  const parsed = () => lines.map((l) => JSON.parse(l) as Json);
  return {
    fake,
    running,
    lines,
    eventsUrl,
    async postEvent(event, o = {}) {
      const envelope = eventEnvelope({ event_ts: event.ts ?? slackTs(), ...event }, o.envelope);
      const res = await signedPost(eventsUrl, JSON.stringify(envelope), 'application/json', { secret: SECRET, headers: o.headers });
      return { res, envelope };
    },
    postCommand(fields) {
      const body = formBody({
        token: 'legacy',
        team_id: 'T1',
        team_domain: 'acme',
        channel_id: 'CGENERAL',
        channel_name: 'general',
        user_id: 'UASKER',
        user_name: 'asker',
        command: '/diagnose',
        text: '',
        api_app_id: 'A1',
        trigger_id: `trig.${slackTs()}`,
        response_url: `${fake.origin}/response/${slackTs()}`,
        ...fields,
      });
      return signedPost(eventsUrl, body, 'application/x-www-form-urlencoded', { secret: SECRET });
    },
    postInteraction(payload) {
      const body = formBody({
        payload: JSON.stringify({ team: { id: 'T1', domain: 'acme' }, api_app_id: 'A1', token: 'legacy', ...payload }),
      });
      return signedPost(eventsUrl, body, 'application/x-www-form-urlencoded', { secret: SECRET });
    },
    waitForLog(msg, match = () => true) {
      return waitFor(() => parsed().find((l) => l.msg === msg && match(l)), `log "${msg}"`);
    },
    async stop() {
      await running.stop('test');
      await fake.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export const PASTES = {
  promptTooLong: `anthropic.BadRequestError: Error code: 400 - {'type': 'error', 'error': {'type': 'invalid_request_error', 'message': 'prompt is too long: 203441 tokens > 200000 maximum'}, 'request_id': 'req_011CAaBbCcDdEeFfGgHhIiJj'}`,
  rolesAlternate: `anthropic.BadRequestError: Error code: 400 - {'type': 'error', 'error': {'type': 'invalid_request_error', 'message': 'messages: roles must alternate between "user" and "assistant", but found multiple "user" roles in a row'}}`,
  chatter: 'morning all, anyone going to the meetup on thursday?',
};

/** Slack escapes &, < and > in message text. */
export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

import type { App } from '@slack/bolt';
import type { Decision, IncomingMessage } from '../../bot/core.js';
import { type DispatchResult, dispatch } from '../../bot/dispatch.js';
import { redact } from '../../bot/redact.js';
import type { AppContext } from '../../context.js';
import type { Logger } from '../../observability/log.js';
import { type SlackApi, slackErrorCode } from './api.js';
import { isSlackTs } from './convert.js';
import type { SlackFiles } from './files.js';
import type { SlackSink } from './sink.js';

/** What every listener gets: the app context, the Web API wrapper, the sink and who the bot is. */
export interface SlackRuntime {
  ctx: AppContext;
  app: App;
  api: SlackApi;
  sink: SlackSink;
  files: SlackFiles;
  log: Logger;
  bot: { userId: string; botId: string; teamUrl: string | null };
}

/**
 * Runs listener work in the background, known to shutdown (ctx.track) and never throwing: an error is
 * logged and counted instead of becoming an unhandled rejection.
 */
export function background(rt: SlackRuntime, what: string, work: () => Promise<unknown>): Promise<void> {
  return rt.ctx.track(
    (async () => {
      try {
        await work();
      } catch (err) {
        rt.log.error({ err, what, code: slackErrorCode(err) }, `Slack: ${what} failed`);
        rt.ctx.metrics.platformErrors.inc({ platform: 'slack', code: 'listener' });
      }
    })(),
  );
}

/** The core decides; the sink carries out the decision (post, record, Claude enrichment). */
export async function handle(rt: SlackRuntime, msg: IncomingMessage): Promise<{ decision: Decision; result: DispatchResult }> {
  const decision = await rt.ctx.core.handleMessage(msg);
  rt.log.debug(
    {
      via: msg.via,
      channel: msg.channelId,
      delivery: msg.deliveryId,
      outcome: decision.outcome,
      actions: decision.actions.length,
      analysedIn: decision.analysedIn,
    },
    'Slack: message handled',
  );
  const result = await dispatch(decision, rt.sink, {
    core: rt.ctx.core,
    logger: rt.log,
    enricher: rt.ctx.enricher,
    userId: msg.userId,
    explicit: msg.via !== 'message',
  });
  return { decision, result };
}

/** True when the decision meant to post an answer and Slack took none of them. */
export function answerLost(decision: Decision, result: DispatchResult): boolean {
  const replies = decision.actions.filter((a) => a.type === 'reply').length;
  return replies > 0 && result.posted.every((p) => p.messageId === null);
}

const ECHO_LINES = 12;
const ECHO_CHARS = 1_200;

/**
 * A slash command or modal paste is not a message in the channel, so the bot first posts what was
 * asked (redacted, shortened) and answers in that message's thread. When the bot cannot post in the
 * channel it falls back to a DM with the user, and says why.
 */
export async function postQuestion(
  rt: SlackRuntime,
  channelId: string,
  userId: string,
  paste: string,
): Promise<{ channelId: string; ts: string; inDm: boolean } | null> {
  const lines = redact(paste).text.split('\n');
  let excerpt = lines.slice(0, ECHO_LINES).join('\n');
  if (excerpt.length > ECHO_CHARS) excerpt = `${excerpt.slice(0, ECHO_CHARS)}…`;
  else if (lines.length > ECHO_LINES) excerpt += '\n…';
  const safe = excerpt.replace(/```/g, 'ˋˋˋ').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const text = `:mag: <@${userId}> asked me to diagnose:\n\`\`\`${safe}\`\`\``;
  try {
    const res = await rt.api.call('chat.postMessage', (c) =>
      c.chat.postMessage({ channel: channelId, text, unfurl_links: false, unfurl_media: false }),
    );
    if (res.ts && isSlackTs(res.ts)) return { channelId: res.channel ?? channelId, ts: res.ts, inDm: false };
  } catch (err) {
    rt.api.logFailure(err, 'posting the question in the channel', { channel: channelId });
  }
  try {
    const res = await rt.api.call('chat.postMessage', (c) =>
      c.chat.postMessage({
        channel: userId,
        text: `I could not post in <#${channelId}> (invite me with \`/invite @${'diagnose-bot'}\`), so here is my answer privately.\n${text}`,
        unfurl_links: false,
      }),
    );
    if (res.ts && res.channel) return { channelId: res.channel, ts: res.ts, inDm: true };
  } catch (err) {
    rt.api.logFailure(err, 'posting the question in a DM', { user: userId });
  }
  return null;
}

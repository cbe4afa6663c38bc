import type { types } from '@slack/bolt';
import type { Answer } from '../../bot/answer.js';
import type { BotAction, ReplyTarget } from '../../bot/core.js';
import type { ReplySink } from '../../bot/dispatch.js';
import { renderSlack, renderSlackFallbackText } from '../../render/slack.js';
import { BLOCK_ERRORS, CHANNEL_ERRORS, type SlackApi, slackErrorCode } from './api.js';
import { isSlackTs } from './convert.js';

/**
 * Carries out the core's actions over the Web API: answers as Block Kit in the pasted message's thread,
 * plain text when Slack refuses the blocks, and channel problems logged with a hint instead of thrown
 * (they are configuration, not bugs, and retrying would not help).
 */
export class SlackSink implements ReplySink {
  constructor(private readonly api: SlackApi) {}

  async postAnswer(target: ReplyTarget, answer: Answer): Promise<string | null> {
    const { text, blocks } = slackMessage(answer);
    const base = { channel: target.channelId, ...threadOf(target), unfurl_links: false, unfurl_media: false };
    try {
      const res = await this.api.call('chat.postMessage', (c) => c.chat.postMessage({ ...base, text, blocks }));
      return res.ts ?? null;
    } catch (err) {
      if (!BLOCK_ERRORS.has(slackErrorCode(err))) return this.failed(err, 'posting an answer', target);
      this.api.logFailure(err, 'posting an answer with blocks', { channel: target.channelId, answer: answer.id });
      try {
        const res = await this.api.call('chat.postMessage', (c) => c.chat.postMessage({ ...base, text: renderSlackFallbackText(answer) }));
        return res.ts ?? null;
      } catch (err2) {
        return this.failed(err2, 'posting an answer as plain text', target);
      }
    }
  }

  async updateAnswer(target: ReplyTarget, messageId: string, answer: Answer): Promise<void> {
    const { text, blocks } = slackMessage(answer);
    try {
      await this.api.call('chat.update', (c) => c.chat.update({ channel: target.channelId, ts: messageId, text, blocks }));
    } catch (err) {
      if (!BLOCK_ERRORS.has(slackErrorCode(err))) {
        this.failed(err, 'updating an answer', target);
        return;
      }
      this.api.logFailure(err, 'updating an answer with blocks', { channel: target.channelId });
      try {
        await this.api.call('chat.update', (c) =>
          c.chat.update({ channel: target.channelId, ts: messageId, text: renderSlackFallbackText(answer), blocks: [] }),
        );
      } catch (err2) {
        this.failed(err2, 'updating an answer as plain text', target);
      }
    }
  }

  async postEphemeral(action: Extract<BotAction, { type: 'ephemeral' }>): Promise<void> {
    await this.ephemeral(action.channelId, action.userId, action.text, action.threadId);
  }

  async ephemeral(
    channelId: string,
    userId: string,
    text: string,
    threadId: string | null = null,
    blocks?: types.KnownBlock[],
  ): Promise<void> {
    try {
      await this.api.call('chat.postEphemeral', (c) =>
        c.chat.postEphemeral({
          channel: channelId,
          user: userId,
          text,
          ...(blocks ? { blocks } : {}),
          ...(isSlackTs(threadId) ? { thread_ts: threadId } : {}),
        }),
      );
    } catch (err) {
      this.failed(err, 'posting an ephemeral message', { channelId });
    }
  }

  async postHandoff(target: ReplyTarget, text: string): Promise<void> {
    try {
      await this.api.call('chat.postMessage', (c) => c.chat.postMessage({ channel: target.channelId, ...threadOf(target), text }));
    } catch (err) {
      this.failed(err, 'posting a hand-off', target);
    }
  }

  /** Channel problems are logged with a hint and swallowed; anything else is rethrown for dispatch to log. */
  private failed(err: unknown, what: string, target: { channelId: string }): null {
    const code = slackErrorCode(err);
    this.api.logFailure(err, what, { channel: target.channelId });
    if (CHANNEL_ERRORS.has(code) || BLOCK_ERRORS.has(code)) return null;
    throw err;
  }
}

/** Block Kit from the shared renderer (plain JSON there, typed here). */
function slackMessage(answer: Answer): { text: string; blocks: types.KnownBlock[] } {
  const { text, blocks } = renderSlack(answer);
  return { text, blocks: blocks as types.KnownBlock[] };
}

function threadOf(target: ReplyTarget): { thread_ts?: string } {
  return isSlackTs(target.threadId) ? { thread_ts: target.threadId } : {};
}

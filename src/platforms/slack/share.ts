import { type ShareRequest, shareArticle, shareDeps } from '../../bot/share.js';
import type { SlackRuntime } from './runtime.js';

/**
 * Posts a helper's chosen article (recorded first, so votes on it count) into the channel or thread,
 * then notes the posted ts so 👍/👎 reactions find it. Returns what to tell the helper.
 */
export async function postSharedArticle(rt: SlackRuntime, req: Omit<ShareRequest, 'platform'>): Promise<{ ok: boolean; text: string }> {
  const shared = await shareArticle(shareDeps(rt.ctx), { ...req, platform: 'slack' });
  if (!shared.ok) return shared;
  const ts = await rt.sink.postAnswer({ platform: 'slack', channelId: req.channelId, threadId: req.threadId }, shared.answer);
  if (!ts) return { ok: false, text: 'I could not post in this channel. Invite me with `/invite @diagnose-bot` and try again.' };
  await rt.ctx.core.answerPosted(shared.recordId, ts);
  rt.log.info({ article: shared.article.id, channel: req.channelId, by: req.userId }, 'Slack: article shared by a helper');
  return { ok: true, text: `Shared *${shared.article.title}*${req.threadId ? ' in the thread' : ' here'}.` };
}

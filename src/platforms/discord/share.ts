import type { Message, SendableChannels } from 'discord.js';
import { type ShareRequest, shareArticle, shareDeps } from '../../bot/share.js';
import { errorHint } from './errors.js';
import { sendAnswer } from './sink.js';
import type { DiscordContext } from './types.js';

/**
 * Posts a helper's chosen article (recorded first, so votes on it count) through `send`, then notes the
 * posted message id so 👍/👎 reactions find the answer. Returns the posted message, or the reason it was not.
 */
export async function postSharedArticle(
  dc: DiscordContext,
  req: Omit<ShareRequest, 'platform'>,
  send: (answer: Parameters<typeof sendAnswer>[2]) => Promise<Message>,
): Promise<{ ok: true; message: Message; title: string } | { ok: false; text: string }> {
  const shared = await shareArticle(shareDeps(dc.app), { ...req, platform: 'discord' });
  if (!shared.ok) return shared;
  let message: Message;
  try {
    message = await send(shared.answer);
  } catch (err) {
    // sendAnswer has logged and counted it; the helper is told why in words.
    if (!(err instanceof Error && 'reported' in err)) dc.reportError(err, 'post-shared-article');
    const hint = errorHint(err);
    return { ok: false, text: `I could not post the article here${hint ? `: ${hint}` : '.'}` };
  }
  await dc.app.core.answerPosted(shared.recordId, message.id);
  dc.logger.info({ article: shared.article.id, channelId: req.channelId, by: req.userId }, 'discord: article shared by a helper');
  return { ok: true, message, title: shared.article.title };
}

/** Sends into a channel or thread, falling back to text when embeds are refused. */
export function sendTo(dc: DiscordContext, channel: SendableChannels) {
  return (answer: Parameters<typeof sendAnswer>[2]) => sendAnswer(dc, (p) => channel.send(p), answer);
}

export function messageLink(m: Message): string {
  return `https://discord.com/channels/${m.guildId ?? '@me'}/${m.channelId}/${m.id}`;
}

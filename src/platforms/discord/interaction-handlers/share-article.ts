import type { Message } from 'discord.js';
import { ack } from '../ack.js';
import { type PickTarget, parsePickId, SHARE_PICK_PREFIX } from '../article-picker.js';
import { placementOf } from '../convert.js';
import { messageLink, postSharedArticle } from '../share.js';
import { MessageSink } from '../sink.js';
import type { ComponentInteraction, DiscordContext, InteractionHandler } from '../types.js';

type Pick = PickTarget;

/**
 * The article picked in "Answer with an article": posted in the target message's thread (started from
 * it when there is none; a reply where threads are impossible), then the private picker says where.
 */
export const shareArticlePick: InteractionHandler<Pick> = {
  name: 'share-article-pick',
  parse(i: ComponentInteraction) {
    return i.isStringSelectMenu() ? parsePickId(SHARE_PICK_PREFIX, i.customId) : null;
  },
  async run(dc: DiscordContext, i: ComponentInteraction, pick: Pick) {
    if (!i.isStringSelectMenu()) return;
    const articleId = i.values[0] ?? '';
    await ack(dc, i, 'select', () => i.deferUpdate());
    const target = await fetchTarget(dc, pick);
    if (!target) {
      await i.editReply({ content: 'That message is gone (or I can no longer read its channel).', components: [] });
      return;
    }
    const where = placementOf(target.channel, target.channelId);
    // The thread the answer lives in: the one the message is in, else the thread started from it.
    const threadId = where.threadId ?? target.id;
    const sink = new MessageSink(dc, target);
    const result = await postSharedArticle(
      dc,
      {
        community: target.guildId ?? undefined,
        channelId: where.channelId,
        threadId,
        sourceMessageId: target.id,
        userId: i.user.id,
        articleId,
      },
      async (answer) => {
        const id = await sink.postAnswer({ platform: 'discord', channelId: where.channelId, threadId }, answer);
        const posted = id ? sink.posted(id) : undefined;
        if (!posted) throw new Error('the shared article was not posted');
        return posted;
      },
    );
    await i.editReply({ content: result.ok ? `Shared **${result.title}**: ${messageLink(result.message)}` : result.text, components: [] });
  },
};

async function fetchTarget(dc: DiscordContext, pick: Pick): Promise<Message | null> {
  const channel = await dc.client.channels.fetch(pick.channelId).catch(() => null);
  if (!channel?.isTextBased()) return null;
  return channel.messages.fetch(pick.messageId).catch(() => null);
}

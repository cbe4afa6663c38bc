import { ApplicationCommandOptionType, ApplicationCommandType, MessageFlags } from 'discord.js';
import { articleLabel, resolveArticle } from '../../../bot/share.js';
import { articleSearchFor } from '../../../core/article-search.js';
import { ack } from '../ack.js';
import { placementOf } from '../convert.js';
import { messageLink, postSharedArticle, sendTo } from '../share.js';
import type { Command } from '../types.js';

export const DIAGNOSE_ARTICLE = 'diagnose-article';
/** Discord's limits for autocomplete: 25 choices, names and values of at most 100 characters. */
const MAX_CHOICES = 25;
const CHOICE_CHARS = 100;

/**
 * `/diagnose-article article:<title or id>`: a helper posts a knowledge-base article into the current
 * thread (or channel), as "shared by @helper", with the usual vote buttons. The option autocompletes
 * over titles, ids and aliases; the post mentions the helper without pinging anyone.
 */
export const diagnoseArticleCommand: Command = {
  data: {
    type: ApplicationCommandType.ChatInput,
    name: DIAGNOSE_ARTICLE,
    description: 'Share a knowledge-base article here, as you (pick it by title or id)',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'article',
        description: 'Start typing a title, an error or an article id',
        required: true,
        autocomplete: true,
        max_length: 200,
      },
    ],
  },
  async autocomplete(dc, i) {
    const typed = String(i.options.getFocused() ?? '');
    const hits = articleSearchFor(dc.app.knowledge.current).search(typed, MAX_CHOICES);
    await i.respond(hits.filter((a) => a.id.length <= CHOICE_CHARS).map((a) => ({ name: articleLabel(a, CHOICE_CHARS), value: a.id })));
  },
  async run(dc, i) {
    if (!i.isChatInputCommand()) return;
    const typed = i.options.getString('article', true);
    const article = resolveArticle(dc.app.knowledge.current, typed);
    if (!article) {
      await ack(dc, i, 'command', () =>
        i.reply({
          content: `No article matches "${typed.slice(0, 80)}". Pick one from the list as you type.`,
          flags: MessageFlags.Ephemeral,
        }),
      );
      return;
    }
    await ack(dc, i, 'command', () => i.deferReply({ flags: MessageFlags.Ephemeral }));
    const channel = i.channel ?? (await dc.client.channels.fetch(i.channelId).catch(() => null));
    if (!channel?.isSendable()) {
      await i.editReply({ content: 'I cannot post in this channel: I need View Channel and Send Messages here.' });
      return;
    }
    const where = placementOf(channel, i.channelId);
    const result = await postSharedArticle(
      dc,
      {
        community: i.guildId ?? undefined,
        channelId: where.channelId,
        threadId: where.threadId ?? channel.id,
        sourceMessageId: i.id,
        userId: i.user.id,
        articleId: article.id,
      },
      sendTo(dc, channel),
    );
    await i.editReply({ content: result.ok ? `Shared **${result.title}**: ${messageLink(result.message)}` : result.text });
  },
};

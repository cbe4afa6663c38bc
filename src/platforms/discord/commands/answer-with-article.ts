import { ActionRowBuilder, ApplicationCommandType, MessageFlags, StringSelectMenuBuilder } from 'discord.js';
import { articleLabel, suggestArticles } from '../../../bot/share.js';
import { ack } from '../ack.js';
import type { Command } from '../types.js';
import { DIAGNOSE_ARTICLE } from './diagnose-article.js';

export const ANSWER_WITH_ARTICLE = 'Answer with an article';
/** Custom id of the picker: share:<channelId>:<messageId> (the message the article answers). */
export const SHARE_PICK_PREFIX = 'share';
const MAX_OPTIONS = 25;

/**
 * Right-click a message → Apps → "Answer with an article": the helper gets a private picker of the
 * articles that fit the message best (the diagnosis first, then its words), and the chosen one is
 * posted in reply to that message, in its thread (../interaction-handlers/share-article.ts).
 */
export const answerWithArticleCommand: Command = {
  data: { type: ApplicationCommandType.Message, name: ANSWER_WITH_ARTICLE },
  async run(dc, i) {
    if (!i.isMessageContextMenuCommand()) return;
    const target = i.targetMessage;
    const text = [target.content, ...target.embeds.map((e) => `${e.title ?? ''} ${e.description ?? ''}`)].join('\n');
    const articles = suggestArticles(dc.app.knowledge.current, text, MAX_OPTIONS);
    const menu = new StringSelectMenuBuilder()
      .setCustomId(`${SHARE_PICK_PREFIX}:${target.channelId}:${target.id}`)
      .setPlaceholder('Pick the article that answers it')
      .addOptions(articles.map((a) => ({ label: articleLabel(a, 100), value: a.id, description: a.id.slice(0, 100) })));
    await ack(dc, i, 'command', () =>
      i.reply({
        content: `Which article answers this message? It is posted in its thread, as shared by you. Not in the list? Run \`/${DIAGNOSE_ARTICLE}\` in the thread.`,
        components: [new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(menu)],
        flags: MessageFlags.Ephemeral,
      }),
    );
  },
};

import { ApplicationCommandType, MessageFlags } from 'discord.js';
import { suggestArticles } from '../../../bot/share.js';
import { ack } from '../ack.js';
import { pickerComponents } from '../article-picker.js';
import type { Command } from '../types.js';

export const ANSWER_WITH_ARTICLE = 'Answer with an article';
const MAX_OPTIONS = 25;

/**
 * Right-click a message → Apps → "Answer with an article": the helper gets a private picker of the
 * articles that fit the message best (the diagnosis first, then its words) and a search for any other;
 * the chosen one is posted in reply to that message, in its thread (../interaction-handlers/share-article.ts).
 */
export const answerWithArticleCommand: Command = {
  data: { type: ApplicationCommandType.Message, name: ANSWER_WITH_ARTICLE },
  async run(dc, i) {
    if (!i.isMessageContextMenuCommand()) return;
    const target = i.targetMessage;
    const text = [target.content, ...target.embeds.map((e) => `${e.title ?? ''} ${e.description ?? ''}`)].join('\n');
    const articles = suggestArticles(dc.app.knowledge.current, text, MAX_OPTIONS);
    await ack(dc, i, 'command', () =>
      i.reply({
        content: 'Which article answers this message? It is posted in its thread, as shared by you.',
        components: pickerComponents({ channelId: target.channelId, messageId: target.id }, articles),
        flags: MessageFlags.Ephemeral,
      }),
    );
  },
};

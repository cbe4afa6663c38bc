import type { App, MessageShortcut } from '@slack/bolt';
import { suggestArticles } from '../../../../bot/share.js';
import { timedAck } from '../../ack.js';
import { shareModal } from '../../article-picker.js';
import { type SlackMessageLike, slackText } from '../../convert.js';
import { background, type SlackRuntime } from '../../runtime.js';

export const ANSWER_WITH_ARTICLE_SHORTCUT = 'answer_with_article';

/**
 * "Answer with an article" on any message: a modal to pick the article (the best guess for the message
 * pre-selected, a type-ahead for any other), which is then posted in that message's thread as shared
 * by the helper (../views/share-article-modal.ts).
 */
export function registerAnswerWithArticle(app: App, rt: SlackRuntime): void {
  app.shortcut<MessageShortcut>(ANSWER_WITH_ARTICLE_SHORTCUT, async ({ ack, shortcut, respond }) => {
    await timedAck(rt, 'shortcut', ack);
    void background(rt, 'opening the article picker', async () => {
      const m = shortcut.message as unknown as SlackMessageLike;
      const ts = m.ts ?? shortcut.message_ts;
      const [guess] = suggestArticles(rt.ctx.knowledge.current, slackText(m.text ?? '', rt.bot.userId), 1);
      const meta = { channel: shortcut.channel.id, thread: m.thread_ts ?? ts, message: ts };
      try {
        await rt.api.call('views.open', (c) => c.views.open({ trigger_id: shortcut.trigger_id, view: shareModal(meta, guess) }));
      } catch (err) {
        rt.api.logFailure(err, 'opening the article picker', { channel: shortcut.channel.id });
        await respond({ response_type: 'ephemeral', text: 'I could not open the article picker; try `/diagnose article <words>`.' }).catch(
          () => undefined,
        );
      }
    });
  });
}

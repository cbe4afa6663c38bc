import type { App } from '@slack/bolt';
import { articleSearchFor } from '../../../../core/article-search.js';
import { articleOption, MAX_SELECT_OPTIONS, SHARE_SEARCH_ACTION } from '../../article-picker.js';
import type { SlackRuntime } from '../../runtime.js';

/**
 * The type-ahead in the "Answer with an article" modal: Slack asks for options as the helper types
 * (block_suggestion), and the search over titles, ids and aliases answers within the 3-second window.
 */
export function registerArticleSearch(app: App, rt: SlackRuntime): void {
  app.options(SHARE_SEARCH_ACTION, async ({ ack, options }) => {
    const hits = articleSearchFor(rt.ctx.knowledge.current).search(options.value ?? '', MAX_SELECT_OPTIONS);
    await ack({ options: hits.map(articleOption) });
  });
}

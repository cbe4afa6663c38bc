import type { types } from '@slack/bolt';
import { articleLabel } from '../../bot/share.js';
import type { Article } from '../../core/types.js';

/**
 * The Slack article pickers a helper uses to share an article: a static select in an ephemeral reply to
 * `/diagnose article <words>`, and a modal with a type-ahead (external select, options served by
 * `app.options`) for the "Answer with an article" message shortcut.
 */

export const SHARE_SELECT_ACTION = 'share_article';
export const SHARE_MODAL = 'share_article_modal';
export const SHARE_SEARCH_BLOCK = 'article';
export const SHARE_SEARCH_ACTION = 'article_search';
/** Block Kit: a select takes ≤ 100 options, each text ≤ 75 characters and value ≤ 150. */
export const MAX_SELECT_OPTIONS = 100;
const OPTION_TEXT = 75;

export function articleOption(a: Article): types.PlainTextOption {
  return { text: { type: 'plain_text', text: articleLabel(a, OPTION_TEXT) }, value: a.id.slice(0, 150) };
}

/** The ephemeral reply to `/diagnose article <query>`: the matches, best first, in one select. */
export function articlePickerBlocks(query: string, articles: Article[]): { text: string; blocks: types.KnownBlock[] } {
  const what = query ? `Articles matching “${query.slice(0, 80)}”` : 'All articles';
  const text = `${what}: pick one to share it here, as you.`;
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'plain_text', text } },
      {
        type: 'actions',
        block_id: 'share_pick',
        elements: [
          {
            type: 'static_select',
            action_id: SHARE_SELECT_ACTION,
            placeholder: { type: 'plain_text', text: 'Choose an article' },
            options: articles.slice(0, MAX_SELECT_OPTIONS).map(articleOption),
          },
        ],
      },
    ],
  };
}

export interface ShareModalMetadata {
  channel: string;
  /** The thread the article goes into: the message's thread, or the message itself. */
  thread: string;
  /** The message it answers. */
  message: string;
}

/** The "Answer with an article" modal: a type-ahead over titles, ids and aliases, the best guess pre-selected. */
export function shareModal(meta: ShareModalMetadata, guess: Article | undefined): types.ModalView {
  return {
    type: 'modal',
    callback_id: SHARE_MODAL,
    private_metadata: JSON.stringify(meta),
    title: { type: 'plain_text', text: 'Answer with an article' },
    submit: { type: 'plain_text', text: 'Share' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: SHARE_SEARCH_BLOCK,
        label: { type: 'plain_text', text: 'Article' },
        hint: { type: 'plain_text', text: 'Type a title, an error or an article id. It is posted in the thread, as shared by you.' },
        element: {
          type: 'external_select',
          action_id: SHARE_SEARCH_ACTION,
          min_query_length: 0,
          placeholder: { type: 'plain_text', text: 'Search the knowledge base' },
          ...(guess ? { initial_option: articleOption(guess) } : {}),
        },
      },
    ],
  };
}

export function parseShareMetadata(raw: string | undefined): ShareModalMetadata | null {
  try {
    const m = JSON.parse(raw ?? '') as Partial<ShareModalMetadata>;
    return typeof m.channel === 'string' && typeof m.thread === 'string' && typeof m.message === 'string'
      ? { channel: m.channel, thread: m.thread, message: m.message }
      : null;
  } catch {
    return null;
  }
}

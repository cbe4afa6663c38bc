import { articleSearchFor } from '../../../core/article-search.js';
import { ack } from '../ack.js';
import { type PickTarget, parsePickId, pickerComponents, SHARE_QUERY_FIELD, SHARE_SEARCH_PREFIX, searchModal } from '../article-picker.js';
import type { ComponentInteraction, DiscordContext, InteractionHandler } from '../types.js';

/**
 * "Search all articles…" in the "Answer with an article" picker: the button opens a one-field modal; its
 * submission replaces the picker's select with the articles the search finds (titles, ids, aliases).
 */
export const shareSearch: InteractionHandler<PickTarget> = {
  name: 'share-search',
  parse(i: ComponentInteraction) {
    return i.isButton() || i.isModalSubmit() ? parsePickId(SHARE_SEARCH_PREFIX, i.customId) : null;
  },
  async run(dc: DiscordContext, i: ComponentInteraction, target: PickTarget) {
    if (i.isButton()) {
      await ack(dc, i, 'button', () => i.showModal(searchModal(target)));
      return;
    }
    if (!i.isModalSubmit() || !i.isFromMessage()) return;
    const query = i.fields.getTextInputValue(SHARE_QUERY_FIELD);
    const hits = articleSearchFor(dc.app.knowledge.current).search(query, 25);
    const content =
      hits.length > 0
        ? `Articles matching “${query.slice(0, 80)}”: pick the one that answers the message.`
        : `No article matches “${query.slice(0, 80)}”. Search again with other words.`;
    await ack(dc, i, 'modal', () => i.update({ content, components: pickerComponents(target, hits) }));
  },
};

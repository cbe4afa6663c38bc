import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  LabelBuilder,
  ModalBuilder,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import { articleLabel } from '../../bot/share.js';
import type { Article } from '../../core/types.js';

/**
 * The private picker of "Answer with an article": a select of up to 25 articles (Discord's limit) and a
 * "Search all articles…" button that opens a one-field modal; its result replaces the select. Every
 * custom id carries the target message: <prefix>:<channelId>:<messageId>.
 */

export const SHARE_PICK_PREFIX = 'share';
export const SHARE_SEARCH_PREFIX = 'share-search';
export const SHARE_QUERY_FIELD = 'query';
const MAX_OPTIONS = 25;

export interface PickTarget {
  channelId: string;
  messageId: string;
}

export function parsePickId(prefix: string, customId: string): PickTarget | null {
  const m = new RegExp(`^${prefix}:(\\d+):(\\d+)$`).exec(customId);
  return m ? { channelId: m[1] as string, messageId: m[2] as string } : null;
}

export function pickerComponents(target: PickTarget, articles: Article[]) {
  const ids = `${target.channelId}:${target.messageId}`;
  const menu = new StringSelectMenuBuilder()
    .setCustomId(`${SHARE_PICK_PREFIX}:${ids}`)
    .setPlaceholder('Pick the article that answers it')
    .addOptions(articles.slice(0, MAX_OPTIONS).map((a) => ({ label: articleLabel(a, 100), value: a.id, description: a.id.slice(0, 100) })));
  const search = new ButtonBuilder()
    .setCustomId(`${SHARE_SEARCH_PREFIX}:${ids}`)
    .setLabel('Search all articles…')
    .setStyle(ButtonStyle.Secondary);
  return [
    ...(articles.length > 0 ? [new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(menu)] : []),
    new ActionRowBuilder<ButtonBuilder>().addComponents(search),
  ];
}

export function searchModal(target: PickTarget): ModalBuilder {
  return new ModalBuilder()
    .setCustomId(`${SHARE_SEARCH_PREFIX}:${target.channelId}:${target.messageId}`)
    .setTitle('Find an article')
    .addLabelComponents(
      new LabelBuilder()
        .setLabel('Title, error or article id')
        .setTextInputComponent(new TextInputBuilder().setCustomId(SHARE_QUERY_FIELD).setStyle(TextInputStyle.Short).setMaxLength(200)),
    );
}

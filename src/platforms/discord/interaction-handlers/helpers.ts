import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  MessageFlags,
  ModalBuilder,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import { NOT_A_HELPER } from '../../../bot/helper-actions.js';
import type { Article } from '../../../core/types.js';
import { renderDiscord } from '../../../render/discord.js';
import { ack } from '../ack.js';
import { interactionHelperCheck } from '../helpers.js';
import { solveOnDiscord } from '../solved.js';
import type { ComponentInteraction, DiscordContext, InteractionHandler } from '../types.js';

/**
 * The helper buttons under every answer: "Solved" (the asker or a helper) and "Wrong article?" (helpers:
 * a private select menu of articles near the error, and "Search…" for any other). Custom ids:
 * hx:solved|correct:<answerId>, hx:pick:<answerId> (select), hx:search:<answerId> (button, then modal).
 */
type Helper = { kind: 'solved' | 'correct' | 'pick' | 'search'; answerId: string };

const PATTERN = /^hx:(solved|correct|pick|search):(.+)$/;
const SEARCH_FIELD = 'query';

export const helperButtons: InteractionHandler<Helper> = {
  name: 'helper-buttons',
  parse(i) {
    const m = PATTERN.exec(i.customId);
    return m ? { kind: m[1] as Helper['kind'], answerId: m[2] as string } : null;
  },
  async run(dc, i, h) {
    if (h.kind === 'solved') return solved(dc, i, h.answerId);
    if (h.kind === 'pick') return pick(dc, i, h.answerId);
    const answer = await dc.app.store.getAnswer(h.answerId);
    const helper =
      answer && (await dc.app.helperActions.helpers.isHelper('discord', answer.community, i.user.id, interactionHelperCheck(i)));
    if (!helper) {
      await ack(dc, i, 'button', () =>
        i.reply({ content: answer ? NOT_A_HELPER : 'That answer is too old to correct.', flags: MessageFlags.Ephemeral }),
      );
      return;
    }
    if (h.kind === 'search' && i.isButton()) {
      const input = new TextInputBuilder().setCustomId(SEARCH_FIELD).setLabel('Title, id or error words').setStyle(TextInputStyle.Short);
      const modal = new ModalBuilder()
        .setCustomId(`hx:search:${h.answerId}`.slice(0, 100))
        .setTitle('Find the right article')
        .addComponents(new ActionRowBuilder<TextInputBuilder>().addComponents(input));
      await ack(dc, i, 'button', () => i.showModal(modal));
      return;
    }
    const query = i.isModalSubmit() ? i.fields.getTextInputValue(SEARCH_FIELD) : '';
    const found = await dc.app.helperActions.choices(h.answerId, query, 25);
    const articles = found?.articles ?? [];
    const content = articles.length
      ? query
        ? `Articles matching "${query.slice(0, 80)}":`
        : 'Which article is right for this error? Or search for another.'
      : 'No article matches that; try other words.';
    await ack(dc, i, 'button', () => i.reply({ content, components: pickerRows(h.answerId, articles), flags: MessageFlags.Ephemeral }));
  },
};

function pickerRows(answerId: string, articles: Article[]) {
  const rows: Array<ActionRowBuilder<StringSelectMenuBuilder> | ActionRowBuilder<ButtonBuilder>> = [];
  if (articles.length > 0) {
    const menu = new StringSelectMenuBuilder()
      .setCustomId(`hx:pick:${answerId}`.slice(0, 100))
      .setPlaceholder('The right article')
      .addOptions(
        articles.slice(0, 25).map((a) => ({ label: a.title.slice(0, 100), value: a.id.slice(0, 100), description: a.id.slice(0, 100) })),
      );
    rows.push(new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(menu));
  }
  const search = new ButtonBuilder().setCustomId(`hx:search:${answerId}`.slice(0, 100)).setLabel('Search…').setStyle(ButtonStyle.Secondary);
  rows.push(new ActionRowBuilder<ButtonBuilder>().addComponents(search));
  return rows;
}

/** The helper picked an article: stored first, then shown in the thread under their name. */
async function pick(dc: DiscordContext, i: ComponentInteraction, answerId: string): Promise<void> {
  if (!i.isStringSelectMenu()) return;
  const r = await dc.app.helperActions.correct('discord', answerId, i.user.id, i.values[0] ?? '', interactionHelperCheck(i));
  if (!r.ok) return void (await ack(dc, i, 'select', () => i.update({ content: r.text, components: [] })));
  await ack(dc, i, 'select', () =>
    i.update({ content: `Thanks: noted. For this error in this server I will now rank \`${r.article.id}\` higher.`, components: [] }),
  );
  const channel = await channelOf(dc, i);
  if (!channel?.isSendable()) return;
  const { embeds } = renderDiscord(r.post);
  await channel.send({
    content: `<@${i.user.id}> says the right article is **${r.article.title.replace(/[*_`~|]/g, '')}**`,
    embeds,
    allowedMentions: { parse: [] },
  });
}

async function solved(dc: DiscordContext, i: ComponentInteraction, answerId: string): Promise<void> {
  const channel = await channelOf(dc, i);
  const r = await solveOnDiscord(dc, { answerId, userId: i.user.id, via: 'button', channel, check: interactionHelperCheck(i) });
  if (!r.ok) return void (await ack(dc, i, 'button', () => i.reply({ content: r.text, flags: MessageFlags.Ephemeral })));
  if (!r.first) {
    const text = `This question was already marked solved by <@${r.record.by}>.`;
    return void (await ack(dc, i, 'button', () =>
      i.reply({ content: text, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } }),
    ));
  }
  const later = r.record.archiveAt ? ' This thread will be archived in a while.' : '';
  await ack(dc, i, 'button', () => i.reply({ content: `✅ Marked solved by <@${i.user.id}>.${later}`, allowedMentions: { parse: [] } }));
}

async function channelOf(dc: DiscordContext, i: ComponentInteraction) {
  if (i.channel) return i.channel;
  return i.channelId ? dc.client.channels.fetch(i.channelId).catch(() => null) : null;
}
